# Empty dependencies file for fuzz_advise_sacct_replay.
# This may be replaced when dependencies are built.
