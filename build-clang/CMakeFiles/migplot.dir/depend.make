# Empty dependencies file for migplot.
# This may be replaced when dependencies are built.
