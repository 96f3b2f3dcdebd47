/*
 * test_load.c - emulated loads (src/core/load.c, docs/load.md): the parser's
 * strictness, the values over time, and what the telemetry model makes of
 * them (power follows SM activity on the whole board, memory is bounded by
 * the instance's, no utilisation per MIG device), through the public API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"

#define T0 1800000000.0  /* a fixed start time */

static mig_load *parse_ok(const char *text)
{
	mig_load *l = NULL;

	if (mig_load_parse(&l, text, strlen(text)) != MIG_SUCCESS)
		fail_msg("refused: %s: %s", text, mig_errmsg());
	return l;
}

/* Refused with a message that contains `why`. */
static void refused(const char *text, const char *why)
{
	mig_load *l = NULL;

	assert_int_equal(mig_load_parse(&l, text, strlen(text)), MIG_ERROR_INVALID_ARGUMENT);
	assert_null(l);
	if (!strstr(mig_errmsg(), why))
		fail_msg("'%s': message '%s' lacks '%s'", text, mig_errmsg(), why);
}

static void test_phases(void **unused)
{
	mig_load *l = parse_ok("migctl-load 1\n# a comment\n\n"
			       "phase 10s sm=20% mem=1GiB\n"
			       "phase 1m sm=80.5% grow=10MiB/s\n"
			       "phase 0.5m sm=0% mem=512MiB grow=-100MiB/s\n");
	mig_load_point pt;

	(void)unused;
	assert_true(mig_load_duration(l) == 100);
	mig_load_at(&pt, l, 5);
	assert_true(pt.running && pt.sm_active == 0.2 && pt.mem_mib == 1024);
	/* a phase without mem= starts where the last one ended */
	mig_load_at(&pt, l, 40);
	assert_true(pt.running && pt.sm_active == 0.805);
	assert_int_equal(pt.mem_mib, 1024 + 300);
	/* shrinking memory stops at zero */
	mig_load_at(&pt, l, 99);
	assert_int_equal(pt.mem_mib, 0);
	/* ended: no kernels, the last memory held */
	mig_load_at(&pt, l, 1000);
	assert_false(pt.running);
	assert_true(pt.sm_active == 0);
	assert_int_equal(pt.mem_mib, 0);
	/* not started */
	mig_load_at(&pt, l, -1);
	assert_false(pt.running);
	assert_int_equal(pt.mem_mib, 0);
	mig_load_free(l);
}

static void test_repeat_and_samples(void **unused)
{
	mig_load *l = parse_ok("migctl-load 1\nphase 10s sm=50% mem=100MiB\n"
			       "phase 10s sm=100% mem=200MiB\nrepeat\n");
	mig_load_point pt;

	(void)unused;
	mig_load_at(&pt, l, 25);
	assert_true(pt.running && pt.sm_active == 0.5 && pt.mem_mib == 100);
	mig_load_at(&pt, l, 1000015);
	assert_true(pt.running && pt.sm_active == 1 && pt.mem_mib == 200);
	mig_load_free(l);

	/* a replay: each sample holds until the next; the last one ends it */
	l = parse_ok("migctl-load 1\nsample 0s sm=10% mem=1000MiB\nsample 5s sm=90% mem=2000MiB\n"
		     "sample 7.5s sm=0% mem=1500MiB\n");
	assert_true(mig_load_duration(l) == 7.5);
	mig_load_at(&pt, l, 4.99);
	assert_true(pt.sm_active == 0.1 && pt.mem_mib == 1000);
	mig_load_at(&pt, l, 5);
	assert_true(pt.sm_active == 0.9 && pt.mem_mib == 2000);
	mig_load_at(&pt, l, 8);
	assert_false(pt.running);
	assert_int_equal(pt.mem_mib, 1500);
	mig_load_free(l);
}

