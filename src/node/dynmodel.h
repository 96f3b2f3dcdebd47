/*
 * dynmodel.h - the real-GPU backend's side of a state (internal to
 * src/node): the GPU models built from a driver's answers, and the
 * attachment (ops table + context) that carries them.
 *
 * Core code sees only the ops table (src/core/backend.h); everything the
 * driver told us lives here, in the attachment's context.
 */
#ifndef MIG_DYNMODEL_H
#define MIG_DYNMODEL_H

#include <stdint.h>

#include "state.h"

struct mig_nvml;

/* One remaining-capacity answer of the driver, saved with a snapshot. */
typedef struct mig_drv_count {
	uint8_t known;      /* 1: the driver was asked */
	uint8_t n;          /* its answer when rc == 0 */
	uint16_t rc;        /* its return code */
} mig_drv_count;

#define MIG_MAX_GI_ID 16

/* CI profiles as a driver reported them, in CI profile ID order. */
typedef struct mig_ci_table {
	unsigned n;
	mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
} mig_ci_table;

/*
 * A GPU model built at run time from a driver's answers: the catalog row
 * layout with the strings it points to, the CI tables the driver reported
 * (a side table by row, which the catalog reads through `rt` while the
 * model is registered), and the driver's remaining capacities and sensor
 * figures as of the snapshot.
 */
typedef struct mig_dyn_model {
	cat_model m;
	cat_runtime rt;
	char key[32];
	char name[96];
	char driver[32];
	char gi_name[MIG_MAX_GI_PROFILES][40];
	uint8_t has_ci[MIG_MAX_GI_PROFILES]; /* ci[i] holds the driver's CI profiles of row i */
	mig_ci_table ci[MIG_MAX_GI_PROFILES];
	/* Remaining capacities answered at snapshot time; dropped on any change. */
	int free_valid;
	mig_drv_count gi_free[MIG_MAX_GI_PROFILES];                  /* by row */
	mig_drv_count ci_free[MIG_MAX_GI_ID][MIG_MAX_CI_PROFILES]; /* by GI ID, CI profile ID */
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

/*
 * The context of a state of real GPUs.  Every model built for the state
 * stays owned here until the state is freed (a GPU re-read after a mode
 * change gets a new one), so profile pointers callers hold stay valid.
 */
typedef struct mig_real_ctx {
	struct mig_nvml *nv;       /* live (mig_node_begin): changes go to it; else NULL */
	mig_dyn_model **all;
	unsigned nall;
	mig_dyn_model *gpu[MIG_MAX_GPUS]; /* each GPU's current model */
} mig_real_ctx;

/* Attach an empty snapshot context to st (no driver: the model answers changes). */
int mig__real_attach(mig_state *st);
/* st's context, or NULL when st is not of real GPUs. */
mig_real_ctx *mig__real_ctx(const mig_state *st);
/* GPU gpu's model, or NULL. */
mig_dyn_model *mig__dyn_of(const mig_state *st, unsigned gpu);

/* A zeroed model owned by st's context; NULL with mig_errmsg set. */
mig_dyn_model *mig__dyn_new(mig_state *st);
/* Point the model's strings and rows at its own storage. */
void mig__dyn_link(mig_dyn_model *d);
/* Row index of p in d's model, or -1. */
int mig__dyn_row(const mig_dyn_model *d, const cat_gi *p);

/* The entries a live state shares with a snapshot (nvml_backend.c builds on them). */
void mig__real_touch(mig_state *st, unsigned gpu);
void mig__real_telemetry(const mig_state *st, unsigned gpu, mig_gpu_telemetry_info *out);
int mig__real_clone(mig_state *copy, const mig_state *st);
void mig__real_free(mig_state *st);

/* A snapshot's ops: the model changes, the driver's saved answers hold until then. */
extern const struct mig_backend_ops mig__real_snapshot_ops;

#endif
