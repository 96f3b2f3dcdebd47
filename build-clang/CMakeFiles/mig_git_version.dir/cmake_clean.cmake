file(REMOVE_RECURSE
  "CMakeFiles/mig_git_version"
  "generated/mig_git_version.h"
)

# Per-language clean rules from dependency scanning.
foreach(lang )
  include(CMakeFiles/mig_git_version.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
