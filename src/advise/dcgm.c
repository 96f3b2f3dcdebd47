/*
 * dcgm.c - dcgm-exporter's /metrics, one scrape or many appended
 * (docs/advise.md#dcgm-exporter), in the Prometheus text exposition format
 * (prometheus.io, "Exposition formats"): `# HELP`/`# TYPE` lines, and
 * `name{label="value",...} value [timestamp_ms]`.
 *
 * A sample's time is its timestamp when it has one; otherwise the number of
 * the scrape it belongs to, a new scrape starting when a (metric, series)
 * pair repeats.  Metrics the advice does not read are passed over; a NaN
 * value is skipped; anything not in the format fails with its line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

#define MAX_LABELS 32

/* name{a="x",b="y"} -> labels pointing into line (unescaped in place). */
static int parse_labels(char **p, adv_label *l, size_t *n)
{
	char *s = *p;

	*n = 0;
	while (*s != '}') {
		char *name = s, *out;

		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
		       (s > name && *s >= '0' && *s <= '9'))
			s++;
		if (s == name || s[0] != '=' || s[1] != '"' || *n == MAX_LABELS)
			return -1;
		*s = '\0';
		s += 2;
		l[*n].name = name;
		l[*n].value = out = s;
		while (*s != '"') {
			if (!*s)
				return -1;
			if (*s == '\\') {
				s++;
				if (*s != '\\' && *s != '"' && *s != 'n')
					return -1;
				*out++ = *s == 'n' ? '\n' : *s;
				s++;
				continue;
			}
			*out++ = *s++;
		}
		*out = '\0';
		s++;
		(*n)++;
		if (*s == ',')
			s++;
		else if (*s != '}')
			return -1;
	}
	*p = s + 1;
	return 0;
}

/* "1.5", "NaN", "+Inf": Prometheus' float syntax. */
static int parse_float(const char *t, double *v)
{
	if (!strcmp(t, "NaN")) {
		*v = NAN;
		return 0;
	}
	if (!strcmp(t, "+Inf") || !strcmp(t, "-Inf")) {
		*v = t[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	return adv_number(v, t);
}

typedef struct scrape_clock {
	unsigned char *seen; /* by series index * 8 + field: in this scrape already */
	size_t cap;
	double scrape;
} scrape_clock;

/* The time of an untimestamped sample: the scrape it belongs to. */
static int clock_tick(scrape_clock *c, size_t series, int field, double *t)
{
	size_t key = series * 8 + (size_t)field;

	if (key >= c->cap) {
		size_t cap = (key + 1) * 2;
		unsigned char *grown = realloc(c->seen, cap);

		if (!grown)
			return -1;
		memset(grown + c->cap, 0, cap - c->cap);
		c->seen = grown;
		c->cap = cap;
	}
	if (c->seen[key]) {
		memset(c->seen, 0, c->cap);
		c->scrape++;
	}
	c->seen[key] = 1;
	*t = c->scrape;
	return 0;
}

static int sample_line(adv_log *log, scrape_clock *clk, char *line)
{
	adv_label labels[MAX_LABELS];
	size_t n = 0;
	char *p = line, *name = line, *rest[3] = {NULL, NULL, NULL};
	double v, t;
	int field;
	adv_series *s;
	adv_sample *x;

	while (*p && *p != '{' && *p != ' ')
		p++;
	if (p == name)
		return adv_fail("line %zu: no metric name", log->line);
	if (*p == '{') {
		*p++ = '\0';
		if (parse_labels(&p, labels, &n))
			return adv_fail("line %zu: labels are not {name=\"value\",...} "
					"(at most %d)", log->line, MAX_LABELS);
	} else if (*p) {
		*p++ = '\0';
	}
	field = adv_dcgm_field(name);
	if (!field)
		return 0;
	if (adv_split(adv_trim(p), ' ', rest, 3) - 1 > 1 || parse_float(rest[0], &v))
		return adv_fail("line %zu: %s: \"%.40s\" is not `value [timestamp_ms]`",
				log->line, name, p);
	if (isnan(v) || isinf(v)) {
		adv_log_skip(log, "line %zu: %s is %s: skipped", log->line, name, rest[0]);
		return 0;
	}
	s = adv_log_series_labels(log, labels, n, NULL);
	if (!s || (!rest[1] && clock_tick(clk, (size_t)(s - log->series), field, &t)))
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory", log->line);
	if (rest[1] && (adv_number(&t, rest[1]) || t < 0))
		return adv_fail("line %zu: timestamp \"%.20s\" is not milliseconds",
				log->line, rest[1]);
	x = adv_series_at(s, rest[1] ? t / 1000 : t);
	if (!x)
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory (or too many samples)",
				 log->line);
	adv_store(x, field, v);
	return 0;
}

int adv_parse_dcgm(adv_log *log, const char *buf, size_t len)
{
	scrape_clock clk = {NULL, 0, 0};
	size_t pos = 0;
	char *line = NULL;
	int rc;

	while (!(rc = adv_next_line(log, buf, len, &pos, &line)) && line) {
		char *l = adv_trim(line);

		if (*l && *l != '#')
			rc = sample_line(log, &clk, l);
		free(line);
		if (rc)
			break;
	}
	free(clk.seen);
	if (rc)
		return rc;
	if (!log->n)
		return adv_fail("line %zu: no dcgm-exporter metric the advice reads "
				"(DCGM_FI_DEV_FB_USED, DCGM_FI_PROF_SM_ACTIVE, ...)", log->line);
	adv_log_sort(log);
	return 0;
}
