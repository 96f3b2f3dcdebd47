# Empty dependencies file for test_show.
# This may be replaced when dependencies are built.
