file(REMOVE_RECURSE
  "CMakeFiles/test_mig_table.dir/cli/test_mig_table.c.o"
  "CMakeFiles/test_mig_table.dir/cli/test_mig_table.c.o.d"
  "CMakeFiles/test_mig_table.dir/unit/testutil.c.o"
  "CMakeFiles/test_mig_table.dir/unit/testutil.c.o.d"
  "test_mig_table"
  "test_mig_table.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_mig_table.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