static void test_refusals(void **unused)
{
	(void)unused;
	refused("", "starts with the line 'migctl-load 1'");
	refused("migctl-load 2\nphase 1s sm=1%\n", "line 1: a load starts with");
	refused("migctl-load 1\n", "nothing to run");
	refused("migctl-load 1\nphase 10 sm=1%\n", "line 2: '10' is not a duration");
	refused("migctl-load 1\nphase 0s sm=1%\n", "lasts no time");
	refused("migctl-load 1\nphase 1s sm=101%\n", "not an SM activity");
	refused("migctl-load 1\nphase 1s sm=0.5\n", "not an SM activity");
	refused("migctl-load 1\nphase 1s mem=1GiB\n", "sm= is missing");
	refused("migctl-load 1\nphase 1s sm=1% sm=2%\n", "given twice");
	refused("migctl-load 1\nphase 1s sm=1% mem=1GB\n", "not a size");
	refused("migctl-load 1\nphase 1s sm=1% mem=-1GiB\n", "not a size");
	refused("migctl-load 1\nphase 1s sm=1% mem=17TiB\n", "more than 16 TiB");
	refused("migctl-load 1\nphase 1s sm=1% grow=1GiB\n", "not a growth");
	refused("migctl-load 1\nphase 1s sm=1% power=300\n", "unknown key 'power'");
	refused("migctl-load 1\nphase 1s sm=1%\nsample 0s sm=1% mem=1MiB\n", "not both");
	refused("migctl-load 1\nsample 1s sm=1% mem=1MiB\nsample 2s sm=1% mem=1MiB\n",
		"starts at 0s");
	refused("migctl-load 1\nsample 0s sm=1% mem=1MiB\nsample 0s sm=1% mem=1MiB\n",
		"not after the previous");
	refused("migctl-load 1\nsample 0s sm=1% mem=1MiB\n", "fewer than two samples");
	refused("migctl-load 1\nsample 0s sm=1%\n", "mem= is missing");
	refused("migctl-load 1\nphase 1s sm=1%\nrepeat\nphase 1s sm=1%\n", "after repeat");
	refused("migctl-load 1\nphase 1s sm=1%\r\n", "carriage return");
	refused("migctl-load 1\nphase 1s sm=1%\nrun fast\n", "unknown line 'run'");
	refused("migctl-load 1\nphase 367d sm=1%\n", "not a duration");
	refused("migctl-load 1\nphase 8785h sm=1%\n", "longer than a year");
	refused("migctl-load 1\nphase 1s sm=1e2%\n", "not an SM activity");
	refused("migctl-load 1\nphase 1s sm=nan%\n", "not an SM activity");
	{
		static const char text[] = "migctl-load 1\nphase 1s\0 sm=1%\n";
		mig_load *l = NULL;

		assert_int_equal(mig_load_parse(&l, text, sizeof(text) - 1),
				 MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "NUL"));
	}
}

/* An A100 40GB with MIG on, a 3g.20gb and a 1g.5gb, a process on the 3g. */
/* An A100 40GB with MIG on, a 3g.20gb and a 1g.5gb, a process on the 3g. */
static mig_state *a100(unsigned *gi3, unsigned *ci3)
{
	mig_state *st = tu_mig_gpu("A100-SXM4-40GB@580.126.09", "3g.20gb", gi3, ci3);
	unsigned gi1, ci1;
	mig_process p;

	assert_ok(mig_create_gi(&gi1, st, 0, tu_gi_profile_id(st, "1g.5gb"), NULL));
	assert_ok(mig_create_ci(&ci1, st, 0, gi1, -1, NULL));
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gi = *gi3;
	p.ci = *ci3;
	snprintf(p.name, sizeof(p.name), "train");
	assert_ok(mig_process_attach(st, &p));
	return st;
}

