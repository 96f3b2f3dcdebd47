/*
 * state.h - the in-memory layout of a node's GPUs (internal).
 *
 * Shared by the model (state*.c), the placement rules (placement.c), the
 * state file codec (state_json.c) and the node (src/node), which attaches
 * the real-GPU backend (backend.h).  Callers outside libmig see only the
 * opaque mig_state.  Nothing here knows which backend is attached.
 */
#ifndef MIG_STATE_H
#define MIG_STATE_H

#include <stdint.h>

#include "backend.h"
#include "catalog.h"
#include "mig.h"

/*
 * MIG_MAX_GIS (NV2080_CTRL_GPU_MAX_PARTITIONS: at most 8 GIs per GPU, §geometry-1.4),
 * MIG_MAX_CIS (a 7g GI holds at most seven 1c CIs) and MIG_MAX_GPUS are
 * public: include/mig.h.
 */

typedef struct ci_rec {
	unsigned id;
	unsigned profile;   /* NVML CI profile ID */
	unsigned start;     /* compute slices within the GI */
	unsigned slices;
} ci_rec;

typedef struct gi_rec {
	unsigned id;        /* swizzId of the placement (§geometry-1.5) */
	const cat_gi *profile;
	unsigned start;     /* placement units */
	unsigned nci;
	ci_rec ci[MIG_MAX_CIS]; /* kept sorted by CI ID */
} gi_rec;

/* A MIG device UUID fixed by the user (mig_gpu_pin_mig_uuid). */
typedef struct uuid_pin {
	uint8_t gi, ci;
	char uuid[48];
} uuid_pin;

#define MIG_MAX_PINS (15 * MIG_MAX_CIS)

typedef struct gpu_rec {
	const cat_model *model;
	char driver[32];
	uint32_t drv;       /* MIG_DRV() of driver */
	char serial[32];
	char bus_id[32];
	char uuid[48];      /* the GPU UUID: explicit, or derived from the serial */
	unsigned npin;
	uuid_pin pin[MIG_MAX_PINS];
	int mirrored;
	mig_reset_policy reset;
	int persistence_off; /* persistence mode disabled (mig_gpu_spec.persistence_off) */
	int numa;           /* host NUMA node (mig_gpu_spec.numa_node - 1); -1: by platform */
	char cpus[MIG_CPULIST_MAX]; /* canonical explicit CPU list, or "" */
	int mig_current, mig_pending;
	unsigned ngi;
	gi_rec gi[MIG_MAX_GIS]; /* kept sorted by GI ID */
} gpu_rec;

/*
 * A state's backend attachment (backend.h): one ops table and its
 * context.  NULL ops: the emulated node, where the model is the truth.
 */
struct mig_state {
	uint64_t generation;
	unsigned ngpu;
	gpu_rec *gpu;
	size_t nproc, proc_cap;
	mig_process *proc;
	/* Sharing modes of processes (share_state.c): only those of listed processes count. */
	size_t nshare, share_cap;
	struct mig_share_rec *share;
	int lock_fd;        /* held by a mig_node_begin transaction, else -1 */
	const struct mig_backend_ops *ops;
	void *ctx;
	/* Emulated loads of the processes (load.c) and the telemetry clock. */
	struct mig_load_rec *loads;
	size_t nloads;
	double now;         /* Unix seconds; 0: the real clock */
};

/* A process's emulated load: pid and start time as its record's (load.c). */
typedef struct mig_load_rec {
	unsigned pid;
	unsigned long long start_time;
	double since;       /* Unix time the load started */
	mig_load *load;     /* shared between clones (reference counted) */
} mig_load_rec;

/* Placement rules (placement.c) ---------------------------------------- */

/* Memory slices covered by a GI of `p` starting at `start` (units). */
uint32_t mig__gi_slot_mask(const cat_model *m, const cat_gi *p, unsigned start);
/* GI ID (swizzId) of a placement, canonical or half-mirrored. */
unsigned mig__gi_id_for(const gpu_rec *g, const cat_gi *p, unsigned start);
/* 1 if a GI of p at start fits next to the existing GIs (slices, engines). */
int mig__gi_fits(const gpu_rec *g, const cat_gi *p, unsigned start);
unsigned mig__gi_remaining(const gpu_rec *g, const cat_gi *p);
/* Automatic placement; returns 0 and *start, or -1 when nothing fits. */
int mig__gi_auto_start(const gpu_rec *g, const cat_gi *p, unsigned *start);

