# Empty compiler generated dependencies file for test_telemetry.
# This may be replaced when dependencies are built.
