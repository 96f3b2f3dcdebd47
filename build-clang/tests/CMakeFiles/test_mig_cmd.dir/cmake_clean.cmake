file(REMOVE_RECURSE
  "CMakeFiles/test_mig_cmd.dir/cli/test_mig_cmd.c.o"
  "CMakeFiles/test_mig_cmd.dir/cli/test_mig_cmd.c.o.d"
  "CMakeFiles/test_mig_cmd.dir/unit/testutil.c.o"
  "CMakeFiles/test_mig_cmd.dir/unit/testutil.c.o.d"
  "test_mig_cmd"
  "test_mig_cmd.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_mig_cmd.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