/* CI profile `id` of a GI; 0 on success, -1 if the GI has no such profile. */
int mig__ci_profile(mig_ci_profile_info *out, const cat_gi *p, unsigned id);
int mig__ci_fits(const gi_rec *gi, const mig_ci_profile_info *cp, unsigned start);
unsigned mig__ci_remaining(const gi_rec *gi, const mig_ci_profile_info *cp);
int mig__ci_auto_start(const gi_rec *gi, const mig_ci_profile_info *cp, unsigned *start);
unsigned mig__ci_lowest_free_id(const gi_rec *gi);

/* State internals (state*.c) ------------------------------------------ */

/* The GPU, or NULL with mig_errmsg set (NOT_FOUND / INVALID_ARGUMENT). */
gpu_rec *mig__gpu(const mig_state *st, unsigned gpu);
/* GI `gi` of GPU `gpu` in MIG mode; else an error naming `what` (state_instance.c). */
int mig__find_gi(gi_rec **out, const mig_state *st, unsigned gpu, unsigned gi, const char *what);
gi_rec *mig__gi(gpu_rec *g, unsigned gi);
/* Insert records already checked by the caller (keeps sort order). */
gi_rec *mig__gi_insert(gpu_rec *g, unsigned id, const cat_gi *p, unsigned start);
ci_rec *mig__ci_insert(gi_rec *gi, unsigned id, const mig_ci_profile_info *cp, unsigned start);
int mig__process_append(mig_state *st, const mig_process *p);
/* Copy at most len bytes of a name as valid UTF-8 that fits in size (NUL included). */
size_t mig__copy_name(char *dst, size_t size, const char *src, size_t len);
/* Is process pid (started at start_time, 0 = unknown) still running? */
int mig__pid_alive(unsigned pid, unsigned long long start_time);
/* Start time of a live pid from /proc, or 0. */
unsigned long long mig__pid_start_time(unsigned pid);

/* Emulated load (load.c) ----------------------------------------------- */

/* The load of process p, or NULL. */
const mig_load_rec *mig__load_of(const mig_state *st, const mig_process *p);
/* Give pid (started at start_time) `load`, which st now owns. */
int mig__load_put(mig_state *st, unsigned pid, unsigned long long start_time, mig_load *load,
		  double since);
int mig__loads_clone(mig_state *copy, const mig_state *st);
void mig__loads_free(mig_state *st);
/* The state's telemetry time (mig_state_set_time, else the clock). */
double mig__state_now(const mig_state *st);
/*
 * What process p does now: its load's point, or for a process without one
 * the fixed figures of its record (all SMs when it holds memory).  Returns
 * 1 when p has a load.
 */
int mig__process_sample(mig_load_point *out, const mig_state *st, const mig_process *p);
/* The memory p holds now, a load's bounded by its instance's (telemetry.c). */
unsigned long long mig__process_mib(const mig_state *st, const mig_process *p);

/* Sharing records (share_state.c) ------------------------------------------ */

/* The sharing of one process, keyed like its process record. */
typedef struct mig_share_rec {
	unsigned pid, gpu;
	unsigned long long start_time;
	mig_share share;
} mig_share_rec;

/* Give `copy` (a clone of `st`) its own copy of st's sharing records. */
int mig__share_clone(mig_state *copy, const mig_state *st);
/* The state file's "share" object of process p, or NULL when it has none (or no memory). */
struct json_t *mig__share_to_json(const mig_state *st, const mig_process *p);
/* Read the "share" object (NULL: none) of process p, just appended to st. */
int mig__share_from_json(mig_state *st, const mig_process *p, struct json_t *o,
			 const char *where);

/* UUIDs (uuid.c) --------------------------------------------------------- */

void mig__gpu_uuid(char out[48], const char *serial);
/* The CPU affinity of a spec into g (affinity.c); INVALID_ARGUMENT if malformed. */
int mig__affinity_set(gpu_rec *g, const mig_gpu_spec *spec);
void mig__mig_uuid(char out[48], const char *gpu_uuid, unsigned gi, unsigned ci);
/* The UUID of MIG device (gi, ci) of g: its pin, else derived. */
void mig__device_uuid(char out[48], const gpu_rec *g, unsigned gi, unsigned ci);
/* 1 if s is prefix + 8-4-4-4-12 lower-case hex. */
int mig__uuid_valid(const char *s, const char *prefix);

#endif
