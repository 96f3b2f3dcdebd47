file(REMOVE_RECURSE
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/conf.c.o"
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/conf.c.o.d"
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/conf_text.c.o"
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/conf_text.c.o.d"
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/naming.c.o"
  "CMakeFiles/migslurm_cov.dir/__/src/slurm/naming.c.o.d"
  "libmigslurm_cov.a"
  "libmigslurm_cov.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migslurm_cov.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
