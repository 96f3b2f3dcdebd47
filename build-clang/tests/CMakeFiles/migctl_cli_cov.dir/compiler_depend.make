# Empty compiler generated dependencies file for migctl_cli_cov.
# This may be replaced when dependencies are built.
