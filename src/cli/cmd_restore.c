/*
 * cmd_restore.c - `migctl restore`: bring back a checkpointed layout exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

const cli_opt restore_opts[] = {
	{OPT_FILE, 'f', "checkpoint-file", "FILE", "the checkpoint to restore (- reads standard input) [$MIG_PARTED_CHECKPOINT_FILE]"},
	{OPT_DRY_RUN, 'n', "dry-run", NULL, "print the plan only; change nothing"},
	{OPT_MODE_ONLY, 'm', "mode-only", NULL, "only restore MIG modes [$MIG_PARTED_MODE_CHANGE_ONLY]"},
	{OPT_FORCE, 0, "force", NULL, "destroy instances even while processes use them"},
	{OPT_HOOKS, 'k', "hooks", "FILE", "mig-parted hooks file (also --hooks-file) [$MIG_PARTED_HOOKS_FILE]"},
	{OPT_HOOKS, 0, "hooks-file", "FILE", "same as --hooks"},
	{OPT_JSON, 0, "json", NULL, "print the plan and the outcome as one JSON document"},
	{OPT_DEBUG, 'd', "debug", NULL, "show the hooks' output [$MIG_PARTED_DEBUG]"},
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
	exact_replan rp;
	layout_cli_run run;
	const char *file, *hooks_path;
	char *buf = NULL, what[512];
	size_t len;
	int mode_only, debug, ret;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	file = layout_cli_opt_env(&a, OPT_FILE, "MIG_PARTED_CHECKPOINT_FILE");
	hooks_path = layout_cli_opt_env(&a, OPT_HOOKS, "MIG_PARTED_HOOKS_FILE");
	if ((ret = layout_cli_opt_bool(cmd, &a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY", &mode_only)) ||
	    (ret = layout_cli_opt_bool(cmd, &a, OPT_DEBUG, "MIG_PARTED_DEBUG", &debug)))
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
	if (layout_cli_read_hooks(&hooks, hooks_path) || cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	rp.snap = snap;
	rp.opts.force = a.count[OPT_FORCE] > 0;
	rp.opts.mode_only = mode_only;
	if (layout_plan_exact(&plan, st, snap, &rp.opts)) {
		fprintf(stderr, "migctl: Error restoring MIG configuration: %s\n", mig_errmsg());
		goto out;
	}
	if (!plan->ids_exact)
		fprintf(stderr,
			"migctl: warning: some instances cannot get their recorded IDs back (no room for the temporary CIs that would give them); their MIG UUIDs will differ\n");
	layout_cli_hook_env_set(&env, file, NULL, hooks_path, mode_only);
	snprintf(what, sizeof(what), "restore -f %s%s", file, mode_only ? " --mode-only" : "");
	memset(&run, 0, sizeof(run));
	run.cmd = cmd;
	run.config_name = NULL;
	run.what = what;
	run.hooks = hooks;
	run.hook_env = env.v;
	run.nhook_env = env.n;
	run.debug = debug;
	run.json = a.count[OPT_JSON] > 0;
	run.dry_run = a.count[OPT_DRY_RUN] > 0;
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
