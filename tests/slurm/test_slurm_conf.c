/*
 * test_slurm_conf.c - Slurm's GRES type names and the configuration lines
 * of src/slurm.  The 22.05 names are those Debian's slurmd 22.05.8 printed
 * for our nodes (slurmd -G and sinfo in sys_slurm): nvidia_a100_3g.20gb,
 * nvidia_a100-sxm4-40gb, nvidia_h100_80gb_hbm3_1g.10gb,
 * nvidia_rtx_pro_6000_blackwell_max_1g.24gb.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slurm.h"
#include "testutil.h"

/* A node of `gpu` requests; GPU 0 gets MIG and the GI profiles in `ids` (-1 ends). */
static mig_state *node(const char *gpu, const int *ids)
{
	mig_state *st;
	mig_gpu_spec spec;
	unsigned n, out;
	char buf[128];
	int act;

	snprintf(buf, sizeof(buf), "%s", gpu);
	assert_ok(mig_state_new(&st));
	assert_ok(mig_gpu_spec_parse(&spec, &n, buf));
	for (unsigned i = 0; i < n; i++)
		assert_ok(mig_state_add_gpu(st, &spec));
	if (!ids)
		return st;
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	for (; *ids >= 0; ids++) {
		assert_ok(mig_create_gi(&out, st, 0, (unsigned)*ids, NULL));
		assert_ok(mig_create_ci(&n, st, 0, out, MIG_CI_PROFILE_DEFAULT, NULL));
	}
	return st;
}

static const mig_gi_profile *profile(const char *model, const char *name)
{
	const mig_model *m = mig_catalog_find(model);
	const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &n, m, NULL) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info pi;

		mig_gi_profile_get(p[i], &pi);
		if (!strcmp(pi.name, name))
			return p[i];
	}
	fail_msg("no profile %s on %s", name, model);
	return NULL;
}

static void test_names(void **state)
{
	const mig_model *a100 = mig_catalog_find("A100-SXM4-40GB");
	const mig_model *h100 = mig_catalog_find("H100-SXM5-80GB");
	const mig_model *maxq = mig_catalog_find("RTX-PRO-6000-MAXQ");
	char t[128];

	(void)state;
	slurm_mig_type(t, sizeof(t), a100, profile("A100-SXM4-40GB", "3g.20gb"), SLURM_22_05);
	assert_string_equal(t, "nvidia_a100_3g.20gb");
	/* 22.05 rounds the GI's memory: 7g.40gb is named 7g.39gb (the evidence) */
	slurm_mig_type(t, sizeof(t), a100, profile("A100-SXM4-40GB", "7g.40gb"), SLURM_22_05);
	assert_string_equal(t, "nvidia_a100_7g.39gb");
	/* +me has the plain profile's slices and memory: the same 22.05 type */
	slurm_mig_type(t, sizeof(t), a100, profile("A100-SXM4-40GB", "1g.5gb+me"), SLURM_22_05);
	assert_string_equal(t, "nvidia_a100_1g.5gb");
	slurm_mig_type(t, sizeof(t), h100, profile("H100-SXM5-80GB", "1g.10gb"), SLURM_22_05);
	assert_string_equal(t, "nvidia_h100_80gb_hbm3_1g.10gb");
	slurm_mig_type(t, sizeof(t), maxq, profile("RTX-PRO-6000-MAXQ", "1g.24gb"), SLURM_22_05);
	assert_string_equal(t, "nvidia_rtx_pro_6000_blackwell_max_1g.24gb");
	/* 23.02+: the whole name and the profile's own */
	slurm_mig_type(t, sizeof(t), a100, profile("A100-SXM4-40GB", "7g.40gb"), SLURM_23_02);
	assert_string_equal(t, "nvidia_a100-sxm4-40gb_7g.40gb");
	slurm_gpu_type(t, sizeof(t), a100, 0);
	assert_string_equal(t, "nvidia_a100-sxm4-40gb");
	slurm_gpu_type(t, sizeof(t), a100, 1);
	assert_string_equal(t, "a100");
	slurm_gpu_type(t, sizeof(t), maxq, 1);
	assert_string_equal(t, "rtx");
}

