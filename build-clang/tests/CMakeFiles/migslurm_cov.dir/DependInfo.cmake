
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/slurm/conf.c" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/conf.c.o" "gcc" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/conf.c.o.d"
  "/work/wt/plot/src/slurm/conf_text.c" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/conf_text.c.o" "gcc" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/conf_text.c.o.d"
  "/work/wt/plot/src/slurm/naming.c" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/naming.c.o" "gcc" "tests/CMakeFiles/migslurm_cov.dir/__/src/slurm/naming.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
