# Empty dependencies file for migshare.
# This may be replaced when dependencies are built.
