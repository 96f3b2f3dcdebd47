/*
 * plan.c - the planner: from the layout a GPU has to one a config asks
 * for, with the fewest destroys and creates (docs/layouts.md "Planner").
 *
 * A config asks for counts of compute instances per profile name
 * (§parted-3.4: GIs are implied); optionally a GI is pinned to a placement
 * ("3g.40gb@4").  The cost of a plan is its number of steps: every
 * instance of the current layout that does not stay is destroyed (one
 * step), every instance of the final layout that did not exist is created
 * (one step).  So a plan is cheapest when it keeps the most instances and
 * builds the fewest new GIs.
 *
 * The search has two levels:
 *  1. Which existing GIs stay, and which of their CIs: every combination
 *     that the wanted counts allow (and that spares busy instances unless
 *     --force), ordered by the steps it costs before new GIs are counted.
 *  2. For each such choice, in that order: pack the CIs still wanted into
 *     the kept GIs and the fewest new GIs (per GI profile, a small exact
 *     bin-packing over CI placements), then place the new GIs on a trial
 *     copy of the state with mig_create_gi at explicit placements, so the
 *     model's rules (buddy tree, engines, instance totals) decide what fits.
 * The first choice whose total cannot be beaten by any later one wins;
 * fewer new GIs never hurt the fit (a subset of a layout that fits fits),
 * so the minimum per profile is the only count to try.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"
#include "plan_internal.h"
#include "util.h"

#define MAX_KINDS 64
#define MAX_CANDIDATES (1u << 18)
#define MAX_PLACE_TRIES 200000u
#define MAX_FGI (2 * LAYOUT_MAX_GI)

typedef struct kind {       /* one distinct wanted CI: its bin and CI profile */
	unsigned gi_profile;
	int start;               /* pinned GI start, or -1 */
	unsigned ci_profile, slices;
	char name[48];
	unsigned count;
} kind;

typedef struct fgi {        /* a GI of the final layout */
	int have;                /* index in the current layout, -1 = new */
	unsigned profile;
	const mig_gi_profile *p;
	int start;               /* -1 until placed */
	int pin;
	uint32_t used;           /* compute slices taken */
	unsigned kept_ci;
	size_t nadd;
	struct {
		unsigned kind, ci_profile, slices, start;
	} add[LAYOUT_MAX_CI];
	unsigned id;
} fgi;

typedef struct cand {
	int16_t choice[LAYOUT_MAX_GI]; /* -1: destroy; else the mask of CIs kept */
	unsigned cost;           /* steps before new GIs are counted */
	unsigned busy;           /* CIs with processes it destroys */
	unsigned order;
} cand;

typedef struct item {
	unsigned kind, ci_profile, slices;
	uint32_t starts;
} item;

typedef struct gctx {
	const mig_state *base;
	unsigned gpu;
	const layout_gpu_have *have;
	kind kinds[MAX_KINDS];
	size_t nkinds;
	unsigned nwant;
	int force;
	cand *cands;
	size_t ncand, capcand;
	int truncated;
	unsigned remaining[MAX_KINDS];
	int16_t choice[LAYOUT_MAX_GI];
	unsigned tries;
	/* the best plan found */
	int found;
	cand best;
	fgi fin[MAX_FGI];
	size_t nfin;
} gctx;

/* ------------------------------------------------------------------ */
/* Plan building                                                      */
/* ------------------------------------------------------------------ */

layout_plan *layout__plan_new(unsigned ngpu)
{
	layout_plan *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->ngpu = ngpu;
	p->gpu = calloc(ngpu ? ngpu : 1, sizeof(*p->gpu));
	p->ids_exact = 1;
	if (!p->gpu) {
		free(p);
		return NULL;
	}
	return p;
}

