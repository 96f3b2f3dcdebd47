# Empty compiler generated dependencies file for test_layout_plan.
# This may be replaced when dependencies are built.
