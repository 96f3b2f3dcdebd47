# Empty dependencies file for test_layout_parse.
# This may be replaced when dependencies are built.
