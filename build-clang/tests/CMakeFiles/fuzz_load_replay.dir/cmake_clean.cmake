file(REMOVE_RECURSE
  "CMakeFiles/fuzz_load_replay.dir/fuzz/fuzz_load.c.o"
  "CMakeFiles/fuzz_load_replay.dir/fuzz/fuzz_load.c.o.d"
  "CMakeFiles/fuzz_load_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_load_replay.dir/fuzz/replay.c.o.d"
  "fuzz_load_replay"
  "fuzz_load_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_load_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