int layout__plan_parts(layout_plan **out, const mig_state *st, size_t n, layout__part_fn part,
		       const void *arg, const layout_plan_opts *opts)
{
	layout_plan_opts none = {0};
	layout_plan *p = layout__plan_new(mig_state_gpu_count(st));
	mig_state *pt = NULL;
	int rc = 0;

	*out = NULL;
	if (!p || mig_state_clone(&pt, st)) {
		layout_plan_free(p);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = part(p, pt, i, arg, opts ? opts : &none);
	mig_state_free(pt);
	if (rc) {
		layout_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/*
 * Do a step on the plan's trial state and append it; creates learn the
 * ID the model gives.
 */
int layout__emit(layout_plan *p, mig_state *pt, layout_step *s)
{
	unsigned id;
	int rc = 0, act = MIG_SUCCESS;
	char text[256];

	layout_step_text(text, sizeof(text), s);
	switch (s->op) {
	case LAYOUT_CREATE_GI:
		rc = mig_create_gi(&id, pt, s->gpu, s->profile, &s->at);
		s->gi = id;
		break;
	case LAYOUT_CREATE_CI:
		rc = mig_create_ci(&id, pt, s->gpu, s->gi, (int)s->profile, &s->at);
		s->ci = id;
		break;
	case LAYOUT_SET_MODE:
		rc = mig_set_mig_mode(pt, s->gpu, s->enable, &act);
		s->reset_follows = !rc && act != MIG_SUCCESS;
		break;
	case LAYOUT_RESET:
		/* libmig's sentence as it is: layout__mode_steps says what needed the reset */
		if ((rc = mig_reset_gpu(pt, s->gpu)) != 0)
			return rc;
		break;
	default:
		if ((rc = layout_step_do(pt, s)) != 0)
			return rc;
	}
	if (rc)
		return mig__fail(rc, "%s: %s", text, mig_errmsg());
	if (UTIL_GROW(p->step, p->cap, p->n + 1))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	p->step[p->n++] = *s;
	if (s->op == LAYOUT_DESTROY_CI || s->op == LAYOUT_DESTROY_GI)
		p->gpu[s->gpu].destroyed++;
	else if (s->op == LAYOUT_CREATE_CI || s->op == LAYOUT_CREATE_GI)
		p->gpu[s->gpu].created++;
	return 0;
}

const char *layout__model_name(const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;

	if (mig_gpu_get(&g, st, gpu) || !g.model)
		return "?";
	return mig_model_name(g.model);
}

/* "pid 4242 (python3), pid 17 (train)" for the processes on a CI. */
void layout__busy_text(char *buf, size_t len, const mig_state *st, unsigned gpu, unsigned gi,
		      unsigned ci)
{
	mig_gpu_info g;
	mig_process *p;
	size_t n = 0, used = 0;

	buf[0] = '\0';
	if (mig_gpu_get(&g, st, gpu) || !g.process_count)
		return;
	p = calloc(g.process_count, sizeof(*p));
	if (!p)
		return;
	if (mig_process_list(p, g.process_count, &n, st, gpu) == MIG_SUCCESS)
		for (size_t i = 0; i < n && i < g.process_count && used < len; i++)
			if (p[i].gi == gi && p[i].ci == ci)
				used += (size_t)snprintf(buf + used, len - used, "%spid %u (%s)",
							 used ? ", " : "", p[i].pid, p[i].name);
	free(p);
}

/* Mode steps on the trial state: set, then reset if the change stays pending. */
int layout__mode_steps(layout_plan *p, mig_state *pt, unsigned gpu, int enable)
{
	layout_step s = {0};
	int rc;

	s.op = LAYOUT_SET_MODE;
	s.gpu = gpu;
	s.enable = enable;
	s.mode_phase = 1;
	if ((rc = layout__emit(p, pt, &s)) != 0)
		return rc;
	if (p->step[p->n - 1].reset_follows) {
		layout_step r = {0};

		r.op = LAYOUT_RESET;
		r.gpu = gpu;
		r.mode_phase = 1;
		if ((rc = layout__emit(p, pt, &r)) != 0)
			return mig__fail(rc,
					 "GPU %u (%s): %s MIG mode needs a GPU reset, which cannot be done now: %s",
					 gpu, layout__model_name(pt, gpu), enable ? "enabling" : "disabling",
					 mig_errmsg());
	}
	return 0;
}

/* Destroy every instance of a GPU (disabling MIG); busy ones only with force. */
int layout__destroy_unkept(layout_plan *p, mig_state *pt, unsigned gpu, const layout_gpu_have *h,
			   const int *keep, int mode_phase)
{
	layout_gpu_plan *gp = &p->gpu[gpu];
	int rc;

	for (size_t g = 0; g < h->ngi; g++) {
		const layout_gi_have *gi = &h->gi[g];
		int kept = keep ? keep[g] : -1;
		layout_step s;
		mig_gi_profile_info info;

		for (size_t c = gi->nci; c-- > 0;) {
			if (kept >= 0 && (kept & (1 << c)))
				continue;
			memset(&s, 0, sizeof(s));
			s.op = LAYOUT_DESTROY_CI;
			s.gpu = gpu;
			s.gi = gi->id;
			s.ci = gi->ci[c].id;
			s.detach = gi->ci[c].procs;
			s.mode_phase = mode_phase;
			snprintf(s.name, sizeof(s.name), "%s", gi->ci[c].name);
			if ((rc = layout__emit(p, pt, &s)) != 0)
				return rc;
		}
		if (kept >= 0) {
			gp->kept_gi++;
			gp->kept_ci += (unsigned)__builtin_popcount((unsigned)kept & ((1u << gi->nci) - 1));
			continue;
		}
		mig_gi_profile_get(gi->p, &info);
		memset(&s, 0, sizeof(s));
		s.op = LAYOUT_DESTROY_GI;
		s.gpu = gpu;
		s.gi = gi->id;
		s.at = gi->at;
		s.mode_phase = mode_phase;
		snprintf(s.name, sizeof(s.name), "%s", info.name);
		if ((rc = layout__emit(p, pt, &s)) != 0)
			return rc;
	}
	return 0;
}

int layout__destroy_all(layout_plan *p, mig_state *pt, unsigned gpu, const layout_gpu_have *h,
		       int force, int mode_phase)
{
	if (!force) {
		char list[LAYOUT_ERR_MAX] = "";
		size_t used = 0;

		for (size_t g = 0; g < h->ngi; g++)
			for (size_t c = 0; c < h->gi[g].nci; c++) {
				char who[256];

				if (!h->gi[g].ci[c].procs)
					continue;
				layout__busy_text(who, sizeof(who), pt, gpu, h->gi[g].id, h->gi[g].ci[c].id);
				used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
							 "%sCI %u of GI %u (%s): %s", used ? "; " : "",
							 h->gi[g].ci[c].id, h->gi[g].id, h->gi[g].ci[c].name, who);
			}
		if (used)
			return mig__fail(MIG_ERROR_IN_USE,
					 "GPU %u (%s): disabling MIG would destroy instances in use: %s; stop those processes or use --force",
					 gpu, layout__model_name(pt, gpu), list);
	}
	return layout__destroy_unkept(p, pt, gpu, h, NULL, mode_phase);
}

/* ------------------------------------------------------------------ */
/* Level 1: which instances stay                                      */
/* ------------------------------------------------------------------ */

/* The wanted kind a CI of a current GI can count as, or -1. */
static int kind_of(const gctx *c, const layout_gi_have *g, const layout_ci_have *ci)
{
	int pinned = 0;

	for (size_t k = 0; k < c->nkinds; k++)
		if (c->kinds[k].gi_profile == g->profile && c->kinds[k].start == (int)g->at.start)
			pinned = 1;
	for (size_t k = 0; k < c->nkinds; k++) {
		const kind *w = &c->kinds[k];

		if (w->gi_profile != g->profile || w->ci_profile != ci->profile)
			continue;
		if (pinned ? w->start == (int)g->at.start : w->start < 0)
			return (int)k;
	}
	return -1;
}

/* Can a current GI stay at all (its profile, at its place, is wanted)? */
static int gi_has_bin(const gctx *c, const layout_gi_have *g)
{
	for (size_t k = 0; k < c->nkinds; k++)
		if (c->kinds[k].gi_profile == g->profile &&
		    (c->kinds[k].start < 0 || c->kinds[k].start == (int)g->at.start))
			return 1;
	return 0;
}

static int add_cand(gctx *c, unsigned cost, unsigned busy)
{
	cand *k;

	if (c->ncand == c->capcand) {
		size_t cap = c->capcand ? c->capcand * 2 : 256;
		cand *g;

		if (cap > MAX_CANDIDATES) {
			c->truncated = 1;
			return 0;
		}
		g = realloc(c->cands, cap * sizeof(*g));
		if (!g)
			return -1;
		c->cands = g;
		c->capcand = cap;
	}
	k = &c->cands[c->ncand];
	memcpy(k->choice, c->choice, sizeof(k->choice));
	k->cost = cost;
	for (size_t i = 0; i < c->nkinds; i++)
		k->cost += c->remaining[i]; /* CIs still to create */
	k->busy = busy;
	k->order = (unsigned)c->ncand++;
	return 0;
}

static int enum_gi(gctx *c, size_t i, unsigned cost, unsigned busy)
{
	const layout_gi_have *g;

	if (i == c->have->ngi)
		return add_cand(c, cost, busy);
	g = &c->have->gi[i];
	if (gi_has_bin(c, g)) {
		for (int mask = (1 << g->nci) - 1; mask >= 0; mask--) {
			unsigned b = 0, kept = 0;
			int ok = 1, k;

			for (size_t j = 0; j < g->nci; j++) {
				if (mask & (1 << j)) {
					k = kind_of(c, g, &g->ci[j]);
					if (k < 0 || c->remaining[k] == 0) {
						ok = 0;
						/* undo the decrements made so far */
						for (size_t u = 0; u < j; u++)
							if (mask & (1 << u))
								c->remaining[kind_of(c, g, &g->ci[u])]++;
						break;
					}
					c->remaining[k]--;
					kept++;
				} else if (g->ci[j].procs) {
					b++;
				}
			}
			if (!ok)
				continue;
			if (!b || c->force) {
				c->choice[i] = (int16_t)mask;
				if (enum_gi(c, i + 1, cost + (unsigned)g->nci - kept, busy + b))
					return -1;
			}
			for (size_t j = 0; j < g->nci; j++)
				if (mask & (1 << j))
					c->remaining[kind_of(c, g, &g->ci[j])]++;
			if (c->truncated)
				return 0;
		}
	}
	{
		unsigned b = 0;

		for (size_t j = 0; j < g->nci; j++)
			b += g->ci[j].procs > 0;
		if (!b || c->force) {
			c->choice[i] = -1;
			if (enum_gi(c, i + 1, cost + 1 + (unsigned)g->nci, busy + b))
				return -1;
		}
	}
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;

	if (x->busy != y->busy)
		return x->busy < y->busy ? -1 : 1;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ------------------------------------------------------------------ */
/* Level 2: packing CIs into GIs                                      */
/* ------------------------------------------------------------------ */

static uint32_t ci_starts(const mig_gi_profile *p, unsigned ci_profile)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, p) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++)
		if (list[i].id == ci_profile)
			return list[i].placements;
	return 0;
}

