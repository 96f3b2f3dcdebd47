/*
 * defrag.c - what to move when demand fits nowhere (docs/planning.md
 * "Defragmentation").
 *
 * For a unit that found no room, every eligible GPU is a candidate: the
 * question is which of its busy GIs, moved to free space on GPUs of the same
 * model (another placement on their own GPU included), would let the unit's
 * profile in.  Subsets are tried by
 * cost - fewest instances, then least priority, then youngest (the least
 * work lost if the move is a drain) - so the first that works is the
 * cheapest on that GPU; the cheapest over all GPUs wins.  Targets are
 * found by a depth-first search over the other GPUs' free placements,
 * largest instance first.  The moves are proposals: the plan never
 * touches a busy instance; whoever owns the work drains or migrates it.
 * Idle instances that the plan keeps but gives to no request are no
 * obstacle: a move or the unit may take their place, and those in the way
 * are destroyed by the plan (one step each, against a drain per move).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "plan_int.h"

/*
 * Placement attempts (target search steps) per unit: the search is exact
 * while it stays under this, which small fleets always do; on a large,
 * full fleet the best found by then is proposed.
 */
#define MP_DEFRAG_BUDGET 4000000
/* Units examined, best requests first: proposals for the rest wait for the next plan. */
#define MP_DEFRAG_UNITS 256

typedef struct dctx {
	migplan_result *r;
	uint32_t *work;          /* current mask per GPU (final layout + accepted moves) */
	uint32_t *fixed;         /* items that may not move (moved-in instances, new ones) */
	uint32_t *spare;         /* idle instances kept but given to no request: free to take */
	int *freeing;            /* GPUs being emptied (consolidation): no target */
	size_t budget;           /* DFS nodes left */
	uint64_t *order;         /* requests, best first */
} dctx;

typedef struct cand {
	int ok;
	size_t gpu;
	unsigned count, prio;
	double age;
	uint32_t set;            /* items moved off the GPU */
	size_t ntarget;
	size_t to[MP_MAX_GI];
	int to_item[MP_MAX_GI];
	int unit_item;           /* where the unit goes; -1 for consolidation */
} cand;

static const mp_gi *gi_at(const mp_gpu *g, int item)
{
	for (size_t i = 0; i < g->ngi; i++)
		if (g->gi[i].item == item)
			return &g->gi[i];
	return NULL;
}

/* Do items a and b of l share a placement unit? */
static int overlap(const mp_lattice *l, int a, int b)
{
	const mp_item *x = &l->item[a], *y = &l->item[b];

	return x->start < y->start + y->size && y->start < x->start + x->size;
}

/*
 * An item of profile p that fits on top of mask and overlaps none of the
 * items in `avoid`, or -1.  `avoid` holds the old places of the GIs moving
 * off this GPU: moves are carried out one after another, so a new place
 * must not overlap a place another moving GI may still hold (nor its own).
 */
static int room_but(const mp_lattice *l, uint32_t mask, unsigned p, uint32_t avoid)
{
	int32_t idx = mp_lattice_find(l, mask);

	if (idx < 0)
		return -1;
	for (uint32_t x = l->pmask[p] & ~mask; x; x &= x - 1) {
		int it = __builtin_ctz(x);
		int clash = 0;

		for (uint32_t a = avoid; a && !clash; a &= a - 1)
			clash = overlap(l, it, __builtin_ctz(a));
		if (!clash && l->succ[(size_t)idx * l->nitem + (size_t)it] >= 0)
			return it;
	}
	return -1;
}

/* An item of profile p that fits on top of mask, or -1. */
static int room(const mp_lattice *l, uint32_t mask, unsigned p)
{
	return room_but(l, mask, p, 0);
}

