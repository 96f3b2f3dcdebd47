
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/layout/config.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/config.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/config.c.o.d"
  "/work/wt/plot/src/layout/emit.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/emit.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/emit.c.o.d"
  "/work/wt/plot/src/layout/exact.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/exact.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/exact.c.o.d"
  "/work/wt/plot/src/layout/exec.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/exec.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/exec.c.o.d"
  "/work/wt/plot/src/layout/export.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/export.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/export.c.o.d"
  "/work/wt/plot/src/layout/hooks.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/hooks.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/hooks.c.o.d"
  "/work/wt/plot/src/layout/plan.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/plan.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/plan.c.o.d"
  "/work/wt/plot/src/layout/profile.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/profile.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/profile.c.o.d"
  "/work/wt/plot/src/layout/snapshot.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/snapshot.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/snapshot.c.o.d"
  "/work/wt/plot/src/layout/step.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/step.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/step.c.o.d"
  "/work/wt/plot/src/layout/targets.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/targets.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/targets.c.o.d"
  "/work/wt/plot/src/layout/undo.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/undo.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/undo.c.o.d"
  "/work/wt/plot/src/layout/ytree.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree.c.o.d"
  "/work/wt/plot/src/layout/ytree_number.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree_number.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree_number.c.o.d"
  "/work/wt/plot/src/layout/ytree_resolve.c" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree_resolve.c.o" "gcc" "tests/CMakeFiles/miglayout_cov.dir/__/src/layout/ytree_resolve.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
