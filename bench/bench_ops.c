/*
 * bench_ops.c - how long libmig's operations take, in memory and on disk.
 *
 * Every call is timed on its own with CLOCK_MONOTONIC and reported as the
 * median and 90th percentile in microseconds; the median says what a call
 * costs, p90 how steady it is.  Whatever a sample needs around the call
 * (undoing a create, freeing a result) stays outside the timed region, so
 * each figure is the operation alone.  Each operation stops at its
 * iteration count or its time budget, whichever comes first, which keeps a
 * slow disk from stretching the whole run past ~20 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "mig.h"

#define MAX_SAMPLES 20000

static double samples[MAX_SAMPLES];

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, size_t n)
{
	qsort(samples, n, sizeof(samples[0]), by_value);
	printf("%-36s %8zu %12.3f %12.3f\n", name, n, samples[n / 2],
	       samples[n * 9 / 10 < n ? n * 9 / 10 : n - 1]);
	fflush(stdout);
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "mig-bench: %s: %s (%s)\n", what, mig_strerror(rc), mig_errmsg());
	exit(1);
}

#define CHECK(what, call)                     \
	do {                                  \
		int rc_ = (call);             \
		if (rc_ != MIG_SUCCESS)       \
			die((what), rc_);     \
	} while (0)

/* One iteration-or-budget loop: `body` sets t to the sample's duration. */
#define MEASURE(name, iters, budget_s, body)                                    \
	do {                                                                    \
		double deadline_ = now_us() + (budget_s) * 1e6;                 \
		size_t n_ = 0;                                                  \
		while (n_ < (size_t)(iters) && n_ < MAX_SAMPLES &&              \
		       (n_ < 10 || now_us() < deadline_)) {                     \
			double t;                                               \
			body;                                                   \
			samples[n_++] = t;                                      \
		}                                                               \
		report((name), n_);                                             \
	} while (0)

static const mig_model *model(const char *key)
{
	const mig_model *m = mig_catalog_find(key);

	if (!m) {
		fprintf(stderr, "mig-bench: the catalog lacks %s\n", key);
		exit(1);
	}
	return m;
}

/* An H100 and an A100 with MIG on, and nothing else. */
static mig_state *empty_state(void)
{
	mig_gpu_spec spec = {0};
	mig_state *st;

	CHECK("new state", mig_state_new(&st));
	spec.model = model("H100-SXM5-80GB");
	CHECK("adding the H100", mig_state_add_gpu(st, &spec));
	spec.model = model("A100-SXM4-40GB");
	CHECK("adding the A100", mig_state_add_gpu(st, &spec));
	CHECK("enabling MIG", mig_set_mig_mode(st, 0, 1, NULL));
	CHECK("enabling MIG", mig_set_mig_mode(st, 1, 1, NULL));
	return st;
}

