# Empty compiler generated dependencies file for test_share_conf.
# This may be replaced when dependencies are built.
