# Empty compiler generated dependencies file for migplot.
# This may be replaced when dependencies are built.
