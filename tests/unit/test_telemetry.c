/*
 * test_telemetry.c - libmig's telemetry model (src/core/telemetry.c,
 * docs/libmig.md "Telemetry model") against the figures of the real
 * captures it was fitted to (§smi-10, §smi-11.5), through the
 * public API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"

/* A node of one GPU from a spec string ("H100-SXM5-80GB@580.173.02,..."). */
static mig_state *one(const char *spec_text)
{
	mig_state *st;
	mig_gpu_spec spec;
	char buf[256];
	unsigned n;

	snprintf(buf, sizeof(buf), "%s", spec_text);
	assert_ok(mig_state_new(&st));
	assert_ok(mig_gpu_spec_parse(&spec, &n, buf));
	assert_ok(mig_state_add_gpu(st, &spec));
	return st;
}

static void enable(mig_state *st)
{
	int act = -1;

	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
}

static unsigned gi_at(mig_state *st, unsigned profile, unsigned start)
{
	mig_placement at = {start, 0};
	mig_gi_profile_info info;
	const mig_gi_profile *p;
	unsigned gi;

	assert_ok(mig_gpu_gi_profile_by_id(&p, st, 0, profile));
	mig_gi_profile_get(p, &info);
	at.size = info.placement_size;
	assert_ok(mig_create_gi(&gi, st, 0, profile, &at));
	return gi;
}

static unsigned ci_in(mig_state *st, unsigned gi, int profile)
{
	unsigned ci;

	assert_ok(mig_create_ci(&ci, st, 0, gi, profile, NULL));
	return ci;
}

static void attach(mig_state *st, unsigned gi, unsigned ci, unsigned long long mib)
{
	mig_process p;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gpu = 0;
	p.gi = gi;
	p.ci = ci;
	p.used_mib = mib;
	snprintf(p.name, sizeof(p.name), "/tmp/loadgen");
	assert_ok(mig_process_attach(st, &p));
}

static mig_device_telemetry_info dev(const mig_state *st, unsigned gi, unsigned ci)
{
	mig_device_telemetry_info d;

	assert_ok(mig_device_telemetry(&d, st, 0, gi, ci));
	return d;
}

/* ssup2 (A100-SXM4-40GB, 580.126.09): 249 MiB in all; 142, 71, 36 MiB; BAR1 12211/6105/3052. */
static void test_a100_580_idle(void **state)
{
	mig_state *st = one("A100-SXM4-40GB@580.126.09,mirrored");
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info d;
	unsigned g4, g2, g1, c0, c1;

	(void)state;
	enable(st);
	g4 = gi_at(st, 5, 0);
	g2 = gi_at(st, 14, 4);
	g1 = gi_at(st, 19, 6);
	assert_int_equal(g4, 2);
	assert_int_equal(g2, 3);
	assert_int_equal(g1, 9);
	ci_in(st, g4, MIG_CI_PROFILE_DEFAULT);
	c0 = ci_in(st, g2, 0);
	c1 = ci_in(st, g2, 0);
	ci_in(st, g1, MIG_CI_PROFILE_DEFAULT);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_string_equal(t.name, "NVIDIA A100-SXM4-40GB");
	assert_string_equal(t.cuda_version, "13.0");
	assert_int_equal(t.memory_used_mib, 249);
	assert_int_equal(t.memory_total_mib, 40960);
	assert_int_equal(t.memory_free_mib, 40960 - 249);
	assert_int_equal(t.temperature_c, 40);
	assert_int_equal(t.power_draw_mw, 43000);
	assert_int_equal(t.power_limit_mw, 400000);
	assert_int_equal(t.gpu_util_percent, MIG_NA);
	assert_int_equal(t.fan_percent, MIG_NA);
	assert_int_equal(t.perf_state, 0);
	assert_int_equal(t.persistence_mode, 1);
	assert_int_equal(t.ecc_mode, 1);
	d = dev(st, g4, 0);
	assert_int_equal(d.memory_used_mib, 142);
	assert_int_equal(d.memory_total_mib, 20096);
	assert_int_equal(d.bar1_total_mib, 12211);
	assert_string_equal(d.name, "NVIDIA A100-SXM4-40GB MIG 4g.20gb");
	/* CIs of one GI share its memory */
	d = dev(st, g2, c0);
	assert_int_equal(d.memory_used_mib, 71);
	assert_int_equal(d.bar1_total_mib, 6105);
	assert_string_equal(d.name, "NVIDIA A100-SXM4-40GB MIG 1c.2g.10gb");
	d = dev(st, g2, c1);
	assert_int_equal(d.memory_used_mib, 71);
	d = dev(st, g1, 0);
	assert_int_equal(d.memory_used_mib, 36);
	assert_int_equal(d.memory_total_mib, 4864);
	assert_int_equal(d.bar1_total_mib, 3052);
	assert_int_equal(strncmp(d.uuid, "MIG-", 4), 0);
	assert_int_equal(strlen(d.uuid), 40);
	mig_state_free(st);
}

