/*
 * test_share.c - sharing modes (docs/sharing.md): the --share spec parser,
 * the MPS client limit, every refusal of mig_share_admit, and sharing
 * records on a state (attach, prune, the state file).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"

/* Parser ------------------------------------------------------------------- */

static void test_parse_accepts(void **state)
{
	mig_share s;

	(void)state;
	assert_ok(mig_share_parse(&s, "exclusive"));
	assert_int_equal(s.mode, MIG_SHARE_EXCLUSIVE);
	assert_ok(mig_share_parse(&s, "timeslice"));
	assert_int_equal(s.mode, MIG_SHARE_TIMESLICE);
	assert_ok(mig_share_parse(&s, "mps"));
	assert_int_equal(s.mode, MIG_SHARE_MPS);
	assert_int_equal(s.threads, 0);
	assert_int_equal(s.mem_mib, 0);
	assert_ok(mig_share_parse(&s, "mps:threads=30,mem=10G"));
	assert_int_equal(s.threads, 30);
	assert_int_equal(s.mem_mib, 10240);
	assert_ok(mig_share_parse(&s, "mps:mem=512"));
	assert_int_equal(s.threads, 0);
	assert_int_equal(s.mem_mib, 512);
	assert_ok(mig_share_parse(&s, "mps:mem=700M,threads=100"));
	assert_int_equal(s.mem_mib, 700);
	assert_int_equal(s.threads, 100);
	assert_ok(mig_share_parse(&s, "mps:threads=1,mem=1t"));
	assert_int_equal(s.mem_mib, 1024 * 1024);
	assert_string_equal(mig_share_mode_name(MIG_SHARE_MPS), "mps");
	assert_string_equal(mig_share_mode_name(MIG_SHARE_TIMESLICE), "timeslice");
	assert_string_equal(mig_share_mode_name(MIG_SHARE_EXCLUSIVE), "exclusive");
}

static void test_parse_refuses(void **state)
{
	static const char *bad[] = {
		"", "MPS", "mps:", "mps:,", "mps:threads=30,", "mps:threads", "mps:threads=",
		"mps:threads=0", "mps:threads=101", "mps:threads=+3", "mps:threads= 3",
		"mps:threads=0x10", "mps:threads=30,threads=40", "mps:mem=0", "mps:mem=10X",
		"mps:mem=G", "mps:mem=-1", "mps:mem=2000000T", "mps:foo=1", "timeslice:threads=3",
		"exclusive:", "mps;threads=3", "mps:threads=30;mem=1G", "mps:mem=1G,mem=2G"};
	mig_share s = {.mode = MIG_SHARE_TIMESLICE, .threads = 7};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = mig_share_parse(&s, bad[i]);

		if (rc != MIG_ERROR_INVALID_ARGUMENT)
			print_error("'%s' was accepted\n", bad[i]);
		assert_int_equal(rc, MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "share '"));
		/* a refusal leaves the output alone */
		assert_int_equal(s.mode, MIG_SHARE_TIMESLICE);
		assert_int_equal(s.threads, 7);
	}
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_parse(&s, "mps:threads=101"));
	assert_non_null(strstr(mig_errmsg(), "1 to 100"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_parse(&s, "gpu"));
	assert_non_null(strstr(mig_errmsg(), "exclusive, timeslice, mps"));
}

/* Client limit --------------------------------------------------------------- */

static void test_client_limit(void **state)
{
	(void)state;
	/* whole GPU: the per-device figure */
	assert_int_equal(mig_mps_client_limit(0, 7, 7), 60);
	assert_int_equal(mig_mps_client_limit(0, 0, 0), 60);
	assert_int_equal(mig_mps_client_limit(48, 7, 7), 48);
	/* H100/A100 (7 compute slices): 60 * c / 7, rounded down */
	assert_int_equal(mig_mps_client_limit(0, 1, 7), 8);
	assert_int_equal(mig_mps_client_limit(0, 2, 7), 17);
	assert_int_equal(mig_mps_client_limit(0, 3, 7), 25);
	assert_int_equal(mig_mps_client_limit(0, 4, 7), 34);
	/* the older 48 of the MIG user guide */
	assert_int_equal(mig_mps_client_limit(48, 1, 7), 6);
	assert_int_equal(mig_mps_client_limit(48, 3, 7), 20);
	/* A30 (4 compute slices) */
	assert_int_equal(mig_mps_client_limit(0, 1, 4), 15);
	assert_int_equal(mig_mps_client_limit(0, 2, 4), 30);
	/* never 0 */
	assert_int_equal(mig_mps_client_limit(3, 1, 7), 1);
}

