file(REMOVE_RECURSE
  "CMakeFiles/test_share_conf.dir/unit/test_share_conf.c.o"
  "CMakeFiles/test_share_conf.dir/unit/test_share_conf.c.o.d"
  "CMakeFiles/test_share_conf.dir/unit/testutil.c.o"
  "CMakeFiles/test_share_conf.dir/unit/testutil.c.o.d"
  "test_share_conf"
  "test_share_conf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_share_conf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
