/*
 * layout_cmd.c - what the layout commands share (layout_cmd.h): flags with
 * mig-parted's environment fallbacks, hooks files and the hooks'
 * environment, reading the selected config, printing a config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

/* A flag's value, else mig-parted's environment variable (§parted-3.1). */
const char *layout_cli_opt_env(const cli_args *a, int id, const char *env)
{
	const char *v;

	if (a->value[id])
		return a->value[id];
	v = getenv(env);
	return v && *v ? v : NULL;
}

/* Go's strconv.ParseBool, with an empty value false (urfave/cli). */
int layout_cli_opt_bool(const cli_cmd *cmd, const cli_args *a, int id, const char *env, int *out)
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

int layout_cli_parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv)
{
	int rc = cli_parse(a, cmd, argc, argv);

	if (rc)
		return rc;
	if (a->npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a->pos[0]);
	return 0;
}

int layout_cli_run_flags(layout_cli_flags *f, const cli_cmd *cmd, const cli_args *a)
{
	int ret;

	f->hooks = layout_cli_opt_env(a, OPT_HOOKS, "MIG_PARTED_HOOKS_FILE");
	if ((ret = layout_cli_opt_bool(cmd, a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY",
				       &f->mode_only)) ||
	    (ret = layout_cli_opt_bool(cmd, a, OPT_DEBUG, "MIG_PARTED_DEBUG", &f->debug)))
		return ret;
	return 0;
}

int layout_cli_read_node(mig_node **node, mig_state **st)
{
	if (cli_open_node(node))
		return CLI_EXIT_FAIL;
	if (mig_node_read(st, *node))
		return cli_fail("reading the node", MIG_ERROR_UNKNOWN);
	return 0;
}

void layout_cli_run_init(layout_cli_run *r, const cli_cmd *cmd, const cli_args *a,
			 const layout_cli_flags *f, const layout_hooks *hooks,
			 const layout_cli_hook_env *env)
{
	memset(r, 0, sizeof(*r));
	r->cmd = cmd;
	r->hooks = hooks;
	r->hook_env = env->v;
	r->nhook_env = env->n;
	r->debug = f->debug;
	r->json = a->count[OPT_JSON] > 0;
	r->dry_run = a->count[OPT_DRY_RUN] > 0;
}

void layout_cli_notes(const layout_notes *n)
{
	for (size_t i = 0; i < n->n; i++)
		fprintf(stderr, "migctl: warning: %s\n", n->text[i]);
}

int layout_cli_read_hooks(layout_hooks **out, const char *path)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (!path)
		return 0;
	if (layout_slurp(&buf, &len, path)) {
		fprintf(stderr, "migctl: Error parsing hooks file: read error: %s\n", mig_errmsg());
		return -1;
	}
	rc = layout_hooks_parse(out, buf, len, path);
	free(buf);
	if (rc)
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
	return rc;
}

/* apply's flags (config != NULL), or restore's (the checkpoint file, no config). */
void layout_cli_hook_env_set(layout_cli_hook_env *e, const char *file, const char *config,
			     const char *hooks, int mode_only)
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

void layout_cli_hook_env_free(layout_cli_hook_env *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
}

/*
 * -f / -c (or mig-parted's environment variables): read the config file and
 * pick the named config.  0, CLI_EXIT_USAGE (no file given), or
 * CLI_EXIT_FAIL with the reason printed; *cfg is set whenever it was read.
 */
int layout_cli_read_selected(layout_config **cfg, const layout_named **nm, const char **file,
			     const cli_cmd *cmd, cli_args *a)
{
	const char *name = layout_cli_opt_env(a, OPT_CONFIG, "MIG_PARTED_SELECTED_CONFIG");

	*file = layout_cli_opt_env(a, OPT_FILE, "MIG_PARTED_CONFIG_FILE");
	if (!*file)
		return cli_usage_error(cmd, "Missing required flags 'config-file'");
	if (layout_read(cfg, *file) || !(*nm = layout_select(*cfg, name))) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	return 0;
}

int layout_cli_print_config(const cli_cmd *cmd, const layout_config *c, const char *format)
{
	char *text = NULL;

	if (!format || !strcmp(format, "yaml")) {
		if (layout_config_yaml(&text, c))
			return cli_fail("writing the config", MIG_ERROR_MEMORY);
		fputs(text, stdout);
	} else if (!strcmp(format, "json")) {
		/* Go's MarshalIndent: no trailing newline (§parted-5.1) */
		if (layout_config_json(&text, c))
			return cli_fail("writing the config", MIG_ERROR_MEMORY);
		fputs(text, stdout);
	} else {
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", format);
	}
	free(text);
	return CLI_EXIT_OK;
}
