file(REMOVE_RECURSE
  "CMakeFiles/migplan_cov.dir/__/src/plan/defrag.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/defrag.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/fleet.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/fleet.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/fleet_json.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/fleet_json.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/gpu.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/gpu.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/lattice.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/lattice.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/parse.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/parse.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/planner.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/planner.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/resolve.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/resolve.c.o.d"
  "CMakeFiles/migplan_cov.dir/__/src/plan/result.c.o"
  "CMakeFiles/migplan_cov.dir/__/src/plan/result.c.o.d"
  "libmigplan_cov.a"
  "libmigplan_cov.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migplan_cov.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
