/*
 * test_gpu_spec.c - the identity options of a GPU request
 * (mig_gpu_spec_parse: uuid=, serial=, bus=, persistence=), its CPU
 * affinity (numa=, cpus=; mig_cpulist_parse/format) and how they travel
 * through the state file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

static int parse(mig_gpu_spec *spec, unsigned *n, char *buf, size_t len, const char *text)
{
	snprintf(buf, len, "%s", text);
	return mig_gpu_spec_parse(spec, n, buf);
}

static void test_identity_options(void **state)
{
	mig_gpu_spec spec;
	unsigned n;
	char buf[256];

	(void)state;
	assert_ok(parse(&spec, &n, buf, sizeof(buf),
			"H100-SXM5-80GB@580.173.02,uuid=GPU-0d0831da-0c98-2717-6446-8acd91d39b65,"
			"serial=1654922001234,bus=00000000:00:09.0,persistence=off,mirrored"));
	assert_int_equal(n, 1);
	assert_string_equal(spec.driver, "580.173.02");
	assert_string_equal(spec.uuid, "GPU-0d0831da-0c98-2717-6446-8acd91d39b65");
	assert_string_equal(spec.serial, "1654922001234");
	assert_string_equal(spec.pci_bus_id, "00000000:00:09.0");
	assert_int_equal(spec.persistence_off, 1);
	assert_int_equal(spec.mirrored, 1);
	/* lower-case hex in a bus id is printed upper-case, as nvidia-smi does */
	assert_ok(parse(&spec, &n, buf, sizeof(buf), "A100-SXM4-40GB,bus=00000000:10:1c.0,persistence=on"));
	assert_string_equal(spec.pci_bus_id, "00000000:10:1C.0");
	assert_int_equal(spec.persistence_off, 0);
	assert_null(spec.uuid);
	assert_null(spec.serial);
}

static void test_refusals(void **state)
{
	static const char *const bad[] = {
		"H100-SXM5-80GB,bus=36:00.0",           /* short form */
		"H100-SXM5-80GB,bus=00000000-36-00.0",  /* separators */
		"H100-SXM5-80GB,bus=0000000g:36:00.0",  /* not hex */
		"H100-SXM5-80GB,persistence=maybe",
		"H100-SXM5-80GB,uuid=",
		"H100-SXM5-80GB,serial=",
		"H100-SXM5-80GB,colour=green",
		"H100-SXM5-80GB,reset=sometimes",
	};
	mig_gpu_spec spec;
	unsigned n;
	char buf[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(&spec, &n, buf, sizeof(buf), bad[i]);

		if (rc != MIG_ERROR_INVALID_ARGUMENT)
			fail_msg("'%s' gave %d", bad[i], rc);
		/* the message names the request */
		assert_non_null(strstr(mig_errmsg(), "H100-SXM5-80GB"));
	}
	/* a malformed UUID passes the parser and is refused by add_gpu with its form */
	{
		mig_state *st;

		assert_ok(mig_state_new(&st));
		assert_ok(parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,uuid=GPU-XYZ"));
		assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_state_add_gpu(st, &spec));
		assert_non_null(strstr(mig_errmsg(), "8-4-4-4-12"));
		mig_state_free(st);
	}
}

/* The identity and the persistence mode survive the state file; defaults stay unwritten. */
static void test_state_file(void **state)
{
	mig_state *st, *back;
	mig_gpu_spec spec;
	mig_gpu_info g;
	mig_gpu_telemetry_info t;
	unsigned n;
	char buf[256], *json, *json2;

	(void)state;
	assert_ok(mig_state_new(&st));
	assert_ok(parse(&spec, &n, buf, sizeof(buf),
			"RTX-PRO-6000@610.43.02,bus=00000000:01:00.0,persistence=off,serial=X1,"
			"uuid=GPU-43cc581f-8084-8750-9c33-32a7cbcc8a7c"));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB"));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_state_to_json(&json, st));
	assert_non_null(strstr(json, "\"persistence_mode\": false"));
	/* written once: only the GPU that has it off */
	assert_null(strstr(strstr(json, "\"persistence_mode\"") + 1, "\"persistence_mode\""));
	assert_ok(mig_state_from_json(&back, json, strlen(json)));
	assert_ok(mig_gpu_get(&g, back, 0));
	assert_string_equal(g.pci_bus_id, "00000000:01:00.0");
	assert_string_equal(g.serial, "X1");
	assert_string_equal(g.uuid, "GPU-43cc581f-8084-8750-9c33-32a7cbcc8a7c");
	assert_ok(mig_gpu_telemetry(&t, back, 0));
	assert_int_equal(t.persistence_mode, 0);
	assert_ok(mig_gpu_telemetry(&t, back, 1));
	assert_int_equal(t.persistence_mode, 1);
	assert_ok(mig_state_to_json(&json2, back));
	assert_string_equal(json, json2);
	free(json);
	free(json2);
	mig_state_free(back);
	mig_state_free(st);
	/* "persistence_mode" must be a boolean */
	{
		const char *bad = "{\"format\": \"migctl-node\", \"version\": 1, \"generation\": 1, \"gpus\": "
				  "[{\"model\": \"H100-SXM5-80GB\", \"driver\": \"580.173.02\", \"serial\": \"1\", "
				  "\"pci_bus_id\": \"00000000:18:00.0\", \"mirrored\": false, \"reset\": \"auto\", "
				  "\"mig_current\": false, \"mig_pending\": false, \"persistence_mode\": \"off\", "
				  "\"gpu_instances\": []}], \"processes\": []}";

		assert_mig(MIG_ERROR_STATE_CORRUPT, mig_state_from_json(&back, bad, strlen(bad)));
		assert_non_null(strstr(mig_errmsg(), "persistence_mode"));
	}
}