static uint32_t slice_mask(unsigned start, unsigned slices)
{
	return ((1u << slices) - 1u) << start;
}

typedef struct packer {
	item *items;
	size_t nitems;
	fgi **bins;              /* kept bins first, then the new ones opened so far */
	size_t nkept, nopen, maxnew;
	fgi *pool;               /* storage for new bins */
	size_t *npool;
	unsigned profile;
	const mig_gi_profile *p;
	int pin_start;
	unsigned steps;
} packer;

static int pack_dfs(packer *k, size_t i, size_t prev_bin, int prev_start)
{
	const item *it;
	size_t empty = 0;

	if (++k->steps > 2000000u)
		return 0;
	for (size_t b = 0; b < k->nkept; b++)
		empty += k->bins[b]->kept_ci + k->bins[b]->nadd == 0;
	if (i == k->nitems)
		return empty == 0;
	if (k->nitems - i < empty)
		return 0;
	it = &k->items[i];
	/* Identical CIs are placed in increasing (bin, start) order: no permutations. */
	if (!(i > 0 && k->items[i - 1].ci_profile == it->ci_profile)) {
		prev_bin = 0;
		prev_start = -1;
	}
	for (size_t b = prev_bin; b < k->nopen; b++) {
		fgi *f = k->bins[b];

		for (unsigned s = 0; s < 16; s++) {
			uint32_t m;

			if (!(it->starts & (1u << s)) || (b == prev_bin && (int)s <= prev_start))
				continue;
			m = slice_mask(s, it->slices);
			if ((f->used & m) || f->nadd >= LAYOUT_MAX_CI ||
			    f->kept_ci + f->nadd >= LAYOUT_MAX_CI)
				continue;
			f->used |= m;
			f->add[f->nadd].kind = it->kind;
			f->add[f->nadd].ci_profile = it->ci_profile;
			f->add[f->nadd].slices = it->slices;
			f->add[f->nadd].start = s;
			f->nadd++;
			if (pack_dfs(k, i + 1, b, (int)s))
				return 1;
			f->nadd--;
			f->used &= ~m;
		}
	}
	if (k->nopen - k->nkept < k->maxnew && *k->npool < MAX_FGI) {
		fgi *f = &k->pool[(*k->npool)++];

		memset(f, 0, sizeof(*f));
		f->have = -1;
		f->profile = k->profile;
		f->p = k->p;
		f->start = k->pin_start;
		f->pin = k->pin_start >= 0;
		k->bins[k->nopen++] = f;
		if (pack_dfs(k, i, prev_bin, prev_start))
			return 1;
		k->nopen--;
		(*k->npool)--;
	}
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	const item *x = a, *y = b;

	if (x->slices != y->slices)
		return x->slices > y->slices ? -1 : 1;
	return (x->ci_profile > y->ci_profile) - (x->ci_profile < y->ci_profile);
}

