file(REMOVE_RECURSE
  "CMakeFiles/fake_nvml.dir/backend/fake_nvml.c.o"
  "CMakeFiles/fake_nvml.dir/backend/fake_nvml.c.o.d"
  "libfake_nvml.pdb"
  "libfake_nvml.so"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fake_nvml.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
