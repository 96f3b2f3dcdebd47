# Empty dependencies file for fuzz_gpu_spec_replay.
# This may be replaced when dependencies are built.
