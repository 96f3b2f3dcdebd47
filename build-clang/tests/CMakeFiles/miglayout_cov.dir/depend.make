# Empty dependencies file for miglayout_cov.
# This may be replaced when dependencies are built.
