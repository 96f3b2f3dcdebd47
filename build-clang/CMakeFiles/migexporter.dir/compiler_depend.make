# Empty compiler generated dependencies file for migexporter.
# This may be replaced when dependencies are built.
