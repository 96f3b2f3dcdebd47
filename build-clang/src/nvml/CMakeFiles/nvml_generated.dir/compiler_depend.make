# Empty custom commands generated dependencies file for nvml_generated.
# This may be replaced when dependencies are built.
