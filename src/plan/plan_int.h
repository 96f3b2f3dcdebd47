/*
 * plan_int.h - what the files of src/plan share (internal): the lattice of
 * legal layouts per (model, driver), the fleet and demand as parsed, and
 * the per-GPU optimiser.  The public API is include/migplan.h.
 */
#ifndef MIGPLAN_INT_H
#define MIGPLAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "migplan.h"

/* GI profiles and (profile, placement) items of one model; both fit a uint32_t mask. */
#define MP_MAX_PROF MIG_MAX_GI_PROFILES
#define MP_MAX_ITEMS 32
/* At most this many GIs of one profile fit on any GPU (NVML's 8 partitions). */
#define MP_MAX_K 8

typedef struct mp_item {
	uint8_t prof;            /* index into the lattice's profiles */
	uint8_t start, size;     /* placement units */
} mp_item;

/*
 * Every legal GI layout of one (model, driver): a layout is the set of
 * items it holds, as a bit mask over item[].  The set is closed under
 * subsets (removing a GI never makes a layout illegal), which the search
 * relies on.  Built once from libmig's own placement rules.
 */
typedef struct mp_lattice {
	const mig_model *model;
	char driver[32];
	size_t nprof;
	const mig_gi_profile *prof[MP_MAX_PROF];
	mig_gi_profile_info info[MP_MAX_PROF];
	unsigned full_ci[MP_MAX_PROF];   /* CI profile ID of the full-GI CI */
	unsigned total_slices;           /* compute slices of the whole GPU (7, 4) */
	size_t nitem;
	mp_item item[MP_MAX_ITEMS];
	uint32_t pmask[MP_MAX_PROF];     /* items of each profile */
	size_t n;                        /* legal layouts */
	uint32_t *mask;                  /* [n], mask[0] == 0 (the empty GPU) */
	uint8_t *used;                   /* [n] compute slices in use */
	uint8_t *fit;                    /* [n * nprof] most GIs of a profile that still fit */
	int32_t *succ;                   /* [n * nitem] layout after adding an item, or -1 */
	size_t hcap;                     /* open-addressing table mask -> index */
	uint32_t *hkey;
	int32_t *hval;
} mp_lattice;

int mp_lattice_build(mp_lattice **out, const mig_model *m, const char *driver);
void mp_lattice_free(mp_lattice *l);
/* Index of a legal layout, or -1. */
int32_t mp_lattice_find(const mp_lattice *l, uint32_t mask);
/* The item of profile index p at `start`, or -1. */
int mp_lattice_item(const mp_lattice *l, unsigned p, unsigned start);
/* Profile index by name ("3g.40gb", compared numerically), or -1. */
int mp_lattice_profile(const mp_lattice *l, const char *name);
/* Stranded compute slices of layout `idx` for a demand mix (weights per profile; docs/planning.md). */
double mp_lattice_frag(const mp_lattice *l, size_t idx, const double *mix);

/* ------------------------------------------------------------------ */
/* Fleet                                                              */
/* ------------------------------------------------------------------ */

#define MP_MAX_GI 8
#define MP_MAX_CI 8

typedef struct mp_ci {
	unsigned id, profile;    /* CI ID, NVML CI profile ID */
	unsigned start, size;
	unsigned procs;
	char uuid[48];
} mp_ci;

typedef struct mp_gi {
	unsigned id;             /* GI ID */
	unsigned prof;           /* lattice profile index */
	unsigned start;
	int item;                /* lattice item */
	int busy;                /* processes, or held by a job */
	char holder[64];         /* who holds it ("job 42"), "" if nobody */
	unsigned priority;       /* of the work on it (defragmentation cost) */
	double age_s;            /* how long it has been busy (defragmentation cost) */
	size_t nci;
	mp_ci ci[MP_MAX_CI];
} mp_gi;

typedef struct mp_gpu {
	size_t node;             /* index into the fleet's nodes */
	unsigned index;          /* nvidia-smi index on its node */
	char uuid[48];
	mp_lattice *lat;
	int mig;                 /* MIG mode (current) */
	unsigned gpu_procs;      /* processes on the whole GPU: no mode change */
	size_t ngi;
	mp_gi gi[MP_MAX_GI];
	uint32_t busy, idle, reuse; /* item masks: busy GIs, idle GIs, idle GIs with their full CI */
} mp_gpu;

typedef struct mp_node {
	char *name;
	size_t first, ngpu;      /* its GPUs: fleet->gpu[first .. first + ngpu) */
} mp_node;

struct migplan_fleet {
	size_t nnode, ngpu, nlat;
	mp_node *node;
	mp_gpu *gpu;
	mp_lattice **lat;
};

