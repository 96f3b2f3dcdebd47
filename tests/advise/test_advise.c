/*
 * test_advise.c - src/advise: each parser on real-shaped logs and on the
 * malformed ones people have (cut lines, missing units, N/A, repeated
 * headers, out-of-order samples), and the method on constructed jobs
 * (issue 13's cases: 3 GB and 20 % of an A100, nearly the whole memory,
 * memory growing past a profile mid-run; power and utilisation bases; the
 * CPU bundle; another model of the fleet).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "testutil.h"

#define A100_40 "A100-SXM4-40GB"

static int parse(adv_log *log, adv_format f, const char *text)
{
	memset(log, 0, sizeof(*log));
	return adv_parse(log, f, text, strlen(text));
}

/* A refusal is MIG_ERROR_INVALID_ARGUMENT with a sentence naming `needle`. */
static void expect_error(adv_format f, const char *text, const char *needle)
{
	adv_log log;

	mig_errclear();
	assert_int_equal(parse(&log, f, text), MIG_ERROR_INVALID_ARGUMENT);
	if (!strstr(mig_errmsg(), needle))
		print_error("error \"%s\" lacks \"%s\"\n", mig_errmsg(), needle);
	assert_non_null(strstr(mig_errmsg(), needle));
	adv_log_free(&log);
}

/* ---------------------------------------------------------------- parsers */

static const char smi_header[] =
	"timestamp, index, uuid, name, power.draw [W], power.limit [W], utilization.gpu [%], "
	"utilization.memory [%], memory.used [MiB], memory.total [MiB]\n";

static void test_smi_csv_units(void **state)
{
	char text[2048];
	adv_log log;

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s%s", smi_header,
		 "2024/01/15 10:00:00.000, 0, GPU-aaaa, NVIDIA A100-SXM4-40GB, 43.10 W, 400.00 W, 0 %, 0 %, 3 MiB, 40960 MiB\n",
		 "2024/01/15 10:00:02.000, 0, GPU-aaaa, NVIDIA A100-SXM4-40GB, [N/A], 400.00 W, 50 %, 10 %, 3000 MiB, 40960 MiB\n",
		 "2024/01/15 10:00:01.000, 0, GPU-aaaa, NVIDIA A100-SXM4-40GB, 120.5 W, 400.00 W, [Not Supported], 5 %, 2000 MiB, 40960 MiB\n"
		 "2024/01/15 10:00:03.000, 0, GPU-aaaa, NVIDIA A1");
	assert_int_equal(parse(&log, ADV_FORMAT_AUTO, text), 0);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.series[0].id, "gpu 0");
	assert_string_equal(log.series[0].model, "NVIDIA A100-SXM4-40GB");
	assert_int_equal(log.series[0].n, 3);
	/* sorted: the 10:00:01 line came last */
	assert_int_equal(log.reordered, 1);
	assert_true(log.series[0].s[1].mem_used_mib == 2000);
	assert_true(log.series[0].s[1].power_w == 120.5);
	assert_true(isnan(log.series[0].s[1].util_gpu));
	assert_true(isnan(log.series[0].s[2].power_w));
	assert_true(fabs(log.series[0].s[2].util_gpu - 0.5) < 1e-9);
	/* [N/A], [Not Supported] and the cut last line */
	assert_int_equal(log.skipped, 3);
	adv_log_free(&log);
}

static void test_smi_csv_nounits_noheader(void **state)
{
	const char *text = "0, 35.0, 250\n0, 36.0, 260\n1, 100, 7000\n";
	adv_log log;

	(void)state;
	memset(&log, 0, sizeof(log));
	assert_int_equal(adv_parse_smi_csv(&log, "index,power.draw,memory.used", text, strlen(text)), 0);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.series[0].n, 2);
	assert_true(log.series[0].s[1].t == log.series[0].s[0].t + 1);
	assert_true(log.series[1].s[0].mem_used_mib == 7000);
	adv_log_free(&log);
	/* the header again (two logs appended) is skipped */
	assert_int_equal(parse(&log, ADV_FORMAT_SMI_CSV,
			       "index, memory.used [MiB]\n0, 10\nindex, memory.used [MiB]\n0, 20\n"), 0);
	assert_int_equal(log.series[0].n, 2);
	assert_int_equal(log.skipped, 1);
	adv_log_free(&log);
}

