/*
 * slurm.h - Slurm's view of a node's GPUs (internal to migctl; docs/slurm.md).
 *
 * The GRES type names Slurm's gpu/nvml plugin gives each GPU and MIG
 * device, per Slurm version, and the gres.conf / slurm.conf lines that
 * declare a node's current layout so that slurmd's registration matches.
 * Depends on libmig's public header only.
 */
#ifndef MIGCTL_SLURM_H
#define MIGCTL_SLURM_H

#include <stddef.h>

#include "mig.h"

typedef enum slurm_version {
	SLURM_22_05 = 0, /* "<name up to its first '-'>_<g>g.<round(GiB)>gb" */
	SLURM_23_02 = 1  /* "<name>_<profile>": 23.02 and later (not checked against a real slurmd) */
} slurm_version;

/* "22.05" or "23.02+" (also "23.02", "23.11", "24.05", ...); -1 if not a version we name. */
int slurm_version_parse(slurm_version *out, const char *text);

/* Lower-case, blanks to '_', as Slurm's gpu_common_underscorify_tolower. */
void slurm_underscorify(char *s);

/*
 * The type slurmd detects for a whole GPU of model m: its NVML name
 * underscorified ("nvidia_a100-sxm4-40gb"); with `short_type`, the model's
 * family word alone ("a100"), which no MIG type of another family contains.
 */
void slurm_gpu_type(char *out, size_t len, const mig_model *m, int short_type);

/* The type slurmd detects for a MIG device of GI profile p on model m. */
void slurm_mig_type(char *out, size_t len, const mig_model *m, const mig_gi_profile *p,
		    slurm_version v);

/* The most compute slices a GI of model m has under a driver (7 on A100, 4 on A30). */
unsigned slurm_full_slices(const mig_model *m, const char *driver);

/* A site's own name for a type: Slurm matches configured types as substrings of detected ones. */
typedef struct slurm_alias {
	const char *profile; /* "3g.20gb" (a MIG profile) or "gpu" (whole GPUs) */
	const char *alias;   /* "a100_3g.20gb" */
} slurm_alias;

typedef struct slurm_conf_opts {
	const char *node;        /* NodeName */
	slurm_version version;
	int short_whole;         /* short whole-GPU types (slurm_gpu_type) */
	const slurm_alias *alias;
	size_t nalias;
	const char *future;      /* the State=FUTURE catalog node's name, or NULL */
	const char *allowed;     /* comma-separated GI profiles the catalog node offers; NULL: all */
	const char *partition;   /* a partition with TRESBillingWeights, or NULL */
} slurm_conf_opts;

/* One GRES type of a node: its name, how many, and its share of a GPU. */
typedef struct slurm_type {
	char name[128];
	char profile[32];        /* "3g.20gb", or "" for a whole GPU */
	unsigned count;
	double share;            /* compute slices / the GPU's, 1 for a whole GPU */
} slurm_type;

#define SLURM_MAX_TYPES 64

/*
 * The GRES types of a node's current layout, MIG types first (so that a
 * whole-GPU type never takes a MIG device's record).  MIG_ERROR_INVALID_ARGUMENT
 * with mig_errmsg naming the GPU when one has MIG on and no MIG device
 * (slurmd stops on such a node) or an alias is not part of its type.
 */
int slurm_node_types(slurm_type *out, size_t cap, size_t *n, const mig_state *st,
		     const slurm_conf_opts *o);

/* "gpu:T1:N1,gpu:T2:N2" of those types (for Gres= and slurmd -Z --conf). */
int slurm_gres_value(char *out, size_t len, const slurm_type *t, size_t n);

/* The gres.conf and slurm.conf text for the node: malloc'd into *out. */
int slurm_conf_text(char **out, const mig_state *st, const slurm_conf_opts *o);

#endif
