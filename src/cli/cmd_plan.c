/*
 * cmd_plan.c - demand-driven planning (docs/planning.md).
 *
 *   migctl plan -f DEMAND [--fleet FLEET [--out DIR]] [--json] [--apply] [--defrag [--free-gpus N]]
 *   migctl fleet snapshot [--node NAME]
 *   migctl fleet synth --gpus N [--models LIST] [--fill F] [--idle I] [--seed S] [--per-node N]
 *
 * Without --fleet the fleet is this node (emulated or NVML backend), and
 * --apply runs the plan through apply's machinery: one batch, or the
 * journal and rollback on real GPUs (docs/layouts.md "All or nothing").
 * With --fleet, --out writes one checkpoint per changed node, which
 * `migctl restore -f` executes on that node.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout_cli.h"
#include "mig_internal.h"
#include "migplan.h"
#include "util.h"

enum {
	OPT_FILE = 1,
	OPT_FLEET,
	OPT_JSON,
	OPT_APPLY,
	OPT_DEFRAG,
	OPT_FREE_GPUS,
	OPT_OUT,
	OPT_DRY_RUN,
	OPT_NODE,
	OPT_GPUS,
	OPT_MODELS,
	OPT_FILL,
	OPT_IDLE,
	OPT_SEED,
	OPT_PER_NODE
};

const cli_opt plan_opts[] = {
	{OPT_FILE, 'f', "demand", "FILE", "the demand (JSON or YAML, docs/schemas/demand.schema.json; - reads standard input)"},
	{OPT_FLEET, 0, "fleet", "FILE", "plan for this fleet (docs/schemas/fleet.schema.json) instead of this node"},
	{OPT_OUT, 'o', "out", "DIR", "with --fleet: write each changed node's layout to DIR/NODE.json for 'migctl restore -f'"},
	{OPT_JSON, 0, "json", NULL, "print the result as JSON (docs/schemas/plan-demand.schema.json)"},
	{OPT_APPLY, 0, "apply", NULL, "make the planned layout on this node, all or nothing, as 'migctl apply' does"},
	{OPT_DEFRAG, 0, "defrag", NULL, "propose the fewest busy instances to move where demand fits nowhere"},
	{OPT_FREE_GPUS, 0, "free-gpus", "N", "with --defrag: also consolidate until N GPUs are empty"},
	{0}};

const cli_opt fleet_opts[] = {
	{OPT_NODE, 0, "node", "NAME", "snapshot: the node's name in the fleet (default: the host name)"},
	{OPT_GPUS, 0, "gpus", "N", "synth: how many GPUs"},
	{OPT_MODELS, 0, "models", "LIST", "synth: comma-separated catalog models, cycled (default H100-SXM5-80GB)"},
	{OPT_FILL, 0, "fill", "F", "synth: mean share of compute held by busy instances, 0 to 1 (default 0.3)"},
	{OPT_IDLE, 0, "idle", "I", "synth: mean share held by idle instances, 0 to 1 (default 0)"},
	{OPT_SEED, 0, "seed", "S", "synth: random seed (default 1)"},
	{OPT_PER_NODE, 0, "per-node", "N", "synth: GPUs per node (default 8)"},
	{0}};

static void host_name(char *buf, size_t len)
{
	if (gethostname(buf, len) || !*buf)
		snprintf(buf, len, "local");
	buf[len - 1] = 0;
}

/* ------------------------------------------------------------------ */
/* Printing a result                                                  */
/* ------------------------------------------------------------------ */

static void print_result(const migplan_result *r, const migplan_fleet *f, const char *json_text)
{
	json_t *doc = json_loads(json_text, 0, NULL), *reqs, *req;
	migplan_summary s;
	size_t i;

	migplan_result_summary(&s, r);
	reqs = json_object_get(doc, "requests");
	json_array_foreach(reqs, i, req) {
		json_t *pl = json_object_get(req, "placements"), *p;
		const char *prof = json_string_value(json_object_get(req, "profile"));
		const char *choice = json_string_value(json_object_get(req, "choice"));
		const char *why = json_string_value(json_object_get(req, "why"));
		size_t k;

		printf("request %s (%s x%lld, priority %lld): %lld of %lld placed\n",
		       json_string_value(json_object_get(req, "id")), prof ? prof : "by resources",
		       (long long)json_integer_value(json_object_get(req, "count")),
		       (long long)json_integer_value(json_object_get(req, "priority")),
		       (long long)json_integer_value(json_object_get(req, "placed")),
		       (long long)json_integer_value(json_object_get(req, "count")));
		if (choice)
			printf("  profile: %s\n", choice);
		json_array_foreach(pl, k, p) {
			printf("  %s GPU %lld: %s %s at %lld (GI %lld)\n",
			       json_string_value(json_object_get(p, "node")),
			       (long long)json_integer_value(json_object_get(p, "gpu")),
			       json_is_true(json_object_get(p, "reused")) ? "reuses idle" : "new",
			       json_string_value(json_object_get(p, "profile")),
			       (long long)json_integer_value(json_object_get(p, "start")),
			       (long long)json_integer_value(json_object_get(p, "gi")));
		}
		if (why)
			printf("  not placed: %s\n", why);
	}
	{
		json_t *moves = json_object_get(doc, "moves"), *m;

		json_array_foreach(moves, i, m) {
			const char *for_req = json_string_value(json_object_get(m, "for_request"));

			printf("move: GI %lld (%s) of %s GPU %lld -> %s GPU %lld at %lld%s%s\n",
			       (long long)json_integer_value(json_object_get(m, "gi")),
			       json_string_value(json_object_get(m, "profile")),
			       json_string_value(json_object_get(m, "from_node")),
			       (long long)json_integer_value(json_object_get(m, "from_gpu")),
			       json_string_value(json_object_get(m, "to_node")),
			       (long long)json_integer_value(json_object_get(m, "to_gpu")),
			       (long long)json_integer_value(json_object_get(m, "to_start")),
			       for_req ? ", for request " : " (consolidation)", for_req ? for_req : "");
		}
	}
	printf("placed %zu of %zu units (priority-weighted %llu of %llu) on %zu GPUs of %zu; "
	       "instances: %zu created, %zu destroyed, %zu reused; busy instances touched: %zu; "
	       "fragmentation %.2f -> %.2f stranded slices\n",
	       s.units_placed, s.units, (unsigned long long)s.satisfied,
	       (unsigned long long)s.demanded, s.gpus_changed, migplan_fleet_gpu_count(f), s.created,
	       s.destroyed, s.reused, s.busy_touched, s.frag_before, s.frag_after);
	json_decref(doc);
}

