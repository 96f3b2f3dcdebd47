file(REMOVE_RECURSE
  "CMakeFiles/test_exporter.dir/exporter/test_exporter.c.o"
  "CMakeFiles/test_exporter.dir/exporter/test_exporter.c.o.d"
  "CMakeFiles/test_exporter.dir/unit/testutil.c.o"
  "CMakeFiles/test_exporter.dir/unit/testutil.c.o.d"
  "test_exporter"
  "test_exporter.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_exporter.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
