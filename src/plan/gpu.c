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

void mp_gpu_best(mp_best *out, const mp_gpu *g, const mp_ask *ask)
{
	const mp_lattice *l = g->lat;
	uint32_t have = g->busy | g->idle;
	unsigned dcost[MP_MAX_ITEMS];
	int rb[MP_MAX_PROF][MP_MAX_GI];  /* rebuildable idle items per profile, cheapest first */
	unsigned nrb[MP_MAX_PROF];
	size_t asked[MP_MAX_PROF], na = 0;
	int32_t cur = mp_lattice_find(l, have);
	unsigned mode = g->mig ? 0 : 1;

	memset(out, 0, sizeof(*out));
	out->idx = -1;
	out->mask = have;
	for (size_t p = 0; p < l->nprof; p++)
		if (ask->k[p])
			asked[na++] = p;
	/* The current layout is the baseline: it costs nothing and serves the reusable GIs. */
	for (size_t j = 0; j < na; j++) {
		size_t p = asked[j];
		unsigned a = (unsigned)__builtin_popcount(g->reuse & l->pmask[p]);

		out->avail[p] = a;
		out->value += ask->prefix[p][a < ask->k[p] ? a : ask->k[p]];
	}
	out->idx = cur;
	out->frag = cur >= 0 ? mp_lattice_frag(l, (size_t)cur, ask->mix) : 0;
	if (!na || cur < 0 || (!g->mig && g->gpu_procs))
		return;
	for (size_t i = 0; i < l->nitem; i++)
		dcost[i] = (g->idle >> i & 1) ? mp_destroy_cost(g, (uint32_t)i) : 0;
	memset(nrb, 0, sizeof(nrb));
	for (uint32_t x = g->idle & ~g->reuse; x; x &= x - 1) {
		int it = __builtin_ctz(x);
		unsigned p = l->item[it].prof, j;

		if (!ask->k[p])
			continue;
		for (j = nrb[p]++; j > 0 && dcost[rb[p][j - 1]] > dcost[it]; j--)
			rb[p][j] = rb[p][j - 1];
		rb[p][j] = it;
	}
	for (size_t k = 0; k < l->n; k++) {
		uint32_t m = l->mask[k], fresh, gone;
		uint64_t value = 0;
		unsigned cost, extra = 0, avail[MP_MAX_PROF];
		uint32_t rebuild = 0;

		if ((m & g->busy) != g->busy)
			continue;
		fresh = m & ~have;
		gone = g->idle & ~m;
		for (size_t j = 0; j < na; j++) {
			size_t p = asked[j];
			unsigned a = (unsigned)__builtin_popcount((fresh | (m & g->reuse)) & l->pmask[p]);

			for (unsigned r = 0; r < nrb[p] && a < ask->k[p]; r++)
				if (m >> rb[p][r] & 1) {
					rebuild |= 1u << rb[p][r];
					extra += dcost[rb[p][r]] + 2;
					a++;
				}
			avail[p] = a;
			value += ask->prefix[p][a < ask->k[p] ? a : ask->k[p]];
		}
		if (value < out->value)
			continue;
		/* a GI and its full CI per new instance; each idle GI destroyed with its CIs */
		cost = 2 * (unsigned)__builtin_popcount(fresh) + (fresh ? mode : 0) + extra;
		for (uint32_t x = gone; x; x &= x - 1)
			cost += dcost[__builtin_ctz(x)];
		if (value == out->value) {
			double frag;

			if (cost > out->cost)
				continue;
			if (cost == out->cost) {
				frag = mp_lattice_frag(l, k, ask->mix);
				if (frag >= out->frag - 1e-9)
					continue;
			}
		}
		out->idx = (int32_t)k;
		out->mask = m;
		out->value = value;
		out->cost = cost;
		out->frag = mp_lattice_frag(l, k, ask->mix);
		out->rebuild = rebuild;
		for (size_t j = 0; j < na; j++)
			out->avail[asked[j]] = avail[asked[j]];
	}
}
