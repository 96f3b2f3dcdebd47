file(REMOVE_RECURSE
  "CMakeFiles/migshare.dir/src/share/k8s.c.o"
  "CMakeFiles/migshare.dir/src/share/k8s.c.o.d"
  "CMakeFiles/migshare.dir/src/share/resources.c.o"
  "CMakeFiles/migshare.dir/src/share/resources.c.o.d"
  "CMakeFiles/migshare.dir/src/share/slurm.c.o"
  "CMakeFiles/migshare.dir/src/share/slurm.c.o.d"
  "libmigshare.a"
  "libmigshare.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migshare.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
