/*
 * cmd_sim.c - the policy simulator (src/sim, docs/simulator.md).
 *
 *   migctl sim (-t TRACE | --synth N) (--fleet FLEET | --gpus N [--model M])
 *              [-p POLICIES] [--layout L] [--json] [--gpus-needed LO:HI] ...
 *
 * One run compares the policies given (all six by default) on the same
 * trace and fleet: a table per policy and class, or JSON.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "migplan.h"
#include "plot.h"
#include "sim.h"
#include "util.h"

enum {
	OPT_TRACE = 1, OPT_SYNTH, OPT_LOAD, OPT_SEED, OPT_FLEET, OPT_GPUS, OPT_MODEL, OPT_POLICY,
	OPT_LAYOUT, OPT_JSON, OPT_OP_S, OPT_DRAIN_S, OPT_CLIENTS, OPT_REPLICAS, OPT_DELAY_S,
	OPT_SPEED, OPT_DAYS, OPT_CLASS_BY, OPT_NEEDED, OPT_MAX_DELAYED, OPT_CHECK, OPT_CALIBRATE,
	OPT_RUNS, OPT_TIES, OPT_PLOT, OPT_MIN_RATE
};

const cli_opt sim_cli_opts[] = {
	{OPT_TRACE, 't', "trace", "FILE", "jobs: the openb pod list, or a job list (CSV or JSON, docs/simulator.md#job-list)"},
	{OPT_SYNTH, 0, "synth", "N", "instead of a trace: N synthetic jobs (Poisson arrivals)"},
	{OPT_LOAD, 0, "load", "L", "synth: offered load as a share of the fleet (default 0.8)"},
	{OPT_SEED, 0, "seed", "S", "synth: random seed (default 1)"},
	{OPT_FLEET, 0, "fleet", "FILE", "the fleet (docs/schemas/fleet.schema.json): its GPUs and their models"},
	{OPT_GPUS, 0, "gpus", "N", "a fleet of N GPUs (default 8)"},
	{OPT_MODEL, 0, "model", "M", "their model (default A100-SXM4-80GB)"},
	{OPT_POLICY, 'p', "policy", "LIST", "whole,static,dynamic,mps,timeslice,mig+mps (default: all)"},
	{OPT_LAYOUT, 0, "layout", "L", "static, mig+mps: the layout of every GPU (\"3g.40gb,2g.20gb,2g.20gb\"; a mixed fleet: \"MODEL=PROFILES,...\" per model); default: the best for the trace"},
	{OPT_JSON, 0, "json", NULL, "print the results as JSON"},
	{OPT_OP_S, 0, "op-s", "S", "dynamic: seconds per GI create or destroy (default 0.13)"},
	{OPT_DRAIN_S, 0, "drain-s", "S", "dynamic: seconds to drain and restart a moved job (default 30)"},
	{OPT_MIN_RATE, 0, "min-rate", "R", "dynamic: a fractional job may start on a smaller slice if it runs there at R or faster (default 0.85; 1: never)"},
	{OPT_CLIENTS, 0, "mps-clients", "N", "MPS clients per GPU, lowered in proportion under MIG (default 60, docs/sharing.md)"},
	{OPT_REPLICAS, 0, "replicas", "N", "time-slicing replicas per GPU (default 4)"},
	{OPT_DELAY_S, 0, "delay-s", "S", "a job waiting longer counts as delayed (default 1)"},
	{OPT_SPEED, 0, "speed-data", "DIR", "ParvaGPU's prof_data/ directory for measured speeds (default: parametric)"},
	{OPT_DAYS, 0, "days", "FROM:TO", "openb: pods created in these days only"},
	{OPT_CLASS_BY, 0, "class-by", "WHAT", "openb: job classes by 'share' (frac, whole, multi; default) or 'qos'"},
	{OPT_NEEDED, 0, "gpus-needed", "LO:HI", "also find the smallest fleet in LO..HI meeting --max-delayed"},
	{OPT_MAX_DELAYED, 0, "max-delayed", "F", "with --gpus-needed: share of each class's jobs allowed to be delayed (default 0.02)"},
	{OPT_CALIBRATE, 0, "calibrate", "NODES", "instead: fractional sharing of the -t openb pods on openb's node list, best-fit and FGD (docs/simulator.md#calibration)"},
	{OPT_RUNS, 0, "runs", "N", "with --calibrate: seeds 1..N (default 10)"},
	{OPT_TIES, 0, "ties", "HOW", "with --calibrate: equal scores go to the 'first' node (default) or a 'random' one"},
	{OPT_PLOT, 0, "plot", "FILE", "draw JCT CDFs, allocation and queue length over time per policy (FILE.png or FILE.svg)"},
	{OPT_CHECK, 0, "check", NULL, "check every layout against libmig as the run changes it (slower)"},
	{0}};

static int range(double *lo, double *hi, const char *s, double max)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	char first[64];

	if (!colon || (size_t)(colon - s) >= sizeof(first))
		return -1;
	memcpy(first, s, (size_t)(colon - s));
	first[colon - s] = 0;
	return util_parse_double(first, 0, max, lo) || util_parse_double(colon + 1, *lo, max, hi) ?
		       -1 : 0;
}

/* Numeric options into o; a usage error names the option and its range. */
static int number_opts(const cli_cmd *cmd, const cli_args *a, sim_opts *o)
{
	static const struct { int id; const char *name; double lo, hi; } spec[] = {
		{OPT_GPUS, "--gpus", 1, 1000000}, {OPT_OP_S, "--op-s", 0, 3600},
		{OPT_DRAIN_S, "--drain-s", 0, 86400}, {OPT_CLIENTS, "--mps-clients", 1, 60},
		{OPT_REPLICAS, "--replicas", 1, 15}, {OPT_DELAY_S, "--delay-s", 0, 1e9},
		{OPT_MIN_RATE, "--min-rate", 0.01, 1}};

	for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		double v;

		if (!a->value[spec[i].id])
			continue;
		if (util_parse_double(a->value[spec[i].id], spec[i].lo, spec[i].hi, &v) ||
		    ((spec[i].id == OPT_GPUS || spec[i].id == OPT_CLIENTS || spec[i].id == OPT_REPLICAS) &&
		     v != floor(v)))
			return cli_usage_error(cmd, "%s '%s': allowed %g to %g", spec[i].name,
					       a->value[spec[i].id], spec[i].lo, spec[i].hi);
		switch (spec[i].id) {
		case OPT_GPUS: o->gpus = (unsigned)v; break;
		case OPT_OP_S: o->op_s = v; break;
		case OPT_DRAIN_S: o->drain_s = v; break;
		case OPT_CLIENTS: o->mps_clients = (unsigned)v; break;
		case OPT_REPLICAS: o->ts_replicas = (unsigned)v; break;
		case OPT_MIN_RATE: o->min_rate = v; break;
		default: o->delay_s = v; break;
		}
	}
	return 0;
}

