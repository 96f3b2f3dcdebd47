/*
 * test_layout_plan.c - the planner.
 *
 *  - Minimality: on random small cases (4-slot A30 and RTX PRO 6000, and an
 *    H100 with a few profiles), the plan's step count equals the minimum a
 *    brute-force search over every reachable final layout finds, busy
 *    instances kept; and doing the plan gives a layout the target accepts.
 *  - Idempotency: a GPU that holds the target gets an empty plan.
 *  - Busy instances are kept, or named when they block.
 *  - Exact plans (restore, rollback) reproduce placements and GI/CI IDs,
 *    through temporary CIs when an ID hole needs them.
 *  - The "touched versus wipe" figures of docs/layouts.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "testutil.h"

static unsigned rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static mig_state *gpu_node(const char *key)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	int act;

	spec.model = mig_catalog_find(key);
	assert_non_null(spec.model);
	assert_ok(mig_state_new(&st));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	return st;
}

/* GI profiles of GPU 0 whose IDs are in `ids` (NULL: all). */
static size_t profiles(const mig_state *st, const unsigned *ids, size_t nids,
		       const mig_gi_profile **out)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0, k = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, 0) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n && i < 32; i++) {
		mig_gi_profile_info info;
		int keep = !ids;

		mig_gi_profile_get(list[i], &info);
		for (size_t j = 0; ids && j < nids; j++)
			keep |= ids[j] == info.id;
		if (keep)
			out[k++] = list[i];
	}
	return k;
}

/* Fill GPU 0 with random GIs (auto placement) and random CIs in them. */
static void random_layout(mig_state *st, const mig_gi_profile **prof, size_t np, unsigned tries)
{
	for (unsigned t = 0; t < tries; t++) {
		mig_gi_profile_info info;
		mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
		mig_gi_info g;
		unsigned gi;
		size_t n;

		mig_gi_profile_get(prof[rnd((unsigned)np)], &info);
		if (mig_create_gi(&gi, st, 0, info.id, NULL))
			continue;
		assert_ok(mig_gi_get(&g, st, 0, gi));
		if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &n, g.profile) != MIG_SUCCESS)
			n = 0;
		/* up to three CIs; none now and then, so empty GIs occur too */
		for (unsigned c = 0, k = rnd(4); c < k; c++) {
			unsigned id;

			mig_create_ci(&id, st, 0, gi, (int)cis[rnd((unsigned)n)].id, NULL);
		}
	}
}

/* The CI multiset of GPU 0 as wants. */
static void target_of(layout_target *t, const mig_state *st)
{
	layout_gpu_have h;

	memset(t, 0, sizeof(*t));
	assert_ok(layout_gpu_read(&h, st, 0));
	t->covered = 1;
	t->enabled = 1;
	for (size_t g = 0; g < h.ngi; g++)
		for (size_t c = 0; c < h.gi[g].nci; c++) {
			layout_want *w = &t->want[t->n++];

			w->gi_profile = h.gi[g].profile;
			w->ci_profile = h.gi[g].ci[c].profile;
			w->slices = h.gi[g].ci[c].slices;
			w->start = -1;
			snprintf(w->name, sizeof(w->name), "%s", h.gi[g].ci[c].name);
		}
}

/* ------------------------------------------------------------------ */
/* Brute force: every final layout, its cost against the current one  */
/* ------------------------------------------------------------------ */

typedef struct bf_ci {
	unsigned profile, start, slices;
} bf_ci;

typedef struct bf {
	const layout_gpu_have *have;
	const layout_target *t;
	mig_state *trial;
	/* GI placements of the wanted profiles */
	size_t nplace;
	struct {
		unsigned profile;
		mig_placement at;
		const mig_gi_profile *p;
	} place[64];
	/* chosen GIs */
	size_t nsel;
	int sel[16];
	unsigned best;
	int found;
	int busy_gi[LAYOUT_MAX_GI]; /* have GI index holding a busy CI */
} bf;

