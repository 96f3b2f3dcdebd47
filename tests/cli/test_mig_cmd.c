/*
 * test_mig_cmd.c - `migctl mig` run in-process against a real node, for
 * what a golden transcript cannot show: that earlier creations survive a
 * later failure (§smi-8.2), that bad input leaves the node
 * untouched, busy CIs (an emulated process, which has no CLI yet), and the
 * --json of a partial failure.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "smig.h"
#include "testutil.h"

static const cli_cmd mig_cmd = {"mig", "[-i GPUS] OPTIONS", "nvidia-smi mig", smig_opts, cmd_mig};

typedef struct fixture {
	char *dir;
} fixture;

/* A node of one GPU with MIG enabled. */
static int setup_node(void **state, const char *model, const char *driver)
{
	fixture *fx = calloc(1, sizeof(*fx));
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	int act;

	fx->dir = tu_mkdtemp();
	spec.model = mig_catalog_find(model);
	spec.driver = driver;
	if (!spec.model || mig_state_new(&st) || mig_state_add_gpu(st, &spec) ||
	    mig_set_mig_mode(st, 0, 1, &act) || mig_node_create(fx->dir, st, 0))
		return -1;
	mig_state_free(st);
	setenv("MIGCTL_STATE_DIR", fx->dir, 1);
	*state = fx;
	return 0;
}

static int setup_a100(void **state)
{
	return setup_node(state, "A100-SXM4-40GB", "580.173.02");
}

