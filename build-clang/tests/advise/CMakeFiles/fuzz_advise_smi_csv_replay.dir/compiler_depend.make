# Empty compiler generated dependencies file for fuzz_advise_smi_csv_replay.
# This may be replaced when dependencies are built.