static void test_versions(void **state)
{
	static const char *const bad[] = {"", "21.08", "22.05+", "23.01", "22", "x", "23.02++",
					  "22.05.8"};
	slurm_version v;

	(void)state;
	assert_int_equal(slurm_version_parse(&v, "22.05"), 0);
	assert_int_equal(v, SLURM_22_05);
	assert_int_equal(slurm_version_parse(&v, "23.02+"), 0);
	assert_int_equal(v, SLURM_23_02);
	assert_int_equal(slurm_version_parse(&v, "24.11"), 0);
	assert_int_equal(v, SLURM_23_02);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!slurm_version_parse(&v, bad[i]))
			fail_msg("'%s' accepted", bad[i]);
}

/* A100-40GB: GPU 0 with 3g.20gb (9), 2g.10gb (14), two 1g.5gb (19); GPU 1 whole. */
static void test_node_lines(void **state)
{
	static const int ids[] = {9, 14, 19, 19, -1};
	mig_state *st = node("A100-SXM4-40GB:2", ids);
	slurm_conf_opts o = {.node = "n1", .future = "cat", .partition = "gpu"};
	slurm_alias al[] = {{"3g.20gb", "a100_3g.20gb"}, {"gpu", "a100"}};
	char *text = NULL, gres[512];
	slurm_type t[SLURM_MAX_TYPES];
	size_t n;

	(void)state;
	assert_ok(slurm_conf_text(&text, st, &o));
	assert_non_null(strstr(text, "AutoDetect=nvml\n"));
	assert_non_null(strstr(text, "NodeName=n1 Gres=gpu:nvidia_a100_3g.20gb:1,gpu:nvidia_a100_2g.10gb:1,"
				     "gpu:nvidia_a100_1g.5gb:2,gpu:nvidia_a100-sxm4-40gb:1\n"));
	/* the catalog node: per GPU the most of a type (7 1g.5gb, not 7 + the +me's 1) */
	assert_non_null(strstr(text, "NodeName=cat State=FUTURE Gres=gpu:nvidia_a100_1g.5gb:14,"));
	assert_non_null(strstr(text, "gpu:nvidia_a100_7g.39gb:2"));
	assert_non_null(strstr(text, "PartitionName=gpu Nodes=n1,cat "));
	assert_non_null(strstr(text, "GRES/gpu:nvidia_a100_3g.20gb=0.429"));
	assert_non_null(strstr(text, "GRES/gpu:nvidia_a100-sxm4-40gb=1.000"));
	free(text);
	/* aliases must be part of the detected type */
	o.alias = al;
	o.nalias = 2;
	assert_ok(slurm_node_types(t, SLURM_MAX_TYPES, &n, st, &o));
	assert_ok(slurm_gres_value(gres, sizeof(gres), t, n));
	assert_string_equal(gres, "gpu:a100_3g.20gb:1,gpu:nvidia_a100_2g.10gb:1,gpu:nvidia_a100_1g.5gb:2,"
				  "gpu:a100:1");
	al[0].alias = "a100-3g";
	assert_int_equal(slurm_node_types(t, SLURM_MAX_TYPES, &n, st, &o), MIG_ERROR_INVALID_ARGUMENT);
	/* --allow limits the catalog node */
	o.nalias = 0;
	o.allowed = "1g.5gb,3g.20gb";
	assert_ok(slurm_conf_text(&text, st, &o));
	assert_non_null(strstr(text, "State=FUTURE Gres=gpu:nvidia_a100_1g.5gb:14,gpu:nvidia_a100_3g.20gb:4\n"));
	free(text);
	mig_state_free(st);
}

/* MIG on without a MIG device: slurmd would stop; refused. */
static void test_mig_without_devices(void **state)
{
	static const int none[] = {-1};
	mig_state *st = node("H100-SXM5-80GB", none);
	slurm_conf_opts o = {.node = "n1"};
	char *text = NULL;

	(void)state;
	assert_int_equal(slurm_conf_text(&text, st, &o), MIG_ERROR_INVALID_ARGUMENT);
	assert_null(text);
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_node_lines),
		cmocka_unit_test(test_mig_without_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
