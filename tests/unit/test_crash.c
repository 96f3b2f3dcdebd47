/*
 * test_crash.c - a writer killed at any instant leaves a node that loads,
 * holds either the old or the new state, and accepts the next write.
 *
 * Two ways to kill: at each named stage of the durable write (the hook in
 * node_hooks.h), and at random instants of a busy writer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "../../src/node/node_hooks.h"

static int count_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, ".state.json.", 12) == 0;
	closedir(d);
	return n;
}

static char *json_of(const mig_state *st)
{
	char *s;

	assert_ok(mig_state_to_json(&s, st));
	return s;
}

static char *node_json(mig_node *node)
{
	mig_state *st;
	char *s;

	assert_ok(mig_node_read(&st, node));
	s = json_of(st);
	mig_state_free(st);
	return s;
}

/* The JSON with its generation zeroed; free() it. */
static char *without_generation(const char *json)
{
	const char *g = strstr(json, "\"generation\": ");
	const char *end;
	char *s;

	assert_non_null(g);
	g += strlen("\"generation\": ");
	for (end = g; *end >= '0' && *end <= '9'; end++)
		;
	s = malloc(strlen(json) + 2);
	assert_non_null(s);
	snprintf(s, strlen(json) + 2, "%.*s0%s", (int)(g - json), json, end);
	return s;
}

/* A node of one H100 with MIG enabled, in dir/node; returns that path. */
static char *make_node(const char *dir)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	size_t n = strlen(dir) + 8;
	char *path = malloc(n);

	assert_non_null(path);
	snprintf(path, n, "%s/node", dir);
	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	assert_non_null(spec.model);
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_ok(mig_node_create(path, st, 0));
	mig_state_free(st);
	return path;
}

/* The change every hook-stage child commits: a 1g.10gb GI at auto placement. */
static void change(mig_state *st)
{
	assert_ok(mig_create_gi(NULL, st, 0, 19, NULL));
}

/* Hook stages -------------------------------------------------------------------- */

static enum mig_write_stage seen[16];
static int nseen;
static enum mig_write_stage kill_at;

static void record_stage(enum mig_write_stage stage)
{
	if (nseen < 16)
		seen[nseen++] = stage;
}

static void kill_at_stage(enum mig_write_stage stage)
{
	if (stage == kill_at)
		raise(SIGKILL);
}

/* An undisturbed commit passes every stage once, in order. */
static void test_stages_in_order(void **state)
{
	char *tmp = tu_mkdtemp(), *dir = make_node(tmp);
	mig_node *node;
	mig_state *st;

	(void)state;
	assert_ok(mig_node_open(&node, dir, 0));
	assert_ok(mig_node_begin(&st, node));
	change(st);
	nseen = 0;
	mig__node_write_hook = record_stage;
	assert_ok(mig_node_commit(node, st));
	mig__node_write_hook = NULL;
	assert_int_equal(nseen, MIG_WRITE_STAGES - 1);
	for (int i = 0; i < nseen; i++)
		assert_int_equal(seen[i], MIG_WRITE_TEMP_CREATED + i);
	mig_node_close(node);
	tu_rmtree(tmp);
	free(dir);
	free(tmp);
}

static void test_kill_at_each_stage(void **state)
{
	(void)state;
	for (kill_at = MIG_WRITE_TEMP_CREATED; kill_at < MIG_WRITE_STAGES; kill_at++) {
		char *tmp = tu_mkdtemp(), *dir = make_node(tmp), *old, *now, *want;
		mig_node *node;
		mig_state *st;
		pid_t pid;
		int status;

		assert_ok(mig_node_open(&node, dir, 0));
		old = node_json(node);
		/* What the child's commit would have written. */
		assert_ok(mig_state_from_json(&st, old, strlen(old)));
		change(st);
		want = json_of(st);
		mig_state_free(st);

		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			mig__node_write_hook = kill_at_stage;
			if (mig_node_begin(&st, node))
				_exit(2);
			if (mig_create_gi(NULL, st, 0, 19, NULL))
				_exit(3);
			mig_node_commit(node, st);
			/* Reaching this line means the stage was never hit. */
			_exit(4);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFSIGNALED(status))
			print_error("stage %d: child exited with %d instead of dying\n", kill_at,
				    WEXITSTATUS(status));
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

		/* Until the rename, the old file stands; from it on, the new one. */
		now = node_json(node);
		if (kill_at < MIG_WRITE_RENAMED) {
			assert_string_equal(now, old);
			assert_int_equal(count_temps(dir), 1);
		} else {
			char *a, *b;

			/* want kept the old generation; the commit added one. */
			assert_ok(mig_state_from_json(&st, now, strlen(now)));
			assert_int_equal(mig_state_generation(st), 2);
			mig_state_free(st);
			a = without_generation(now);
			b = without_generation(want);
			assert_string_equal(a, b);
			free(a);
			free(b);
			assert_int_equal(count_temps(dir), 0);
		}

		/* The next writer sweeps the dead one's temp file and commits. */
		assert_ok(mig_node_begin(&st, node));
		assert_int_equal(count_temps(dir), 0);
		assert_ok(mig_create_gi(NULL, st, 0, 9, NULL));
		assert_ok(mig_node_commit(node, st));
		assert_ok(mig_node_read(&st, node));
		assert_int_equal(mig_state_generation(st), kill_at < MIG_WRITE_RENAMED ? 2 : 3);
		mig_state_free(st);
		assert_int_equal(count_temps(dir), 0);

		mig_node_close(node);
		free(want);
		free(now);
		free(old);
		tu_rmtree(tmp);
		free(dir);
		free(tmp);
	}
}

