file(REMOVE_RECURSE
  "CMakeFiles/test_advise.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_advise.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_advise.dir/test_advise.c.o"
  "CMakeFiles/test_advise.dir/test_advise.c.o.d"
  "test_advise"
  "test_advise.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_advise.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