/* One more GPU of `model` in the fleet's parts (docs/simulator.md#mixed-fleets); -1 when the
 * fleet has too many models. */
static int add_gpu(sim_opts *o, const mig_model *model)
{
	unsigned i = 0;

	while (i < o->nparts && o->part[i].model != model)
		i++;
	if (i == SIM_MAX_MODELS)
		return -1;
	if (i == o->nparts)
		o->part[o->nparts++] = (sim_part){model, 0};
	o->part[i].gpus++;
	o->gpus++;
	return 0;
}

/* The fleet file: its GPUs by model, in the order the file gives them first. */
static int fleet_opts_from(sim_opts *o, const char *path)
{
	migplan_fleet *f;
	int rc = 0;

	if (migplan_fleet_read(&f, path)) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	o->gpus = 0;
	o->nparts = 0;
	for (size_t n = 0; n < migplan_fleet_node_count(f) && !rc; n++) {
		mig_state *st;
		mig_gpu_info info;

		if (migplan_node_state(&st, f, n)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			rc = CLI_EXIT_FAIL;
			break;
		}
		for (unsigned g = 0; g < mig_state_gpu_count(st) && !rc; g++) {
			if (mig_gpu_get(&info, st, g) != MIG_SUCCESS)
				continue;
			if (add_gpu(o, info.model)) {
				fprintf(stderr, "migctl: %s: GPUs of more than %d models; the simulator takes "
					"at most %d\n", path, SIM_MAX_MODELS, SIM_MAX_MODELS);
				rc = CLI_EXIT_FAIL;
			}
		}
		mig_state_free(st);
	}
	migplan_fleet_free(f);
	if (!rc && !o->gpus) {
		fprintf(stderr, "migctl: %s: no GPUs\n", path);
		rc = CLI_EXIT_FAIL;
	}
	o->model = o->nparts ? o->part[0].model : NULL;
	if (o->nparts == 1)
		o->nparts = 0;          /* one model: `gpus` x `model`, as --gpus --model gives */
	return rc;
}