/* The kernel's cpulist form: ranges, one spelling per list, bounds. */
static void test_cpulist(void **state)
{
	static const char *const bad[] = {"", "a", "1-", "-1", "3-1", "1,1", "2,1", "0-3,3",
					  "01", "1,,2", "1,", "64", "0 1"};
	uint64_t m[2];
	char out[64];

	(void)state;
	assert_ok(mig_cpulist_parse(m, 2, "0-3,8,10-11,63", ','));
	assert_true(m[0] == (0xFULL | 1ULL << 8 | 3ULL << 10 | 1ULL << 63));
	assert_true(m[1] == 0);
	assert_ok(mig_cpulist_parse(m, 2, "0+127", '+'));
	assert_true(m[0] == 1 && m[1] == 1ULL << 63);
	assert_int_equal(mig_cpulist_format(out, sizeof(out), m, 2), 0);
	assert_string_equal(out, "0,127");
	/* adjacent items merge into one range */
	assert_ok(mig_cpulist_parse(m, 2, "0-3,4,5-7,9", ','));
	assert_int_equal(mig_cpulist_format(out, sizeof(out), m, 2), 0);
	assert_string_equal(out, "0-7,9");
	assert_int_equal(mig_cpulist_format(out, 4, m, 2), -1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (mig_cpulist_parse(m, 1, bad[i], ',') != MIG_ERROR_INVALID_ARGUMENT)
			fail_msg("'%s' was accepted", bad[i]);
}

/* numa= and cpus= reach mig_gpu_get and the state file; absent, neither is written. */
static void test_affinity(void **state)
{
	mig_state *st, *back;
	mig_gpu_spec spec;
	mig_gpu_info g;
	unsigned n;
	char buf[256], *json, *json2;

	(void)state;
	assert_ok(mig_state_new(&st));
	assert_ok(parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,cpus=0-3+4-7+32"));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,numa=1"));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB"));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_gpu_get(&g, st, 0));
	assert_string_equal(g.cpus, "0-7,32");
	assert_int_equal(g.numa_node, -1);
	assert_ok(mig_gpu_get(&g, st, 1));
	assert_string_equal(g.cpus, "");
	assert_int_equal(g.numa_node, 1);
	assert_ok(mig_gpu_get(&g, st, 2));
	assert_int_equal(g.numa_node, -1);
	assert_ok(mig_state_to_json(&json, st));
	assert_non_null(strstr(json, "\"cpus\": \"0-7,32\""));
	assert_non_null(strstr(json, "\"numa_node\": 1"));
	assert_null(strstr(strstr(json, "\"numa_node\"") + 1, "\"numa_node\""));
	assert_ok(mig_state_from_json(&back, json, strlen(json)));
	assert_ok(mig_state_to_json(&json2, back));
	assert_string_equal(json, json2);
	free(json);
	free(json2);
	mig_state_free(back);
	/* both, or a bad list or node: refused with what is allowed */
	spec.cpus = "0-3";
	spec.numa_node = 1;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_state_add_gpu(st, &spec));
	assert_non_null(strstr(mig_errmsg(), "not both"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,cpus=3-1"));
	assert_non_null(strstr(mig_errmsg(), "0-15+32-47"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,numa=-1"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   parse(&spec, &n, buf, sizeof(buf), "H100-SXM5-80GB,numa=1024"));
	assert_int_equal(mig_state_gpu_count(st), 3);
	mig_state_free(st);
	{
		const char *bad = "{\"format\": \"migctl-node\", \"version\": 1, \"generation\": 1, \"gpus\": "
				  "[{\"model\": \"H100-SXM5-80GB\", \"driver\": \"580.173.02\", \"serial\": \"1\", "
				  "\"pci_bus_id\": \"00000000:18:00.0\", \"mirrored\": false, \"reset\": \"auto\", "
				  "\"mig_current\": false, \"mig_pending\": false, \"numa_node\": -2, "
				  "\"gpu_instances\": []}], \"processes\": []}";

		assert_mig(MIG_ERROR_STATE_CORRUPT, mig_state_from_json(&back, bad, strlen(bad)));
		assert_non_null(strstr(mig_errmsg(), "numa_node"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_options),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_state_file),
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_affinity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
