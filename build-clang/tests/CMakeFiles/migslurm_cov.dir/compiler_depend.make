# Empty compiler generated dependencies file for migslurm_cov.
# This may be replaced when dependencies are built.
