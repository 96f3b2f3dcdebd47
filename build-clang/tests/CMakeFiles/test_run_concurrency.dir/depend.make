# Empty dependencies file for test_run_concurrency.
# This may be replaced when dependencies are built.