static void test_smi_csv_refusals(void **state)
{
	(void)state;
	expect_error(ADV_FORMAT_SMI_CSV, "index, memory.used [MiB]\n0, 10 W\n", "the unit must be MiB");
	expect_error(ADV_FORMAT_SMI_CSV, "index, memory.used [MiB]\n0, lots\n", "not a number");
	expect_error(ADV_FORMAT_SMI_CSV, "index, memory.used [MiB]\n0, 1, 2\n", "3 fields, the header names 2");
	expect_error(ADV_FORMAT_SMI_CSV, "index, power.draw [W]\n0, 10\n", "no memory.used field");
	expect_error(ADV_FORMAT_SMI_CSV, "index, memory.used [W]\n", "not a --query-gpu name");
	expect_error(ADV_FORMAT_SMI_CSV, "timestamp, memory.used [MiB]\nyesterday, 5\n", "timestamp");
	expect_error(ADV_FORMAT_SMI_CSV, "", "empty log");
	expect_error(ADV_FORMAT_SMI_CSV, "index, memory.used [MiB]\n0, 0x10\n", "not a number");
}

static void test_dmon(void **state)
{
	const char *text =
		"#Date       Time        gpu    pwr  gtemp  mtemp     sm    mem    enc    dec     fb\n"
		"#YYYYMMDD   HH:MM:SS    Idx      W      C      C      %      %      %      %     MB\n"
		" 20240115   10:00:00      0     43     30      -      0      0      0      0      3\n"
		" 20240115   10:00:01      0    150     40      -     35     12      0      0   3000\n"
		"#Date       Time        gpu    pwr  gtemp  mtemp     sm    mem    enc    dec     fb\n"
		"#YYYYMMDD   HH:MM:SS    Idx      W      C      C      %      %      %      %     MB\n"
		" 20240115   10:00:02      0      -     40      -     35     12      0      0   3100\n"
		" 20240115   10:00:03      0    150\n";
	adv_log log;

	(void)state;
	assert_int_equal(adv_format_detect(text, strlen(text)), ADV_FORMAT_DMON);
	assert_int_equal(parse(&log, ADV_FORMAT_AUTO, text), 0);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.series[0].n, 3);
	assert_true(log.series[0].s[1].t - log.series[0].s[0].t == 1);
	assert_true(fabs(log.series[0].s[1].util_gpu - 0.35) < 1e-9);
	assert_true(log.series[0].s[2].mem_used_mib == 3100);
	assert_true(isnan(log.series[0].s[2].power_w));
	assert_int_equal(log.skipped, 1);
	adv_log_free(&log);
	expect_error(ADV_FORMAT_DMON, "# gpu pwr sm\n# Idx W %\n0 40 1\n# gpu pwr\n# Idx W\n",
		     "columns changed");
	expect_error(ADV_FORMAT_DMON, "0 40 1\n", "data before");
	expect_error(ADV_FORMAT_DMON, "# gpu pwr sm\n# Idx W %\n0 40 x\n", "sm \"x\" is not a number");
	expect_error(ADV_FORMAT_DMON, "# gpu gtemp\n# Idx C\n", "none of fb, sm, pwr");
}

