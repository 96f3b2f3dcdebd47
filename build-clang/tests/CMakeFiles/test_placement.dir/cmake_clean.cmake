file(REMOVE_RECURSE
  "CMakeFiles/test_placement.dir/unit/test_placement.c.o"
  "CMakeFiles/test_placement.dir/unit/test_placement.c.o.d"
  "CMakeFiles/test_placement.dir/unit/testutil.c.o"
  "CMakeFiles/test_placement.dir/unit/testutil.c.o.d"
  "test_placement"
  "test_placement.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_placement.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
