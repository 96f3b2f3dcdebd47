# Empty compiler generated dependencies file for test_nvml_stress.
# This may be replaced when dependencies are built.
