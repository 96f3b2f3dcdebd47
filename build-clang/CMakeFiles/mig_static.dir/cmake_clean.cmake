file(REMOVE_RECURSE
  "libmig_static.a"
  "libmig_static.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig_static.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