/* Rules ----------------------------------------------------------------------- */

static const mig_share_usage empty_1g = {.client_limit = 8, .memory_mib = 9856};

static void test_admit_modes(void **state)
{
	mig_share_usage u = empty_1g;
	mig_share excl = {MIG_SHARE_EXCLUSIVE, 0, 0, 1000};
	mig_share ts = {MIG_SHARE_TIMESLICE, 0, 0, 1000};
	mig_share mps = {MIG_SHARE_MPS, 30, 4096, 1000};

	(void)state;
	assert_ok(mig_share_admit(&u, &excl));
	assert_ok(mig_share_admit(&u, &ts));
	assert_ok(mig_share_admit(&u, &mps));
	/* an exclusive holder refuses every mode */
	u.exclusive = 1;
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &excl));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &ts));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &mps));
	assert_non_null(strstr(mig_errmsg(), "alone"));
	/* time-sliced: more time-sliced processes, nothing else */
	u = empty_1g;
	u.timeslice_clients = 40;
	assert_ok(mig_share_admit(&u, &ts));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &excl));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &mps));
	assert_non_null(strstr(mig_errmsg(), "time-sliced"));
	/* MPS: more clients of its user, nothing else */
	u = empty_1g;
	u.mps_clients = 3;
	u.mps_uid = 1000;
	assert_ok(mig_share_admit(&u, &mps));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &excl));
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &ts));
	assert_non_null(strstr(mig_errmsg(), "MPS server"));
}

static void test_admit_mps_limits(void **state)
{
	mig_share_usage u = empty_1g;
	mig_share mps = {MIG_SHARE_MPS, 0, 0, 1000};

	(void)state;
	/* one user's server at a time */
	u.mps_clients = 1;
	u.mps_uid = 0;
	assert_mig(MIG_ERROR_IN_USE, mig_share_admit(&u, &mps));
	assert_non_null(strstr(mig_errmsg(), "uid 0"));
	assert_non_null(strstr(mig_errmsg(), "uid 1000"));
	/* the client limit */
	u.mps_uid = 1000;
	u.mps_clients = 7;
	assert_ok(mig_share_admit(&u, &mps));
	u.mps_clients = 8;
	assert_mig(MIG_ERROR_INSUFFICIENT_RESOURCES, mig_share_admit(&u, &mps));
	assert_non_null(strstr(mig_errmsg(), "8 client(s)"));
	/* memory: up to the device's */
	u = empty_1g;
	mps.mem_mib = 9856;
	assert_ok(mig_share_admit(&u, &mps));
	mps.mem_mib = 9857;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(&u, &mps));
	assert_non_null(strstr(mig_errmsg(), "9857 MiB does not fit the device's 9856 MiB"));
	/* threads: a percentage */
	mps.mem_mib = 0;
	mps.threads = 100;
	assert_ok(mig_share_admit(&u, &mps));
	mps.threads = 101;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(&u, &mps));
	/* limits belong to MPS */
	mps.mode = MIG_SHARE_TIMESLICE;
	mps.threads = 50;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(&u, &mps));
	mps.mode = MIG_SHARE_EXCLUSIVE;
	mps.threads = 0;
	mps.mem_mib = 100;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(&u, &mps));
	mps.mode = (mig_share_mode)7;
	mps.mem_mib = 0;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(&u, &mps));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_admit(NULL, &mps));
}

/* On a state ------------------------------------------------------------------- */

#define NKIDS 10
static pid_t kids[NKIDS];

static void spawn_kids(void)
{
	for (int i = 0; i < NKIDS; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
	}
}

static void reap_kids(void)
{
	for (int i = 0; i < NKIDS; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
			kids[i] = 0;
		}
}