/* ------------------------------------------------------------------ */
/* Level 2b: placing the new GIs on a trial state                     */
/* ------------------------------------------------------------------ */

typedef struct placer {
	mig_state *trial;
	unsigned gpu;
	fgi **list;
	size_t n;
	unsigned *tries;
} placer;

static int place_dfs(placer *pl, size_t i)
{
	fgi *f;
	mig_gi_profile_info info;
	mig_placement at;
	int prev = -1, autostart = -1;
	unsigned id;

	if (i == pl->n)
		return 1;
	if (++*pl->tries > MAX_PLACE_TRIES)
		return 0;
	f = pl->list[i];
	mig_gi_profile_get(f->p, &info);
	at.size = info.placement_size;
	if (f->pin) {
		at.start = (unsigned)f->start;
		if (mig_create_gi(&id, pl->trial, pl->gpu, f->profile, &at))
			return 0;
		f->id = id;
		if (place_dfs(pl, i + 1))
			return 1;
		mig_destroy_gi(pl->trial, pl->gpu, id);
		return 0;
	}
	/* GIs of one profile take increasing starts: no permutations. */
	if (i > 0 && !pl->list[i - 1]->pin && pl->list[i - 1]->profile == f->profile)
		prev = pl->list[i - 1]->start;
	/* Try first where the driver's automatic placement would put it. */
	if (mig_create_gi(&id, pl->trial, pl->gpu, f->profile, NULL) == MIG_SUCCESS) {
		mig_gi_info gi;

		if (mig_gi_get(&gi, pl->trial, pl->gpu, id) == MIG_SUCCESS)
			autostart = (int)gi.placement.start;
		mig_destroy_gi(pl->trial, pl->gpu, id);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned s = 0; s < 16; s++) {
			if (pass == 0 && (int)s != autostart)
				continue;
			if (pass == 1 && (int)s == autostart)
				continue;
			if (!(info.placements & (1u << s)) || (int)s <= prev)
				continue;
			at.start = s;
			if (mig_create_gi(&id, pl->trial, pl->gpu, f->profile, &at))
				continue;
			f->start = (int)s;
			f->id = id;
			if (place_dfs(pl, i + 1))
				return 1;
			mig_destroy_gi(pl->trial, pl->gpu, id);
			f->start = -1;
		}
	}
	return 0;
}

