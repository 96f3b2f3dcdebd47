file(REMOVE_RECURSE
  "CMakeFiles/test_telemetry.dir/unit/test_telemetry.c.o"
  "CMakeFiles/test_telemetry.dir/unit/test_telemetry.c.o.d"
  "CMakeFiles/test_telemetry.dir/unit/testutil.c.o"
  "CMakeFiles/test_telemetry.dir/unit/testutil.c.o.d"
  "test_telemetry"
  "test_telemetry.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_telemetry.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
