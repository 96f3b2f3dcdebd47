file(REMOVE_RECURSE
  "CMakeFiles/test_layout_node.dir/unit/test_layout_node.c.o"
  "CMakeFiles/test_layout_node.dir/unit/test_layout_node.c.o.d"
  "CMakeFiles/test_layout_node.dir/unit/testutil.c.o"
  "CMakeFiles/test_layout_node.dir/unit/testutil.c.o.d"
  "test_layout_node"
  "test_layout_node.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_layout_node.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
