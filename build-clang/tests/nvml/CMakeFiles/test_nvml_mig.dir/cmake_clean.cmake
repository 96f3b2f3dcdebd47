file(REMOVE_RECURSE
  "CMakeFiles/test_nvml_mig.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_nvml_mig.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_nvml_mig.dir/nvmltest.c.o"
  "CMakeFiles/test_nvml_mig.dir/nvmltest.c.o.d"
  "CMakeFiles/test_nvml_mig.dir/test_nvml_mig.c.o"
  "CMakeFiles/test_nvml_mig.dir/test_nvml_mig.c.o.d"
  "test_nvml_mig"
  "test_nvml_mig.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_nvml_mig.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
