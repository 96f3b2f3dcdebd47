# Empty custom commands generated dependencies file for mig_git_version.
# This may be replaced when dependencies are built.
