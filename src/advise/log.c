/*
 * log.c - what every parser shares: the series of a log, samples by time,
 * skips and failures with their line numbers, strict numbers.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "advise.h"
#include "mig_internal.h"
#include "util.h"

/* A log of more samples than this is refused rather than grown without bound. */
#define ADV_MAX_SAMPLES (1u << 24)

void adv_log_free(adv_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n; i++)
		free(log->series[i].s);
	free(log->series);
	log->series = NULL;
	log->n = log->cap = 0;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

adv_series *adv_log_series(adv_log *log, const char *id, const char *device)
{
	adv_series *s;

	for (size_t i = 0; i < log->n; i++)
		if (!strcmp(log->series[i].id, id) && !strcmp(log->series[i].device, device))
			return &log->series[i];
	if (UTIL_GROW(log->series, log->cap, log->n + 1))
		return NULL;
	s = &log->series[log->n++];
	memset(s, 0, sizeof(*s));
	copy_text(s->id, sizeof(s->id), id);
	copy_text(s->device, sizeof(s->device), device);
	s->cpus = NAN;
	s->host_mem_mib = NAN;
	return s;
}

adv_sample *adv_series_at(adv_series *s, double t)
{
	adv_sample *x;

	/* Logs come in time order, so the match, if any, is near the end. */
	for (size_t i = s->n; i-- > 0 && s->n - i <= 64;)
		if (s->s[i].t == t)
			return &s->s[i];
	if (s->n >= ADV_MAX_SAMPLES)
		return NULL;
	if (UTIL_GROW(s->s, s->cap, s->n + 1))
		return NULL;
	x = &s->s[s->n++];
	*x = (adv_sample){t, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	return x;
}

void adv_log_skip(adv_log *log, const char *fmt, ...)
{
	va_list ap;

	log->skipped++;
	if (log->nnotes >= ADV_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(log->notes[log->nnotes++], sizeof(log->notes[0]), fmt, ap);
	va_end(ap);
}

int adv_fail(const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s", why);
}

static int by_time(const void *a, const void *b)
{
	double x = ((const adv_sample *)a)->t, y = ((const adv_sample *)b)->t;

	return (x > y) - (x < y);
}

void adv_log_sort(adv_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		adv_series *s = &log->series[i];
		size_t late = 0;

		for (size_t j = 1; j < s->n; j++)
			late += s->s[j].t < s->s[j - 1].t;
		if (late)
			qsort(s->s, s->n, sizeof(*s->s), by_time);
		log->reordered += late;
	}
}

int adv_number(double *out, const char *text)
{
	char *end;
	double v;

	if (!*text || *text == ' ' || *text == '\t')
		return -1;
	errno = 0;
	v = strtod(text, &end);
	if (*end || errno || !isfinite(v))
		return -1;
	/* strtod takes hex and "inf"/"nan"; logs write decimals only. */
	for (const char *p = text; *p; p++)
		if (!strchr("0123456789.-+eE", *p))
			return -1;
	*out = v;
	return 0;
}

int adv_next_line(adv_log *log, const char *buf, size_t len, size_t *pos, char **line)
{
	size_t start = *pos, end = start;
	char *copy;

	*line = NULL;
	if (start >= len)
		return 0;
	while (end < len && buf[end] != '\n')
		end++;
	*pos = end < len ? end + 1 : end;
	if (memchr(buf + start, '\0', end - start))
		return adv_fail("line %zu: a NUL byte: the logs are text", log->line + 1);
	if (end > start && buf[end - 1] == '\r')
		end--;
	copy = malloc(end - start + 1);
	if (!copy)
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory", log->line + 1);
	memcpy(copy, buf + start, end - start);
	copy[end - start] = '\0';
	log->line++;
	*line = copy;
	return 0;
}

char *adv_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

size_t adv_split(char *line, char sep, char **fields, size_t cap)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *next = strchr(p, sep);

		if (next)
			*next = '\0';
		if (n < cap)
			fields[n] = adv_trim(p);
		n++;
		if (!next)
			return n;
		p = next + 1;
	}
}

int adv_timestamp(double *out, const char *text)
{
	struct tm tm;
	int y, mo, d, h, mi, consumed = 0;
	double sec;
	char sep1, sep2, tsep;
	time_t t;

	if (sscanf(text, "%4d%c%2d%c%2d%c%2d:%2d:%lf%n", &y, &sep1, &mo, &sep2, &d, &tsep, &h, &mi,
		   &sec, &consumed) != 9)
		return -1;
	if (sep1 != sep2 || (sep1 != '/' && sep1 != '-') || (tsep != ' ' && tsep != 'T'))
		return -1;
	if (text[consumed] == 'Z')
		consumed++;
	if (text[consumed] || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || h < 0 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 61))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	t = timegm(&tm);
	*out = (double)t + sec;
	return 0;
}
