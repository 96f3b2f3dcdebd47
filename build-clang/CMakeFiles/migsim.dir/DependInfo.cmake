
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/sim/engine.c" "CMakeFiles/migsim.dir/src/sim/engine.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/engine.c.o.d"
  "/work/wt/plot/src/sim/fgd.c" "CMakeFiles/migsim.dir/src/sim/fgd.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/fgd.c.o.d"
  "/work/wt/plot/src/sim/model.c" "CMakeFiles/migsim.dir/src/sim/model.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/model.c.o.d"
  "/work/wt/plot/src/sim/openb.c" "CMakeFiles/migsim.dir/src/sim/openb.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/openb.c.o.d"
  "/work/wt/plot/src/sim/policy_dynamic.c" "CMakeFiles/migsim.dir/src/sim/policy_dynamic.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/policy_dynamic.c.o.d"
  "/work/wt/plot/src/sim/policy_share.c" "CMakeFiles/migsim.dir/src/sim/policy_share.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/policy_share.c.o.d"
  "/work/wt/plot/src/sim/policy_static.c" "CMakeFiles/migsim.dir/src/sim/policy_static.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/policy_static.c.o.d"
  "/work/wt/plot/src/sim/run.c" "CMakeFiles/migsim.dir/src/sim/run.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/run.c.o.d"
  "/work/wt/plot/src/sim/search.c" "CMakeFiles/migsim.dir/src/sim/search.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/search.c.o.d"
  "/work/wt/plot/src/sim/speed.c" "CMakeFiles/migsim.dir/src/sim/speed.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/speed.c.o.d"
  "/work/wt/plot/src/sim/stats.c" "CMakeFiles/migsim.dir/src/sim/stats.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/stats.c.o.d"
  "/work/wt/plot/src/sim/trace.c" "CMakeFiles/migsim.dir/src/sim/trace.c.o" "gcc" "CMakeFiles/migsim.dir/src/sim/trace.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
