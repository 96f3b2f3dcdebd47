/*
 * test_state.c - the device state machine: MIG mode current/pending,
 * compute instances, IN_USE refusals, MIG device order and UUIDs.
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static mig_state *gpus(const char *key, int n, mig_reset_policy reset, int enable)
{
	mig_gpu_spec spec = {0};
	mig_state *st;

	spec.model = mig_catalog_find(key);
	assert_non_null(spec.model);
	spec.reset = reset;
	assert_ok(mig_state_new(&st));
	for (int i = 0; i < n; i++) {
		int act;

		assert_ok(mig_state_add_gpu(st, &spec));
		if (enable) {
			assert_ok(mig_set_mig_mode(st, (unsigned)i, 1, &act));
			assert_int_equal(act, MIG_SUCCESS);
		}
	}
	return st;
}

static void modes(const mig_state *st, unsigned gpu, int cur, int pend)
{
	mig_gpu_info info;

	assert_ok(mig_gpu_get(&info, st, gpu));
	assert_int_equal(info.mig_current, cur);
	assert_int_equal(info.mig_pending, pend);
}

static mig_process self_on(unsigned gpu, unsigned gi, unsigned ci)
{
	mig_process p;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "test_state");
	p.used_mib = 512;
	p.gpu = gpu;
	p.gi = gi;
	p.ci = ci;
	return p;
}

/* §nvml-A.7 "MIG mode current vs pending"; §smi-9. */
static void test_mode_immediate(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 0);
	unsigned gi;
	int act = -1;

	(void)s;
	modes(st, 0, 0, 0);
	assert_int_equal(mig_create_gi(&gi, st, 0, 19, NULL), MIG_ERROR_NOT_SUPPORTED);
	{
		mig_gi_info list[8];
		size_t n;
		assert_int_equal(mig_gi_list(list, 8, &n, st, 0), MIG_ERROR_NOT_SUPPORTED);
	}
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	modes(st, 0, 1, 1);
	/* Enabling again is a no-op success. */
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	assert_ok(mig_set_mig_mode(st, 0, 0, &act));
	modes(st, 0, 0, 0);
	assert_int_equal(mig_set_mig_mode(st, 0, 2, &act), MIG_ERROR_INVALID_ARGUMENT);
	modes(st, 0, 0, 0);
	mig_state_free(st);
}

static void test_mode_pending_while_held(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 1, MIG_RESET_AUTO, 0);
	mig_process p = self_on(0, MIG_NONE, MIG_NONE);
	unsigned gi;
	int act = -1;

	(void)s;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_ERROR_IN_USE);
	modes(st, 0, 0, 1);
	/* Pending enable: instance calls answer NOT_SUPPORTED. */
	assert_int_equal(mig_create_gi(&gi, st, 0, 19, NULL), MIG_ERROR_NOT_SUPPORTED);
	assert_int_equal(mig_reset_gpu(st, 0), MIG_ERROR_IN_USE);
	modes(st, 0, 0, 1);
	assert_ok(mig_process_detach(st, p.pid));
	/* Holders gone: the change waits for the reset. */
	modes(st, 0, 0, 1);
	assert_ok(mig_reset_gpu(st, 0));
	modes(st, 0, 1, 1);
	assert_ok(mig_create_gi(&gi, st, 0, 19, NULL));
	mig_state_free(st);
}

static void test_mode_cancel_pending(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 1, MIG_RESET_AUTO, 0);
	mig_process p = self_on(0, MIG_NONE, MIG_NONE);
	int act;

	(void)s;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	modes(st, 0, 0, 1);
	assert_ok(mig_set_mig_mode(st, 0, 0, &act));
	assert_int_equal(act, MIG_SUCCESS);
	modes(st, 0, 0, 0);
	mig_state_free(st);
}

