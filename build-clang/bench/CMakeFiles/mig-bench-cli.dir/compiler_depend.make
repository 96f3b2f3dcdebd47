# Empty compiler generated dependencies file for mig-bench-cli.
# This may be replaced when dependencies are built.
