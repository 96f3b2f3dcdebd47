# Empty compiler generated dependencies file for test_layout_node.
# This may be replaced when dependencies are built.