/* ------------------------------------------------------------------ */
/* plan                                                               */
/* ------------------------------------------------------------------ */

typedef struct demand_replan {
	const migplan_demand *d;
	migplan_opts o;
	const char *node;
} demand_replan;

/* The whole planning, from a state to apply's exact plan. */
static int plan_state(layout_plan **out, migplan_result **res, migplan_fleet **fl,
		      const mig_state *st, const demand_replan *a)
{
	layout_snapshot *snap = NULL;
	char *text = NULL;
	int rc;

	*out = NULL;
	if ((rc = migplan_fleet_from_state(fl, st, a->node)) == 0 &&
	    (rc = migplan_plan(res, *fl, a->d, &a->o)) == 0 &&
	    (rc = migplan_result_node_layout(&text, *res, 0)) == 0 &&
	    (rc = layout_snapshot_parse(&snap, text, strlen(text))) == 0)
		rc = layout_plan_exact(out, st, snap, NULL);
	free(text);
	layout_snapshot_free(snap);
	return rc;
}

static int replan_demand(layout_plan **out, const mig_state *st, void *arg)
{
	migplan_result *res = NULL;
	migplan_fleet *fl = NULL;
	int rc = plan_state(out, &res, &fl, st, arg);

	migplan_result_free(res);
	migplan_fleet_free(fl);
	return rc;
}

static int write_layouts(const migplan_result *r, const migplan_fleet *f, const char *dir)
{
	char path[4096];
	migplan_summary s;

	migplan_result_summary(&s, r);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "migctl: --out %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (size_t n = 0; n < migplan_fleet_node_count(f); n++) {
		const char *name = migplan_fleet_node_name(f, n);
		char *text = NULL;

		if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
			fprintf(stderr, "migctl: node name '%s' cannot be a file name; its layout is not written\n",
				name);
			return -1;
		}
		if (migplan_result_node_layout(&text, r, n)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			return -1;
		}
		snprintf(path, sizeof(path), "%s/%s.json", dir, name);
		if (mig__write_durable(path, text, 0644)) {
			free(text);
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			return -1;
		}
		free(text);
	}
	return 0;
}

/* The options that shape the plan, checked together; 0 or the usage error's exit status. */
static int plan_options(migplan_opts *o, const cli_cmd *cmd, const cli_args *a)
{
	if (a->npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a->pos[0]);
	if (!a->value[OPT_FILE])
		return cli_usage_error(cmd, "missing -f DEMAND (the demand file)");
	if (a->count[OPT_APPLY] && a->value[OPT_FLEET])
		return cli_usage_error(cmd, "--apply makes the plan on this node; for a fleet, write the layouts with --out DIR and run 'migctl restore -f DIR/NODE.json' on each node");
	if (a->value[OPT_OUT] && !a->value[OPT_FLEET])
		return cli_usage_error(cmd, "--out needs --fleet (on this node, use --apply)");
	if (a->count[OPT_APPLY] && a->count[OPT_JSON])
		return cli_usage_error(cmd, "--json describes a plan; run it without --apply, then apply");
	o->version = MIGPLAN_OPTS_VERSION;
	o->defrag = a->count[OPT_DEFRAG] > 0;
	if (a->value[OPT_FREE_GPUS] &&
	    (!o->defrag || util_parse_uint(a->value[OPT_FREE_GPUS], 0, 1000000, &o->free_gpus)))
		return cli_usage_error(cmd, "--free-gpus takes a count from 0 to 1000000, with --defrag");
	return 0;
}

