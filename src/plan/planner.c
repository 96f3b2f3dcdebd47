/*
 * planner.c - demand over a fleet (docs/planning.md "The fleet").
 *
 * Request units wait in one queue per (lattice, profile), best first:
 * higher priority, then restricted requests (fewer GPUs can take them),
 * then file order.  GPUs are visited fullest first, so demand packs onto
 * GPUs already in use and whole GPUs stay free for 7g-class requests;
 * each GPU takes, from the heads of its queues, the best final layout
 * that mp_gpu_best finds.  A visit costs one pass over the lattice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "mig_internal.h"
#include "plan_int.h"
#include "util.h"

typedef struct queue {
	size_t n, head;
	uint32_t *req;
} queue;

typedef struct planner {
	migplan_fleet *f;
	const migplan_demand *d;
	migplan_result *r;
	int16_t *prof;           /* [d->n * f->nlat]: profile index or -1 */
	unsigned *left;          /* units still to place, per request */
	unsigned *res;           /* of those, reserved for an idle instance that matches */
	size_t *resv_first;      /* [f->ngpu + 1]: the GPU's reservations in resv[] */
	uint32_t *resv;          /* request index per reserved unit, grouped by GPU */
	uint32_t *qpos;          /* [d->n * f->nlat]: the request's place in its queue */
	queue *q;                /* [f->nlat * MP_MAX_PROF] */
	double (*mix)[MP_MAX_PROF]; /* [f->nlat] */
} planner;

static int restricted(const mp_req *r)
{
	return r->nnodes || r->ngpus;
}

int mp_gpu_allowed(const migplan_fleet *f, const mp_req *r, const mp_gpu *g)
{
	const char *node = f->node[g->node].name;

	if (r->nnodes) {
		size_t k;

		for (k = 0; k < r->nnodes && strcmp(r->nodes[k], node); k++)
			;
		if (k == r->nnodes)
			return 0;
	}
	if (r->ngpus) {
		char name[200];
		size_t k;

		snprintf(name, sizeof(name), "%s/%u", node, g->index);
		for (k = 0; k < r->ngpus && strcmp(r->gpus[k], name) && strcmp(r->gpus[k], g->uuid); k++)
			;
		if (k == r->ngpus)
			return 0;
	}
	return 1;
}

/*
 * Sort keys carry what they compare, so sorting needs no shared state and
 * distinct fleets can be planned in parallel.
 */
typedef struct sort_key {
	uint64_t key;            /* larger first */
	uint32_t idx;            /* then smaller first */
} sort_key;

static int cmp_keys(const void *a, const void *b)
{
	const sort_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int result_place(migplan_result *r, const migplan_placement *p)
{
	if (UTIL_GROW(r->place, r->capplace, r->nplace + 1))
		return -1;
	r->place[r->nplace++] = *p;
	return 0;
}

size_t mp_lat_index(const migplan_fleet *f, const mp_lattice *l)
{
	size_t k = 0;

	while (f->lat[k] != l)
		k++;
	return k;
}

/* Resolve every request on every lattice; refuse the ones no GPU could ever hold. */
static int resolve_all(planner *pl)
{
	const migplan_fleet *f = pl->f;

	for (size_t i = 0; i < pl->d->n; i++) {
		const mp_req *q = &pl->d->req[i];
		int any = 0, any_gpu = 0;

		for (size_t k = 0; k < f->nlat; k++) {
			int p = mp_resolve(q, f->lat[k], NULL, 0);

			pl->prof[i * f->nlat + k] = (int16_t)p;
			any |= p >= 0;
		}
		if (!any) {
			char *all = mp_choice(f, q);

			if (q->profile) {
				char models[1024] = "";

				for (size_t k = 0; k < f->nlat; k++)
					snprintf(models + strlen(models), sizeof(models) - strlen(models), "%s%s",
						 k ? ", " : "", mig_model_key(f->lat[k]->model));
				mig__fail(MIG_ERROR_NOT_FOUND,
					  "request '%s': no GPU of the fleet%s has a GI profile '%s' (models in the fleet: %s; migctl emulate figures lists their profiles)",
					  q->id, q->nmodels ? " among its models" : "", q->profile,
					  *models ? models : "none");
			} else {
				mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
					  "request '%s': no GPU of the fleet%s can meet its needs: %s",
					  q->id, q->nmodels ? " among its models" : "",
					  all ? all : "no model of the fleet is among its models");
			}
			free(all);
			return q->profile ? MIG_ERROR_NOT_FOUND : MIG_ERROR_INSUFFICIENT_RESOURCES;
		}
		for (size_t g = 0; g < f->ngpu && !any_gpu; g++)
			any_gpu = pl->prof[i * f->nlat + mp_lat_index(f, f->gpu[g].lat)] >= 0 &&
				  mp_gpu_allowed(f, q, &f->gpu[g]);
		if (!any_gpu)
			return mig__fail(MIG_ERROR_NOT_FOUND,
					 "request '%s': no GPU of the fleet is both among its nodes/gpus/models and able to hold it (nodes are node names, gpus NODE/INDEX or a GPU UUID)",
					 q->id);
	}
	return 0;
}

