file(REMOVE_RECURSE
  "CMakeFiles/migadvise.dir/src/advise/chart.c.o"
  "CMakeFiles/migadvise.dir/src/advise/chart.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/choose.c.o"
  "CMakeFiles/migadvise.dir/src/advise/choose.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/dcgm.c.o"
  "CMakeFiles/migadvise.dir/src/advise/dcgm.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/dcgm_fields.c.o"
  "CMakeFiles/migadvise.dir/src/advise/dcgm_fields.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/dmon.c.o"
  "CMakeFiles/migadvise.dir/src/advise/dmon.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/fetch.c.o"
  "CMakeFiles/migadvise.dir/src/advise/fetch.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/format.c.o"
  "CMakeFiles/migadvise.dir/src/advise/format.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/json.c.o"
  "CMakeFiles/migadvise.dir/src/advise/json.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/log.c.o"
  "CMakeFiles/migadvise.dir/src/advise/log.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/measure.c.o"
  "CMakeFiles/migadvise.dir/src/advise/measure.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/prometheus.c.o"
  "CMakeFiles/migadvise.dir/src/advise/prometheus.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/report.c.o"
  "CMakeFiles/migadvise.dir/src/advise/report.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/sacct.c.o"
  "CMakeFiles/migadvise.dir/src/advise/sacct.c.o.d"
  "CMakeFiles/migadvise.dir/src/advise/smi_csv.c.o"
  "CMakeFiles/migadvise.dir/src/advise/smi_csv.c.o.d"
  "libmigadvise.a"
  "libmigadvise.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migadvise.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
