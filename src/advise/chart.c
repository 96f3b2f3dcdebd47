/*
 * chart.c - a job's picture: memory, compute and power over time, with the
 * limits of the candidate profiles drawn on them (src/plot, cairo).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise_int.h"
#include "mig_internal.h"
#include "plot.h"

#define MAX_LIMITS 5

/* Profiles of the first candidate model up to the chosen one, smallest first. */
static size_t profile_limits(const adv_advice *a, mig_gi_profile_info *out)
{
	mig_gi_profile_info in[MIG_MAX_GI_PROFILES];
	const adv_choice *c = &a->choices[0];
	size_t n = 0, kept = 0;

	if (mig_model_gi_profile_infos(in, MIG_MAX_GI_PROFILES, &n, c->model, NULL) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n && kept < MAX_LIMITS; i++) {
		int dup = 0;

		for (size_t j = 0; j < kept; j++)
			dup |= out[j].slices == in[i].slices;
		if (strchr(in[i].name, '+') || dup || in[i].slices > c->slices)
			continue;
		out[kept++] = in[i];
	}
	return kept;
}

static plot *memory_chart(const adv_advice *a, const double *t, const mig_gi_profile_info *lim,
			  size_t nlim)
{
	const adv_series *s = a->series;
	plot *p = plot_new("GPU memory used", "time (s)", "MiB");
	double *y = malloc((s->n ? s->n : 1) * sizeof(double));
	char label[96];

	if (!p || !y) {
		free(y);
		plot_free(p);
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		y[i] = s->s[i].mem_used_mib;
	plot_line(p, "memory.used", t, y, s->n);
	for (size_t i = 0; i < nlim; i++) {
		snprintf(label, sizeof(label), "%s %s: %u MiB", mig_model_key(a->choices[0].model),
			 lim[i].name, lim[i].memory_mib);
		plot_hline(p, lim[i].memory_mib, label);
	}
	free(y);
	return p;
}

static plot *compute_chart(const adv_advice *a, const double *t, const mig_gi_profile_info *lim,
			   size_t nlim)
{
	const adv_series *s = a->series;
	char title[96], label[96];
	plot *p;
	double *y = malloc((s->n ? s->n : 1) * sizeof(double));
	unsigned sms = adv_full_sms(a->choices[0].model);

	snprintf(title, sizeof(title), "Compute (%s)", adv_basis_name(a->basis));
	p = plot_new(title, "time (s)", "% of the board");
	if (!p || !y) {
		free(y);
		plot_free(p);
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		y[i] = adv_compute_at(a, i) * 100;
	plot_line(p, "compute", t, y, s->n);
	plot_yrange(p, 0, 105);
	/* In the first model's SMs, as the method compares (docs/advise.md#method). */
	for (size_t i = 0; i < nlim && sms; i++) {
		double share = 100.0 * lim[i].sm / sms;

		if (a->source && a->choices[0].model != a->source)
			share *= (double)sms / adv_full_sms(a->source);
		snprintf(label, sizeof(label), "%s %s: %u of %u SMs", mig_model_key(a->choices[0].model),
			 lim[i].name, lim[i].sm, sms);
		plot_hline(p, share, label);
	}
	free(y);
	return p;
}

static plot *power_chart(const adv_advice *a, const double *t)
{
	const adv_series *s = a->series;
	plot *p = plot_new("Board power", "time (s)", "W");
	double *y = malloc((s->n ? s->n : 1) * sizeof(double));
	size_t have = 0;

	if (!p || !y) {
		free(y);
		plot_free(p);
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		have += !isnan(y[i] = s->s[i].power_w);
	plot_line(p, "power.draw", t, y, s->n);
	if (isfinite(a->power_idle_w))
		plot_hline(p, a->power_idle_w, "idle");
	if (isfinite(a->power_limit_w))
		plot_hline(p, a->power_limit_w, "power limit");
	free(y);
	if (!have) {
		plot_free(p);
		return NULL;
	}
	return p;
}

int adv_chart_write(const adv_advice *a, const char *path, int svg)
{
	const adv_series *s = a->series;
	mig_gi_profile_info lim[MAX_LIMITS];
	size_t nlim = a->nchoices ? profile_limits(a, lim) : 0, n = 0;
	double *t = malloc((s->n ? s->n : 1) * sizeof(double));
	plot *charts[3] = {NULL, NULL, NULL};
	int rc = 0;

	if (!t)
		return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", path);
	for (size_t i = 0; i < s->n; i++)
		t[i] = s->s[i].t - s->s[0].t;
	charts[n] = memory_chart(a, t, lim, nlim);
	n += charts[n] != NULL;
	if (a->basis != ADV_BASIS_NONE) {
		charts[n] = compute_chart(a, t, lim, nlim);
		n += charts[n] != NULL;
	}
	charts[n] = power_chart(a, t);
	n += charts[n] != NULL;
	if (n) {
		if (plot_write(charts, n, path, svg ? PLOT_SVG : PLOT_PNG, 900, 260 * (unsigned)n))
			rc = mig__fail(MIG_ERROR_IO, "%s", plot_error(charts[0]));
	} else {
		rc = mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", path);
	}
	for (size_t i = 0; i < n; i++)
		plot_free(charts[i]);
	free(t);
	return rc;
}
