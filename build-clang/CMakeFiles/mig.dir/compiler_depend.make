# Empty compiler generated dependencies file for mig.
# This may be replaced when dependencies are built.
