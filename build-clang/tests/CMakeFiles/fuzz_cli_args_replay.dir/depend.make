# Empty dependencies file for fuzz_cli_args_replay.
# This may be replaced when dependencies are built.
