/*
 * placement.c - where GPU and compute instances may go, and where the
 * driver puts them when the caller does not say.
 *
 * Memory is a binary buddy tree of `mem_slots` slices (§geometry-1.5); a GI
 * covers a tree node, so two GIs conflict exactly when their slice ranges
 * overlap.  Compute slices follow memory (a GI's GPCs sit inside its memory
 * node), so memory overlap is the only spatial rule needed.
 *
 * Engines: a GPU has as many CE/DEC/ENC/JPEG/OFA as its full-GPU profile
 * lists, and coexisting GIs share them.  This budget is what makes `+me`
 * exclusive (one OFA) and `+me.all` exclude all but `-me` profiles
 * (nvml.h comment quoted in §geometry-1.2), without a special case per profile.
 * It is inferred [I] from those two facts; see docs/libmig.md.
 */
#include <string.h>

#include "state.h"

/* Placement units per memory slice: 1, or 3 on the RTX PRO 6000's 12-unit axis. */
static unsigned unit_per_slot(const cat_model *m)
{
	return m->units / m->mem_slots;
}

uint32_t mig__gi_slot_mask(const cat_model *m, const cat_gi *p, unsigned start)
{
	unsigned u = unit_per_slot(m);
	unsigned first = start / u, n = p->size / u;

	return ((1u << n) - 1u) << first;
}

unsigned mig__gi_id_for(const gpu_rec *g, const cat_gi *p, unsigned start)
{
	/*
	 * §geometry-1.5: GI ID = swizzId of the tree node.  Level with nodes of s
	 * slices has N/s nodes numbered from N/s - 1; on a half-mirrored board
	 * the node sits in the other half (slot XOR N/2).
	 */
	unsigned n = g->model->mem_slots, u = unit_per_slot(g->model);
	unsigned s = p->size / u, slot = start / u;

	if (g->mirrored && s < n)
		slot ^= n / 2;
	return n / s - 1 + slot / s;
}

static uint32_t used_slots(const gpu_rec *g)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < g->ngi; i++)
		mask |= mig__gi_slot_mask(g->model, g->gi[i].profile, g->gi[i].start);
	return mask;
}

typedef struct engines {
	unsigned ce, dec, enc, jpeg, ofa;
} engines;

static void engines_add(engines *e, const cat_gi *p)
{
	e->ce += p->ce;
	e->dec += p->dec;
	e->enc += p->enc;
	e->jpeg += p->jpeg;
	e->ofa += p->ofa;
}

/* The GPU's engines: those of its full-GPU profile (size == units). */
static engines engine_budget(const gpu_rec *g)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;
	engines e = {0};

	if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, g->model, g->driver) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n && i < MIG_MAX_GI_PROFILES; i++) {
		if (list[i]->size == g->model->units) {
			engines_add(&e, list[i]);
			break;
		}
	}
	return e;
}

static engines engines_used(const gpu_rec *g)
{
	engines e = {0};

	for (unsigned i = 0; i < g->ngi; i++)
		engines_add(&e, g->gi[i].profile);
	return e;
}

/* How many more GIs of p the engine budget allows (UINT_MAX-ish if no limit). */
static unsigned engine_room(const engines *budget, const engines *used, const cat_gi *p)
{
	unsigned room = 0xFFFFu;
	const unsigned have[5] = {budget->ce, budget->dec, budget->enc, budget->jpeg, budget->ofa};
	const unsigned took[5] = {used->ce, used->dec, used->enc, used->jpeg, used->ofa};
	const unsigned need[5] = {p->ce, p->dec, p->enc, p->jpeg, p->ofa};

	for (int i = 0; i < 5; i++) {
		unsigned left;

		if (!need[i])
			continue;
		left = have[i] > took[i] ? have[i] - took[i] : 0;
		if (left / need[i] < room)
			room = left / need[i];
	}
	return room;
}

static unsigned count_profile(const gpu_rec *g, const cat_gi *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < g->ngi; i++)
		n += g->gi[i].profile->id == p->id;
	return n;
}

int mig__gi_fits(const gpu_rec *g, const cat_gi *p, unsigned start)
{
	engines budget = engine_budget(g), used = engines_used(g);

	if (start >= 16 || !(p->starts & (1u << start)))
		return 0;
	if (g->ngi >= MIG_MAX_GIS || count_profile(g, p) >= p->total)
		return 0;
	if (used_slots(g) & mig__gi_slot_mask(g->model, p, start))
		return 0;
	return engine_room(&budget, &used, p) >= 1;
}

/*
 * Free of -lgip: placements of one profile never overlap each other (they
 * are buddy-tree nodes of one size), so the free ones can all be filled,
 * up to what the engines and the instance total allow (§geometry-1.5).
 */
unsigned mig__gi_remaining(const gpu_rec *g, const cat_gi *p)
{
	engines budget = engine_budget(g), used = engines_used(g);
	uint32_t occupied = used_slots(g);
	unsigned free_places = 0, room, have = count_profile(g, p);

	for (unsigned s = 0; s < 16; s++) {
		uint32_t mask;

		if (!(p->starts & (1u << s)))
			continue;
		mask = mig__gi_slot_mask(g->model, p, s);
		if (!(occupied & mask)) {
			free_places++;
			occupied |= mask;
		}
	}
	room = engine_room(&budget, &used, p);
	if (room < free_places)
		free_places = room;
	if (have >= p->total)
		return 0;
	if (p->total - have < free_places)
		free_places = p->total - have;
	if (g->ngi + free_places > MIG_MAX_GIS)
		free_places = MIG_MAX_GIS - g->ngi;
	return free_places;
}