static void test_telemetry_follows_the_load(void **unused)
{
	const char *text = "migctl-load 1\nphase 10s sm=0% mem=2GiB\n"
			   "phase 10s sm=100% mem=4GiB grow=2GiB/s\n";
	mig_gpu_telemetry_info idle, busy, full;
	mig_device_telemetry_info d;
	unsigned gi, ci;
	mig_state *st = a100(&gi, &ci), *copy;
	mig_process procs[4];
	size_t n;

	(void)unused;
	assert_int_equal(mig_process_set_load(st, 12345678, text, strlen(text), T0),
			 MIG_ERROR_NOT_FOUND);
	assert_ok(mig_process_set_load(st, (unsigned)getpid(), text, strlen(text), T0));
	mig_state_set_time(st, T0 + 5);
	assert_ok(mig_gpu_telemetry(&idle, st, 0));
	assert_ok(mig_device_telemetry(&d, st, 0, gi, ci));
	assert_true(d.sm_active == 0 && idle.sm_active == 0);
	/* an idle board: the catalog's idle figure (43 W, §smi-11.5 ssup2) */
	assert_int_equal(idle.power_draw_mw, 43000);
	assert_int_equal(idle.gpu_util_percent, MIG_NA);
	/* the process holds its 2 GiB: the device's and the GPU's memory show it */
	assert_ok(mig_process_list(procs, 4, &n, st, 0));
	assert_int_equal(n, 1);
	assert_int_equal(procs[0].used_mib, 2048);
	assert_true(d.memory_used_mib >= 2048 && d.memory_used_mib < 2048 + 200);
	assert_true(idle.memory_used_mib >= d.memory_used_mib);

	mig_state_set_time(st, T0 + 10.5);
	assert_ok(mig_gpu_telemetry(&busy, st, 0));
	assert_ok(mig_device_telemetry(&d, st, 0, gi, ci));
	assert_true(d.sm_active == 1);
	/* 42 of the A100's 98 SMs busy: the whole board's power rises by that share */
	assert_true(busy.sm_active > 0.42 && busy.sm_active < 0.43);
	assert_int_equal(busy.power_draw_mw, 43000 + (300000 - 43000) * 42 / 98 + 1);
	assert_ok(mig_process_list(procs, 4, &n, st, 0));
	assert_int_equal(procs[0].used_mib, 4096 + 1024);

	/* the memory grows past the 3g.20gb's: held at the instance's */
	mig_state_set_time(st, T0 + 19);
	assert_ok(mig_gpu_telemetry(&full, st, 0));
	assert_ok(mig_device_telemetry(&d, st, 0, gi, ci));
	assert_int_equal(d.memory_used_mib, d.memory_total_mib);
	assert_ok(mig_process_list(procs, 4, &n, st, 0));
	assert_int_equal(procs[0].used_mib, d.memory_total_mib);

	/* a copy keeps the load and its clock; the state file keeps the load */
	assert_ok(mig_state_clone(&copy, st));
	mig_state_free(st);
	assert_ok(mig_device_telemetry(&d, copy, 0, gi, ci));
	assert_true(d.sm_active == 1);
	{
		char *json;
		mig_state *back;

		assert_ok(mig_state_to_json(&json, copy));
		assert_non_null(strstr(json, "\"load\""));
		assert_ok(mig_state_from_json(&back, json, strlen(json)));
		mig_state_set_time(back, T0 + 5);
		assert_ok(mig_device_telemetry(&d, back, 0, gi, ci));
		assert_true(d.sm_active == 0 && d.memory_used_mib >= 2048);
		mig_state_free(back);
		free(json);
	}
	mig_state_free(copy);
}

/* A process without a load keeps its device busy, as before loads existed. */
static void test_without_load(void **unused)
{
	mig_device_telemetry_info d;
	unsigned gi, ci;
	mig_state *st = a100(&gi, &ci);

	(void)unused;
	assert_ok(mig_device_telemetry(&d, st, 0, gi, ci));
	assert_true(d.sm_active == 0); /* it holds no memory: runs no kernels */
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_repeat_and_samples),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_telemetry_follows_the_load),
		cmocka_unit_test(test_without_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
