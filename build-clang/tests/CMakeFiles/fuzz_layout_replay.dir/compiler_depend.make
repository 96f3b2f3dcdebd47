# Empty compiler generated dependencies file for fuzz_layout_replay.
# This may be replaced when dependencies are built.
