# Empty compiler generated dependencies file for nvidia-ml.
# This may be replaced when dependencies are built.
