/*
 * dynmodel.c - GPU models built at run time from a driver's answers.
 *
 * On real GPUs (the NVML backend) the catalog is not the authority: the
 * driver is.  The backend fills a mig_dyn_model with the rows the driver
 * reports, in the catalog's own layout, so every query of mig.h works on
 * it unchanged - including for boards or drivers the catalog lacks.  Each
 * model belongs to one state and dies with it; a clone gets copies, so
 * states never share mutable data.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"

mig_dyn_model *mig__dyn_new(mig_state *st)
{
	mig_dyn_model **grown, *d;

	grown = realloc(st->dyn, (st->ndyn + 1) * sizeof(*grown));
	if (!grown) {
		mig__fail(MIG_ERROR_MEMORY, "building a GPU model: out of memory");
		return NULL;
	}
	st->dyn = grown;
	d = calloc(1, sizeof(*d));
	if (!d) {
		mig__fail(MIG_ERROR_MEMORY, "building a GPU model: out of memory");
		return NULL;
	}
	st->dyn[st->ndyn++] = d;
	mig__dyn_link(d);
	return d;
}

void mig__dyn_link(mig_dyn_model *d)
{
	d->m.key = d->key;
	d->m.name = d->name;
	d->m.drivers[0] = d->driver;
	for (unsigned i = 0; i < MIG_CAT_MAX_GI; i++) {
		cat_gi *r = &d->m.gi[i];

		if (!r->name)
			break;
		r->name = d->gi_name[i];
		r->owner = &d->m;
		r->ci_table = d->has_ci[i] ? &d->ci[i] : NULL;
	}
}

int mig__dyn_row(const mig_dyn_model *d, const cat_gi *p)
{
	if (!d || p < d->m.gi || p >= d->m.gi + MIG_CAT_MAX_GI)
		return -1;
	return (int)(p - d->m.gi);
}

static int dyn_index(const mig_state *st, const mig_dyn_model *d)
{
	for (unsigned i = 0; i < st->ndyn; i++)
		if (st->dyn[i] == d)
			return (int)i;
	return -1;
}

int mig__dyn_clone(mig_state *copy, const mig_state *st)
{
	if (!st->ndyn)
		return MIG_SUCCESS;
	copy->dyn = calloc(st->ndyn, sizeof(*copy->dyn));
	if (!copy->dyn)
		return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
	for (unsigned i = 0; i < st->ndyn; i++) {
		copy->dyn[i] = malloc(sizeof(*copy->dyn[i]));
		if (!copy->dyn[i])
			return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
		memcpy(copy->dyn[i], st->dyn[i], sizeof(*copy->dyn[i]));
		copy->ndyn = i + 1;
		mig__dyn_link(copy->dyn[i]);
	}
	/* The copy's GPUs point at the copies (the records were copied byte for byte). */
	for (unsigned g = 0; g < copy->ngpu; g++) {
		gpu_rec *r = &copy->gpu[g];
		int k = dyn_index(st, r->dyn);

		if (k < 0)
			continue;
		for (unsigned i = 0; i < r->ngi; i++) {
			int row = mig__dyn_row(r->dyn, r->gi[i].profile);

			if (row >= 0)
				r->gi[i].profile = &copy->dyn[k]->m.gi[row];
		}
		r->dyn = copy->dyn[k];
		r->model = &r->dyn->m;
	}
	return MIG_SUCCESS;
}

void mig__dyn_free_all(mig_state *st)
{
	for (unsigned i = 0; i < st->ndyn; i++)
		free(st->dyn[i]);
	free(st->dyn);
	st->dyn = NULL;
	st->ndyn = 0;
}

void mig__dyn_touch(gpu_rec *g)
{
	if (g->dyn)
		g->dyn->free_valid = 0;
}

void mig__dyn_telemetry(mig_gpu_telemetry_info *out, const gpu_rec *g)
{
	const mig_dyn_model *d = g->dyn;

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
