file(REMOVE_RECURSE
  "CMakeFiles/test_layout_parse.dir/unit/test_layout_parse.c.o"
  "CMakeFiles/test_layout_parse.dir/unit/test_layout_parse.c.o.d"
  "CMakeFiles/test_layout_parse.dir/unit/testutil.c.o"
  "CMakeFiles/test_layout_parse.dir/unit/testutil.c.o.d"
  "test_layout_parse"
  "test_layout_parse.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_layout_parse.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
