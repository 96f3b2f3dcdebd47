/*
 * nvml_api.h - the part of NVML's ABI the backend uses, declared from the
 * layouts of NVIDIA's nvml.h (x86_64, LP64) and the calls in
 * §nvml-A.5/§nvml-A.6 (internal).
 *
 * The names are ours (nv_*), not NVIDIA's header's: libmig never includes
 * nvml.h and never links against libnvidia-ml; it resolves each function
 * with dlsym, the versioned symbol first and the legacy one after
 * (§nvml-A.1), and records which one it got where the two differ.
 */
#ifndef MIG_NVML_API_H
#define MIG_NVML_API_H

#include <limits.h>
#include <stddef.h>

#include "mig.h"

typedef int nv_return;                  /* nvmlReturn_t: a 4-byte enum */
typedef struct nv_device_st *nv_device; /* nvmlDevice_t */
typedef struct nv_gi_st *nv_gi;         /* nvmlGpuInstance_t */
typedef struct nv_ci_st *nv_ci;         /* nvmlComputeInstance_t */

#define NV_SUCCESS 0
#define NV_ERROR_INVALID_ARGUMENT 2
#define NV_ERROR_NOT_SUPPORTED 3
#define NV_ERROR_NOT_FOUND 6
#define NV_ERROR_INSUFFICIENT_SIZE 7

/* Buffer sizes (§types-6), NUL included. */
#define NV_NAME_V2_SIZE 96
#define NV_UUID_V2_SIZE 96
#define NV_SERIAL_SIZE 30
#define NV_DRIVER_VERSION_SIZE 80

/* §types-7 */
#define NV_GI_PROFILE_COUNT 18  /* NVML_GPU_INSTANCE_PROFILE_COUNT in 13.3 */
#define NV_CI_PROFILE_COUNT 9   /* NVML_COMPUTE_INSTANCE_PROFILE_COUNT in 13.3 */
#define NV_CI_ENGINE_SHARED 0
#define NV_NO_INSTANCE 0xFFFFFFFFu
#define NV_VALUE_NOT_AVAILABLE_ULL 0xFFFFFFFFFFFFFFFFull

/* nvmlDeviceArchitecture_t values (§types-8) */
#define NV_ARCH_AMPERE 0x7
#define NV_ARCH_HOPPER 0x9
#define NV_ARCH_BLACKWELL 0xA
/* nvmlGpuVirtualizationMode_t */
#define NV_VIRT_PASSTHROUGH 1

typedef struct nv_pci_info {            /* nvmlPciInfo_t, 68 bytes */
	char bus_id_legacy[16];
	unsigned domain, bus, device;
	unsigned pci_device_id;         /* device id << 16 | vendor id */
	unsigned pci_subsystem_id;
	char bus_id[32];
} nv_pci_info;

typedef struct nv_memory {              /* nvmlMemory_t (v1), 24 bytes */
	unsigned long long total, free, used;
} nv_memory;

typedef struct nv_utilization {         /* nvmlUtilization_t, 8 bytes */
	unsigned gpu, memory;
} nv_utilization;

typedef struct nv_placement {           /* nvmlGpuInstancePlacement_t / nvmlComputeInstancePlacement_t */
	unsigned start, size;
} nv_placement;

typedef struct nv_gi_profile_v1 {       /* nvmlGpuInstanceProfileInfo_t, 48 bytes */
	unsigned id, is_p2p, slices, instances, sm, ce, dec, enc, jpeg, ofa;
	unsigned long long memory_mb;
} nv_gi_profile_v1;

typedef struct nv_gi_profile_v2 {       /* nvmlGpuInstanceProfileInfo_v2_t, 152 bytes */
	unsigned version;
	unsigned id, is_p2p, slices, instances, sm, ce, dec, enc, jpeg, ofa;
	unsigned long long memory_mb;   /* at 48, after 4 bytes of padding */
	char name[NV_NAME_V2_SIZE];
} nv_gi_profile_v2;
#define NV_GI_PROFILE_V2_VERSION (sizeof(nv_gi_profile_v2) | (2u << 24)) /* 0x02000098 */

typedef struct nv_gi_info {             /* nvmlGpuInstanceInfo_t, 24 bytes */
	nv_device device;
	unsigned id, profile_id;
	nv_placement placement;
} nv_gi_info;

typedef struct nv_ci_profile_v1 {       /* nvmlComputeInstanceProfileInfo_t, 36 bytes */
	unsigned id, slices, instances, sm, ce, dec, enc, jpeg, ofa;
} nv_ci_profile_v1;

