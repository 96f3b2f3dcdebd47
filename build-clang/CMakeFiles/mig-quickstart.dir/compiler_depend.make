# Empty compiler generated dependencies file for mig-quickstart.
# This may be replaced when dependencies are built.
