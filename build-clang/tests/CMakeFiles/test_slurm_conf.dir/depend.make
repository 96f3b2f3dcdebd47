# Empty dependencies file for test_slurm_conf.
# This may be replaced when dependencies are built.
