file(REMOVE_RECURSE
  "CMakeFiles/fuzz_layout_replay.dir/fuzz/fuzz_layout.c.o"
  "CMakeFiles/fuzz_layout_replay.dir/fuzz/fuzz_layout.c.o.d"
  "CMakeFiles/fuzz_layout_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_layout_replay.dir/fuzz/replay.c.o.d"
  "fuzz_layout_replay"
  "fuzz_layout_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_layout_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
