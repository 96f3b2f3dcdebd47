# Empty compiler generated dependencies file for test_nvml_mig.
# This may be replaced when dependencies are built.
