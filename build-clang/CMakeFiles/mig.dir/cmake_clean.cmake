file(REMOVE_RECURSE
  "libmig.pdb"
  "libmig.so"
  "libmig.so.0"
  "libmig.so.0.1.0"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