/* Number of (profile, placement) pairs still creatable on g. */
static unsigned free_pairs(const gpu_rec *g, const mig_gi_profile *const *list, size_t n)
{
	unsigned total = 0;

	for (size_t i = 0; i < n; i++)
		for (unsigned s = 0; s < 16; s++)
			if ((list[i]->starts & (1u << s)) && mig__gi_fits(g, list[i], s))
				total++;
	return total;
}

int mig__gi_auto_start(const gpu_rec *g, const cat_gi *p, unsigned *start)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n;
	int best = -1;
	unsigned best_score = 0;

	/* §geometry-1.6: observed per-profile orders (Hopper 1g.20gb: GI 5, 3, 4, 6). */
	if (p->prefer_n) {
		for (unsigned i = 0; i < p->prefer_n; i++) {
			if (mig__gi_fits(g, p, p->prefer[i])) {
				*start = p->prefer[i];
				return 0;
			}
		}
		return -1;
	}

	/*
	 * §geometry-1.6 heuristic: the free placement that leaves the most
	 * (profile, placement) pairs creatable; ties go to the lowest start.
	 * Scored in logical coordinates, so mirrored boards pick the same
	 * placements and differ only in GI IDs.
	 */
	if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, g->model, g->driver) != MIG_SUCCESS)
		n = 0;
	if (n > MIG_MAX_GI_PROFILES)
		n = MIG_MAX_GI_PROFILES;
	for (unsigned s = 0; s < 16; s++) {
		gpu_rec trial;
		unsigned score;

		if (!(p->starts & (1u << s)) || !mig__gi_fits(g, p, s))
			continue;
		trial = *g;
		mig__gi_insert(&trial, mig__gi_id_for(g, p, s), p, s);
		score = free_pairs(&trial, list, n);
		if (best < 0 || score > best_score) {
			best = (int)s;
			best_score = score;
		}
	}
	if (best < 0)
		return -1;
	*start = (unsigned)best;
	return 0;
}

/* Compute instances -------------------------------------------------- */

int mig__ci_profile(mig_ci_profile_info *out, const cat_gi *p, unsigned id)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, p) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n && i < MIG_MAX_CI_PROFILES; i++) {
		if (list[i].id == id) {
			*out = list[i];
			return 0;
		}
	}
	return -1;
}

static uint32_t ci_mask(unsigned start, unsigned slices)
{
	return ((1u << slices) - 1u) << start;
}

static uint32_t ci_used(const gi_rec *gi)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < gi->nci; i++)
		mask |= ci_mask(gi->ci[i].start, gi->ci[i].slices);
	return mask;
}

static unsigned ci_count_profile(const gi_rec *gi, unsigned profile)
{
	unsigned n = 0;

	for (unsigned i = 0; i < gi->nci; i++)
		n += gi->ci[i].profile == profile;
	return n;
}

int mig__ci_fits(const gi_rec *gi, const mig_ci_profile_info *cp, unsigned start)
{
	if (start >= 16 || !(cp->placements & (1u << start)))
		return 0;
	if (gi->nci >= MIG_MAX_CIS || ci_count_profile(gi, cp->id) >= cp->instance_count)
		return 0;
	return !(ci_used(gi) & ci_mask(start, cp->slices));
}

unsigned mig__ci_remaining(const gi_rec *gi, const mig_ci_profile_info *cp)
{
	uint32_t occupied = ci_used(gi);
	unsigned n = 0, have = ci_count_profile(gi, cp->id);

	for (unsigned s = 0; s < 16; s++) {
		if (!(cp->placements & (1u << s)) || (occupied & ci_mask(s, cp->slices)))
			continue;
		occupied |= ci_mask(s, cp->slices);
		n++;
	}
	if (have >= cp->instance_count)
		return 0;
	if (cp->instance_count - have < n)
		n = cp->instance_count - have;
	return n;
}

/*
 * OGKM kmigmgrGetFreeCTSId picks "the CTS id that reduces the remaining
 * capacity the least" (§geometry-1.6): the same scoring as for GIs.
 */
int mig__ci_auto_start(const gi_rec *gi, const mig_ci_profile_info *cp, unsigned *start)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;
	int best = -1;
	unsigned best_score = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, gi->profile) != MIG_SUCCESS)
		n = 0;
	if (n > MIG_MAX_CI_PROFILES)
		n = MIG_MAX_CI_PROFILES;
	for (unsigned s = 0; s < 16; s++) {
		gi_rec trial;
		unsigned score = 0;

		if (!mig__ci_fits(gi, cp, s))
			continue;
		trial = *gi;
		mig__ci_insert(&trial, mig__ci_lowest_free_id(gi), cp, s);
		for (size_t i = 0; i < n; i++)
			for (unsigned t = 0; t < 16; t++)
				score += (list[i].placements & (1u << t)) &&
					 mig__ci_fits(&trial, &list[i], t);
		if (best < 0 || score > best_score) {
			best = (int)s;
			best_score = score;
		}
	}
	if (best < 0)
		return -1;
	*start = (unsigned)best;
	return 0;
}

/* RM kernel_mig_manager.c: the first invalid MIGComputeInstance[] slot (§nvml-A.7). */
unsigned mig__ci_lowest_free_id(const gi_rec *gi)
{
	unsigned id = 0;

	for (unsigned i = 0; i < gi->nci; i++) {
		if (gi->ci[i].id != id)
			break;
		id++;
	}
	return id;
}
