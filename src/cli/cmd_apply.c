/*
 * cmd_apply.c - `migctl apply`: make the GPUs hold a mig-parted config's layout,
 * planning the fewest changes and running them all or nothing (docs/layouts.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"
#include "mig_internal.h"

const cli_opt apply_opts[] = {
	{OPT_FILE, 'f', "config-file", "FILE", "the mig-parted config (- reads standard input) [$MIG_PARTED_CONFIG_FILE]"},
	{OPT_CONFIG, 'c', "selected-config", "NAME", "the config to apply (needed when the file has several) [$MIG_PARTED_SELECTED_CONFIG]"},
	LAYOUT_CLI_RUN_OPTS("only change MIG modes"),
	{0}};

typedef struct config_replan {
	const layout_named *cfg;
	layout_plan_opts opts;
} config_replan;

static int replan_config(layout_plan **out, const mig_state *st, void *arg)
{
	config_replan *r = arg;
	layout_target *t = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1, sizeof(*t));
	int rc;

	if (!t)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	rc = layout_targets(t, r->cfg, st, NULL);
	if (!rc)
		rc = layout_plan_targets(out, st, t, &r->opts);
	free(t);
	return rc;
}

/* The plan for config `nm` on the node's state: 0, or the exit status with the failure printed. */
static int plan_apply(layout_plan **plan, config_replan *rp, mig_state *st, const layout_named *nm,
		      const cli_args *a, int mode_only)
{
	layout_target *targets = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1,
					sizeof(*targets));
	layout_notes notes = {0};
	int ret = 0;

	if (!targets)
		return cli_fail("planning", MIG_ERROR_MEMORY);
	memset(rp, 0, sizeof(*rp));
	rp->cfg = nm;
	rp->opts.force = a->count[OPT_FORCE] > 0;
	rp->opts.mode_only = mode_only;
	if (layout_targets(targets, nm, st, &notes) ||
	    layout_plan_targets(plan, st, targets, &rp->opts)) {
		layout_cli_notes(&notes);
		fprintf(stderr, "migctl: Error applying MIG configuration with hooks: %s\n",
			mig_errmsg());
		if (a->count[OPT_JSON])
			cli_json_print(layout_plan_json(NULL, st, nm->name, a->count[OPT_DRY_RUN] > 0,
							"failed", mig_errmsg()));
		ret = CLI_EXIT_FAIL;
	} else {
		layout_cli_notes(&notes);
	}
	layout_notes_clear(&notes);
	free(targets);
	return ret;
}

int cmd_apply(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *cfg = NULL;
	const layout_named *nm;
	layout_hooks *hooks = NULL;
	layout_plan *plan = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	layout_cli_hook_env env = {{0}};
	layout_cli_flags f;
	config_replan rp;
	layout_cli_run run;
	const char *file;
	char what[512];
	int ret = CLI_EXIT_FAIL;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	if ((ret = layout_cli_run_flags(&f, cmd, &a)) != 0)
		return ret;
	if ((ret = layout_cli_read_selected(&cfg, &nm, &file, cmd, &a)) != 0) {
		if (ret == CLI_EXIT_USAGE)
			return ret;
		goto out;
	}
	ret = CLI_EXIT_FAIL;
	if (layout_cli_read_hooks(&hooks, f.hooks))
		goto out;
	if ((ret = layout_cli_read_node(&node, &st)) != 0 ||
	    (ret = plan_apply(&plan, &rp, st, nm, &a, f.mode_only)) != 0)
		goto out;
	layout_cli_hook_env_set(&env, file, nm->name, f.hooks, f.mode_only);
	snprintf(what, sizeof(what), "apply -f %s -c %s%s", file, nm->name,
		 f.mode_only ? " --mode-only" : "");
	layout_cli_run_init(&run, cmd, &a, &f, hooks, &env);
	run.config_name = nm->name;
	run.what = what;
	run.success = "MIG configuration applied successfully";
	run.replan = replan_config;
	run.replan_arg = &rp;
	ret = layout_cli_execute(&run, node, st, plan);
out:
	layout_cli_hook_env_free(&env);
	layout_plan_free(plan);
	mig_state_free(st);
	mig_node_close(node);
	layout_hooks_free(hooks);
	layout_config_free(cfg);
	return ret;
}
