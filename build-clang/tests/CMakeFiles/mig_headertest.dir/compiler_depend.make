# Empty compiler generated dependencies file for mig_headertest.
# This may be replaced when dependencies are built.
