# Empty compiler generated dependencies file for migslurm.
# This may be replaced when dependencies are built.
