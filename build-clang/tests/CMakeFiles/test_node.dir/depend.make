# Empty dependencies file for test_node.
# This may be replaced when dependencies are built.
