/*
 * state.c - a state's lifecycle and its records: new, free, clone, and
 * the sorted GI and CI records every other part of the model uses.
 *
 * The model is split by concern: GPUs and their profiles (state_gpu.c),
 * GPU and compute instances (state_instance.c), processes
 * (state_process.c); the public changes dispatch to a backend or to the
 * model in one place (backend.c).  Every refusal names what was refused
 * and why, with the NVML return code the driver gives for it (NVML API
 * reference; docs/nvml.md).
 */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"

int mig_state_new(mig_state **out)
{
	mig_state *st = calloc(1, sizeof(*st));

	if (!st)
		return mig__fail(MIG_ERROR_MEMORY, "allocating a state: out of memory");
	st->lock_fd = -1;
	*out = st;
	return MIG_SUCCESS;
}

void mig_state_free(mig_state *st)
{
	if (!st)
		return;
	if (st->ops && st->ops->free)
		st->ops->free(st);
	mig__loads_free(st);
	free(st->gpu);
	free(st->proc);
	free(st->share);
	free(st);
}

int mig_state_clone(mig_state **out, const mig_state *st)
{
	mig_state *c;
	int rc = mig_state_new(&c);

	if (rc)
		return rc;
	c->generation = st->generation;
	if (st->ngpu) {
		c->gpu = malloc(st->ngpu * sizeof(*c->gpu));
		if (!c->gpu)
			goto fail;
		memcpy(c->gpu, st->gpu, st->ngpu * sizeof(*c->gpu));
		c->ngpu = st->ngpu;
	}
	if (st->nproc) {
		c->proc = malloc(st->nproc * sizeof(*c->proc));
		if (!c->proc)
			goto fail;
		memcpy(c->proc, st->proc, st->nproc * sizeof(*c->proc));
		c->nproc = c->proc_cap = st->nproc;
	}
	/* A copy of real GPUs is a what-if: the backend gives it its own attachment. */
	if ((st->ops && st->ops->clone && st->ops->clone(c, st) != MIG_SUCCESS) ||
	    mig__share_clone(c, st) != MIG_SUCCESS)
		goto fail;
	if (mig__loads_clone(c, st) != MIG_SUCCESS)
		goto fail;
	*out = c;
	return MIG_SUCCESS;
fail:
	mig_state_free(c);
	return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
}

unsigned mig_state_gpu_count(const mig_state *st)
{
	return st->ngpu;
}

uint64_t mig_state_generation(const mig_state *st)
{
	return st->generation;
}

gpu_rec *mig__gpu(const mig_state *st, unsigned gpu)
{
	if (gpu >= st->ngpu) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU %u: no such GPU (the node has %u)",
			  gpu, st->ngpu);
		return NULL;
	}
	return &st->gpu[gpu];
}

gi_rec *mig__gi(gpu_rec *g, unsigned gi)
{
	for (unsigned i = 0; i < g->ngi; i++)
		if (g->gi[i].id == gi)
			return &g->gi[i];
	return NULL;
}

gi_rec *mig__gi_insert(gpu_rec *g, unsigned id, const cat_gi *p, unsigned start)
{
	unsigned i = g->ngi;

	while (i > 0 && g->gi[i - 1].id > id) {
		g->gi[i] = g->gi[i - 1];
		i--;
	}
	memset(&g->gi[i], 0, sizeof(g->gi[i]));
	g->gi[i].id = id;
	g->gi[i].profile = p;
	g->gi[i].start = start;
	g->ngi++;
	return &g->gi[i];
}

ci_rec *mig__ci_insert(gi_rec *gi, unsigned id, const mig_ci_profile_info *cp, unsigned start)
{
	unsigned i = gi->nci;

	while (i > 0 && gi->ci[i - 1].id > id) {
		gi->ci[i] = gi->ci[i - 1];
		i--;
	}
	gi->ci[i].id = id;
	gi->ci[i].profile = cp->id;
	gi->ci[i].start = start;
	gi->ci[i].slices = cp->slices;
	gi->nci++;
	return &gi->ci[i];
}
