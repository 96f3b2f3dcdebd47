# Empty dependencies file for mig-bench-sim.
# This may be replaced when dependencies are built.