static void test_mode_vm(void **s)
{
	mig_state *st = gpus("A100-PCIE-40GB", 1, MIG_RESET_REQUIRED_VM, 0);
	int act = -1;

	(void)s;
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_ERROR_RESET_REQUIRED);
	modes(st, 0, 0, 1);
	assert_int_equal(mig_reset_gpu(st, 0), MIG_ERROR_NOT_SUPPORTED);
	modes(st, 0, 0, 1);
	mig_state_free(st);

	/* The user guide's A100 passthrough sample: "...pending enable state ...:Not Supported". */
	st = gpus("A100-PCIE-40GB", 1, MIG_RESET_UNSUPPORTED_VM, 0);
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_ERROR_NOT_SUPPORTED);
	modes(st, 0, 0, 1);
	mig_state_free(st);
}

/* A passthrough VM leaves a pending mode for the next reboot; instances do not survive it. */
static void test_reboot(void **s)
{
	mig_state *st = gpus("A100-PCIE-40GB", 2, MIG_RESET_REQUIRED_VM, 0);
	mig_process p = self_on(1, MIG_NONE, MIG_NONE);
	mig_gpu_info info;
	unsigned gi;
	int act;

	(void)s;
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	modes(st, 0, 0, 1);
	assert_ok(mig_process_attach(st, &p));
	assert_int_equal(mig_state_reboot(st), MIG_ERROR_IN_USE);
	modes(st, 0, 0, 1);
	assert_ok(mig_process_detach(st, p.pid));
	assert_ok(mig_state_reboot(st));
	modes(st, 0, 1, 1);
	modes(st, 1, 0, 0);
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_state_reboot(st));
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_int_equal(info.gi_count, 0);
	modes(st, 0, 1, 1);
	mig_state_free(st);
}

/* Names are stored as valid UTF-8, cut only between characters. */
static void test_process_names_utf8(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 0), *back;
	mig_process p = self_on(0, MIG_NONE, MIG_NONE), got;
	char *json;
	size_t n;

	(void)s;
	memset(p.name, 0, sizeof(p.name));
	for (int i = 0; i < 31; i++)
		memcpy(p.name + 2 * i, "\xc3\xa9", 2); /* 62 bytes of "é" */
	p.name[62] = '\xc3'; /* a lone lead byte: not UTF-8, becomes '?' */
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_process_list(&got, 1, &n, st, 0));
	assert_int_equal(strlen(got.name), 63);
	assert_int_equal(got.name[62], '?');
	assert_ok(mig_state_to_json(&json, st));
	assert_ok(mig_state_from_json(&back, json, strlen(json)));
	free(json);
	mig_state_free(back);
	assert_ok(mig_process_detach(st, p.pid));
	snprintf(p.name, sizeof(p.name), "bad\xff\xfe-name");
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_process_list(&got, 1, &n, st, 0));
	assert_string_equal(got.name, "bad?" "?-name");
	mig_state_free(st);
}

static void test_disable_with_instances_refused(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	unsigned gi;
	int act = -1;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_int_equal(mig_set_mig_mode(st, 0, 0, &act), MIG_ERROR_IN_USE);
	assert_non_null(strstr(mig_errmsg(), "GPU instance"));
	modes(st, 0, 1, 1);
	assert_ok(mig_destroy_gi(st, 0, gi));
	assert_ok(mig_set_mig_mode(st, 0, 0, &act));
	modes(st, 0, 0, 0);
	mig_state_free(st);
}

static void ci_profile_ids(mig_state *st, unsigned gi, const unsigned *ids, const unsigned *counts,
			   size_t n, unsigned def)
{
	mig_ci_profile_info cps[8];
	size_t got;

	assert_ok(mig_ci_profiles(cps, 8, &got, st, 0, gi));
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(cps[i].id, ids[i]);
		assert_int_equal(cps[i].instance_count, counts[i]);
		assert_int_equal(cps[i].is_default, ids[i] == def);
	}
}