/* prickle h100-mig-mixed (580.173.02): 15, 15 and 12627 MiB with three 4188 MiB processes; 12657 in all. */
static void test_h100_580_processes(void **state)
{
	mig_state *st = one("H100-SXM5-80GB@580.173.02");
	mig_gpu_telemetry_info idle, t;
	mig_device_telemetry_info d;
	unsigned g3, gme, g1, c;
	mig_process p;
	size_t n;

	(void)state;
	enable(st);
	g3 = gi_at(st, 9, 0);
	gme = gi_at(st, 20, 4);
	g1 = gi_at(st, 19, 6);
	c = ci_in(st, g3, 0);
	ci_in(st, gme, MIG_CI_PROFILE_DEFAULT);
	ci_in(st, g1, MIG_CI_PROFILE_DEFAULT);
	assert_ok(mig_gpu_telemetry(&idle, st, 0));
	attach(st, g3, c, 4188);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	d = dev(st, g3, c);
	/* 3 slices x 14888 KiB + 4188 MiB + one context of 6744 KiB = 4238.2 MiB */
	assert_int_equal(d.memory_used_mib, 4238);
	assert_int_equal(dev(st, gme, 0).memory_used_mib, 15);
	assert_int_equal(dev(st, g1, 0).memory_used_mib, 15);
	assert_string_equal(dev(st, gme, 0).name, "NVIDIA H100 80GB HBM3 MIG 1g.10gb");
	assert_int_equal(dev(st, g3, c).bar1_total_mib, 24740);
	assert_int_equal(dev(st, g1, 0).bar1_total_mib, 6185);
	/* busy: 16 of 132 SMs share the busy figures; P0; no GPU-Util in MIG mode */
	assert_true(t.power_draw_mw > idle.power_draw_mw);
	assert_true(t.temperature_c >= idle.temperature_c);
	assert_int_equal(t.gpu_util_percent, MIG_NA);
	assert_int_equal(mig_process_list(&p, 1, &n, st, 0), MIG_SUCCESS);
	assert_int_equal(mig_process_kind_of(st, &p), MIG_PROCESS_COMPUTE);
	mig_state_free(st);
}

/* The capture's arithmetic, with its three processes: 12627 and 12657 MiB. */
static void test_h100_580_three_processes(void **state)
{
	mig_state *st = one("H100-SXM5-80GB@580.173.02");
	mig_gpu_telemetry_info t;
	unsigned g3, c;
	int act;

	(void)state;
	/* three processes need three live pids: this one, its parent and pid 1 */
	if (getppid() == 1) {
		mig_state_free(st);
		skip();
	}
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	g3 = gi_at(st, 9, 0);
	gi_at(st, 20, 4);
	gi_at(st, 19, 6);
	c = ci_in(st, g3, 0);
	ci_in(st, 11, MIG_CI_PROFILE_DEFAULT);
	ci_in(st, 13, MIG_CI_PROFILE_DEFAULT);
	{
		unsigned pids[3] = {(unsigned)getpid(), (unsigned)getppid(), 1};

		for (int i = 0; i < 3; i++) {
			mig_process p;

			memset(&p, 0, sizeof(p));
			p.pid = pids[i];
			p.gi = g3;
			p.ci = c;
			p.used_mib = 4188;
			snprintf(p.name, sizeof(p.name), "/tmp/loadgen");
			assert_ok(mig_process_attach(st, &p));
		}
	}
	assert_int_equal(dev(st, g3, c).memory_used_mib, 12627);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_int_equal(t.memory_used_mib, 12657);
	mig_state_free(st);
}

