# Empty compiler generated dependencies file for migadvise_cov.
# This may be replaced when dependencies are built.
