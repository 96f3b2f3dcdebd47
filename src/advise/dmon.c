/*
 * dmon.c - `nvidia-smi dmon [-s pucm...] [-o DT]` output (docs/advise.md#dmon).
 *
 * Two comment lines head the columns: names ("# gpu pwr gtemp mtemp sm
 * mem ...", with "#Date Time" first under -o DT) and units ("# Idx W C C
 * % % ...").  dmon repeats them from time to time; a repeat is skipped, a
 * different set of columns fails.  "-" is a figure the GPU does not report.
 * Read: gpu, pwr (W), sm (%, SM utilisation: a kernel ran on some SM; an
 * upper bound like utilization.gpu), mem (% memory-controller busy), fb
 * (framebuffer used; dmon labels it MB, the figure is MiB as in nvidia-smi
 * -q), Date and Time.  Without -o DT the samples are taken as one second
 * apart (dmon's default -d 1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

#define MAX_COLS 48

typedef struct dmon_cols {
	char names[MAX_COLS][16];
	size_t n;
	int gpu, pwr, sm, mem, fb, date, time;
} dmon_cols;

/* Split at blanks in place; the count (may exceed cap). */
static size_t split_blanks(char *s, char **out, size_t cap)
{
	size_t n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (n < cap)
			out[n] = tok;
		n++;
	}
	return n;
}

static int find_col(const dmon_cols *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return (int)i;
	return -1;
}

/* "# gpu pwr ..." or "#Date Time gpu ..." into cols. */
static int parse_names(adv_log *log, dmon_cols *c, char *line)
{
	char *f[MAX_COLS];
	size_t n = split_blanks(line + 1, f, MAX_COLS);

	if (n > MAX_COLS || n == 0)
		return adv_fail("line %zu: %zu columns; dmon prints 1 to %d", log->line, n,
				MAX_COLS);
	for (size_t i = 0; i < n; i++) {
		if (strlen(f[i]) >= sizeof(c->names[0]))
			return adv_fail("line %zu: column \"%.20s\" is not a dmon column",
					log->line, f[i]);
		snprintf(c->names[i], sizeof(c->names[0]), "%s", f[i]);
	}
	c->n = n;
	c->gpu = find_col(c, "gpu");
	c->pwr = find_col(c, "pwr");
	c->sm = find_col(c, "sm");
	c->mem = find_col(c, "mem");
	c->fb = find_col(c, "fb");
	c->date = find_col(c, "Date");
	c->time = find_col(c, "Time");
	if (c->gpu < 0)
		return adv_fail("line %zu: no \"gpu\" column: not nvidia-smi dmon's header",
				log->line);
	if (c->fb < 0 && c->sm < 0 && c->pwr < 0)
		return adv_fail("line %zu: none of fb, sm, pwr: run dmon with -s pum "
				"(power, utilisation, memory)", log->line);
	return 0;
}

static int same_names(const dmon_cols *a, const dmon_cols *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]))
			return 0;
	return 1;
}

/* A figure of column `col` into *out (NAN for "-" or an absent column). */
static int figure(adv_log *log, const dmon_cols *c, char **f, int col, double scale, double *out)
{
	*out = NAN;
	if (col < 0 || !strcmp(f[col], "-"))
		return 0;
	if (adv_number(out, f[col]) || *out < 0)
		return adv_fail("line %zu: %s \"%.20s\" is not a number (or \"-\")",
				log->line, c->names[col], f[col]);
	*out *= scale;
	return 0;
}

static int sample_time(adv_log *log, const dmon_cols *c, char **f, const adv_series *s, double *t)
{
	char text[64];

	if (c->date < 0 || c->time < 0) {
		*t = s->n ? s->s[s->n - 1].t + 1 : 0;
		return 0;
	}
	/* 20240115 10:00:00 -> 2024-01-15 10:00:00 */
	if (strlen(f[c->date]) != 8 || strlen(f[c->time]) > 20 ||
	    snprintf(text, sizeof(text), "%.4s-%.2s-%.2s %s", f[c->date], f[c->date] + 4,
		     f[c->date] + 6, f[c->time]) <= 0 ||
	    adv_timestamp(t, text))
		return adv_fail("line %zu: date \"%.20s\" time \"%.20s\": dmon -o DT writes "
				"YYYYMMDD HH:MM:SS", log->line, f[c->date], f[c->time]);
	return 0;
}

static int data_line(adv_log *log, const dmon_cols *c, char *line)
{
	char *f[MAX_COLS], id[64];
	size_t n = split_blanks(line, f, MAX_COLS);
	adv_series *s;
	adv_sample x, *at;
	double t;
	int rc;

	if (n < c->n) {
		adv_log_skip(log, "line %zu: %zu of %zu columns (cut short): skipped", log->line, n, c->n);
		return 0;
	}
	if (n > c->n)
		return adv_fail("line %zu: %zu columns, the header names %zu", log->line, n, c->n);
	snprintf(id, sizeof(id), "gpu %.20s", f[c->gpu]);
	s = adv_log_series(log, id, f[c->gpu]);
	if (!s)
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory", log->line);
	if ((rc = figure(log, c, f, c->pwr, 1, &x.power_w)) ||
	    (rc = figure(log, c, f, c->sm, 0.01, &x.util_gpu)) ||
	    (rc = figure(log, c, f, c->mem, 0.01, &x.util_mem)) ||
	    (rc = figure(log, c, f, c->fb, 1, &x.mem_used_mib)) ||
	    (rc = sample_time(log, c, f, s, &t)))
		return rc;
	at = adv_series_at(s, t);
	if (!at)
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory (or too many samples)",
				 log->line);
	at->power_w = x.power_w;
	at->util_gpu = x.util_gpu;
	at->util_mem = x.util_mem;
	at->mem_used_mib = x.mem_used_mib;
	return 0;
}

/* A '#' line: the names (first time, or a repeat), else the units line. */
static int comment_line(adv_log *log, dmon_cols *c, int *units_next, char *line)
{
	dmon_cols again;

	if (*units_next) {
		*units_next = 0;
		return 0;
	}
	if (!c->n) {
		*units_next = 1;
		return parse_names(log, c, line);
	}
	memset(&again, 0, sizeof(again));
	if (parse_names(log, &again, line) || !same_names(c, &again))
		return adv_fail("line %zu: the columns changed mid-log: one dmon run per log",
				log->line);
	*units_next = 1;
	return 0;
}

int adv_parse_dmon(adv_log *log, const char *buf, size_t len)
{
	dmon_cols cols;
	size_t pos = 0;
	char *line = NULL;
	int rc, units_next = 0;

	memset(&cols, 0, sizeof(cols));
	while (!(rc = adv_next_line(log, buf, len, &pos, &line)) && line) {
		char *l = adv_trim(line);

		if (*l == '#')
			rc = comment_line(log, &cols, &units_next, l);
		else if (*l && !cols.n)
			rc = adv_fail("line %zu: data before dmon's \"# gpu ...\" header",
				      log->line);
		else if (*l)
			rc = data_line(log, &cols, l);
		free(line);
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	if (!cols.n)
		return adv_fail("line %zu: no dmon header (\"# gpu pwr ...\")", log->line);
	adv_log_sort(log);
	return 0;
}
