file(REMOVE_RECURSE
  "CMakeFiles/fake_nvml_legacy.dir/backend/fake_nvml.c.o"
  "CMakeFiles/fake_nvml_legacy.dir/backend/fake_nvml.c.o.d"
  "libfake_nvml_legacy.pdb"
  "libfake_nvml_legacy.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fake_nvml_legacy.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