/* MIG user guide (H100, 580.65.06): two idle 3g.40gb, 44 MiB each, 87 MiB in all; 30C 141W. */
static void test_h100_580_guide(void **state)
{
	mig_state *st = one("H100-SXM5-80GB@580.65.06,persistence=off");
	mig_gpu_telemetry_info t;
	unsigned a, b;

	(void)state;
	enable(st);
	a = gi_at(st, 9, 0);
	b = gi_at(st, 9, 4);
	ci_in(st, a, MIG_CI_PROFILE_DEFAULT);
	ci_in(st, b, MIG_CI_PROFILE_DEFAULT);
	assert_int_equal(dev(st, a, 0).memory_used_mib, 44);
	assert_int_equal(dev(st, b, 0).memory_used_mib, 44);
	assert_int_equal(dev(st, a, 0).memory_total_mib, 40448);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_int_equal(t.memory_used_mib, 87);
	assert_int_equal(t.temperature_c, 30);
	assert_int_equal(t.power_draw_mw, 141000);
	assert_int_equal(t.power_limit_mw, 700000);
	assert_int_equal(t.persistence_mode, 0);
	mig_state_free(st);
}

/* prickle h100-default (580.173.02, MIG off): one 4618 MiB process: 4627 MiB, 100 %, 355W, 66C. */
static void test_h100_580_busy(void **state)
{
	mig_state *st = one("H100-SXM5-80GB@580.173.02");
	mig_gpu_telemetry_info t;
	mig_process p;

	(void)state;
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_int_equal(t.gpu_util_percent, 0);
	assert_int_equal(t.memory_used_mib, 2);
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gi = p.ci = MIG_NONE;
	p.used_mib = 4618;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_int_equal(t.memory_used_mib, 4627);
	assert_int_equal(t.gpu_util_percent, 100);
	assert_int_equal(t.power_draw_mw, 355000);
	assert_int_equal(t.temperature_c, 66);
	assert_int_equal(t.perf_state, 0);
	assert_int_equal(mig_process_kind_of(st, &p), MIG_PROCESS_COMPUTE);
	mig_state_free(st);
}

/* pnj200522 (RTX PRO 6000 Max-Q, 580.105.08): fan 30 %, 31C, P8, 18W/300W, ECC off, 46 MiB with Xorg + gnome-shell. */
static void test_rtx_maxq(void **state)
{
	mig_state *st = one("RTX-PRO-6000-MAXQ");
	mig_gpu_telemetry_info t;
	mig_process p;

	(void)state;
	enable(st);
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gi = p.ci = MIG_NONE;
	p.used_mib = 10;
	assert_ok(mig_process_attach(st, &p));
	p.pid = 1;
	p.used_mib = 17;
	assert_ok(mig_process_attach(st, &p));
	/* a whole-GPU process of a MIG-enabled GPU is graphics */
	assert_int_equal(mig_process_kind_of(st, &p), MIG_PROCESS_GRAPHICS);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_string_equal(t.name, "NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition");
	assert_int_equal(t.memory_used_mib, 46);
	assert_int_equal(t.memory_total_mib, 97887);
	assert_int_equal(t.fan_percent, 30);
	assert_int_equal(t.temperature_c, 31);
	assert_int_equal(t.perf_state, 8);
	assert_int_equal(t.power_draw_mw, 18000);
	assert_int_equal(t.power_limit_mw, 300000);
	assert_int_equal(t.ecc_mode, 0);
	mig_state_free(st);
}

