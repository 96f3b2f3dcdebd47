# Empty dependencies file for migsim_cov.
# This may be replaced when dependencies are built.
