# Empty compiler generated dependencies file for miglayout.
# This may be replaced when dependencies are built.
