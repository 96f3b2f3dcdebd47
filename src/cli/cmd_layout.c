/*
 * cmd_layout.c - declarative layouts: mig-parted's commands over the node.
 *
 *   migctl apply -f FILE [-c NAME] [--dry-run] [--mode-only] [--force] [-k HOOKS] [--json]
 *   migctl assert -f FILE [-c NAME] [--mode-only] [--valid-config]
 *   migctl export [-l NAME] [-o yaml|json] [--placements]
 *   migctl checkpoint [-o FILE]
 *   migctl restore -f FILE [--dry-run] [--mode-only] [--force] [-k HOOKS] [--json]
 *   migctl presets [-i GPU] [-o yaml|json]
 *
 * Files, messages and exit statuses follow mig-parted v0.15.0
 * (github.com/NVIDIA/mig-parted; docs/layouts.md); what migctl does beyond it is in
 * docs/layouts.md.  Flags fall back to mig-parted's environment variables.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout_cli.h"

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

const cli_opt apply_opts[] = {
	{OPT_FILE, 'f', "config-file", "FILE", "the mig-parted config (- reads standard input) [$MIG_PARTED_CONFIG_FILE]"},
	{OPT_CONFIG, 'c', "selected-config", "NAME", "the config to apply (needed when the file has several) [$MIG_PARTED_SELECTED_CONFIG]"},
	{OPT_DRY_RUN, 'n', "dry-run", NULL, "print the plan only; change nothing"},
	{OPT_MODE_ONLY, 'm', "mode-only", NULL, "only change MIG modes [$MIG_PARTED_MODE_CHANGE_ONLY]"},
	{OPT_FORCE, 0, "force", NULL, "destroy instances even while processes use them"},
	{OPT_HOOKS, 'k', "hooks", "FILE", "mig-parted hooks file (also --hooks-file) [$MIG_PARTED_HOOKS_FILE]"},
	{OPT_HOOKS, 0, "hooks-file", "FILE", "same as --hooks"},
	{OPT_JSON, 0, "json", NULL, "print the plan and the outcome as one JSON document"},
	{OPT_DEBUG, 'd', "debug", NULL, "show the hooks' output [$MIG_PARTED_DEBUG]"},
	{0}};

const cli_opt assert_opts[] = {
	{OPT_FILE, 'f', "config-file", "FILE", "the mig-parted config (- reads standard input) [$MIG_PARTED_CONFIG_FILE]"},
	{OPT_CONFIG, 'c', "selected-config", "NAME", "the config to check [$MIG_PARTED_SELECTED_CONFIG]"},
	{OPT_MODE_ONLY, 'm', "mode-only", NULL, "only check MIG modes [$MIG_PARTED_MODE_CHANGE_ONLY]"},
	{OPT_VALID, 'a', "valid-config", NULL, "only check that the file and config are valid [$MIG_PARTED_VALID_CONFIG]"},
	{0}};

const cli_opt export_opts[] = {
	{OPT_LABEL, 'l', "config-name", "NAME", "name of the config written (default: current) [$MIG_PARTED_CONFIG_LABEL]"},
	{OPT_FORMAT, 'o', "output-format", "FORMAT", "yaml (default) or json [$MIG_PARTED_OUTPUT_FORMAT]"},
	{OPT_PLACEMENTS, 0, "placements", NULL, "write GI placements (\"3g.40gb@4\") so apply reproduces them"},
	{0}};

const cli_opt checkpoint_opts[] = {
	{OPT_OUTPUT, 'o', "output", "FILE", "write the checkpoint here (default: standard output) [$MIG_PARTED_CHECKPOINT_FILE]"},
	{OPT_OUTPUT, 'f', "checkpoint-file", "FILE", "same as --output"},
	{0}};

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

const cli_opt presets_opts[] = {
	{OPT_GPU, 'i', "id", "GPUS", "only the models of these GPUs (indices, UUIDs or PCI bus ids)"},
	{OPT_FORMAT, 'o', "output-format", "FORMAT", "yaml (default) or json"},
	{0}};

/* ------------------------------------------------------------------ */
/* Shared                                                             */
/* ------------------------------------------------------------------ */

void cli_node_opened(mig_node *node)
{
	char report[512], why[LAYOUT_ERR_MAX];

	if (layout_recover(node, report, sizeof(report), why, sizeof(why)))
		fprintf(stderr, "migctl: warning: %s\n", why);
	else if (*report)
		fprintf(stderr, "migctl: %s\n", report);
}