static void test_dcgm(void **state)
{
	const char *text =
		"# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).\n"
		"# TYPE DCGM_FI_DEV_FB_USED gauge\n"
		"DCGM_FI_DEV_FB_USED{gpu=\"0\",UUID=\"GPU-a\",device=\"nvidia0\",modelName=\"NVIDIA A100-SXM4-40GB\",GPU_I_PROFILE=\"3g.20gb\",GPU_I_ID=\"1\",hpc_job=\"42\"} 3000\n"
		"DCGM_FI_PROF_SM_ACTIVE{gpu=\"0\",UUID=\"GPU-a\",GPU_I_ID=\"1\",hpc_job=\"42\"} 0.5\n"
		"DCGM_FI_DEV_POWER_USAGE{gpu=\"0\",UUID=\"GPU-a\",GPU_I_ID=\"1\",hpc_job=\"42\"} NaN\n"
		"DCGM_FI_DEV_SM_CLOCK{gpu=\"0\",UUID=\"GPU-a\"} 1410\n"
		"# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).\n"
		"DCGM_FI_DEV_FB_USED{gpu=\"0\",UUID=\"GPU-a\",GPU_I_ID=\"1\",hpc_job=\"42\"} 4000\n"
		"DCGM_FI_PROF_SM_ACTIVE{gpu=\"0\",UUID=\"GPU-a\",GPU_I_ID=\"1\",hpc_job=\"42\"} 0.25\n";
	adv_log log;

	(void)state;
	assert_int_equal(parse(&log, ADV_FORMAT_AUTO, text), 0);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.series[0].id, "42");
	assert_string_equal(log.series[0].device, "GPU-a/1");
	assert_string_equal(log.series[0].profile, "3g.20gb");
	assert_int_equal(log.series[0].n, 2);
	assert_true(log.series[0].s[1].mem_used_mib == 4000);
	assert_true(log.series[0].s[1].sm_active == 0.25);
	assert_int_equal(log.skipped, 1);
	adv_log_free(&log);
	/* timestamps (ms) order the samples */
	assert_int_equal(parse(&log, ADV_FORMAT_DCGM,
			       "DCGM_FI_DEV_FB_USED{gpu=\"1\"} 7 2000\nDCGM_FI_DEV_FB_USED{gpu=\"1\"} 5 1000\n"), 0);
	assert_string_equal(log.series[0].id, "gpu 1");
	assert_true(log.series[0].s[0].t == 1 && log.series[0].s[0].mem_used_mib == 5);
	assert_int_equal(log.reordered, 1);
	adv_log_free(&log);
	expect_error(ADV_FORMAT_DCGM, "DCGM_FI_DEV_FB_USED{gpu=0} 1\n", "labels");
	expect_error(ADV_FORMAT_DCGM, "DCGM_FI_DEV_FB_USED{gpu=\"0\"} many\n", "not `value");
	expect_error(ADV_FORMAT_DCGM, "# only comments\n", "no dcgm-exporter metric");
	expect_error(ADV_FORMAT_DCGM, "DCGM_FI_DEV_FB_USED", "not `value");
}

static void test_sacct(void **state)
{
	const char *text =
		"JobID|JobName|AllocCPUS|ReqMem|MaxRSS|AllocTRES|TRESUsageInMax|TRESUsageInAve\n"
		"1001|train|8|32G||billing=8,cpu=8,gres/gpu:a100=1,gres/gpu=1,mem=32G,node=1||\n"
		"1001.batch|batch|8||2048K||cpu=00:10:00,gres/gpumem=3000M,gres/gpuutil=35,mem=2048K|gres/gpuutil=20\n"
		"1001.0|python|8||6G||gres/gpumem=2900M,gres/gpuutil=40,mem=6G|gres/gpuutil=25\n"
		"1002|idle|2|4G||cpu=2\n";
	adv_log log;

	(void)state;
	assert_int_equal(parse(&log, ADV_FORMAT_AUTO, text), 0);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.series[0].id, "1001");
	assert_string_equal(log.series[0].model, "a100");
	assert_true(log.series[0].s[0].mem_used_mib == 3000);
	assert_true(fabs(log.series[0].s[0].util_gpu - 0.25) < 1e-9);
	assert_true(log.series[0].cpus == 8);
	assert_true(log.series[0].host_mem_mib == 32 * 1024);
	assert_int_equal(log.skipped, 1); /* job 1002's line is cut short */
	adv_log_free(&log);
	expect_error(ADV_FORMAT_SACCT, "JobID|MaxRSS\n7|12Q\n", "K/M/G/T");
	expect_error(ADV_FORMAT_SACCT, "JobName|MaxRSS\nx|1\n", "no JobID");
}

