file(REMOVE_RECURSE
  "CMakeFiles/mig-bench-exporter.dir/bench_exporter.c.o"
  "CMakeFiles/mig-bench-exporter.dir/bench_exporter.c.o.d"
  "mig-bench-exporter"
  "mig-bench-exporter.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mig-bench-exporter.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
