# Empty compiler generated dependencies file for test_run_mps.
# This may be replaced when dependencies are built.
