# Empty dependencies file for migsim.
# This may be replaced when dependencies are built.
