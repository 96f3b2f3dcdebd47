# Empty compiler generated dependencies file for fuzz_advise_dcgm_replay.
# This may be replaced when dependencies are built.
