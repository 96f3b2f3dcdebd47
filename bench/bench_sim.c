/*
 * bench_sim.c - the policy simulator's speed and memory (docs/simulator.md
 * "Performance"); prints figures, asserts nothing.
 *
 *   mig-bench-sim openb CSV     the full openb pod list on 6,212 A100 80GB GPUs, each policy
 *   mig-bench-sim synth [N G [R]]
 *                               N synthetic jobs (default 1,000,000) on G GPUs (default 10,000)
 *                               under dynamic MIG, right-sizing at --min-rate R (default 0.85;
 *                               the synthetic shares are k/7, so only R < 0.75 right-sizes)
 *   mig-bench-sim mixed [N G]   N synthetic jobs (default 1,000,000) on G GPUs (default 10,000),
 *                               half A100 80GB and half A30 24GB, each policy (static and
 *                               mig+mps at a given layout per model; docs/simulator.md#mixed-fleets)
 *   mig-bench-sim growth        jobs x GPUs at four sizes each: time and the memory of one run
 *   mig-bench-sim plan-cost     one call of the planner, one request, at 1 to 10,000 GPUs,
 *                               and the fleet's JSON written and read back, the round trip
 *                               the in-memory fleet spares the simulator (docs/simulator.md#planner)
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

#include "migplan.h"
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

static int run_opts(const sim_trace *t, const sim_opts *o, unsigned gpus)
{
	sim_result *r;
	long before = peak_kib();
	double t0 = cpu();

	if (sim_run(&r, t, o)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	printf("%-10s %9zu jobs %6u GPUs  %8.2f s CPU  peak RSS +%7ld KiB  mean JCT %9.0f s  "
	       "moves %zu  misses %zu  planner calls %zu  right-sized %zu\n",
	       sim_policy_name(o->policy), t->n, gpus, cpu() - t0, peak_kib() - before,
	       r->cls[r->nclass].jct_mean, r->migrations, r->misses, r->planner_calls, r->right_sized);
	sim_result_free(r);
	return 0;
}

static int one(const sim_trace *t, sim_policy p, unsigned gpus, const char *layout, double min_rate)
{
	sim_opts o;

	sim_opts_default(&o);
	o.policy = p;
	o.gpus = gpus;
	o.layout = layout;
	if (min_rate > 0)
		o.min_rate = min_rate;
	o.model = mig_catalog_find("A100-SXM4-80GB");
	return run_opts(t, &o, gpus);
}

/* Every policy on a fleet of half A100 80GB, half A30 24GB. */
static int mixed(size_t n, unsigned gpus)
{
	sim_trace *t;
	sim_opts o;
	int rc = 0;

	if (sim_trace_synth(&t, n, gpus, 0.8, 1)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	sim_opts_default(&o);
	o.nparts = 2;
	o.part[0] = (sim_part){mig_catalog_find("A100-SXM4-80GB"), gpus - gpus / 2};
	o.part[1] = (sim_part){mig_catalog_find("A30-24GB"), gpus / 2};
	o.layout = "A100-SXM4-80GB=3g.40gb,2g.20gb,1g.10gb,1g.10gb,A30-24GB=2g.12gb,1g.6gb,1g.6gb";
	for (int p = 0; p < SIM_NPOLICY && !rc; p++) {
		o.policy = (sim_policy)p;
		rc = run_opts(t, &o, gpus);
	}
	sim_trace_free(t);
	return rc;
}

static int synth_run(size_t n, unsigned gpus, sim_policy p, double min_rate)
{
	sim_trace *t;
	int rc;

	if (sim_trace_synth(&t, n, gpus, 0.8, 1)) {
		fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
		return 1;
	}
	rc = one(t, p, gpus, NULL, min_rate);
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
		rc = one(t, (sim_policy)p, 6212, p == SIM_STATIC || p == SIM_MIG_MPS ? "7g.80gb" : NULL, 0);
	sim_trace_free(t);
	return rc;
}

/* One request planned on fleet f (copied from JSON first when `json`): CPU seconds added. */
static int plan_once(migplan_fleet *f, const migplan_demand *d, int json, double *json_s, double *plan_s)
{
	migplan_opts po = {MIGPLAN_OPTS_VERSION, 1, 0};
	migplan_fleet *copy = NULL;
	migplan_result *r = NULL;
	char *text = NULL;
	double t0 = cpu();
	int rc = 0;

	if (json && !(rc = migplan_fleet_json(&text, f)))
		rc = migplan_fleet_parse(&copy, text, strlen(text), "fleet.json");
	*json_s += cpu() - t0;
	t0 = cpu();
	if (!rc)
		rc = migplan_plan(&r, copy ? copy : f, d, &po);
	*plan_s += cpu() - t0;
	migplan_result_free(r);
	migplan_fleet_free(copy);
	free(text);
	return rc;
}

/*
 * What one planner call would cost on a dynamic miss (docs/simulator.md#planner):
 * the plan of one request on a fleet of n GPUs (60 % busy, 20 % idle), and,
 * up to 1,000 GPUs, the fleet's JSON written and read back first -- the only
 * way the public API takes a fleet other than a file, one node's mig_state or
 * a synthetic one.
 */
static int plan_cost(void)
{
	static const unsigned sizes[] = {1, 48, 1000, 6212, 10000};
	static const char demand[] = "{\"requests\": [{\"id\": \"job\", \"profile\": \"3g.40gb\"}]}";
	migplan_demand *d = NULL;

	if (migplan_demand_parse(&d, demand, strlen(demand), "demand.json"))
		goto fail;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		migplan_synth_opts so = {MIGPLAN_SYNTH_OPTS_VERSION, sizes[i], 8, "A100-SXM4-80GB", 0.6, 0.2, 1};
		unsigned calls = sizes[i] >= 1000 ? 10 : 100;
		double json_s = 0, plan_s = 0, none = 0;
		migplan_fleet *f = NULL;

		if (migplan_fleet_synth(&f, &so))
			goto fail;
		for (unsigned c = 0; c < calls; c++)
			if (plan_once(f, d, 0, &none, &plan_s) ||
			    (sizes[i] <= 1000 && plan_once(f, d, 1, &json_s, &none))) {
				migplan_fleet_free(f);
				goto fail;
			}
		printf("planner, one request on %5u GPUs: plan %8.3f ms CPU", sizes[i], 1e3 * plan_s / calls);
		if (sizes[i] <= 1000)
			printf("; fleet JSON written and read back %8.3f ms", 1e3 * json_s / calls);
		printf(" (mean of %u)\n", calls);
		migplan_fleet_free(f);
	}
	migplan_demand_free(d);
	return 0;
fail:
	fprintf(stderr, "mig-bench-sim: %s\n", mig_errmsg());
	migplan_demand_free(d);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "openb"))
		return openb(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "synth"))
		return synth_run(argc >= 3 ? strtoul(argv[2], NULL, 10) : 1000000,
				 argc >= 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 10000, SIM_DYNAMIC,
				 argc >= 5 ? strtod(argv[4], NULL) : 0);
	if (argc >= 2 && !strcmp(argv[1], "mixed"))
		return mixed(argc >= 3 ? strtoul(argv[2], NULL, 10) : 1000000,
			     argc >= 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 10000);
	if (argc >= 2 && !strcmp(argv[1], "growth")) {
		static const unsigned gpus[] = {1000, 2000, 4000, 8000};
		int rc = 0;

		for (size_t i = 0; i < 4 && !rc; i++)
			rc = synth_run(25 * (size_t)gpus[i], gpus[i], SIM_DYNAMIC, 0);
		return rc;
	}
	if (argc >= 2 && !strcmp(argv[1], "plan-cost"))
		return plan_cost();
	fprintf(stderr, "usage: mig-bench-sim openb CSV | synth [JOBS GPUS [MIN_RATE]] | mixed [JOBS GPUS] | "
		"growth | plan-cost\n");
	return 2;
}
