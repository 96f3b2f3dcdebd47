
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/layout/config.c" "CMakeFiles/miglayout.dir/src/layout/config.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/config.c.o.d"
  "/work/wt/plot/src/layout/emit.c" "CMakeFiles/miglayout.dir/src/layout/emit.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/emit.c.o.d"
  "/work/wt/plot/src/layout/exact.c" "CMakeFiles/miglayout.dir/src/layout/exact.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/exact.c.o.d"
  "/work/wt/plot/src/layout/exec.c" "CMakeFiles/miglayout.dir/src/layout/exec.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/exec.c.o.d"
  "/work/wt/plot/src/layout/export.c" "CMakeFiles/miglayout.dir/src/layout/export.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/export.c.o.d"
  "/work/wt/plot/src/layout/hooks.c" "CMakeFiles/miglayout.dir/src/layout/hooks.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/hooks.c.o.d"
  "/work/wt/plot/src/layout/plan.c" "CMakeFiles/miglayout.dir/src/layout/plan.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/plan.c.o.d"
  "/work/wt/plot/src/layout/profile.c" "CMakeFiles/miglayout.dir/src/layout/profile.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/profile.c.o.d"
  "/work/wt/plot/src/layout/snapshot.c" "CMakeFiles/miglayout.dir/src/layout/snapshot.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/snapshot.c.o.d"
  "/work/wt/plot/src/layout/step.c" "CMakeFiles/miglayout.dir/src/layout/step.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/step.c.o.d"
  "/work/wt/plot/src/layout/targets.c" "CMakeFiles/miglayout.dir/src/layout/targets.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/targets.c.o.d"
  "/work/wt/plot/src/layout/undo.c" "CMakeFiles/miglayout.dir/src/layout/undo.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/undo.c.o.d"
  "/work/wt/plot/src/layout/ytree.c" "CMakeFiles/miglayout.dir/src/layout/ytree.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/ytree.c.o.d"
  "/work/wt/plot/src/layout/ytree_number.c" "CMakeFiles/miglayout.dir/src/layout/ytree_number.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/ytree_number.c.o.d"
  "/work/wt/plot/src/layout/ytree_resolve.c" "CMakeFiles/miglayout.dir/src/layout/ytree_resolve.c.o" "gcc" "CMakeFiles/miglayout.dir/src/layout/ytree_resolve.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
