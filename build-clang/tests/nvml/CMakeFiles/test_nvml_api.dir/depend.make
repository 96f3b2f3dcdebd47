# Empty dependencies file for test_nvml_api.
# This may be replaced when dependencies are built.
