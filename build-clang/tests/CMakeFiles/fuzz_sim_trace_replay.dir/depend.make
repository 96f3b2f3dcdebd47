# Empty dependencies file for fuzz_sim_trace_replay.
# This may be replaced when dependencies are built.
