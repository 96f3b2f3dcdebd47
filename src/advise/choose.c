/*
 * choose.c - the smallest profile that serves a job on each model of the
 * fleet, the allocation saved, the expected slowdown, and how sure we are
 * (docs/advise.md#method).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise_int.h"


void adv_options_init(adv_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->mem_headroom = 0.10;
	opt->cpus_per_gpu = opt->mem_per_gpu_mib = NAN;
	opt->cpus = opt->host_mem_mib = NAN;
}

const char *adv_verdict_name(adv_verdict v)
{
	return v == ADV_MIG ? "mig" : v == ADV_WHOLE_GPU_MPS ? "whole-gpu-mps" : "whole-gpu";
}

static void profile_info(const mig_model *m, size_t *n, mig_gi_profile_info *out)
{
	if (mig_model_gi_profile_infos(out, MIG_MAX_GI_PROFILES, n, m, NULL) != MIG_SUCCESS)
		*n = 0;
}

/* The largest profile's slices and SMs: the board's whole compute. */
static void board_compute(const mig_model *m, unsigned *slices, unsigned *sms)
{
	mig_gi_profile_info in[MIG_MAX_GI_PROFILES];
	size_t n;

	*slices = *sms = 0;
	profile_info(m, &n, in);
	for (size_t i = 0; i < n; i++) {
		*slices = in[i].slices > *slices ? in[i].slices : *slices;
		*sms = in[i].sm > *sms ? in[i].sm : *sms;
	}
}

unsigned adv_total_slices(const mig_model *m)
{
	unsigned slices, sms;

	board_compute(m, &slices, &sms);
	return slices;
}

unsigned adv_full_sms(const mig_model *m)
{
	unsigned slices, sms;

	board_compute(m, &slices, &sms);
	return sms;
}

static int by_size(const void *a, const void *b)
{
	const mig_gi_profile_info *x = a, *y = b;

	if (x->slices != y->slices)
		return x->slices < y->slices ? -1 : 1;
	return (x->memory_mib > y->memory_mib) - (x->memory_mib < y->memory_mib);
}

