# Empty dependencies file for fake_nvml_legacy.
# This may be replaced when dependencies are built.
