file(REMOVE_RECURSE
  "CMakeFiles/test_run_mps.dir/__/src/cli/run_mps.c.o"
  "CMakeFiles/test_run_mps.dir/__/src/cli/run_mps.c.o.d"
  "CMakeFiles/test_run_mps.dir/cli/test_run_mps.c.o"
  "CMakeFiles/test_run_mps.dir/cli/test_run_mps.c.o.d"
  "CMakeFiles/test_run_mps.dir/unit/testutil.c.o"
  "CMakeFiles/test_run_mps.dir/unit/testutil.c.o.d"
  "test_run_mps"
  "test_run_mps.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_run_mps.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
