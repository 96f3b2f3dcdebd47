# Empty dependencies file for migexporter.
# This may be replaced when dependencies are built.
