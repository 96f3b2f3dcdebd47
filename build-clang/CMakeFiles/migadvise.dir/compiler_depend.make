# Empty compiler generated dependencies file for migadvise.
# This may be replaced when dependencies are built.