typedef struct nv_ci_profile_v2 {       /* nvmlComputeInstanceProfileInfo_v2_t, 136 bytes */
	unsigned version;
	unsigned id, slices, instances, sm, ce, dec, enc, jpeg, ofa;
	char name[NV_NAME_V2_SIZE];
} nv_ci_profile_v2;
#define NV_CI_PROFILE_V2_VERSION (sizeof(nv_ci_profile_v2) | (2u << 24)) /* 0x02000088 */

typedef struct nv_ci_info {             /* nvmlComputeInstanceInfo_t (v2 layout), 32 bytes */
	nv_device device;
	nv_gi gpu_instance;
	unsigned id, profile_id;
	nv_placement placement;         /* not written by the v1 function */
} nv_ci_info;

typedef struct nv_process {             /* nvmlProcessInfo_v2_t (used by _v2 and _v3), 24 bytes */
	unsigned pid;
	unsigned long long used_memory;
	unsigned gi, ci;
} nv_process;

typedef struct nv_process_v1 {          /* nvmlProcessInfo_v1_t (unversioned call), 16 bytes */
	unsigned pid;
	unsigned long long used_memory;
} nv_process_v1;

_Static_assert(sizeof(nv_pci_info) == 68, "nvmlPciInfo_t is 68 bytes");
_Static_assert(sizeof(nv_memory) == 24, "nvmlMemory_t is 24 bytes");
_Static_assert(sizeof(nv_gi_profile_v1) == 48, "nvmlGpuInstanceProfileInfo_t is 48 bytes");
_Static_assert(sizeof(nv_gi_profile_v2) == 152, "nvmlGpuInstanceProfileInfo_v2_t is 152 bytes");
_Static_assert(offsetof(nv_gi_profile_v2, memory_mb) == 48, "v2 memorySizeMB at 48");
_Static_assert(offsetof(nv_gi_profile_v2, name) == 56, "v2 name at 56");
_Static_assert(sizeof(nv_gi_info) == 24, "nvmlGpuInstanceInfo_t is 24 bytes");
_Static_assert(sizeof(nv_ci_profile_v1) == 36, "nvmlComputeInstanceProfileInfo_t is 36 bytes");
_Static_assert(sizeof(nv_ci_profile_v2) == 136, "nvmlComputeInstanceProfileInfo_v2_t is 136 bytes");
_Static_assert(sizeof(nv_ci_info) == 32, "nvmlComputeInstanceInfo_t is 32 bytes");
_Static_assert(sizeof(nv_process) == 24, "nvmlProcessInfo_v2_t is 24 bytes");
_Static_assert(sizeof(nv_process_v1) == 16, "nvmlProcessInfo_v1_t is 16 bytes");

/*
 * The loaded library.  Functions the backend cannot work without are
 * required at open; the others may be NULL (an old driver, or a library
 * that does not implement them) and the backend does without.  `*_v1`
 * flags say the legacy symbol was the one found, where its ABI differs.
 */
struct mig_nvml {
	void *lib;
	char library[PATH_MAX];

	/* required */
	nv_return (*init)(void);
	nv_return (*shutdown)(void);
	nv_return (*driver_version)(char *version, unsigned length);
	nv_return (*device_count)(unsigned *count);
	nv_return (*handle_by_index)(unsigned index, nv_device *device);
	nv_return (*name)(nv_device device, char *name, unsigned length);
	nv_return (*uuid)(nv_device device, char *uuid, unsigned length);
	nv_return (*pci_info)(nv_device device, nv_pci_info *pci);
	nv_return (*memory_info)(nv_device device, nv_memory *memory);
	nv_return (*mig_mode)(nv_device device, unsigned *current, unsigned *pending);

	/* identity and health (optional) */
	nv_return (*serial)(nv_device device, char *serial, unsigned length);
	nv_return (*architecture)(nv_device device, unsigned *arch);
	nv_return (*virtualization_mode)(nv_device device, unsigned *mode);
	nv_return (*utilization)(nv_device device, nv_utilization *util);
	nv_return (*power_usage)(nv_device device, unsigned *milliwatts);
	nv_return (*temperature)(nv_device device, unsigned sensor, unsigned *celsius);
	nv_return (*power_limit)(nv_device device, unsigned *milliwatts);
	nv_return (*persistence_mode)(nv_device device, unsigned *enabled);

