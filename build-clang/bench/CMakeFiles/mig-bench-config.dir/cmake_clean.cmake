file(REMOVE_RECURSE
  "CMakeFiles/mig-bench-config.dir/bench_config.c.o"
  "CMakeFiles/mig-bench-config.dir/bench_config.c.o.d"
  "mig-bench-config"
  "mig-bench-config.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench-config.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