static int build_queues(planner *pl)
{
	const migplan_fleet *f = pl->f;
	size_t nq = f->nlat * MP_MAX_PROF;

	for (size_t i = 0; i < pl->d->n; i++)
		for (size_t k = 0; k < f->nlat; k++) {
			int p = pl->prof[i * f->nlat + k];

			if (p >= 0) {
				pl->q[k * MP_MAX_PROF + (size_t)p].n++;
				pl->mix[k][p] += pl->d->req[i].count;
			}
		}
	for (size_t j = 0; j < nq; j++) {
		if (pl->q[j].n && !(pl->q[j].req = malloc(pl->q[j].n * sizeof(uint32_t))))
			return -1;
		pl->q[j].n = 0;
	}
	for (size_t i = 0; i < pl->d->n; i++)
		for (size_t k = 0; k < f->nlat; k++) {
			int p = pl->prof[i * f->nlat + k];

			if (p >= 0) {
				queue *q = &pl->q[k * MP_MAX_PROF + (size_t)p];

				q->req[q->n++] = (uint32_t)i;
			}
		}
	for (size_t j = 0; j < nq; j++) {
		if (pl->q[j].n > 1) {
			sort_key *k = malloc(pl->q[j].n * sizeof(*k));

			if (!k)
				return -1;
			/* priority, then restricted requests (fewer GPUs can take them), then file order */
			for (size_t x = 0; x < pl->q[j].n; x++) {
				const mp_req *r = &pl->d->req[pl->q[j].req[x]];

				k[x].key = (uint64_t)r->priority << 1 | (uint64_t)restricted(r);
				k[x].idx = pl->q[j].req[x];
			}
			qsort(k, pl->q[j].n, sizeof(*k), cmp_keys);
			for (size_t x = 0; x < pl->q[j].n; x++)
				pl->q[j].req[x] = k[x].idx;
			free(k);
		}
		for (size_t x = 0; x < pl->q[j].n; x++)
			pl->qpos[pl->q[j].req[x] * f->nlat + j / MP_MAX_PROF] = (uint32_t)x;
	}
	/* a model nobody asks for: every profile counts for fragmentation */
	for (size_t k = 0; k < f->nlat; k++) {
		double sum = 0;

		for (size_t p = 0; p < f->lat[k]->nprof; p++)
			sum += pl->mix[k][p];
		if (sum == 0)
			for (size_t p = 0; p < f->lat[k]->nprof; p++)
				pl->mix[k][p] = 1;
	}
	return 0;
}

/* Units a GPU could take, per profile: who they are (taken[p][..]) and their weights. */
typedef struct gather {
	unsigned n[MP_MAX_PROF];
	uint32_t who[MP_MAX_PROF][MP_MAX_K];
} gather;

/* Units of request i that no GPU holds a reservation for. */
static unsigned open_units(const planner *pl, uint32_t i)
{
	return pl->left[i] - pl->res[i];
}

/* The queue's first open unit; units before it are placed or reserved. */
static size_t queue_head(planner *pl, queue *q)
{
	while (q->head < q->n && !open_units(pl, q->req[q->head]))
		q->head++;
	return q->head;
}

/*
 * What GPU gidx is asked: its own reservations first (they were the best
 * units of their queues when reserved, so the order stays descending),
 * then the best open units of each queue it may take.
 */
