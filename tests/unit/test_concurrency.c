/*
 * test_concurrency.c - processes sharing one node lose nothing.
 *
 * Workers hammer the same node with one-operation batches and log each
 * commit with the generation it produced.  If the lock and the durable
 * write are right, the generations form a gapless sequence and replaying
 * the log in that order on the initial state reproduces every result and
 * the final file exactly; a lost update shows up as a gap, a duplicate or
 * a diverging replay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define WORKERS 6
#define OPS_PER_WORKER 150
#define MAX_ENTRIES (WORKERS * OPS_PER_WORKER)

enum op { OP_CREATE_GI, OP_CREATE_CI, OP_DESTROY_CI, OP_DESTROY_GI };

static const char *const op_names[] = {"CGI", "CCI", "DCI", "DGI"};

/* One committed operation: its arguments and what it returned. */
typedef struct entry {
	unsigned long long gen;
	enum op op;
	unsigned gpu, a, b; /* CGI: profile, -; CCI/DGI: gi, -; DCI: gi, ci */
	unsigned result;    /* CGI: new GI ID; CCI: new CI ID; else 0 */
} entry;

/* Worker side ----------------------------------------------------------------- */

typedef struct pick {
	unsigned gpu, gi, ci;
} pick;

/* Targets on every GPU: each CI (want_ci), else each GI (only those without CIs if gi_empty). */
static size_t collect(pick *out, size_t cap, const mig_state *st, int want_ci, int gi_empty)
{
	size_t n = 0;

	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		mig_gi_info gis[8];
		size_t ngi = 0;

		if (mig_gi_list(gis, 8, &ngi, st, g))
			continue;
		for (size_t i = 0; i < ngi; i++) {
			if (want_ci) {
				mig_ci_info cis[8];
				size_t nci = 0;

				if (mig_ci_list(cis, 8, &nci, st, g, gis[i].id))
					continue;
				for (size_t j = 0; j < nci && n < cap; j++)
					out[n++] = (pick){g, gis[i].id, cis[j].id};
			} else if (!gi_empty || gis[i].ci_count == 0) {
				if (n < cap)
					out[n++] = (pick){g, gis[i].id, 0};
			}
		}
	}
	return n;
}

/* Try one random operation on st; 0 and *e filled when it applied. */
static int random_op(entry *e, mig_state *st, unsigned *seed)
{
	pick picks[64];
	size_t n;
	int r = (int)(rand_r(seed) % 100);

	memset(e, 0, sizeof(*e));
	if (r < 35) {
		const mig_gi_profile *profs[MIG_MAX_GI_PROFILES];
		mig_gi_profile_info info;
		size_t np;

		e->op = OP_CREATE_GI;
		e->gpu = (unsigned)rand_r(seed) % mig_state_gpu_count(st);
		if (mig_gpu_gi_profiles(profs, MIG_MAX_GI_PROFILES, &np, st, e->gpu) != MIG_SUCCESS)
			np = 0;
		if (np == 0)
			return -1;
		if (np > 32)
			np = 32;
		mig_gi_profile_get(profs[(size_t)rand_r(seed) % np], &info);
		e->a = info.id;
		return mig_create_gi(&e->result, st, e->gpu, e->a, NULL);
	}
	if (r < 60) {
		e->op = OP_CREATE_CI;
		n = collect(picks, 64, st, 0, 1);
		if (!n)
			return -1;
		n = (size_t)rand_r(seed) % n;
		e->gpu = picks[n].gpu;
		e->a = picks[n].gi;
		return mig_create_ci(&e->result, st, e->gpu, e->a, MIG_CI_PROFILE_DEFAULT, NULL);
	}
	if (r < 80) {
		e->op = OP_DESTROY_CI;
		n = collect(picks, 64, st, 1, 0);
		if (!n)
			return -1;
		n = (size_t)rand_r(seed) % n;
		e->gpu = picks[n].gpu;
		e->a = picks[n].gi;
		e->b = picks[n].ci;
		return mig_destroy_ci(st, e->gpu, e->a, e->b);
	}
	e->op = OP_DESTROY_GI;
	n = collect(picks, 64, st, 0, 1);
	if (!n)
		return -1;
	n = (size_t)rand_r(seed) % n;
	e->gpu = picks[n].gpu;
	e->a = picks[n].gi;
	return mig_destroy_gi(st, e->gpu, e->a);
}

