file(REMOVE_RECURSE
  "CMakeFiles/test_show.dir/cli/test_show.c.o"
  "CMakeFiles/test_show.dir/cli/test_show.c.o.d"
  "CMakeFiles/test_show.dir/unit/testutil.c.o"
  "CMakeFiles/test_show.dir/unit/testutil.c.o.d"
  "test_show"
  "test_show.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_show.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
