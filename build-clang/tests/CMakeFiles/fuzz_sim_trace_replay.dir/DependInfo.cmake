
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/tests/fuzz/fuzz_sim_trace.c" "tests/CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/fuzz_sim_trace.c.o" "gcc" "tests/CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/fuzz_sim_trace.c.o.d"
  "/work/wt/plot/tests/fuzz/replay.c" "tests/CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/replay.c.o" "gcc" "tests/CMakeFiles/fuzz_sim_trace_replay.dir/fuzz/replay.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/migsim_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
