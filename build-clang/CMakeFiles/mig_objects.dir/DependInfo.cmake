
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/core/affinity.c" "CMakeFiles/mig_objects.dir/src/core/affinity.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/affinity.c.o.d"
  "/work/wt/plot/src/core/backend.c" "CMakeFiles/mig_objects.dir/src/core/backend.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/backend.c.o.d"
  "/work/wt/plot/src/core/catalog.c" "CMakeFiles/mig_objects.dir/src/core/catalog.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/catalog.c.o.d"
  "/work/wt/plot/src/core/catalog_data.c" "CMakeFiles/mig_objects.dir/src/core/catalog_data.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/catalog_data.c.o.d"
  "/work/wt/plot/src/core/error.c" "CMakeFiles/mig_objects.dir/src/core/error.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/error.c.o.d"
  "/work/wt/plot/src/core/gpu_spec.c" "CMakeFiles/mig_objects.dir/src/core/gpu_spec.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/gpu_spec.c.o.d"
  "/work/wt/plot/src/core/load.c" "CMakeFiles/mig_objects.dir/src/core/load.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/load.c.o.d"
  "/work/wt/plot/src/core/lookup.c" "CMakeFiles/mig_objects.dir/src/core/lookup.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/lookup.c.o.d"
  "/work/wt/plot/src/core/model_names.c" "CMakeFiles/mig_objects.dir/src/core/model_names.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/model_names.c.o.d"
  "/work/wt/plot/src/core/placement.c" "CMakeFiles/mig_objects.dir/src/core/placement.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/placement.c.o.d"
  "/work/wt/plot/src/core/sha1.c" "CMakeFiles/mig_objects.dir/src/core/sha1.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/sha1.c.o.d"
  "/work/wt/plot/src/core/share.c" "CMakeFiles/mig_objects.dir/src/core/share.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/share.c.o.d"
  "/work/wt/plot/src/core/share_state.c" "CMakeFiles/mig_objects.dir/src/core/share_state.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/share_state.c.o.d"
  "/work/wt/plot/src/core/state.c" "CMakeFiles/mig_objects.dir/src/core/state.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/state.c.o.d"
  "/work/wt/plot/src/core/state_gpu.c" "CMakeFiles/mig_objects.dir/src/core/state_gpu.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/state_gpu.c.o.d"
  "/work/wt/plot/src/core/state_instance.c" "CMakeFiles/mig_objects.dir/src/core/state_instance.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/state_instance.c.o.d"
  "/work/wt/plot/src/core/state_json.c" "CMakeFiles/mig_objects.dir/src/core/state_json.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/state_json.c.o.d"
  "/work/wt/plot/src/core/state_process.c" "CMakeFiles/mig_objects.dir/src/core/state_process.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/state_process.c.o.d"
  "/work/wt/plot/src/core/telemetry.c" "CMakeFiles/mig_objects.dir/src/core/telemetry.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/telemetry.c.o.d"
  "/work/wt/plot/src/core/uuid.c" "CMakeFiles/mig_objects.dir/src/core/uuid.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/uuid.c.o.d"
  "/work/wt/plot/src/core/version.c" "CMakeFiles/mig_objects.dir/src/core/version.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/core/version.c.o.d"
  "/work/wt/plot/src/node/dynmodel.c" "CMakeFiles/mig_objects.dir/src/node/dynmodel.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/node/dynmodel.c.o.d"
  "/work/wt/plot/src/node/node.c" "CMakeFiles/mig_objects.dir/src/node/node.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/node/node.c.o.d"
  "/work/wt/plot/src/node/nvml_backend.c" "CMakeFiles/mig_objects.dir/src/node/nvml_backend.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/node/nvml_backend.c.o.d"
  "/work/wt/plot/src/node/nvml_snapshot.c" "CMakeFiles/mig_objects.dir/src/node/nvml_snapshot.c.o" "gcc" "CMakeFiles/mig_objects.dir/src/node/nvml_snapshot.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
