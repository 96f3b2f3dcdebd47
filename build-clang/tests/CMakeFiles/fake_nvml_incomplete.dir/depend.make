# Empty dependencies file for fake_nvml_incomplete.
# This may be replaced when dependencies are built.