static void test_prometheus(void **state)
{
	const char *ok =
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
		"{\"metric\":{\"__name__\":\"DCGM_FI_PROF_SM_ACTIVE\",\"UUID\":\"GPU-b\",\"gpu\":\"0\","
		"\"modelName\":\"NVIDIA H100 80GB HBM3\",\"hpc_job\":\"7\"},"
		"\"values\":[[1700000015,\"0.2\"],[1700000000,\"0.1\"],[1700000030,\"NaN\"]]}]}}";
	const char *bad = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
	const char *vec = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
	adv_log log;

	(void)state;
	memset(&log, 0, sizeof(log));
	assert_int_equal(adv_parse_prometheus(&log, "DCGM_FI_PROF_SM_ACTIVE", NULL, ok, strlen(ok)), 0);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.series[0].id, "7");
	assert_string_equal(log.series[0].model, "NVIDIA H100 80GB HBM3");
	assert_int_equal(log.series[0].n, 2);
	assert_true(log.series[0].s[0].sm_active == 0.1);
	assert_int_equal(log.skipped, 1);
	adv_log_free(&log);
	memset(&log, 0, sizeof(log));
	mig_errclear();
	assert_int_equal(adv_parse_prometheus(&log, "DCGM_FI_DEV_FB_USED", NULL,
		bad, strlen(bad)), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "parse error"));
	memset(&log, 0, sizeof(log));
	mig_errclear();
	assert_int_equal(adv_parse_prometheus(&log, "DCGM_FI_DEV_FB_USED", NULL,
		vec, strlen(vec)), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "matrix"));
}

/* ----------------------------------------------------------------- method */

/* A job of n samples, 10 s apart: memory and SM activity given by functions of i. */
static adv_series *job(adv_log *log, const char *board, size_t n, double (*mem)(size_t, size_t),
		       double (*sm)(size_t, size_t), double (*power)(size_t, size_t))
{
	adv_series *s;

	memset(log, 0, sizeof(*log));
	s = adv_log_series(log, "job", "GPU-x");
	snprintf(s->model, sizeof(s->model), "%s", board);
	for (size_t i = 0; i < n; i++) {
		adv_sample *x = adv_series_at(s, (double)i * 10);

		x->mem_used_mib = mem(i, n);
		if (sm)
			x->sm_active = sm(i, n);
		if (power)
			x->power_w = power(i, n);
	}
	return s;
}

static double mem_3gb(size_t i, size_t n) { return i < n / 10 ? 500 : 3000; }
static double sm_20(size_t i, size_t n) { (void)n; return i % 2 ? 0.2 : 0.18; }
static double mem_near_full(size_t i, size_t n) { (void)i; (void)n; return 39000; }
static double mem_grows(size_t i, size_t n) { return i < n / 2 ? 3000 : 12000; }
static double sm_10(size_t i, size_t n) { (void)i; (void)n; return 0.1; }
static double mem_rising(size_t i, size_t n) { (void)n; return 1000 + 40.0 * (double)i; }
/* A100-SXM4-40GB: idle 43 W, limit 400 W (libmig's telemetry model): 30 % above idle */
static double power_30(size_t i, size_t n) { (void)i; (void)n; return 43 + 0.3 * 357; }