#define WORKER_FAIL(...)                                                 \
	do {                                                             \
		fprintf(stderr, "worker %d: ", id);                     \
		fprintf(stderr, __VA_ARGS__);                            \
		fprintf(stderr, ": %s\n", mig_errmsg());                \
		_exit(1);                                                \
	} while (0)

/* A worker's whole life; exits 0 when every call behaved. */
static void worker(int id, const char *dir, const char *log_path, unsigned seed)
{
	unsigned long long seen = 0;
	mig_node *node;
	mig_state *st;
	entry e;
	FILE *log = fopen(log_path, "w");

	if (!log)
		WORKER_FAIL("opening %s", log_path);
	if (mig_node_open(&node, dir, 0))
		WORKER_FAIL("opening the node");
	for (int i = 0; i < OPS_PER_WORKER; i++) {
		unsigned long long gen;

		/* Readers share the lock with each other, never with a writer. */
		if (rand_r(&seed) % 4 == 0) {
			if (mig_node_read(&st, node))
				WORKER_FAIL("reading");
			if (mig_state_generation(st) < seen)
				WORKER_FAIL("generation went back from %llu to %llu", seen,
					    (unsigned long long)mig_state_generation(st));
			seen = mig_state_generation(st);
			mig_state_free(st);
		}
		if (mig_node_begin(&st, node))
			WORKER_FAIL("begin");
		gen = mig_state_generation(st);
		if (gen < seen)
			WORKER_FAIL("begin saw generation %llu after %llu", gen, seen);
		if (random_op(&e, st, &seed) != MIG_SUCCESS) {
			mig_node_abort(node, st);
			seen = gen;
			continue;
		}
		if (mig_node_commit(node, st))
			WORKER_FAIL("commit");
		seen = gen + 1;
		fprintf(log, "%llu %s %u %u %u %u\n", gen + 1, op_names[e.op], e.gpu, e.a, e.b,
			e.result);
	}
	mig_node_close(node);
	if (fclose(log) != 0)
		WORKER_FAIL("writing %s", log_path);
	_exit(0);
}

/* Parent side ------------------------------------------------------------------ */

static size_t read_log(entry *out, size_t cap, const char *path)
{
	FILE *f = fopen(path, "r");
	char name[8];
	size_t n = 0;
	entry e;

	assert_non_null(f);
	memset(&e, 0, sizeof(e));
	while (fscanf(f, "%llu %7s %u %u %u %u", &e.gen, name, &e.gpu, &e.a, &e.b, &e.result) ==
	       6) {
		int op;

		for (op = 0; op < 4 && strcmp(name, op_names[op]); op++)
			;
		assert_true(op < 4);
		e.op = (enum op)op;
		assert_true(n < cap);
		out[n++] = e;
	}
	assert_true(feof(f));
	fclose(f);
	return n;
}

static int by_gen(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	return x->gen < y->gen ? -1 : x->gen > y->gen;
}

static char *to_json_nogen(const mig_state *st)
{
	char *s, *g, *end;

	assert_ok(mig_state_to_json(&s, st));
	g = strstr(s, "\"generation\": ");
	assert_non_null(g);
	g += strlen("\"generation\": ");
	for (end = g; *end >= '0' && *end <= '9'; end++)
		;
	memmove(g + 1, end, strlen(end) + 1);
	*g = '0';
	return s;
}

