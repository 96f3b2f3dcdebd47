/*
 * search.c - questions answered by running the simulator several times:
 * the best static layout for a trace (every maximal legal layout of the
 * model, the same on every GPU, ranked by mean JCT, then jobs that could
 * never run), and the smallest fleet that meets a delay target.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

int sim_best_static(char *out, size_t len, const sim_trace *t, const sim_opts *o)
{
	uint32_t masks[256];
	sim_model *m;
	size_t n;
	double best = INFINITY;
	size_t best_never = (size_t)-1;
	int rc = sim_model_build(&m, o->model);

	if (rc)
		return rc;
	n = sim_model_maximal(m, masks, 256);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		sim_opts run = *o;
		sim_result *r;
		char name[160];

		sim_model_layout_name(name, sizeof(name), m, masks[i]);
		for (char *p = name; *p; p++)
			if (*p == '+')
				*p = ',';
		run.layout = name;
		run.samples = 0;
		run.check = 0;
		if ((rc = sim_run(&r, t, &run))) {
			sim_model_free(m);
			return rc;
		}
		if (r->never < best_never || (r->never == best_never && r->cls[r->nclass].jct_mean < best)) {
			best_never = r->never;
			best = r->cls[r->nclass].jct_mean;
			snprintf(out, len, "%s", name);
		}
		sim_result_free(r);
	}
	sim_model_free(m);
	return 0;
}

static int class_meets(const sim_class_stats *c, double max_delayed)
{
	return (double)c->delayed <= max_delayed * (double)c->jobs;
}

static int meets(const sim_result *r, double max_delayed)
{
	if (r->never)
		return 0;
	for (size_t c = 0; c < r->nclass; c++)
		if (r->cls[c].jobs && !class_meets(&r->cls[c], max_delayed))
			return 0;
	return 1;
}

/* Record the classes that meet the target first at this fleet; 1 when all have. */
static int classes_met(unsigned *per_class, const sim_result *r, unsigned n, double max_delayed)
{
	int all = 1;

	for (size_t c = 0; c < r->nclass; c++) {
		if (!r->cls[c].jobs)
			continue;
		if (!per_class[c] && !r->never && class_meets(&r->cls[c], max_delayed))
			per_class[c] = n;
		all &= per_class[c] != 0;
	}
	return all;
}

/* The smallest fleet, tried upward one GPU at a time (fewer GPUs need not be monotone). */
int sim_gpus_needed(unsigned *out, unsigned *per_class, const sim_trace *t, const sim_opts *o,
		    unsigned lo, unsigned hi, double max_delayed)
{
	sim_opts run = *o;

	*out = 0;
	if (per_class)
		memset(per_class, 0, t->nclasses * sizeof(*per_class));
	run.samples = 0;
	for (unsigned n = lo ? lo : 1; n <= hi; n++) {
		sim_result *r;
		int classes_done = 1, rc;

		run.gpus = n;
		rc = sim_run(&r, t, &run);
		if (rc == MIG_ERROR_INSUFFICIENT_RESOURCES)
			continue;       /* a job bigger than this fleet */
		if (rc)
			return rc;
		if (!*out && meets(r, max_delayed))
			*out = n;
		if (per_class)
			classes_done = classes_met(per_class, r, n, max_delayed);
		sim_result_free(r);
		if (*out && classes_done)
			return 0;
	}
	return 0;
}
