/*
 * bench_sim.c - the policy simulator's speed and memory (docs/simulator.md
 * "Performance"); prints figures, asserts nothing.
 *
 *   mig-bench-sim openb CSV     the full openb pod list on 6,212 A100 80GB GPUs, each policy
 *   mig-bench-sim synth [N G]   N synthetic jobs (default 1,000,000) on G GPUs (default 10,000)
 *                               under dynamic MIG
 *   mig-bench-sim growth        jobs x GPUs at four sizes each: time and the memory of one run
 *
 * Time is the thread's CPU time around sim_run (one core, whatever else the
 * machine runs); memory is the growth of the process's peak RSS over a run
 * (getrusage), so runs go from small to large.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim.h"

static double cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int one(const sim_trace *t, sim_policy p, unsigned gpus, const char *layout)
{
	sim_result *r;
	sim_opts o;
	long before = peak_kib();
	double t0;

	sim_opts_default(&o);
	o.policy = p;
	o.gpus = gpus;
	o.layout = layout;
	o.model = mig_catalog_find("A100-SXM4-80GB");
	t0 = cpu();
	if (sim_run(&r, t, &o)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	printf("%-10s %9zu jobs %6u GPUs  %8.2f s CPU  peak RSS +%7ld KiB  mean JCT %9.0f s  "
	       "moves %zu\n", sim_policy_name(p), t->n, gpus, cpu() - t0, peak_kib() - before,
	       r->cls[r->nclass].jct_mean, r->migrations);
	sim_result_free(r);
	return 0;
}

static int synth_run(size_t n, unsigned gpus, sim_policy p)
{
	sim_trace *t;
	int rc;

	if (sim_trace_synth(&t, n, gpus, 0.8, 1)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	rc = one(t, p, gpus, NULL);
	sim_trace_free(t);
	return rc;
}

static int openb(const char *path)
{
	sim_trace *t;
	int rc = 0;

	if (sim_trace_read(&t, path, NULL)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	for (int p = 0; p < SIM_NPOLICY && !rc; p++)
		rc = one(t, (sim_policy)p, 6212, p == SIM_STATIC || p == SIM_MIG_MPS ? "7g.80gb" : NULL);
	sim_trace_free(t);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "openb"))
		return openb(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "synth"))
		return synth_run(argc >= 3 ? strtoul(argv[2], NULL, 10) : 1000000,
				 argc >= 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 10000, SIM_DYNAMIC);
	if (argc >= 2 && !strcmp(argv[1], "growth")) {
		static const unsigned gpus[] = {1000, 2000, 4000, 8000};
		int rc = 0;

		for (size_t i = 0; i < 4 && !rc; i++)
			rc = synth_run(25 * (size_t)gpus[i], gpus[i], SIM_DYNAMIC);
		return rc;
	}
	fprintf(stderr, "usage: mig-bench-sim openb CSV | synth [JOBS GPUS] | growth\n");
	return 2;
}
