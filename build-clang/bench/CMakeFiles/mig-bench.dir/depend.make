# Empty dependencies file for mig-bench.
# This may be replaced when dependencies are built.
