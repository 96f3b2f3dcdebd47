/*
 * test_placement.c - where GPU instances go: legal and illegal placements
 * on every GPU, GI IDs (canonical and half-mirrored boards), the spec's
 * auto-placement vectors (§geometry-1.5, §geometry-1.6), engine exclusivity (+me) and
 * the Free column of -lgip.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* A state with one GPU of `key`, MIG enabled. */
static mig_state *one_gpu(const char *key, int mirrored)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	int act = -1;

	spec.model = mig_catalog_find(key);
	assert_non_null(spec.model);
	spec.mirrored = mirrored;
	assert_ok(mig_state_new(&st));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	return st;
}

/* Expected result of one automatic creation: GI id @ start:size, or -1 = refused. */
typedef struct step {
	unsigned profile;
	int gi, start, size;
} step;

static void run_vector(const char *key, int mirrored, const step *steps, size_t n)
{
	mig_state *st = one_gpu(key, mirrored);

	for (size_t i = 0; i < n; i++) {
		unsigned gi = 999;
		int rc = mig_create_gi(&gi, st, 0, steps[i].profile, NULL);

		if (steps[i].gi < 0) {
			assert_int_equal(rc, MIG_ERROR_INSUFFICIENT_RESOURCES);
			continue;
		}
		if (rc != MIG_SUCCESS || gi != (unsigned)steps[i].gi)
			print_error("%s step %zu (profile %u): rc %d gi %u, expected GI %d (%s)\n",
				    key, i, steps[i].profile, rc, gi, steps[i].gi, mig_errmsg());
		assert_int_equal(rc, MIG_SUCCESS);
		assert_int_equal(gi, steps[i].gi);
		{
			mig_gi_info info;

			assert_ok(mig_gi_get(&info, st, 0, gi));
			assert_int_equal(info.placement.start, steps[i].start);
			assert_int_equal(info.placement.size, steps[i].size);
		}
	}
	mig_state_free(st);
}

/* §geometry-1.6 table: A100-40GB vectors from the MIG user guide. */
static void test_a100_auto_9_9(void **s)
{
	const step v[] = {{9, 2, 4, 4}, {9, 1, 0, 4}};
	(void)s;
	run_vector("A100-SXM4-40GB", 0, v, 2);
}

static void test_a100_auto_9_19_14_19(void **s)
{
	const step v[] = {{9, 2, 4, 4}, {19, 7, 0, 1}, {14, 4, 2, 2}, {19, 8, 1, 1}};
	(void)s;
	run_vector("A100-SXM4-40GB", 0, v, 4);
}

static void test_a100_auto_14_then_five_1g(void **s)
{
	const step v[] = {{14, 5, 4, 2},  {19, 13, 6, 1}, {19, 7, 0, 1},
			  {19, 8, 1, 1},  {19, 9, 2, 1},  {19, 10, 3, 1}};
	(void)s;
	run_vector("A100-SXM4-40GB", 0, v, 6);
}

static void test_a100_auto_19_19_14_9_fails(void **s)
{
	const step v[] = {{19, 13, 6, 1}, {19, 11, 4, 1}, {14, 3, 0, 2}, {9, -1, 0, 0}};
	(void)s;
	run_vector("A100-SXM4-40GB", 0, v, 4);
}

/* §geometry-1.6: A100-PCIE-40GB on a mirrored board (driver 510.47 notes). */
static void test_a100_pcie_mirrored_vector(void **s)
{
	const step v[] = {{9, 1, 4, 4}, {19, 11, 0, 1}, {14, 6, 2, 2}, {19, 12, 1, 1}};
	(void)s;
	run_vector("A100-PCIE-40GB", 1, v, 4);
}

/* §geometry-1.6: A30 `14`,`14`,`5`. */
static void test_a30_auto(void **s)
{
	const step v[] = {{14, 3, 0, 1}, {14, 4, 1, 1}, {5, 2, 2, 2}};
	(void)s;
	run_vector("A30-24GB", 0, v, 3);
}

