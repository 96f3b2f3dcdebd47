/*
 * trace.c - the simulator's own job list (docs/simulator.md#job-list), as
 * CSV or JSON, and what every trace reader shares: names, growth, strict
 * numbers, the checks every job passes.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"
#include "util.h"

void sim_trace_free(sim_trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nusers; i++)
		free(t->users[i]);
	for (size_t i = 0; i < t->nclasses; i++)
		free(t->classes[i]);
	free(t->users);
	free(t->classes);
	free(t->jobs);
	free(t->host);
	free(t);
}

int sim_trace_name(sim_trace *t, int is_class, const char *name, size_t len)
{
	char ***list = is_class ? &t->classes : &t->users;
	size_t *n = is_class ? &t->nclasses : &t->nusers;
	char **grown, *copy;

	for (size_t i = 0; i < *n; i++)
		if (strlen((*list)[i]) == len && !memcmp((*list)[i], name, len))
			return (int)i;
	if (!(grown = realloc(*list, (*n + 1) * sizeof(*grown))))
		return -1;
	*list = grown;
	if (!(copy = strndup(name, len)))
		return -1;
	grown[(*n)++] = copy;
	return (int)(*n - 1);
}

int sim_trace_push(sim_trace *t, const sim_job *j)
{
	if (UTIL_GROW(t->jobs, t->cap, t->n + 1))
		return -1;
	t->jobs[t->n++] = *j;
	return 0;
}

int sim_num(double *out, const char *s, size_t len)
{
	char buf[64], *end;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (strspn(buf, "0123456789.eE+-") != len)
		return -1;
	errno = 0;
	*out = strtod(buf, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

size_t sim_field_len(const char *s, size_t max)
{
	const char *comma = memchr(s, ',', max);

	return comma ? (size_t)(comma - s) : max;
}

int sim_job_check(const sim_job *j, double prev_arrival, char *why, size_t len)
{
	if (j->arrival < 0)
		snprintf(why, len, "negative arrival %g", j->arrival);
	else if (j->arrival < prev_arrival)
		snprintf(why, len, "arrival %g before the previous job's %g; arrivals must be sorted",
			 j->arrival, prev_arrival);
	else if (j->duration < 0)
		snprintf(why, len, "negative duration %g", j->duration);
	else if (!(j->demand > 0 && j->demand <= 1))
		snprintf(why, len, "compute %g; allowed: more than 0, at most 1 (a whole GPU)", j->demand);
	else if (j->gpus < 1 || j->gpus > 1024)
		snprintf(why, len, "gpus %u; allowed: 1 to 1024", j->gpus);
	else if (j->gpus > 1 && j->demand < 1)
		snprintf(why, len, "a job on %u GPUs must use whole GPUs (compute 1)", j->gpus);
	else
		return 0;
	return -1;
}

/* ------------------------------------------------------------------ */
/* CSV job list                                                       */
/* ------------------------------------------------------------------ */

enum { COL_ARRIVAL, COL_DURATION, COL_COMPUTE, COL_MEM, COL_GPUS, COL_USER, COL_CLASS, NCOL };
static const char *const col_names[NCOL] = {"arrival", "duration", "compute", "gpu_mem_mib",
					    "gpus", "user", "class"};
#define COLS_ALLOWED "arrival, duration, compute (required), gpu_mem_mib, gpus, user, class"

static int header(int *map, size_t *ncols, const char *line, size_t len, char *why, size_t wl)
{
	int seen[NCOL] = {0};
	size_t pos = 0;

	*ncols = 0;
	while (pos <= len) {
		size_t f = sim_field_len(line + pos, len - pos);
		int c = -1;

		if (pos + f > len)
			f = len - pos;
		for (int k = 0; k < NCOL; k++)
			if (strlen(col_names[k]) == f && !memcmp(col_names[k], line + pos, f))
				c = k;
		if (c < 0 || seen[c] || *ncols >= NCOL) {
			snprintf(why, wl, "%s column '%.*s'; allowed: " COLS_ALLOWED,
				 c < 0 ? "unknown" : "repeated", (int)f, line + pos);
			return -1;
		}
		seen[c] = 1;
		map[(*ncols)++] = c;
		pos += f + 1;
	}
	if (!seen[COL_ARRIVAL] || !seen[COL_DURATION] || !seen[COL_COMPUTE]) {
		snprintf(why, wl, "the header lacks a required column; needed: arrival, duration, compute");
		return -1;
	}
	return 0;
}

