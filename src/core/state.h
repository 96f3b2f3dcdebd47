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

/* NV2080_CTRL_GPU_MAX_PARTITIONS (spec §1.4): at most 8 GIs per GPU. */
#define MIG_MAX_GI 8
/* A 7g GI holds at most seven 1c CIs. */
#define MIG_MAX_CI 8
#define MIG_MAX_GPUS 64

typedef struct ci_rec {
	unsigned id;
	unsigned profile;   /* NVML CI profile ID */
	unsigned start;     /* compute slices within the GI */
	unsigned slices;
} ci_rec;

typedef struct gi_rec {
	unsigned id;        /* swizzId of the placement (spec §1.5) */
	const cat_gi *profile;
	unsigned start;     /* placement units */
	unsigned nci;
	ci_rec ci[MIG_MAX_CI]; /* kept sorted by CI ID */
} gi_rec;

/* A MIG device UUID fixed by the user (mig_gpu_pin_mig_uuid). */
typedef struct uuid_pin {
	uint8_t gi, ci;
	char uuid[48];
} uuid_pin;

#define MIG_MAX_PINS (15 * MIG_MAX_CI)

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
	int mig_current, mig_pending;
	unsigned ngi;
	gi_rec gi[MIG_MAX_GI]; /* kept sorted by GI ID */
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
};

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
void mig__mig_uuid(char out[48], const char *gpu_uuid, unsigned gi, unsigned ci);
/* The UUID of MIG device (gi, ci) of g: its pin, else derived. */
void mig__device_uuid(char out[48], const gpu_rec *g, unsigned gi, unsigned ci);
/* 1 if s is prefix + 8-4-4-4-12 lower-case hex. */
int mig__uuid_valid(const char *s, const char *prefix);

#endif