/* A flag's value, else mig-parted's environment variable (spec §3.1). */
static const char *opt_env(const cli_args *a, int id, const char *env)
{
	const char *v;

	if (a->value[id])
		return a->value[id];
	v = getenv(env);
	return v && *v ? v : NULL;
}

/* Go's strconv.ParseBool, with an empty value false (urfave/cli). */
static int opt_bool(const cli_cmd *cmd, const cli_args *a, int id, const char *env, int *out)
{
	const char *v;

	if (a->count[id]) {
		*out = 1;
		return 0;
	}
	v = getenv(env);
	*out = 0;
	if (!v || !*v)
		return 0;
	if (!strcmp(v, "1") || !strcmp(v, "t") || !strcmp(v, "T") || !strcmp(v, "TRUE") ||
	    !strcmp(v, "true") || !strcmp(v, "True")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcmp(v, "f") || !strcmp(v, "F") || !strcmp(v, "FALSE") ||
	    !strcmp(v, "false") || !strcmp(v, "False"))
		return 0;
	return cli_usage_error(cmd, "invalid value \"%s\" for %s: not a boolean", v, env);
}

static int parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv)
{
	int rc = cli_parse(a, cmd, argc, argv);

	if (rc)
		return rc;
	if (a->npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a->pos[0]);
	return 0;
}

#define PARSE_OR_RETURN(a, cmd, argc, argv)                   \
	do {                                                  \
		int prc_ = parse(a, cmd, argc, argv);         \
		if (prc_)                                     \
			return prc_ < 0 ? 0 : prc_;           \
	} while (0)

static void print_notes(const layout_notes *n)
{
	for (size_t i = 0; i < n->n; i++)
		fprintf(stderr, "migctl: warning: %s\n", n->text[i]);
}

static int read_hooks(layout_hooks **out, const char *path)
{
	char *buf, err[LAYOUT_ERR_MAX];
	size_t len;
	int rc;

	*out = NULL;
	if (!path)
		return 0;
	if (layout_slurp(&buf, &len, path, err, sizeof(err))) {
		fprintf(stderr, "migctl: Error parsing hooks file: read error: %s\n", err);
		return -1;
	}
	rc = layout_hooks_parse(out, buf, len, path, err, sizeof(err));
	free(buf);
	if (rc)
		fprintf(stderr, "migctl: %s\n", err);
	return rc;
}

/* The MIG_PARTED_* values hooks see (spec §3.7). */
typedef struct hook_env {
	char *v[5];
	size_t n;
} hook_env;

/* apply's flags (config != NULL), or restore's (the checkpoint file, no config). */
static void hook_env_set(hook_env *e, const char *file, const char *config, const char *hooks,
			 int mode_only)
{
	char buf[4200];

	if (config) {
		snprintf(buf, sizeof(buf), "MIG_PARTED_CONFIG_FILE=%s", file ? file : "");
		e->v[e->n++] = strdup(buf);
		snprintf(buf, sizeof(buf), "MIG_PARTED_SELECTED_CONFIG=%s", config);
		e->v[e->n++] = strdup(buf);
	} else {
		snprintf(buf, sizeof(buf), "MIG_PARTED_CHECKPOINT_FILE=%s", file ? file : "");
		e->v[e->n++] = strdup(buf);
	}
	snprintf(buf, sizeof(buf), "MIG_PARTED_HOOKS_FILE=%s", hooks ? hooks : "");
	e->v[e->n++] = strdup(buf);
	if (config)
		e->v[e->n++] = strdup("MIG_PARTED_SKIP_RESET=false");
	snprintf(buf, sizeof(buf), "MIG_PARTED_MODE_CHANGE_ONLY=%s", mode_only ? "true" : "false");
	e->v[e->n++] = strdup(buf);
	for (size_t i = 0; i < e->n; i++)
		if (!e->v[i])
			e->v[i] = strdup("");
}

static void hook_env_free(hook_env *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
}

/* ------------------------------------------------------------------ */
/* apply                                                              */
/* ------------------------------------------------------------------ */

typedef struct config_replan {
	const layout_named *cfg;
	layout_plan_opts opts;
} config_replan;

static int replan_config(layout_plan **out, const mig_state *st, void *arg, char *err,
			 size_t errlen)
{
	config_replan *r = arg;
	layout_target *t = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1, sizeof(*t));
	int rc;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = layout_targets(t, r->cfg, st, NULL, err, errlen);
	if (!rc)
		rc = layout_plan_targets(out, st, t, &r->opts, err, errlen);
	free(t);
	return rc;
}