/* §geometry-1.6 / §geometry-2.14: RTX PRO 6000, four 1g, and 2g,1g,1g on the 12-unit axis. */
static void test_rtx_auto(void **s)
{
	const step four[] = {{14, 3, 0, 3}, {14, 4, 3, 3}, {14, 5, 6, 3}, {14, 6, 9, 3}};
	const step mix[] = {{5, 1, 0, 6}, {14, 5, 6, 3}, {14, 6, 9, 3}};
	(void)s;
	run_vector("RTX-PRO-6000", 0, four, 4);
	run_vector("RTX-PRO-6000", 0, mix, 3);
}

/* §geometry-2.5: H100 PCIe 570.169 on a mirrored board, seven 1g. */
static void test_h100_pcie_mirrored_seven_1g(void **s)
{
	const step v[] = {{19, 9, 6, 1},  {19, 7, 4, 1},  {19, 8, 5, 1}, {19, 11, 0, 1},
			  {19, 12, 1, 1}, {19, 13, 2, 1}, {19, 14, 3, 1}, {19, -1, 0, 0}};
	(void)s;
	run_vector("H100-PCIE-80GB", 1, v, 8);
}

/* §geometry-1.6: Hopper 1g double-memory (ID 15): GI 5, 3, 4 observed, then 6. */
static void test_hopper_id15_order(void **s)
{
	const step gh[] = {{15, 5, 4, 2}, {15, 3, 0, 2}, {15, 4, 2, 2}, {15, 6, 6, 2},
			   {15, -1, 0, 0}};
	const step h100[] = {{15, 5, 4, 2}};
	(void)s;
	run_vector("GH200-96GB", 0, gh, 5);
	run_vector("H100-SXM5-80GB", 0, h100, 1);
}

/* Canonical swizzId of a placement, computed independently of the library. */
static unsigned expected_gi(unsigned slots, unsigned units, unsigned start, unsigned size,
			    int mirrored)
{
	unsigned per = units / slots, s = size / per, slot = start / per;

	if (mirrored && s < slots)
		slot ^= slots / 2;
	return slots / s - 1 + slot / s;
}

/*
 * Every start on every GPU and profile: legal ones create a GI whose ID names
 * the tree node; illegal ones are INVALID_ARGUMENT and change nothing.
 */
static void test_every_placement_every_gpu(void **s)
{
	(void)s;
	for (size_t m = 0; m < mig_catalog_count(); m++) {
		const mig_model *model = mig_catalog_model(m);
		unsigned units = mig_model_placement_units(model);
		unsigned slots = units == 12 ? 4 : units;
		const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
		size_t n = 0;

		if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, model, NULL) != MIG_SUCCESS)
			n = 0;

		assert_true(n > 0 && n <= 32);
		for (int mirrored = 0; mirrored <= 1; mirrored++) {
			for (size_t i = 0; i < n; i++) {
				mig_gi_profile_info pi;

				mig_gi_profile_get(list[i], &pi);
				for (unsigned start = 0; start < units; start++) {
					mig_state *st = one_gpu(mig_model_key(model), mirrored);
					mig_placement at = {start, pi.placement_size};
					mig_gpu_info gpu;
					unsigned gi = 999;
					int legal = (pi.placements >> start) & 1;
					int rc = mig_create_gi(&gi, st, 0, pi.id, &at);

					if (legal) {
						assert_int_equal(rc, MIG_SUCCESS);
						assert_int_equal(gi, expected_gi(slots, units, start,
										 pi.placement_size,
										 mirrored));
					} else {
						assert_int_equal(rc, MIG_ERROR_INVALID_ARGUMENT);
						assert_ok(mig_gpu_get(&gpu, st, 0));
						assert_int_equal(gpu.gi_count, 0);
					}
					/* A wrong size is never legal. */
					at.size = pi.placement_size + 1;
					assert_int_equal(mig_create_gi(&gi, st, 0, pi.id, &at),
							 MIG_ERROR_INVALID_ARGUMENT);
					mig_state_free(st);
				}
			}
		}
	}
}

