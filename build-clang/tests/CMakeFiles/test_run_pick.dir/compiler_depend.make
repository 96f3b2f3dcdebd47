# Empty compiler generated dependencies file for test_run_pick.
# This may be replaced when dependencies are built.
