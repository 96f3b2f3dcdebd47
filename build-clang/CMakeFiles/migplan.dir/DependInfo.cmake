
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/plan/defrag.c" "CMakeFiles/migplan.dir/src/plan/defrag.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/defrag.c.o.d"
  "/work/wt/plot/src/plan/fleet.c" "CMakeFiles/migplan.dir/src/plan/fleet.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/fleet.c.o.d"
  "/work/wt/plot/src/plan/fleet_json.c" "CMakeFiles/migplan.dir/src/plan/fleet_json.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/fleet_json.c.o.d"
  "/work/wt/plot/src/plan/gpu.c" "CMakeFiles/migplan.dir/src/plan/gpu.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/gpu.c.o.d"
  "/work/wt/plot/src/plan/lattice.c" "CMakeFiles/migplan.dir/src/plan/lattice.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/lattice.c.o.d"
  "/work/wt/plot/src/plan/parse.c" "CMakeFiles/migplan.dir/src/plan/parse.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/parse.c.o.d"
  "/work/wt/plot/src/plan/planner.c" "CMakeFiles/migplan.dir/src/plan/planner.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/planner.c.o.d"
  "/work/wt/plot/src/plan/resolve.c" "CMakeFiles/migplan.dir/src/plan/resolve.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/resolve.c.o.d"
  "/work/wt/plot/src/plan/result.c" "CMakeFiles/migplan.dir/src/plan/result.c.o" "gcc" "CMakeFiles/migplan.dir/src/plan/result.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/miglayout.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
