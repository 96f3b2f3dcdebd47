# CMAKE generated file: DO NOT EDIT!
# Timestamp file for custom commands dependencies management for mig_git_version.
