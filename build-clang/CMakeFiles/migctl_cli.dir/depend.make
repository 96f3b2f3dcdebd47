# Empty dependencies file for migctl_cli.
# This may be replaced when dependencies are built.