/* §geometry-1.7 and §geometry-2.2's lcip table (A100). */
static void test_ci_profiles_a100(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 1, MIG_RESET_AUTO, 1);
	const unsigned id7[] = {0, 1, 2, 3, 4}, n7[] = {7, 3, 2, 1, 1};
	const unsigned id4[] = {0, 1, 3}, n4[] = {4, 2, 1};
	const unsigned id3[] = {0, 1, 2}, n3[] = {3, 1, 1};
	const unsigned id2[] = {0, 1}, n2[] = {2, 1};
	mig_placement at;
	unsigned gi, ci;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 0, NULL));
	ci_profile_ids(st, gi, id7, n7, 5, 4);
	assert_ok(mig_destroy_gi(st, 0, gi));
	at = (mig_placement){0, 4};
	assert_ok(mig_create_gi(&gi, st, 0, 5, &at));
	ci_profile_ids(st, gi, id4, n4, 3, 3);
	/* No 3c in a 4g GI. */
	assert_int_equal(mig_create_ci(&ci, st, 0, gi, 2, NULL), MIG_ERROR_NOT_SUPPORTED);
	assert_ok(mig_destroy_gi(st, 0, gi));
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	ci_profile_ids(st, gi, id3, n3, 3, 2);
	assert_ok(mig_create_gi(&gi, st, 0, 14, NULL));
	ci_profile_ids(st, gi, id2, n2, 2, 1);
	mig_state_free(st);
}

/*
 * Automatic CI placement, against two 580-series captures
 * (§smi-7): an A100 2g GI split into two 1c CIs at 0:1 and 1:1, and an H100 3g GI
 * whose single 1c CI sits at 2:1 (it leaves room for a 2c at 0).
 */
static void test_ci_auto_placement(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 1, MIG_RESET_AUTO, 1);
	mig_ci_info cis[8];
	mig_placement at = {4, 2};
	unsigned gi, ci;
	size_t n;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 14, &at));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(n, 2);
	assert_int_equal(cis[0].placement.start, 0);
	assert_int_equal(cis[1].placement.start, 1);
	assert_string_equal(cis[1].profile.name, "1c.2g.10gb");
	mig_state_free(st);

	st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	at = (mig_placement){0, 4};
	assert_ok(mig_create_gi(&gi, st, 0, 9, &at));
	assert_int_equal(gi, 1);
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_int_equal(ci, 0);
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(cis[0].placement.start, 2);
	assert_int_equal(cis[0].placement.size, 1);
	assert_string_equal(cis[0].profile.name, "1c.3g.40gb");
	/* The same capture: 1c.3g.40gb has 16 SMs (the 1g's), not 60/3. */
	assert_int_equal(cis[0].profile.sm, 16);
	/* ...and the CI of a 1g.10gb+me GI is named without "+me". */
	at = (mig_placement){4, 1};
	assert_ok(mig_create_gi(&gi, st, 0, 20, &at));
	assert_int_equal(gi, 11);
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_string_equal(cis[0].profile.name, "1g.10gb");
	mig_state_free(st);
}

static void test_ci_create_destroy(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 1, MIG_RESET_AUTO, 1);
	mig_ci_info cis[8];
	mig_placement at;
	unsigned gi, ci;
	size_t n;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 0, NULL));
	/*
	 * Two 3c CIs sit at 0:3 and 4:3 ({0,4}:3, §nvml-A.7); the first
	 * goes to 4, which leaves a 2c more creatable than 0 would.
	 */
	assert_ok(mig_create_ci(&ci, st, 0, gi, 2, NULL));
	assert_int_equal(ci, 0);
	assert_ok(mig_create_ci(&ci, st, 0, gi, 2, NULL));
	assert_int_equal(ci, 1);
	assert_int_equal(mig_create_ci(&ci, st, 0, gi, 2, NULL), MIG_ERROR_INSUFFICIENT_RESOURCES);
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(n, 2);
	assert_int_equal(cis[0].placement.start, 4);
	assert_int_equal(cis[1].placement.start, 0);
	assert_int_equal(cis[1].placement.size, 3);
	/* The slice left between them takes a 1c. */
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_int_equal(ci, 2);
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(cis[2].placement.start, 3);
	/* Full GPU of compute: nothing else fits. */
	{
		unsigned left = 9;
		assert_ok(mig_ci_remaining(&left, st, 0, gi, 0));
		assert_int_equal(left, 0);
	}
	/* CI IDs: lowest free. */
	assert_ok(mig_destroy_ci(st, 0, gi, 1));
	at = (mig_placement){0, 1};
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, &at));
	assert_int_equal(ci, 1);
	assert_int_equal(mig_create_ci(&ci, st, 0, gi, 0, &at), MIG_ERROR_INSUFFICIENT_RESOURCES);
	at = (mig_placement){1, 2};
	assert_int_equal(mig_create_ci(&ci, st, 0, gi, 1, &at), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_destroy_ci(st, 0, gi, 7), MIG_ERROR_NOT_FOUND);
	/* An unsigned ID that reads as -1 is no profile, not the default one. */
	{
		unsigned left;
		size_t cnt;

		assert_int_equal(mig_ci_remaining(&left, st, 0, gi, 0xFFFFFFFFu), MIG_ERROR_NOT_SUPPORTED);
		assert_int_equal(mig_ci_possible_placements(NULL, 0, &cnt, st, 0, gi, 0xFFFFFFFFu),
				 MIG_ERROR_NOT_SUPPORTED);
	}
	/* GI with CIs left: IN_USE. */
	assert_int_equal(mig_destroy_gi(st, 0, gi), MIG_ERROR_IN_USE);
	assert_non_null(strstr(mig_errmsg(), "compute instance"));
	mig_state_free(st);
}