static void ask_gpu(planner *pl, size_t gidx, size_t k, mp_ask *ask, gather *ga)
{
	const mp_gpu *g = &pl->f->gpu[gidx];
	const mp_lattice *l = g->lat;

	memset(ask->k, 0, sizeof(ask->k));
	memset(ga->n, 0, sizeof(ga->n));
	memcpy(ask->mix, pl->mix[k], sizeof(ask->mix));
	for (size_t p = 0; p < l->nprof; p++)
		ask->prefix[p][0] = 0;
	for (size_t j = pl->resv_first[gidx]; j < pl->resv_first[gidx + 1]; j++) {
		uint32_t i = pl->resv[j];
		int p = pl->prof[i * pl->f->nlat + k];
		unsigned got = ga->n[p];

		ga->who[p][got] = i;
		ask->prefix[p][got + 1] = ask->prefix[p][got] +
					  (uint64_t)pl->d->req[i].priority * l->info[p].slices;
		ga->n[p]++;
	}
	for (size_t p = 0; p < l->nprof; p++) {
		queue *q = &pl->q[k * MP_MAX_PROF + p];
		unsigned cap = l->fit[p], got = ga->n[p];

		for (size_t j = queue_head(pl, q); j < q->n && got < cap; j++) {
			uint32_t i = q->req[j];
			const mp_req *r = &pl->d->req[i];
			unsigned units;

			if (!open_units(pl, i) || !mp_gpu_allowed(pl->f, r, g))
				continue;
			units = open_units(pl, i);
			units = units < cap - got ? units : cap - got;
			for (unsigned u = 0; u < units; u++, got++) {
				ga->who[p][got] = i;
				ask->prefix[p][got + 1] = ask->prefix[p][got] +
							  (uint64_t)r->priority * l->info[p].slices;
			}
		}
		ask->k[p] = got;
		ga->n[p] = got;
	}
}

static int give(planner *pl, size_t gi_idx, const mp_best *b, const gather *ga)
{
	mp_gpu *g = &pl->f->gpu[gi_idx];
	const mp_lattice *l = g->lat;
	uint32_t have = g->busy | g->idle, fresh = (b->mask & ~have) | b->rebuild;
	migplan_result *r = pl->r;

	for (size_t p = 0; p < l->nprof; p++) {
		unsigned take = b->avail[p] < ga->n[p] ? b->avail[p] : ga->n[p];
		uint32_t reuse = b->mask & g->reuse & l->pmask[p], made = fresh & l->pmask[p];

		for (unsigned u = 0; u < take; u++) {
			migplan_placement pc;
			uint32_t i = ga->who[p][u];
			int item;

			memset(&pc, 0, sizeof(pc));
			pc.request = pl->d->req[i].id;
			pc.node = g->node;
			pc.gpu = g->index;
			pc.fleet_gpu = gi_idx;
			pc.profile = l->info[p].name;
			if (reuse) {
				item = __builtin_ctz(reuse);
				reuse &= reuse - 1;
				pc.reused = 1;
				for (size_t x = 0; x < g->ngi; x++)
					if (g->gi[x].item == item)
						pc.gi = g->gi[x].id;
				r->sum.reused++;
			} else {
				item = __builtin_ctz(made);
				made &= made - 1;
				pc.gi = mp_canonical_gi(l, (unsigned)p, l->item[item].start);
			}
			pc.start = l->item[item].start;
			if (result_place(r, &pc))
				return -1;
			pl->left[i]--;
			r->req[i].placed++;
			r->sum.units_placed++;
			r->sum.satisfied += pl->d->req[i].priority;
			r->sum.satisfied_slices += (uint64_t)pl->d->req[i].priority * l->info[p].slices;
		}
	}
	r->gpu[gi_idx].mask = b->mask;
	r->gpu[gi_idx].rebuild = b->rebuild;
	r->gpu[gi_idx].changed = b->mask != have || b->rebuild || (!g->mig && b->mask);
	if (r->gpu[gi_idx].changed) {
		r->sum.gpus_changed++;
		r->sum.created += 2 * (size_t)__builtin_popcount(fresh);
		for (uint32_t x = (g->idle & ~b->mask) | b->rebuild; x; x &= x - 1)
			r->sum.destroyed += mp_destroy_cost(g, (uint32_t)__builtin_ctz(x));
	}
	r->sum.busy_touched += (b->mask & g->busy) != g->busy;
	return 0;
}

/*
 * Before any GPU is planned, every idle instance that already matches a
 * waiting unit is reserved for it (best units first).  A GPU's own
 * reservations count as its demand when it is planned, and other GPUs do
 * not see them: otherwise the first GPU visited could rebuild itself for a
 * unit that an idle instance elsewhere serves at no cost (criterion (c)
 * across the fleet).  What a GPU does not use returns to the queues.
 */
