file(REMOVE_RECURSE
  "CMakeFiles/test_smi.dir/cli/test_smi.c.o"
  "CMakeFiles/test_smi.dir/cli/test_smi.c.o.d"
  "CMakeFiles/test_smi.dir/unit/testutil.c.o"
  "CMakeFiles/test_smi.dir/unit/testutil.c.o.d"
  "test_smi"
  "test_smi.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_smi.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
