file(REMOVE_RECURSE
  "CMakeFiles/test_crash.dir/unit/test_crash.c.o"
  "CMakeFiles/test_crash.dir/unit/test_crash.c.o.d"
  "CMakeFiles/test_crash.dir/unit/testutil.c.o"
  "CMakeFiles/test_crash.dir/unit/testutil.c.o.d"
  "test_crash"
  "test_crash.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_crash.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
