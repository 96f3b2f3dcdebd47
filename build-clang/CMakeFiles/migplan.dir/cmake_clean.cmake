file(REMOVE_RECURSE
  "CMakeFiles/migplan.dir/src/plan/defrag.c.o"
  "CMakeFiles/migplan.dir/src/plan/defrag.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/fleet.c.o"
  "CMakeFiles/migplan.dir/src/plan/fleet.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/fleet_json.c.o"
  "CMakeFiles/migplan.dir/src/plan/fleet_json.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/gpu.c.o"
  "CMakeFiles/migplan.dir/src/plan/gpu.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/lattice.c.o"
  "CMakeFiles/migplan.dir/src/plan/lattice.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/parse.c.o"
  "CMakeFiles/migplan.dir/src/plan/parse.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/planner.c.o"
  "CMakeFiles/migplan.dir/src/plan/planner.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/resolve.c.o"
  "CMakeFiles/migplan.dir/src/plan/resolve.c.o.d"
  "CMakeFiles/migplan.dir/src/plan/result.c.o"
  "CMakeFiles/migplan.dir/src/plan/result.c.o.d"
  "libmigplan.a"
  "libmigplan.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migplan.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
