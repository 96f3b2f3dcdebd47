/*
 * test_plan.c - the demand planner (src/plan, docs/planning.md).
 *
 *  - Per-GPU optimality: on random (model, layout, busy set, demand) cases
 *    for every catalog model, mp_gpu_best's demand served (a) and steps
 *    (c) equal those of an exhaustive search that knows nothing of the
 *    lattice: it destroys every subset of the idle GIs and creates GIs at
 *    every placement libmig accepts, on a real state.
 *  - Replay: plans on random synthetic fleets, replayed step by step on
 *    each node's emulated state, end exactly in the planned layouts;
 *    busy instances keep their GI, placement and MIG UUID.
 *  - Defragmentation: on small fleets, the moves proposed for a request
 *    that fits nowhere are as few as an exhaustive search over every GPU,
 *    every subset of its busy GIs and every relocation of them (to any
 *    GPU, their own included) finds.
 *  - Files and requests that cannot be planned are refused with the place
 *    and the reason.
 *  - In memory: a fleet and demand built through the API plan exactly as
 *    the same fleet and demand read from text; bad calls change nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "migplan.h"
#include "plan_int.h"
#include "testutil.h"

static uint64_t rs = 0x1234567;

static unsigned rnd(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)(rs % n);
}

/* ------------------------------------------------------------------ */
/* Per-GPU optimality                                                 */
/* ------------------------------------------------------------------ */

typedef struct oracle {
	const mp_lattice *l;
	const mp_ask *ask;
	unsigned keep[MP_MAX_PROF];      /* reusable idle GIs kept, per profile */
	unsigned made[MP_MAX_PROF];
	size_t ncand;
	unsigned cand_prof[64];
	mig_placement cand_at[64];
	uint64_t best_value;
	unsigned best_cost, base;
	int any;
} oracle;

static void oracle_eval(oracle *o)
{
	uint64_t v = 0;
	unsigned cost = o->base;

	for (size_t p = 0; p < o->l->nprof; p++) {
		unsigned a = o->keep[p] + o->made[p];

		if (o->ask->k[p])
			v += o->ask->prefix[p][a < o->ask->k[p] ? a : o->ask->k[p]];
		cost += 2 * o->made[p];
	}
	if (!o->any || v > o->best_value || (v == o->best_value && cost < o->best_cost)) {
		o->any = 1;
		o->best_value = v;
		o->best_cost = cost;
	}
}

static void oracle_dfs(oracle *o, mig_state *st, size_t from)
{
	oracle_eval(o);
	for (size_t i = from; i < o->ncand; i++) {
		unsigned gi;

		if (mig_create_gi(&gi, st, 0, o->l->info[o->cand_prof[i]].id, &o->cand_at[i]))
			continue;
		o->made[o->cand_prof[i]]++;
		oracle_dfs(o, st, i + 1);
		o->made[o->cand_prof[i]]--;
		assert_ok(mig_destroy_gi(st, 0, gi));
	}
}

/* The best (value, cost) by brute force on the state of the fleet's only GPU. */
static void oracle_run(oracle *o, const mp_gpu *g, const mig_state *st0, const mp_ask *ask)
{
	const mp_lattice *l = g->lat;
	size_t idle[MP_MAX_GI], ni = 0;

	memset(o, 0, sizeof(*o));
	o->l = l;
	o->ask = ask;
	for (size_t p = 0; p < l->nprof; p++) {
		mig_placement at[32];
		size_t n = 0;

		if (!ask->k[p])
			continue;
		assert_ok(mig_gi_possible_placements(at, 32, &n, st0, 0, l->info[p].id));
		for (size_t k = 0; k < n; k++) {
			o->cand_prof[o->ncand] = (unsigned)p;
			o->cand_at[o->ncand++] = at[k];
		}
	}
	for (size_t i = 0; i < g->ngi; i++)
		if (!g->gi[i].busy)
			idle[ni++] = i;
	for (uint32_t d = 0; d < (1u << ni); d++) {
		mig_state *st;

		assert_ok(mig_state_clone(&st, st0));
		memset(o->keep, 0, sizeof(o->keep));
		o->base = 0;
		for (size_t k = 0; k < ni; k++) {
			const mp_gi *gi = &g->gi[idle[k]];

			if (d >> k & 1) {
				for (size_t c = gi->nci; c-- > 0;)
					assert_ok(mig_destroy_ci(st, 0, gi->id, gi->ci[c].id));
				assert_ok(mig_destroy_gi(st, 0, gi->id));
				o->base += (unsigned)gi->nci + 1;
			} else if (gi->nci == 1 && gi->ci[0].profile == l->full_ci[gi->prof]) {
				o->keep[gi->prof]++;
			}
		}
		oracle_dfs(o, st, 0);
		mig_state_free(st);
	}
}

/* A random layout on the fleet's GPU: some GIs busy, some idle with odd CIs. */
static void random_gpu(mp_gpu *g)
{
	const mp_lattice *l = g->lat;
	int32_t idx = 0;
	unsigned want = rnd(6);

	g->ngi = 0;
	for (unsigned n = 0; n < want; n++) {
		int cand[MP_MAX_ITEMS], nc = 0;

		for (size_t i = 0; i < l->nitem; i++)
			if (l->succ[(size_t)idx * l->nitem + i] >= 0)
				cand[nc++] = (int)i;
		if (!nc)
			break;
		{
			int it = cand[rnd((unsigned)nc)];
			mp_gi *gi = &g->gi[g->ngi++];
			unsigned p = l->item[it].prof;

			memset(gi, 0, sizeof(*gi));
			gi->prof = p;
			gi->start = l->item[it].start;
			gi->id = mp_canonical_gi(l, p, gi->start);
			gi->priority = 1;
			gi->busy = rnd(3) == 0;
			gi->nci = 1;
			gi->ci[0].profile = l->full_ci[p];
			gi->ci[0].size = l->info[p].slices;
			if (!gi->busy && l->info[p].slices >= 2 && rnd(3) == 0) {
				/* an idle GI carved into 1c CIs: not reusable as it is */
				gi->nci = 2;
				gi->ci[0].profile = 0;
				gi->ci[0].size = 1;
				gi->ci[1].id = 1;
				gi->ci[1].profile = 0;
				gi->ci[1].start = 1;
				gi->ci[1].size = 1;
			}
			if (!gi->busy && rnd(5) == 0)
				gi->nci = 0;
			idx = l->succ[(size_t)idx * l->nitem + (size_t)it];
		}
	}
	{

		assert_int_equal(mp_gpu_masks(g), 0);
	}
}

