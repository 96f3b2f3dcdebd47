/*
 * agent_parse.c - what the agent reads: squeue's pending jobs, scontrol's
 * nodes, and its own configuration file (docs/slurm.md, "The agent").
 *
 * Every reader works on a buffer and refuses what it does not understand
 * rather than guessing: a job whose request we misread would drain a node
 * for nothing.  tests/fuzz/fuzz_slurm_agent.c runs them on arbitrary bytes.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "mig_internal.h"

/*
 * 22.05 prints --gres and --gpus-per-node requests as tres-per-node (also
 * %b), --gpus as tres-per-job; a size of 0 keeps a field unpadded.
 */
const char *const agent_squeue_argv[] = {"squeue", "-h", "-t", "PENDING", "-O",
					 "JobID:0|,tres-per-node:0|,tres-per-job:0", NULL};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What Slurm printed is not what we understand: MIG_ERROR_INVALID_ARGUMENT. */
static int fail(const char *fmt, ...)
{
	char why[AGENT_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s", why);
}

/* Copy [s, s+n) into out (cap bytes); -1 if it does not fit. */
static int copy(char *out, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* A GRES type as Slurm allows it in a request: no ':', ',', '(' or blanks. */
static int type_ok(const char *t)
{
	if (!*t)
		return 0;
	for (; *t; t++)
		if (!isgraph((unsigned char)*t) || strchr(":,()|=\"", *t))
			return 0;
	return 1;
}

static int id_ok(const char *id)
{
	if (!isdigit((unsigned char)*id))
		return 0;
	for (; *id; id++)
		if (!isdigit((unsigned char)*id) && !strchr("_[]-", *id))
			return 0;
	return 1;
}

/* "3" -> 3 (1..1000000); -1 otherwise. */
static long small_count(const char *s)
{
	long v = 0;

	if (!*s || strlen(s) > 7)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= 1000000 ? v : -1;
}

/*
 * One item of TRES_PER_NODE: [gres:|gres/]NAME[:TYPE][:COUNT].  *type is
 * "" when the item is not a typed GPU.  -1 if malformed.
 */
static int gres_item(char *type, size_t tlen, unsigned *count, char *item)
{
	char *f[4] = {0};
	size_t n = 0;
	long c = 1;

	*type = '\0';
	if (!strncmp(item, "gres:", 5) || !strncmp(item, "gres/", 5))
		item += 5;
	for (char *s = item;; s++) {
		char *colon = strchr(s, ':');

		if (n == 4)
			return -1;
		f[n++] = s;
		if (!colon)
			break;
		*colon = '\0';
		s = colon;
	}
	if (!*f[0])
		return -1;
	if (strcmp(f[0], "gpu"))
		return 0;           /* another GRES: not ours */
	if (n == 2 && small_count(f[1]) > 0)
		return 0;           /* gpu:N, untyped */
	if (n > 3 || (n == 3 && (c = small_count(f[2])) < 0))
		return -1;
	if (n == 1)
		return 0;
	if (!type_ok(f[1]) || copy(type, tlen, f[1], strlen(f[1])))
		return -1;
	*count = (unsigned)c;
	return 0;
}

/* `items` (n used of *cap) with room for one more of `size` bytes; NULL, items kept, when out of memory. */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
	size_t nc = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return items;
	if (!(p = realloc(items, nc * size)))
		return NULL;
	*cap = nc;
	return p;
}

static int add_job(agent_job **jobs, size_t *n, size_t *cap, const char *id, const char *type,
		   unsigned count)
{
	agent_job *p = grow(*jobs, *n, cap, sizeof(**jobs)), *j;

	if (!p)
		return -1;
	*jobs = p;
	j = &p[*n];
	snprintf(j->id, sizeof(j->id), "%s", id);
	snprintf(j->type, sizeof(j->type), "%s", type);
	j->count = count;
	(*n)++;
	return 0;
}

/* Call fn on each line that is not blank (numbered from 1, '\r' cut); stops at its first failure. */
typedef int (*line_fn)(void *arg, char *line, unsigned no);

static int each_line(const char *text, const char *what, line_fn fn, void *arg)
{
	char *buf = strdup(text);
	unsigned no = 0;
	int rc = 0;

	if (!buf)
		return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", what);
	for (char *line = buf, *next; !rc && *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		no++;
		line[strcspn(line, "\r")] = '\0';
		if (line[strspn(line, " \t")])
			rc = fn(arg, line, no);
	}
	free(buf);
	return rc;
}

/* The typed GPU requests of one TRES field ("gres:gpu:T:N,gres:tmpdisk:10" or "N/A"). */
static int tres_field(agent_job **jobs, size_t *n, size_t *cap, const char *id, char *field,
		      unsigned no)
{
	char *save = NULL;

	if (!strcmp(field, "N/A") || !strcmp(field, "(null)") || !*field)
		return 0;
	for (char *it = strtok_r(field, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		char type[AGENT_TYPE_MAX];
		unsigned count = 1;

		if (gres_item(type, sizeof(type), &count, it))
			return fail("squeue line %u: job %s: GRES request '%.80s' is not "
				    "[gres:]gpu[:TYPE][:COUNT]", no, id, it);
		if (*type && add_job(jobs, n, cap, id, type, count))
			return mig__fail(MIG_ERROR_MEMORY, "squeue: out of memory");
	}
	return 0;
}

/* One "JOBID|TRES_PER_NODE[|TRES_PER_JOB]" line; line is modified. */
static int squeue_line(agent_job **jobs, size_t *n, size_t *cap, char *line, unsigned no)
{
	char *node = strchr(line, '|'), *job = node ? strchr(node + 1, '|') : NULL;
	int rc;

	if (!node || (job && strchr(job + 1, '|')))
		return fail("squeue line %u: expected JOBID|TRES_PER_NODE|TRES_PER_JOB, got '%.80s'",
			    no, line);
	*node++ = '\0';
	if (job)
		*job++ = '\0';
	if (!id_ok(line) || strlen(line) >= AGENT_NAME_MAX)
		return fail("squeue line %u: job id '%.80s' is not digits (with _[]- for arrays)",
			    no, line);
	rc = tres_field(jobs, n, cap, line, node, no);
	return rc || !job ? rc : tres_field(jobs, n, cap, line, job, no);
}

typedef struct job_list {
	agent_job **jobs;
	size_t *n, cap;
} job_list;

static int squeue_fn(void *arg, char *line, unsigned no)
{
	job_list *l = arg;

	return squeue_line(l->jobs, l->n, &l->cap, line + strspn(line, " "), no);
}

int agent_squeue_parse(agent_job **out, size_t *n, const char *text)
{
	job_list l = {out, n, 0};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = each_line(text, "squeue", squeue_fn, &l))) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* scontrol show node -o                                               */
/* ------------------------------------------------------------------ */

/* The keys we keep; every other "Key=" starts a field we skip. */
static char *node_field(agent_node *nd, const char *key, size_t *cap)
{
	static const struct {
		const char *key;
		size_t off, cap;
	} f[] = {
		{"NodeName", offsetof(agent_node, name), sizeof(((agent_node *)0)->name)},
		{"State", offsetof(agent_node, state), sizeof(((agent_node *)0)->state)},
		{"Gres", offsetof(agent_node, gres), sizeof(((agent_node *)0)->gres)},
		{"GresUsed", offsetof(agent_node, gres_used), sizeof(((agent_node *)0)->gres_used)},
		{"Reason", offsetof(agent_node, reason), sizeof(((agent_node *)0)->reason)},
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(key, f[i].key)) {
			*cap = f[i].cap;
			return (char *)nd + f[i].off;
		}
	return NULL;
}

/* A word that starts a field: an identifier, then '='. */
static size_t key_len(const char *w)
{
	size_t i = 0;

	while (isalnum((unsigned char)w[i]) || w[i] == '_')
		i++;
	return i && w[i] == '=' && isupper((unsigned char)w[0]) ? i : 0;
}

/*
 * Values may hold blanks (Reason=a b [root@..], OS=Linux 6.1 ...): a word
 * that does not start a field continues the last one.
 */
static int node_line(agent_node *nd, char *line, unsigned no)
{
	char *field = NULL, *save = NULL;
	size_t cap = 0;

	memset(nd, 0, sizeof(*nd));
	for (char *w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		size_t k = key_len(w), used;

		if (k) {
			w[k] = '\0';
			field = node_field(nd, w, &cap);
			w += k + 1;
			if (field && copy(field, cap, w, strlen(w)))
				return fail("scontrol line %u: %s= is longer than %zu bytes",
					    no, w - k - 1, cap - 1);
			continue;
		}
		if (!field)
			continue;
		used = strlen(field);
		if (used + 1 + strlen(w) >= cap)
			return fail("scontrol line %u: a field is longer than %zu bytes", no,
				    cap - 1);
		field[used] = ' ';
		strcpy(field + used + 1, w);
	}
	if (!nd->name[0] || !nd->state[0])
		return fail("scontrol line %u: no NodeName= and State= ('%.60s')", no, line);
	return 0;
}

typedef struct node_list {
	agent_node **nodes;
	size_t *n, cap;
} node_list;

static int node_fn(void *arg, char *line, unsigned no)
{
	node_list *l = arg;
	agent_node *p;
	int rc;

	if (!strncmp(line, "No nodes", 8))
		return 0;
	if (!(p = grow(*l->nodes, *l->n, &l->cap, sizeof(*p))))
		return mig__fail(MIG_ERROR_MEMORY, "scontrol: out of memory");
	*l->nodes = p;
	if ((rc = node_line(&p[*l->n], line, no)))
		return rc;
	(*l->n)++;
	return 0;
}

int agent_nodes_parse(agent_node **out, size_t *n, const char *text)
{
	node_list l = {out, n, 0};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = each_line(text, "scontrol", node_fn, &l))) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* Is `flag` one of the '+'-separated words of the state? */