static int field(sim_trace *t, sim_job *j, int col, const char *s, size_t len, char *why, size_t wl)
{
	double v;

	if (col == COL_USER || col == COL_CLASS) {
		int id = len ? sim_trace_name(t, col == COL_CLASS, s, len) : -1;

		if (id < 0) {
			snprintf(why, wl, "empty %s", col_names[col]);
			return -1;
		}
		*(col == COL_USER ? &j->user : &j->cls) = (unsigned)id;
		return 0;
	}
	if (sim_num(&v, s, len)) {
		snprintf(why, wl, "%s '%.*s' is not a number", col_names[col], (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if ((col == COL_MEM || col == COL_GPUS) && (v != floor(v) || v < 0 || v > 1e7)) {
		snprintf(why, wl, "%s %g; allowed: a whole number, 0 to 10000000", col_names[col], v);
		return -1;
	}
	if (col == COL_ARRIVAL)
		j->arrival = v;
	else if (col == COL_DURATION)
		j->duration = v;
	else if (col == COL_COMPUTE)
		j->demand = v;
	else if (col == COL_MEM)
		j->mem_mib = (unsigned)v;
	else
		j->gpus = (unsigned)v;
	return 0;
}

static int csv_row(sim_trace *t, const int *map, size_t ncols, const char *line, size_t len,
		   char *why, size_t wl)
{
	sim_job j = {0};
	size_t pos = 0, c = 0;

	j.gpus = 1;
	j.user = j.cls = 0;
	while (pos <= len) {
		size_t f = sim_field_len(line + pos, len - pos);

		if (pos + f > len)
			f = len - pos;
		if (c == ncols) {
			snprintf(why, wl, "more fields than the header's %zu", ncols);
			return -1;
		}
		if (field(t, &j, map[c++], line + pos, f, why, wl))
			return -1;
		pos += f + 1;
	}
	if (c != ncols) {
		snprintf(why, wl, "%zu fields; the header has %zu", c, ncols);
		return -1;
	}
	if (sim_job_check(&j, t->n ? t->jobs[t->n - 1].arrival : 0, why, wl))
		return -1;
	return sim_trace_push(t, &j) ? (snprintf(why, wl, "out of memory"), -1) : 0;
}

/* Each line of buf[0..len) (CR LF or LF) to fn; stops at the first failure with its line number. */
int sim_lines(const char *buf, size_t len, void *ctx,
	      int (*fn)(void *ctx, size_t lineno, const char *line, size_t len), size_t *bad)
{
	size_t pos = 0, lineno = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		size_t eff = l && buf[pos + l - 1] == '\r' ? l - 1 : l;

		lineno++;
		if (memchr(buf + pos, '\0', l) || fn(ctx, lineno, buf + pos, eff)) {
			*bad = lineno;
			return -1;
		}
		pos += l + 1;
	}
	return 0;
}

typedef struct csv_ctx {
	sim_trace *t;
	int map[NCOL];
	size_t ncols;
	char why[256];
} csv_ctx;

static int csv_line(void *vctx, size_t lineno, const char *line, size_t len)
{
	csv_ctx *c = vctx;

	if (lineno == 1)
		return header(c->map, &c->ncols, line, len, c->why, sizeof(c->why));
	if (!len) {
		snprintf(c->why, sizeof(c->why), "empty line");
		return -1;
	}
	return csv_row(c->t, c->map, c->ncols, line, len, c->why, sizeof(c->why));
}

int sim_trace_new(sim_trace **out)
{
	sim_trace *t = calloc(1, sizeof(*t));

	*out = t;
	if (!t || sim_trace_name(t, 0, "default", 7) < 0 || sim_trace_name(t, 1, "default", 7) < 0)
		return -1;
	return 0;
}

int sim_why_code(const char *why)
{
	return strcmp(why, "out of memory") ? MIG_ERROR_INVALID_ARGUMENT : MIG_ERROR_MEMORY;
}

static int parse_csv(sim_trace *t, const char *buf, size_t len, const char *filename)
{
	csv_ctx c = {.t = t};
	size_t bad = 0;

	if (sim_lines(buf, len, &c, csv_line, &bad))
		return mig__fail(sim_why_code(c.why), "%s:%zu: %s", filename, bad,
				 *c.why ? c.why : "a NUL byte; a job list is text");
	return 0;
}

/* ------------------------------------------------------------------ */
/* JSON job list                                                      */
/* ------------------------------------------------------------------ */

static int json_name(sim_trace *t, unsigned *out, json_t *v, int is_class, char *why, size_t wl)
{
	const char *s = json_string_value(v);
	int id;

	if (!v)
		return 0;
	if (!s || !*s || (id = sim_trace_name(t, is_class, s, strlen(s))) < 0) {
		snprintf(why, wl, "\"%s\" must be a non-empty string", is_class ? "class" : "user");
		return -1;
	}
	*out = (unsigned)id;
	return 0;
}

static int json_number(double *out, json_t *v, const char *key, int whole, char *why, size_t wl)
{
	if (!v)
		return 0;
	if (!json_is_number(v) || (whole && (!json_is_integer(v) || json_integer_value(v) < 0 ||
					     json_integer_value(v) > 10000000))) {
		snprintf(why, wl, "\"%s\" must be %s", key, whole ? "a whole number, 0 to 10000000" : "a number");
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

static int json_job(sim_trace *t, json_t *o, char *why, size_t wl)
{
	static const char *const keys[] = {"arrival", "duration", "compute", "gpu_mem_mib", "gpus",
					   "user", "class"};
	double arrival = NAN, duration = NAN, compute = NAN, mem = 0, gpus = 1;
	sim_job j = {0};
	const char *key;
	json_t *v;

	if (!json_is_object(o)) {
		snprintf(why, wl, "a job must be an object");
		return -1;
	}
	json_object_foreach(o, key, v) {
		size_t k = 0;

		while (k < 7 && strcmp(keys[k], key))
			k++;
		if (k == 7) {
			snprintf(why, wl, "unknown key \"%.40s\"; allowed: " COLS_ALLOWED, key);
			return -1;
		}
	}
	if (json_number(&arrival, json_object_get(o, "arrival"), "arrival", 0, why, wl) ||
	    json_number(&duration, json_object_get(o, "duration"), "duration", 0, why, wl) ||
	    json_number(&compute, json_object_get(o, "compute"), "compute", 0, why, wl) ||
	    json_number(&mem, json_object_get(o, "gpu_mem_mib"), "gpu_mem_mib", 1, why, wl) ||
	    json_number(&gpus, json_object_get(o, "gpus"), "gpus", 1, why, wl) ||
	    json_name(t, &j.user, json_object_get(o, "user"), 0, why, wl) ||
	    json_name(t, &j.cls, json_object_get(o, "class"), 1, why, wl))
		return -1;
	if (isnan(arrival) || isnan(duration) || isnan(compute)) {
		snprintf(why, wl, "a job needs \"arrival\", \"duration\" and \"compute\"");
		return -1;
	}
	j.arrival = arrival;
	j.duration = duration;
	j.demand = compute;
	j.mem_mib = (unsigned)mem;
	j.gpus = (unsigned)gpus;
	if (sim_job_check(&j, t->n ? t->jobs[t->n - 1].arrival : 0, why, wl))
		return -1;
	return sim_trace_push(t, &j) ? (snprintf(why, wl, "out of memory"), -1) : 0;
}

static int parse_json(sim_trace *t, const char *buf, size_t len, const char *filename)
{
	json_error_t je;
	json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je), *jobs, *o;
	char why[256] = "";
	size_t i;
	int rc = 0;

	if (!doc)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s:%d:%d: %s", filename, je.line, je.column,
				 je.text);
	jobs = json_object_get(doc, "jobs");
	if (!json_is_object(doc) || json_object_size(doc) != 1 || !json_is_array(jobs)) {
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			       "%s: a JSON job list is {\"jobs\": [...]} and nothing else", filename);
		goto done;
	}
	json_array_foreach(jobs, i, o) {
		if (json_job(t, o, why, sizeof(why))) {
			rc = mig__fail(sim_why_code(why), "%s: jobs[%zu]: %s", filename, i, why);
			goto done;
		}
	}
done:
	json_decref(doc);
	return rc;
}

int sim_trace_parse(sim_trace **out, const char *buf, size_t len, const char *filename)
{
	size_t skip = 0;
	sim_trace *t;
	int rc;

	while (skip < len && strchr(" \t\r\n", buf[skip]) && buf[skip])
		skip++;

	*out = NULL;
	if (sim_trace_new(&t)) {
		sim_trace_free(t);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	if (skip < len && buf[skip] == '{')
		rc = parse_json(t, buf, len, filename);
	else
		rc = parse_csv(t, buf, len, filename);
	if (!rc && !t->n)
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: no jobs", filename);
	if (rc) {
		sim_trace_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading a file; synthetic traces                                   */
/* ------------------------------------------------------------------ */

int sim_slurp(char **out, const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!f)
		return mig__fail(MIG_ERROR_IO, "%s: %s", path, strerror(errno));
	do {
		if (*len + 65536 + 1 > cap) {
			char *p = realloc(buf, cap = cap * 2 + 65536 + 1);

			if (!p) {
				rc = mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", path);
				break;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
	} while (n > 0);
	if (!rc && ferror(f))
		rc = mig__fail(MIG_ERROR_IO, "%s: read error", path);
	if (f != stdin)
		fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[*len] = 0;
	*out = buf;
	return 0;
}

int sim_trace_read(sim_trace **out, const char *path, const sim_openb_opts *o)
{
	size_t len;
	char *buf;
	int rc;

	*out = NULL;
	if ((rc = sim_slurp(&buf, path, &len)))
		return rc;
	if (!strncmp(buf, "name,cpu_milli,", 15))
		rc = sim_openb_parse(out, buf, len, path, o);
	else
		rc = sim_trace_parse(out, buf, len, path);
	free(buf);
	return rc;
}

/* splitmix64: a small, well-mixed generator, the same sequence everywhere. */
static double uniform(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

int sim_trace_synth(sim_trace **out, size_t n, unsigned gpus, double load, uint64_t seed)
{
	static const double shares[] = {1.0 / 7, 2.0 / 7, 3.0 / 7, 4.0 / 7, 1.0};
	double t_now = 0, mean_dur = 3600, mean_share = 0, rate;
	uint64_t s = seed;
	sim_trace *t;

	for (size_t k = 0; k < 5; k++)
		mean_share += shares[k] / 5;
	/* Little's law: jobs in the system = rate x mean duration = load x GPUs / mean share */
	rate = load * gpus / mean_share / mean_dur;
	*out = NULL;
	if (sim_trace_new(&t) || sim_trace_name(t, 1, "frac", 4) < 0 || sim_trace_name(t, 1, "whole", 5) < 0)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		sim_job j = {0};
		size_t k = (size_t)(uniform(&s) * 5);

		t_now += -log(uniform(&s)) / rate;
		j.arrival = t_now;
		j.duration = -log(uniform(&s)) * mean_dur;
		j.demand = shares[k < 5 ? k : 4];
		j.gpus = 1;
		j.cls = j.demand < 1 ? 1 : 2;
		if (sim_trace_push(t, &j))
			goto oom;
	}
	*out = t;
	return 0;
oom:
	sim_trace_free(t);
	return mig__fail(MIG_ERROR_MEMORY, "out of memory");
}
