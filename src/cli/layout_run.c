/*
 * layout_run.c - running a plan the way mig-parted's apply runs
 * (§parted-3.2): apply-start hook, pre-apply-mode and pre-apply-config hooks when
 * those phases have work, the changes, then apply-exit whatever happened.
 *
 * One difference, because the emulated node applies a plan as one batch:
 * both pre-apply hooks run before the batch, where mig-parted runs
 * pre-apply-config after the mode changes (docs/layouts.md "Hooks").
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "layout_cli.h"

static int hook(const layout_cli_run *r, int phase, char *why, size_t len)
{
	if (!r->hooks || !r->hooks->n[phase])
		return 0;
	if (layout_hooks_run(r->hooks, phase, r->hook_env, r->nhook_env, r->debug)) {
		snprintf(why, len, "error running %s hook: %s", layout_hook_phase[phase], mig_errmsg());
		return -1;
	}
	return 0;
}

static void finish_json(const layout_cli_run *r, const layout_plan *p, const mig_state *st,
			const char *result, const char *error)
{
	if (r->json)
		cli_json_print(layout_plan_json(p, st, r->config_name, r->dry_run, result, error));
}

int layout_cli_execute(const layout_cli_run *r, mig_node *node, const mig_state *st,
		       const layout_plan *plan)
{
	char what[300], why[2 * LAYOUT_ERR_MAX];
	layout_run_result res;
	layout_plan *replanned = NULL;
	const layout_plan *ran = plan;
	int mode = 0, config = 0, status;

	snprintf(what, sizeof(what), "'%s'", r->config_name ? r->config_name : "the checkpoint");
	if (!r->json)
		layout_print_plan(stdout, plan, st, what);
	if (r->dry_run) {
		finish_json(r, plan, st, "planned", NULL);
		return CLI_EXIT_OK;
	}
	fflush(stdout);
	for (size_t i = 0; i < plan->n; i++) {
		if (layout_step_is_mode(plan, &plan->step[i]))
			mode = 1;
		else
			config = 1;
	}
	if (hook(r, LAYOUT_HOOK_APPLY_START, why, sizeof(why))) {
		/* apply-exit does not run when apply-start failed (§parted-3.2) */
		fprintf(stderr, "migctl: Error applying MIG configuration with hooks: %s\n", why);
		finish_json(r, plan, st, "failed", why);
		return CLI_EXIT_FAIL;
	}
	memset(&res, 0, sizeof(res));
	if ((mode && hook(r, LAYOUT_HOOK_PRE_APPLY_MODE, why, sizeof(why))) ||
	    (config && hook(r, LAYOUT_HOOK_PRE_APPLY_CONFIG, why, sizeof(why)))) {
		snprintf(res.why, sizeof(res.why), "%.*s", (int)sizeof(res.why) - 1, why);
	} else {
		layout_run(&res, node, plan, r->replan, r->replan_arg, &replanned, r->what);
		if (replanned) {
			ran = replanned;
			if (!r->json) {
				printf("The node changed after the plan above was made; this plan ran instead:\n");
				layout_print_plan(stdout, replanned, st, what);
			}
		}
	}
	fflush(stdout);
	if (res.done) {
		if (hook(r, LAYOUT_HOOK_APPLY_EXIT, why, sizeof(why))) {
			fprintf(stderr, "migctl: Error applying MIG configuration with hooks: %s\n", why);
			finish_json(r, ran, st, "failed", why);
			layout_plan_free(replanned);
			return CLI_EXIT_FAIL;
		}
		if (!r->json)
			printf("%s\n", r->success);
		finish_json(r, ran, st, "applied", NULL);
		layout_plan_free(replanned);
		return CLI_EXIT_OK;
	}
	{
		char hook_why[2 * LAYOUT_ERR_MAX];

		if (hook(r, LAYOUT_HOOK_APPLY_EXIT, hook_why, sizeof(hook_why)))
			fprintf(stderr, "migctl: Error running apply-exit hook: %s\n", hook_why + strlen("error running apply-exit hook: "));
	}
	if (res.rollback_failed) {
		snprintf(why, sizeof(why), "%s", res.why);
		status = CLI_EXIT_HALF_APPLIED;
	} else if (res.rolled_back) {
		snprintf(why, sizeof(why), "%s; rolled back to the layout before the apply", res.why);
		status = CLI_EXIT_FAIL;
	} else {
		snprintf(why, sizeof(why), "%s; nothing was changed", res.why);
		status = CLI_EXIT_FAIL;
	}
	fprintf(stderr, "migctl: Error applying MIG configuration with hooks: %s\n", why);
	finish_json(r, ran, st, res.rollback_failed ? "half-applied" : res.rolled_back ? "rolled-back" : "failed",
		    why);
	layout_plan_free(replanned);
	return status;
}
