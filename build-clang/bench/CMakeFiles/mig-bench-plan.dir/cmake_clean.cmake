file(REMOVE_RECURSE
  "CMakeFiles/mig-bench-plan.dir/bench_plan.c.o"
  "CMakeFiles/mig-bench-plan.dir/bench_plan.c.o.d"
  "mig-bench-plan"
  "mig-bench-plan.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench-plan.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
