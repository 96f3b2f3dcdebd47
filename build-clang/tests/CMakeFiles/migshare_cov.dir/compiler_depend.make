# Empty compiler generated dependencies file for migshare_cov.
# This may be replaced when dependencies are built.
