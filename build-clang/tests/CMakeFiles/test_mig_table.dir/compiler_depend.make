# Empty compiler generated dependencies file for test_mig_table.
# This may be replaced when dependencies are built.
