file(REMOVE_RECURSE
  "CMakeFiles/test_node.dir/unit/test_node.c.o"
  "CMakeFiles/test_node.dir/unit/test_node.c.o.d"
  "CMakeFiles/test_node.dir/unit/testutil.c.o"
  "CMakeFiles/test_node.dir/unit/testutil.c.o.d"
  "test_node"
  "test_node.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_node.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