static void random_ask(mp_ask *ask, const mp_lattice *l)
{
	unsigned nprof = 1 + rnd(3);

	memset(ask, 0, sizeof(*ask));
	for (unsigned j = 0; j < nprof; j++) {
		unsigned p = rnd((unsigned)l->nprof), units = 1 + rnd(4), w[MP_MAX_K];

		if (ask->k[p])
			continue;
		for (unsigned u = 0; u < units; u++)
			w[u] = (1 + rnd(5)) * l->info[p].slices;
		/* descending, as the planner hands them over */
		for (unsigned a = 0; a < units; a++)
			for (unsigned b = a + 1; b < units; b++)
				if (w[b] > w[a]) {
					unsigned t = w[a];

					w[a] = w[b];
					w[b] = t;
				}
		ask->k[p] = units;
		for (unsigned u = 0; u < units; u++)
			ask->prefix[p][u + 1] = ask->prefix[p][u] + w[u];
		ask->mix[p] = units;
	}
}

static void test_gpu_optimal(void **state)
{
	size_t cases = 0, improved = 0;
	unsigned per_model = getenv("MIGPLAN_TEST_CASES") ? (unsigned)atoi(getenv("MIGPLAN_TEST_CASES")) : 1000;

	(void)state;
	for (size_t mi = 0; mi < mig_catalog_count(); mi++) {
		const mig_model *m = mig_catalog_model(mi);
		migplan_fleet *f = mp_fleet_new();
		mp_gpu *g;

		assert_non_null(f);
		assert_int_equal(mp_fleet_add_node(f, "n"), 0);
		assert_non_null(g = mp_fleet_add_gpu(f));
		assert_non_null(g->lat = mp_fleet_lattice(f, m, NULL));
		g->mig = 1;
		snprintf(g->uuid, sizeof(g->uuid), "GPU-00000000-0000-4000-8000-000000000001");
		for (unsigned c = 0; c < per_model; c++) {
			mp_ask ask;
			mp_best b;
			oracle o;
			mig_state *st;

			random_gpu(g);
			random_ask(&ask, g->lat);
			if (migplan_node_state(&st, f, 0))
				fail_msg("%s", mig_errmsg());
			mp_gpu_best(&b, g, &ask);
			oracle_run(&o, g, st, &ask);
			if (b.value != o.best_value || b.cost != o.best_cost) {
				for (size_t i = 0; i < g->ngi; i++)
					print_message("  GI %u %s at %u busy %d nci %zu\n", g->gi[i].id,
						      g->lat->info[g->gi[i].prof].name, g->gi[i].start, g->gi[i].busy,
						      g->gi[i].nci);
				for (size_t p = 0; p < g->lat->nprof; p++)
					if (ask.k[p])
						print_message("  ask %s x%u\n", g->lat->info[p].name, ask.k[p]);
				print_message("  busy %x idle %x reuse %x mig %d\n", g->busy, g->idle, g->reuse, g->mig);
			}
			if (b.value != o.best_value || b.cost != o.best_cost)
				fail_msg("%s case %u: planner (value %llu, cost %u), exhaustive (value %llu, cost %u)",
					 mig_model_key(m), c, (unsigned long long)b.value, b.cost,
					 (unsigned long long)o.best_value, o.best_cost);
			/* (b): the chosen layout keeps every busy GI and is legal */
			assert_int_equal(b.mask & g->busy, g->busy);
			assert_true(mp_lattice_find(g->lat, b.mask) >= 0);
			improved += b.cost > 0;
			cases++;
			mig_state_free(st);
		}
		migplan_fleet_free(f);
	}
	print_message("per-GPU optimality: %zu cases, %zu with changes, all equal to the exhaustive search\n",
		      cases, improved);
	assert_true(improved > cases / 10);
}

/* ------------------------------------------------------------------ */
/* Replay on emulated nodes                                           */
/* ------------------------------------------------------------------ */

static char *random_demand(const migplan_fleet *f, unsigned nreq)
{
	size_t cap = 256 + nreq * 160, len = 0;
	char *t = malloc(cap);

	len += (size_t)snprintf(t + len, cap - len, "requests:\n");
	for (unsigned i = 0; i < nreq; i++) {
		const mp_lattice *l = f->lat[rnd((unsigned)f->nlat)];

		if (rnd(3)) {
			len += (size_t)snprintf(t + len, cap - len,
						"  - {id: r%u, profile: \"%s\", count: %u, priority: %u}\n", i,
						l->info[rnd((unsigned)l->nprof)].name, 1 + rnd(3), 1 + rnd(4));
		} else {
			len += (size_t)snprintf(t + len, cap - len,
						"  - {id: r%u, memory_gib: %u, compute: 0.%u, count: %u}\n", i,
						1 + rnd(40), 1 + rnd(9), 1 + rnd(3));
		}
	}
	return t;
}

typedef struct busy_ci {
	unsigned gpu, gi, start;
	char uuid[48];
} busy_ci;

