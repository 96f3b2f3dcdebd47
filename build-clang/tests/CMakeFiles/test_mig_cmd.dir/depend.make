# Empty dependencies file for test_mig_cmd.
# This may be replaced when dependencies are built.
