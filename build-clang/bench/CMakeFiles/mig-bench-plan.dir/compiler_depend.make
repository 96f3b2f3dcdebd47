# Empty compiler generated dependencies file for mig-bench-plan.
# This may be replaced when dependencies are built.
