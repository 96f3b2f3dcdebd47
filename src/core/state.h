/*
 * state.h - the in-memory layout of a node's GPUs (internal).
 *
 * Shared by the state machine (state.c), the placement rules
 * (placement.c), the state file codec (state_json.c) and the node
 * (src/node).  Callers outside libmig see only the opaque mig_state.
 */
#ifndef MIG_STATE_H
#define MIG_STATE_H

#include <stdint.h>

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
	/* A GPU read from a driver (NVML backend): its model, owned by the state's dyn[]; else NULL. */
	struct mig_dyn_model *dyn;
} gpu_rec;

/*
 * What a backend other than the emulated node does instead of the state
 * machine (src/node/nvml_backend.c).  Each entry has the contract of the
 * public call it replaces and updates the state to what the driver did.
 */
struct mig_backend_ops {
	int (*set_mig_mode)(mig_state *st, unsigned gpu, int enable, int *activation);
	int (*create_gi)(mig_state *st, unsigned *out_gi, unsigned gpu, unsigned profile_id,
			 const mig_placement *at);
	int (*destroy_gi)(mig_state *st, unsigned gpu, unsigned gi);
	int (*create_ci)(mig_state *st, unsigned *out_ci, unsigned gpu, unsigned gi,
			 int ci_profile, const mig_placement *at);
	int (*destroy_ci)(mig_state *st, unsigned gpu, unsigned gi, unsigned ci);
	int (*gi_remaining)(const mig_state *st, unsigned *out, unsigned gpu, unsigned profile_id);
	int (*ci_remaining)(const mig_state *st, unsigned *out, unsigned gpu, unsigned gi,
			    unsigned ci_profile);
};

struct mig_state {
	uint64_t generation;
	unsigned ngpu;
	gpu_rec *gpu;
	size_t nproc, proc_cap;
	mig_process *proc;
	int lock_fd;        /* held by a mig_node_begin transaction, else -1 */
	/*
	 * Real GPUs (the NVML backend).  `real` marks every snapshot of them;
	 * `ops` and `ctx` only a state from mig_node_begin, whose changes go to
	 * the driver as they are made.  A copy (mig_state_clone) keeps `real`
	 * but not `ops`: it is a what-if the model answers alone.
	 */
	int real;
	const struct mig_backend_ops *ops;
	void *ctx;
	/* Models built from a driver's answers, owned here (dynmodel.c). */
	struct mig_dyn_model **dyn;
	unsigned ndyn;
};

/*
 * A GPU model built at run time from a driver's answers (NVML backend):
 * the catalog row layout, with the strings and CI tables it points to,
 * and the driver's remaining capacities as of the snapshot.
 */
typedef struct mig_free {
	uint8_t known;      /* 1: the driver was asked */
	uint8_t n;          /* its answer when rc == 0 */
	uint16_t rc;        /* its return code */
} mig_free;

#define MIG_MAX_GI_ID 16

typedef struct mig_dyn_model {
	cat_model m;
	char key[32];
	char name[96];
	char driver[32];
	char gi_name[MIG_CAT_MAX_GI][40];
	uint8_t has_ci[MIG_CAT_MAX_GI]; /* ci[i] holds the driver's CI profiles of row i */
	mig_ci_table ci[MIG_CAT_MAX_GI];
	/* Remaining capacities answered at snapshot time; dropped on any change. */
	int free_valid;
	mig_free gi_free[MIG_CAT_MAX_GI];                  /* by row */
	mig_free ci_free[MIG_MAX_GI_ID][MIG_CI_TABLE_MAX]; /* by GI ID, CI profile ID */
	/* Sensor figures the driver reported at snapshot time (MIG_TELE_* bits say which). */
	unsigned tele_known;
	mig_gpu_telemetry_info tele;
} mig_dyn_model;

enum {
	MIG_TELE_UTIL = 1u << 0,   /* gpu_util_percent (MIG_NA: the driver has none) */
	MIG_TELE_POWER = 1u << 1,  /* power_draw_mw */
	MIG_TELE_LIMIT = 1u << 2,  /* power_limit_mw */
	MIG_TELE_TEMP = 1u << 3,   /* temperature_c */
	MIG_TELE_MEMORY = 1u << 4  /* memory_total/used/free_mib */
};

/* Dynamic models (dynmodel.c) ---------------------------------------------- */

/* A zeroed model owned by st (freed with it); NULL with mig_errmsg set. */
mig_dyn_model *mig__dyn_new(mig_state *st);
/* Point the model's strings, rows and CI tables at its own storage. */
void mig__dyn_link(mig_dyn_model *d);
/* Give `copy` (a fresh clone of `st`) its own copies of st's models. */
int mig__dyn_clone(mig_state *copy, const mig_state *st);
void mig__dyn_free_all(mig_state *st);
/* Row index of p in d's model, or -1. */
int mig__dyn_row(const mig_dyn_model *d, const cat_gi *p);
/* The state of GPU g changed in memory: the driver's answers no longer hold. */
void mig__dyn_touch(gpu_rec *g);
/*
 * Replace the modelled figures in `out` by those the driver reported for a
 * GPU read through NVML (nothing for an emulated GPU).  mig_gpu_telemetry
 * calls it last.
 */
void mig__dyn_telemetry(mig_gpu_telemetry_info *out, const gpu_rec *g);

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

/* State internals (state.c) ------------------------------------------ */

/* The GPU, or NULL with mig_errmsg set (NOT_FOUND / INVALID_ARGUMENT). */
gpu_rec *mig__gpu(const mig_state *st, unsigned gpu);
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

/* UUIDs (uuid.c) --------------------------------------------------------- */

void mig__gpu_uuid(char out[48], const char *serial);
void mig__mig_uuid(char out[48], const char *gpu_uuid, unsigned gi, unsigned ci);
/* The UUID of MIG device (gi, ci) of g: its pin, else derived. */
void mig__device_uuid(char out[48], const gpu_rec *g, unsigned gi, unsigned ci);
/* 1 if s is prefix + 8-4-4-4-12 lower-case hex. */
int mig__uuid_valid(const char *s, const char *prefix);

#endif
