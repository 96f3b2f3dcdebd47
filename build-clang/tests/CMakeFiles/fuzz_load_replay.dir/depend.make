# Empty dependencies file for fuzz_load_replay.
# This may be replaced when dependencies are built.
