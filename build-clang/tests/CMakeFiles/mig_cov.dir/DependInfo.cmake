
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/core/affinity.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/affinity.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/affinity.c.o.d"
  "/work/wt/plot/src/core/backend.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/backend.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/backend.c.o.d"
  "/work/wt/plot/src/core/catalog.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/catalog.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/catalog.c.o.d"
  "/work/wt/plot/src/core/catalog_data.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/catalog_data.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/catalog_data.c.o.d"
  "/work/wt/plot/src/core/error.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/error.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/error.c.o.d"
  "/work/wt/plot/src/core/gpu_spec.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/gpu_spec.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/gpu_spec.c.o.d"
  "/work/wt/plot/src/core/load.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/load.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/load.c.o.d"
  "/work/wt/plot/src/core/lookup.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/lookup.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/lookup.c.o.d"
  "/work/wt/plot/src/core/model_names.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/model_names.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/model_names.c.o.d"
  "/work/wt/plot/src/core/placement.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/placement.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/placement.c.o.d"
  "/work/wt/plot/src/core/sha1.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/sha1.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/sha1.c.o.d"
  "/work/wt/plot/src/core/share.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/share.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/share.c.o.d"
  "/work/wt/plot/src/core/share_state.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/share_state.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/share_state.c.o.d"
  "/work/wt/plot/src/core/state.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/state.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/state.c.o.d"
  "/work/wt/plot/src/core/state_gpu.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_gpu.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_gpu.c.o.d"
  "/work/wt/plot/src/core/state_instance.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_instance.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_instance.c.o.d"
  "/work/wt/plot/src/core/state_json.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_json.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_json.c.o.d"
  "/work/wt/plot/src/core/state_process.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_process.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/state_process.c.o.d"
  "/work/wt/plot/src/core/telemetry.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/telemetry.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/telemetry.c.o.d"
  "/work/wt/plot/src/core/uuid.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/uuid.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/uuid.c.o.d"
  "/work/wt/plot/src/core/version.c" "tests/CMakeFiles/mig_cov.dir/__/src/core/version.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/core/version.c.o.d"
  "/work/wt/plot/src/node/dynmodel.c" "tests/CMakeFiles/mig_cov.dir/__/src/node/dynmodel.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/node/dynmodel.c.o.d"
  "/work/wt/plot/src/node/node.c" "tests/CMakeFiles/mig_cov.dir/__/src/node/node.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/node/node.c.o.d"
  "/work/wt/plot/src/node/nvml_backend.c" "tests/CMakeFiles/mig_cov.dir/__/src/node/nvml_backend.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/node/nvml_backend.c.o.d"
  "/work/wt/plot/src/node/nvml_snapshot.c" "tests/CMakeFiles/mig_cov.dir/__/src/node/nvml_snapshot.c.o" "gcc" "tests/CMakeFiles/mig_cov.dir/__/src/node/nvml_snapshot.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
