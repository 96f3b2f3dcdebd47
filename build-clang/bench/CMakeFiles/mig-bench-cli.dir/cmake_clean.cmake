file(REMOVE_RECURSE
  "CMakeFiles/mig-bench-cli.dir/bench_cli.c.o"
  "CMakeFiles/mig-bench-cli.dir/bench_cli.c.o.d"
  "mig-bench-cli"
  "mig-bench-cli.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench-cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
