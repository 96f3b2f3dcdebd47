file(REMOVE_RECURSE
  "CMakeFiles/nvml_generated"
  "generated/libnvidia-ml.map"
  "generated/nvml_decls.h"
  "generated/nvml_stubs.c"
)

# Per-language clean rules from dependency scanning.
foreach(lang )
  include(CMakeFiles/nvml_generated.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
