/*
 * stats.c - per-class figures of a run: job completion time (arrival to
 * end) and queueing delay (arrival to the start of work, reconfiguration
 * included), their mean and nearest-rank percentiles, and how many jobs
 * waited longer than opts.delay_s.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least q of the values at or below it. */
static double pct(const double *sorted, size_t n, double q)
{
	size_t rank;

	if (!n)
		return NAN;
	rank = (size_t)ceil(q * (double)n);
	return sorted[rank ? rank - 1 : 0];
}

static void summarise(sim_class_stats *c, double *jct, double *wait, size_t n)
{
	double sj = 0, sw = 0;

	for (size_t i = 0; i < n; i++) {
		sj += jct[i];
		sw += wait[i];
	}
	qsort(jct, n, sizeof(double), cmp_double);
	qsort(wait, n, sizeof(double), cmp_double);
	c->ran = n;
	c->jct_mean = n ? sj / (double)n : NAN;
	c->wait_mean = n ? sw / (double)n : NAN;
	c->jct_p50 = pct(jct, n, 0.50);
	c->jct_p95 = pct(jct, n, 0.95);
	c->jct_p99 = pct(jct, n, 0.99);
	c->wait_p50 = pct(wait, n, 0.50);
	c->wait_p95 = pct(wait, n, 0.95);
	c->wait_p99 = pct(wait, n, 0.99);
}

/* Class `c` (or every class when c == nclass) into the scratch arrays. */
static size_t gather(const sim_result *r, const simr *s, size_t c, double *jct, double *wait,
		     sim_class_stats *cs)
{
	size_t n = 0;

	for (size_t i = 0; i < s->t->n; i++) {
		if (c < r->nclass && s->t->jobs[i].cls != c)
			continue;
		cs->jobs++;
		if (isnan(r->jct[i]))
			continue;
		if (r->wait[i] > s->o->delay_s)
			cs->delayed++;
		jct[n] = r->jct[i];
		wait[n++] = r->wait[i];
	}
	return n;
}

int sim_stats(sim_result *r, const simr *s)
{
	size_t n = s->t->n;
	double *jct = malloc((n ? n : 1) * sizeof(double)), *wait = malloc((n ? n : 1) * sizeof(double));

	r->jct = malloc((n ? n : 1) * sizeof(double));
	r->wait = malloc((n ? n : 1) * sizeof(double));
	r->nclass = s->t->nclasses;
	r->cls = calloc(r->nclass + 1, sizeof(*r->cls));
	if (!jct || !wait || !r->jct || !r->wait || !r->cls) {
		free(jct);
		free(wait);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	r->jobs = n;
	for (size_t i = 0; i < n; i++) {
		const job_rt *rt = &s->rt[i];
		int done = rt->state == JOB_DONE;

		r->jct[i] = done ? rt->end - s->t->jobs[i].arrival : NAN;
		r->wait[i] = done ? rt->start - s->t->jobs[i].arrival : NAN;
		r->ran += done;
		r->never += rt->state == JOB_NEVER;
	}
	for (size_t c = 0; c <= r->nclass; c++) {
		r->cls[c].name = c < r->nclass ? s->t->classes[c] : "all";
		summarise(&r->cls[c], jct, wait, gather(r, s, c, jct, wait, &r->cls[c]));
	}
	free(jct);
	free(wait);
	return 0;
}

void sim_result_free(sim_result *r)
{
	if (!r)
		return;
	free(r->cls);
	free(r->points);
	free(r->jct);
	free(r->wait);
	free(r);
}