static void replay_node(const migplan_result *r, const migplan_fleet *f, size_t node)
{
	layout_snapshot *snap;
	layout_plan *plan;
	mig_state *st;
	busy_ci busy[64];
	size_t nb = 0;
	const mp_node *n = &f->node[node];

	if (migplan_node_state(&st, f, node) ||
	    mp_node_snapshot(&snap, r, node))
		fail_msg("node %s: %s", n->name, mig_errmsg());
	if (layout_plan_exact(&plan, st, snap, NULL))
		fail_msg("node %s: %s", n->name, mig_errmsg());
	for (unsigned k = 0; k < n->ngpu; k++) {
		const mp_gpu *g = &f->gpu[n->first + k];

		for (size_t i = 0; i < g->ngi; i++) {
			mig_ci_info cis[8];
			size_t nci = 0;

			if (!g->gi[i].busy)
				continue;
			assert_ok(mig_ci_list(cis, 8, &nci, st, k, g->gi[i].id));
			for (size_t c = 0; c < nci; c++) {
				busy[nb].gpu = k;
				busy[nb].gi = g->gi[i].id;
				busy[nb].start = g->gi[i].start;
				snprintf(busy[nb].uuid, sizeof(busy[nb].uuid), "%s", cis[c].uuid);
				nb++;
			}
		}
	}
	for (size_t s = 0; s < plan->n; s++)
		if (layout_step_do(st, &plan->step[s]))
			fail_msg("node %s step %zu: %s", n->name, s + 1, mig_errmsg());
	for (unsigned k = 0; k < n->ngpu; k++) {
		const mp_gpu *g = &f->gpu[n->first + k];
		mig_gi_info gis[8];
		size_t ngi = 0;
		uint32_t mask = 0;
		mig_gpu_info info;

		assert_ok(mig_gpu_get(&info, st, k));
		if (info.mig_current)
			assert_ok(mig_gi_list(gis, 8, &ngi, st, k));
		for (size_t i = 0; i < ngi; i++) {
			mig_gi_profile_info pi;
			int p = -1, it;

			mig_gi_profile_get(gis[i].profile, &pi);
			for (size_t q = 0; q < g->lat->nprof; q++)
				if (g->lat->info[q].id == pi.id)
					p = (int)q;
			assert_true(p >= 0);
			it = mp_lattice_item(g->lat, (unsigned)p, gis[i].placement.start);
			assert_true(it >= 0);
			mask |= 1u << it;
		}
		assert_int_equal(mask, r->gpu[n->first + k].mask);
	}
	for (size_t b = 0; b < nb; b++) {
		mig_ci_info cis[8];
		mig_gi_info gi;
		size_t nci = 0, c;

		assert_ok(mig_gi_get(&gi, st, busy[b].gpu, busy[b].gi));
		assert_int_equal(gi.placement.start, busy[b].start);
		assert_ok(mig_ci_list(cis, 8, &nci, st, busy[b].gpu, busy[b].gi));
		for (c = 0; c < nci && strcmp(cis[c].uuid, busy[b].uuid); c++)
			;
		assert_true(c < nci);
	}
	layout_plan_free(plan);
	layout_snapshot_free(snap);
	mig_state_free(st);
}

static void test_replay(void **state)
{
	size_t placed = 0, units = 0;

	(void)state;
	for (unsigned seed = 1; seed <= 60; seed++) {
		migplan_synth_opts o = {MIGPLAN_SYNTH_OPTS_VERSION, 12, 4,
					"A30-24GB,A100-SXM4-40GB,H100-SXM5-80GB,B200-180GB,RTX-PRO-6000",
					0.25, 0.25, seed};
		migplan_fleet *f;
		migplan_demand *d = NULL;
		migplan_result *r = NULL;
		migplan_summary s;
		char *text;

		if (migplan_fleet_synth(&f, &o))
			fail_msg("%s", mig_errmsg());
		text = random_demand(f, 3 + rnd(10));
		if (migplan_demand_parse(&d, text, strlen(text), "random.yaml"))
			fail_msg("%s\n%s", mig_errmsg(), text);
		if (migplan_plan(&r, f, d, NULL)) {
			/* a resource need no model of this fleet meets: refused, fine */
			assert_non_null(strstr(mig_errmsg(), "request 'r"));
		} else {
			migplan_result_summary(&s, r);
			assert_int_equal(s.busy_touched, 0);
			for (size_t g = 0; g < f->ngpu; g++)
				assert_int_equal(r->gpu[g].mask & f->gpu[g].busy, f->gpu[g].busy);
			for (size_t n = 0; n < f->nnode; n++)
				replay_node(r, f, n);
			placed += s.units_placed;
			units += s.units;
		}
		free(text);
		migplan_result_free(r);
		migplan_demand_free(d);
		migplan_fleet_free(f);
	}
	print_message("replay: %zu of %zu units placed over 60 fleets, every step replayed\n", placed,
		      units);
	assert_true(placed > 0);
}

/* ------------------------------------------------------------------ */
/* Defragmentation: minimal moves                                     */
/* ------------------------------------------------------------------ */

/* Does placement a overlap one of old[0..n)? */
static int overlaps_any(const mig_placement *a, const mig_placement *old, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a->start < old[i].start + old[i].size && old[i].start < a->start + a->size)
			return 1;
	return 0;
}

/*
 * Can the GIs sel[k..n) (profiles) be created on the GPUs, `from` (beside the
 * unit) included, where on `from` no new place overlaps an old one (old[0..n):
 * moves happen one after another)?
 */
static int relocate(mig_state *st, unsigned ngpu, unsigned from, const unsigned *pid,
		    const mig_placement *old, size_t n, size_t k)
{
	if (k == n)
		return 1;
	for (unsigned h = 0; h < ngpu; h++) {
		mig_placement at[32];
		size_t na = 0;

		if (mig_gi_possible_placements(at, 32, &na, st, h, pid[k]))
			continue;
		for (size_t a = 0; a < na; a++) {
			unsigned gi;

			if ((h == from && overlaps_any(&at[a], old, n)) || mig_create_gi(&gi, st, h, pid[k], &at[a]))
				continue;
			if (relocate(st, ngpu, from, pid, old, n, k + 1)) {
				mig_destroy_gi(st, h, gi);
				return 1;
			}
			mig_destroy_gi(st, h, gi);
		}
	}
	return 0;
}