static int load_trace(sim_trace **out, const cli_cmd *cmd, const cli_args *a, const sim_opts *o)
{
	sim_openb_opts ob = {0};
	double v, seed = 1, load = 0.8;

	if (!!a->value[OPT_TRACE] == !!a->value[OPT_SYNTH])
		return cli_usage_error(cmd, "give one of -t TRACE and --synth N");
	if (a->value[OPT_DAYS] && range(&ob.from_day, &ob.to_day, a->value[OPT_DAYS], 1e6))
		return cli_usage_error(cmd, "--days '%s': allowed FROM:TO, days, FROM <= TO", a->value[OPT_DAYS]);
	if (a->value[OPT_CLASS_BY]) {
		if (strcmp(a->value[OPT_CLASS_BY], "qos") && strcmp(a->value[OPT_CLASS_BY], "share"))
			return cli_usage_error(cmd, "--class-by '%s': allowed share, qos", a->value[OPT_CLASS_BY]);
		ob.class_by_qos = !strcmp(a->value[OPT_CLASS_BY], "qos");
	}
	if (a->value[OPT_TRACE]) {
		if (sim_trace_read(out, a->value[OPT_TRACE], &ob)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			return CLI_EXIT_FAIL;
		}
		return 0;
	}
	if (util_parse_double(a->value[OPT_SYNTH], 1, 1e8, &v) || v != floor(v))
		return cli_usage_error(cmd, "--synth '%s': allowed 1 to 100000000 jobs", a->value[OPT_SYNTH]);
	if (a->value[OPT_LOAD] && util_parse_double(a->value[OPT_LOAD], 0.01, 100, &load))
		return cli_usage_error(cmd, "--load '%s': allowed 0.01 to 100", a->value[OPT_LOAD]);
	if (a->value[OPT_SEED] &&
	    (util_parse_double(a->value[OPT_SEED], 0, 1e15, &seed) || seed != floor(seed)))
		return cli_usage_error(cmd, "--seed '%s': allowed a whole number", a->value[OPT_SEED]);
	if (sim_trace_synth(out, (size_t)v, o->gpus, load, (uint64_t)seed)) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	return 0;
}

static int parse_policies(sim_policy *list, size_t *n, const char *arg)
{
	char buf[256], *save = NULL;

	*n = 0;
	if (!arg) {
		for (int p = 0; p < SIM_NPOLICY; p++)
			list[(*n)++] = (sim_policy)p;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == SIM_NPOLICY || sim_policy_parse(&list[*n], tok))
			return -1;
		(*n)++;
	}
	return *n ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *class_json(const sim_class_stats *c)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:{s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o}}",
			 "class", c->name, "jobs", (json_int_t)c->jobs, "ran", (json_int_t)c->ran,
			 "delayed", (json_int_t)c->delayed, "jct_s", "mean", num_or_null(c->jct_mean),
			 "p50", num_or_null(c->jct_p50), "p95", num_or_null(c->jct_p95), "p99",
			 num_or_null(c->jct_p99), "wait_s", "mean", num_or_null(c->wait_mean), "p50",
			 num_or_null(c->wait_p50), "p95", num_or_null(c->wait_p95), "p99",
			 num_or_null(c->wait_p99));
}

/* --gpus-needed: the smallest fleet for every class together and for each alone (0: none). */
typedef struct need {
	int asked;
	unsigned all;
	unsigned *cls;                   /* [trace's nclasses] */
	sim_opts fleet;                  /* a mixed fleet: `all` GPUs by model (sim_fleet_resize) */
} need;

