# Empty dependencies file for migexporter_cov.
# This may be replaced when dependencies are built.