static int teardown(void **state)
{
	fixture *fx = *state;

	tu_rmtree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Run `migctl mig ARGS...`; *out gets its stdout (malloc'd). */
static int run(char **out, const char *first, ...)
{
	char *argv[32];
	int argc = 0, saved, fd, rc;
	char path[] = "/tmp/test_mig_cmd.XXXXXX";
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	fd = mkstemp(path);
	saved = dup(1);
	dup2(fd, 1);
	rc = cmd_mig(&mig_cmd, argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(fd);
	*out = tu_read_file(path, NULL);
	unlink(path);
	return rc;
}

static mig_state *read_node(void)
{
	mig_node *node = NULL;
	mig_state *st = NULL;

	assert_ok(mig_node_open(&node, NULL, 0));
	assert_ok(mig_node_read(&st, node));
	mig_node_close(node);
	return st;
}

static unsigned gi_count(void)
{
	mig_state *st = read_node();
	mig_gpu_info g;

	assert_ok(mig_gpu_get(&g, st, 0));
	mig_state_free(st);
	return g.gi_count;
}

static uint64_t generation(void)
{
	mig_state *st = read_node();
	uint64_t gen = mig_state_generation(st);

	mig_state_free(st);
	return gen;
}

static void test_earlier_creations_stay(void **state)
{
	char *out;

	(void)state;
	/* §smi-8.3 [B]: "-cgi 19,99,19" creates one GI, fails on 99, never tries the third */
	assert_int_equal(run(&out, "-cgi", "19,99,19", NULL), 2);
	assert_string_equal(out,
		"Successfully created GPU instance ID 13 on GPU  0 using profile MIG 1g.5gb (ID 19)\n"
		"Unable to create a GPU instance on GPU  0 using profile 99: Invalid Argument\n"
		"Failed to create GPU instances: Invalid Argument\n");
	free(out);
	assert_int_equal(gi_count(), 1);
	/* the kept GI (6:1) is really there: a 3g at 4:4 no longer fits */
	assert_int_equal(run(&out, "-cgi", "9:0,14:4", NULL), 0);
	free(out);
	assert_int_equal(run(&out, "-cgi", "9:4", NULL), 23);
	free(out);
	assert_int_equal(gi_count(), 3);
}

static void test_bad_input_changes_nothing(void **state)
{
	char *out;
	uint64_t before = generation();

	(void)state;
	assert_int_equal(run(&out, "-cgi", "9", "-gi", "x", NULL), 2);
	free(out);
	assert_int_equal(run(&out, "-cgi", "9", "-dgi", NULL), 2);
	free(out);
	assert_int_equal(run(&out, "-lgi", "-C", NULL), 2);
	free(out);
	assert_int_equal(run(&out, "-i", "7", "-cgi", "9", NULL), 6);
	free(out);
	assert_int_equal(run(&out, "-cgi", "MIG", "1g.5gb", NULL), 2);
	assert_string_equal(out, "Option \"1g.5gb\" is not recognized.\n");
	free(out);
	/* a refused command writes nothing either */
	assert_int_equal(run(&out, "-cgi", "foo", NULL), 2);
	free(out);
	assert_int_equal(run(&out, "-dgi", NULL), 6);
	assert_string_equal(out, "No GPU instances found: Not Found\n");
	free(out);
	assert_int_equal(generation(), before);
	assert_int_equal(gi_count(), 0);
}

static void test_dgi_in_use_keeps_everything(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(run(&out, "-cgi", "9:4", "-C", NULL), 0);
	free(out);
	assert_int_equal(run(&out, "-cgi", "19:0", NULL), 0);
	free(out);
	/* -lgi order: 1g (enum 0) before 3g (enum 2), so GI 13 goes first */
	assert_int_equal(run(&out, "-dgi", NULL), 19);
	assert_string_equal(out,
		"Successfully destroyed GPU instance ID  7 from GPU  0\n"
		"Unable to destroy GPU instance ID  2 from GPU  0: In use by another client\n"
		"Failed to destroy GPU instances: In use by another client\n");
	free(out);
	assert_int_equal(gi_count(), 1);
}

static void test_busy_ci(void **state)
{
	mig_node *node = NULL;
	mig_state *st = NULL;
	mig_process p = {0};
	char *out;

	(void)state;
	assert_int_equal(run(&out, "-cgi", "9:0", NULL), 0);
	free(out);
	assert_int_equal(run(&out, "-cci", "0,0", "-gi", "1", NULL), 0);
	free(out);
	/* an emulated process (this test's own pid, which is alive) on GI 1 CI 0 */
	assert_ok(mig_node_open(&node, NULL, 0));
	assert_ok(mig_node_begin(&st, node));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "test_mig_cmd");
	p.gpu = 0;
	p.gi = 1;
	p.ci = 0;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_node_commit(node, st));
	mig_node_close(node);
	assert_int_equal(run(&out, "-dci", NULL), 19);
	assert_string_equal(out,
		"Unable to destroy compute instance ID  0 from GPU  0 GPU instance ID  1: In use by another client\n"
		"Failed to destroy compute instances: In use by another client\n");
	free(out);
	assert_int_equal(run(&out, "-dgi", "-gi", "1", NULL), 19);
	assert_string_equal(out,
		"Unable to destroy GPU instance ID  1 from GPU  0: In use by another client\n"
		"Failed to destroy GPU instances: In use by another client\n");
	free(out);
	/* the other CI of the GI can still go */
	assert_int_equal(run(&out, "-dci", "-ci", "1", NULL), 0);
	assert_string_equal(out,
		"Successfully destroyed compute instance ID  1 from GPU  0 GPU instance ID  1\n");
	free(out);
}

static void test_json_partial_failure(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(run(&out, "-cgi", "20,1g.5gb+me", "--json", NULL), 23);
	assert_non_null(strstr(out, "\"schema\": \"migctl.mig.changes/1\""));
	assert_non_null(strstr(out, "\"name\": \"MIG 1g.5gb+me\""));
	assert_non_null(strstr(out, "\"code\": 23"));
	assert_non_null(strstr(out, "\"exit\": 23"));
	assert_non_null(strstr(out, "\"text\": \"Insufficient Resources\""));
	free(out);
	assert_int_equal(gi_count(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_earlier_creations_stay, setup_a100, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing, setup_a100, teardown),
		cmocka_unit_test_setup_teardown(test_dgi_in_use_keeps_everything, setup_a100, teardown),
		cmocka_unit_test_setup_teardown(test_busy_ci, setup_a100, teardown),
		cmocka_unit_test_setup_teardown(test_json_partial_failure, setup_a100, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
