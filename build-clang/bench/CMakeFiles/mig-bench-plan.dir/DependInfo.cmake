
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/bench/bench_plan.c" "bench/CMakeFiles/mig-bench-plan.dir/bench_plan.c.o" "gcc" "bench/CMakeFiles/mig-bench-plan.dir/bench_plan.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/migplan.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/miglayout.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
