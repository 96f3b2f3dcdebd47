file(REMOVE_RECURSE
  "CMakeFiles/fake_nvml_incomplete.dir/backend/fake_nvml.c.o"
  "CMakeFiles/fake_nvml_incomplete.dir/backend/fake_nvml.c.o.d"
  "libfake_nvml_incomplete.pdb"
  "libfake_nvml_incomplete.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fake_nvml_incomplete.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
