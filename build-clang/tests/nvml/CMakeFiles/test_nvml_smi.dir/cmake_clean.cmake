file(REMOVE_RECURSE
  "CMakeFiles/test_nvml_smi.dir/__/unit/testutil.c.o"
  "CMakeFiles/test_nvml_smi.dir/__/unit/testutil.c.o.d"
  "CMakeFiles/test_nvml_smi.dir/nvmltest.c.o"
  "CMakeFiles/test_nvml_smi.dir/nvmltest.c.o.d"
  "CMakeFiles/test_nvml_smi.dir/test_nvml_smi.c.o"
  "CMakeFiles/test_nvml_smi.dir/test_nvml_smi.c.o.d"
  "test_nvml_smi"
  "test_nvml_smi.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_nvml_smi.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
