file(REMOVE_RECURSE
  "CMakeFiles/test_run_pick.dir/cli/test_run_pick.c.o"
  "CMakeFiles/test_run_pick.dir/cli/test_run_pick.c.o.d"
  "CMakeFiles/test_run_pick.dir/unit/testutil.c.o"
  "CMakeFiles/test_run_pick.dir/unit/testutil.c.o.d"
  "test_run_pick"
  "test_run_pick.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_run_pick.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
