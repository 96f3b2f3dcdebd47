file(REMOVE_RECURSE
  "CMakeFiles/test_run_concurrency.dir/cli/test_run_concurrency.c.o"
  "CMakeFiles/test_run_concurrency.dir/cli/test_run_concurrency.c.o.d"
  "test_run_concurrency"
  "test_run_concurrency.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_run_concurrency.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
