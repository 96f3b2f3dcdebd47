/*
 * layout_cmd.h - what the six layout commands (cmd_apply.c, cmd_assert.c,
 * cmd_export.c, cmd_presets.c, cmd_checkpoint.c, cmd_restore.c) share:
 * their option ids, mig-parted's environment fallbacks, hooks, and the
 * config file (layout_cmd.c).  Files, messages and exit statuses follow
 * mig-parted v0.15.0 (github.com/NVIDIA/mig-parted; docs/layouts.md).
 */
#ifndef MIGCTL_LAYOUT_CMD_H
#define MIGCTL_LAYOUT_CMD_H

#include "layout_cli.h"

/* Option ids of the layout commands' tables. */
enum {
	OPT_FILE = 1,
	OPT_CONFIG,
	OPT_DRY_RUN,
	OPT_MODE_ONLY,
	OPT_FORCE,
	OPT_HOOKS,
	OPT_JSON,
	OPT_DEBUG,
	OPT_VALID,
	OPT_LABEL,
	OPT_FORMAT,
	OPT_PLACEMENTS,
	OPT_OUTPUT,
	OPT_GPU
};

/*
 * The rows of apply's and restore's option tables after the file and the
 * config: the same flags, --mode-only's help saying what the command does.
 */
#define LAYOUT_CLI_RUN_OPTS(mode_only_help)                                                          \
	{OPT_DRY_RUN, 'n', "dry-run", NULL, "print the plan only; change nothing"},                    \
	{OPT_MODE_ONLY, 'm', "mode-only", NULL, mode_only_help " [$MIG_PARTED_MODE_CHANGE_ONLY]"},     \
	{OPT_FORCE, 0, "force", NULL, "destroy instances even while processes use them"},              \
	{OPT_HOOKS, 'k', "hooks", "FILE",                                                              \
	 "mig-parted hooks file (also --hooks-file) [$MIG_PARTED_HOOKS_FILE]"},                         \
	{OPT_HOOKS, 0, "hooks-file", "FILE", "same as --hooks"},                                       \
	{OPT_JSON, 0, "json", NULL, "print the plan and the outcome as one JSON document"},            \
	{OPT_DEBUG, 'd', "debug", NULL, "show the hooks' output [$MIG_PARTED_DEBUG]"}

/* A flag's value, else mig-parted's environment variable env (docs/layouts.md). */
const char *layout_cli_opt_env(const cli_args *a, int id, const char *env);
/*
 * A flag given, else env read as Go's strconv.ParseBool (empty: false).
 * 0 with *out set, or CLI_EXIT_USAGE with the reason printed.
 */
int layout_cli_opt_bool(const cli_cmd *cmd, const cli_args *a, int id, const char *env, int *out);
/* cli_parse, refusing positional arguments: 0, -1 after --help, or CLI_EXIT_USAGE. */
int layout_cli_parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv);

#define LAYOUT_CLI_PARSE_OR_RETURN(a, cmd, argc, argv)                 \
	do {                                                           \
		int prc_ = layout_cli_parse(a, cmd, argc, argv);       \
		if (prc_)                                              \
			return prc_ < 0 ? 0 : prc_;                    \
	} while (0)

/* apply's and restore's flags that drive the run, each with its environment fallback. */
typedef struct layout_cli_flags {
	const char *hooks; /* the hooks file, NULL: none */
	int mode_only, debug;
} layout_cli_flags;

/* 0 with *f set, or CLI_EXIT_USAGE with the reason printed. */
int layout_cli_run_flags(layout_cli_flags *f, const cli_cmd *cmd, const cli_args *a);
/*
 * Open the node and read its state: 0, or CLI_EXIT_FAIL with the reason
 * printed (*node set whenever it was opened: close it).
 */
int layout_cli_read_node(mig_node **node, mig_state **st);

/* Each note as "migctl: warning: ..." on stderr. */
void layout_cli_notes(const layout_notes *n);
/* Read and parse a hooks file (NULL path: none).  0, or -1 with the reason printed. */
int layout_cli_read_hooks(layout_hooks **out, const char *path);

/* The MIG_PARTED_* values hooks see (§parted-3.7). */
typedef struct layout_cli_hook_env {
	char *v[5];
	size_t n;
} layout_cli_hook_env;

/* apply's flags (config != NULL), or restore's (the checkpoint file, no config). */
void layout_cli_hook_env_set(layout_cli_hook_env *e, const char *file, const char *config,
			     const char *hooks, int mode_only);
void layout_cli_hook_env_free(layout_cli_hook_env *e);

/*
 * What apply's and restore's runs share: the command, the flags, --json,
 * --dry-run, the hooks and their environment.  The caller sets the rest
 * (config_name, what, success, replan).
 */
void layout_cli_run_init(layout_cli_run *r, const cli_cmd *cmd, const cli_args *a,
			 const layout_cli_flags *f, const layout_hooks *hooks,
			 const layout_cli_hook_env *env);

/*
 * -f / -c (or mig-parted's environment variables): read the config file and
 * pick the named config.  0, CLI_EXIT_USAGE (no file given), or
 * CLI_EXIT_FAIL with the reason printed; *cfg is set whenever it was read.
 */
int layout_cli_read_selected(layout_config **cfg, const layout_named **nm, const char **file,
			     const cli_cmd *cmd, cli_args *a);
/* A config as YAML (format NULL or "yaml") or JSON on stdout: the exit status. */
int layout_cli_print_config(const cli_cmd *cmd, const layout_config *c, const char *format);

#endif
