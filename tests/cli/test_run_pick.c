/*
 * test_run_pick.c - which device `migctl run` chooses (run_pick.c): the
 * profile rule, the order, busy devices, --create and --rm.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "testutil.h"

static const unsigned gpu0[] = {0}, gpu01[] = {0, 1};

/* count GPUs of `model`, MIG on; on GPU 0: GIs of `profile` at `start`, default CI each. */
static mig_state *node(const char *model, unsigned count, const unsigned *profile,
		       const unsigned *start, size_t n)
{
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	int act;

	spec.model = mig_catalog_find(model);
	assert_ok(mig_state_new(&st));
	for (unsigned g = 0; g < count; g++) {
		assert_ok(mig_state_add_gpu(st, &spec));
		assert_ok(mig_set_mig_mode(st, g, 1, &act));
	}
	for (size_t i = 0; i < n; i++) {
		const mig_gi_profile *p;
		mig_gi_profile_info info;
		mig_placement at;
		unsigned gi, ci;

		assert_ok(mig_gpu_gi_profile_by_id(&p, st, 0, profile[i]));
		mig_gi_profile_get(p, &info);
		at.start = start[i];
		at.size = info.placement_size;
		assert_ok(mig_create_gi(&gi, st, 0, profile[i], &at));
		assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	}
	return st;
}

static void busy(mig_state *st, unsigned gi, unsigned ci, unsigned pid)
{
	mig_process p = {0};

	p.pid = pid;
	p.gpu = 0;
	p.gi = gi;
	p.ci = ci;
	snprintf(p.name, sizeof(p.name), "job");
	assert_ok(mig_process_attach(st, &p));
}

static void test_check(void **state)
{
	static const unsigned prof[] = {19}, start[] = {3};
	mig_state *st = node("H100-SXM5-80GB", 1, prof, start, 1);
	run_request rq = {gpu0, 1};
	char why[2048];

	(void)state;
	rq.profile = "1g.10gb";
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), 0);
	rq.profile = "MIG 1c.7g.80gb";
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), 0);
	rq.profile = "1g.5gb";
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), RUN_BAD_REQUEST);
	assert_string_equal(why, "unknown profile '1g.5gb' for GPU 0 (allowed: 1g.10gb, 2g.20gb, "
				 "3g.40gb, 4g.40gb, 7g.80gb, 1g.10gb+me, 1g.20gb, 1c.2g.20gb, "
				 "1c.3g.40gb, 2c.3g.40gb, 1c.4g.40gb, 2c.4g.40gb, 1c.7g.80gb, "
				 "2c.7g.80gb, 3c.7g.80gb, 4c.7g.80gb)");
	rq.profile = NULL;
	rq.device = "MIG-00000000-0000-5000-8000-000000000000";
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), RUN_BAD_REQUEST);
	assert_string_equal(why, "no MIG device 'MIG-00000000-0000-5000-8000-000000000000' on GPU 0 "
				 "('migctl -L' lists them)");
	rq.device = NULL;
	rq.by_id = 1;
	rq.gi = 10;
	rq.ci = 0;
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), 0);
	rq.ci = 1;
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), RUN_BAD_REQUEST);
	assert_string_equal(why, "GPU 0 has no compute instance 1 in GPU instance 10");
	mig_state_free(st);
}

/* The first free device in (GPU, GI ID, CI ID) order; busy ones skipped. */
static void test_order_and_busy(void **state)
{
	static const unsigned prof[] = {19, 19, 19}, start[] = {2, 0, 1};
	mig_state *st = node("H100-SXM5-80GB", 1, prof, start, 3);
	run_request rq = {gpu0, 1};
	run_choice c;
	char why[512];

	(void)state;
	rq.profile = "1g.10gb";
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), 0);
	assert_int_equal(c.gi, 7);
	assert_int_equal(c.ci, 0);
	assert_int_equal(c.created_gi + c.created_ci, 0);
	assert_string_equal(c.gi_name, "1g.10gb");
	assert_int_equal(strncmp(c.uuid, "MIG-", 4), 0);
	busy(st, 7, 0, (unsigned)getpid());
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), 0);
	assert_int_equal(c.gi, 8);
	busy(st, 8, 0, (unsigned)getppid());
	busy(st, 9, 0, 1);
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), RUN_BUSY);
	assert_string_equal(why, "no free MIG device with profile 1g.10gb on GPU 0 (3 in use; "
				 "--create makes one)");
	/* A device by UUID, busy. */
	rq.profile = NULL;
	rq.device = "MIG-99cf5636-ca83-5133-b03c-7a05d2b1b833"; /* GPU 0 GI 7 CI 0 */
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), RUN_BUSY);
	assert_string_equal(why, "MIG device MIG-99cf5636-ca83-5133-b03c-7a05d2b1b833 is in use "
				 "(1 process)");
	mig_state_free(st);
}

