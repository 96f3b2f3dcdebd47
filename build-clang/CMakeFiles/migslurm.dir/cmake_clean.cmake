file(REMOVE_RECURSE
  "CMakeFiles/migslurm.dir/src/slurm/conf.c.o"
  "CMakeFiles/migslurm.dir/src/slurm/conf.c.o.d"
  "CMakeFiles/migslurm.dir/src/slurm/conf_text.c.o"
  "CMakeFiles/migslurm.dir/src/slurm/conf_text.c.o.d"
  "CMakeFiles/migslurm.dir/src/slurm/naming.c.o"
  "CMakeFiles/migslurm.dir/src/slurm/naming.c.o.d"
  "libmigslurm.a"
  "libmigslurm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migslurm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
