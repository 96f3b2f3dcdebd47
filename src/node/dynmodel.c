/*
 * dynmodel.c - GPU models built at run time from a driver's answers, and
 * the attachment that carries them on a state of real GPUs.
 *
 * On real GPUs (the NVML backend) the catalog is not the authority: the
 * driver is.  The backend fills a mig_dyn_model with the rows the driver
 * reports, in the catalog's own layout, so every query of mig.h works on
 * it unchanged - including for boards or drivers the catalog lacks.  Each
 * model belongs to one state's context and dies with it; a clone gets
 * copies, so states never share mutable data.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dynmodel.h"
#include "error.h"

int mig__real_attach(mig_state *st)
{
	mig_real_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return mig__fail(MIG_ERROR_MEMORY, "reading GPUs: out of memory");
	st->ops = &mig__real_snapshot_ops;
	st->ctx = c;
	return MIG_SUCCESS;
}

mig_real_ctx *mig__real_ctx(const mig_state *st)
{
	return mig__backend_fixed(st) ? st->ctx : NULL;
}

mig_dyn_model *mig__dyn_of(const mig_state *st, unsigned gpu)
{
	mig_real_ctx *c = mig__real_ctx(st);

	return c && gpu < MIG_MAX_GPUS ? c->gpu[gpu] : NULL;
}

/* The catalog's question about a row of a model built here (catalog.h). */
static int reported_ci_profiles(const cat_runtime *rt, unsigned row, mig_ci_profile_info *out,
				size_t cap, size_t *n)
{
	const mig_dyn_model *d = (const mig_dyn_model *)((const char *)rt - offsetof(mig_dyn_model, rt));
	const mig_ci_table *t;

	if (row >= MIG_MAX_GI_PROFILES || !d->has_ci[row])
		return 0;
	t = &d->ci[row];
	for (size_t i = 0; out && i < t->n && i < cap; i++)
		out[i] = t->ci[i];
	*n = t->n;
	return 1;
}

/* Link d and make its rows known to the catalog until mig__real_free. */
static void dyn_register(mig_dyn_model *d)
{
	mig__dyn_link(d);
	d->rt.model = &d->m;
	d->rt.ci_profiles = reported_ci_profiles;
	mig__catalog_add_runtime(&d->rt);
}

mig_dyn_model *mig__dyn_new(mig_state *st)
{
	mig_real_ctx *c = mig__real_ctx(st);
	mig_dyn_model **grown, *d;

	if (!c) {
		mig__fail(MIG_ERROR_UNKNOWN, "building a GPU model: the state is not of real GPUs");
		return NULL;
	}
	grown = realloc(c->all, (c->nall + 1) * sizeof(*grown));
	if (!grown) {
		mig__fail(MIG_ERROR_MEMORY, "building a GPU model: out of memory");
		return NULL;
	}
	c->all = grown;
	d = calloc(1, sizeof(*d));
	if (!d) {
		mig__fail(MIG_ERROR_MEMORY, "building a GPU model: out of memory");
		return NULL;
	}
	c->all[c->nall++] = d;
	dyn_register(d);
	return d;
}

void mig__dyn_link(mig_dyn_model *d)
{
	d->m.key = d->key;
	d->m.name = d->name;
	d->m.drivers[0] = d->driver;
	for (unsigned i = 0; i < MIG_MAX_GI_PROFILES; i++) {
		cat_gi *r = &d->m.gi[i];

		if (!r->name)
			break;
		r->name = d->gi_name[i];
	}
}

int mig__dyn_row(const mig_dyn_model *d, const cat_gi *p)
{
	if (!d || p < d->m.gi || p >= d->m.gi + MIG_MAX_GI_PROFILES)
		return -1;
	return (int)(p - d->m.gi);
}

static int model_index(const mig_real_ctx *c, const mig_dyn_model *d)
{
	for (unsigned i = 0; d && i < c->nall; i++)
		if (c->all[i] == d)
			return (int)i;
	return -1;
}

/* Point the copy's GPU records at the copy's models (the records were copied byte for byte). */
static void relink_gpus(mig_state *copy, const mig_real_ctx *from, mig_real_ctx *to)
{
	for (unsigned g = 0; g < copy->ngpu && g < MIG_MAX_GPUS; g++) {
		gpu_rec *r = &copy->gpu[g];
		int k = model_index(from, from->gpu[g]);

		if (k < 0)
			continue;
		for (unsigned i = 0; i < r->ngi; i++) {
			int row = mig__dyn_row(from->gpu[g], r->gi[i].profile);

			if (row >= 0)
				r->gi[i].profile = &to->all[k]->m.gi[row];
		}
		to->gpu[g] = to->all[k];
		r->model = &to->gpu[g]->m;
	}
}

