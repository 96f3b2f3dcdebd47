file(REMOVE_RECURSE
  "CMakeFiles/test_layout_plan.dir/unit/test_layout_plan.c.o"
  "CMakeFiles/test_layout_plan.dir/unit/test_layout_plan.c.o.d"
  "CMakeFiles/test_layout_plan.dir/unit/testutil.c.o"
  "CMakeFiles/test_layout_plan.dir/unit/testutil.c.o.d"
  "test_layout_plan"
  "test_layout_plan.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_layout_plan.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