static void replay(mig_state *st, const entry *e)
{
	unsigned got = 0;

	switch (e->op) {
	case OP_CREATE_GI:
		assert_ok(mig_create_gi(&got, st, e->gpu, e->a, NULL));
		break;
	case OP_CREATE_CI:
		assert_ok(mig_create_ci(&got, st, e->gpu, e->a, MIG_CI_PROFILE_DEFAULT, NULL));
		break;
	case OP_DESTROY_CI:
		assert_ok(mig_destroy_ci(st, e->gpu, e->a, e->b));
		break;
	case OP_DESTROY_GI:
		assert_ok(mig_destroy_gi(st, e->gpu, e->a));
		break;
	}
	if (got != e->result)
		print_error("generation %llu: %s on GPU %u (%u, %u) gave %u on replay, %u live\n",
			    e->gen, op_names[e->op], e->gpu, e->a, e->b, got, e->result);
	assert_int_equal(got, e->result);
}

static void test_workers_lose_nothing(void **state)
{
	char *dir = tu_mkdtemp(), *logs = tu_mkdtemp(), *node_dir, *initial, *final, *replayed;
	mig_gpu_spec spec = {0};
	mig_state *st, *fresh;
	mig_node *node;
	entry *all = calloc(MAX_ENTRIES, sizeof(*all));
	unsigned long long first, last;
	pid_t pids[WORKERS];
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	size_t n = 0;
	char path[4096];

	(void)state;
	assert_non_null(dir);
	assert_non_null(logs);
	assert_non_null(all);
	print_message("seed %u\n", seed);

	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	assert_non_null(spec.model);
	assert_ok(mig_state_add_gpu(st, &spec));
	spec.model = mig_catalog_find("A100-SXM4-40GB");
	assert_non_null(spec.model);
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_ok(mig_set_mig_mode(st, 1, 1, NULL));
	snprintf(path, sizeof(path), "%s/node", dir);
	node_dir = strdup(path);
	assert_ok(mig_node_create(node_dir, st, 0));
	mig_state_free(st);

	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_read(&st, node));
	first = mig_state_generation(st);
	assert_ok(mig_state_to_json(&initial, st));
	mig_state_free(st);

	for (int i = 0; i < WORKERS; i++) {
		snprintf(path, sizeof(path), "%s/worker%d.log", logs, i);
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			worker(i, node_dir, path, seed + (unsigned)i * 7919u);
	}
	for (int i = 0; i < WORKERS; i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			print_error("worker %d ended with status 0x%x\n", i, status);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}

	for (int i = 0; i < WORKERS; i++) {
		snprintf(path, sizeof(path), "%s/worker%d.log", logs, i);
		n += read_log(all + n, MAX_ENTRIES - n, path);
	}
	assert_ok(mig_node_read(&st, node));
	last = mig_state_generation(st);
	final = to_json_nogen(st);
	mig_state_free(st);
	print_message("%zu commits by %d workers, generations %llu..%llu\n", n, WORKERS, first,
		      last);
	/* A run that hardly committed would prove nothing. */
	assert_true(n >= MAX_ENTRIES / 4);

	/* (a) every generation first+1..last exactly once */
	qsort(all, n, sizeof(*all), by_gen);
	assert_int_equal(last - first, n);
	for (size_t i = 0; i < n; i++) {
		if (all[i].gen != first + 1 + i)
			print_error("entry %zu has generation %llu, expected %llu\n", i, all[i].gen,
				    first + 1 + i);
		assert_int_equal(all[i].gen, first + 1 + i);
	}

	/* (b) the log, replayed in order, reproduces every result and the final state */
	assert_ok(mig_state_from_json(&fresh, initial, strlen(initial)));
	for (size_t i = 0; i < n; i++)
		replay(fresh, &all[i]);
	replayed = to_json_nogen(fresh);
	assert_string_equal(replayed, final);
	mig_state_free(fresh);

	mig_node_close(node);
	free(replayed);
	free(final);
	free(initial);
	free(all);
	free(node_dir);
	tu_rmtree(logs);
	tu_rmtree(dir);
	free(logs);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workers_lose_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