static unsigned want_count(const layout_target *t, unsigned gi_profile, unsigned ci_profile)
{
	unsigned n = 0;

	for (size_t w = 0; w < t->n; w++)
		n += t->want[w].gi_profile == gi_profile && t->want[w].ci_profile == ci_profile;
	return n;
}

/* Cost of the current layout against a final one: GIs and CIs matched by placement. */
typedef struct fin_gi {
	unsigned profile, start;
	size_t nci;
	bf_ci ci[8];
} fin_gi;

static unsigned cost_of(const bf *b, const fin_gi *fin, size_t nfin, int *busy_ok)
{
	unsigned cost = 0;
	int kept_have[LAYOUT_MAX_GI] = {0};

	*busy_ok = 1;
	for (size_t f = 0; f < nfin; f++) {
		const layout_gi_have *match = NULL;
		size_t hi;

		for (hi = 0; hi < b->have->ngi; hi++)
			if (b->have->gi[hi].profile == fin[f].profile && b->have->gi[hi].at.start == fin[f].start) {
				match = &b->have->gi[hi];
				break;
			}
		if (!match) {
			cost += 1 + (unsigned)fin[f].nci;
			continue;
		}
		kept_have[hi] = 1;
		for (size_t c = 0; c < fin[f].nci; c++) {
			int kept = 0;

			for (size_t k = 0; k < match->nci; k++)
				kept |= match->ci[k].profile == fin[f].ci[c].profile &&
					match->ci[k].at.start == fin[f].ci[c].start;
			cost += !kept;
		}
		for (size_t k = 0; k < match->nci; k++) {
			int kept = 0;

			for (size_t c = 0; c < fin[f].nci; c++)
				kept |= match->ci[k].profile == fin[f].ci[c].profile &&
					match->ci[k].at.start == fin[f].ci[c].start;
			cost += !kept;
			if (!kept && match->ci[k].procs)
				*busy_ok = 0;
		}
	}
	for (size_t hi = 0; hi < b->have->ngi; hi++) {
		if (kept_have[hi])
			continue;
		cost += 1 + (unsigned)b->have->gi[hi].nci;
		if (b->have->gi[hi].procs)
			*busy_ok = 0;
	}
	return cost;
}

/* Choose CIs for GI i of the selection, then the next GI. */
static void bf_cis(bf *b, fin_gi *fin, size_t i, unsigned *left)
{
	if (i == b->nsel) {
		int busy_ok;
		unsigned cost;

		for (size_t w = 0; w < b->t->n; w++)
			if (left[w])
				return;
		cost = cost_of(b, fin, b->nsel, &busy_ok);
		if (busy_ok && (!b->found || cost < b->best)) {
			b->best = cost;
			b->found = 1;
		}
		return;
	}
	{
		const mig_gi_profile *p = b->place[b->sel[i]].p;
		mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
		size_t n = 0;

		if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &n, p) != MIG_SUCCESS)
			n = 0;
		mig_gi_profile_info info;
		/* every set of non-overlapping wanted CIs in this GI, at least one */
		struct {
			unsigned k, s;
		} opt[64];
		size_t nopt = 0;

		mig_gi_profile_get(p, &info);
		for (size_t k = 0; k < n; k++)
			for (unsigned s = 0; s < 16; s++)
				if ((cis[k].placements & (1u << s)) && want_count(b->t, info.id, cis[k].id))
					opt[nopt].k = (unsigned)k, opt[nopt++].s = s;
		for (unsigned long mask = 1; mask < (1ul << nopt); mask++) {
			uint32_t used = 0;
			int ok = 1;

			fin[i].nci = 0;
			fin[i].profile = info.id;
			fin[i].start = b->place[b->sel[i]].at.start;
			for (size_t o = 0; o < nopt && ok; o++) {
				uint32_t m;

				if (!(mask & (1ul << o)))
					continue;
				m = ((1u << cis[opt[o].k].slices) - 1) << opt[o].s;
				if ((used & m) || fin[i].nci == 8) {
					ok = 0;
					break;
				}
				used |= m;
				fin[i].ci[fin[i].nci].profile = cis[opt[o].k].id;
				fin[i].ci[fin[i].nci].start = opt[o].s;
				fin[i].ci[fin[i].nci].slices = cis[opt[o].k].slices;
				fin[i].nci++;
			}
			if (!ok)
				continue;
			/* consume wants; give back exactly those afterwards */
			{
				size_t took[8], ntook = 0;
				int fits = 1;

				for (size_t c = 0; c < fin[i].nci && fits; c++) {
					size_t w;

					for (w = 0; w < b->t->n; w++)
						if (left[w] && b->t->want[w].gi_profile == info.id &&
						    b->t->want[w].ci_profile == fin[i].ci[c].profile)
							break;
					if (w == b->t->n) {
						fits = 0;
					} else {
						left[w] = 0;
						took[ntook++] = w;
					}
				}
				if (fits)
					bf_cis(b, fin, i + 1, left);
				for (size_t d = 0; d < ntook; d++)
					left[took[d]] = 1;
			}
		}
	}
}