static const adv_choice *advise(adv_advice *a, const adv_series *s, const char *models)
{
	const mig_model *m[4];
	adv_options opt;
	size_t n = 0;
	char list[128], *save = NULL;

	adv_options_init(&opt);
	snprintf(list, sizeof(list), "%s", models);
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
		assert_ok(mig_catalog_resolve(&m[n++], t));
	opt.models = m;
	opt.nmodels = n;
	assert_int_equal(adv_advise(a, s, &opt, NULL), 0);
	assert_int_equal(a->nchoices, n);
	return &a->choices[0];
}

static void test_small_job(void **state)
{
	adv_log log;
	adv_advice a;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 100, mem_3gb, sm_20, NULL);
	const adv_choice *c = advise(&a, s, A100_40 ",A100-SXM4-80GB,H100-SXM5-80GB");

	(void)state;
	assert_int_equal(a.basis, ADV_BASIS_SM_ACTIVE);
	assert_true(a.peak_mem_mib == 3000);
	/* 1g gives 14 % of the SMs, the job used 20 %: 2g.10gb */
	assert_int_equal(c->verdict, ADV_MIG);
	assert_string_equal(c->profile, "2g.10gb");
	assert_int_equal(c->slices, 2);
	assert_non_null(strstr(c->why, "gives 14 % of the board's compute"));
	assert_true(fabs(c->saved - 5.0 / 7) < 1e-9);
	assert_true(c->slowdown_lo == 1 && c->slowdown_hi == 1);
	assert_string_equal(a.choices[1].profile, "2g.20gb");
	/* 20 % of an A100's 98 SMs is 19.6 SMs: an H100 1g.20gb has 26 of 132 */
	assert_string_equal(a.choices[2].profile, "1g.20gb");
	assert_string_equal(a.confidence, "high");
	adv_log_free(&log);
}

static void test_near_full_memory(void **state)
{
	adv_log log;
	adv_advice a;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 50, mem_near_full, sm_10, NULL);
	const adv_choice *c = advise(&a, s, A100_40 ",A100-SXM4-80GB");

	(void)state;
	assert_int_equal(c->verdict, ADV_WHOLE_GPU);
	assert_non_null(strstr(c->why, "more than the board's"));
	assert_true(c->saved == 0);
	/* 42900 MiB with headroom: more than an 80 GB board's 4g.40gb, so its whole GPU too */
	assert_int_equal(a.choices[1].verdict, ADV_WHOLE_GPU);
	assert_non_null(strstr(a.choices[1].why, "4g.40gb has 40192 MiB"));
	adv_log_free(&log);
}

static void test_memory_grows_past_profile(void **state)
{
	adv_log log;
	adv_advice a;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 60, mem_grows, sm_10, NULL);
	const adv_choice *c = advise(&a, s, A100_40);

	(void)state;
	/* 3 GB would fit 1g.5gb; the 12 GB of the second half need 13.2 GB with headroom */
	assert_true(a.peak_mem_mib == 12000);
	assert_string_equal(c->profile, "3g.20gb");
	assert_non_null(strstr(c->why, "2g.10gb has 9984 MiB"));
	adv_log_free(&log);
	/* still rising at the end: said, and less sure */
	s = job(&log, "NVIDIA A100-SXM4-40GB", 60, mem_rising, sm_10, NULL);
	advise(&a, s, A100_40);
	assert_int_equal(a.memory_growing, 1);
	assert_string_equal(a.confidence, "medium");
	adv_log_free(&log);
}

