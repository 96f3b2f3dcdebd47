/*
 * agent_conf.c - the agent's configuration file (docs/slurm.md, "The agent"):
 * one keyword per line, '#' comments, words split on blanks, "..." keeps
 * blanks in a word (no escapes: nothing here goes through a shell).
 *
 *   slurm 22.05 | 23.02+          how slurmd names MIG types (slurm conf --slurm)
 *   short-whole                   short whole-GPU types (slurm conf --short-whole)
 *   alias PROFILE=TYPE            a site's type for a profile (slurm conf --alias)
 *   allow PROFILE[,PROFILE...]    the only GI profiles the agent may create
 *   node NAME DIR                 a node it manages: NodeName and emulated node dir
 *   start WORD...                 how to start a node's slurmd ({node} {dir} {gres})
 *   stop WORD...                  how to stop it; else SIGTERM to the PID in
 *   pidfile PATH                  slurmd's PidFile ({node})
 *   drain-timeout SECONDS         undrain a node not idle by then (0: wait)
 *   register-timeout SECONDS      give up a change whose slurmd has not
 *                                 registered by then, node left drained (0: wait)
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "mig_internal.h"

#define MAX_WORDS (AGENT_MAX_ARGV + 1)

static int fail(const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* MIG_ERROR_INVALID_ARGUMENT, "FILE:LINE: what was wrong" in mig_errmsg(). */
static int fail(const char *file, unsigned line, const char *fmt, ...)
{
	char why[AGENT_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s:%u: %s", file, line, why);
}

/* Split a line in place; -1 on an unclosed quote or too many words. */
static int split(char **w, size_t *n, char *s)
{
	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			return 0;
		if (*n == MAX_WORDS)
			return -1;
		if (*s == '"') {
			char *end = strchr(++s, '"');

			if (!end || (end[1] && end[1] != ' ' && end[1] != '\t'))
				return -1;
			w[(*n)++] = s;
			*end = '\0';
			s = end + 1;
			continue;
		}
		w[(*n)++] = s;
		s += strcspn(s, " \t\"");
		if (*s == '"')
			return -1;
		if (*s)
			*s++ = '\0';
	}
}

static int set_argv(char (*out)[256], size_t *n, char **w, size_t nw)
{
	for (size_t i = 0; i < nw; i++) {
		if (strlen(w[i]) >= 256)
			return -1;
		strcpy(out[i], w[i]);
	}
	*n = nw;
	return 0;
}