static json_t *need_json(const sim_result *r, const need *nd)
{
	json_t *o = json_object();

	for (size_t c = 0; c < r->nclass; c++)
		if (r->cls[c].jobs)
			json_object_set_new(o, r->cls[c].name, nd->cls[c] ? json_integer(nd->cls[c]) : json_null());
	return o;
}

/* A mixed fleet's parts: [{"model": KEY, "gpus": N}, ...]. */
static json_t *fleet_json(const sim_opts *o)
{
	json_t *a = json_array();

	for (unsigned i = 0; a && i < o->nparts; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "model", mig_model_key(o->part[i].model),
						   "gpus", (json_int_t)o->part[i].gpus));
	return a;
}

static json_t *result_json(const sim_result *r, const need *nd)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:f, s:f}",
			      "policy", sim_policy_name(r->policy), "jobs", (json_int_t)r->jobs, "ran",
			      (json_int_t)r->ran, "never", (json_int_t)r->never, "makespan_s", r->makespan,
			      "allocation", r->alloc_mean, "fragmentation", r->frag_mean, "creates",
			      (json_int_t)r->creates, "destroys", (json_int_t)r->destroys,
			      "repartitions", (json_int_t)r->repartitions, "migrations",
			      (json_int_t)r->migrations, "repartitions_per_job",
			      r->jobs ? (double)r->repartitions / (double)r->jobs : 0.0,
			      "migrations_per_job",
			      r->jobs ? (double)r->migrations / (double)r->jobs : 0.0);
	json_t *cls = json_array(), *pts = json_array();

	if (*r->layout)
		json_object_set_new(o, "layout", json_string(r->layout));
	if (r->policy == SIM_DYNAMIC)
		json_object_set_new(o, "right_sized", json_integer((json_int_t)r->right_sized));
	for (size_t c = 0; c <= r->nclass; c++)
		if (r->cls[c].jobs)
			json_array_append_new(cls, class_json(&r->cls[c]));
	for (size_t i = 0; i < r->npoints; i++)
		json_array_append_new(pts, json_pack("[f, f, f]", r->points[i].t, r->points[i].alloc,
						     r->points[i].queue));
	json_object_set_new(o, "classes", cls);
	json_object_set_new(o, "series", pts);
	json_object_set_new(o, "multi_wait_census",
			    json_pack("{s:f, s:f, s:f, s:f, s:f}", "seconds", r->multi_wait_s, "empty",
				      r->held_s[SIM_HELD_EMPTY], "frac", r->held_s[SIM_HELD_FRAC], "whole",
				      r->held_s[SIM_HELD_WHOLE], "multi", r->held_s[SIM_HELD_MULTI]));
	if (nd->asked) {
		json_object_set_new(o, "gpus_needed", nd->all ? json_integer(nd->all) : json_null());
		json_object_set_new(o, "gpus_needed_by_class", need_json(r, nd));
		if (nd->all && nd->fleet.nparts)
			json_object_set_new(o, "gpus_needed_fleet", fleet_json(&nd->fleet));
	}
	return o;
}

static void print_need(const sim_result *r, const need *nd)
{
	const char *sep = " (";

	printf("  GPUs needed: %s%u", nd->all ? "" : "none in range, ", nd->all);
	for (unsigned i = 0; nd->all && i < nd->fleet.nparts; i++)
		printf("%s%s %u", i ? " + " : " = ", mig_model_key(nd->fleet.part[i].model),
		       nd->fleet.part[i].gpus);
	for (size_t c = 0; c < r->nclass; c++) {
		if (!r->cls[c].jobs)
			continue;
		if (nd->cls[c])
			printf("%s%s %u", sep, r->cls[c].name, nd->cls[c]);
		else
			printf("%s%s none", sep, r->cls[c].name);
		sep = ", ";
	}
	printf("%s\n", *sep == ',' ? ")" : "");
}

