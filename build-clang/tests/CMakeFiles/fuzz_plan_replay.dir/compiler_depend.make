# Empty compiler generated dependencies file for fuzz_plan_replay.
# This may be replaced when dependencies are built.
