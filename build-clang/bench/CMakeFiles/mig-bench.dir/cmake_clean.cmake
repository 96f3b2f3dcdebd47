file(REMOVE_RECURSE
  "CMakeFiles/mig-bench.dir/bench_ops.c.o"
  "CMakeFiles/mig-bench.dir/bench_ops.c.o.d"
  "mig-bench"
  "mig-bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
