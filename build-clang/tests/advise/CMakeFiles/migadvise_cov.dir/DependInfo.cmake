
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/advise/chart.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/chart.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/chart.c.o.d"
  "/work/wt/plot/src/advise/choose.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/choose.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/choose.c.o.d"
  "/work/wt/plot/src/advise/dcgm.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dcgm.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dcgm.c.o.d"
  "/work/wt/plot/src/advise/dcgm_fields.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dcgm_fields.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dcgm_fields.c.o.d"
  "/work/wt/plot/src/advise/dmon.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dmon.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/dmon.c.o.d"
  "/work/wt/plot/src/advise/fetch.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/fetch.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/fetch.c.o.d"
  "/work/wt/plot/src/advise/format.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/format.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/format.c.o.d"
  "/work/wt/plot/src/advise/json.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/json.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/json.c.o.d"
  "/work/wt/plot/src/advise/log.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/log.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/log.c.o.d"
  "/work/wt/plot/src/advise/measure.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/measure.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/measure.c.o.d"
  "/work/wt/plot/src/advise/prometheus.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/prometheus.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/prometheus.c.o.d"
  "/work/wt/plot/src/advise/report.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/report.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/report.c.o.d"
  "/work/wt/plot/src/advise/sacct.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/sacct.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/sacct.c.o.d"
  "/work/wt/plot/src/advise/smi_csv.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/smi_csv.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/advise/smi_csv.c.o.d"
  "/work/wt/plot/src/plot/plot.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/plot/plot.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/plot/plot.c.o.d"
  "/work/wt/plot/src/plot/plot_draw.c" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/plot/plot_draw.c.o" "gcc" "tests/advise/CMakeFiles/migadvise_cov.dir/__/__/src/plot/plot_draw.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