static void print_text(const sim_result *r, const need *nd)
{
	printf("%s%s%s: %zu jobs, %zu ran, %zu could never run; makespan %.0f s; allocation %.1f %%, "
	       "fragmented %.1f %%\n", sim_policy_name(r->policy), *r->layout ? " " : "", r->layout,
	       r->jobs, r->ran, r->never, r->makespan, 100 * r->alloc_mean, 100 * r->frag_mean);
	if (r->policy == SIM_DYNAMIC)
		printf("  repartitions %zu (%.3f per job), GI created %zu, destroyed %zu, jobs moved %zu "
		       "(%.3f per job), right-sized %zu\n", r->repartitions,
		       r->jobs ? (double)r->repartitions / r->jobs : 0, r->creates, r->destroys, r->migrations,
		       r->jobs ? (double)r->migrations / r->jobs : 0, r->right_sized);
	if (nd->asked)
		print_need(r, nd);
	if (r->multi_wait_s > 0) {
		double all = (r->held_s[0] + r->held_s[1] + r->held_s[2] + r->held_s[3]) / 100;

		printf("  while multi-GPU jobs waited (%.0f s), GPU time held by: multi %.1f %%, whole "
		       "%.1f %%, fractional only %.1f %%, no one %.1f %%\n", r->multi_wait_s,
		       r->held_s[SIM_HELD_MULTI] / all, r->held_s[SIM_HELD_WHOLE] / all,
		       r->held_s[SIM_HELD_FRAC] / all, r->held_s[SIM_HELD_EMPTY] / all);
	}
	printf("  %-10s %7s %8s %10s %10s %10s %10s %10s %10s\n", "class", "jobs", "delayed",
	       "jct mean", "jct p50", "jct p95", "jct p99", "wait mean", "wait p99");
	for (size_t c = 0; c <= r->nclass; c++) {
		const sim_class_stats *s = &r->cls[c];

		if (!s->jobs)
			continue;
		printf("  %-10s %7zu %7.2f%% %10.0f %10.0f %10.0f %10.0f %10.1f %10.1f\n", s->name, s->jobs,
		       100.0 * (double)s->delayed / (double)s->jobs, s->jct_mean, s->jct_p50, s->jct_p95,
		       s->jct_p99, s->wait_mean, s->wait_p99);
	}
}