/* Default CI: the full-GI CI; Hopper's 1g.20gb uses CI profile 7 (§geometry-1.7). */
static void test_default_ci(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	mig_ci_info cis[8];
	unsigned gi, ci;
	size_t n;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 15, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(n, 1);
	assert_int_equal(cis[0].profile.id, 7);
	assert_string_equal(cis[0].profile.name, "1g.20gb");
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(cis[0].profile.id, 2);
	assert_string_equal(cis[0].profile.name, "3g.40gb");
	assert_int_equal(cis[0].placement.start, 0);
	assert_int_equal(cis[0].placement.size, 3);
	mig_state_free(st);
}

static void test_in_use(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	mig_process p;
	unsigned gi, ci;
	size_t n;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 14, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	p = self_on(0, gi, ci);
	assert_ok(mig_process_attach(st, &p));
	assert_int_equal(mig_destroy_ci(st, 0, gi, ci), MIG_ERROR_IN_USE);
	assert_int_equal(mig_destroy_gi(st, 0, gi), MIG_ERROR_IN_USE);
	assert_non_null(strstr(mig_errmsg(), "process"));
	/* Attaching twice to the same GPU, or to a CI that does not exist, is refused. */
	assert_int_equal(mig_process_attach(st, &p), MIG_ERROR_INVALID_ARGUMENT);
	p.ci = 5;
	assert_int_equal(mig_process_attach(st, &p), MIG_ERROR_NOT_FOUND);
	assert_ok(mig_process_list(NULL, 0, &n, st, 0));
	assert_int_equal(n, 1);
	assert_ok(mig_process_detach(st, (unsigned)getpid()));
	assert_ok(mig_destroy_ci(st, 0, gi, ci));
	assert_ok(mig_destroy_gi(st, 0, gi));
	assert_int_equal(mig_destroy_gi(st, 0, gi), MIG_ERROR_NOT_FOUND);
	mig_state_free(st);
}

static void test_dead_process_pruned(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	mig_process p = self_on(0, MIG_NONE, MIG_NONE);
	pid_t child = fork();
	size_t n;

	(void)s;
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	p.pid = (unsigned)child;
	assert_ok(mig_process_attach(st, &p));
	assert_int_equal(mig_state_prune(st), 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_int_equal(mig_state_prune(st), 1);
	assert_ok(mig_process_list(NULL, 0, &n, st, (unsigned)-1));
	assert_int_equal(n, 0);
	/* A dead pid cannot be attached. */
	assert_int_equal(mig_process_attach(st, &p), MIG_ERROR_INVALID_ARGUMENT);
	mig_state_free(st);
}

static int uuid_ok(const char *u, const char *prefix, int v5)
{
	size_t pl = strlen(prefix);
	static const int groups[5] = {8, 4, 4, 4, 12};
	const char *p = u + pl;

	if (strncmp(u, prefix, pl))
		return 0;
	for (int g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, p++)
			if (!isxdigit((unsigned char)*p) || isupper((unsigned char)*p))
				return 0;
		if (g < 4 && *p++ != '-')
			return 0;
	}
	if (*p)
		return 0;
	if (v5 && (u[pl + 14] != '5' || !strchr("89ab", u[pl + 19])))
		return 0;
	return 1;
}