int mig__real_clone(mig_state *copy, const mig_state *st)
{
	const mig_real_ctx *from = st->ctx;
	mig_real_ctx *to;
	int rc = mig__real_attach(copy);

	if (rc)
		return rc;
	to = copy->ctx;
	if (!from->nall)
		return MIG_SUCCESS;
	to->all = calloc(from->nall, sizeof(*to->all));
	if (!to->all)
		return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
	for (unsigned i = 0; i < from->nall; i++) {
		to->all[i] = malloc(sizeof(*to->all[i]));
		if (!to->all[i])
			return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
		memcpy(to->all[i], from->all[i], sizeof(*to->all[i]));
		to->nall = i + 1;
		dyn_register(to->all[i]);
	}
	relink_gpus(copy, from, to);
	return MIG_SUCCESS;
}

void mig__real_free(mig_state *st)
{
	mig_real_ctx *c = st->ctx;

	for (unsigned i = 0; c && i < c->nall; i++) {
		mig__catalog_remove_runtime(&c->all[i]->rt);
		free(c->all[i]);
	}
	if (c)
		free(c->all);
	free(c);
	st->ctx = NULL;
	st->ops = NULL;
}

void mig__real_touch(mig_state *st, unsigned gpu)
{
	mig_dyn_model *d = mig__dyn_of(st, gpu);

	if (d)
		d->free_valid = 0;
}

void mig__real_telemetry(const mig_state *st, unsigned gpu, mig_gpu_telemetry_info *out)
{
	const mig_dyn_model *d = mig__dyn_of(st, gpu);

	if (!d)
		return;
	if (d->tele_known & MIG_TELE_UTIL)
		out->gpu_util_percent = d->tele.gpu_util_percent;
	if (d->tele_known & MIG_TELE_POWER)
		out->power_draw_mw = d->tele.power_draw_mw;
	if (d->tele_known & MIG_TELE_LIMIT)
		out->power_limit_mw = d->tele.power_limit_mw;
	if (d->tele_known & MIG_TELE_TEMP)
		out->temperature_c = d->tele.temperature_c;
	if (d->tele_known & MIG_TELE_MEMORY) {
		out->memory_total_mib = d->tele.memory_total_mib;
		out->memory_used_mib = d->tele.memory_used_mib;
		out->memory_free_mib = d->tele.memory_free_mib;
	}
}

/* Remaining capacity in a snapshot ---------------------------------------------- */

/* The driver's answer saved with the snapshot, if it still holds. */
static const mig_drv_count *saved(const mig_dyn_model *d, const mig_drv_count *f)
{
	return d && d->free_valid && f->known ? f : NULL;
}

static int use_saved(unsigned *out, const mig_drv_count *f, const char *what, unsigned gpu)
{
	if (f->rc)
		return mig__fail(f->rc, "%s on GPU %u: the driver answered: %s", what, gpu,
				 mig_strerror(f->rc));
	*out = f->n;
	return MIG_SUCCESS;
}

static int snapshot_gi_remaining(const mig_state *st, unsigned *out, unsigned gpu,
				 unsigned profile_id)
{
	const mig_dyn_model *d = mig__dyn_of(st, gpu);
	const mig_drv_count *f;
	const mig_gi_profile *p;
	unsigned model;
	int row;
	/* The model checks the arguments and MIG mode first. */
	int rc = mig__model_gi_remaining(&model, st, gpu, profile_id);

	if (rc || (rc = mig_gpu_gi_profile_by_id(&p, st, gpu, profile_id)))
		return rc;
	row = mig__dyn_row(d, p);
	if (row >= 0 && (f = saved(d, &d->gi_free[row])) != NULL)
		return use_saved(out, f, "remaining capacity", gpu);
	*out = model;
	return MIG_SUCCESS;
}

static int snapshot_ci_remaining(const mig_state *st, unsigned *out, unsigned gpu, unsigned gi,
				 unsigned ci_profile)
{
	const mig_dyn_model *d = mig__dyn_of(st, gpu);
	const mig_drv_count *f;
	unsigned model;
	/* The model checks the GI and the CI profile first. */
	int rc = mig__model_ci_remaining(&model, st, gpu, gi, ci_profile);

	if (rc)
		return rc;
	if (d && gi < MIG_MAX_GI_ID && ci_profile < MIG_MAX_CI_PROFILES &&
	    (f = saved(d, &d->ci_free[gi][ci_profile])) != NULL)
		return use_saved(out, f, "compute instance capacity", gpu);
	*out = model;
	return MIG_SUCCESS;
}

const struct mig_backend_ops mig__real_snapshot_ops = {
	.flags = MIG_BACKEND_FIXED_GPUS,
	.gi_remaining = snapshot_gi_remaining,
	.ci_remaining = snapshot_ci_remaining,
	.touch = mig__real_touch,
	.telemetry = mig__real_telemetry,
	.clone = mig__real_clone,
	.free = mig__real_free,
};