static int reserve(planner *pl)
{
	const migplan_fleet *f = pl->f;
	size_t n = 0, cap = 0;

	for (size_t g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];
		const mp_lattice *l = gp->lat;
		size_t k = mp_lat_index(f, l);

		pl->resv_first[g] = n;
		for (uint32_t x = gp->reuse; x; x &= x - 1) {
			unsigned p = l->item[__builtin_ctz(x)].prof;
			queue *q = &pl->q[k * MP_MAX_PROF + p];

			/* at most one reservation per idle instance, and at most MP_MAX_K per profile */
			for (size_t j = queue_head(pl, q); j < q->n; j++) {
				uint32_t i = q->req[j];

				if (!open_units(pl, i) || !mp_gpu_allowed(f, &pl->d->req[i], gp))
					continue;
				if (UTIL_GROW(pl->resv, cap, n + 1))
					return -1;
				pl->resv[n++] = i;
				pl->res[i]++;
				break;
			}
		}
	}
	pl->resv_first[f->ngpu] = n;
	return 0;
}

/* The planner's working arrays, sized by the demand and the fleet. */
static int planner_alloc(planner *pl, migplan_result *r)
{
	const migplan_fleet *f = pl->f;
	size_t nreq = pl->d->n ? pl->d->n : 1, nlat = f->nlat ? f->nlat : 1;

	r->req = calloc(nreq, sizeof(*r->req));
	r->gpu = calloc(f->ngpu ? f->ngpu : 1, sizeof(*r->gpu));
	pl->prof = malloc(nreq * nlat * sizeof(*pl->prof));
	pl->qpos = malloc(nreq * nlat * sizeof(*pl->qpos));
	pl->left = malloc(nreq * sizeof(*pl->left));
	pl->res = calloc(nreq, sizeof(*pl->res));
	pl->resv_first = calloc(f->ngpu + 1, sizeof(*pl->resv_first));
	pl->q = calloc(nlat * MP_MAX_PROF, sizeof(*pl->q));
	pl->mix = calloc(nlat, sizeof(*pl->mix));
	return r->req && r->gpu && pl->prof && pl->qpos && pl->left && pl->res &&
	       pl->resv_first && pl->q && pl->mix ? 0 : -1;
}

static void planner_free(planner *pl)
{
	for (size_t j = 0; pl->q && j < (pl->f->nlat ? pl->f->nlat : 1) * MP_MAX_PROF; j++)
		free(pl->q[j].req);
	free(pl->q);
	free(pl->prof);
	free(pl->qpos);
	free(pl->left);
	free(pl->res);
	free(pl->resv_first);
	free(pl->resv);
	free(pl->mix);
}

/* The fragmentation of GPU g with the instances of mask, against the demand's mix. */
static double gpu_frag(const planner *pl, size_t g, uint64_t mask)
{
	const mp_gpu *gp = &pl->f->gpu[g];
	int32_t idx = mp_lattice_find(gp->lat, mask);

	return idx >= 0 ? mp_lattice_frag(gp->lat, (size_t)idx,
					  pl->mix[mp_lat_index(pl->f, gp->lat)]) : 0;
}

/* GPU g's reservations end: what it did not use is open again to the GPUs after it. */
static void end_reservations(planner *pl, size_t g)
{
	const migplan_fleet *f = pl->f;

	for (size_t j = pl->resv_first[g]; j < pl->resv_first[g + 1]; j++) {
		uint32_t i = pl->resv[j];

		pl->res[i]--;
		for (size_t k = 0; k < f->nlat; k++) {
			int p = pl->prof[i * f->nlat + k];
			queue *q = &pl->q[k * MP_MAX_PROF + (p < 0 ? 0 : (size_t)p)];

			if (p >= 0 && pl->qpos[i * f->nlat + k] < q->head)
				q->head = pl->qpos[i * f->nlat + k];
		}
	}
}

