file(REMOVE_RECURSE
  "CMakeFiles/miglayout.dir/src/layout/config.c.o"
  "CMakeFiles/miglayout.dir/src/layout/config.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/emit.c.o"
  "CMakeFiles/miglayout.dir/src/layout/emit.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/exact.c.o"
  "CMakeFiles/miglayout.dir/src/layout/exact.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/exec.c.o"
  "CMakeFiles/miglayout.dir/src/layout/exec.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/export.c.o"
  "CMakeFiles/miglayout.dir/src/layout/export.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/hooks.c.o"
  "CMakeFiles/miglayout.dir/src/layout/hooks.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/plan.c.o"
  "CMakeFiles/miglayout.dir/src/layout/plan.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/profile.c.o"
  "CMakeFiles/miglayout.dir/src/layout/profile.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/snapshot.c.o"
  "CMakeFiles/miglayout.dir/src/layout/snapshot.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/step.c.o"
  "CMakeFiles/miglayout.dir/src/layout/step.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/targets.c.o"
  "CMakeFiles/miglayout.dir/src/layout/targets.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/undo.c.o"
  "CMakeFiles/miglayout.dir/src/layout/undo.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/ytree.c.o"
  "CMakeFiles/miglayout.dir/src/layout/ytree.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/ytree_number.c.o"
  "CMakeFiles/miglayout.dir/src/layout/ytree_number.c.o.d"
  "CMakeFiles/miglayout.dir/src/layout/ytree_resolve.c.o"
  "CMakeFiles/miglayout.dir/src/layout/ytree_resolve.c.o.d"
  "libmiglayout.a"
  "libmiglayout.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/miglayout.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
