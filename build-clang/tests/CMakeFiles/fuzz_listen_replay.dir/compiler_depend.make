# Empty compiler generated dependencies file for fuzz_listen_replay.
# This may be replaced when dependencies are built.
