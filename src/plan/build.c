/*
 * build.c - fleets, demand and results in memory, for callers that hold
 * their own state (a scheduler, the simulator): no text is written or
 * read.  A fleet cleared and filled again keeps the lattices it built, so
 * planning the same models over and over costs only the planning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "plan_int.h"
#include "util.h"

int migplan_fleet_new(migplan_fleet **out)
{
	if (!(*out = mp_fleet_new()))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	return MIG_SUCCESS;
}

void migplan_fleet_clear(migplan_fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nnode; i++)
		free(f->node[i].name);
	f->nnode = 0;
	f->ngpu = 0;
}

int migplan_fleet_add_node(migplan_fleet *f, const char *name)
{
	if (!name || !*name)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "fleet: a node needs a name");
	if (mp_fleet_add_node(f, name))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	return MIG_SUCCESS;
}

int migplan_fleet_add_gpu(size_t *index, migplan_fleet *f, const mig_model *model,
			  const char *driver)
{
	mp_lattice *l;
	mp_gpu *g;
	uint32_t d;
	size_t node;

	if (!f->nnode)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "fleet: add a node before its GPUs");
	if (!model)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "fleet: a GPU needs a model");
	if (driver && mig_driver_parse(&d, driver))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "fleet: driver '%s': %s", driver,
				 mig_errmsg());
	if (!(l = mp_fleet_lattice(f, model, driver)))
		return mig__fail(MIG_ERROR_NOT_SUPPORTED, "fleet: %s: %s", mig_model_key(model),
				 mig_errmsg());
	if (!(g = mp_fleet_add_gpu(f)))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	node = f->nnode - 1;
	g->lat = l;
	g->mig = 1;
	g->index = (unsigned)(f->node[node].ngpu - 1);
	snprintf(g->uuid, sizeof(g->uuid), "GPU-%08zx-0000-4000-8000-%012x", node, g->index);
	if (index)
		*index = f->ngpu - 1;
	return MIG_SUCCESS;
}

/* By handle, else (another driver branch's table of the same model) by ID and name. */
static int lattice_profile_of(const mp_lattice *l, const mig_gi_profile *p)
{
	mig_gi_profile_info info;

	for (size_t k = 0; k < l->nprof; k++)
		if (l->prof[k] == p)
			return (int)k;
	mig_gi_profile_get(p, &info);
	for (size_t k = 0; k < l->nprof; k++)
		if (l->info[k].id == info.id && !strcmp(l->info[k].name, info.name))
			return (int)k;
	return -1;
}

int migplan_fleet_add_gi(migplan_fleet *f, size_t gpu, const migplan_gi_spec *spec)
{
	mp_gpu *g;
	mp_gi *gi;
	int p, rc;

	if (gpu >= f->ngpu)
		return mig__fail(MIG_ERROR_NOT_FOUND, "fleet: no GPU %zu (it has %zu)", gpu, f->ngpu);
	g = &f->gpu[gpu];
	if (!spec->profile || (p = lattice_profile_of(g->lat, spec->profile)) < 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "fleet: GPU %zu: not a GI profile of %s", gpu,
				 mig_model_key(g->lat->model));
	if (g->ngi == MP_MAX_GI)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "fleet: GPU %zu already holds %d GPU instances", gpu, MP_MAX_GI);
	gi = &g->gi[g->ngi++];
	memset(gi, 0, sizeof(*gi));
	gi->prof = (unsigned)p;
	gi->start = spec->start;
	gi->busy = spec->busy != 0;
	gi->priority = spec->priority ? spec->priority : 1;
	gi->age_s = spec->age_s;
	if (spec->holder)
		snprintf(gi->holder, sizeof(gi->holder), "%s", spec->holder);
	gi->id = mp_canonical_gi(g->lat, gi->prof, gi->start);
	gi->nci = 1;
	gi->ci[0].profile = g->lat->full_ci[p];
	gi->ci[0].size = g->lat->info[p].slices;
	if ((rc = mp_gpu_masks(g)) != 0) {
		g->ngi--;
		mp_gpu_masks(g);
		return mig__fail(rc, "fleet: GPU %zu: %s", gpu, mig_errmsg());
	}
	return MIG_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Demand                                                             */
/* ------------------------------------------------------------------ */

int migplan_demand_new(migplan_demand **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	return MIG_SUCCESS;
}

