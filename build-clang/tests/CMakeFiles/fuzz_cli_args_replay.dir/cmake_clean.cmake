file(REMOVE_RECURSE
  "CMakeFiles/fuzz_cli_args_replay.dir/fuzz/fuzz_cli_args.c.o"
  "CMakeFiles/fuzz_cli_args_replay.dir/fuzz/fuzz_cli_args.c.o.d"
  "CMakeFiles/fuzz_cli_args_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_cli_args_replay.dir/fuzz/replay.c.o.d"
  "fuzz_cli_args_replay"
  "fuzz_cli_args_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_cli_args_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
