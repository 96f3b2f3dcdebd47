file(REMOVE_RECURSE
  "CMakeFiles/migsim.dir/src/sim/engine.c.o"
  "CMakeFiles/migsim.dir/src/sim/engine.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/fgd.c.o"
  "CMakeFiles/migsim.dir/src/sim/fgd.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/model.c.o"
  "CMakeFiles/migsim.dir/src/sim/model.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/openb.c.o"
  "CMakeFiles/migsim.dir/src/sim/openb.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/policy_dynamic.c.o"
  "CMakeFiles/migsim.dir/src/sim/policy_dynamic.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/policy_share.c.o"
  "CMakeFiles/migsim.dir/src/sim/policy_share.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/policy_static.c.o"
  "CMakeFiles/migsim.dir/src/sim/policy_static.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/run.c.o"
  "CMakeFiles/migsim.dir/src/sim/run.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/search.c.o"
  "CMakeFiles/migsim.dir/src/sim/search.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/speed.c.o"
  "CMakeFiles/migsim.dir/src/sim/speed.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/stats.c.o"
  "CMakeFiles/migsim.dir/src/sim/stats.c.o.d"
  "CMakeFiles/migsim.dir/src/sim/trace.c.o"
  "CMakeFiles/migsim.dir/src/sim/trace.c.o.d"
  "libmigsim.a"
  "libmigsim.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migsim.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
