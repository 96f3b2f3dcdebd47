
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/sim/engine.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/engine.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/engine.c.o.d"
  "/work/wt/plot/src/sim/fgd.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/fgd.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/fgd.c.o.d"
  "/work/wt/plot/src/sim/model.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/model.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/model.c.o.d"
  "/work/wt/plot/src/sim/openb.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/openb.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/openb.c.o.d"
  "/work/wt/plot/src/sim/policy_dynamic.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_dynamic.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_dynamic.c.o.d"
  "/work/wt/plot/src/sim/policy_share.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_share.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_share.c.o.d"
  "/work/wt/plot/src/sim/policy_static.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_static.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/policy_static.c.o.d"
  "/work/wt/plot/src/sim/run.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/run.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/run.c.o.d"
  "/work/wt/plot/src/sim/search.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/search.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/search.c.o.d"
  "/work/wt/plot/src/sim/speed.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/speed.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/speed.c.o.d"
  "/work/wt/plot/src/sim/stats.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/stats.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/stats.c.o.d"
  "/work/wt/plot/src/sim/trace.c" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/trace.c.o" "gcc" "tests/CMakeFiles/migsim_cov.dir/__/src/sim/trace.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