/* §geometry-1.8b: a re-created CI with the same GI/CI ids keeps its UUID. */
static void test_uuid_stability(void **s)
{
	mig_state *st = gpus("A30-24GB", 2, MIG_RESET_AUTO, 1);
	mig_ci_info cis[8];
	mig_gpu_info g0, g1;
	char first[48];
	unsigned gi, ci, gi2;
	size_t n;

	(void)s;
	assert_ok(mig_gpu_get(&g0, st, 0));
	assert_ok(mig_gpu_get(&g1, st, 1));
	assert_true(uuid_ok(g0.uuid, "GPU-", 0));
	assert_string_not_equal(g0.uuid, g1.uuid);
	assert_string_not_equal(g0.serial, g1.serial);
	assert_ok(mig_create_gi(&gi, st, 0, 5, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_true(uuid_ok(cis[0].uuid, "MIG-", 1));
	snprintf(first, sizeof(first), "%s", cis[0].uuid);
	/* The A30 transcript: 2g CI replaced by two 1c.2g CIs, CI 0 keeps its UUID. */
	assert_ok(mig_destroy_ci(st, 0, gi, ci));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_int_equal(n, 2);
	assert_string_equal(cis[0].uuid, first);
	assert_string_not_equal(cis[1].uuid, first);
	/* Same GI/CI ids on the other GPU: a different UUID. */
	assert_ok(mig_create_gi(&gi2, st, 1, 5, NULL));
	assert_int_equal(gi2, gi);
	assert_ok(mig_create_ci(&ci, st, 1, gi2, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 1, gi2));
	assert_string_not_equal(cis[0].uuid, first);
	mig_state_free(st);

	/* Deterministic: the same serial gives the same UUIDs in another state. */
	st = gpus("A30-24GB", 1, MIG_RESET_AUTO, 1);
	assert_ok(mig_gpu_get(&g1, st, 0));
	assert_string_equal(g1.uuid, g0.uuid);
	assert_ok(mig_create_gi(&gi, st, 0, 5, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_string_equal(cis[0].uuid, first);
	mig_state_free(st);
}

/* An explicit GPU UUID and pinned MIG UUIDs mirror a real node, and persist. */
static void test_uuid_pins(void **s)
{
	const char *gpu_uuid = "GPU-0d0831da-0c98-2717-6446-8acd91d39b65";
	const char *mig = "MIG-5ff0d535-9a82-5af6-80df-768b9d3ac092";
	mig_gpu_spec spec = {0};
	mig_state *st, *back;
	mig_ci_info cis[8];
	mig_gpu_info g;
	char *a, *b;
	unsigned gi, ci;
	size_t n;
	int act;

	(void)s;
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	spec.uuid = gpu_uuid;
	assert_ok(mig_state_new(&st));
	assert_ok(mig_state_add_gpu(st, &spec));
	/* The same UUID twice in a node, or a malformed one, is refused. */
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	spec.uuid = "GPU-0D0831DA-0c98-2717-6446-8acd91d39b65";
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	assert_ok(mig_gpu_get(&g, st, 0));
	assert_string_equal(g.uuid, gpu_uuid);
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_ok(mig_gpu_pin_mig_uuid(st, 0, 1, 0, mig));
	assert_int_equal(mig_gpu_pin_mig_uuid(st, 0, 2, 0, mig), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_gpu_pin_mig_uuid(st, 0, 2, 0, "MIG-xyz"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_gpu_pin_mig_uuid(st, 0, 15, 0, mig), MIG_ERROR_INVALID_ARGUMENT);
	{
		mig_placement at = {0, 4};
		assert_ok(mig_create_gi(&gi, st, 0, 9, &at));
	}
	assert_int_equal(gi, 1);
	assert_ok(mig_create_ci(&ci, st, 0, gi, 0, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_string_equal(cis[0].uuid, mig);
	/* The pin belongs to GI 1 / CI 0: it survives re-creation. */
	assert_ok(mig_destroy_ci(st, 0, gi, ci));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_string_equal(cis[0].uuid, mig);
	/* Through the state file and back, byte-identical. */
	assert_ok(mig_state_to_json(&a, st));
	assert_non_null(strstr(a, gpu_uuid));
	assert_non_null(strstr(a, "\"1/0\""));
	assert_ok(mig_state_from_json(&back, a, strlen(a)));
	assert_ok(mig_state_to_json(&b, back));
	assert_string_equal(a, b);
	free(a);
	free(b);
	mig_state_free(back);
	/* Unpinned: derived again. */
	assert_ok(mig_gpu_pin_mig_uuid(st, 0, 1, 0, NULL));
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, gi));
	assert_string_not_equal(cis[0].uuid, mig);
	mig_state_free(st);
}

/* §geometry-1.8b: MIG devices enumerate in (GPU, GI ID, CI ID) order. */
static void test_device_order(void **s)
{
	mig_state *st = gpus("A100-SXM4-40GB", 2, MIG_RESET_AUTO, 1);
	mig_device_info dev[16];
	const unsigned order[] = {9, 19, 14, 19};
	unsigned gi, ci;
	size_t n;

	(void)s;
	for (int g = 1; g >= 0; g--) {
		for (int i = 0; i < 4; i++) {
			assert_ok(mig_create_gi(&gi, st, (unsigned)g, order[i], NULL));
			assert_ok(mig_create_ci(&ci, st, (unsigned)g, gi, MIG_CI_PROFILE_DEFAULT,
						NULL));
		}
	}
	/* GI 2 (the 3g) split into two 1c CIs: both come before GI 4. */
	assert_ok(mig_destroy_ci(st, 0, 2, 0));
	assert_ok(mig_create_ci(&ci, st, 0, 2, 0, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, 2, 0, NULL));
	assert_int_equal(ci, 1);
	assert_ok(mig_device_list(dev, 16, &n, st, (unsigned)-1));
	assert_int_equal(n, 9);
	{
		const unsigned gpu[] = {0, 0, 0, 0, 0, 1, 1, 1, 1};
		const unsigned gid[] = {2, 2, 4, 7, 8, 2, 4, 7, 8};
		const unsigned cid[] = {0, 1, 0, 0, 0, 0, 0, 0, 0};
		const unsigned idx[] = {0, 1, 2, 3, 4, 0, 1, 2, 3};

		for (int i = 0; i < 9; i++) {
			assert_int_equal(dev[i].gpu, gpu[i]);
			assert_int_equal(dev[i].ci.gi, gid[i]);
			assert_int_equal(dev[i].ci.id, cid[i]);
			assert_int_equal(dev[i].index, idx[i]);
		}
	}
	assert_ok(mig_device_list(NULL, 0, &n, st, 1));
	assert_int_equal(n, 4);
	mig_state_free(st);
}

static void test_profile_lookup(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	const mig_gi_profile *p;
	mig_gi_profile_info info;

	(void)s;
	assert_ok(mig_gpu_find_gi_profile(&p, st, 0, "3g.40gb"));
	mig_gi_profile_get(p, &info);
	assert_int_equal(info.id, 9);
	assert_ok(mig_gpu_find_gi_profile(&p, st, 0, "MIG 1g.10gb+me"));
	mig_gi_profile_get(p, &info);
	assert_int_equal(info.id, 20);
	assert_ok(mig_gpu_find_gi_profile(&p, st, 0, "15"));
	mig_gi_profile_get(p, &info);
	assert_string_equal(info.name, "1g.20gb");
	/* Case-sensitive like nvidia-smi; the message names the choices. */
	assert_int_equal(mig_gpu_find_gi_profile(&p, st, 0, "3G.40GB"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_gpu_find_gi_profile(&p, st, 0, "3g.41gb"), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "'3g.41gb'"));
	assert_non_null(strstr(mig_errmsg(), "NVIDIA H100 80GB HBM3"));
	assert_non_null(strstr(mig_errmsg(), "1g.10gb"));
	assert_non_null(strstr(mig_errmsg(), "7g.80gb"));
	assert_int_equal(mig_gpu_find_gi_profile(&p, st, 0, "1"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_gpu_find_gi_profile(&p, st, 3, "9"), MIG_ERROR_INVALID_ARGUMENT);
	{
		unsigned gi;
		assert_int_equal(mig_create_gi(&gi, st, 0, 1, NULL), MIG_ERROR_INVALID_ARGUMENT);
	}
	mig_state_free(st);
}

static void test_clone_independent(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1), *c;
	char *a, *b;
	unsigned gi;

	(void)s;
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_state_clone(&c, st));
	assert_ok(mig_state_to_json(&a, st));
	assert_ok(mig_create_gi(&gi, c, 0, 9, NULL));
	assert_ok(mig_state_to_json(&b, st));
	assert_string_equal(a, b);
	free(a);
	free(b);
	mig_state_free(c);
	mig_state_free(st);
}

static void test_add_gpu_checks(void **s)
{
	mig_gpu_spec spec = {0};
	mig_state *st;

	(void)s;
	assert_ok(mig_state_new(&st));
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	spec.serial = "1650124000042";
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	spec.serial = "bad serial";
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	spec.serial = NULL;
	spec.driver = "five-eighty";
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_state_gpu_count(st), 1);
	spec.driver = NULL;
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_int_equal(mig_state_remove_gpu(st, 0), MIG_ERROR_INVALID_ARGUMENT);
	assert_ok(mig_state_remove_gpu(st, 1));
	assert_int_equal(mig_state_gpu_count(st), 1);
	mig_state_free(st);
}

/* The product API's small pieces: a versioned spec, MIG_ALL_GPUS, mig_errclear, mig_free. */
static void test_api_conventions(void **s)
{
	mig_gpu_spec spec = MIG_GPU_SPEC_INIT;
	mig_process p = self_on(1, MIG_NONE, MIG_NONE), list[4];
	mig_state *st;
	char *json = NULL;
	size_t n;

	(void)s;
	assert_int_equal(spec.version, MIG_GPU_SPEC_VERSION);
	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("A100-SXM4-40GB");
	spec.version = MIG_GPU_SPEC_VERSION + 1;
	assert_int_equal(mig_state_add_gpu(st, &spec), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "version"));
	mig_errclear();
	assert_string_equal(mig_errmsg(), "");
	spec.version = 0; /* a zeroed spec is version 1 */
	assert_ok(mig_state_add_gpu(st, &spec));
	spec.version = MIG_GPU_SPEC_VERSION;
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_process_list(list, 4, &n, st, MIG_ALL_GPUS));
	assert_int_equal(n, 1);
	assert_ok(mig_process_list(list, 4, &n, st, 0));
	assert_int_equal(n, 0);
	assert_ok(mig_state_to_json(&json, st));
	assert_non_null(json);
	mig_free(json);
	mig_free(NULL);
	mig_state_free(st);
}

/* One GPU lookup: index, UUID, or the PCI bus id in NVML's forms (mig_pci_parse). */
static void test_gpu_find(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 3, MIG_RESET_AUTO, 0);
	mig_pci_addr a;
	mig_gpu_info info;
	unsigned g = 99;

	(void)s;
	assert_ok(mig_pci_parse(&a, "00000000:2A:00.0"));
	assert_int_equal(a.domain, 0);
	assert_int_equal(a.bus, 0x2a);
	assert_int_equal(a.device, 0);
	assert_int_equal(a.function, 0);
	assert_ok(mig_pci_parse(&a, "0001:2a:1f.7"));
	assert_int_equal(a.domain, 1);
	assert_int_equal(a.device, 0x1f);
	assert_int_equal(a.function, 7);
	assert_ok(mig_pci_parse(&a, "2a:00.0"));
	assert_int_equal(a.bus, 0x2a);
	assert_int_equal(mig_pci_parse(&a, "2a:00"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_pci_parse(&a, "0:12a:00.0"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_pci_parse(&a, "0:2a:00.0x"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_pci_parse(&a, "000000000:2a:00.0"), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(mig_pci_parse(&a, ""), MIG_ERROR_INVALID_ARGUMENT);

	assert_ok(mig_gpu_find(&g, st, "2"));
	assert_int_equal(g, 2);
	assert_int_equal(mig_gpu_find(&g, st, "3"), MIG_ERROR_NOT_FOUND);
	assert_ok(mig_gpu_get(&info, st, 1));
	assert_ok(mig_gpu_find(&g, st, info.uuid));
	assert_int_equal(g, 1);
	assert_ok(mig_gpu_find(&g, st, info.pci_bus_id));
	assert_int_equal(g, 1);
	/* GPU 1 is 00000000:2A:00.0: the sysfs and short forms name it too. */
	assert_string_equal(info.pci_bus_id, "00000000:2A:00.0");
	g = 99;
	assert_ok(mig_gpu_find(&g, st, "0000:2a:00.0"));
	assert_int_equal(g, 1);
	g = 99;
	assert_ok(mig_gpu_find(&g, st, "2A:00.0"));
	assert_int_equal(g, 1);
	assert_int_equal(mig_gpu_find(&g, st, "2B:00.0"), MIG_ERROR_NOT_FOUND);
	assert_non_null(strstr(mig_errmsg(), "2B:00.0"));
	assert_int_equal(mig_gpu_find(&g, st, "GPU-nope"), MIG_ERROR_NOT_FOUND);
	assert_int_equal(mig_gpu_find(&g, st, ""), MIG_ERROR_INVALID_ARGUMENT);
	mig_state_free(st);
}

/* One profile-name matcher: NVML's "MIG " prefix or none, case-sensitive. */
static void test_profile_names(void **s)
{
	mig_state *st = gpus("H100-SXM5-80GB", 1, MIG_RESET_AUTO, 1);
	const mig_gi_profile *p;
	mig_gi_profile_info info;

	(void)s;
	assert_string_equal(mig_profile_name_bare("MIG 1g.10gb"), "1g.10gb");
	assert_string_equal(mig_profile_name_bare("1g.10gb"), "1g.10gb");
	assert_true(mig_profile_name_matches("MIG 3g.40gb", "3g.40gb"));
	assert_true(mig_profile_name_matches("3g.40gb", "3g.40gb"));
	assert_false(mig_profile_name_matches("3G.40GB", "3g.40gb"));
	assert_false(mig_profile_name_matches("MIG3g.40gb", "3g.40gb"));
	assert_false(mig_profile_name_matches(NULL, "3g.40gb"));
	assert_ok(mig_gpu_find_gi_profile(&p, st, 0, "MIG 3g.40gb"));
	mig_gi_profile_get(p, &info);
	assert_string_equal(info.name, "3g.40gb");
	assert_int_equal(mig_gpu_find_gi_profile(&p, st, 0, "3G.40GB"), MIG_ERROR_INVALID_ARGUMENT);
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpu_find),
		cmocka_unit_test(test_profile_names),
		cmocka_unit_test(test_api_conventions),
		cmocka_unit_test(test_mode_immediate),
		cmocka_unit_test(test_mode_pending_while_held),
		cmocka_unit_test(test_mode_cancel_pending),
		cmocka_unit_test(test_mode_vm),
		cmocka_unit_test(test_disable_with_instances_refused),
		cmocka_unit_test(test_reboot),
		cmocka_unit_test(test_process_names_utf8),
		cmocka_unit_test(test_ci_profiles_a100),
		cmocka_unit_test(test_ci_auto_placement),
		cmocka_unit_test(test_ci_create_destroy),
		cmocka_unit_test(test_default_ci),
		cmocka_unit_test(test_in_use),
		cmocka_unit_test(test_dead_process_pruned),
		cmocka_unit_test(test_uuid_stability),
		cmocka_unit_test(test_uuid_pins),
		cmocka_unit_test(test_device_order),
		cmocka_unit_test(test_profile_lookup),
		cmocka_unit_test(test_clone_independent),
		cmocka_unit_test(test_add_gpu_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
