
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/exporter/buf.c" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/buf.c.o" "gcc" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/buf.c.o.d"
  "/work/wt/plot/src/exporter/procinfo.c" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/procinfo.c.o" "gcc" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/procinfo.c.o.d"
  "/work/wt/plot/src/exporter/render.c" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/render.c.o" "gcc" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/render.c.o.d"
  "/work/wt/plot/src/exporter/server.c" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/server.c.o" "gcc" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/server.c.o.d"
  "/work/wt/plot/src/exporter/usage.c" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/usage.c.o" "gcc" "tests/CMakeFiles/migexporter_cov.dir/__/src/exporter/usage.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
