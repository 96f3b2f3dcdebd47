# Empty dependencies file for mig-bench-config.
# This may be replaced when dependencies are built.