/* One set of GIs: quick bounds, then every way to fill them. */
static void bf_eval_set(bf *b)
{
	fin_gi fin[16];
	unsigned left[LAYOUT_MAX_WANT];
	unsigned slices = 0, want_slices = 0;

	for (size_t w = 0; w < b->t->n; w++) {
		left[w] = 1;
		want_slices += b->t->want[w].slices;
	}
	for (size_t i = 0; i < b->nsel; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(b->place[b->sel[i]].p, &info);
		slices += info.slices;
	}
	if (b->nsel > b->t->n || slices < want_slices)
		return;
	bf_cis(b, fin, 0, left);
}

/* Every valid set of GI placements (checked on a trial state). */
static void bf_gis(bf *b, size_t from)
{
	bf_eval_set(b);
	for (size_t i = from; i < b->nplace; i++) {
		unsigned id;

		if (b->nsel == 16 || mig_create_gi(&id, b->trial, 0, b->place[i].profile, &b->place[i].at))
			continue;
		b->sel[b->nsel++] = (int)i;
		bf_gis(b, i + 1);
		b->nsel--;
		assert_ok(mig_destroy_gi(b->trial, 0, id));
	}
}

static int brute_force(unsigned *best, const mig_state *st, const layout_target *t)
{
	layout_gpu_have h;
	bf b;
	mig_state *empty;
	int act;

	memset(&b, 0, sizeof(b));
	assert_ok(layout_gpu_read(&h, st, 0));
	b.have = &h;
	b.t = t;
	for (size_t w = 0; w < t->n; w++) {
		const mig_gi_profile *p;
		mig_gi_profile_info info;
		int seen = 0;

		for (size_t k = 0; k < w; k++)
			seen |= t->want[k].gi_profile == t->want[w].gi_profile;
		if (seen)
			continue;
		assert_ok(mig_gpu_gi_profile_by_id(&p, st, 0, t->want[w].gi_profile));
		mig_gi_profile_get(p, &info);
		for (unsigned s = 0; s < 16; s++) {
			if (!(info.placements & (1u << s)))
				continue;
			b.place[b.nplace].profile = info.id;
			b.place[b.nplace].at.start = s;
			b.place[b.nplace].at.size = info.placement_size;
			b.place[b.nplace].p = p;
			b.nplace++;
		}
	}
	/* a fresh GPU of the same model: placements are checked from empty */
	assert_ok(mig_state_clone(&empty, st));
	for (size_t g = h.ngi; g-- > 0;) {
		for (size_t c = h.gi[g].nci; c-- > 0;) {
			mig_process p[8];
			size_t np = 0;

			assert_ok(mig_process_list(p, 8, &np, empty, 0));
			for (size_t k = 0; k < np; k++)
				mig_process_detach(empty, p[k].pid);
			assert_ok(mig_destroy_ci(empty, 0, h.gi[g].id, h.gi[g].ci[c].id));
		}
		assert_ok(mig_destroy_gi(empty, 0, h.gi[g].id));
	}
	(void)act;
	b.trial = empty;
	bf_gis(&b, 0);
	mig_state_free(empty);
	*best = b.best;
	return b.found ? 0 : -1;
}

