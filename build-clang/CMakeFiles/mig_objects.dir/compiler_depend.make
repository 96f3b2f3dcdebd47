# Empty compiler generated dependencies file for mig_objects.
# This may be replaced when dependencies are built.