/* Fewest busy GIs to move so one GI of profile `pid` fits on some GPU; -1 if none. */
static int brute_min_moves(const migplan_fleet *f, unsigned pid)
{
	mig_state *st;
	int best = -1;

	assert_int_equal(migplan_node_state(&st, f, 0), 0);
	for (unsigned g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];

		for (uint32_t s = 0; s < (1u << gp->ngi); s++) {
			unsigned pids[MP_MAX_GI];
			mig_placement olds[MP_MAX_GI];
			size_t n = 0;
			mig_state *t;
			mig_placement at[32];
			size_t na = 0;
			int fits = 0;

			if (best >= 0 && __builtin_popcount(s) >= best)
				continue;
			assert_ok(mig_state_clone(&t, st));
			for (size_t i = 0; i < gp->ngi; i++)
				if (s >> i & 1) {
					assert_ok(mig_destroy_ci(t, g, gp->gi[i].id, gp->gi[i].ci[0].id));
					assert_ok(mig_destroy_gi(t, g, gp->gi[i].id));
					olds[n] = (mig_placement){gp->gi[i].start,
								  gp->lat->info[gp->gi[i].prof].placement_size};
					pids[n++] = gp->lat->info[gp->gi[i].prof].id;
				}
			if (!mig_gi_possible_placements(at, 32, &na, t, g, pid))
				for (size_t a = 0; a < na && !fits; a++) {
					unsigned gi;

					if (!mig_create_gi(&gi, t, g, pid, &at[a]))
						fits = 1;
				}
			if (fits && relocate(t, (unsigned)f->ngpu, g, pids, olds, n, 0))
				best = (int)n;
			mig_state_free(t);
		}
	}
	mig_state_free(st);
	return best;
}