/* ------------------------------------------------------------------ */

static unsigned instance_steps(const layout_plan *p)
{
	unsigned n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->step[i].op >= LAYOUT_DESTROY_CI;
	return n;
}

static void minimality_on(const char *key, const unsigned *ids, size_t nids, unsigned cases,
			  int with_busy)
{
	unsigned agree = 0, infeasible = 0;

	for (unsigned k = 0; k < cases; k++) {
		mig_state *st = gpu_node(key), *want = gpu_node(key);
		const mig_gi_profile *prof[32];
		size_t np = profiles(st, ids, nids, prof);
		layout_target t;
		layout_plan *p = NULL;
		layout_plan_opts o = {0};
		unsigned best = 0;
		int bf_rc, rc;

		random_layout(st, prof, np, 1 + rnd(5));
		random_layout(want, prof, np, 1 + rnd(5));
		target_of(&t, want);
		if (with_busy) {
			/* this process on a random CI: the planner must keep it */
			layout_gpu_have h;

			assert_ok(layout_gpu_read(&h, st, 0));
			if (h.ngi && h.gi[0].nci) {
				mig_process pr = {0};
				size_t g = rnd((unsigned)h.ngi);

				if (h.gi[g].nci) {
					pr.pid = (unsigned)getpid();
					snprintf(pr.name, sizeof(pr.name), "test");
					pr.gpu = 0;
					pr.gi = h.gi[g].id;
					pr.ci = h.gi[g].ci[0].id;
					assert_ok(mig_process_attach(st, &pr));
				}
			}
		}
		if (with_busy && rnd(2)) {
			/* a target reachable around the busy CI: this layout, changed a little */
			layout_gpu_have h;

			mig_state_free(want);
			assert_ok(mig_state_clone(&want, st));
			assert_ok(layout_gpu_read(&h, want, 0));
			for (size_t g = 0; g < h.ngi; g++) {
				if (h.gi[g].procs || rnd(2))
					continue;
				for (size_t c = 0; c < h.gi[g].nci; c++)
					assert_ok(mig_destroy_ci(want, 0, h.gi[g].id, h.gi[g].ci[c].id));
				assert_ok(mig_destroy_gi(want, 0, h.gi[g].id));
			}
			random_layout(want, prof, np, 1 + rnd(3));
			target_of(&t, want);
		}
		bf_rc = brute_force(&best, st, &t);
		rc = layout_plan_targets(&p, st, &t, &o);
		if ((rc == 0) != (bf_rc == 0) || (rc == 0 && instance_steps(p) != best)) {
			print_error("%s case %u: planner %s (%u steps), brute force %s (%u)\n", key, k,
				    rc ? mig_errmsg() : "ok", rc ? 0 : instance_steps(p), bf_rc ? "infeasible" : "ok",
				    best);
			if (p)
				for (size_t i = 0; i < p->n; i++) {
					char text[256];

					layout_step_text(text, sizeof(text), &p->step[i]);
					print_error("  %s\n", text);
				}
		}
		assert_int_equal(rc == 0, bf_rc == 0);
		if (rc == 0) {
			layout_gpu_have h;

			assert_int_equal(instance_steps(p), best);
			for (size_t i = 0; i < p->n; i++)
				assert_int_equal(layout_step_do(st, &p->step[i]), 0);
			assert_ok(layout_gpu_read(&h, st, 0));
			assert_true(layout_matches(&h, &t, 0, NULL));
			agree++;
		} else {
			infeasible++;
		}
		layout_plan_free(p);
		mig_state_free(st);
		mig_state_free(want);
	}
	print_message("%s: %u plans minimal, %u infeasible targets agreed\n", key, agree, infeasible);
}

