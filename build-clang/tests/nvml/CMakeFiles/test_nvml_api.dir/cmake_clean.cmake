file(REMOVE_RECURSE
  "CMakeFiles/test_nvml_api.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_nvml_api.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_nvml_api.dir/nvmltest.c.o"
  "CMakeFiles/test_nvml_api.dir/nvmltest.c.o.d"
  "CMakeFiles/test_nvml_api.dir/test_nvml_api.c.o"
  "CMakeFiles/test_nvml_api.dir/test_nvml_api.c.o.d"
  "test_nvml_api"
  "test_nvml_api.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_nvml_api.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
