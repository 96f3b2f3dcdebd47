file(REMOVE_RECURSE
  "CMakeFiles/test_slurm_conf.dir/slurm/test_slurm_conf.c.o"
  "CMakeFiles/test_slurm_conf.dir/slurm/test_slurm_conf.c.o.d"
  "CMakeFiles/test_slurm_conf.dir/unit/testutil.c.o"
  "CMakeFiles/test_slurm_conf.dir/unit/testutil.c.o.d"
  "test_slurm_conf"
  "test_slurm_conf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_slurm_conf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
