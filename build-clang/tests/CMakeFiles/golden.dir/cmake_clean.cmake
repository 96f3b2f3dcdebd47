file(REMOVE_RECURSE
  "CMakeFiles/golden.dir/cli/golden.c.o"
  "CMakeFiles/golden.dir/cli/golden.c.o.d"
  "golden"
  "golden.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/golden.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
