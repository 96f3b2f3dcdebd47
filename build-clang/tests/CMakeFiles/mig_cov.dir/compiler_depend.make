# Empty compiler generated dependencies file for mig_cov.
# This may be replaced when dependencies are built.