	/* GPU instances */
	nv_return (*gi_profile_v)(nv_device device, unsigned index, nv_gi_profile_v2 *info);
	nv_return (*gi_profile_v1)(nv_device device, unsigned index, nv_gi_profile_v1 *info);
	nv_return (*gi_placements)(nv_device device, unsigned profile_id, nv_placement *placements,
				   unsigned *count);
	int gi_placements_v1; /* placements must not be NULL */
	nv_return (*gi_remaining)(nv_device device, unsigned profile_id, unsigned *count);
	nv_return (*gi_list)(nv_device device, unsigned profile_id, nv_gi *gis, unsigned *count);
	nv_return (*gi_by_id)(nv_device device, unsigned id, nv_gi *gi);
	nv_return (*gi_info)(nv_gi gi, nv_gi_info *info);
	nv_return (*gi_create)(nv_device device, unsigned profile_id, nv_gi *gi);
	nv_return (*gi_create_at)(nv_device device, unsigned profile_id,
				  const nv_placement *placement, nv_gi *gi);
	nv_return (*gi_destroy)(nv_gi gi);
	nv_return (*set_mig_mode)(nv_device device, unsigned mode, nv_return *activation);

	/* compute instances */
	nv_return (*ci_profile_v)(nv_gi gi, unsigned index, unsigned engine, nv_ci_profile_v2 *info);
	nv_return (*ci_profile_v1)(nv_gi gi, unsigned index, unsigned engine, nv_ci_profile_v1 *info);
	nv_return (*ci_placements)(nv_gi gi, unsigned profile_id, nv_placement *placements,
				   unsigned *count);
	nv_return (*ci_remaining)(nv_gi gi, unsigned profile_id, unsigned *count);
	nv_return (*ci_list)(nv_gi gi, unsigned profile_id, nv_ci *cis, unsigned *count);
	nv_return (*ci_by_id)(nv_gi gi, unsigned id, nv_ci *ci);
	nv_return (*ci_info)(nv_ci ci, nv_ci_info *info);
	int ci_info_v1; /* writes 24 bytes: no placement */
	nv_return (*ci_create)(nv_gi gi, unsigned profile_id, nv_ci *ci);
	nv_return (*ci_create_at)(nv_gi gi, unsigned profile_id, const nv_placement *placement,
				  nv_ci *ci);
	nv_return (*ci_destroy)(nv_ci ci);

	/* MIG devices */
	nv_return (*max_mig_devices)(nv_device device, unsigned *count);
	nv_return (*mig_handle)(nv_device device, unsigned index, nv_device *mig);
	nv_return (*mig_gi_id)(nv_device mig, unsigned *id);
	nv_return (*mig_ci_id)(nv_device mig, unsigned *id);

	/* processes */
	nv_return (*processes)(nv_device device, unsigned *count, void *infos);
	int processes_v1; /* 16-byte entries, no GI/CI */
	/* Graphics clients (Xorg, a compositor): on the whole GPU only. */
	nv_return (*graphics_processes)(nv_device device, unsigned *count, void *infos);
	int graphics_processes_v1;
	nv_return (*process_name)(unsigned pid, char *name, unsigned length);
};

/*
 * Shared by nvml_backend.c (loading, changes), nvml_snapshot.c (reading) and
 * nvml_model.c (a GPU's model) ---------------------------------------------
 */

struct gpu_rec;
struct mig_ci_table;
struct mig_dyn_model;

#define MAX_LIST 32 /* more GIs/CIs/placements than any profile can have */

/* Record "<what>: the driver answered: <its text>" and return rc. */
int mig__nvml_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Build GPU `index` (profiles, instances, MIG UUIDs, the driver's free counts). */
int mig__nvml_read_gpu(struct mig_nvml *nv, mig_state *st, unsigned index, const char *driver,
		       struct gpu_rec *out);
/* The CI profiles the driver offers inside GI `gi`. */
int mig__nvml_ci_table(struct mig_nvml *nv, nv_gi gi, struct mig_ci_table *out);
/*
 * GPU `dev`'s model in d: profiles from the driver where MIG is on (`capable`
 * and `cur`), else the catalog's; memory and sensors (nvml_model.c).
 */
int mig__nvml_build_model(struct mig_nvml *nv, nv_device dev, struct mig_dyn_model *d,
			  const nv_pci_info *pci, const char *driver, int capable, unsigned cur);
/* A profile index NVML does not offer on this board (§nvml-A.3). */
int mig__nvml_absent(nv_return rc);
/* Copy a driver string into a field, cut to fit (the driver's buffers are larger). */
void mig__nvml_copy_text(char *dst, size_t len, const char *src);
/* Pin the driver's UUID of MIG device (gi, ci) of `device` on g, if the driver has one. */
void mig__nvml_pin_uuid(struct mig_nvml *nv, nv_device device, struct gpu_rec *g, unsigned gi,
			unsigned ci);
/* The ops of a state from mig_node_begin: changes go to the driver (nvml_backend.c). */
extern const struct mig_backend_ops mig__nvml_live_ops;

#endif
