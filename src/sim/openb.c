/*
 * openb.c - the pod list of Alibaba's GPU cluster trace v2023 ("openb",
 * github.com/alibaba/clusterdata, cluster-trace-gpu-v2023/csv), read
 * strictly and mapped to jobs as docs/simulator.md#openb says:
 *   arrival   creation_time, less the window's start
 *   duration  deletion_time - scheduled_time (creation_time for a pod
 *             that was never scheduled: it held its request until deleted)
 *   demand    gpu_milli / 1000 for one GPU; num_gpu > 1: that many whole GPUs
 *   memory    none in the trace: the same share of the GPU's memory (0 here)
 *   class     frac (gpu_milli < 1000), whole, multi (num_gpu > 1); or qos
 * Pods with num_gpu 0 use no GPU and are counted as skipped; those inside
 * the window are kept apart (CPU and memory only) for the calibration.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"
#include "util.h"

static const char openb_header[] = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,"
				   "pod_phase,creation_time,deletion_time,scheduled_time";
enum { F_NAME, F_CPU, F_MEM, F_NGPU, F_MILLI, F_SPEC, F_QOS, F_PHASE, F_CREATE, F_DELETE,
       F_SCHED, NF };

typedef struct openb_ctx {
	sim_trace *t;
	const sim_openb_opts *o;
	double prev_creation;
	char why[256];
} openb_ctx;

static int split(const char **f, size_t *fl, const char *line, size_t len)
{
	size_t pos = 0, n = 0;

	while (pos <= len) {
		size_t l = sim_field_len(line + pos, len - pos);

		if (pos + l > len)
			l = len - pos;
		if (n == NF)
			return -1;
		f[n] = line + pos;
		fl[n++] = l;
		pos += l + 1;
	}
	return n == NF ? 0 : -1;
}

/* A whole number in [lo, hi]; an empty field is `empty` unless that is -1. */
static int whole(double *out, const char *s, size_t len, double lo, double hi, double empty)
{
	if (!len && empty != -1) {
		*out = empty;
		return 0;
	}
	return sim_num(out, s, len) || *out != floor(*out) || *out < lo || *out > hi ? -1 : 0;
}

static int numbers(double *v, const char **f, const size_t *fl, char *why, size_t wl)
{
	static const struct { int f; double hi; } spec[] = {
		{F_CPU, 1e9}, {F_MEM, 1e9}, {F_NGPU, 64}, {F_MILLI, 1000},
		{F_CREATE, 1e12}, {F_DELETE, 1e12}, {F_SCHED, 1e12}};
	static const char *const names[NF] = {"name", "cpu_milli", "memory_mib", "num_gpu",
		"gpu_milli", "gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time",
		"scheduled_time"};

	for (size_t k = 0; k < sizeof(spec) / sizeof(spec[0]); k++) {
		int i = spec[k].f;

		if (whole(&v[i], f[i], fl[i], 0, spec[k].hi, i == F_SCHED ? -2 : -1)) {
			snprintf(why, wl, "%s '%.*s'; allowed: a whole number, 0 to %.0f%s", names[i],
				 (int)(fl[i] > 30 ? 30 : fl[i]), f[i], spec[k].hi,
				 i == F_SCHED ? ", or empty" : "");
			return -1;
		}
	}
	return 0;
}

static int job_class(sim_trace *t, const sim_openb_opts *o, const char **f, const size_t *fl,
		     double ngpu, double milli)
{
	const char *name = ngpu > 1 ? "multi" : milli < 1000 ? "frac" : "whole";

	if (o && o->class_by_qos)
		return fl[F_QOS] ? sim_trace_name(t, 1, f[F_QOS], fl[F_QOS]) : -1;
	return sim_trace_name(t, 1, name, strlen(name));
}

/* A pod with no GPU, kept for the calibration (its CPU and memory use GPU nodes too). */
static int host_pod(openb_ctx *c, const double *v)
{
	sim_trace *t = c->t;

	if (UTIL_GROW(t->host, t->host_cap, t->nhost + 1))
		return -1;
	t->host[t->nhost++] = (sim_host_pod){(unsigned)v[F_CPU], (unsigned)v[F_MEM]};
	return 0;
}

