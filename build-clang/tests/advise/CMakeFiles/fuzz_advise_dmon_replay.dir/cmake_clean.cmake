file(REMOVE_RECURSE
  "CMakeFiles/fuzz_advise_dmon_replay.dir/__/fuzz/replay.c.o"
  "CMakeFiles/fuzz_advise_dmon_replay.dir/__/fuzz/replay.c.o.d"
  "CMakeFiles/fuzz_advise_dmon_replay.dir/fuzz_advise.c.o"
  "CMakeFiles/fuzz_advise_dmon_replay.dir/fuzz_advise.c.o.d"
  "fuzz_advise_dmon_replay"
  "fuzz_advise_dmon_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_advise_dmon_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