static int cmp_fgi_place(const void *a, const void *b)
{
	const fgi *x = *(fgi *const *)a, *y = *(fgi *const *)b;
	mig_gi_profile_info ix, iy;

	if (x->pin != y->pin)
		return x->pin ? -1 : 1;
	mig_gi_profile_get(x->p, &ix);
	mig_gi_profile_get(y->p, &iy);
	if (ix.placement_size != iy.placement_size)
		return ix.placement_size > iy.placement_size ? -1 : 1;
	if (x->profile != y->profile)
		return x->profile < y->profile ? -1 : 1;
	return 0;
}

/* Apply a candidate's destroys to a trial state (processes detached as needed). */
static int trial_destroys(mig_state *t, const gctx *c, const cand *k)
{
	for (size_t g = 0; g < c->have->ngi; g++) {
		const layout_gi_have *h = &c->have->gi[g];

		for (size_t j = h->nci; j-- > 0;) {
			layout_step s = {0};

			if (k->choice[g] >= 0 && (k->choice[g] & (1 << j)))
				continue;
			s.op = LAYOUT_DESTROY_CI;
			s.gpu = c->gpu;
			s.gi = h->id;
			s.ci = h->ci[j].id;
			s.detach = h->ci[j].procs;
			if (layout_step_do(t, &s))
				return -1;
		}
		if (k->choice[g] < 0 && mig_destroy_gi(t, c->gpu, h->id))
			return -1;
	}
	return 0;
}

/* The GIs a candidate keeps, with the CIs they keep; rem[] loses the kept CIs' kinds. */
static size_t keep_chosen(const gctx *c, const cand *k, fgi *fin, unsigned *rem)
{
	size_t nf = 0;

	for (size_t g = 0; g < c->have->ngi; g++) {
		const layout_gi_have *h = &c->have->gi[g];
		fgi *f;

		if (k->choice[g] < 0)
			continue;
		f = &fin[nf++];
		memset(f, 0, sizeof(*f));
		f->have = (int)g;
		f->profile = h->profile;
		f->p = h->p;
		f->start = (int)h->at.start;
		f->id = h->id;
		for (size_t j = 0; j < h->nci; j++) {
			if (!(k->choice[g] & (1 << j)))
				continue;
			f->used |= slice_mask(h->ci[j].at.start, h->ci[j].slices);
			f->kept_ci++;
			rem[kind_of(c, h, &h->ci[j])]--;
		}
		for (size_t i = 0; i < c->nkinds; i++)
			if (c->kinds[i].gi_profile == h->profile && c->kinds[i].start == (int)h->at.start)
				f->pin = 1;
	}
	return nf;
}

/* The CIs still wanted of every kind sharing kind i's (GI profile, start). */
static size_t bin_items(const gctx *c, size_t i, const unsigned *rem, item *items)
{
	const kind *ki = &c->kinds[i];
	size_t nitems = 0;

	for (size_t j = i; j < c->nkinds; j++) {
		const kind *kj = &c->kinds[j];

		if (kj->gi_profile != ki->gi_profile || kj->start != ki->start)
			continue;
		for (unsigned n = 0; n < rem[j] && nitems < LAYOUT_MAX_WANT; n++) {
			items[nitems].kind = (unsigned)j;
			items[nitems].ci_profile = kj->ci_profile;
			items[nitems].slices = kj->slices;
			nitems++;
		}
	}
	return nitems;
}

/*
 * Pack kind i's bin - a pinned (profile, start), or an unpinned profile -
 * into the kept GIs of that bin and as few new ones as fit.  1 if it packs.
 */
