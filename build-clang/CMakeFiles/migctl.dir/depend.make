# Empty dependencies file for migctl.
# This may be replaced when dependencies are built.
