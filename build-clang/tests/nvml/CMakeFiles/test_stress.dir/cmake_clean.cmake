file(REMOVE_RECURSE
  "CMakeFiles/test_stress.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_stress.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_stress.dir/nvmltest.c.o"
  "CMakeFiles/test_stress.dir/nvmltest.c.o.d"
  "CMakeFiles/test_stress.dir/test_stress.c.o"
  "CMakeFiles/test_stress.dir/test_stress.c.o.d"
  "test_stress"
  "test_stress.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_stress.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