/* An H100 in MIG mode with a 1g.10gb GI (ID 9 is at start 6... whichever) and its CI. */
static mig_state *h100_1g(unsigned *gi, unsigned *ci)
{
	mig_gpu_spec spec = {0};
	mig_state *st;

	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	assert_non_null(spec.model);
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_ok(mig_create_gi(gi, st, 0, 19, NULL));
	assert_ok(mig_create_ci(ci, st, 0, *gi, MIG_CI_PROFILE_DEFAULT, NULL));
	return st;
}

static mig_process proc_on(pid_t pid, unsigned gi, unsigned ci)
{
	mig_process p;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)pid;
	snprintf(p.name, sizeof(p.name), "client");
	p.gpu = 0;
	p.gi = gi;
	p.ci = ci;
	return p;
}

static void test_state_mps(void **state)
{
	unsigned gi, ci;
	mig_state *st = h100_1g(&gi, &ci);
	mig_share_usage u;
	mig_share s = {MIG_SHARE_MPS, 30, 2048, 1000}, got;
	mig_process p;
	size_t n;

	(void)state;
	spawn_kids();
	assert_ok(mig_share_usage_of(&u, st, 0, gi, ci));
	assert_int_equal(u.client_limit, 8);
	assert_true(u.memory_mib > 9000 && u.memory_mib < 11000);
	for (int i = 0; i < 8; i++) {
		p = proc_on(kids[i], gi, ci);
		assert_ok(mig_share_attach(st, &p, &s));
	}
	/* the ninth: over the limit, and nothing recorded */
	p = proc_on(kids[8], gi, ci);
	assert_mig(MIG_ERROR_INSUFFICIENT_RESOURCES, mig_share_attach(st, &p, &s));
	assert_ok(mig_process_list(NULL, 0, &n, st, 0));
	assert_int_equal(n, 8);
	/* another user, another mode: refused */
	s.uid = 1001;
	assert_mig(MIG_ERROR_IN_USE, mig_share_attach(st, &p, &s));
	s.mode = MIG_SHARE_TIMESLICE;
	s.threads = 0;
	s.mem_mib = 0;
	assert_mig(MIG_ERROR_IN_USE, mig_share_attach(st, &p, &s));
	s.mode = MIG_SHARE_EXCLUSIVE;
	assert_mig(MIG_ERROR_IN_USE, mig_share_attach(st, &p, &s));
	assert_ok(mig_process_list(NULL, 0, &n, st, 0));
	assert_int_equal(n, 8);
	assert_ok(mig_share_get(&got, st, (unsigned)kids[0], 0));
	assert_int_equal(got.mode, MIG_SHARE_MPS);
	assert_int_equal(got.threads, 30);
	assert_int_equal(got.mem_mib, 2048);
	assert_int_equal(got.uid, 1000);
	/* a client that dies is pruned with its sharing: room for one more */
	kill(kids[0], SIGKILL);
	waitpid(kids[0], NULL, 0);
	kids[0] = 0;
	assert_int_equal(mig_state_prune(st), 1);
	assert_ok(mig_share_usage_of(&u, st, 0, gi, ci));
	assert_int_equal(u.mps_clients, 7);
	s = (mig_share){MIG_SHARE_MPS, 0, 0, 1000};
	assert_ok(mig_share_attach(st, &p, &s));
	reap_kids();
	mig_state_free(st);
}

static void test_state_memory_and_whole_gpu(void **state)
{
	unsigned gi, ci;
	mig_state *st = h100_1g(&gi, &ci);
	mig_share s = {MIG_SHARE_MPS, 0, 20480, 0};
	mig_share_usage u;
	mig_process p = proc_on(getpid(), gi, ci);
	mig_gpu_spec spec = {0};

	(void)state;
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_attach(st, &p, &s));
	assert_non_null(strstr(mig_errmsg(), "does not fit"));
	/* CUDA runs in MIG devices only while MIG is enabled */
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_share_usage_of(&u, st, 0, MIG_NONE, MIG_NONE));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_share_usage_of(&u, st, 0, gi, ci + 1));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_share_usage_of(&u, st, 5, gi, ci));
	/* a second GPU, MIG off: the whole GPU, 60 clients, all its memory */
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_share_usage_of(&u, st, 1, MIG_NONE, MIG_NONE));
	assert_int_equal(u.client_limit, 60);
	assert_int_equal(u.memory_mib, mig_model_memory_mib(spec.model));
	p = proc_on(getpid(), MIG_NONE, MIG_NONE);
	p.gpu = 1;
	s.mem_mib = 20480;
	assert_ok(mig_share_attach(st, &p, &s));
	assert_ok(mig_share_usage_of(&u, st, 1, MIG_NONE, MIG_NONE));
	assert_int_equal(u.mps_clients, 1);
	mig_state_free(st);
}

