# Empty dependencies file for fuzz_share_spec_replay.
# This may be replaced when dependencies are built.
