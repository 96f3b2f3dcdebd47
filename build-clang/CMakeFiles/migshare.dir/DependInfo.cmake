
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/share/k8s.c" "CMakeFiles/migshare.dir/src/share/k8s.c.o" "gcc" "CMakeFiles/migshare.dir/src/share/k8s.c.o.d"
  "/work/wt/plot/src/share/resources.c" "CMakeFiles/migshare.dir/src/share/resources.c.o" "gcc" "CMakeFiles/migshare.dir/src/share/resources.c.o.d"
  "/work/wt/plot/src/share/slurm.c" "CMakeFiles/migshare.dir/src/share/slurm.c.o" "gcc" "CMakeFiles/migshare.dir/src/share/slurm.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
