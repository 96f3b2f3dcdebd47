
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/plan/defrag.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/defrag.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/defrag.c.o.d"
  "/work/wt/plot/src/plan/fleet.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/fleet.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/fleet.c.o.d"
  "/work/wt/plot/src/plan/fleet_json.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/fleet_json.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/fleet_json.c.o.d"
  "/work/wt/plot/src/plan/gpu.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/gpu.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/gpu.c.o.d"
  "/work/wt/plot/src/plan/lattice.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/lattice.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/lattice.c.o.d"
  "/work/wt/plot/src/plan/parse.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/parse.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/parse.c.o.d"
  "/work/wt/plot/src/plan/planner.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/planner.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/planner.c.o.d"
  "/work/wt/plot/src/plan/resolve.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/resolve.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/resolve.c.o.d"
  "/work/wt/plot/src/plan/result.c" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/result.c.o" "gcc" "tests/CMakeFiles/migplan_cov.dir/__/src/plan/result.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/miglayout_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