static void test_defrag_minimal(void **state)
{
	static const struct {
		const char *models, *profile;
	} kinds[] = {{"A30-24GB", "4g.24gb"}, {"A30-24GB", "2g.12gb"},
		     {"H100-SXM5-80GB", "7g.80gb"}, {"H100-SXM5-80GB", "4g.40gb"},
		     {"H100-SXM5-80GB", "3g.40gb"}};
	size_t checked = 0, movable = 0;

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (unsigned seed = 1; seed <= 40; seed++) {
			migplan_synth_opts o = {MIGPLAN_SYNTH_OPTS_VERSION, 3, 3, kinds[k].models, 0.45, 0,
						seed * 7 + k};
			migplan_fleet *f;
			migplan_demand *d;
			migplan_result *r;
			migplan_opts po = {MIGPLAN_OPTS_VERSION, 1, 0};
			char text[256];
			int moves = 0, want;
			int p;

			assert_int_equal(migplan_fleet_synth(&f, &o), 0);
			snprintf(text, sizeof(text), "{\"requests\": [{\"id\": \"big\", \"profile\": \"%s\"}]}",
				 kinds[k].profile);
			assert_int_equal(migplan_demand_parse(&d, text, strlen(text), "d.json"), 0);
			if (migplan_plan(&r, f, d, &po))
				fail_msg("%s", mig_errmsg());
			p = mp_lattice_profile(f->gpu[0].lat, kinds[k].profile);
			assert_true(p >= 0);
			if (r->req[0].placed == 0) {
				for (size_t m = 0; m < r->nmove; m++)
					moves += r->move[m].for_request != NULL;
				want = brute_min_moves(f, f->gpu[0].lat->info[p].id);
				if (want < 0)
					assert_int_equal(moves, 0);
				else
					assert_int_equal(moves, want);
				movable += want > 0;
				checked++;
			}
			migplan_result_free(r);
			migplan_demand_free(d);
			migplan_fleet_free(f);
		}
	print_message("defragmentation: %zu unplaceable cases, %zu made placeable by moves; all minimal\n",
		      checked, movable);
	assert_true(movable > 0);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                           */
/* ------------------------------------------------------------------ */

static const char *fleet_a30 = "{\"nodes\": [{\"name\": \"a\", \"gpus\": [{\"model\": \"A30-24GB\"}]}]}";

static void test_bad_demand(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"requests:\n  - id: x\n    profile: 1g.6gb\n    count: -1\n",
		 "d.yaml:4:12: requests[0].count: expected an integer from 1 to 1000000, got -1"},
		{"requests:\n  - id: x\n    profile: 1g.6gb\n    priorty: 3\n",
		 "d.yaml:4:5: requests[0]: unknown key 'priorty'; allowed: id, count, priority"},
		{"requests:\n  - id: x\n", "d.yaml:2:5: requests[0]: a request needs 'profile' or at least one of"},
		{"requests:\n  - id: x\n    profile: 1g.6gb\n  - id: x\n    profile: 1g.6gb\n",
		 "d.yaml:4:9: requests[1]: id 'x' is already used by requests[0]"},
		{"{\"requests\": [{\"id\": \"x\", \"profile\": \"1g.6gb\", \"memory_gib\": 3}]}",
		 "requests[0]: a request names a profile or its needs"},
		{"requests:\n\t- id: x\n", "d.yaml:2:1: "},
		{"requests: 3\n", "d.yaml:1:11: requests: expected a list, got an integer"},
		{"", "d.yaml: (top level): the file is empty"},
		{"requests: []\nextra: 1\n", "d.yaml:2:1: (top level): unknown key 'extra'; allowed: schema, requests"},
		{"requests:\n  - {id: x, compute: 1.5}\n", "requests[0].compute: expected a number above 0 and at most 1"},
		{"requests:\n  - {id: x, memory_gib: 1, models: [Z80]}\n", "requests[0].models[0]: unknown GPU model 'Z80'"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		migplan_demand *d = (void *)1;

		assert_int_equal(migplan_demand_parse(&d, cases[i].text, strlen(cases[i].text), "d.yaml"),
				 MIG_ERROR_INVALID_ARGUMENT);
		assert_null(d);
		if (!strstr(mig_errmsg(), cases[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, mig_errmsg(), cases[i].want);
	}
}

static void test_bad_fleet(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"nodes:\n  - name: a\n    gpus:\n      - model: A30-24GB\n        instances:\n          - {profile: 2g.12gb, start: 1}\n",
		 "f.yaml:6:39: nodes[0].gpus[0].instances[0].start: a 2g.12gb GPU instance cannot start at 1; allowed: 0, 2"},
		{"nodes:\n  - name: a\n    gpus:\n      - model: A30-24GB\n        instances:\n          - {profile: 4g.24gb, start: 0}\n          - {profile: 1g.6gb, start: 0}\n",
		 "nodes[0].gpus[0]: these instances do not fit together on A30-24GB"},
		{"nodes:\n  - name: a\n    gpus:\n      - model: A30-24GB\n        instances:\n          - {profile: 3g.40gb, start: 0}\n",
		 "nodes[0].gpus[0].instances[0].profile: A30-24GB has no GPU instance profile '3g.40gb'; allowed: 1g.6gb"},
		{"nodes:\n  - name: a\n    gpus:\n      - model: Q100\n", "nodes[0].gpus[0]: unknown GPU model 'Q100'"},
		{"nodes:\n  - name: a\n    gpus: []\n  - name: a\n    gpus: []\n", "nodes[1]: node name 'a' is already used by nodes[0]"},
		{"nodes:\n  - name: a\n    gpus:\n      - {model: A30-24GB, mig: false, instances: [{profile: 1g.6gb, start: 0}]}\n",
		 "nodes[0].gpus[0].instances: a GPU with MIG disabled has no instances"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		migplan_fleet *f = (void *)1;

		assert_int_equal(migplan_fleet_parse(&f, cases[i].text, strlen(cases[i].text), "f.yaml"),
				 MIG_ERROR_INVALID_ARGUMENT);
		assert_null(f);
		if (!strstr(mig_errmsg(), cases[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, mig_errmsg(), cases[i].want);
	}
}

static void test_impossible_requests(void **state)
{
	static const struct {
		const char *text, *want;
		int code;
	} cases[] = {
		{"requests: [{id: big, memory_gib: 200}]",
		 "request 'big': no GPU of the fleet can meet its needs: A30-24GB: no profile meets the needs (the largest, 4g.24gb, has 24000 MiB of memory < 204800)",
		 MIG_ERROR_INSUFFICIENT_RESOURCES},
		{"requests: [{id: p, profile: 3g.40gb}]",
		 "request 'p': no GPU of the fleet has a GI profile '3g.40gb' (models in the fleet: A30-24GB",
		 MIG_ERROR_NOT_FOUND},
		{"requests: [{id: nd, profile: 1g.6gb, nodes: [elsewhere]}]",
		 "request 'nd': no GPU of the fleet is both among its nodes/gpus/models", MIG_ERROR_NOT_FOUND},
		{"requests: [{id: m, memory_gib: 1, models: [H100-SXM5-80GB]}]",
		 "request 'm': no GPU of the fleet among its models can meet its needs",
		 MIG_ERROR_INSUFFICIENT_RESOURCES},
	};
	migplan_fleet *f;

	(void)state;
	assert_int_equal(migplan_fleet_parse(&f, fleet_a30, strlen(fleet_a30), "f.json"), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		migplan_demand *d;
		migplan_result *r = (void *)1;

		assert_int_equal(migplan_demand_parse(&d, cases[i].text, strlen(cases[i].text), "d.yaml"), 0);
		assert_int_equal(migplan_plan(&r, f, d, NULL), cases[i].code);
		assert_null(r);
		if (!strstr(mig_errmsg(), cases[i].want))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, mig_errmsg(), cases[i].want);
		migplan_demand_free(d);
	}
	migplan_fleet_free(f);
}

/* A request by resources gets the smallest profile meeting every need, and says why. */
static void test_resources(void **state)
{
	static const struct {
		const char *req, *model, *want;
	} cases[] = {
		{"{id: a, memory_gib: 18, compute: 0.33}", "H100-SXM5-80GB", "3g.40gb"},
		{"{id: a, memory_gib: 9}", "H100-SXM5-80GB", "1g.10gb"},
		{"{id: a, memory_gib: 11}", "H100-SXM5-80GB", "1g.20gb"},
		{"{id: a, compute: 0.25}", "H100-SXM5-80GB", "2g.20gb"},
		{"{id: a, media: true}", "H100-SXM5-80GB", "1g.10gb+me"},
		{"{id: a, sms: 60}", "H100-SXM5-80GB", "3g.40gb"},
		{"{id: a, memory_gib: 6}", "A30-24GB", "2g.12gb"},
		{"{id: a, memory_gib: 30}", "H200-SXM-141GB", "1g.35gb"},
		{"{id: a, memory_gib: 30, compute: 0.2}", "H200-SXM-141GB", "2g.35gb"},
		{"{id: a, compute: 1}", "B200-180GB", "7g.180gb"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char ftext[256], dtext[256];
		migplan_fleet *f;
		migplan_demand *d;
		migplan_result *r;
		const migplan_placement *p;

		snprintf(ftext, sizeof(ftext), "{\"nodes\": [{\"name\": \"a\", \"gpus\": [{\"model\": \"%s\"}]}]}",
			 cases[i].model);
		snprintf(dtext, sizeof(dtext), "requests: [%s]", cases[i].req);
		assert_int_equal(migplan_fleet_parse(&f, ftext, strlen(ftext), "f"), 0);
		assert_int_equal(migplan_demand_parse(&d, dtext, strlen(dtext), "d"), 0);
		if (migplan_plan(&r, f, d, NULL))
			fail_msg("%s", mig_errmsg());
		assert_int_equal(migplan_result_placement_count(r), 1);
		p = migplan_result_placement(r, 0);
		{
			char *choice = mp_choice(f, &d->req[0]);

			if (strcmp(p->profile, cases[i].want))
				fail_msg("%s on %s: got %s, want %s (%s)", cases[i].req, cases[i].model,
					 p->profile, cases[i].want, choice);
			assert_non_null(strstr(choice, "the smallest with"));
			free(choice);
		}
		migplan_result_free(r);
		migplan_demand_free(d);
		migplan_fleet_free(f);
	}
}


/* ------------------------------------------------------------------ */
/* Fleets and demand built in memory                                  */
/* ------------------------------------------------------------------ */

/* Fleet f again, through the in-memory API, into g (cleared first). */
static void rebuild_fleet(migplan_fleet *g, const migplan_fleet *f)
{
	migplan_fleet_clear(g);
	for (size_t n = 0; n < f->nnode; n++) {
		assert_ok(migplan_fleet_add_node(g, f->node[n].name));
		for (size_t k = 0; k < f->node[n].ngpu; k++) {
			const mp_gpu *gp = &f->gpu[f->node[n].first + k];
			size_t idx;

			assert_ok(migplan_fleet_add_gpu(&idx, g, gp->lat->model, gp->lat->driver));
			assert_int_equal(idx, f->node[n].first + k);
			for (size_t i = 0; i < gp->ngi; i++) {
				const mp_gi *gi = &gp->gi[i];
				migplan_gi_spec spec = {gp->lat->prof[gi->prof], gi->start, gi->busy,
							gi->priority, gi->age_s, gi->holder};

				assert_ok(migplan_fleet_add_gi(g, idx, &spec));
			}
		}
	}
}

static void same_result(const migplan_result *a, const migplan_result *b)
{
	assert_int_equal(a->nplace, b->nplace);
	for (size_t i = 0; i < a->nplace; i++) {
		const migplan_placement *x = &a->place[i], *y = &b->place[i];

		assert_string_equal(x->request, y->request);
		assert_int_equal(x->fleet_gpu, y->fleet_gpu);
		assert_int_equal(x->start, y->start);
		assert_int_equal(x->gi, y->gi);
		assert_int_equal(x->reused, y->reused);
		assert_string_equal(x->profile, y->profile);
	}
	for (size_t g = 0; g < a->f->ngpu; g++) {
		migplan_gi_out out[MP_MAX_GI];
		size_t n = 0;
		uint32_t mask = 0;

		assert_int_equal(a->gpu[g].mask, b->gpu[g].mask);
		assert_ok(migplan_result_gpu_instances(out, MP_MAX_GI, &n, b, g));
		for (size_t i = 0; i < n; i++) {
			const mp_lattice *l = b->f->gpu[g].lat;
			int p;

			for (p = 0; p < (int)l->nprof && l->prof[p] != out[i].profile; p++)
				;
			mask |= 1u << mp_lattice_item(l, (unsigned)p, out[i].start);
			assert_int_equal(out[i].busy, (int)(b->f->gpu[g].busy >> mp_lattice_item(l, (unsigned)p, out[i].start) & 1));
		}
		assert_int_equal(mask, b->gpu[g].mask);
	}
	assert_int_equal(a->nmove, b->nmove);
	for (size_t m = 0; m < a->nmove; m++) {
		migplan_move_info mv;

		assert_ok(migplan_result_move(&mv, b, m));
		assert_int_equal(mv.from_gpu, a->move[m].from_gpu);
		assert_int_equal(mv.to_gpu, a->move[m].to_gpu);
		assert_int_equal(mv.to_start, a->move[m].to_start);
		assert_int_equal(mv.gi, a->move[m].gi);
	}
}

static void test_in_memory(void **state)
{
	migplan_fleet *g;
	migplan_demand *d2;
	size_t placed = 0, moves = 0;

	(void)state;
	assert_ok(migplan_fleet_new(&g));
	assert_ok(migplan_demand_new(&d2));
	for (unsigned seed = 1; seed <= 40; seed++) {
		migplan_synth_opts o = {MIGPLAN_SYNTH_OPTS_VERSION, 12, 4,
					"A30-24GB,A100-SXM4-40GB,H100-SXM5-80GB,B200-180GB", 0.45, 0.2, seed};
		migplan_opts po = {MIGPLAN_OPTS_VERSION, 1, seed % 3};
		migplan_fleet *f;
		migplan_demand *d1;
		migplan_result *r1, *r2;
		char text[4096];
		size_t len = (size_t)snprintf(text, sizeof(text), "requests:\n");
		unsigned nreq = 2 + rnd(6);
		int rc1, rc2;

		assert_ok(migplan_fleet_synth(&f, &o));
		rebuild_fleet(g, f);
		migplan_demand_clear(d2);
		for (unsigned i = 0; i < nreq; i++) {
			const mp_lattice *l = f->lat[rnd((unsigned)f->nlat)];
			migplan_request_spec q = {NULL, 1 + rnd(3), 1 + rnd(4), NULL, 0, 0};
			char id[16];

			snprintf(id, sizeof(id), "r%u", i);
			q.id = id;
			if (rnd(3)) {
				q.profile = l->info[rnd((unsigned)l->nprof)].name;
				len += (size_t)snprintf(text + len, sizeof(text) - len,
							"  - {id: r%u, profile: \"%s\", count: %u, priority: %u}\n",
							i, q.profile, q.count, q.priority);
			} else {
				unsigned gib = 1 + rnd(40), tenth = 1 + rnd(9);

				q.memory_mib = gib * 1024ull;
				q.compute = tenth / 10.0;
				len += (size_t)snprintf(text + len, sizeof(text) - len,
							"  - {id: r%u, memory_gib: %u, compute: 0.%u, count: %u, priority: %u}\n",
							i, gib, tenth, q.count, q.priority);
			}
			assert_ok(migplan_demand_add(d2, &q));
		}
		assert_ok(migplan_demand_parse(&d1, text, len, "d.yaml"));
		rc1 = migplan_plan(&r1, f, d1, &po);
		rc2 = migplan_plan(&r2, g, d2, &po);
		assert_int_equal(rc1, rc2);
		if (!rc1) {
			same_result(r1, r2);
			placed += r1->sum.units_placed;
			moves += r1->nmove;
		}
		migplan_result_free(r1);
		migplan_result_free(r2);
		migplan_demand_free(d1);
		migplan_fleet_free(f);
	}
	print_message("in memory: %zu units placed, %zu moves proposed, all as from text\n", placed, moves);
	assert_true(placed > 0 && moves > 0);
	migplan_demand_free(d2);
	migplan_fleet_free(g);
}

/* Bad calls are refused with a message and change nothing. */
static void test_in_memory_refusals(void **state)
{
	const mig_model *a30 = mig_catalog_find("A30-24GB"), *h100 = mig_catalog_find("H100-SXM5-80GB");
	const mig_gi_profile *p4 = NULL, *p2 = NULL, *h7 = NULL;
	migplan_fleet *f;
	migplan_demand *d;
	migplan_result *r;
	size_t idx, nlat;
	migplan_gi_out out[1];
	size_t n;

	(void)state;
	assert_ok(migplan_fleet_new(&f));
	assert_int_equal(migplan_fleet_add_gpu(&idx, f, a30, NULL), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "add a node before"));
	assert_ok(migplan_fleet_add_node(f, "n0"));
	assert_ok(migplan_fleet_add_gpu(&idx, f, a30, NULL));
	p4 = f->gpu[0].lat->prof[mp_lattice_profile(f->gpu[0].lat, "4g.24gb")];
	p2 = f->gpu[0].lat->prof[mp_lattice_profile(f->gpu[0].lat, "2g.12gb")];
	assert_ok(migplan_fleet_add_gpu(&idx, f, h100, "550"));
	assert_int_equal(migplan_fleet_add_gpu(&idx, f, h100, "banana"), MIG_ERROR_INVALID_ARGUMENT);
	h7 = f->gpu[1].lat->prof[mp_lattice_profile(f->gpu[1].lat, "7g.80gb")];
	{
		migplan_gi_spec two = {p2, 2, 1, 0, 0, "job 1"}, four = {p4, 0, 0, 0, 0, NULL};
		migplan_gi_spec wrong = {h7, 0, 0, 0, 0, NULL}, odd = {p2, 1, 0, 0, 0, NULL};

		assert_ok(migplan_fleet_add_gi(f, 0, &two));
		assert_int_equal(migplan_fleet_add_gi(f, 0, &four), MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "fleet: GPU 0:"));
		assert_int_equal(migplan_fleet_add_gi(f, 0, &wrong), MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "not a GI profile of A30-24GB"));
		assert_int_equal(migplan_fleet_add_gi(f, 0, &odd), MIG_ERROR_INVALID_ARGUMENT);
		assert_int_equal(migplan_fleet_add_gi(f, 7, &two), MIG_ERROR_NOT_FOUND);
		assert_int_equal(f->gpu[0].ngi, 1);
		assert_int_equal(f->gpu[0].busy, 1u << f->gpu[0].gi[0].item);
	}
	assert_ok(migplan_demand_new(&d));
	{
		migplan_request_spec ok = {"a", 1, 0, "2g.12gb", 0, 0};
		migplan_request_spec none = {"b", 1, 0, NULL, 0, 0}, both = {"c", 1, 0, "2g.12gb", 100, 0};
		migplan_request_spec zero = {"e", 0, 0, "2g.12gb", 0, 0};

		assert_ok(migplan_demand_add(d, &ok));
		assert_int_equal(migplan_demand_add(d, &ok), MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "already used"));
		assert_int_equal(migplan_demand_add(d, &none), MIG_ERROR_INVALID_ARGUMENT);
		assert_int_equal(migplan_demand_add(d, &both), MIG_ERROR_INVALID_ARGUMENT);
		assert_int_equal(migplan_demand_add(d, &zero), MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "count 1..1000000"));
		assert_int_equal(migplan_demand_count(d), 1);
	}
	/* the 2g.12gb beside the busy one: the A30's other half */
	assert_ok(migplan_plan(&r, f, d, NULL));
	assert_int_equal(migplan_result_placement_count(r), 1);
	assert_int_equal(migplan_result_placement(r, 0)->fleet_gpu, 0);
	assert_int_equal(migplan_result_placement(r, 0)->start, 0);
	assert_int_equal(migplan_result_gpu_instances(out, 1, &n, r, 0), MIG_ERROR_INSUFFICIENT_SIZE);
	assert_int_equal(n, 2);
	assert_int_equal(migplan_result_gpu_instances(out, 1, &n, r, 9), MIG_ERROR_NOT_FOUND);
	assert_int_equal(migplan_result_move_count(r), 0);
	migplan_result_free(r);
	/* clearing keeps the lattices: the same models cost nothing again */
	nlat = f->nlat;
	migplan_fleet_clear(f);
	assert_int_equal(migplan_fleet_gpu_count(f), 0);
	assert_ok(migplan_fleet_add_node(f, "n1"));
	assert_ok(migplan_fleet_add_gpu(&idx, f, a30, NULL));
	assert_int_equal(idx, 0);
	assert_int_equal(f->nlat, nlat);
	migplan_demand_free(d);
	migplan_fleet_free(f);
}