static int state_has(const agent_node *nd, const char *flag)
{
	size_t n = strlen(flag);

	for (const char *s = nd->state; *s;) {
		size_t w = strcspn(s, "+");

		if (w == n && !strncasecmp(s, flag, n))
			return 1;
		s += w + (s[w] == '+');
	}
	return 0;
}

int agent_node_busy(const agent_node *nd)
{
	return state_has(nd, "ALLOCATED") || state_has(nd, "MIXED") || state_has(nd, "COMPLETING");
}

int agent_node_drained(const agent_node *nd)
{
	return state_has(nd, "DRAIN") || state_has(nd, "DRAINED") || state_has(nd, "DRAINING");
}

int agent_node_down(const agent_node *nd)
{
	return state_has(nd, "DOWN") || state_has(nd, "INVALID") || state_has(nd, "FAIL") ||
	       state_has(nd, "NOT_RESPONDING") || state_has(nd, "FUTURE") ||
	       state_has(nd, "UNKNOWN") || state_has(nd, "INVALID_REG");
}

int agent_node_unmapped(const agent_node *nd)
{
	const char *second = strstr(nd->gres, ",gpu:");

	return !strncmp(nd->gres, "gpu:", 4) && second && !strstr(nd->gres, "(S:");
}

unsigned agent_gres_count(const char *gres, const char *type)
{
	size_t tl = strlen(type);
	unsigned total = 0;

	/* items "gpu:TYPE:N" or "gpu:TYPE:N(IDX:0,2)": split on ',' outside parentheses */
	for (const char *s = gres; *s;) {
		const char *e = s;
		int depth = 0;

		for (; *e && (depth || *e != ','); e++)
			depth += *e == '(' ? 1 : *e == ')' && depth ? -1 : 0;
		if ((size_t)(e - s) > 5 + tl && !strncmp(s, "gpu:", 4) && !strncmp(s + 4, type, tl) &&
		    s[4 + tl] == ':' && isdigit((unsigned char)s[5 + tl]))
			total += (unsigned)strtoul(s + 5 + tl, NULL, 10);
		s = *e ? e + 1 : e;
	}
	return total;
}