static void test_possible_placements_static(void **s)
{
	mig_state *st = one_gpu("H100-SXM5-80GB", 0);
	mig_placement pl[16];
	size_t n = 0;
	unsigned gi;

	(void)s;
	assert_ok(mig_gi_possible_placements(pl, 16, &n, st, 0, 15));
	assert_int_equal(n, 4);
	assert_int_equal(pl[0].start, 0);
	assert_int_equal(pl[1].start, 2);
	assert_int_equal(pl[2].start, 4);
	assert_int_equal(pl[3].start, 6);
	assert_int_equal(pl[3].size, 2);
	/* §geometry-1.5: -lgipp is static, whatever is occupied. */
	assert_ok(mig_create_gi(&gi, st, 0, 0, NULL));
	assert_ok(mig_gi_possible_placements(pl, 16, &n, st, 0, 15));
	assert_int_equal(n, 4);
	/* Count query, and a buffer too small. */
	assert_ok(mig_gi_possible_placements(NULL, 0, &n, st, 0, 19));
	assert_int_equal(n, 7);
	assert_int_equal(mig_gi_possible_placements(pl, 3, &n, st, 0, 19),
			 MIG_ERROR_INSUFFICIENT_SIZE);
	assert_int_equal(n, 7);
	mig_state_free(st);
}

