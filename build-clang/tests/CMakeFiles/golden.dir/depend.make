# Empty dependencies file for golden.
# This may be replaced when dependencies are built.
