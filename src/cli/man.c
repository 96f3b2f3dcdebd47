/*
 * man.c - the manual pages, made from the --help texts (docs/man.md).
 *
 * `migctl --help-man` lists the pages; `migctl --help-man PAGE` prints one
 * in man(7) format.  A page is the --help output of its commands (and of
 * their subcommands), captured as the user would see it and converted line
 * by line, so a page cannot say anything --help does not.  What --help has
 * no room for (environment, files, exit status) is the only text here.  The
 * build writes the pages with this (cmake/man.cmake); nothing is checked in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Commands documented together; any other command gets a page of its own. */
static const struct group {
	const char *page, *what;
	const char *cmds[8];
} groups[] = {
	{"migctl-layout", "apply, check, export and restore mig-parted layouts",
	 {"apply", "assert", "export", "checkpoint", "restore", "presets"}},
	{"migctl-nvml", "point NVML programs at migctl's libnvidia-ml.so.1",
	 {"nvml-env", "exec"}},
	{"migctl", NULL, {"version"}},
};

/* Text for man(7): backslashes and minus signs escaped, no control line. */
static void roff(FILE *out, const char *s, size_t n)
{
	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (s[i] == '-')
			fputs("\\-", out);
		else
			fputc(s[i], out);
	}
}

static void roff_line(FILE *out, const char *s)
{
	roff(out, s, strlen(s));
	fputc('\n', out);
}

/* Run cmd with argv (its --help) and return what it printed; NULL on failure. */
static char *capture(const cli_cmd *cmd, int argc, char **argv)
{
	FILE *t = tmpfile();
	int saved = -1;
	long len;
	char *text = NULL;

	if (!t)
		return NULL;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	if (saved < 0 || dup2(fileno(t), STDOUT_FILENO) < 0)
		goto out;
	cmd->run(cmd, argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	if ((len = ftell(t)) < 0 || !(text = calloc(1, (size_t)len + 1)))
		goto out;
	rewind(t);
	if (fread(text, 1, (size_t)len, t) != (size_t)len) {
		free(text);
		text = NULL;
	}
out:
	if (saved >= 0)
		close(saved);
	fclose(t);
	return text;
}

/* An option line of --help: "  -i, --id GPUS   help" or "  -i, --id GPUS" with help below. */
static void option(FILE *out, const char *line, const char *help)
{
	const char *p = line + 2, *gap = strstr(p, "  "), *end = gap ? gap : p + strlen(p);
	const char *arg = p;

	/* the option names are the words starting with '-', up to the argument */
	while (arg < end && *arg == '-') {
		const char *sp = memchr(arg, ' ', (size_t)(end - arg));

		if (!sp)
			break;
		arg = sp + 1;
	}
	if (!gap && arg < end && *arg != '-' && !help) {
		/* "--format csv[,noheader] the format of ...": too long for the column */
		const char *sp = memchr(arg, ' ', (size_t)(end - arg));

		if (sp) {
			gap = sp;
			end = sp;
		}
	}
	fputs(".TP\n\\fB", out);
	if (arg < end && *arg != '-') {
		roff(out, p, (size_t)(arg - 1 - p));
		fputs("\\fR \\fI", out);
		roff(out, arg, (size_t)(end - arg));
	} else {
		roff(out, p, (size_t)(end - p));
	}
	fputs("\\fR\n", out);
	if (gap) {
		while (*gap == ' ')
			gap++;
		roff_line(out, gap);
	} else if (help) {
		roff_line(out, help);
	}
}

/* The next line of *text (cut at its newline), or NULL at the end; blank lines are kept. */
static char *next_line(char **text)
{
	char *line = *text, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*text = nl + 1;
	} else {
		*text = line + strlen(line);
	}
	return line;
}

/* One --help text, after its usage line, as paragraphs, option lists and examples. */
static void body(FILE *out, char *text)
{
	char *line, *next;
	int verbatim = 0, para = 0;

	next_line(&text); /* the usage line: in SYNOPSIS */
	for (line = next_line(&text); line; line = next) {
		next = next_line(&text);
		if (!*line) {
			if (verbatim)
				fputs(".fi\n.RE\n", out), verbatim = 0;
			para = 0;
		} else if (line[0] == ' ' && line[1] == ' ' && line[2] == '-') {
			const char *help = NULL;

			if (verbatim)
				fputs(".fi\n.RE\n", out), verbatim = 0;
			if (next && !strncmp(next, "      ", 6)) {
				help = next + 6;
				next = next_line(&text);
			}
			option(out, line, help);
			para = 0;
		} else if (line[0] == ' ') {
			if (!verbatim)
				fputs(".RS\n.nf\n", out), verbatim = 1;
			roff_line(out, line + 2);
		} else {
			if (verbatim)
				fputs(".fi\n.RE\n", out), verbatim = 0;
			/* "options:", "verbs and options:" head a list */
			int heading = strlen(line) < 24 && line[strlen(line) - 1] == ':';

			if (!para || heading)
				fputs(".PP\n", out);
			roff_line(out, line);
			para = !heading;
		}
	}
	if (verbatim)
		fputs(".fi\n.RE\n", out);
}

