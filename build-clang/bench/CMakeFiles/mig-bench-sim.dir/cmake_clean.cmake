file(REMOVE_RECURSE
  "CMakeFiles/mig-bench-sim.dir/bench_sim.c.o"
  "CMakeFiles/mig-bench-sim.dir/bench_sim.c.o.d"
  "mig-bench-sim"
  "mig-bench-sim.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench-sim.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
