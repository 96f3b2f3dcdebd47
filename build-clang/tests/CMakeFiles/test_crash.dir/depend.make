# Empty dependencies file for test_crash.
# This may be replaced when dependencies are built.
