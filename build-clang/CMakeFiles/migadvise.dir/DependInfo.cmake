
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/advise/chart.c" "CMakeFiles/migadvise.dir/src/advise/chart.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/chart.c.o.d"
  "/work/wt/plot/src/advise/choose.c" "CMakeFiles/migadvise.dir/src/advise/choose.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/choose.c.o.d"
  "/work/wt/plot/src/advise/dcgm.c" "CMakeFiles/migadvise.dir/src/advise/dcgm.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/dcgm.c.o.d"
  "/work/wt/plot/src/advise/dcgm_fields.c" "CMakeFiles/migadvise.dir/src/advise/dcgm_fields.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/dcgm_fields.c.o.d"
  "/work/wt/plot/src/advise/dmon.c" "CMakeFiles/migadvise.dir/src/advise/dmon.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/dmon.c.o.d"
  "/work/wt/plot/src/advise/fetch.c" "CMakeFiles/migadvise.dir/src/advise/fetch.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/fetch.c.o.d"
  "/work/wt/plot/src/advise/format.c" "CMakeFiles/migadvise.dir/src/advise/format.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/format.c.o.d"
  "/work/wt/plot/src/advise/json.c" "CMakeFiles/migadvise.dir/src/advise/json.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/json.c.o.d"
  "/work/wt/plot/src/advise/log.c" "CMakeFiles/migadvise.dir/src/advise/log.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/log.c.o.d"
  "/work/wt/plot/src/advise/measure.c" "CMakeFiles/migadvise.dir/src/advise/measure.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/measure.c.o.d"
  "/work/wt/plot/src/advise/prometheus.c" "CMakeFiles/migadvise.dir/src/advise/prometheus.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/prometheus.c.o.d"
  "/work/wt/plot/src/advise/report.c" "CMakeFiles/migadvise.dir/src/advise/report.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/report.c.o.d"
  "/work/wt/plot/src/advise/sacct.c" "CMakeFiles/migadvise.dir/src/advise/sacct.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/sacct.c.o.d"
  "/work/wt/plot/src/advise/smi_csv.c" "CMakeFiles/migadvise.dir/src/advise/smi_csv.c.o" "gcc" "CMakeFiles/migadvise.dir/src/advise/smi_csv.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/migplot.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
