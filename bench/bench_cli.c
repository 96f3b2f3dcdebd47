/*
 * bench_cli.c - how long migctl commands take, as a user sees them: the
 * wall time of fork + exec + run + exit of the built migctl, stdout and
 * stderr to /dev/null.
 *
 *   mig-bench-cli [-n RUNS] [MIGCTL]
 *
 * Each command runs RUNS times (default 200) in a temporary node and is
 * reported as median and 90th percentile in milliseconds.  Listings run on
 * an H100 with MIG on and a few instances (a 3g and two 1g, with CIs); the
 * mutating pair (-cgi 9 -C, then -dci and -dgi) on a second H100 node with
 * MIG on and nothing else, so the destroys remove exactly what was made.
 * Run by hand, never by ctest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mig.h"

#ifndef MIGCTL_PATH
#define MIGCTL_PATH "migctl"
#endif

#define MAX_RUNS 100000

static const char *migctl = MIGCTL_PATH;
static double *samples[4];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Run `migctl args...` in node `dir`; its wall time in ms, or -1 if it failed. */
static double timed(const char *dir, char *const *args)
{
	char *argv[16];
	int n = 0, status;
	double t0 = now_ms(), t1;
	pid_t pid;

	argv[n++] = (char *)migctl;
	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		setenv("MIGCTL_STATE_DIR", dir, 1);
		dup2(null, 1);
		dup2(null, 2);
		execv(migctl, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	t1 = now_ms();
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t1 - t0 : -1;
}

static void report(const char *name, double *s, int n)
{
	qsort(s, (size_t)n, sizeof(*s), by_value);
	printf("%-34s median %8.3f ms   p90 %8.3f ms   (%d runs)\n", name, s[n / 2],
	       s[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], n);
}

static int make_node(const char *dir, int with_instances)
{
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	int act, rc;
	unsigned gi, ci;

	spec.model = mig_catalog_find("H100-SXM5-80GB");
	rc = mig_state_new(&st);
	if (!rc)
		rc = mig_state_add_gpu(st, &spec);
	if (!rc)
		rc = mig_set_mig_mode(st, 0, 1, &act);
	for (unsigned i = 0; with_instances && !rc && i < 3; i++) {
		static const unsigned profile[] = {9, 19, 19}, start[] = {4, 0, 1}, size[] = {4, 1, 1};
		mig_placement at = {start[i], size[i]};

		rc = mig_create_gi(&gi, st, 0, profile[i], &at);
		if (!rc)
			rc = mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL);
	}
	if (!rc)
		rc = mig_node_create(dir, st, 1);
	mig_state_free(st);
	if (rc)
		fprintf(stderr, "mig-bench-cli: making a node: %s\n", mig_errmsg());
	return rc;
}

static int bench_one(const char *name, const char *dir, char *const *args, int runs)
{
	int n = 0;

	for (int i = 0; i < runs; i++) {
		double t = timed(dir, args);

		if (t < 0) {
			printf("%-34s FAILED (migctl exited non-zero)\n", name);
			return -1;
		}
		samples[0][n++] = t;
	}
	report(name, samples[0], n);
	return 0;
}

int main(int argc, char **argv)
{
	static char *lgip[] = {"mig", "-lgip", NULL}, *lgi[] = {"mig", "-lgi", NULL},
		    *list[] = {"-L", NULL}, *show[] = {"show", NULL},
		    *cgi[] = {"mig", "-cgi", "9", "-C", NULL}, *dci[] = {"mig", "-dci", NULL},
		    *dgi[] = {"mig", "-dgi", NULL};
	char listing[] = "/tmp/mig-bench-cli.XXXXXX", mutating[] = "/tmp/mig-bench-cli.XXXXXX";
	int runs = 200, failed = 0, n = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else
			migctl = argv[i];
	}
	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: mig-bench-cli [-n RUNS (1..%d)] [MIGCTL]\n", MAX_RUNS);
		return 2;
	}
	for (int i = 0; i < 4; i++)
		samples[i] = calloc((size_t)runs, sizeof(double));
	if (!mkdtemp(listing) || !mkdtemp(mutating) || make_node(listing, 1) ||
	    make_node(mutating, 0))
		return 1;
	printf("migctl %s, %d runs per command (fork + exec + exit, wall time)\n", migctl, runs);
	failed |= bench_one("migctl mig -lgip", listing, lgip, runs);
	failed |= bench_one("migctl mig -lgi", listing, lgi, runs);
	failed |= bench_one("migctl -L", listing, list, runs);
	failed |= bench_one("migctl show", listing, show, runs);
	/* The mutating pair: each command timed alone, in sequence. */
	for (int i = 0; i < runs; i++) {
		double a = timed(mutating, cgi), b = a < 0 ? -1 : timed(mutating, dci),
		       c = b < 0 ? -1 : timed(mutating, dgi);

		if (c < 0) {
			printf("%-34s FAILED (migctl exited non-zero)\n", "migctl mig -cgi 9 -C / -dci / -dgi");
			failed = 1;
			break;
		}
		samples[1][n] = a;
		samples[2][n] = b;
		samples[3][n] = c;
		samples[0][n++] = a + b + c;
	}
	if (n == runs) {
		report("migctl mig -cgi 9 -C", samples[1], n);
		report("migctl mig -dci", samples[2], n);
		report("migctl mig -dgi", samples[3], n);
		report("  create + destroy, together", samples[0], n);
	}
	mig_node_remove(listing);
	mig_node_remove(mutating);
	rmdir(listing);
	rmdir(mutating);
	for (int i = 0; i < 4; i++)
		free(samples[i]);
	return failed ? 1 : 0;
}
