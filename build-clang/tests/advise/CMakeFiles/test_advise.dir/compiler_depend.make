# Empty compiler generated dependencies file for test_advise.
# This may be replaced when dependencies are built.
