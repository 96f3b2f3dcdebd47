# Empty compiler generated dependencies file for migplan.
# This may be replaced when dependencies are built.