static void synopsis(FILE *out, const char *text)
{
	const char *nl = strchr(text, '\n');

	if (strncmp(text, "usage: ", 7))
		return;
	fputs(".PP\n", out);
	roff(out, text + 7, nl ? (size_t)(nl - text - 7) : strlen(text + 7));
	fputc('\n', out);
}

static const cli_cmd *find(const cli_cmd *cmds, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static const struct group *group_of(const char *name)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (size_t i = 0; groups[g].cmds[i]; i++)
			if (!strcmp(groups[g].cmds[i], name))
				return &groups[g];
	return NULL;
}

/* The --help texts of a page: each command's, then each of its subcommands'. */
typedef struct block {
	char *title, *text;
} block;

static size_t collect(block *b, size_t cap, const cli_cmd *cmd)
{
	char *help[] = {"--help", NULL}, *sub_help[] = {NULL, "--help", NULL};
	char *text = capture(cmd, 1, help), *save = NULL, *copy, *line;
	char prefix[64];
	size_t n = 0;

	if (!text || !cap)
		return 0;
	b[n].title = strdup(cmd->name);
	b[n++].text = text;
	/* Subcommands are the help's "  migctl CMD SUB ..." lines (emulate). */
	snprintf(prefix, sizeof(prefix), "  migctl %s ", cmd->name);
	if (!(copy = strdup(text)))
		return n;
	for (line = strtok_r(copy, "\n", &save); line && n < cap; line = strtok_r(NULL, "\n", &save)) {
		char *sub, *sp, title[128];

		if (strncmp(line, prefix, strlen(prefix)))
			continue;
		sub = line + strlen(prefix);
		if ((sp = strchr(sub, ' ')))
			*sp = '\0';
		sub_help[0] = sub;
		snprintf(title, sizeof(title), "%s %s", cmd->name, sub);
		if ((text = capture(cmd, 2, sub_help))) {
			b[n].title = strdup(title);
			b[n++].text = text;
		}
	}
	free(copy);
	return n;
}

static void header(FILE *out, const char *page, const char *what)
{
	char upper[64];
	size_t i;

	for (i = 0; page[i] && i + 1 < sizeof(upper); i++)
		upper[i] = page[i] >= 'a' && page[i] <= 'z' ? (char)(page[i] - 'a' + 'A') : page[i];
	upper[i] = '\0';
	fprintf(out, ".\\\" Generated by 'migctl --help-man %s' from migctl's --help texts.\n", page);
	fprintf(out, ".TH %s 1 \"\" \"migctl %s\" \"migctl manual\"\n.SH NAME\n", upper, MIG_VERSION);
	roff(out, page, strlen(page));
	fputs(" \\- ", out);
	roff_line(out, what);
}

static const char see_also[] =
	".SH SEE ALSO\n"
	".BR migctl (1),\n.BR migctl\\-mig (1),\n.BR migctl\\-show (1),\n.BR migctl\\-run (1),\n"
	".BR migctl\\-layout (1),\n.BR migctl\\-emulate (1),\n.BR migctl\\-nvml (1),\n"
	".BR migctl\\-state (5),\n.BR migctl\\-layout (5),\n.BR libmig (3),\n"
	".BR nvidia\\-smi (1)\n";

