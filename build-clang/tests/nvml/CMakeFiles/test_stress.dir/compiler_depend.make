# Empty compiler generated dependencies file for test_stress.
# This may be replaced when dependencies are built.