static void test_minimal_a30(void **state)
{
	(void)state;
	minimality_on("A30-24GB", NULL, 0, 400, 0);
}

static void test_minimal_rtx(void **state)
{
	static const unsigned ids[] = {14, 5, 0, 47, 67};

	(void)state;
	minimality_on("RTX-PRO-6000", ids, 5, 300, 0);
}

static void test_minimal_h100(void **state)
{
	/* 1g.10gb, 2g.20gb, 3g.40gb, 1g.20gb */
	static const unsigned ids[] = {19, 14, 9, 15};

	(void)state;
	minimality_on("H100-SXM5-80GB", ids, 4, 200, 0);
}

static void test_minimal_busy(void **state)
{
	static const unsigned ids[] = {19, 14, 9};

	(void)state;
	minimality_on("A30-24GB", NULL, 0, 200, 1);
	minimality_on("H100-SXM5-80GB", ids, 3, 100, 1);
}

/* A GPU that holds the target needs nothing, whatever grouping it has. */
static void test_idempotent(void **state)
{
	mig_state *st = gpu_node("H100-SXM5-80GB");
	layout_target t;
	layout_plan *p;
	unsigned gi, ci;
	mig_placement at3 = {0, 4}, at1 = {4, 4};

	(void)state;
	/* two 3g GIs with one 1c each: "1c.3g.40gb: 2" packs into one GI, but this matches too */
	assert_ok(mig_create_gi(&gi, st, 0, 9, &at3));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_create_gi(&gi, st, 0, 9, &at1));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	target_of(&t, st);
	assert_int_equal(layout_plan_targets(&p, st, &t, NULL), 0);
	assert_int_equal(p->n, 0);
	assert_true(p->gpu[0].already);
	layout_plan_free(p);
	mig_state_free(st);
}

/* A busy CI stays (and keeps its MIG UUID); when it is in the way, it is named. */
static void test_busy(void **state)
{
	mig_state *st = gpu_node("H100-SXM5-80GB");
	layout_target t;
	layout_plan *p;
	layout_plan_opts force = {1, 0};
	mig_process pr = {0};
	unsigned gi, ci;
	mig_placement at = {4, 4};
	mig_ci_info before[8], after[8];
	size_t nb = 0, na = 0;

	(void)state;
	assert_ok(mig_create_gi(&gi, st, 0, 9, &at));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 2, NULL));
	pr.pid = (unsigned)getpid();
	snprintf(pr.name, sizeof(pr.name), "trainer");
	pr.gpu = 0;
	pr.gi = gi;
	pr.ci = ci;
	assert_ok(mig_process_attach(st, &pr));
	assert_ok(mig_ci_list(before, 8, &nb, st, 0, gi));
	/* 3g + 2g + 2x 1g: the busy 3g at 4 stays */
	memset(&t, 0, sizeof(t));
	t.covered = t.enabled = 1;
	t.n = 4;
	t.want[0] = (layout_want){9, 2, 3, -1, "3g.40gb"};
	t.want[1] = (layout_want){14, 1, 2, -1, "2g.20gb"};
	t.want[2] = (layout_want){19, 0, 1, -1, "1g.10gb"};
	t.want[3] = (layout_want){19, 0, 1, -1, "1g.10gb"};
	assert_int_equal(layout_plan_targets(&p, st, &t, NULL), 0);
	for (size_t i = 0; i < p->n; i++) {
		assert_int_not_equal(p->step[i].op, LAYOUT_DESTROY_CI);
		assert_int_equal(layout_step_do(st, &p->step[i]), 0);
	}
	layout_plan_free(p);
	assert_ok(mig_ci_list(after, 8, &na, st, 0, gi));
	assert_int_equal(na, 1);
	assert_string_equal(after[0].uuid, before[0].uuid);
	/* 4g.40gb needs slots 0-3 only: still fine.  7g needs the busy one gone. */
	memset(&t, 0, sizeof(t));
	t.covered = t.enabled = 1;
	t.n = 1;
	t.want[0] = (layout_want){0, 4, 7, -1, "7g.80gb"};
	assert_int_equal(layout_plan_targets(&p, st, &t, NULL), MIG_ERROR_IN_USE);
	assert_non_null(strstr(mig_errmsg(), "cannot be reached without destroying instances in use: CI 0 of GI 2 (3g.40gb): pid"));
	assert_non_null(strstr(mig_errmsg(), "(trainer); stop those processes or use --force"));
	assert_int_equal(layout_plan_targets(&p, st, &t, &force), 0);
	assert_int_equal(p->step[0].op, LAYOUT_DESTROY_CI);
	assert_int_equal(p->step[0].detach, 1);
	layout_plan_free(p);
	/* a layout that can never fit says so */
	t.n = 2;
	t.want[1] = t.want[0];
	assert_int_equal(layout_plan_targets(&p, st, &t, &force), MIG_ERROR_INSUFFICIENT_RESOURCES);
	assert_string_equal(mig_errmsg(), "GPU 0 (NVIDIA H100 80GB HBM3): 7g.80gb x2 do not fit together on this GPU");
	mig_state_free(st);
}

