# Empty dependencies file for test_load.
# This may be replaced when dependencies are built.
