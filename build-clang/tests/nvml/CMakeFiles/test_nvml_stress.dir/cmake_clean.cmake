file(REMOVE_RECURSE
  "CMakeFiles/test_nvml_stress.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_nvml_stress.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_nvml_stress.dir/nvmltest.c.o"
  "CMakeFiles/test_nvml_stress.dir/nvmltest.c.o.d"
  "CMakeFiles/test_nvml_stress.dir/test_nvml_stress.c.o"
  "CMakeFiles/test_nvml_stress.dir/test_nvml_stress.c.o.d"
  "test_nvml_stress"
  "test_nvml_stress.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_nvml_stress.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
