file(REMOVE_RECURSE
  "CMakeFiles/mig_headertest.dir/headertest.c.o"
  "CMakeFiles/mig_headertest.dir/headertest.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig_headertest.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
