/*
 * layout_cli.h - what the layout commands (cmd_apply.c ... cmd_plan.c) share: printing
 * plans and differences, and running a plan with mig-parted's hooks.
 */
#ifndef MIGCTL_LAYOUT_CLI_H
#define MIGCTL_LAYOUT_CLI_H

#include "cli.h"
#include "layout.h"

/* Exit statuses of apply/restore beyond CLI_EXIT_*: the node is in neither layout. */
enum { CLI_EXIT_HALF_APPLIED = 3 };

/* The plan as text: per GPU, what stays and the numbered steps. */
void layout_print_plan(FILE *f, const layout_plan *p, const mig_state *st, const char *what);
/* The plan (and outcome) as one JSON object; decref it. */
void *layout_plan_json(const layout_plan *p, const mig_state *st, const char *config,
		       int dry_run, const char *result, const char *error);

/* How to run a plan: hooks, options, and the way to re-plan under the lock. */
typedef struct layout_cli_run {
	const cli_cmd *cmd;
	const char *config_name;   /* for JSON and the journal */
	const char *what;          /* "apply -c NAME", for the journal */
	const layout_hooks *hooks; /* NULL: none */
	char *const *hook_env;
	size_t nhook_env;
	int debug, json, dry_run;
	const char *success;       /* "MIG configuration applied successfully" */
	layout_replan_fn replan;
	void *replan_arg;
} layout_cli_run;

/*
 * Print the plan, then (unless dry-run) run the hooks and the plan
 * (§parted-3.2's flow).  Returns the exit status.
 */
int layout_cli_execute(const layout_cli_run *r, mig_node *node, const mig_state *st,
		       const layout_plan *plan);

#endif
