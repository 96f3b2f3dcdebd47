/*
 * measure.c - what a job used, from its samples (docs/advise.md#method):
 * peak memory and whether it was still growing, and the compute share of
 * the board per sample on the best basis the log has -- SM activity, else
 * power above idle relative to the power limit minus idle, else
 * utilisation (an upper bound).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise_int.h"
#include "mig_internal.h"

const char *adv_basis_name(adv_basis b)
{
	switch (b) {
	case ADV_BASIS_SM_ACTIVE: return "sm_active";
	case ADV_BASIS_POWER: return "power";
	case ADV_BASIS_UTILIZATION: return "utilization";
	default: return "none";
	}
}

const mig_model *adv_model_of(const char *name)
{
	const mig_model *m;

	if (!name || !*name)
		return NULL;
	m = mig_catalog_find(name);
	if (m)
		return m;
	if (!strncmp(name, "NVIDIA ", 7))
		name += 7;
	return mig_catalog_resolve(&m, name) == MIG_SUCCESS ? m : NULL;
}

/* The board's idle power and power limit, from libmig's telemetry model. */
int adv_board_power(const mig_model *m, double *idle_w, double *limit_w)
{
	mig_gpu_spec spec = {0};
	mig_gpu_telemetry_info t;
	mig_state *st = NULL;
	int rc;

	spec.model = m;
	if (mig_state_new(&st))
		return -1;
	rc = mig_state_add_gpu(st, &spec) || mig_gpu_telemetry(&t, st, 0) ? -1 : 0;
	if (!rc) {
		*idle_w = t.power_draw_mw / 1000.0;
		*limit_w = t.power_limit_mw / 1000.0;
	}
	mig_state_free(st);
	return rc;
}

double adv_compute_at(const adv_advice *a, size_t i)
{
	const adv_sample *x = &a->series->s[i];
	double v = NAN, limit;

	switch (a->basis) {
	case ADV_BASIS_SM_ACTIVE:
		v = isnan(x->sm_active) ? x->gr_active : x->sm_active;
		break;
	case ADV_BASIS_POWER:
		limit = isnan(x->power_limit_w) ? a->power_limit_w : x->power_limit_w;
		if (!isnan(x->power_w) && limit > a->power_idle_w)
			v = (x->power_w - a->power_idle_w) / (limit - a->power_idle_w);
		return isnan(v) ? v : v < 0 ? 0 : v > 1 ? 1 : v;
	case ADV_BASIS_UTILIZATION:
		v = x->util_gpu;
		break;
	default:
		return NAN;
	}
	return isnan(v) ? v : v * a->instance_share;
}

static adv_basis pick_basis(const adv_series *s)
{
	size_t sm = 0, power = 0, util = 0;

	for (size_t i = 0; i < s->n; i++) {
		sm += !isnan(s->s[i].sm_active) || !isnan(s->s[i].gr_active);
		power += !isnan(s->s[i].power_w);
		util += !isnan(s->s[i].util_gpu);
	}
	return sm ? ADV_BASIS_SM_ACTIVE : power ? ADV_BASIS_POWER :
	       util ? ADV_BASIS_UTILIZATION : ADV_BASIS_NONE;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* p50, p95 and the peak of the compute shares (nearest rank). */
static int compute_stats(adv_advice *a)
{
	const adv_series *s = a->series;
	double *v = malloc((s->n ? s->n : 1) * sizeof(double));
	size_t n = 0;

	if (!v)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		double c = adv_compute_at(a, i);

		if (!isnan(c))
			v[n++] = c;
	}
	a->compute_p50 = a->compute_p95 = a->compute_peak = NAN;
	if (n) {
		qsort(v, n, sizeof(double), cmp_double);
		a->compute_p50 = v[(n - 1) / 2];
		a->compute_p95 = v[(size_t)ceil(0.95 * (double)n) - 1];
		a->compute_peak = v[n - 1];
	}
	free(v);
	return 0;
}

/*
 * Still growing: the peak falls in the last tenth of the samples and that
 * tenth's mean is 2 % above the tenth before it (needs 20 samples); a
 * plateau reached mid-run is not growth.
 */
static int still_growing(const adv_series *s)
{
	size_t n = 0, tenth, peak_at = 0;
	double *m = malloc((s->n ? s->n : 1) * sizeof(double)), before = 0, last = 0;
	int growing;

	if (!m)
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->s[i].mem_used_mib))
			m[n++] = s->s[i].mem_used_mib;
	tenth = n / 10;
	for (size_t i = 0; i < n; i++)
		if (m[i] >= m[peak_at])
			peak_at = i;
	for (size_t i = 0; i < tenth; i++) {
		last += m[n - 1 - i];
		before += m[n - 1 - tenth - i];
	}
	growing = n >= 20 && peak_at >= n - tenth && last > before * 1.02 + 1;
	free(m);
	return growing;
}

int adv_measure(adv_advice *a, const adv_series *s, const adv_options *opt)
{
	unsigned used_slices = 0, total = 0;

	memset(a, 0, sizeof(*a));
	a->series = s;
	a->source = opt->source ? opt->source : adv_model_of(s->model);
	a->peak_mem_mib = -1;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->s[i].mem_used_mib)) {
			a->samples++;
			if (s->s[i].mem_used_mib > a->peak_mem_mib)
				a->peak_mem_mib = s->s[i].mem_used_mib;
		}
	if (!a->samples)
		return mig__fail(MIG_ERROR_NOT_FOUND, "%s: no memory figure in the log", s->id);
	a->duration_s = s->s[s->n - 1].t - s->s[0].t;
	a->mem_need_mib = a->peak_mem_mib * (1 + opt->mem_headroom);
	a->memory_growing = still_growing(s);
	a->instance_share = 1;
	if (*s->profile && a->source && sscanf(s->profile, "%2ug.", &used_slices) == 1 &&
	    (total = adv_total_slices(a->source)) && used_slices <= total)
		a->instance_share = (double)used_slices / total;
	a->basis = pick_basis(s);
	a->power_idle_w = a->power_limit_w = NAN;
	if (a->basis == ADV_BASIS_POWER) {
		if (!a->source || adv_board_power(a->source, &a->power_idle_w, &a->power_limit_w)) {
			/* No board figures: the lowest draw seen stands for idle. */
			a->power_idle_w = INFINITY;
			for (size_t i = 0; i < s->n; i++)
				if (s->s[i].power_w < a->power_idle_w)
					a->power_idle_w = s->s[i].power_w;
		}
	}
	if (compute_stats(a))
		return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", s->id);
	/* A basis without a usable figure (power with no limit known) is none. */
	if (isnan(a->compute_p95))
		a->basis = ADV_BASIS_NONE;
	return 0;
}