static void add_reason(adv_advice *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(adv_advice *a, const char *fmt, ...)
{
	va_list ap;

	if (a->nreasons >= ADV_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(a->reasons[a->nreasons++], sizeof(a->reasons[0]), fmt, ap);
	va_end(ap);
}

/*
 * Why profile p, share f of the board's SMs, cannot serve the job; NULL
 * when it can.  need_c: the job's p95 compute in shares of this board.
 */
static const char *refuse(char *buf, size_t cap, const adv_advice *a, const mig_gi_profile_info *p,
			  double f, double need_c, unsigned min_slices, unsigned total)
{
	if (p->memory_mib < a->mem_need_mib)
		snprintf(buf, cap, "%s has %u MiB, the job needs %.0f MiB (peak %.0f + headroom)",
			 p->name, p->memory_mib, a->mem_need_mib, a->peak_mem_mib);
	else if (!isnan(need_c) && f < need_c)
		snprintf(buf, cap, "%s gives %.0f %% of the board's compute, the job used %.0f %% "
			 "(p95)", p->name, f * 100, need_c * 100);
	else if (p->slices < min_slices)
		snprintf(buf, cap, "%s's share of the node's CPU cores or memory (%u of %u slices) "
			 "is below the job's", p->name, p->slices, total);
	else
		return NULL;
	return buf;
}

static void slowdown(adv_choice *c, const adv_advice *a, double ratio, double f)
{
	c->slowdown_lo = c->slowdown_hi = 1;
	if (isnan(a->compute_p50))
		return;
	c->slowdown_lo = fmax(1, a->compute_p50 * ratio / f);
	c->slowdown_hi = fmax(1, a->compute_peak * ratio / f);
}

/* The job's minimum slices for its CPU cores and host memory (the bundle). */
static unsigned bundle_slices(const adv_options *opt, const adv_series *s, unsigned total)
{
	double cpus = isnan(opt->cpus) ? s->cpus : opt->cpus;
	double mem = isnan(opt->host_mem_mib) ? s->host_mem_mib : opt->host_mem_mib;
	double need = 0;

	if (!isnan(cpus) && opt->cpus_per_gpu > 0)
		need = fmax(need, cpus / opt->cpus_per_gpu * total);
	if (!isnan(mem) && opt->mem_per_gpu_mib > 0)
		need = fmax(need, mem / opt->mem_per_gpu_mib * total);
	/* More than the whole node asks for more slices than any board has. */
	return need > 1000 ? 1000 : (unsigned)ceil(need - 1e-9);
}

static void choose(adv_choice *c, const adv_advice *a, const adv_options *opt, const mig_model *m)
{
	mig_gi_profile_info in[MIG_MAX_GI_PROFILES];
	size_t n;
	unsigned total = adv_total_slices(m), min_slices = bundle_slices(opt, a->series, total);
	unsigned src_sms = a->source ? adv_full_sms(a->source) : 0, sms = adv_full_sms(m);
	/* Compute is measured in shares of the source board; SMs carry it to this one. */
	double ratio = src_sms && sms ? (double)src_sms / sms : 1, need_c = a->compute_p95 * ratio, f;

	memset(c, 0, sizeof(*c));
	c->model = m;
	c->total_slices = total;
	snprintf(c->why, sizeof(c->why), "no MIG profile of this model is smaller than the board");
	profile_info(m, &n, in);
	qsort(in, n, sizeof(in[0]), by_size);
	for (size_t i = 0; i < n; i++) {
		/* +me/+gfx profiles add engines, not compute or memory: same size. */
		if (strchr(in[i].name, '+') || in[i].slices >= total)
			continue;
		f = sms ? (double)in[i].sm / sms : (double)in[i].slices / total;
		if (refuse(c->why, sizeof(c->why), a, &in[i], f, need_c, min_slices, total))
			continue;
		c->verdict = ADV_MIG;
		snprintf(c->profile, sizeof(c->profile), "%s", in[i].name);
		c->slices = in[i].slices;
		c->memory_mib = in[i].memory_mib;
		c->compute_share = f / ratio;
		c->saved = (double)(total - in[i].slices) / total;
		slowdown(c, a, ratio, f);
		return;
	}
	c->verdict = ADV_WHOLE_GPU;
	/* Nothing smaller fits, yet the job is light: share the board through MPS. */
	if (!isnan(need_c) && need_c <= 0.5 && a->mem_need_mib <= mig_model_memory_mib(m) * 0.5)
		c->verdict = ADV_WHOLE_GPU_MPS;
	c->slices = total;
	c->memory_mib = mig_model_memory_mib(m);
	c->compute_share = 1 / ratio;
	if (a->mem_need_mib > c->memory_mib)
		snprintf(c->why, sizeof(c->why), "the job needs %.0f MiB, more than the board's %u MiB",
			 a->mem_need_mib, c->memory_mib);
	slowdown(c, a, ratio, 1);
}

static void explain(adv_advice *a, const adv_log *log)
{
	int level = a->basis == ADV_BASIS_SM_ACTIVE ? 2 : a->basis == ADV_BASIS_POWER ? 1 : 0;

	if (a->basis == ADV_BASIS_SM_ACTIVE)
		add_reason(a, "compute from SM activity: p95 %.0f %% of the board", a->compute_p95 * 100);
	else if (a->basis == ADV_BASIS_POWER)
		add_reason(a, "compute from power above idle (%.0f W) over the limit (%.0f W) minus "
			   "idle: p95 %.0f %%; power is not linear in SM use, an estimate",
			   a->power_idle_w, a->power_limit_w, a->compute_p95 * 100);
	else if (a->basis == ADV_BASIS_UTILIZATION)
		add_reason(a, "compute from utilisation (time a kernel ran, not how many SMs): p95 "
			   "%.0f %%, an upper bound", a->compute_p95 * 100);
	else
		add_reason(a, "no compute figure in the log: chosen by memory alone");
	if (isnan(a->compute_p95))
		level = 0;
	if (a->samples < 10) {
		add_reason(a, "only %zu sample(s)", a->samples);
		level--;
	}
	if (a->memory_growing) {
		add_reason(a, "memory still rising at the end of the log: a longer run may need more");
		level--;
	}
	if (!a->source) {
		add_reason(a, "the board is unknown (\"%s\"): compute is taken as a share of each "
			   "model's", a->series->model);
		level--;
	}
	if (log && (log->skipped || log->reordered))
		add_reason(a, "the log had %zu skipped line(s) and %zu sample(s) out of time order",
			   log->skipped, log->reordered);
	if (!isnan(a->compute_p95) && a->compute_p95 < 0.5 && a->source &&
	    a->peak_mem_mib < mig_model_memory_mib(a->source) * 0.5)
		add_reason(a, "under half the compute and half the memory of the board: a "
			   "candidate for an instance (the Alliance's rule of thumb)");
	a->confidence = level >= 2 ? "high" : level == 1 ? "medium" : "low";
}

int adv_advise(adv_advice *out, const adv_series *s, const adv_options *opt, const adv_log *log)
{
	const mig_model *fallback[1];
	const mig_model *const *models = opt->models;
	size_t n = opt->nmodels;
	int rc;

	if ((rc = adv_measure(out, s, opt)))
		return rc;
	if (!n && out->source) {
		fallback[0] = out->source;
		models = fallback;
		n = 1;
	}
	for (size_t i = 0; i < n && i < ADV_MAX_MODELS; i++)
		choose(&out->choices[out->nchoices++], out, opt, models[i]);
	explain(out, log);
	return 0;
}