/* A busy node: nine MIG devices over both GPUs, one H100 slice free, a process. */
static mig_state *busy_state(void)
{
	mig_state *st = empty_state();
	mig_process p;
	unsigned gi;

	CHECK("3g", mig_create_gi(&gi, st, 0, 9, NULL));
	CHECK("3g CI", mig_create_ci(NULL, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	CHECK("2g", mig_create_gi(&gi, st, 0, 14, NULL));
	CHECK("1c", mig_create_ci(NULL, st, 0, gi, 0, NULL));
	CHECK("1c", mig_create_ci(NULL, st, 0, gi, 0, NULL));
	CHECK("1g", mig_create_gi(&gi, st, 0, 19, NULL));
	CHECK("1g CI", mig_create_ci(NULL, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	CHECK("4g", mig_create_gi(&gi, st, 1, 5, NULL));
	for (int i = 0; i < 4; i++)
		CHECK("1c", mig_create_ci(NULL, st, 1, gi, 0, NULL));
	CHECK("3g", mig_create_gi(&gi, st, 1, 9, NULL));
	CHECK("3g CI", mig_create_ci(NULL, st, 1, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "mig-bench");
	p.used_mib = 1024;
	p.gpu = 0;
	p.gi = p.ci = MIG_NONE;
	CHECK("attaching a process", mig_process_attach(st, &p));
	return st;
}

static void bench_state(void)
{
	mig_state *st = empty_state(), *busy = busy_state(), *parsed;
	const mig_gi_profile *profs[MIG_MAX_GI_PROFILES];
	mig_gi_profile_info info;
	mig_device_info devs[64];
	mig_placement pl[16];
	size_t nprof, count;
	unsigned gi, ci, left;
	char *text;

	/* One 1g already placed, so auto placement has a choice to weigh. */
	CHECK("1g", mig_create_gi(NULL, st, 0, 19, NULL));
	MEASURE("create_gi(3g.40gb,auto)", 20000, 1.0, {
		double t0 = now_us();
		int rc = mig_create_gi(&gi, st, 0, 9, NULL);
		t = now_us() - t0;
		if (rc)
			die("create_gi", rc);
		mig_destroy_gi(st, 0, gi);
	});
	MEASURE("create_gi(1g.10gb,auto)", 20000, 1.0, {
		double t0 = now_us();
		int rc = mig_create_gi(&gi, st, 0, 19, NULL);
		t = now_us() - t0;
		if (rc)
			die("create_gi", rc);
		mig_destroy_gi(st, 0, gi);
	});
	MEASURE("destroy_gi", 20000, 1.0, {
		double t0;
		int rc;
		CHECK("create_gi", mig_create_gi(&gi, st, 0, 9, NULL));
		t0 = now_us();
		rc = mig_destroy_gi(st, 0, gi);
		t = now_us() - t0;
		if (rc)
			die("destroy_gi", rc);
	});
	CHECK("3g", mig_create_gi(&gi, st, 0, 9, NULL));
	MEASURE("create_ci(default)", 20000, 1.0, {
		double t0 = now_us();
		int rc = mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL);
		t = now_us() - t0;
		if (rc)
			die("create_ci", rc);
		mig_destroy_ci(st, 0, gi, ci);
	});
	MEASURE("destroy_ci", 20000, 1.0, {
		double t0;
		int rc;
		CHECK("create_ci", mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
		t0 = now_us();
		rc = mig_destroy_ci(st, 0, gi, ci);
		t = now_us() - t0;
		if (rc)
			die("destroy_ci", rc);
	});

	if (mig_gpu_gi_profiles(profs, MIG_MAX_GI_PROFILES, &nprof, busy, 0) != MIG_SUCCESS)
		nprof = 0;
	if (nprof > 32)
		nprof = 32;
	MEASURE("gi_remaining(all profiles)", 20000, 1.0, {
		double t0 = now_us();
		for (size_t i = 0; i < nprof; i++) {
			mig_gi_profile_get(profs[i], &info);
			if (mig_gi_remaining(&left, busy, 0, info.id))
				die("gi_remaining", 1);
		}
		t = now_us() - t0;
	});
	MEASURE("gi_possible_placements(all)", 20000, 1.0, {
		double t0 = now_us();
		for (size_t i = 0; i < nprof; i++) {
			mig_gi_profile_get(profs[i], &info);
			if (mig_gi_possible_placements(pl, 16, &count, busy, 0, info.id))
				die("gi_possible_placements", 1);
		}
		t = now_us() - t0;
	});
	MEASURE("device_list(all GPUs)", 20000, 1.0, {
		double t0 = now_us();
		int rc = mig_device_list(devs, 64, &count, busy, (unsigned)-1);
		t = now_us() - t0;
		if (rc)
			die("device_list", rc);
	});
	MEASURE("state_to_json", 20000, 1.5, {
		double t0 = now_us();
		int rc = mig_state_to_json(&text, busy);
		t = now_us() - t0;
		if (rc)
			die("state_to_json", rc);
		free(text);
	});
	CHECK("encoding", mig_state_to_json(&text, busy));
	MEASURE("state_from_json", 20000, 1.5, {
		double t0 = now_us();
		int rc = mig_state_from_json(&parsed, text, strlen(text));
		t = now_us() - t0;
		if (rc)
			die("state_from_json", rc);
		mig_state_free(parsed);
	});
	printf("# state file of the busy node: %zu bytes, %zu MIG devices\n", strlen(text),
	       (mig_device_list(NULL, 0, &count, busy, (unsigned)-1), count));
	free(text);
	mig_state_free(busy);
	mig_state_free(st);
}

static void bench_node(void)
{
	const char *tmpdir = getenv("TMPDIR");
	char dir[4096], node_dir[4200];
	unsigned gi = 0;
	mig_state *busy = busy_state(), *st;
	mig_node *node;

	snprintf(dir, sizeof(dir), "%s/mig-bench.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mig-bench: mkdtemp");
		exit(1);
	}
	snprintf(node_dir, sizeof(node_dir), "%s/node", dir);
	CHECK("creating the node", mig_node_create(node_dir, busy, 0));
	mig_state_free(busy);
	CHECK("opening the node", mig_node_open(&node, node_dir, 0));
	printf("# node in %s\n", node_dir);

	MEASURE("node_read", 5000, 2.0, {
		double t0 = now_us();
		int rc = mig_node_read(&st, node);
		t = now_us() - t0;
		if (rc)
			die("node_read", rc);
		mig_state_free(st);
	});
	MEASURE("node_begin+abort", 5000, 2.0, {
		double t0 = now_us();
		int rc = mig_node_begin(&st, node);
		if (rc)
			die("node_begin", rc);
		mig_node_abort(node, st);
		t = now_us() - t0;
	});
	/* Alternate create and destroy in the free slice so the node never fills up. */
	MEASURE("node_begin+create|destroy_gi+commit", 1000, 6.0, {
		double t0 = now_us();
		int rc = mig_node_begin(&st, node);
		if (rc)
			die("node_begin", rc);
		if (n_ % 2 == 0)
			rc = mig_create_gi(&gi, st, 0, 19, NULL);
		else
			rc = mig_destroy_gi(st, 0, gi);
		if (rc)
			die("changing the node", rc);
		rc = mig_node_commit(node, st);
		t = now_us() - t0;
		if (rc)
			die("node_commit", rc);
	});
	mig_node_close(node);
	CHECK("removing the node", mig_node_remove(node_dir));
	rmdir(node_dir);
	rmdir(dir);
}

int main(void)
{
	struct utsname u;
	double t0 = now_us();

	if (uname(&u) != 0)
		strcpy(u.machine, "?");
	printf("# machine: %s %s, nproc=%ld, libmig %s\n", u.sysname, u.machine,
	       sysconf(_SC_NPROCESSORS_ONLN), MIG_VERSION);
	printf("%-36s %8s %12s %12s\n", "# operation", "iters", "median_us", "p90_us");
	bench_state();
	bench_node();
	printf("# total %.1f s\n", (now_us() - t0) / 1e6);
	return 0;
}
