file(REMOVE_RECURSE
  "CMakeFiles/fuzz_gpu_spec_replay.dir/fuzz/fuzz_gpu_spec.c.o"
  "CMakeFiles/fuzz_gpu_spec_replay.dir/fuzz/fuzz_gpu_spec.c.o.d"
  "CMakeFiles/fuzz_gpu_spec_replay.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_gpu_spec_replay.dir/fuzz/replay.c.o.d"
  "fuzz_gpu_spec_replay"
  "fuzz_gpu_spec_replay.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_gpu_spec_replay.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
