file(REMOVE_RECURSE
  "CMakeFiles/test_backend.dir/backend/test_backend.c.o"
  "CMakeFiles/test_backend.dir/backend/test_backend.c.o.d"
  "CMakeFiles/test_backend.dir/unit/testutil.c.o"
  "CMakeFiles/test_backend.dir/unit/testutil.c.o.d"
  "test_backend"
  "test_backend.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_backend.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