/*
 * -f / -c (or mig-parted's environment variables): read the config file and
 * pick the named config.  0, CLI_EXIT_USAGE (no file given), or
 * CLI_EXIT_FAIL with the reason printed; *cfg is set whenever it was read.
 */
static int read_selected(layout_config **cfg, const layout_named **nm, const char **file,
			 const cli_cmd *cmd, cli_args *a)
{
	const char *name = opt_env(a, OPT_CONFIG, "MIG_PARTED_SELECTED_CONFIG");
	char err[LAYOUT_ERR_MAX];

	*file = opt_env(a, OPT_FILE, "MIG_PARTED_CONFIG_FILE");
	if (!*file)
		return cli_usage_error(cmd, "Missing required flags 'config-file'");
	if (layout_read(cfg, *file, err, sizeof(err)) ||
	    !(*nm = layout_select(*cfg, name, err, sizeof(err)))) {
		fprintf(stderr, "migctl: %s\n", err);
		return CLI_EXIT_FAIL;
	}
	return 0;
}

int cmd_apply(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *cfg = NULL;
	const layout_named *nm;
	layout_hooks *hooks = NULL;
	layout_target *targets = NULL;
	layout_plan *plan = NULL;
	layout_notes notes = {0};
	mig_node *node = NULL;
	mig_state *st = NULL;
	hook_env env = {{0}};
	config_replan rp;
	layout_cli_run run;
	const char *file, *hooks_path;
	char err[LAYOUT_ERR_MAX], what[512];
	int mode_only, debug, ret = CLI_EXIT_FAIL;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	hooks_path = opt_env(&a, OPT_HOOKS, "MIG_PARTED_HOOKS_FILE");
	if ((ret = opt_bool(cmd, &a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY", &mode_only)) ||
	    (ret = opt_bool(cmd, &a, OPT_DEBUG, "MIG_PARTED_DEBUG", &debug)))
		return ret;
	if ((ret = read_selected(&cfg, &nm, &file, cmd, &a)) != 0) {
		if (ret == CLI_EXIT_USAGE)
			return ret;
		goto out;
	}
	ret = CLI_EXIT_FAIL;
	if (read_hooks(&hooks, hooks_path))
		goto out;
	if (cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	targets = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1, sizeof(*targets));
	if (!targets) {
		ret = cli_fail("planning", MIG_ERROR_MEMORY);
		goto out;
	}
	memset(&rp, 0, sizeof(rp));
	rp.cfg = nm;
	rp.opts.force = a.count[OPT_FORCE] > 0;
	rp.opts.mode_only = mode_only;
	if (layout_targets(targets, nm, st, &notes, err, sizeof(err)) ||
	    layout_plan_targets(&plan, st, targets, &rp.opts, err, sizeof(err))) {
		print_notes(&notes);
		fprintf(stderr, "migctl: Error applying MIG configuration with hooks: %s\n", err);
		if (a.count[OPT_JSON])
			cli_json_print(layout_plan_json(NULL, st, nm->name, a.count[OPT_DRY_RUN] > 0,
							"failed", err));
		goto out;
	}
	print_notes(&notes);
	hook_env_set(&env, file, nm->name, hooks_path, mode_only);
	snprintf(what, sizeof(what), "apply -f %s -c %s%s", file, nm->name, mode_only ? " --mode-only" : "");
	memset(&run, 0, sizeof(run));
	run.cmd = cmd;
	run.config_name = nm->name;
	run.what = what;
	run.hooks = hooks;
	run.hook_env = env.v;
	run.nhook_env = env.n;
	run.debug = debug;
	run.json = a.count[OPT_JSON] > 0;
	run.dry_run = a.count[OPT_DRY_RUN] > 0;
	run.success = "MIG configuration applied successfully";
	run.replan = replan_config;
	run.replan_arg = &rp;
	ret = layout_cli_execute(&run, node, st, plan);
out:
	hook_env_free(&env);
	layout_notes_clear(&notes);
	layout_plan_free(plan);
	free(targets);
	mig_state_free(st);
	mig_node_close(node);
	layout_hooks_free(hooks);
	layout_config_free(cfg);
	return ret;
}

/* ------------------------------------------------------------------ */
/* assert                                                             */
/* ------------------------------------------------------------------ */

int cmd_assert(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *cfg = NULL;
	const layout_named *nm;
	layout_target *targets = NULL;
	layout_notes notes = {0};
	mig_node *node = NULL;
	mig_state *st = NULL;
	const char *file;
	char err[LAYOUT_ERR_MAX];
	int mode_only, valid, ok = 1, ret;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	if ((ret = opt_bool(cmd, &a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY", &mode_only)) ||
	    (ret = opt_bool(cmd, &a, OPT_VALID, "MIG_PARTED_VALID_CONFIG", &valid)))
		return ret;
	if ((ret = read_selected(&cfg, &nm, &file, cmd, &a)) != 0) {
		if (ret == CLI_EXIT_USAGE)
			return ret;
		goto out;
	}
	ret = CLI_EXIT_FAIL;
	if (valid) {
		/* spec §4: syntax and selection only, no hardware */
		printf("Selected MIG configuration is valid\n");
		ret = CLI_EXIT_OK;
		goto out;
	}
	if (cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	targets = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1, sizeof(*targets));
	if (!targets) {
		ret = cli_fail("asserting", MIG_ERROR_MEMORY);
		goto out;
	}
	if (layout_targets(targets, nm, st, &notes, err, sizeof(err))) {
		print_notes(&notes);
		fprintf(stderr, "migctl: %s\n", err);
		fprintf(stderr, "migctl: Assertion failure: selected configuration not currently applied\n");
		goto out;
	}
	print_notes(&notes);
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		layout_gpu_have h;
		layout_notes diff = {0};
		mig_gpu_info info;

		/* --mode-only checks the GPUs the config visits; a full assert, every GPU (spec §4) */
		if (mode_only && !targets[g].covered)
			continue;
		if (layout_gpu_read(&h, st, g) || mig_gpu_get(&info, st, g)) {
			ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
			goto out;
		}
		if (!layout_matches(&h, &targets[g], mode_only, &diff)) {
			ok = 0;
			for (size_t i = 0; i < diff.n; i++)
				printf("GPU %u (%s): %s\n", g, mig_model_name(info.model), diff.text[i]);
		}
		layout_notes_clear(&diff);
	}
	if (!ok) {
		fflush(stdout);
		fprintf(stderr, "migctl: Assertion failure: selected configuration not currently applied\n");
		goto out;
	}
	printf("%s\n", mode_only ? "Selected MIG mode settings from configuration currently applied"
				 : "Selected MIG configuration currently applied");
	ret = CLI_EXIT_OK;
out:
	layout_notes_clear(&notes);
	free(targets);
	mig_state_free(st);
	mig_node_close(node);
	layout_config_free(cfg);
	return ret;
}

/* ------------------------------------------------------------------ */
/* export, presets                                                    */
/* ------------------------------------------------------------------ */

static int print_config(const cli_cmd *cmd, const layout_config *c, const char *format)
{
	char *text = NULL;

	if (!format || !strcmp(format, "yaml")) {
		if (layout_config_yaml(&text, c))
			return cli_fail("writing the config", MIG_ERROR_MEMORY);
		fputs(text, stdout);
	} else if (!strcmp(format, "json")) {
		/* Go's MarshalIndent: no trailing newline (spec §5.1) */
		if (layout_config_json(&text, c))
			return cli_fail("writing the config", MIG_ERROR_MEMORY);
		fputs(text, stdout);
	} else {
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", format);
	}
	free(text);
	return CLI_EXIT_OK;
}

int cmd_export(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *c = NULL;
	layout_notes notes = {0};
	mig_node *node = NULL;
	mig_state *st = NULL;
	const char *label, *format;
	int ret = CLI_EXIT_FAIL;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	label = opt_env(&a, OPT_LABEL, "MIG_PARTED_CONFIG_LABEL");
	format = opt_env(&a, OPT_FORMAT, "MIG_PARTED_OUTPUT_FORMAT");
	if (format && strcmp(format, "yaml") && strcmp(format, "json"))
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", format);
	if (cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	if (layout_export(&c, st, label ? label : "current", a.count[OPT_PLACEMENTS] > 0, &notes)) {
		ret = cli_fail("exporting", MIG_ERROR_MEMORY);
		goto out;
	}
	print_notes(&notes);
	ret = print_config(cmd, c, format);
out:
	layout_notes_clear(&notes);
	layout_config_free(c);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}

int cmd_presets(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *c = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	unsigned gpus[64];
	size_t ngpus = 0;
	int ret = CLI_EXIT_FAIL;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	if (a.value[OPT_FORMAT] && strcmp(a.value[OPT_FORMAT], "yaml") &&
	    strcmp(a.value[OPT_FORMAT], "json"))
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", a.value[OPT_FORMAT]);
	if (cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	if (a.value[OPT_GPU]) {
		const char *bad = NULL;

		if (cli_gpu_list(gpus, &ngpus, 64, st, a.value[OPT_GPU], &bad)) {
			ret = cli_usage_error(cmd, "no GPU '%s' (the node has %u GPU(s))", bad,
					      mig_state_gpu_count(st));
			goto out;
		}
	}
	if (layout_presets(&c, st, a.value[OPT_GPU] ? gpus : NULL, ngpus)) {
		ret = cli_fail("making presets", MIG_ERROR_MEMORY);
		goto out;
	}
	ret = print_config(cmd, c, a.value[OPT_FORMAT]);
out:
	layout_config_free(c);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}

/* ------------------------------------------------------------------ */
/* checkpoint, restore                                                */
/* ------------------------------------------------------------------ */

int cmd_checkpoint(const cli_cmd *cmd, int argc, char **argv)
{
	layout_snapshot *s = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	char *text = NULL, err[LAYOUT_ERR_MAX];
	const char *out;
	int ret = CLI_EXIT_FAIL, rc;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	out = opt_env(&a, OPT_OUTPUT, "MIG_PARTED_CHECKPOINT_FILE");
	if (cli_open_node(&node))
		goto done;
	if ((rc = mig_node_read(&st, node)) || (rc = layout_snapshot_take(&s, st, NULL, 0)) ||
	    (rc = layout_snapshot_json(&text, s))) {
		ret = cli_fail("checkpointing", rc);
		goto done;
	}
	if (!out || !strcmp(out, "-")) {
		printf("%s\n", text);
		ret = CLI_EXIT_OK;
		goto done;
	}
	if (layout_write_durable(out, text, 0644, err, sizeof(err))) {
		fprintf(stderr, "migctl: Error checkpointing MIG configuration: %s\n", err);
		goto done;
	}
	printf("MIG configuration checkpointed successfully\n");
	ret = CLI_EXIT_OK;
done:
	free(text);
	layout_snapshot_free(s);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}

typedef struct exact_replan {
	const layout_snapshot *snap;
	layout_plan_opts opts;
} exact_replan;

static int replan_exact(layout_plan **out, const mig_state *st, void *arg, char *err,
			size_t errlen)
{
	exact_replan *r = arg;

	return layout_plan_exact(out, st, r->snap, &r->opts, err, errlen);
}

int cmd_restore(const cli_cmd *cmd, int argc, char **argv)
{
	layout_snapshot *snap = NULL;
	layout_hooks *hooks = NULL;
	layout_plan *plan = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	hook_env env = {{0}};
	exact_replan rp;
	layout_cli_run run;
	const char *file, *hooks_path;
	char *buf = NULL, err[LAYOUT_ERR_MAX], what[512];
	size_t len;
	int mode_only, debug, ret;
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv);
	file = opt_env(&a, OPT_FILE, "MIG_PARTED_CHECKPOINT_FILE");
	hooks_path = opt_env(&a, OPT_HOOKS, "MIG_PARTED_HOOKS_FILE");
	if ((ret = opt_bool(cmd, &a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY", &mode_only)) ||
	    (ret = opt_bool(cmd, &a, OPT_DEBUG, "MIG_PARTED_DEBUG", &debug)))
		return ret;
	if (!file)
		return cli_usage_error(cmd, "Missing required flags 'checkpoint-file'");
	ret = CLI_EXIT_FAIL;
	if (layout_slurp(&buf, &len, file, err, sizeof(err))) {
		fprintf(stderr, "migctl: Error reading checkpoint file: %s\n", err);
		goto out;
	}
	if (layout_snapshot_parse(&snap, buf, len, err, sizeof(err))) {
		fprintf(stderr, "migctl: Error parsing checkpoint file: %s: %s\n", file, err);
		goto out;
	}
	if (read_hooks(&hooks, hooks_path) || cli_open_node(&node))
		goto out;
	if (mig_node_read(&st, node)) {
		ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
		goto out;
	}
	rp.snap = snap;
	rp.opts.force = a.count[OPT_FORCE] > 0;
	rp.opts.mode_only = mode_only;
	if (layout_plan_exact(&plan, st, snap, &rp.opts, err, sizeof(err))) {
		fprintf(stderr, "migctl: Error restoring MIG configuration: %s\n", err);
		goto out;
	}
	if (!plan->ids_exact)
		fprintf(stderr,
			"migctl: warning: some instances cannot get their recorded IDs back (no room for the temporary CIs that would give them); their MIG UUIDs will differ\n");
	hook_env_set(&env, file, NULL, hooks_path, mode_only);
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
	hook_env_free(&env);
	free(buf);
	layout_plan_free(plan);
	mig_state_free(st);
	mig_node_close(node);
	layout_hooks_free(hooks);
	layout_snapshot_free(snap);
	return ret;
}
