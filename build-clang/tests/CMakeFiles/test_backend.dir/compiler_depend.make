# Empty compiler generated dependencies file for test_backend.
# This may be replaced when dependencies are built.