static int pack_bin(gctx *c, size_t i, const unsigned *rem, fgi *fin, size_t *nf)
{
	const kind *ki = &c->kinds[i];
	const mig_gi_profile *p = NULL;
	item items[LAYOUT_MAX_WANT];
	fgi *bins[MAX_FGI];
	size_t nitems = bin_items(c, i, rem, items), nkept = 0;
	int done = 0;
	packer pk;

	for (size_t f = 0; f < *nf; f++)
		if (fin[f].profile == ki->gi_profile &&
		    (ki->start >= 0 ? fin[f].pin && fin[f].start == ki->start : !fin[f].pin))
			bins[nkept++] = &fin[f];
	if (mig_gpu_gi_profile_by_id(&p, c->base, c->gpu, ki->gi_profile))
		return 0;
	for (size_t n = 0; n < nitems; n++)
		items[n].starts = ci_starts(p, items[n].ci_profile);
	qsort(items, nitems, sizeof(items[0]), cmp_item);
	memset(&pk, 0, sizeof(pk));
	pk.items = items;
	pk.nitems = nitems;
	pk.bins = bins;
	pk.nkept = nkept;
	pk.pool = fin;
	pk.npool = nf;
	pk.profile = ki->gi_profile;
	pk.p = p;
	pk.pin_start = ki->start;
	/* A pinned GI is one GI; an unpinned profile takes the fewest new ones. */
	for (size_t m = 0; m <= (ki->start >= 0 ? (nkept ? 0 : 1) : nitems) && !done; m++) {
		size_t save = *nf;

		pk.nopen = nkept;
		pk.maxnew = m;
		pk.steps = 0;
		if (ki->start >= 0 && !nkept && m == 0)
			continue;
		done = pack_dfs(&pk, 0, 0, -1);
		if (!done)
			*nf = save;
	}
	return done;
}

/* Place the new GIs and the added CIs on a trial copy of the GPU; 0 if the model agrees. */
static int place_on_trial(gctx *c, const cand *k, fgi *fin, size_t nf, fgi **newl, size_t nnew)
{
	mig_state *trial = NULL;
	placer pl;
	int ok = -1;

	qsort(newl, nnew, sizeof(newl[0]), cmp_fgi_place);
	if (mig_state_clone(&trial, c->base) || trial_destroys(trial, c, k))
		goto out;
	pl.trial = trial;
	pl.gpu = c->gpu;
	pl.list = newl;
	pl.n = nnew;
	pl.tries = &c->tries;
	if (!place_dfs(&pl, 0))
		goto out;
	/* The CI placements must hold in the model too. */
	for (size_t f = 0; f < nf; f++) {
		for (size_t a = 0; a < fin[f].nadd; a++) {
			mig_placement at = {fin[f].add[a].start, fin[f].add[a].slices};
			unsigned id;

			if (mig_create_ci(&id, trial, c->gpu, fin[f].id, (int)fin[f].add[a].ci_profile, &at))
				goto out;
		}
	}
	ok = 0;
out:
	mig_state_free(trial);
	return ok;
}

/*
 * Evaluate one choice of kept instances: 0 and the final GIs (fin) if
 * the rest of the target can be built around them; -1 if not.
 */
static int evaluate(gctx *c, const cand *k, fgi *fin, size_t *nfin)
{
	unsigned rem[MAX_KINDS];
	fgi *newl[MAX_FGI], tmp[MAX_FGI];
	size_t nf, nnew = 0, nt = 0;

	for (size_t i = 0; i < c->nkinds; i++)
		rem[i] = c->kinds[i].count;
	nf = keep_chosen(c, k, fin, rem);
	/* Bins: each pinned (profile, start), then each unpinned profile. */
	for (size_t i = 0; i < c->nkinds; i++) {
		int first = 1;

		for (size_t j = 0; j < i; j++)
			if (c->kinds[j].gi_profile == c->kinds[i].gi_profile &&
			    c->kinds[j].start == c->kinds[i].start)
				first = 0;
		if (first && !pack_bin(c, i, rem, fin, &nf))
			return -1;
	}
	/* Every kept GI must end with a CI (a kept GI in no bin cannot happen). */
	for (size_t f = 0; f < nf; f++) {
		if (fin[f].have >= 0 && fin[f].kept_ci + fin[f].nadd == 0)
			return -1;
		if (fin[f].have < 0)
			newl[nnew++] = &fin[f];
	}
	if (place_on_trial(c, k, fin, nf, newl, nnew))
		return -1;
	/* New GIs in the order they were placed. */
	for (size_t f = 0; f < nf; f++)
		if (fin[f].have >= 0)
			tmp[nt++] = fin[f];
	for (size_t i = 0; i < nnew; i++)
		tmp[nt++] = *newl[i];
	memcpy(fin, tmp, nt * sizeof(fin[0]));
	*nfin = nf;
	return 0;
}

static unsigned new_gis(const fgi *fin, size_t n)
{
	unsigned k = 0;

	for (size_t i = 0; i < n; i++)
		k += fin[i].have < 0;
	return k;
}

