
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/share/k8s.c" "tests/CMakeFiles/migshare_cov.dir/__/src/share/k8s.c.o" "gcc" "tests/CMakeFiles/migshare_cov.dir/__/src/share/k8s.c.o.d"
  "/work/wt/plot/src/share/resources.c" "tests/CMakeFiles/migshare_cov.dir/__/src/share/resources.c.o" "gcc" "tests/CMakeFiles/migshare_cov.dir/__/src/share/resources.c.o.d"
  "/work/wt/plot/src/share/slurm.c" "tests/CMakeFiles/migshare_cov.dir/__/src/share/slurm.c.o" "gcc" "tests/CMakeFiles/migshare_cov.dir/__/src/share/slurm.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