static int setup_opts(sim_opts *o, const cli_cmd *cmd, const cli_args *a)
{
	const char *model = a->value[OPT_MODEL] ? a->value[OPT_MODEL] : "A100-SXM4-80GB";
	int rc;

	sim_opts_default(o);
	o->check = a->count[OPT_CHECK] > 0;
	o->layout = a->value[OPT_LAYOUT];
	if (a->value[OPT_FLEET] && (a->value[OPT_GPUS] || a->value[OPT_MODEL]))
		return cli_usage_error(cmd, "--fleet gives the GPUs; leave out --gpus and --model");
	if ((rc = number_opts(cmd, a, o)))
		return rc;
	if (a->value[OPT_FLEET]) {
		if ((rc = fleet_opts_from(o, a->value[OPT_FLEET])))
			return rc;
	} else if (mig_catalog_resolve(&o->model, model) != MIG_SUCCESS) {
		fprintf(stderr, "migctl: --model '%s': %s\n", model, mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	if (a->value[OPT_SPEED] && sim_speed_parvagpu(&o->speed, a->value[OPT_SPEED])) {
		fprintf(stderr, "migctl: --speed-data: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	return 0;
}

/* One policy: its layout (found when not given), the run, the fleet it needs. */
static int run_policy(sim_result **out, need *nd, const sim_trace *t, sim_opts o,
		      const cli_args *a)
{
	char layout[320];
	double lo = 0, hi = 0, max_delayed = 0.02;

	if ((o.policy == SIM_STATIC || o.policy == SIM_MIG_MPS) && !o.layout) {
		if (sim_best_static(layout, sizeof(layout), t, &o))
			goto fail;
		o.layout = layout;
	}
	if (sim_run(out, t, &o))
		goto fail;
	nd->all = 0;
	if (nd->asked) {
		range(&lo, &hi, a->value[OPT_NEEDED], 1e6);
		if (a->value[OPT_MAX_DELAYED])
			util_parse_double(a->value[OPT_MAX_DELAYED], 0, 1, &max_delayed);
		if (sim_gpus_needed(&nd->all, nd->cls, t, &o, (unsigned)lo, (unsigned)hi, max_delayed)) {
			sim_result_free(*out);
			goto fail;
		}
		nd->fleet = o;
		sim_fleet_resize(&nd->fleet, nd->all);
	}
	return 0;
fail:
	fprintf(stderr, "migctl: sim %s: %s\n", sim_policy_name(o.policy), mig_errmsg());
	return CLI_EXIT_FAIL;
}

static int check_search_opts(const cli_cmd *cmd, const cli_args *a)
{
	double lo, hi, v;

	if (a->value[OPT_NEEDED] && (range(&lo, &hi, a->value[OPT_NEEDED], 1e6) || lo < 1 ||
				     lo != floor(lo) || hi != floor(hi)))
		return cli_usage_error(cmd, "--gpus-needed '%s': allowed LO:HI, whole numbers, 1 <= LO <= HI",
				       a->value[OPT_NEEDED]);
	if (a->value[OPT_MAX_DELAYED] && util_parse_double(a->value[OPT_MAX_DELAYED], 0, 1, &v))
		return cli_usage_error(cmd, "--max-delayed '%s': allowed 0 to 1", a->value[OPT_MAX_DELAYED]);
	if ((a->value[OPT_RUNS] || a->value[OPT_TIES]) && !a->value[OPT_CALIBRATE])
		return cli_usage_error(cmd, "--%s: allowed only with --calibrate",
				       a->value[OPT_RUNS] ? "runs" : "ties");
	return 0;
}

/* Hours since the start of the trace, for the time axes. */
static void series(double *x, double *y, const sim_result *r, int queue)
{
	for (size_t i = 0; i < r->npoints; i++) {
		x[i] = r->points[i].t / 3600;
		y[i] = queue ? r->points[i].queue : 100 * r->points[i].alloc;
	}
}

/* Three charts stacked: the JCT CDF, allocation and queue length over time, a line per policy. */
static int draw(const char *path, sim_result *const *res, size_t n)
{
	plot *c[3] = {plot_new("Job completion time (CDF)", "JCT (s, log scale)", "share of jobs"),
		      plot_new("Allocation over time", "hours", "% of the fleet"),
		      plot_new("Queue length over time", "hours", "jobs waiting")};
	size_t len = strlen(path);
	plot_format fmt = len > 4 && !strcmp(path + len - 4, ".svg") ? PLOT_SVG : PLOT_PNG;
	int rc = !c[0] || !c[1] || !c[2] ? -1 : 0;

	plot_xlog(c[0]); /* JCTs span seconds to weeks */
	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = sim_policy_name(res[i]->policy);
		double *x = malloc((res[i]->npoints + 1) * sizeof(double));
		double *y = malloc((res[i]->npoints + 1) * sizeof(double));

		rc = !x || !y || plot_cdf(c[0], name, res[i]->jct, res[i]->jobs);
		if (!rc) {
			series(x, y, res[i], 0);
			rc = plot_line(c[1], name, x, y, res[i]->npoints);
		}
		if (!rc) {
			series(x, y, res[i], 1);
			rc = plot_line(c[2], name, x, y, res[i]->npoints);
		}
		free(x);
		free(y);
	}
	if (!rc && plot_write(c, 3, path, fmt, 900, 1200))
		rc = -1;
	if (rc)
		fprintf(stderr, "migctl: --plot %s: %s\n", path, c[0] && c[1] && c[2] ?
			(*plot_error(c[0]) ? plot_error(c[0]) : *plot_error(c[1]) ? plot_error(c[1])
			 : *plot_error(c[2]) ? plot_error(c[2]) : "out of memory") : "out of memory");
	for (int i = 0; i < 3; i++)
		plot_free(c[i]);
	plot_cleanup(); /* the command ends here: the font caches go, for leak checkers */
	return rc ? CLI_EXIT_FAIL : 0;
}

/* FGD's workload inflation on a node list, best-fit then FGD, mean over seeds. */
static int calibrate(const cli_cmd *cmd, const cli_args *a, const sim_trace *t)
{
	sim_nodes *nodes;
	double runs = 10;
	const char *ties = a->value[OPT_TIES] ? a->value[OPT_TIES] : "first";
	int rc = 0;

	if (a->value[OPT_RUNS] &&
	    (util_parse_double(a->value[OPT_RUNS], 1, 1000, &runs) || runs != floor(runs)))
		return cli_usage_error(cmd, "--runs '%s': allowed 1 to 1000", a->value[OPT_RUNS]);
	if (strcmp(ties, "first") && strcmp(ties, "random"))
		return cli_usage_error(cmd, "--ties '%s': allowed first or random", ties);
	if (sim_nodes_read(&nodes, a->value[OPT_CALIBRATE])) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	for (int fgd = 0; fgd <= 1 && !rc; fgd++) {
		double sum = 0, lo = 1, hi = 0;

		for (unsigned s = 1; s <= (unsigned)runs; s++) {
			sim_fgd_result r;

			if (sim_fgd_run(&r, t, nodes, (fgd ? SIM_CAL_FGD : 0) |
					(*ties == 'r' ? SIM_CAL_RANDOM_TIES : 0), s)) {
				fprintf(stderr, "migctl: %s\n", mig_errmsg());
				rc = CLI_EXIT_FAIL;
				break;
			}
			sum += r.allocation;
			lo = fmin(lo, r.allocation);
			hi = fmax(hi, r.allocation);
		}
		if (!rc)
			printf("%-8s GPU allocation %.2f %% (seeds 1..%.0f: %.2f to %.2f %%) on %u GPUs\n",
			       fgd ? "fgd" : "best-fit", 100 * sum / runs, runs, 100 * lo, 100 * hi,
			       sim_nodes_gpus(nodes));
	}
	sim_nodes_free(nodes);
	return rc;
}

int cmd_sim(const cli_cmd *cmd, int argc, char **argv)
{
	sim_policy pol[SIM_NPOLICY];
	sim_result *res[SIM_NPOLICY] = {0};
	size_t npol;
	sim_trace *t = NULL;
	json_t *doc = NULL;
	need nd = {0};
	cli_args a;
	sim_opts o;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a.pos[0]);
	if (parse_policies(pol, &npol, a.value[OPT_POLICY]))
		return cli_usage_error(cmd, "--policy '%s': allowed a comma-separated list of whole, static, "
				       "dynamic, mps, timeslice, mig+mps", a.value[OPT_POLICY]);
	if ((rc = check_search_opts(cmd, &a)) || (rc = setup_opts(&o, cmd, &a)) ||
	    (rc = load_trace(&t, cmd, &a, &o)))
		return rc;
	if (a.value[OPT_CALIBRATE]) {
		rc = calibrate(cmd, &a, t);
		sim_trace_free(t);
		return rc;
	}
	if (a.count[OPT_JSON]) {
		doc = json_pack("{s:s, s:s, s:I, s:I, s:s, s:[]}", "schema", "migctl.sim/1", "model",
				mig_model_key(o.model), "gpus", (json_int_t)o.gpus, "skipped",
				(json_int_t)t->skipped, "speed", o.speed.source, "policies");
		if (doc && o.nparts)
			json_object_set_new(doc, "fleet", fleet_json(&o));
	}
	nd.asked = a.value[OPT_NEEDED] != NULL;
	if (!(nd.cls = calloc(t->nclasses ? t->nclasses : 1, sizeof(*nd.cls)))) {
		fprintf(stderr, "migctl: out of memory\n");
		rc = CLI_EXIT_FAIL;
	}
	for (size_t i = 0; i < npol && !rc; i++) {
		o.policy = pol[i];
		if ((rc = run_policy(&res[i], &nd, t, o, &a)))
			break;
		if (doc)
			json_array_append_new(json_object_get(doc, "policies"), result_json(res[i], &nd));
		else
			print_text(res[i], &nd);
	}
	free(nd.cls);
	if (!rc && a.value[OPT_PLOT])
		rc = draw(a.value[OPT_PLOT], res, npol);
	for (size_t i = 0; i < npol; i++)
		sim_result_free(res[i]);
	if (doc && !rc)
		cli_json_print(doc);
	else
		json_decref(doc);
	sim_trace_free(t);
	return rc;
}
