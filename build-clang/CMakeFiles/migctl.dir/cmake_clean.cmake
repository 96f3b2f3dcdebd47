file(REMOVE_RECURSE
  "CMakeFiles/migctl.dir/src/cli/main.c.o"
  "CMakeFiles/migctl.dir/src/cli/main.c.o.d"
  "migctl"
  "migctl.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migctl.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