static int pod(openb_ctx *c, const char **f, const size_t *fl)
{
	double v[NF] = {0}, from = c->o ? c->o->from_day * 86400 : 0;
	double to = c->o && c->o->to_day > 0 ? c->o->to_day * 86400 : INFINITY;
	sim_job j = {0};
	int cls;

	if (numbers(v, f, fl, c->why, sizeof(c->why)))
		return -1;
	if (v[F_CREATE] < c->prev_creation) {
		snprintf(c->why, sizeof(c->why), "creation_time %.0f before the previous pod's %.0f; "
			 "pods must be sorted by creation_time", v[F_CREATE], c->prev_creation);
		return -1;
	}
	c->prev_creation = v[F_CREATE];
	if (v[F_SCHED] < -1)
		v[F_SCHED] = v[F_CREATE];
	if (v[F_SCHED] < v[F_CREATE] || v[F_DELETE] < v[F_SCHED]) {
		snprintf(c->why, sizeof(c->why), "times out of order: creation %.0f, scheduled %.0f, "
			 "deletion %.0f", v[F_CREATE], v[F_SCHED], v[F_DELETE]);
		return -1;
	}
	if (v[F_NGPU] > 1 && v[F_MILLI] != 1000) {
		snprintf(c->why, sizeof(c->why), "num_gpu %.0f with gpu_milli %.0f; a multi-GPU pod "
			 "takes whole GPUs (1000)", v[F_NGPU], v[F_MILLI]);
		return -1;
	}
	if (v[F_NGPU] == 0 || v[F_MILLI] == 0 || v[F_CREATE] < from || v[F_CREATE] >= to) {
		c->t->skipped++;
		if (v[F_NGPU] == 0 && v[F_CREATE] >= from && v[F_CREATE] < to && host_pod(c, v)) {
			snprintf(c->why, sizeof(c->why), "out of memory");
			return -1;
		}
		return 0;
	}
	if ((cls = job_class(c->t, c->o, f, fl, v[F_NGPU], v[F_MILLI])) < 0) {
		snprintf(c->why, sizeof(c->why), "empty qos (classes by qos)");
		return -1;
	}
	j.arrival = v[F_CREATE] - from;
	j.duration = v[F_DELETE] - v[F_SCHED];
	j.demand = v[F_MILLI] / 1000;
	j.gpus = (unsigned)v[F_NGPU];
	j.cls = (unsigned)cls;
	j.cpu_milli = (unsigned)v[F_CPU];
	j.host_mib = (unsigned)v[F_MEM];
	if (sim_trace_push(c->t, &j)) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		return -1;
	}
	return 0;
}

static int openb_line(void *vctx, size_t lineno, const char *line, size_t len)
{
	openb_ctx *c = vctx;
	const char *f[NF];
	size_t fl[NF];

	if (lineno == 1) {
		if (len == sizeof(openb_header) - 1 && !memcmp(line, openb_header, len))
			return 0;
		snprintf(c->why, sizeof(c->why), "the header is not openb's: expected %s", openb_header);
		return -1;
	}
	if (split(f, fl, line, len)) {
		snprintf(c->why, sizeof(c->why), "a pod has %d comma-separated fields", NF);
		return -1;
	}
	return pod(c, f, fl);
}

int sim_openb_parse(sim_trace **out, const char *buf, size_t len, const char *filename,
		    const sim_openb_opts *o)
{
	openb_ctx c = {.o = o};
	size_t bad = 0;
	int rc = 0;

	*out = NULL;
	if (sim_trace_new(&c.t)) {
		sim_trace_free(c.t);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	if (sim_lines(buf, len, &c, openb_line, &bad))
		rc = mig__fail(sim_why_code(c.why), "%s:%zu: %s", filename, bad,
			       *c.why ? c.why : "a NUL byte; the pod list is text");
	else if (!c.t->n)
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: no GPU pods%s", filename,
			       o && (o->from_day > 0 || o->to_day > 0) ? " in the window" : "");
	if (rc) {
		sim_trace_free(c.t);
		return rc;
	}
	*out = c.t;
	return 0;
}