/* Every GPU in turn, fullest first (demand packs onto GPUs in use), takes the best mix it can serve. */
static int place_all(planner *pl)
{
	const migplan_fleet *f = pl->f;
	migplan_result *r = pl->r;
	sort_key *order = malloc((f->ngpu ? f->ngpu : 1) * sizeof(*order));

	if (!order)
		return -1;
	for (size_t g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];
		int32_t idx = mp_lattice_find(gp->lat, gp->busy | gp->idle);

		order[g].idx = (uint32_t)g;
		order[g].key = idx >= 0 ? gp->lat->used[idx] : 0;
		r->gpu[g].mask = gp->busy | gp->idle;
		r->sum.frag_before += gpu_frag(pl, g, gp->busy | gp->idle);
	}
	qsort(order, f->ngpu, sizeof(*order), cmp_keys);
	for (size_t o = 0; o < f->ngpu; o++) {
		size_t g = order[o].idx, k = mp_lat_index(f, f->gpu[g].lat);
		mp_ask ask;
		gather ga;
		mp_best b;
		int any = 0;

		ask_gpu(pl, g, k, &ask, &ga);
		for (size_t p = 0; p < f->gpu[g].lat->nprof; p++)
			any |= ask.k[p] > 0;
		if (any) {
			mp_gpu_best(&b, &f->gpu[g], &ask);
			if (give(pl, g, &b, &ga)) {
				free(order);
				return -1;
			}
		}
		end_reservations(pl, g);
	}
	free(order);
	return 0;
}

/* What the final layouts leave (after defragmentation, which may destroy idle instances). */
static void sum_after(planner *pl)
{
	for (size_t g = 0; g < pl->f->ngpu; g++) {
		pl->r->sum.frag_after += gpu_frag(pl, g, pl->r->gpu[g].mask);
		pl->r->sum.gpus_empty_after += pl->r->gpu[g].mask == 0;
	}
}

/* Why request i was not placed in full: the moves that would make room, or that nothing would. */
static int explain_unplaced(const planner *pl, size_t i, int defrag)
{
	const migplan_result *r = pl->r;
	const mp_req *q = &pl->d->req[i];
	size_t moves = 0;
	char why[512];

	for (size_t m = 0; m < r->nmove; m++)
		moves += r->move[m].for_request == q->id;
	if (moves)
		snprintf(why, sizeof(why), "%u of %u placed; the rest fit once the %zu busy instance%s listed under moves for it %s moved",
			 r->req[i].placed, q->count, moves, moves == 1 ? "" : "s",
			 moves == 1 ? "is" : "are");
	else
		snprintf(why, sizeof(why), "%u of %u placed; no eligible GPU has room for the rest beside the instances that stay%s",
			 r->req[i].placed, q->count,
			 defrag ? ", and moving busy instances would not make room" : " (--defrag proposes busy instances to move)");
	r->req[i].why = strdup(why);
	return r->req[i].why ? 0 : -1;
}

int migplan_plan(migplan_result **out, migplan_fleet *f, const migplan_demand *d,
		 const migplan_opts *opts)
{
	planner pl = {.f = f, .d = d};
	migplan_result *r;
	int defrag = opts && opts->defrag, rc;

	*out = NULL;
	if (opts && opts->version != MIGPLAN_OPTS_VERSION)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "planning: options of an unknown version");
	if (!(r = calloc(1, sizeof(*r))))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	r->f = f;
	r->d = d;
	pl.r = r;
	if (planner_alloc(&pl, r))
		goto oom;
	for (size_t i = 0; i < d->n; i++) {
		pl.left[i] = d->req[i].count;
		r->sum.units += d->req[i].count;
		r->sum.demanded += (uint64_t)d->req[i].count * d->req[i].priority;
	}
	if ((rc = resolve_all(&pl)) != 0)
		goto fail;
	if (build_queues(&pl) || reserve(&pl) || place_all(&pl))
		goto oom;
	if (defrag && (rc = mp_defrag(r, pl.prof, pl.left, (int)opts->free_gpus)) != 0)
		goto fail;
	sum_after(&pl);
	for (size_t i = 0; i < d->n; i++)
		if (pl.left[i] && explain_unplaced(&pl, i, defrag))
			goto oom;
	rc = 0;
	*out = r;
	r = NULL;
	goto fail;
oom:
	rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
fail:
	planner_free(&pl);
	migplan_result_free(r);
	return rc;
}

void migplan_result_free(migplan_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->req && i < r->d->n; i++) {
		free(r->req[i].why);
	}
	free(r->req);
	free(r->gpu);
	free(r->place);
	free(r->move);
	free(r);
}

size_t migplan_result_placement_count(const migplan_result *r)
{
	return r ? r->nplace : 0;
}

const migplan_placement *migplan_result_placement(const migplan_result *r, size_t i)
{
	return r && i < r->nplace ? &r->place[i] : NULL;
}

void migplan_result_summary(migplan_summary *out, const migplan_result *r)
{
	*out = r->sum;
	out->moves = r->nmove;
}