/* One node "n" of `n` GPUs of `model`, MIG on, no instances. */
static migplan_fleet *fleet_of(const char *model, unsigned n)
{
	migplan_fleet *f;
	size_t g;

	assert_ok(migplan_fleet_new(&f));
	assert_ok(migplan_fleet_add_node(f, "n"));
	for (unsigned i = 0; i < n; i++)
		assert_ok(migplan_fleet_add_gpu(&g, f, mig_catalog_find(model), NULL));
	return f;
}

/*
 * Idle instances are no obstacle to defragmentation.  Two A30s: GPU 0 holds a
 * busy 2g at 0 (priority 5) and two idle 1g at 2 and 3; GPU 1 a busy 2g at 2
 * (priority 1).  A 4g (the whole A30) fits neither.  Moving GPU 1's 2g (the
 * cheaper by priority) onto GPU 0's slots 2-3 frees
 * GPU 1: the idle 1g there are destroyed by the plan (2 steps each).  Asked
 * for one more empty GPU, a third A30 holding only an idle 4g is emptied by
 * destroying it, with no move.
 */
static void test_defrag_idle(void **state)
{
	migplan_opts po = {MIGPLAN_OPTS_VERSION, 1, 0};
	migplan_request_spec want = {"whole", 1, 0, "4g.24gb", 0, 0};
	migplan_fleet *f = fleet_of("A30-24GB", 3);
	migplan_move_info mv;
	migplan_summary sum;
	migplan_demand *d;
	migplan_result *r;

	(void)state;
	{
		const mp_lattice *l = f->gpu[0].lat;
		const mig_gi_profile *p1 = l->prof[mp_lattice_profile(l, "1g.6gb")];
		const mig_gi_profile *p2 = l->prof[mp_lattice_profile(l, "2g.12gb")];
		const mig_gi_profile *p4 = l->prof[mp_lattice_profile(l, "4g.24gb")];
		migplan_gi_spec b0 = {p2, 0, 1, 5, 0, NULL}, i2 = {p1, 2, 0, 0, 0, NULL}, i3 = {p1, 3, 0, 0, 0, NULL};
		migplan_gi_spec b1 = {p2, 2, 1, 0, 0, NULL}, w = {p4, 0, 0, 0, 0, NULL};

		assert_ok(migplan_fleet_add_gi(f, 0, &b0));
		assert_ok(migplan_fleet_add_gi(f, 0, &i2));
		assert_ok(migplan_fleet_add_gi(f, 0, &i3));
		assert_ok(migplan_fleet_add_gi(f, 1, &b1));
		assert_ok(migplan_fleet_add_gi(f, 2, &w));
	}
	assert_ok(migplan_demand_new(&d));
	assert_ok(migplan_demand_add(d, &want));
	/* the third GPU's idle 4g would serve: keep it out of this case */
	want.id = "other";
	assert_ok(migplan_demand_add(d, &want));
	assert_ok(migplan_plan(&r, f, d, &po));
	assert_int_equal(migplan_result_placement_count(r), 1);
	assert_int_equal(migplan_result_placement(r, 0)->fleet_gpu, 2);
	assert_int_equal(migplan_result_move_count(r), 1);
	assert_ok(migplan_result_move(&mv, r, 0));
	assert_int_equal(mv.from_gpu, 1);
	assert_int_equal(mv.to_gpu, 0);
	assert_int_equal(mv.to_start, 2);
	assert_non_null(mv.for_request);
	/* GPU 0 ends with its busy 2g only: both idle 1g destroyed */
	assert_int_equal(r->gpu[0].mask, f->gpu[0].busy);
	assert_true(r->gpu[0].changed);
	migplan_result_summary(&sum, r);
	assert_int_equal(sum.destroyed, 4);
	migplan_result_free(r);
	/* consolidation: no request left but one empty GPU asked for */
	migplan_demand_clear(d);
	po.free_gpus = 1;
	assert_ok(migplan_plan(&r, f, d, &po));
	assert_int_equal(migplan_result_move_count(r), 0);
	assert_int_equal(r->gpu[2].mask, 0);
	migplan_result_summary(&sum, r);
	assert_int_equal(sum.gpus_empty_after, 1);
	migplan_result_free(r);
	migplan_demand_free(d);
	migplan_fleet_free(f);
}