/* Place the moved items (items[k..n)) on GPUs of the same lattice, their own included. */
static int targets(dctx *c, size_t from, const int *items, size_t n, size_t k, cand *out)
{
	const migplan_fleet *f = c->r->f;
	const mp_lattice *l = f->gpu[from].lat;
	uint32_t moving = 0;

	if (k == n)
		return 1;
	for (size_t i = 0; i < n; i++)
		moving |= 1u << items[i];
	for (size_t h = 0; h < f->ngpu; h++) {
		int it;

		if (f->gpu[h].lat != l || (c->freeing && c->freeing[h]) || !c->budget)
			continue;
		c->budget--;
		it = room_but(l, c->work[h], l->item[items[k]].prof, h == from ? moving : 0);
		if (it < 0)
			continue;
		c->work[h] |= 1u << it;
		out->to[k] = h;
		out->to_item[k] = it;
		if (targets(c, from, items, n, k + 1, out)) {
			c->work[h] &= ~(1u << it);
			return 1;
		}
		c->work[h] &= ~(1u << it);
	}
	return 0;
}

static int better(const cand *a, const cand *b)
{
	if (!b->ok)
		return 1;
	if (a->count != b->count)
		return a->count < b->count;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->age < b->age - 1e-9;
}

/*
 * With the GIs sel[0..ns) (the set `set`) moved off their places on GPU g:
 * the unit of profile p at each placement that fits in turn (p < 0: none,
 * the GPU is being emptied), until the moved GIs find targets.  1 with
 * cd->unit_item and cd's targets filled.
 */
static int try_set(dctx *c, size_t g, int p, const int *sel, size_t ns, uint32_t set, cand *cd)
{
	const mp_lattice *l = c->r->f->gpu[g].lat;
	uint32_t free_of_set = c->work[g] & ~set;
	uint32_t units = p >= 0 ? l->pmask[p] & ~free_of_set : 0;
	int found = 0;

	c->work[g] = free_of_set;
	if (p < 0) {
		cd->unit_item = -1;
		found = c->budget && targets(c, g, sel, ns, 0, cd);
	}
	for (uint32_t x = units; x && !found && c->budget; x &= x - 1) {
		int it = __builtin_ctz(x);

		if (mp_lattice_find(l, free_of_set | 1u << it) < 0)
			continue;
		cd->unit_item = it;
		c->work[g] = free_of_set | 1u << it;
		found = targets(c, g, sel, ns, 0, cd);
	}
	c->work[g] = free_of_set | set;
	return found;
}

/*
 * The cheapest set of movable GIs on GPU g whose removal lets profile p in
 * (p < 0: empties the GPU), with targets.
 */
static void try_gpu(dctx *c, size_t g, int p, cand *best)
{
	const mp_gpu *gp = &c->r->f->gpu[g];
	const mp_lattice *l = gp->lat;
	uint32_t movable = c->work[g] & gp->busy & ~c->fixed[g];
	uint32_t other = c->work[g] & ~movable;
	int items[MP_MAX_GI];
	size_t nm = 0;

	for (uint32_t x = movable; x; x &= x - 1)
		items[nm++] = __builtin_ctz(x);
	if (p < 0 && other)
		return; /* idle or new instances stay where they are: not emptiable */
	/* nothing helps when even moving every movable GI leaves no room */
	if (p >= 0 && room(l, other, (unsigned)p) < 0)
		return;
	for (uint32_t s = 0; s < (1u << nm); s++) {
		cand cd;
		int sel[MP_MAX_GI], tmp;
		size_t ns = 0;
		uint32_t set = 0;

		memset(&cd, 0, sizeof(cd));
		for (size_t k = 0; k < nm; k++)
			if (s >> k & 1) {
				const mp_gi *gi = gi_at(gp, items[k]);

				sel[ns++] = items[k];
				set |= 1u << items[k];
				cd.prio += gi ? gi->priority : 1;
				cd.age += gi ? gi->age_s : 0;
			}
		cd.count = (unsigned)ns;
		if ((p < 0 && set != movable) || (best->ok && !better(&cd, best)))
			continue;
		if (p >= 0 && room(l, c->work[g] & ~set, (unsigned)p) < 0)
			continue;
		/* largest first: they are the hardest to place */
		for (size_t a = 0; a < ns; a++)
			for (size_t b = a + 1; b < ns; b++)
				if (l->item[sel[b]].size > l->item[sel[a]].size) {
					tmp = sel[a];
					sel[a] = sel[b];
					sel[b] = tmp;
				}
		if (try_set(c, g, p, sel, ns, set, &cd)) {
			cd.ok = 1;
			cd.gpu = g;
			cd.set = set;
			cd.ntarget = ns;
			for (size_t k = 0; k < ns; k++)
				cd.to_item[k] = cd.to_item[k] | (sel[k] << 8);
			*best = cd;
		}
	}
}