/* A mode change that cannot take effect now fails the plan; the target would not exist. */
static void test_pending_mode(void **state)
{
	mig_state *st;
	mig_gpu_spec spec = {0};
	layout_target t;
	layout_plan *p;
	mig_process pr = {0};

	(void)state;
	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("A100-SXM4-40GB");
	spec.reset = MIG_RESET_REQUIRED_VM;
	assert_ok(mig_state_add_gpu(st, &spec));
	spec.reset = MIG_RESET_AUTO;
	assert_ok(mig_state_add_gpu(st, &spec));
	memset(&t, 0, sizeof(t));
	t.covered = t.enabled = 1;
	assert_int_equal(layout_plan_targets(&p, st, (layout_target[]){t, t}, NULL), MIG_ERROR_NOT_SUPPORTED);
	assert_string_equal(mig_errmsg(), "GPU 0 (NVIDIA A100-SXM4-40GB): enabling MIG mode needs a GPU reset, which cannot be done now: resetting GPU 0: not supported in this passthrough VM");
	/* bare metal, but a process holds the GPU: the same */
	pr.pid = (unsigned)getpid();
	snprintf(pr.name, sizeof(pr.name), "holder");
	pr.gpu = 1;
	pr.gi = pr.ci = MIG_NONE;
	assert_ok(mig_process_attach(st, &pr));
	{
		layout_target two[2];

		memset(two, 0, sizeof(two));
		two[1] = t;
		assert_int_equal(layout_plan_targets(&p, st, two, NULL), MIG_ERROR_IN_USE);
		assert_string_equal(mig_errmsg(), "GPU 1 (NVIDIA A100-SXM4-40GB): enabling MIG mode needs a GPU reset, which cannot be done now: resetting GPU 1: 1 process(es) are using it");
	}
	mig_state_free(st);
}