/*
 * A move to another placement of the same GPU.  One A100 80GB with a busy 2g
 * at 0; a 4g (placement 0 only) fits once the 2g moves to 4 on its own GPU.
 */
static void test_defrag_same_gpu(void **state)
{
	migplan_opts po = {MIGPLAN_OPTS_VERSION, 1, 0};
	migplan_request_spec want = {"four", 1, 0, "4g.40gb", 0, 0};
	migplan_fleet *f = fleet_of("A100-SXM4-80GB", 1);
	migplan_move_info mv;
	migplan_demand *d;
	migplan_result *r;

	(void)state;
	{
		const mp_lattice *l = f->gpu[0].lat;
		migplan_gi_spec b = {l->prof[mp_lattice_profile(l, "2g.20gb")], 0, 1, 0, 0, NULL};

		assert_ok(migplan_fleet_add_gi(f, 0, &b));
	}
	assert_ok(migplan_demand_new(&d));
	assert_ok(migplan_demand_add(d, &want));
	assert_ok(migplan_plan(&r, f, d, &po));
	assert_int_equal(migplan_result_placement_count(r), 0);
	assert_int_equal(migplan_result_move_count(r), 1);
	assert_ok(migplan_result_move(&mv, r, 0));
	assert_int_equal(mv.from_gpu, 0);
	assert_int_equal(mv.to_gpu, 0);
	assert_int_equal(mv.from_start, 0);
	assert_int_equal(mv.to_start, 4);
	migplan_result_free(r);
	migplan_demand_free(d);
	migplan_fleet_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_demand),
		cmocka_unit_test(test_bad_fleet),
		cmocka_unit_test(test_impossible_requests),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_defrag_minimal),
		cmocka_unit_test(test_gpu_optimal),
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_in_memory_refusals),
		cmocka_unit_test(test_defrag_idle),
		cmocka_unit_test(test_defrag_same_gpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
