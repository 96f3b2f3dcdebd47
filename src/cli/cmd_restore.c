/*
 * cmd_restore.c - `migctl restore`: bring back a checkpointed layout exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

const cli_opt restore_opts[] = {
	{OPT_FILE, 'f', "checkpoint-file", "FILE", "the checkpoint to restore (- reads standard input) [$MIG_PARTED_CHECKPOINT_FILE]"},
	LAYOUT_CLI_RUN_OPTS("only restore MIG modes"),
	{0}};

typedef struct exact_replan {
	const layout_snapshot *snap;
	layout_plan_opts opts;
} exact_replan;

static int replan_exact(layout_plan **out, const mig_state *st, void *arg)
{
	exact_replan *r = arg;

	return layout_plan_exact(out, st, r->snap, &r->opts);
}

int cmd_restore(const cli_cmd *cmd, int argc, char **argv)
{
	layout_snapshot *snap = NULL;
	layout_hooks *hooks = NULL;
	layout_plan *plan = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	layout_cli_hook_env env = {{0}};
	layout_cli_flags f;
	exact_replan rp;
	layout_cli_run run;
	const char *file;
	char *buf = NULL, what[512];
	size_t len;
	int ret;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	file = layout_cli_opt_env(&a, OPT_FILE, "MIG_PARTED_CHECKPOINT_FILE");
	if ((ret = layout_cli_run_flags(&f, cmd, &a)) != 0)
		return ret;
	if (!file)
		return cli_usage_error(cmd, "Missing required flags 'checkpoint-file'");
	ret = CLI_EXIT_FAIL;
	if (layout_slurp(&buf, &len, file)) {
		fprintf(stderr, "migctl: Error reading checkpoint file: %s\n", mig_errmsg());
		goto out;
	}
	if (layout_snapshot_parse(&snap, buf, len)) {
		fprintf(stderr, "migctl: Error parsing checkpoint file: %s: %s\n", file, mig_errmsg());
		goto out;
	}
	if (layout_cli_read_hooks(&hooks, f.hooks) || layout_cli_read_node(&node, &st))
		goto out;
	rp.snap = snap;
	rp.opts.force = a.count[OPT_FORCE] > 0;
	rp.opts.mode_only = f.mode_only;
	if (layout_plan_exact(&plan, st, snap, &rp.opts)) {
		fprintf(stderr, "migctl: Error restoring MIG configuration: %s\n", mig_errmsg());
		goto out;
	}
	if (!plan->ids_exact)
		fprintf(stderr,
			"migctl: warning: some instances cannot get their recorded IDs back (no room for the temporary CIs that would give them); their MIG UUIDs will differ\n");
	layout_cli_hook_env_set(&env, file, NULL, f.hooks, f.mode_only);
	snprintf(what, sizeof(what), "restore -f %s%s", file, f.mode_only ? " --mode-only" : "");
	layout_cli_run_init(&run, cmd, &a, &f, hooks, &env);
	run.what = what;
	run.success = "MIG configuration restored successfully";
	run.replan = replan_exact;
	run.replan_arg = &rp;
	ret = layout_cli_execute(&run, node, st, plan);
out:
	layout_cli_hook_env_free(&env);
	free(buf);
	layout_plan_free(plan);
	mig_state_free(st);
	mig_node_close(node);
	layout_hooks_free(hooks);
	layout_snapshot_free(snap);
	return ret;
}
