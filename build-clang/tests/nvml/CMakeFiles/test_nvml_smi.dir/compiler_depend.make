# Empty compiler generated dependencies file for test_nvml_smi.
# This may be replaced when dependencies are built.
