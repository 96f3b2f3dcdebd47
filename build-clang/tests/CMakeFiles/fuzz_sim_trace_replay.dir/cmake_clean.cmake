file(REMOVE_RECURSE
  "CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/fuzz_sim_trace.c.o"
  "CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/fuzz_sim_trace.c.o.d"
  "CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/replay.c.o.d"
  "fuzz_sim_trace_replay"
  "fuzz_sim_trace_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_sim_trace_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
