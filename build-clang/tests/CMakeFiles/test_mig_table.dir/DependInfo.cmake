
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/tests/cli/test_mig_table.c" "tests/CMakeFiles/test_mig_table.dir/cli/test_mig_table.c.o" "gcc" "tests/CMakeFiles/test_mig_table.dir/cli/test_mig_table.c.o.d"
  "/work/wt/plot/tests/unit/testutil.c" "tests/CMakeFiles/test_mig_table.dir/unit/testutil.c.o" "gcc" "tests/CMakeFiles/test_mig_table.dir/unit/testutil.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/migctl_cli.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migshare.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migsim.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migslurm.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migplan.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/miglayout.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migexporter.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migadvise.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migplot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