/* R450/R460: no "NVIDIA " in names, /gi/ci MIG UUIDs, 40537 MiB, the +128 MiB of a GI at slice 0. */
static void test_legacy_drivers(void **state)
{
	mig_state *st = one("A100-SXM4-40GB@450.51.06,uuid=GPU-9de3d0e8-33f5-10dc-0c79-2c88a7ab0a23");
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info d;
	unsigned a, b;

	(void)state;
	enable(st);
	a = gi_at(st, 9, 0);
	b = gi_at(st, 9, 4);
	ci_in(st, a, MIG_CI_PROFILE_DEFAULT);
	ci_in(st, b, MIG_CI_PROFILE_DEFAULT);
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_string_equal(t.name, "A100-SXM4-40GB");
	assert_string_equal(t.cuda_version, "11.0");
	assert_int_equal(t.memory_total_mib, 40537);
	/* seansiddens (R450): 11 MiB / 20224 MiB and 11 MiB / 20096 MiB */
	d = dev(st, a, 0);
	assert_int_equal(d.memory_used_mib, 11);
	assert_int_equal(d.memory_total_mib, 20224);
	assert_string_equal(d.uuid, "MIG-GPU-9de3d0e8-33f5-10dc-0c79-2c88a7ab0a23/1/0");
	assert_string_equal(d.name, "A100-SXM4-40GB MIG 3g.20gb");
	d = dev(st, b, 0);
	assert_int_equal(d.memory_total_mib, 20096);
	assert_int_equal(d.bar1_total_mib, 32767);
	mig_state_free(st);
}

static void test_cuda_versions(void **state)
{
	static const struct {
		const char *spec, *cuda;
	} rows[] = {
		{"A30-24GB@470.256.02", "11.4"},       {"H100-PCIE-80GB@525.125.06", "12.0"},
		{"H100-SXM5-80GB@535.104.12", "12.2"}, {"H100-PCIE-80GB@570.169", "12.8"},
		{"H100-SXM5-80GB@580.173.02", "13.0"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		mig_state *st = one(rows[i].spec);
		mig_gpu_telemetry_info t;

		assert_ok(mig_gpu_telemetry(&t, st, 0));
		assert_string_equal(t.cuda_version, rows[i].cuda);
		mig_state_free(st);
	}
}

static void test_refusals(void **state)
{
	mig_state *st = one("H100-SXM5-80GB");
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info d;

	(void)state;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_gpu_telemetry(&t, st, 1));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_gpu_telemetry(NULL, st, 0));
	/* MIG off: no MIG devices */
	assert_mig(MIG_ERROR_NOT_FOUND, mig_device_telemetry(&d, st, 0, 1, 0));
	enable(st);
	assert_mig(MIG_ERROR_NOT_FOUND, mig_device_telemetry(&d, st, 0, 1, 0));
	gi_at(st, 9, 0);
	assert_mig(MIG_ERROR_NOT_FOUND, mig_device_telemetry(&d, st, 0, 1, 0));
	ci_in(st, 1, MIG_CI_PROFILE_DEFAULT);
	assert_ok(mig_device_telemetry(&d, st, 0, 1, 0));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_device_telemetry(&d, st, 3, 1, 0));
	mig_state_free(st);
}

/* Every catalog model under every known driver answers, within its limits. */
static void test_every_model(void **state)
{
	(void)state;
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (size_t k = 0; k < mig_model_driver_count(m); k++) {
			char spec[128];
			mig_state *st;
			mig_gpu_telemetry_info t;

			snprintf(spec, sizeof(spec), "%s@%s", mig_model_key(m), mig_model_driver(m, k));
			st = one(spec);
			assert_ok(mig_gpu_telemetry(&t, st, 0));
			assert_true(t.power_draw_mw < t.power_limit_mw);
			assert_true(t.memory_used_mib < t.memory_total_mib);
			assert_true(t.name[0] != '\0');
			assert_true(t.bar1_total_mib > 0);
			mig_state_free(st);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a100_580_idle),
		cmocka_unit_test(test_h100_580_processes),
		cmocka_unit_test(test_h100_580_three_processes),
		cmocka_unit_test(test_h100_580_guide),
		cmocka_unit_test(test_h100_580_busy),
		cmocka_unit_test(test_rtx_maxq),
		cmocka_unit_test(test_legacy_drivers),
		cmocka_unit_test(test_cuda_versions),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_every_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
