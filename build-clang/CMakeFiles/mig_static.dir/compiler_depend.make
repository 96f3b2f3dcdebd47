# Empty compiler generated dependencies file for mig_static.
# This may be replaced when dependencies are built.
