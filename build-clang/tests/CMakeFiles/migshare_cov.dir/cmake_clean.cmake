file(REMOVE_RECURSE
  "CMakeFiles/migshare_cov.dir/__/src/share/k8s.c.o"
  "CMakeFiles/migshare_cov.dir/__/src/share/k8s.c.o.d"
  "CMakeFiles/migshare_cov.dir/__/src/share/resources.c.o"
  "CMakeFiles/migshare_cov.dir/__/src/share/resources.c.o.d"
  "CMakeFiles/migshare_cov.dir/__/src/share/slurm.c.o"
  "CMakeFiles/migshare_cov.dir/__/src/share/slurm.c.o.d"
  "libmigshare_cov.a"
  "libmigshare_cov.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migshare_cov.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
