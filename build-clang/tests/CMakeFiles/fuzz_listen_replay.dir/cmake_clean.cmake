file(REMOVE_RECURSE
  "CMakeFiles/fuzz_listen_replay.dir/fuzz/fuzz_listen.c.o"
  "CMakeFiles/fuzz_listen_replay.dir/fuzz/fuzz_listen.c.o.d"
  "CMakeFiles/fuzz_listen_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_listen_replay.dir/fuzz/replay.c.o.d"
  "fuzz_listen_replay"
  "fuzz_listen_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_listen_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