/* Checkpoints come back exactly: placements, GI IDs, CI IDs with holes. */
static void test_exact(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 60; k++) {
		mig_state *st = gpu_node(k % 3 == 0 ? "A30-24GB" : "H100-SXM5-80GB");
		const mig_gi_profile *prof[32];
		size_t np = profiles(st, NULL, 0, prof);
		layout_snapshot *snap, *again;
		layout_plan *p;
		char *a, *b;
		layout_gpu_have h;

		random_layout(st, prof, np, 2 + rnd(5));
		/* punch holes in CI IDs */
		assert_ok(layout_gpu_read(&h, st, 0));
		for (size_t g = 0; g < h.ngi; g++)
			if (h.gi[g].nci > 1 && rnd(2))
				assert_ok(mig_destroy_ci(st, 0, h.gi[g].id, h.gi[g].ci[0].id));
		assert_ok(layout_snapshot_take(&snap, st, NULL, 0));
		assert_ok(layout_snapshot_json(&a, snap));
		/* something else entirely, then back */
		{
			mig_state *other = gpu_node(k % 3 == 0 ? "A30-24GB" : "H100-SXM5-80GB");

			random_layout(other, prof, np, 1 + rnd(4));
			assert_ok(layout_snapshot_take(&again, other, NULL, 0));
			assert_int_equal(layout_plan_exact(&p, st, again, NULL), 0);
			for (size_t i = 0; i < p->n; i++)
				assert_int_equal(layout_step_do(st, &p->step[i]), 0);
			layout_plan_free(p);
			layout_snapshot_free(again);
			mig_state_free(other);
		}
		assert_int_equal(layout_plan_exact(&p, st, snap, NULL), 0);
		for (size_t i = 0; i < p->n; i++)
			if (layout_step_do(st, &p->step[i]))
				print_error("%s\n", mig_errmsg());
		assert_ok(layout_snapshot_take(&again, st, NULL, 0));
		assert_ok(layout_snapshot_json(&b, again));
		if (p->ids_exact && strcmp(a, b))
			print_error("case %u:\n%s\n%s\n", k, a, b);
		if (p->ids_exact)
			assert_string_equal(a, b);
		layout_plan_free(p);
		/* and a second time: nothing to do */
		assert_int_equal(layout_plan_exact(&p, st, snap, NULL), 0);
		if (strcmp(a, b) == 0)
			assert_int_equal(p->n, 0);
		layout_plan_free(p);
		free(a);
		free(b);
		layout_snapshot_free(snap);
		layout_snapshot_free(again);
		mig_state_free(st);
	}
}

/* A CI ID behind a hole: a temporary CI gives it back its ID. */
static void test_exact_filler(void **state)
{
	mig_state *st = gpu_node("H100-SXM5-80GB");
	layout_snapshot *snap;
	layout_plan *p;
	unsigned gi, c0, c1, c2;
	mig_placement at = {0, 8};
	int fillers = 0;

	(void)state;
	assert_ok(mig_create_gi(&gi, st, 0, 0, &at));
	assert_ok(mig_create_ci(&c0, st, 0, gi, 0, NULL));
	assert_ok(mig_create_ci(&c1, st, 0, gi, 0, NULL));
	assert_ok(mig_create_ci(&c2, st, 0, gi, 0, NULL));
	assert_ok(mig_destroy_ci(st, 0, gi, c0));
	assert_ok(mig_destroy_ci(st, 0, gi, c1));
	assert_ok(layout_snapshot_take(&snap, st, NULL, 0)); /* only CI 2 */
	assert_ok(mig_destroy_ci(st, 0, gi, c2));
	assert_int_equal(layout_plan_exact(&p, st, snap, NULL), 0);
	assert_true(p->ids_exact);
	for (size_t i = 0; i < p->n; i++) {
		fillers += p->step[i].filler;
		assert_int_equal(layout_step_do(st, &p->step[i]), 0);
	}
	assert_int_equal(fillers, 4); /* two made, two destroyed */
	{
		mig_ci_info cis[8];
		size_t n = 0;

		assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
		assert_int_equal(n, 1);
		assert_int_equal(cis[0].id, 2);
	}
	layout_plan_free(p);
	layout_snapshot_free(snap);
	mig_state_free(st);
}

/* docs/layouts.md's table: instances a plan touches, against wiping and re-creating. */
static unsigned apply_wants(mig_state *st, unsigned gpu, const layout_want *w, size_t n,
			    unsigned *wipe)
{
	layout_target *t = calloc(mig_state_gpu_count(st), sizeof(*t));
	layout_plan *p;
	unsigned touched;
	layout_gpu_have h;

	assert_non_null(t);
	t[gpu].covered = t[gpu].enabled = 1;
	t[gpu].n = n;
	memcpy(t[gpu].want, w, n * sizeof(*w));
	assert_ok(layout_gpu_read(&h, st, gpu));
	*wipe = (unsigned)h.ngi;
	for (size_t g = 0; g < h.ngi; g++)
		*wipe += (unsigned)h.gi[g].nci;
	if (layout_plan_targets(&p, st, t, NULL))
		print_error("%s\n", mig_errmsg());
	touched = instance_steps(p);
	for (size_t i = 0; i < p->n; i++)
		assert_int_equal(layout_step_do(st, &p->step[i]), 0);
	assert_ok(layout_gpu_read(&h, st, gpu));
	*wipe += (unsigned)h.ngi;
	for (size_t g = 0; g < h.ngi; g++)
		*wipe += (unsigned)h.gi[g].nci;
	layout_plan_free(p);
	free(t);
	return touched;
}

