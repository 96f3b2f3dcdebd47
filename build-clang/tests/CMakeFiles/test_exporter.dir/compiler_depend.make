# Empty compiler generated dependencies file for test_exporter.
# This may be replaced when dependencies are built.