static void test_power_and_utilisation(void **state)
{
	adv_log log;
	adv_advice a;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 30, mem_3gb, NULL, power_30);
	const adv_choice *c = advise(&a, s, A100_40);

	(void)state;
	assert_int_equal(a.basis, ADV_BASIS_POWER);
	assert_true(fabs(a.power_idle_w - 43) < 1e-9 && fabs(a.power_limit_w - 400) < 1e-9);
	assert_true(fabs(a.compute_p95 - 0.3) < 1e-6);
	assert_string_equal(c->profile, "3g.20gb");
	assert_string_equal(a.confidence, "medium");
	adv_log_free(&log);
	s = job(&log, "NVIDIA A100-SXM4-40GB", 30, mem_3gb, NULL, NULL);
	for (size_t i = 0; i < s->n; i++)
		log.series[0].s[i].util_gpu = 0.6;
	c = advise(&a, s, A100_40);
	assert_int_equal(a.basis, ADV_BASIS_UTILIZATION);
	assert_int_equal(c->verdict, ADV_WHOLE_GPU);
	assert_non_null(strstr(a.reasons[0], "upper bound"));
	assert_string_equal(a.confidence, "low");
	adv_log_free(&log);
}

static void test_cpu_bundle_and_mps(void **state)
{
	const mig_model *m;
	adv_log log;
	adv_advice a;
	adv_options opt;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 30, mem_3gb, sm_10, NULL);

	(void)state;
	assert_ok(mig_catalog_resolve(&m, A100_40));
	adv_options_init(&opt);
	opt.models = &m;
	opt.nmodels = 1;
	opt.cpus_per_gpu = 32;
	opt.cpus = 16; /* half the GPU's cores: 3.5 of 7 slices -> 4g */
	assert_int_equal(adv_advise(&a, s, &opt, NULL), 0);
	assert_string_equal(a.choices[0].profile, "4g.20gb");
	opt.cpus = 30; /* nearly all: no instance, but the GPU is barely used: MPS */
	assert_int_equal(adv_advise(&a, s, &opt, NULL), 0);
	assert_int_equal(a.choices[0].verdict, ADV_WHOLE_GPU_MPS);
	adv_log_free(&log);
}

static double mem_none(size_t i, size_t n) { (void)i; (void)n; return NAN; }

/* The method's and the outputs' refusals: a mig_error code, the sentence in mig_errmsg(). */
static void test_refusals_say_why(void **state)
{
	const mig_model *m;
	adv_options opt;
	adv_log log;
	adv_advice a;
	const adv_series *s = job(&log, "NVIDIA A100-SXM4-40GB", 5, mem_none, sm_10, NULL);
	const char *missing = "/nonexistent-migctl-dir/out";

	(void)state;
	assert_ok(mig_catalog_resolve(&m, A100_40));
	adv_options_init(&opt);
	opt.models = &m;
	opt.nmodels = 1;
	mig_errclear();
	assert_int_equal(adv_advise(&a, s, &opt, NULL), MIG_ERROR_NOT_FOUND);
	assert_string_equal(mig_errmsg(), "job: no memory figure in the log");
	adv_log_free(&log);

	s = job(&log, "NVIDIA A100-SXM4-40GB", 5, mem_3gb, sm_10, NULL);
	assert_int_equal(adv_advise(&a, s, &opt, NULL), 0);
	mig_errclear();
	assert_int_equal(adv_report_html(missing, &a, NULL, 1), MIG_ERROR_IO);
	assert_string_equal(mig_errmsg(), "/nonexistent-migctl-dir/out: No such file or directory");
	mig_errclear();
	assert_int_equal(adv_chart_write(&a, missing, 1), MIG_ERROR_IO);
	assert_non_null(strstr(mig_errmsg(), missing));
	adv_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smi_csv_units),
		cmocka_unit_test(test_smi_csv_nounits_noheader),
		cmocka_unit_test(test_smi_csv_refusals),
		cmocka_unit_test(test_dmon),
		cmocka_unit_test(test_dcgm),
		cmocka_unit_test(test_sacct),
		cmocka_unit_test(test_prometheus),
		cmocka_unit_test(test_small_job),
		cmocka_unit_test(test_near_full_memory),
		cmocka_unit_test(test_memory_grows_past_profile),
		cmocka_unit_test(test_power_and_utilisation),
		cmocka_unit_test(test_cpu_bundle_and_mps),
		cmocka_unit_test(test_refusals_say_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
