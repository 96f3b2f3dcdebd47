file(REMOVE_RECURSE
  "CMakeFiles/test_gpu_spec.dir/unit/test_gpu_spec.c.o"
  "CMakeFiles/test_gpu_spec.dir/unit/test_gpu_spec.c.o.d"
  "CMakeFiles/test_gpu_spec.dir/unit/testutil.c.o"
  "CMakeFiles/test_gpu_spec.dir/unit/testutil.c.o.d"
  "test_gpu_spec"
  "test_gpu_spec.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_gpu_spec.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