static void test_state_file(void **state)
{
	unsigned gi, ci;
	mig_state *st = h100_1g(&gi, &ci), *back = NULL;
	mig_share s = {MIG_SHARE_MPS, 25, 1024, 4242}, got;
	mig_process p = proc_on(getpid(), gi, ci);
	char *text = NULL, *again = NULL;

	(void)state;
	assert_ok(mig_share_attach(st, &p, &s));
	assert_ok(mig_state_to_json(&text, st));
	assert_non_null(strstr(text, "\"share\""));
	assert_non_null(strstr(text, "\"mode\": \"mps\""));
	assert_ok(mig_state_from_json(&back, text, strlen(text)));
	assert_ok(mig_share_get(&got, back, (unsigned)getpid(), 0));
	assert_int_equal(got.mode, MIG_SHARE_MPS);
	assert_int_equal(got.threads, 25);
	assert_int_equal(got.mem_mib, 1024);
	assert_int_equal(got.uid, 4242);
	assert_ok(mig_state_to_json(&again, back));
	assert_string_equal(text, again);
	free(again);
	mig_state_free(back);
	/* detached: its sharing is not written back */
	assert_ok(mig_process_detach(st, (unsigned)getpid()));
	free(text);
	assert_ok(mig_state_to_json(&text, st));
	assert_null(strstr(text, "\"share\""));
	free(text);
	mig_state_free(st);
}

/* A state file with one process on 1/0 whose "share" is `share`. */
static int load_with_share(const char *share)
{
	char buf[2048];
	mig_state *st = NULL;
	int rc;

	snprintf(buf, sizeof(buf),
		 "{\"format\":\"migctl-node\",\"version\":1,\"generation\":1,\"gpus\":[{"
		 "\"model\":\"H100-SXM5-80GB\",\"driver\":\"580.173.02\",\"serial\":\"1\","
		 "\"pci_bus_id\":\"00000000:18:00.0\",\"mirrored\":false,\"reset\":\"auto\","
		 "\"mig_current\":false,\"mig_pending\":false,\"gpu_instances\":[]}],"
		 "\"processes\":[{\"pid\":1,\"start_time\":0,\"name\":\"x\",\"used_mib\":0,"
		 "\"gpu\":0,\"gi\":null,\"ci\":null%s%s}]}",
		 share ? ",\"share\":" : "", share ? share : "");
	rc = mig_state_from_json(&st, buf, strlen(buf));
	mig_state_free(st);
	return rc;
}

static void test_state_file_refusals(void **state)
{
	(void)state;
	/* old files (no "share") load */
	assert_ok(load_with_share(NULL));
	assert_ok(load_with_share("{\"mode\":\"timeslice\",\"uid\":3}"));
	assert_ok(load_with_share("{\"mode\":\"exclusive\"}"));
	assert_ok(load_with_share("{\"mode\":\"mps\",\"threads\":100,\"mem_mib\":1,\"uid\":0}"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("3"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("{}"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("{\"mode\":\"gpu\"}"));
	assert_non_null(strstr(mig_errmsg(), "processes[0].share"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("{\"mode\":\"mps\",\"threads\":101}"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("{\"mode\":\"mps\",\"uid\":-1}"));
	assert_mig(MIG_ERROR_STATE_CORRUPT, load_with_share("{\"mode\":\"mps\",\"mem_mib\":\"1\"}"));
	assert_mig(MIG_ERROR_STATE_CORRUPT,
		   load_with_share("{\"mode\":\"timeslice\",\"threads\":10}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_client_limit),
		cmocka_unit_test(test_admit_modes),
		cmocka_unit_test(test_admit_mps_limits),
		cmocka_unit_test(test_state_mps),
		cmocka_unit_test(test_state_memory_and_whole_gpu),
		cmocka_unit_test(test_state_file),
		cmocka_unit_test(test_state_file_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