/* Run the search; c->found and c->best/fin say what it found. */
static int search(gctx *c)
{
	unsigned best_total = 0;

	c->found = 0;
	c->ncand = 0;
	c->truncated = 0;
	c->tries = 0;
	for (size_t i = 0; i < c->nkinds; i++)
		c->remaining[i] = c->kinds[i].count;
	if (enum_gi(c, 0, 0, 0))
		return -1;
	if (c->ncand)
		qsort(c->cands, c->ncand, sizeof(c->cands[0]), cmp_cand);
	for (size_t i = 0; i < c->ncand; i++) {
		const cand *k = &c->cands[i];
		fgi fin[MAX_FGI];
		size_t nfin = 0;
		unsigned total;

		if (c->found && (k->busy > c->best.busy ||
				 (k->busy == c->best.busy && k->cost >= best_total)))
			break;
		if (c->tries > MAX_PLACE_TRIES)
			break;
		if (evaluate(c, k, fin, &nfin))
			continue;
		total = k->cost + new_gis(fin, nfin);
		if (!c->found || k->busy < c->best.busy ||
		    (k->busy == c->best.busy && total < best_total)) {
			c->found = 1;
			c->best = *k;
			best_total = total;
			memcpy(c->fin, fin, nfin * sizeof(fin[0]));
			c->nfin = nfin;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* One GPU                                                            */
/* ------------------------------------------------------------------ */

static void want_summary(char *buf, size_t len, const gctx *c)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < c->nkinds && used < len; k++) {
		if (c->kinds[k].start >= 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%s@%d x%u", k ? ", " : "",
						 c->kinds[k].name, c->kinds[k].start, c->kinds[k].count);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%s x%u", k ? ", " : "",
						 c->kinds[k].name, c->kinds[k].count);
	}
}

/* The steps of the best plan, done on the trial state. */
static int emit_best(layout_plan *p, mig_state *pt, gctx *c)
{
	const layout_gpu_have *h = c->have;
	layout_gpu_plan *gp = &p->gpu[c->gpu];
	int keep[LAYOUT_MAX_GI];
	int rc;

	for (size_t g = 0; g < h->ngi; g++)
		keep[g] = c->best.choice[g];
	if ((rc = layout__destroy_unkept(p, pt, c->gpu, h, keep, 0)) != 0)
		return rc;
	for (size_t f = 0; f < c->nfin; f++) {
		fgi *fg = &c->fin[f];
		layout_step s;

		if (fg->have < 0) {
			mig_gi_profile_info info;

			mig_gi_profile_get(fg->p, &info);
			memset(&s, 0, sizeof(s));
			s.op = LAYOUT_CREATE_GI;
			s.gpu = c->gpu;
			s.profile = fg->profile;
			s.at.start = (unsigned)fg->start;
			s.at.size = info.placement_size;
			snprintf(s.name, sizeof(s.name), "%s", info.name);
			if ((rc = layout__emit(p, pt, &s)) != 0)
				return rc;
			fg->id = p->step[p->n - 1].gi;
		}
		for (size_t a = 0; a < fg->nadd; a++) {
			memset(&s, 0, sizeof(s));
			s.op = LAYOUT_CREATE_CI;
			s.gpu = c->gpu;
			s.gi = fg->id;
			s.profile = fg->add[a].ci_profile;
			s.at.start = fg->add[a].start;
			s.at.size = fg->add[a].slices;
			snprintf(s.name, sizeof(s.name), "%s", c->kinds[fg->add[a].kind].name);
			if ((rc = layout__emit(p, pt, &s)) != 0)
				return rc;
		}
	}
	gp->want_gi = (unsigned)c->nfin;
	gp->want_ci = c->nwant;
	return 0;
}

/* The wants grouped into kinds (profile, start, CI profile) with their counts. */
static int count_kinds(gctx *c, const layout_target *t)
{
	for (size_t w = 0; w < t->n; w++) {
		const layout_want *x = &t->want[w];
		size_t k;

		for (k = 0; k < c->nkinds; k++)
			if (c->kinds[k].gi_profile == x->gi_profile && c->kinds[k].start == x->start &&
			    c->kinds[k].ci_profile == x->ci_profile)
				break;
		if (k == c->nkinds) {
			if (c->nkinds == MAX_KINDS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "GPU %u: too many different profiles", c->gpu);
			memset(&c->kinds[k], 0, sizeof(c->kinds[k]));
			c->kinds[k].gi_profile = x->gi_profile;
			c->kinds[k].start = x->start;
			c->kinds[k].ci_profile = x->ci_profile;
			c->kinds[k].slices = x->slices;
			snprintf(c->kinds[k].name, sizeof(c->kinds[k].name), "%s", x->name);
			c->nkinds++;
		}
		c->kinds[k].count++;
	}
	return 0;
}

