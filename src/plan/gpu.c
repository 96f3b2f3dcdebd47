/*
 * gpu.c - the best final layout of one GPU (docs/planning.md "One GPU").
 *
 * The search is exhaustive over the lattice: every legal layout that
 * holds the GPU's busy GIs is a candidate final layout.  Idle GIs in it
 * stay, idle GIs outside it are destroyed, items that are in it but not
 * on the GPU are created.  Instances of a profile - the new ones and the
 * kept idle ones that already carry their full CI - serve the best units
 * of the demand for that profile.  An idle GI whose CIs do not fit a
 * request (carved into small CIs, or none) can be rebuilt in place -
 * destroyed and made again with its full CI - when a unit needs it; the
 * cheapest ones are rebuilt first.  Candidates compare by (a) the demand
 * they serve, (c) the steps they cost, (d) the fragmentation they leave,
 * then the lattice order, so the answer is deterministic.
 */
#include <string.h>

#include "plan_int.h"

unsigned mp_destroy_cost(const mp_gpu *g, uint32_t item)
{
	for (size_t i = 0; i < g->ngi; i++)
		if ((uint32_t)g->gi[i].item == item)
			return (unsigned)g->gi[i].nci + 1;
	return 1;
}

/* What one search over a GPU's lattice knows besides the GPU and the ask. */
typedef struct search {
	const mp_gpu *g;
	const mp_ask *ask;
	uint32_t have;                   /* the GPU's GIs, busy and idle */
	unsigned dcost[MP_MAX_ITEMS];    /* steps to destroy each idle item */
	int rb[MP_MAX_PROF][MP_MAX_GI];  /* rebuildable idle items per profile, cheapest first */
	unsigned nrb[MP_MAX_PROF];
	size_t asked[MP_MAX_PROF], na;   /* the profiles the ask wants */
} search;

/* One candidate layout: the demand it serves and what it costs beyond creating and destroying. */
typedef struct candidate {
	uint64_t value;
	unsigned extra, avail[MP_MAX_PROF];
	uint32_t rebuild;
} candidate;

/* The idle GIs whose CIs do not serve a request, per asked profile, cheapest to rebuild first. */
static void list_rebuildable(search *s)
{
	const mp_lattice *l = s->g->lat;

	for (size_t i = 0; i < l->nitem; i++)
		s->dcost[i] = (s->g->idle >> i & 1) ? mp_destroy_cost(s->g, (uint32_t)i) : 0;
	memset(s->nrb, 0, sizeof(s->nrb));
	for (uint32_t x = s->g->idle & ~s->g->reuse; x; x &= x - 1) {
		int it = __builtin_ctz(x);
		unsigned p = l->item[it].prof, j;

		if (!s->ask->k[p])
			continue;
		for (j = s->nrb[p]++; j > 0 && s->dcost[s->rb[p][j - 1]] > s->dcost[it]; j--)
			s->rb[p][j] = s->rb[p][j - 1];
		s->rb[p][j] = it;
	}
}

/* The demand layout m serves: its new items, its kept reusable ones, and idle ones rebuilt. */
static void serve(const search *s, uint32_t m, candidate *c)
{
	const mp_lattice *l = s->g->lat;
	uint32_t fresh = m & ~s->have;

	memset(c, 0, sizeof(*c));
	for (size_t j = 0; j < s->na; j++) {
		size_t p = s->asked[j];
		unsigned a = (unsigned)__builtin_popcount((fresh | (m & s->g->reuse)) & l->pmask[p]);

		for (unsigned r = 0; r < s->nrb[p] && a < s->ask->k[p]; r++)
			if (m >> s->rb[p][r] & 1) {
				c->rebuild |= 1u << s->rb[p][r];
				c->extra += s->dcost[s->rb[p][r]] + 2;
				a++;
			}
		c->avail[p] = a;
		c->value += s->ask->prefix[p][a < s->ask->k[p] ? a : s->ask->k[p]];
	}
}

/* Steps from the GPU's layout to m: a GI and its full CI per new instance, each idle GI destroyed with its CIs. */
static unsigned cost_of(const search *s, uint32_t m, const candidate *c)
{
	uint32_t fresh = m & ~s->have;
	unsigned cost = 2 * (unsigned)__builtin_popcount(fresh) + (fresh && !s->g->mig ? 1 : 0) + c->extra;

	for (uint32_t x = s->g->idle & ~m; x; x &= x - 1)
		cost += s->dcost[__builtin_ctz(x)];
	return cost;
}

/* The current layout is the baseline: it costs nothing and serves the reusable GIs. */
static void baseline(mp_best *out, const search *s, int32_t cur)
{
	const mp_lattice *l = s->g->lat;

	memset(out, 0, sizeof(*out));
	out->mask = s->have;
	for (size_t j = 0; j < s->na; j++) {
		size_t p = s->asked[j];
		unsigned a = (unsigned)__builtin_popcount(s->g->reuse & l->pmask[p]);

		out->avail[p] = a;
		out->value += s->ask->prefix[p][a < s->ask->k[p] ? a : s->ask->k[p]];
	}
	out->idx = cur;
	out->frag = cur >= 0 ? mp_lattice_frag(l, (size_t)cur, s->ask->mix) : 0;
}

void mp_gpu_best(mp_best *out, const mp_gpu *g, const mp_ask *ask)
{
	const mp_lattice *l = g->lat;
	search s = {.g = g, .ask = ask, .have = g->busy | g->idle};
	int32_t cur = mp_lattice_find(l, s.have);

	for (size_t p = 0; p < l->nprof; p++)
		if (ask->k[p])
			s.asked[s.na++] = p;
	baseline(out, &s, cur);
	if (!s.na || cur < 0 || (!g->mig && g->gpu_procs))
		return;
	list_rebuildable(&s);
	for (size_t k = 0; k < l->n; k++) {
		uint32_t m = l->mask[k];
		candidate c;
		unsigned cost;

		if ((m & g->busy) != g->busy)
			continue;
		serve(&s, m, &c);
		if (c.value < out->value)
			continue;
		cost = cost_of(&s, m, &c);
		/* ties: fewer steps, then less fragmentation, then the lattice order */
		if (c.value == out->value &&
		    (cost > out->cost ||
		     (cost == out->cost && mp_lattice_frag(l, k, ask->mix) >= out->frag - 1e-9)))
			continue;
		out->idx = (int32_t)k;
		out->mask = m;
		out->value = c.value;
		out->cost = cost;
		out->frag = mp_lattice_frag(l, k, ask->mix);
		out->rebuild = c.rebuild;
		for (size_t j = 0; j < s.na; j++)
			out->avail[s.asked[j]] = c.avail[s.asked[j]];
	}
}
