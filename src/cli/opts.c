/*
 * opts.c - option tables: one table per command drives its parsing, its
 * usage line and its --help.
 */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void cli_usage(FILE *f, const cli_cmd *cmd)
{
	fprintf(f, "usage: migctl%s%s %s\n\n%s\n", *cmd->name ? " " : "", cmd->name, cmd->args,
		cmd->summary);
	if (!cmd->opts || !cmd->opts[0].id)
		return;
	fprintf(f, "\noptions:\n");
	for (const cli_opt *o = cmd->opts; o->id; o++) {
		char left[64];
		int n = 0;

		if (o->short_name)
			n += snprintf(left + n, sizeof(left) - (size_t)n, "-%c%s", o->short_name,
				      o->long_name ? ", " : "");
		if (o->long_name)
			n += snprintf(left + n, sizeof(left) - (size_t)n, "--%s", o->long_name);
		if (o->arg)
			snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->arg);
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
	fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
}

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	/* the top level (nvidia-smi's options) has the empty name */
	fprintf(stderr, "migctl%s%s: ", *cmd->name ? " " : "", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'migctl%s%s --help'\n", *cmd->name ? " " : "", cmd->name);
	return CLI_EXIT_USAGE;
}

int cli_fail(const char *context, int rc)
{
	fprintf(stderr, "migctl: %s: %s\n", context,
		*mig_errmsg() ? mig_errmsg() : mig_strerror(rc));
	return CLI_EXIT_FAIL;
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t len)
{
	for (const cli_opt *o = opts; o && o->id; o++)
		if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
	for (const cli_opt *o = opts; o && o->id; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

int cli_parse(cli_args *out, const cli_cmd *cmd, int argc, char **argv)
{
	int only_positional = 0;

	memset(out->value, 0, sizeof(out->value));
	memset(out->count, 0, sizeof(out->count));
	out->pos = argv;
	out->npos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *val = NULL;
		const cli_opt *o = NULL;

		if (only_positional || a[0] != '-' || a[1] == '\0') {
			out->pos[out->npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_positional = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli_usage(stdout, cmd);
			return -1;
		}
		name = a + (a[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		if (a[1] == '-' || strlen(name) > 1) {
			/* --name[=v], or nvidia-smi's single-dash -name[=v] */
			o = find_long(cmd->opts, name, eq ? (size_t)(eq - name) : strlen(name));
			if (o && eq)
				val = eq + 1;
		}
		if (!o && a[1] != '-' && (o = find_short(cmd->opts, a[1])) != NULL && a[2]) {
			if (!o->arg)
				return cli_usage_error(cmd, "unknown option '%s'", a);
			val = a + 2; /* -i0 */
		}
		if (!o)
			return cli_usage_error(cmd, "unknown option '%s'", a);
		if (o->arg && !val) {
			if (i + 1 >= argc)
				return cli_usage_error(cmd, "option '%s' needs %s", a, o->arg);
			val = argv[++i];
		}
		if (!o->arg && val)
			return cli_usage_error(cmd, "option '%s' takes no value", a);
		if (o->id <= 0 || o->id >= 64)
			return cli_usage_error(cmd, "internal: bad option id");
		out->value[o->id] = o->arg ? val : "";
		out->count[o->id]++;
	}
	return 0;
}