static void req_clear(mp_req *r)
{
	free(r->id);
	free(r->profile);
	for (size_t k = 0; k < r->nmodels; k++)
		free(r->models[k]);
	for (size_t k = 0; k < r->nnodes; k++)
		free(r->nodes[k]);
	for (size_t k = 0; k < r->ngpus; k++)
		free(r->gpus[k]);
	free(r->models);
	free(r->nodes);
	free(r->gpus);
}

void migplan_demand_clear(migplan_demand *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		req_clear(&d->req[i]);
	d->n = 0;
}

void migplan_demand_free(migplan_demand *d)
{
	migplan_demand_clear(d);
	if (d)
		free(d->req);
	free(d);
}

int migplan_demand_add(migplan_demand *d, const migplan_request_spec *spec)
{
	mp_req *r;

	if (!spec->id || !*spec->id || strlen(spec->id) > 128)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "demand: a request needs an id of 1 to 128 bytes");
	if (spec->count < 1 || spec->count > 1000000 || spec->priority > 1000)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "demand: request '%s': count %u, priority %u; allowed: count 1..1000000, priority 1..1000 (0: 1)",
				 spec->id, spec->count, spec->priority);
	if (!(spec->compute >= 0 && spec->compute <= 1))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "demand: request '%s': compute must be a share in [0, 1]", spec->id);
	if (!spec->profile == !(spec->memory_mib || spec->compute > 0))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "demand: request '%s' names a profile or its needs (memory_mib, compute), exactly one of them",
				 spec->id);
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->req[i].id, spec->id))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "demand: id '%s' is already used by request %zu; ids are unique",
					 spec->id, i);
	if (UTIL_GROW(d->req, d->cap, d->n + 1))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	r = &d->req[d->n];
	memset(r, 0, sizeof(*r));
	r->count = spec->count;
	r->priority = spec->priority ? spec->priority : 1;
	r->memory_mib = spec->memory_mib;
	r->compute = spec->compute;
	if (!(r->id = strdup(spec->id)) || (spec->profile && !(r->profile = strdup(spec->profile)))) {
		req_clear(r);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	d->n++;
	return MIG_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Results, per fleet GPU                                             */
/* ------------------------------------------------------------------ */

int migplan_result_gpu_instances(migplan_gi_out *out, size_t cap, size_t *count,
				 const migplan_result *r, size_t gpu)
{
	const mp_gpu *g;
	const mp_lattice *l;
	uint32_t mask, made;
	size_t n = 0;

	if (count)
		*count = 0;
	if (!r || gpu >= r->f->ngpu)
		return mig__fail(MIG_ERROR_NOT_FOUND, "plan: no GPU %zu in the fleet", gpu);
	g = &r->f->gpu[gpu];
	l = g->lat;
	mask = r->gpu[gpu].mask;
	made = (mask & ~(g->busy | g->idle)) | r->gpu[gpu].rebuild;
	for (uint32_t x = mask; x; x &= x - 1) {
		unsigned item = (unsigned)__builtin_ctz(x);

		if (n < cap)
			out[n] = (migplan_gi_out){l->prof[l->item[item].prof], l->item[item].start,
						  (int)(g->busy >> item & 1), (int)(made >> item & 1)};
		n++;
	}
	if (count)
		*count = n;
	return n > cap ? mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				   "plan: GPU %zu ends with %zu instances, room for %zu", gpu, n, cap)
		       : MIG_SUCCESS;
}

size_t migplan_result_move_count(const migplan_result *r)
{
	return r ? r->nmove : 0;
}

int migplan_result_move(migplan_move_info *out, const migplan_result *r, size_t i)
{
	const mp_move *m;
	const mp_gpu *from;

	if (!r || i >= r->nmove)
		return mig__fail(MIG_ERROR_NOT_FOUND, "plan: no move %zu", i);
	m = &r->move[i];
	from = &r->f->gpu[m->from_gpu];
	*out = (migplan_move_info){m->from_gpu, m->to_gpu, from->lat->prof[m->prof], 0, m->to_start,
				   m->gi, m->for_request};
	for (size_t k = 0; k < from->ngi; k++)
		if (from->gi[k].id == m->gi)
			out->from_start = from->gi[k].start;
	return MIG_SUCCESS;
}
