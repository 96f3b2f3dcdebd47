file(REMOVE_RECURSE
  "CMakeFiles/test_state.dir/unit/test_state.c.o"
  "CMakeFiles/test_state.dir/unit/test_state.c.o.d"
  "CMakeFiles/test_state.dir/unit/testutil.c.o"
  "CMakeFiles/test_state.dir/unit/testutil.c.o.d"
  "test_state"
  "test_state.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_state.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