/* A crash while the default node is first written: no node, and the next open makes one. */
static void test_kill_during_creation(void **state)
{
	(void)state;
	for (kill_at = MIG_WRITE_TEMP_CREATED; kill_at < MIG_WRITE_STAGES; kill_at++) {
		char *tmp = tu_mkdtemp(), dir[4096];
		mig_node *node = NULL;
		mig_state *st;
		pid_t pid;
		int status;

		snprintf(dir, sizeof(dir), "%s/node", tmp);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			mig__node_write_hook = kill_at_stage;
			mig_node_open(&node, dir, MIG_NODE_CREATE);
			_exit(4);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		if (kill_at < MIG_WRITE_RENAMED) {
			assert_mig(MIG_ERROR_NOT_FOUND, mig_node_open(&node, dir, 0));
			assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
			assert_int_equal(mig_node_created(node), 1);
		} else {
			assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
			assert_int_equal(mig_node_created(node), 0);
		}
		assert_ok(mig_node_read(&st, node));
		assert_int_equal(mig_state_generation(st), 1);
		assert_int_equal(mig_state_gpu_count(st), 1);
		mig_state_free(st);
		assert_ok(mig_node_begin(&st, node));
		assert_ok(mig_node_commit(node, st));
		assert_int_equal(count_temps(dir), 0);
		mig_node_close(node);
		tu_rmtree(tmp);
		free(tmp);
	}
}

/* Random kills -------------------------------------------------------------------- */

#define ROUNDS 40

/* Commit random GI changes forever, reporting each committed generation on fd. */
static void busy_writer(const char *dir, int fd, unsigned seed)
{
	mig_node *node;

	if (mig_node_open(&node, dir, 0))
		_exit(2);
	for (;;) {
		static const unsigned profiles[] = {19, 15, 14, 9, 5, 0, 20};
		mig_gi_info gis[8];
		mig_state *st;
		uint64_t gen;
		size_t n = 0;

		if (mig_node_begin(&st, node))
			_exit(3);
		gen = mig_state_generation(st);
		if (mig_gi_list(gis, 8, &n, st, 0))
			_exit(5);
		if (n && rand_r(&seed) % 2)
			mig_destroy_gi(st, 0, gis[(size_t)rand_r(&seed) % n].id);
		else if (mig_create_gi(NULL, st, 0, profiles[rand_r(&seed) % 7], NULL) &&
			 n)
			mig_destroy_gi(st, 0, gis[0].id);
		if (mig_node_commit(node, st))
			_exit(6);
		gen++;
		if (write(fd, &gen, sizeof(gen)) != (ssize_t)sizeof(gen))
			_exit(7);
	}
}

static void test_random_kills(void **state)
{
	char *tmp = tu_mkdtemp(), *dir = make_node(tmp);
	unsigned seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);
	unsigned reported_total = 0, caught_new = 0;
	mig_node *node;

	(void)state;
	print_message("seed %u\n", seed);
	srand(seed);
	assert_ok(mig_node_open(&node, dir, 0));
	for (int round = 0; round < ROUNDS; round++) {
		struct timespec delay;
		uint64_t before, last, got, v;
		mig_state *st;
		int fds[2], status, temps;
		pid_t pid;
		ssize_t r;

		assert_ok(mig_node_read(&st, node));
		before = last = mig_state_generation(st);
		mig_state_free(st);
		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			busy_writer(dir, fds[1], seed + (unsigned)round);
		}
		close(fds[1]);
		delay.tv_sec = 0;
		delay.tv_nsec = (long)(rand() % 20001) * 1000L;
		nanosleep(&delay, NULL);
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* Anything but our SIGKILL means the writer failed on its own. */
		if (!WIFSIGNALED(status))
			print_error("round %d: writer exited with %d\n", round,
				    WEXITSTATUS(status));
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		while ((r = read(fds[0], &v, sizeof(v))) == (ssize_t)sizeof(v)) {
			assert_int_equal(v, last + 1);
			last = v;
			reported_total++;
		}
		assert_int_equal(r, 0);
		close(fds[0]);

		/* It loads and validates, at the last reported commit or the one after. */
		temps = count_temps(dir);
		assert_true(temps <= 1);
		assert_ok(mig_node_read(&st, node));
		got = mig_state_generation(st);
		mig_state_free(st);
		if (got != last && got != last + 1)
			print_error("round %d: generation %llu, last reported %llu\n", round,
				    (unsigned long long)got, (unsigned long long)last);
		assert_true(got == last || got == last + 1);
		assert_true(got >= before);
		caught_new += got == last + 1;

		assert_ok(mig_node_begin(&st, node));
		assert_int_equal(mig_state_generation(st), got);
		assert_ok(mig_node_commit(node, st));
		assert_int_equal(count_temps(dir), 0);
	}
	print_message("%u commits reported over %d kills; %u kills after an unreported commit\n",
		      reported_total, ROUNDS, caught_new);
	mig_node_close(node);
	tu_rmtree(tmp);
	free(dir);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages_in_order),
		cmocka_unit_test(test_kill_at_each_stage),
		cmocka_unit_test(test_kill_during_creation),
		cmocka_unit_test(test_random_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
