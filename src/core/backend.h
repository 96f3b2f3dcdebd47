/*
 * backend.h - what a state's backend does instead of, or beside, the
 * model (internal).
 *
 * A state is the model of a node's GPUs (state.h).  On the emulated node
 * the model is the truth and no backend is attached.  On real GPUs the
 * node (src/node) attaches one ops table and its context: the driver
 * makes the changes, answers the capacity questions and reports sensors,
 * and the model follows.  Core code asks the ops table, never which
 * backend it is; the backend's own code and data live in src/node.
 *
 * Every entry may be NULL: the model does it.  Each non-NULL entry has
 * the contract of the public call it replaces (include/mig.h) and leaves
 * the state as the driver left it.
 */
#ifndef MIG_BACKEND_H
#define MIG_BACKEND_H

#include "mig.h"

enum {
	/*
	 * The GPUs and their processes are the hardware's: they are not
	 * added, removed, reset, rebooted, attached or detached through libmig.
	 */
	MIG_BACKEND_FIXED_GPUS = 1u << 0
};

struct mig_backend_ops {
	unsigned flags; /* MIG_BACKEND_* */

	/* Changes (mig.h's mig_set_mig_mode ... mig_destroy_ci). */
	int (*set_mig_mode)(mig_state *st, unsigned gpu, int enable, int *activation);
	int (*create_gi)(mig_state *st, unsigned *out_gi, unsigned gpu, unsigned profile_id,
			 const mig_placement *at);
	int (*destroy_gi)(mig_state *st, unsigned gpu, unsigned gi);
	int (*create_ci)(mig_state *st, unsigned *out_ci, unsigned gpu, unsigned gi,
			 int ci_profile, const mig_placement *at);
	int (*destroy_ci)(mig_state *st, unsigned gpu, unsigned gi, unsigned ci);

	/* Remaining capacity (mig_gi_remaining, mig_ci_remaining). */
	int (*gi_remaining)(const mig_state *st, unsigned *out, unsigned gpu, unsigned profile_id);
	int (*ci_remaining)(const mig_state *st, unsigned *out, unsigned gpu, unsigned gi,
			    unsigned ci_profile);

	/* The model changed GPU `gpu` in memory: answers saved before no longer hold. */
	void (*touch)(mig_state *st, unsigned gpu);
	/* Replace modelled sensor figures in `out` by those the backend measured. */
	void (*telemetry)(const mig_state *st, unsigned gpu, mig_gpu_telemetry_info *out);
	/*
	 * Give `copy`, a fresh byte copy of st's records, an attachment of
	 * its own (a copy is a what-if: it never reaches the hardware).
	 */
	int (*clone)(mig_state *copy, const mig_state *st);
	/* Release the context (the state is being freed). */
	void (*free)(mig_state *st);
};

/* 1 if st's GPUs are the hardware's (MIG_BACKEND_FIXED_GPUS). */
int mig__backend_fixed(const mig_state *st);
/* Refuse `what` on hardware-owned GPUs: MIG_ERROR_NOT_SUPPORTED with a reason. */
int mig__backend_refuse(const char *what);
/* Tell the backend (if any) that GPU `gpu` changed in memory. */
void mig__backend_touch(mig_state *st, unsigned gpu);

/*
 * The model's own answers (state_gpu.c, state_instance.c): what the
 * public calls do with no backend entry, and what a backend may ask to
 * explain a refusal or to answer where the hardware was not asked.
 */
int mig__model_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation);
int mig__model_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu, unsigned profile_id,
			 const mig_placement *at);
int mig__model_destroy_gi(mig_state *st, unsigned gpu, unsigned gi);
int mig__model_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi,
			 int ci_profile, const mig_placement *at);
int mig__model_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci);
int mig__model_gi_remaining(unsigned *out, const mig_state *st, unsigned gpu,
			    unsigned profile_id);
int mig__model_ci_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned gi,
			    unsigned ci_profile);

#endif
