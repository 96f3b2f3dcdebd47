# Empty compiler generated dependencies file for migplan_cov.
# This may be replaced when dependencies are built.