/* The layout fits only without the busy CIs the best placement destroys: name them. */
static int fail_in_use(const gctx *c)
{
	const layout_gpu_have *h = c->have;
	char list[LAYOUT_ERR_MAX] = "";
	size_t used = 0;

	for (size_t g = 0; g < h->ngi; g++)
		for (size_t j = 0; j < h->gi[g].nci; j++) {
			char who[256];

			if (!h->gi[g].ci[j].procs ||
			    (c->best.choice[g] >= 0 && (c->best.choice[g] & (1 << j))))
				continue;
			layout__busy_text(who, sizeof(who), c->base, c->gpu, h->gi[g].id,
					  h->gi[g].ci[j].id);
			used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
						 "%sCI %u of GI %u (%s): %s", used ? "; " : "",
						 h->gi[g].ci[j].id, h->gi[g].id, h->gi[g].ci[j].name, who);
		}
	return mig__fail(MIG_ERROR_IN_USE,
			 "GPU %u (%s): the layout cannot be reached without destroying instances in use: %s; stop those processes or use --force",
			 c->gpu, layout__model_name(c->base, c->gpu), list);
}

static int plan_instances(layout_plan *p, mig_state *pt, unsigned gpu, const layout_target *t,
			  const layout_gpu_have *h, int force)
{
	gctx *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	c->base = pt;
	c->gpu = gpu;
	c->have = h;
	c->nwant = (unsigned)t->n;
	if ((rc = count_kinds(c, t)) != 0)
		goto done;
	c->force = force;
	if (search(c))
		goto oom;
	if (!c->found && !force) {
		/* Would it work if busy instances could go?  Then those block it. */
		c->force = 1;
		if (search(c))
			goto oom;
		if (c->found) {
			rc = fail_in_use(c);
			goto done;
		}
	}
	if (!c->found) {
		char what[512];

		want_summary(what, sizeof(what), c);
		rc = mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
			       "GPU %u (%s): %s do not fit together on this GPU%s", gpu,
			       layout__model_name(pt, gpu), what,
			       c->truncated || c->tries > MAX_PLACE_TRIES ? " (search limit reached)" : "");
		goto done;
	}
	rc = emit_best(p, pt, c);
	goto done;
oom:
	rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
done:
	free(c->cands);
	free(c);
	return rc;
}

static int plan_gpu(layout_plan *p, mig_state *pt, unsigned gpu, const layout_target *t,
		    const layout_plan_opts *o)
{
	layout_gpu_have h;
	layout_gpu_plan *gp = &p->gpu[gpu];
	int rc;

	if ((rc = layout_gpu_read(&h, pt, gpu)))
		return mig__fail(rc, "GPU %u: reading its layout: %s", gpu, mig_errmsg());
	for (size_t g = 0; g < h.ngi; g++)
		gp->have_ci += (unsigned)h.gi[g].nci;
	gp->have_gi = (unsigned)h.ngi;
	gp->kept_gi = gp->have_gi;
	gp->kept_ci = gp->have_ci;
	gp->want_gi = gp->have_gi;
	gp->want_ci = gp->have_ci;
	if (!t->covered)
		return 0;
	gp->selected = 1;
	if (t->incapable) {
		gp->already = 1; /* §parted-1.6: apply skips it */
		return 0;
	}
	if (!t->enabled) {
		if (!h.mig_current) {
			gp->already = 1;
			return 0;
		}
		gp->kept_gi = gp->kept_ci = gp->want_gi = gp->want_ci = 0;
		if ((rc = layout__destroy_all(p, pt, gpu, &h, o->force, 1)) != 0)
			return rc;
		return layout__mode_steps(p, pt, gpu, 0);
	}
	if (!h.mig_current) {
		if ((rc = layout__mode_steps(p, pt, gpu, 1)) != 0)
			return rc;
		if (o->mode_only)
			return 0;
		if ((rc = layout_gpu_read(&h, pt, gpu)))
			return mig__fail(rc, "GPU %u: reading its layout: %s", gpu, mig_errmsg());
	} else if (o->mode_only) {
		gp->already = 1;
		return 0;
	}
	if (layout_matches(&h, t, 0, NULL)) {
		gp->already = p->n == 0 || p->step[p->n - 1].gpu != gpu;
		gp->want_gi = (unsigned)h.ngi;
		gp->want_ci = (unsigned)t->n;
		return 0;
	}
	/* A pending disable would refuse creates: cancel it first. */
	if (!h.mig_pending && (rc = layout__mode_steps(p, pt, gpu, 1)) != 0)
		return rc;
	gp->kept_gi = gp->kept_ci = 0;
	return plan_instances(p, pt, gpu, t, &h, o->force);
}

/* GPU i's part: its target is targets[i] (arg). */
static int target_part(layout_plan *p, mig_state *pt, size_t i, const void *arg,
		       const layout_plan_opts *o)
{
	const layout_target *targets = arg;

	return plan_gpu(p, pt, (unsigned)i, &targets[i], o);
}

int layout_plan_targets(layout_plan **out, const mig_state *st, const layout_target *targets,
			const layout_plan_opts *opts)
{
	return layout__plan_parts(out, st, mig_state_gpu_count(st), target_part, targets, opts);
}
