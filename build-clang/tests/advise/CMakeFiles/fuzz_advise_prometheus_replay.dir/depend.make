# Empty dependencies file for fuzz_advise_prometheus_replay.
# This may be replaced when dependencies are built.