static int name_ok(const char *s)
{
	if (!*s || strlen(s) >= AGENT_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return 0;
	return 1;
}

static int add_node(agent_conf *c, char **w, size_t nw, const char *file, unsigned line)
{
	if (nw != 3 || !name_ok(w[1]) || w[2][0] != '/' || strlen(w[2]) >= sizeof(c->node[0].dir))
		return fail(file, line,
			    "node: expected 'node NAME DIR' (NAME of letters, digits, '-_.'; DIR absolute)");
	for (size_t i = 0; i < c->nnodes; i++)
		if (!strcmp(c->node[i].name, w[1]))
			return fail(file, line, "node %s is listed twice", w[1]);
	if (c->nnodes == AGENT_MAX_NODES)
		return fail(file, line, "more than %d nodes", AGENT_MAX_NODES);
	strcpy(c->node[c->nnodes].name, w[1]);
	strcpy(c->node[c->nnodes++].dir, w[2]);
	return 0;
}

static int add_alias(agent_conf *c, const char *text, const char *file, unsigned line)
{
	const char *eq = strchr(text, '=');
	size_t pl = eq ? (size_t)(eq - text) : 0;

	if (!eq || !pl || !eq[1] || pl >= AGENT_TYPE_MAX || strlen(eq + 1) >= AGENT_TYPE_MAX ||
	    strpbrk(eq + 1, ":,=") || c->nalias == 16)
		return fail(file, line,
			    "alias: expected PROFILE=TYPE (TYPE without ':', ',' or '='; 16 at most)");
	memcpy(c->alias_text[c->nalias][0], text, pl);
	c->alias_text[c->nalias][0][pl] = '\0';
	strcpy(c->alias_text[c->nalias][1], eq + 1);
	c->alias[c->nalias].profile = c->alias_text[c->nalias][0];
	c->alias[c->nalias].alias = c->alias_text[c->nalias][1];
	c->nalias++;
	return 0;
}

static int keyword(agent_conf *c, char **w, size_t nw, const char *file, unsigned line)
{
	const char *k = w[0];

	if (!strcmp(k, "node"))
		return add_node(c, w, nw, file, line);
	if (!strcmp(k, "start") || !strcmp(k, "stop")) {
		int start = k[2] == 'a';

		if (nw < 2 || set_argv(start ? c->start : c->stop, start ? &c->nstart : &c->nstop,
				       w + 1, nw - 1))
			return fail(file, line, "%s: expected a command and its arguments "
				    "(%d words of 255 bytes at most)", k, AGENT_MAX_ARGV);
		return 0;
	}
	if (strcmp(k, "slurm") && strcmp(k, "short-whole") && strcmp(k, "alias") &&
	    strcmp(k, "allow") && strcmp(k, "pidfile") && strcmp(k, "drain-timeout") &&
	    strcmp(k, "register-timeout"))
		return fail(file, line, "unknown keyword '%.40s' (slurm, short-whole, alias, allow, "
			    "node, start, stop, pidfile, drain-timeout, register-timeout)", k);
	if (nw != 2 && strcmp(k, "short-whole"))
		return fail(file, line, "%s: expected one value", k);
	if (!strcmp(k, "slurm")) {
		if (slurm_version_parse(&c->version, w[1]))
			return fail(file, line, "slurm: '%s' is not 22.05 or 23.02+", w[1]);
	} else if (!strcmp(k, "short-whole")) {
		if (nw != 1)
			return fail(file, line, "short-whole takes no value");
		c->short_whole = 1;
	} else if (!strcmp(k, "alias")) {
		return add_alias(c, w[1], file, line);
	} else if (!strcmp(k, "allow")) {
		if (strlen(w[1]) >= sizeof(c->allow))
			return fail(file, line, "allow: the list is too long");
		strcpy(c->allow, w[1]);
	} else if (!strcmp(k, "pidfile")) {
		if (w[1][0] != '/' || strlen(w[1]) >= sizeof(c->pidfile))
			return fail(file, line, "pidfile: expected an absolute path");
		strcpy(c->pidfile, w[1]);
	} else {
		char *end;
		unsigned long v = strtoul(w[1], &end, 10);

		if (!isdigit((unsigned char)w[1][0]) || *end || v > 86400)
			return fail(file, line, "%s: expected seconds, 0 to 86400", k);
		*(k[0] == 'd' ? &c->drain_timeout_s : &c->register_timeout_s) = (unsigned)v;
	}
	return 0;
}

/* What the file must say for the agent to be able to act. */
static int complete(const agent_conf *c, const char *file)
{
	int gres = 0;

	for (size_t i = 0; i < c->nstart; i++)
		gres |= strstr(c->start[i], "{gres}") != NULL;
	if (!c->nnodes)
		return fail(file, 0, "no 'node NAME DIR' line: the agent manages no node");
	if (!c->nstart || !gres)
		return fail(file, 0,
			    "no 'start' line with {gres}: slurmd must be started with the new Gres= "
			    "(e.g. start slurmd -Z -N {node} --conf \"Gres={gres}\")");
	if (!c->nstop && !c->pidfile[0])
		return fail(file, 0,
			    "neither 'stop' nor 'pidfile': the agent cannot stop a node's slurmd");
	return 0;
}

int agent_conf_parse(agent_conf *out, const char *text, const char *filename)
{
	char *buf = strdup(text), *save = NULL;
	unsigned line = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->register_timeout_s = AGENT_REGISTER_TIMEOUT;
	if (!buf)
		return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", filename);
	for (char *p = buf, *l; !rc; p = NULL) {
		char *w[MAX_WORDS];
		size_t nw;

		/* strtok_r would skip empty lines and so miscount them */
		l = p ? p : save;
		if (!l || !*l)
			break;
		save = l + strcspn(l, "\n");
		if (*save)
			*save++ = '\0';
		line++;
		l[strcspn(l, "\r")] = '\0';
		if (split(w, &nw, l))
			rc = fail(filename, line,
				  "unclosed quote, a quote inside a word, or more than %d words", MAX_WORDS);
		else if (nw)
			rc = keyword(out, w, nw, filename, line);
	}
	free(buf);
	return rc ? rc : complete(out, filename);
}
