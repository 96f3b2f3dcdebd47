file(REMOVE_RECURSE
  "CMakeFiles/mig-quickstart.dir/examples/quickstart.c.o"
  "CMakeFiles/mig-quickstart.dir/examples/quickstart.c.o.d"
  "mig-quickstart"
  "mig-quickstart.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-quickstart.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