int cmd_plan(const cli_cmd *cmd, int argc, char **argv)
{
	migplan_demand *d = NULL;
	migplan_fleet *f = NULL;
	migplan_result *r = NULL;
	layout_plan *plan = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	demand_replan rp;
	char *json = NULL;
	int ret = CLI_EXIT_FAIL;
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	memset(&rp, 0, sizeof(rp));
	rc = plan_options(&rp.o, cmd, &a);
	if (rc)
		return rc;
	if (migplan_demand_read(&d, a.value[OPT_FILE])) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		goto out;
	}
	rp.d = d;
	if (a.value[OPT_FLEET]) {
		if (migplan_fleet_read(&f, a.value[OPT_FLEET]) ||
		    migplan_plan(&r, f, d, &rp.o)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			goto out;
		}
	} else {
		/* one node: "local", so that outputs do not depend on the host */
		rp.node = "local";
		if (cli_open_node(&node))
			goto out;
		if (mig_node_read(&st, node)) {
			ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
			goto out;
		}
		if (plan_state(&plan, &r, &f, st, &rp)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			goto out;
		}
	}
	if (migplan_result_json(&json, r, a.count[OPT_JSON] > 0)) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		goto out;
	}
	if (a.count[OPT_JSON]) {
		printf("%s\n", json);
	} else {
		print_result(r, f, json);
		if (plan && !a.count[OPT_APPLY])
			layout_print_plan(stdout, plan, st, "the plan");
	}
	if (a.value[OPT_OUT] && write_layouts(r, f, a.value[OPT_OUT]))
		goto out;
	ret = CLI_EXIT_OK;
	if (a.count[OPT_APPLY]) {
		layout_cli_run run;

		memset(&run, 0, sizeof(run));
		run.cmd = cmd;
		run.config_name = "demand";
		run.what = "plan --apply";
		run.success = "Planned layout applied successfully";
		run.replan = replan_demand;
		run.replan_arg = &rp;
		ret = layout_cli_execute(&run, node, st, plan);
	}
out:
	free(json);
	layout_plan_free(plan);
	migplan_result_free(r);
	migplan_fleet_free(f);
	migplan_demand_free(d);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}

/* ------------------------------------------------------------------ */
/* fleet                                                              */
/* ------------------------------------------------------------------ */

int cmd_fleet(const cli_cmd *cmd, int argc, char **argv)
{
	migplan_fleet *f = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	char host[256], *text = NULL;
	int ret = CLI_EXIT_FAIL;
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos != 1 || (strcmp(a.pos[0], "snapshot") && strcmp(a.pos[0], "synth")))
		return cli_usage_error(cmd, "expected 'snapshot' or 'synth'");
	if (!strcmp(a.pos[0], "snapshot")) {
		if (a.value[OPT_GPUS] || a.value[OPT_MODELS] || a.value[OPT_FILL] || a.value[OPT_IDLE] ||
		    a.value[OPT_SEED] || a.value[OPT_PER_NODE])
			return cli_usage_error(cmd, "snapshot takes only --node");
		if (a.value[OPT_NODE])
			snprintf(host, sizeof(host), "%s", a.value[OPT_NODE]);
		else
			host_name(host, sizeof(host));
		if (cli_open_node(&node))
			goto out;
		if (mig_node_read(&st, node)) {
			ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
			goto out;
		}
		if (migplan_fleet_from_state(&f, st, host)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			goto out;
		}
	} else {
		migplan_synth_opts o = {MIGPLAN_SYNTH_OPTS_VERSION, 0, 0, NULL, 0.3, 0, 1};

		if (a.value[OPT_NODE])
			return cli_usage_error(cmd, "--node is for snapshot");
		if (util_parse_uint(a.value[OPT_GPUS], 1, 1000000, &o.gpus))
			return cli_usage_error(cmd, "synth needs --gpus N, a whole number from 1 to 1000000");
		if (a.value[OPT_PER_NODE] && util_parse_uint(a.value[OPT_PER_NODE], 1, 64, &o.gpus_per_node))
			return cli_usage_error(cmd, "--per-node takes a whole number from 1 to 64");
		if (a.value[OPT_FILL] && util_parse_double(a.value[OPT_FILL], 0, 1, &o.fill))
			return cli_usage_error(cmd, "--fill takes a share from 0 to 1");
		if (a.value[OPT_IDLE] && util_parse_double(a.value[OPT_IDLE], 0, 1, &o.idle))
			return cli_usage_error(cmd, "--idle takes a share from 0 to 1");
		if (a.value[OPT_SEED] && util_parse_u64(a.value[OPT_SEED], 0, UINT64_MAX, &o.seed))
			return cli_usage_error(cmd, "--seed takes a whole number");
		o.models = a.value[OPT_MODELS];
		if (migplan_fleet_synth(&f, &o)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			goto out;
		}
	}
	if (migplan_fleet_json(&text, f)) {
		ret = cli_fail("fleet", MIG_ERROR_MEMORY);
		goto out;
	}
	printf("%s\n", text);
	ret = CLI_EXIT_OK;
out:
	free(text);
	migplan_fleet_free(f);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}