static void test_overlap_and_mixes(void **s)
{
	mig_state *st = one_gpu("A100-SXM4-40GB", 0);
	mig_placement at;
	unsigned gi;

	(void)s;
	at = (mig_placement){4, 4};
	assert_ok(mig_create_gi(&gi, st, 0, 9, &at));
	assert_int_equal(gi, 2);
	at = (mig_placement){4, 2};
	assert_int_equal(mig_create_gi(&gi, st, 0, 14, &at), MIG_ERROR_INSUFFICIENT_RESOURCES);
	/* 2g cannot sit at 6 (slots 6-7 hold one GPC): not a legal placement. */
	at = (mig_placement){6, 2};
	assert_int_equal(mig_create_gi(&gi, st, 0, 14, &at), MIG_ERROR_INVALID_ARGUMENT);
	/* 3g cannot start at 2: a 4-slice node is half-aligned (§geometry-3). */
	at = (mig_placement){2, 4};
	assert_int_equal(mig_create_gi(&gi, st, 0, 9, &at), MIG_ERROR_INVALID_ARGUMENT);
	/* 4g.20gb + 3g.20gb: lower 4g, upper 3g (legal from R510). */
	at = (mig_placement){0, 4};
	assert_ok(mig_create_gi(&gi, st, 0, 5, &at));
	assert_int_equal(gi, 1);
	assert_int_equal(mig_create_gi(&gi, st, 0, 19, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	mig_state_free(st);
}

/* §geometry-1.5: GI IDs seen on mirrored boards. */
static void test_mirrored_ids(void **s)
{
	struct {
		const char *key;
		unsigned profile, start, size, gi;
	} v[] = {
		/* A100-PCIE-40GB, driver 510.47 */
		{"A100-PCIE-40GB", 9, 4, 4, 1},
		{"A100-PCIE-40GB", 19, 0, 1, 11},
		{"A100-PCIE-40GB", 14, 2, 2, 6},
		{"A100-PCIE-40GB", 19, 1, 1, 12},
		/* H100, NVIDIA/DCGM issue #138, GPU 1 */
		{"H100-SXM5-80GB", 9, 4, 4, 1},
		{"H100-SXM5-80GB", 14, 0, 2, 5},
		{"H100-SXM5-80GB", 19, 2, 1, 13},
		{"H100-SXM5-80GB", 19, 3, 1, 14},
		/* A100-SXM4-40GB, driver 580.126.09 (ssup2 blog -lgi) */
		{"A100-SXM4-40GB", 5, 0, 4, 2},
		{"A100-SXM4-40GB", 14, 4, 2, 3},
		{"A100-SXM4-40GB", 19, 6, 1, 9},
	};
	mig_state *st = NULL;

	(void)s;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		mig_placement at = {v[i].start, v[i].size};
		unsigned gi;

		if (i == 0 || strcmp(v[i].key, v[i - 1].key)) {
			mig_state_free(st);
			st = one_gpu(v[i].key, 1);
		}
		assert_ok(mig_create_gi(&gi, st, 0, v[i].profile, &at));
		assert_int_equal(gi, v[i].gi);
	}
	mig_state_free(st);
}

static unsigned remaining(mig_state *st, unsigned profile)
{
	unsigned n = 999;

	assert_ok(mig_gi_remaining(&n, st, 0, profile));
	return n;
}

/* §geometry-1.5 Free/Total; §smi-3.3: H200 580.173.02 capture. */
static void test_free_counts(void **s)
{
	const unsigned ids[] = {19, 20, 15, 14, 9, 5, 0};
	const unsigned empty[] = {7, 1, 4, 3, 2, 1, 1};
	const unsigned h200[] = {5, 1, 2, 2, 1, 1, 0};
	mig_state *st = one_gpu("H100-SXM5-80GB", 0);
	mig_placement at;
	unsigned gi;

	(void)s;
	for (int i = 0; i < 7; i++)
		assert_int_equal(remaining(st, ids[i]), empty[i]);
	mig_state_free(st);

	/* The capture's Free column fits a 1g at slot 4 and a 1g.35gb at 6:2. */
	st = one_gpu("H200-SXM-141GB", 0);
	at = (mig_placement){4, 1};
	assert_ok(mig_create_gi(&gi, st, 0, 19, &at));
	at = (mig_placement){6, 2};
	assert_ok(mig_create_gi(&gi, st, 0, 15, &at));
	for (int i = 0; i < 7; i++)
		assert_int_equal(remaining(st, ids[i]), h200[i]);
	mig_state_free(st);

	/* H100 NVL with two 3g: every row reads 0 (§geometry-1.5). */
	st = one_gpu("H100-NVL-94GB", 0);
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	for (int i = 0; i < 7; i++)
		assert_int_equal(remaining(st, ids[i]), 0);
	mig_state_free(st);
}

/* One OFA per GPU: one +me instance at a time (§geometry-3, §geometry-1.5). */
static void test_me_exclusive(void **s)
{
	mig_state *st = one_gpu("H100-SXM5-80GB", 0);
	unsigned gi, me;

	(void)s;
	assert_ok(mig_create_gi(&me, st, 0, 20, NULL));
	assert_int_equal(remaining(st, 20), 0);
	assert_int_equal(remaining(st, 19), 6);
	assert_int_equal(mig_create_gi(&gi, st, 0, 20, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	/* GH200 transcript: -cgi 20,20,20 ends in Insufficient Resources. */
	assert_ok(mig_create_gi(&gi, st, 0, 19, NULL));
	assert_ok(mig_destroy_gi(st, 0, me));
	assert_int_equal(remaining(st, 20), 1);
	mig_state_free(st);
}

/* RTX PRO 6000: +me.all takes every media engine; only -me fits beside it. */
static void test_rtx_me_all(void **s)
{
	mig_state *st = one_gpu("RTX-PRO-6000", 0);
	unsigned gi;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 65, NULL));
	assert_int_equal(mig_create_gi(&gi, st, 0, 14, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	assert_int_equal(mig_create_gi(&gi, st, 0, 21, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	assert_int_equal(remaining(st, 14), 0);
	assert_int_equal(remaining(st, 67), 3);
	assert_ok(mig_create_gi(&gi, st, 0, 67, NULL));
	mig_state_free(st);
}

static void test_max_instances(void **s)
{
	mig_state *st = one_gpu("A100-SXM4-40GB", 0);
	unsigned gi;

	(void)s;
	for (int i = 0; i < 7; i++)
		assert_ok(mig_create_gi(&gi, st, 0, 19, NULL));
	assert_int_equal(mig_create_gi(&gi, st, 0, 19, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	assert_int_equal(remaining(st, 19), 0);
	/* The message says why. */
	assert_non_null(strstr(mig_errmsg(), "1g.5gb"));
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a100_auto_9_9),
		cmocka_unit_test(test_a100_auto_9_19_14_19),
		cmocka_unit_test(test_a100_auto_14_then_five_1g),
		cmocka_unit_test(test_a100_auto_19_19_14_9_fails),
		cmocka_unit_test(test_a100_pcie_mirrored_vector),
		cmocka_unit_test(test_a30_auto),
		cmocka_unit_test(test_rtx_auto),
		cmocka_unit_test(test_h100_pcie_mirrored_seven_1g),
		cmocka_unit_test(test_hopper_id15_order),
		cmocka_unit_test(test_every_placement_every_gpu),
		cmocka_unit_test(test_possible_placements_static),
		cmocka_unit_test(test_overlap_and_mixes),
		cmocka_unit_test(test_mirrored_ids),
		cmocka_unit_test(test_free_counts),
		cmocka_unit_test(test_me_exclusive),
		cmocka_unit_test(test_rtx_me_all),
		cmocka_unit_test(test_max_instances),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