/* The lattice of (model, driver), built on first use. */
mp_lattice *mp_fleet_lattice(migplan_fleet *f, const mig_model *m, const char *driver);
/* Compute a GPU's masks from its GIs; MIG_ERROR_INVALID_ARGUMENT when the layout is not legal. */
int mp_gpu_masks(mp_gpu *g);
migplan_fleet *mp_fleet_new(void);
/* Append a node (name copied); its GPUs follow with mp_fleet_add_gpu. */
int mp_fleet_add_node(migplan_fleet *f, const char *name);
mp_gpu *mp_fleet_add_gpu(migplan_fleet *f);

/* ------------------------------------------------------------------ */
/* Demand                                                             */
/* ------------------------------------------------------------------ */

typedef struct mp_req {
	char *id;
	unsigned count, priority;
	char *profile;           /* by profile, or NULL */
	uint64_t memory_mib;     /* by resources: 0 = no need */
	double compute;          /* fraction of the GPU's compute slices, 0 = none */
	unsigned sms;            /* 0 = none */
	int media;               /* 1: needs decode + JPEG + OFA */
	size_t nmodels, nnodes, ngpus;
	char **models, **nodes, **gpus;
	unsigned line, col;      /* where it was written */
} mp_req;

struct migplan_demand {
	size_t n, cap;
	mp_req *req;
};

/*
 * The profile index serving r on lattice l, or -1 (model excluded, no such
 * profile, or no profile meets the needs); `why` says why this profile
 * (requests by resources) or why none.
 */
int mp_resolve(const mp_req *r, const mp_lattice *l, char *why, size_t whylen);
/* Requests by resources: the profile chosen on each model of the fleet and why; free() it. */
char *mp_choice(const migplan_fleet *f, const mp_req *q);

/* ------------------------------------------------------------------ */
/* The per-GPU optimiser                                              */
/* ------------------------------------------------------------------ */

/* What one GPU is asked: per profile, the weights of the best units, descending. */
typedef struct mp_ask {
	unsigned k[MP_MAX_PROF];
	uint64_t prefix[MP_MAX_PROF][MP_MAX_K + 1]; /* prefix[p][j]: the best j units' weight */
	double mix[MP_MAX_PROF];  /* demand mix for the fragmentation tie-break */
} mp_ask;

typedef struct mp_best {
	int32_t idx;             /* chosen layout (lattice index); -1: nothing to do */
	uint32_t mask;
	uint64_t value;          /* criterion (a) */
	unsigned cost;           /* criterion (c): steps */
	double frag;             /* criterion (d) */
	unsigned avail[MP_MAX_PROF]; /* instances of each profile ready for requests */
	uint32_t rebuild;        /* idle GIs destroyed and made again with their full CI */
} mp_best;

/* Steps to destroy an idle GI (its CIs and itself). */
unsigned mp_destroy_cost(const mp_gpu *g, uint32_t item);
/*
 * The best final layout of one GPU for `ask` by criteria (a)-(d) of
 * docs/planning.md, searching every legal layout that keeps its busy GIs.
 */
void mp_gpu_best(mp_best *out, const mp_gpu *g, const mp_ask *ask);

/* ------------------------------------------------------------------ */
/* Results                                                            */
/* ------------------------------------------------------------------ */

typedef struct mp_req_out {
	unsigned placed;
	char *why;               /* why units stayed unplaced, or NULL */
} mp_req_out;

typedef struct mp_gpu_out {
	uint32_t mask;           /* final layout */
	uint32_t rebuild;        /* idle GIs in it that are made again (their CIs change) */
	int changed;
} mp_gpu_out;

/* A busy GI to move elsewhere (defragmentation proposal). */
typedef struct mp_move {
	size_t from_gpu, to_gpu; /* fleet GPU indices */
	unsigned gi;             /* GI ID on from_gpu */
	unsigned prof;           /* lattice profile index */
	unsigned to_start;
	const char *for_request; /* the request it makes room for, or NULL (consolidation) */
} mp_move;

struct migplan_result {
	migplan_fleet *f;        /* borrowed */
	const migplan_demand *d; /* borrowed */
	size_t nplace, capplace;
	migplan_placement *place;
	mp_req_out *req;         /* [d->n] */
	mp_gpu_out *gpu;         /* [f->ngpu] */
	size_t nmove;
	mp_move *move;
	migplan_summary sum;
};

int mp_gpu_allowed(const migplan_fleet *f, const mp_req *r, const mp_gpu *g);
size_t mp_lat_index(const migplan_fleet *f, const mp_lattice *l);
/* Defragmentation proposals after planning (defrag.c); left[] = units unplaced. */
int mp_defrag(migplan_result *r, const int16_t *prof, const unsigned *left, int free_gpus);

/* The final layout of one node as a checkpoint. */
struct layout_snapshot;
int mp_node_snapshot(struct layout_snapshot **out, const migplan_result *r, size_t node);
/* GI ID the canonical swizzle gives a placement (§geometry-1.5). */
unsigned mp_canonical_gi(const mp_lattice *l, unsigned prof, unsigned start);

#endif