/* A 1c CI never passes for its GI's profile, and the other way round. */
static void test_profile_rule(void **state)
{
	mig_state *st = node("H100-SXM5-80GB", 1, NULL, NULL, 0);
	run_request rq = {gpu0, 1};
	run_choice c;
	unsigned gi, ci;
	char why[512];

	(void)state;
	assert_ok(mig_create_gi(&gi, st, 0, 9, &(mig_placement){0, 4}));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL)); /* 1c.3g.40gb */
	rq.profile = "3g.40gb";
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), RUN_BUSY);
	rq.profile = "1c.3g.40gb";
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), 0);
	assert_int_equal(c.gi, gi);
	assert_string_equal(c.ci_profile.name, "1c.3g.40gb");
	assert_string_equal(c.gi_name, "3g.40gb");
	mig_state_free(st);
}

/* --create: a CI in a GI with room first, then a new GI; --rm undoes it. */
static void test_create(void **state)
{
	mig_state *st = node("H100-SXM5-80GB", 2, NULL, NULL, 0);
	run_request rq = {gpu01, 2};
	run_choice c, c2;
	mig_gi_info gis[8];
	size_t n;
	unsigned gi, ci;
	char why[512];

	(void)state;
	rq.profile = "1c.3g.40gb";
	rq.create = 1;
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), 0);
	assert_true(c.created_gi && c.created_ci);
	assert_int_equal(c.gpu, 0);
	assert_string_equal(c.gi_name, "3g.40gb");
	/* The new CI is free again (no process): it is simply chosen. */
	assert_int_equal(run_pick(&c2, st, &rq, why, sizeof(why)), 0);
	assert_false(c2.created_ci);
	busy(st, c.gi, c.ci, (unsigned)getpid());
	/* Busy: another 1c in the same GI, no new GI. */
	assert_int_equal(run_pick(&c2, st, &rq, why, sizeof(why)), 0);
	assert_true(c2.created_ci);
	assert_false(c2.created_gi);
	assert_int_equal(c2.gi, c.gi);
	assert_ok(run_unpick(st, &c2));
	assert_ok(mig_gi_list(gis, 8, &n, st, 0));
	assert_int_equal(n, 1);
	assert_int_equal(gis[0].ci_count, 1);
	/* A whole-GI profile on a full GPU 0 goes to GPU 1. */
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	busy(st, gi, ci, (unsigned)getppid());
	rq.profile = "3g.40gb";
	assert_int_equal(run_pick(&c2, st, &rq, why, sizeof(why)), 0);
	assert_int_equal(c2.gpu, 0 + 1);
	assert_true(c2.created_gi);
	assert_ok(run_unpick(st, &c2));
	assert_int_equal(mig_gi_list(gis, 8, &n, st, 1), MIG_SUCCESS);
	assert_int_equal(n, 0);
	mig_state_free(st);
}

static void test_mig_off(void **state)
{
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	run_request rq = {gpu0, 1};
	run_choice c;
	char why[512];

	(void)state;
	spec.model = mig_catalog_find("A30-24GB");
	assert_ok(mig_state_new(&st));
	assert_ok(mig_state_add_gpu(st, &spec));
	rq.profile = "1g.6gb";
	rq.create = 1;
	assert_int_equal(run_check(&rq, st, why, sizeof(why)), 0);
	assert_int_equal(run_pick(&c, st, &rq, why, sizeof(why)), RUN_BUSY);
	assert_string_equal(why, "MIG mode is disabled on GPU 0 ('migctl -i 0 -mig 1' enables it)");
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),  cmocka_unit_test(test_order_and_busy),
		cmocka_unit_test(test_profile_rule), cmocka_unit_test(test_create),
		cmocka_unit_test(test_mig_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