static const char migctl_extra[] =
	".SH ENVIRONMENT\n"
	".TP\n.B MIGCTL_STATE_DIR\n"
	"The emulated node's directory.  Default: /var/lib/migctl for root, else\n"
	"$XDG_STATE_HOME/migctl or ~/.local/state/migctl, created on first use.\n"
	".TP\n.B MIGCTL_BACKEND\n"
	"auto, emulated or nvml, as \\-\\-backend.\n"
	".TP\n.B MIGCTL_NVML_LIBRARY\n"
	"The libnvidia\\-ml.so.1 the nvml backend loads (default: the system's).\n"
	".TP\n.B NO_COLOR\n"
	"When set, migctl show draws without colour unless \\-\\-color=always.\n"
	".SH FILES\n"
	".TP\n.I STATE_DIR/state.json\n"
	"The emulated node (see \\fBmigctl\\-state\\fR(5)); STATE_DIR/state.lock serialises writers.\n"
	".SH EXIT STATUS\n"
	"migctl's own commands exit 0 on success, 1 when the operation was refused or\n"
	"failed and 2 for a wrong command line.  nvidia\\-smi's commands (the top level\n"
	"and \\fBmig\\fR) exit as nvidia\\-smi does for the same error.\n";

/* The page names, one a line: migctl, the groups, then the commands of no group. */
static int list_pages(const cli_cmd *cmds, size_t n)
{
	puts("migctl");
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		if (strcmp(groups[g].page, "migctl"))
			puts(groups[g].page);
	for (size_t i = 0; i < n; i++)
		if (!group_of(cmds[i].name))
			printf("migctl-%s\n", cmds[i].name);
	return 0;
}

/* The page's header; NAME is the first line of the summary, without its full stop. */
static void name_header(const char *page, const char *what)
{
	char name[256];
	const char *nl = strchr(what, '\n');
	size_t len = nl ? (size_t)(nl - what) : strlen(what);

	if (len && what[len - 1] == '.')
		len--;
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, what, len);
	name[len] = '\0';
	if (name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'a' && name[1] <= 'z')
		name[0] = (char)(name[0] - 'A' + 'a');
	header(stdout, page, name);
}

/* Print the page names, one a line, or page `page`.  Returns an exit status. */
int cli_help_man(const char *page, const cli_cmd *cmds, size_t n, const cli_cmd *top,
		 void (*usage)(FILE *))
{
	block b[32];
	size_t nb = 0;
	const char *what = NULL;

	if (!page)
		return list_pages(cmds, n);
	if (!strcmp(page, "migctl")) {
		FILE *t = tmpfile();
		long len;

		if (!t)
			return CLI_EXIT_FAIL;
		usage(t);
		len = ftell(t);
		rewind(t);
		b[nb].title = strdup("migctl");
		b[nb].text = calloc(1, (size_t)len + 1);
		if (!b[nb].text || fread(b[nb].text, 1, (size_t)len, t) != (size_t)len) {
			fclose(t);
			return CLI_EXIT_FAIL;
		}
		fclose(t);
		nb++;
		nb += collect(b + nb, 32 - nb, top);
		free(b[nb - 1].title);
		b[nb - 1].title = strdup("nvidia-smi's top level");
		nb += collect(b + nb, 32 - nb, find(cmds, n, "version"));
		what = "the NVIDIA Multi-Instance GPU control plane, on emulated or real GPUs";
	} else {
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]) && !what; g++)
			if (!strcmp(page, groups[g].page)) {
				what = groups[g].what;
				for (size_t i = 0; groups[g].cmds[i]; i++)
					if (find(cmds, n, groups[g].cmds[i]))
						nb += collect(b + nb, 32 - nb,
							      find(cmds, n, groups[g].cmds[i]));
			}
		if (!what && !strncmp(page, "migctl-", 7) && find(cmds, n, page + 7) &&
		    !group_of(page + 7)) {
			const cli_cmd *c = find(cmds, n, page + 7);

			nb = collect(b, 32, c);
			what = c->summary;
		}
	}
	if (!what || !nb) {
		fprintf(stderr, "migctl: --help-man: no page '%s' (migctl --help-man lists them)\n",
			page);
		return CLI_EXIT_USAGE;
	}

	name_header(page, what);
	fputs(".SH SYNOPSIS\n", stdout);
	for (size_t i = 0; i < nb; i++)
		synopsis(stdout, b[i].text);
	fputs(".SH DESCRIPTION\n", stdout);
	for (size_t i = 0; i < nb; i++) {
		if (nb > 1 && i > 0) {
			fputs(".SS \"", stdout);
			roff(stdout, b[i].title, strlen(b[i].title));
			fputs("\"\n", stdout);
		}
		body(stdout, b[i].text);
	}
	if (!strcmp(page, "migctl"))
		fputs(migctl_extra, stdout);
	fputs(see_also, stdout);
	for (size_t i = 0; i < nb; i++) {
		free(b[i].title);
		free(b[i].text);
	}
	return 0;
}
