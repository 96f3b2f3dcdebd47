
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/exporter/buf.c" "CMakeFiles/migexporter.dir/src/exporter/buf.c.o" "gcc" "CMakeFiles/migexporter.dir/src/exporter/buf.c.o.d"
  "/work/wt/plot/src/exporter/procinfo.c" "CMakeFiles/migexporter.dir/src/exporter/procinfo.c.o" "gcc" "CMakeFiles/migexporter.dir/src/exporter/procinfo.c.o.d"
  "/work/wt/plot/src/exporter/render.c" "CMakeFiles/migexporter.dir/src/exporter/render.c.o" "gcc" "CMakeFiles/migexporter.dir/src/exporter/render.c.o.d"
  "/work/wt/plot/src/exporter/server.c" "CMakeFiles/migexporter.dir/src/exporter/server.c.o" "gcc" "CMakeFiles/migexporter.dir/src/exporter/server.c.o.d"
  "/work/wt/plot/src/exporter/usage.c" "CMakeFiles/migexporter.dir/src/exporter/usage.c.o" "gcc" "CMakeFiles/migexporter.dir/src/exporter/usage.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
