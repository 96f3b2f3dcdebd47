# Empty compiler generated dependencies file for mig-bench-exporter.
# This may be replaced when dependencies are built.