static int accept(dctx *c, const cand *cd, const char *request)
{
	migplan_result *r = c->r;
	const mp_gpu *gp = &r->f->gpu[cd->gpu];
	mp_move *grown = realloc(r->move, (r->nmove + cd->ntarget + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	r->move = grown;
	for (size_t k = 0; k < cd->ntarget; k++) {
		int from = cd->to_item[k] >> 8, to = cd->to_item[k] & 0xff;
		const mp_gi *gi = gi_at(gp, from);
		mp_move *m = &r->move[r->nmove++];

		m->from_gpu = cd->gpu;
		m->to_gpu = cd->to[k];
		m->gi = gi ? gi->id : 0;
		m->prof = gp->lat->item[from].prof;
		m->to_start = gp->lat->item[to].start;
		m->for_request = request;
		c->work[cd->gpu] &= ~(1u << from);
		c->work[cd->to[k]] |= 1u << to;
		c->fixed[cd->to[k]] |= 1u << to;
	}
	if (cd->unit_item >= 0) {
		c->work[cd->gpu] |= 1u << cd->unit_item;
		c->fixed[cd->gpu] |= 1u << cd->unit_item;
	}
	return 0;
}

static int by_priority(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x < *y) - (*x > *y);
}

/* The requests in the order defragmentation serves them: higher priority first, then file order. */
static int order_requests(dctx *c)
{
	const migplan_demand *d = c->r->d;

	if (!(c->order = malloc((d->n ? d->n : 1) * sizeof(*c->order))))
		return -1;
	/* key: priority above, reversed index below, so one descending sort gives both */
	for (size_t i = 0; i < d->n; i++)
		c->order[i] = (uint64_t)d->req[i].priority << 32 | (uint32_t)~(uint32_t)i;
	qsort(c->order, d->n, sizeof(*c->order), by_priority);
	for (size_t i = 0; i < d->n; i++)
		c->order[i] = (uint32_t)~(uint32_t)c->order[i];
	return 0;
}

/* Moves that make room for the units left unplaced, at most MP_DEFRAG_UNITS of them. */
static int make_room(dctx *c, const int16_t *prof, const unsigned *left)
{
	const migplan_fleet *f = c->r->f;
	const migplan_demand *d = c->r->d;

	for (size_t o = 0, seen = 0; o < d->n && seen < MP_DEFRAG_UNITS; o++) {
		size_t i = c->order[o];
		const mp_req *q = &d->req[i];

		for (unsigned u = 0; u < left[i] && seen < MP_DEFRAG_UNITS; u++, seen++) {
			cand best;

			memset(&best, 0, sizeof(best));
			c->budget = MP_DEFRAG_BUDGET;
			for (size_t g = 0; g < f->ngpu && c->budget; g++) {
				int p = prof[i * f->nlat + mp_lat_index(f, f->gpu[g].lat)];

				if (p >= 0 && mp_gpu_allowed(f, q, &f->gpu[g]))
					try_gpu(c, g, p, &best);
			}
			if (!best.ok)
				break;
			if (accept(c, &best, q->id))
				return -1;
		}
	}
	return 0;
}

/* Moves that empty whole GPUs until free_gpus of them are empty, or nothing more can be emptied. */
static int free_whole_gpus(dctx *c, size_t free_gpus)
{
	const migplan_fleet *f = c->r->f;
	size_t empty = 0;

	if (!(c->freeing = calloc(f->ngpu ? f->ngpu : 1, sizeof(*c->freeing))))
		return -1;
	for (size_t g = 0; g < f->ngpu; g++)
		if (!c->work[g] && !c->spare[g]) {
			empty++;
			c->freeing[g] = 1;
		}
	/* GPUs holding only spare idle instances: emptied by destroying them, as many as needed */
	for (size_t g = 0; g < f->ngpu && empty < free_gpus; g++)
		if (!c->freeing[g] && !c->work[g]) {
			empty++;
			c->freeing[g] = 1;
		}
	while (empty < free_gpus) {
		cand best;

		memset(&best, 0, sizeof(best));
		c->budget = MP_DEFRAG_BUDGET;
		for (size_t g = 0; g < f->ngpu && c->budget; g++)
			if (!c->freeing[g]) {
				c->freeing[g] = 1;
				try_gpu(c, g, -1, &best);
				c->freeing[g] = 0;
			}
		if (!best.ok)
			break;
		c->freeing[best.gpu] = 1;
		if (accept(c, &best, NULL))
			return -1;
		empty++;
	}
	return 0;
}

/* Idle instances of GPU g that a placement reuses: they serve a request. */
static uint32_t reused_items(const migplan_result *r, size_t g)
{
	const mp_lattice *l = r->f->gpu[g].lat;
	uint32_t used = 0;

	for (size_t i = 0; i < r->nplace; i++) {
		const migplan_placement *pc = &r->place[i];

		for (size_t p = 0; pc->fleet_gpu == g && pc->reused && p < l->nprof; p++)
			if (pc->profile == l->info[p].name)
				used |= 1u << mp_lattice_item(l, (unsigned)p, pc->start);
	}
	return used;
}

/*
 * The spare idle instances in the way of what defragmentation reserved
 * (moved-in instances, units, GPUs to empty) leave the final layouts.
 */
static void drop_spare(dctx *c)
{
	migplan_result *r = c->r;

	for (size_t g = 0; g < r->f->ngpu; g++) {
		const mp_gpu *gp = &r->f->gpu[g];
		uint32_t keep = 0, drop;

		for (uint32_t x = c->spare[g]; x && !(c->freeing && c->freeing[g]); x &= x - 1) {
			uint32_t bit = x & -x;

			if (mp_lattice_find(gp->lat, c->work[g] | keep | bit) >= 0)
				keep |= bit;
		}
		if (!(drop = c->spare[g] & ~keep))
			continue;
		r->gpu[g].mask &= ~drop;
		if (!r->gpu[g].changed) {
			r->gpu[g].changed = 1;
			r->sum.gpus_changed++;
		}
		for (uint32_t x = drop; x; x &= x - 1)
			r->sum.destroyed += mp_destroy_cost(gp, (uint32_t)__builtin_ctz(x));
	}
}

int mp_defrag(migplan_result *r, const int16_t *prof, const unsigned *left, int free_gpus)
{
	const migplan_fleet *f = r->f;
	dctx c = {.r = r};
	int rc = -1;
	size_t n = f->ngpu ? f->ngpu : 1;

	c.work = malloc(n * sizeof(*c.work));
	c.fixed = calloc(n, sizeof(*c.fixed));
	c.spare = calloc(n, sizeof(*c.spare));
	if (c.work && c.fixed && c.spare) {
		for (size_t g = 0; g < f->ngpu; g++) {
			c.spare[g] = r->gpu[g].mask & f->gpu[g].idle & ~r->gpu[g].rebuild & ~reused_items(r, g);
			c.work[g] = r->gpu[g].mask & ~c.spare[g];
			c.fixed[g] = c.work[g] & ~f->gpu[g].busy;
		}
		if (!order_requests(&c) && !make_room(&c, prof, left) &&
		    (free_gpus <= 0 || !free_whole_gpus(&c, (size_t)free_gpus))) {
			drop_spare(&c);
			rc = 0;
		}
	}
	if (rc)
		rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
	free(c.work);
	free(c.fixed);
	free(c.spare);
	free(c.freeing);
	free(c.order);
	return rc;
}