static void test_touched_vs_wipe(void **state)
{
	static const layout_want h1g[] = {{19, 0, 1, -1, "1g.10gb"}}, a_bal[] = {
		{19, 0, 1, -1, "1g.5gb"}, {19, 0, 1, -1, "1g.5gb"}, {14, 1, 2, -1, "2g.10gb"}, {9, 2, 3, -1, "3g.20gb"}};
	static const layout_want mix[] = {{9, 2, 3, -1, "3g.40gb"}, {14, 1, 2, -1, "2g.20gb"},
					  {19, 0, 1, -1, "1g.10gb"}, {19, 0, 1, -1, "1g.10gb"}};
	static const layout_want a3g[] = {{9, 2, 3, -1, "3g.20gb"}, {9, 2, 3, -1, "3g.20gb"}};
	layout_want seven[7], bal4[4];
	mig_state *st;
	unsigned wipe, touched;

	(void)state;
	for (int i = 0; i < 7; i++)
		seven[i] = h1g[0];
	/* H100: all-1g (7 x 1g.10gb) -> 3g + 2g + 1g + 1g */
	st = gpu_node("H100-SXM5-80GB");
	apply_wants(st, 0, seven, 7, &wipe);
	touched = apply_wants(st, 0, mix, 4, &wipe);
	print_message("H100 all-1g -> 3g+2g+1g+1g: touched %u, wipe %u\n", touched, wipe);
	assert_int_equal(touched, 14);
	assert_int_equal(wipe, 22);
	mig_state_free(st);
	/* A100-40GB: all-balanced -> all-3g */
	st = gpu_node("A100-SXM4-40GB");
	apply_wants(st, 0, a_bal, 4, &wipe);
	touched = apply_wants(st, 0, a3g, 2, &wipe);
	print_message("A100 all-balanced -> all-3g: touched %u, wipe %u\n", touched, wipe);
	assert_int_equal(touched, 8);
	assert_int_equal(wipe, 12);
	mig_state_free(st);
	/* 4 x H100 balanced; GPU 2 trades one 1g.10gb for a 1g.20gb... as one instance change */
	{
		mig_gpu_spec spec = {0};
		int act;
		unsigned tw = 0, tt = 0;

		assert_ok(mig_state_new(&st));
		spec.model = mig_catalog_find("H100-SXM5-80GB");
		for (unsigned g = 0; g < 4; g++) {
			assert_ok(mig_state_add_gpu(st, &spec));
			assert_ok(mig_set_mig_mode(st, g, 1, &act));
			memcpy(bal4, mix, sizeof(bal4));
			apply_wants(st, g, bal4, 4, &wipe);
		}
		/* 3g + 2g + 1g + 1g  ->  3g + 2g + 1g + 1c... keep it simple: drop one 1g.10gb */
		touched = apply_wants(st, 2, mix, 3, &wipe);
		tt += touched;
		tw += wipe;
		print_message("4 x H100, one GPU drops one 1g: touched %u, wipe (that GPU) %u, wipe (all 4) %u\n",
			      tt, tw, tw + 3 * 16);
		assert_int_equal(tt, 2);
		assert_int_equal(tw, 14);
		mig_state_free(st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_a30),
		cmocka_unit_test(test_minimal_rtx),
		cmocka_unit_test(test_minimal_h100),
		cmocka_unit_test(test_minimal_busy),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_pending_mode),
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_exact_filler),
		cmocka_unit_test(test_touched_vs_wipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
