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

int sim_best_static(char *out, size_t len, const sim_trace *t, const sim_opts *o, char *err,
		    size_t errlen)
{
	uint32_t masks[256];
	sim_model *m;
	size_t n;
	double best = INFINITY;
	size_t best_never = (size_t)-1;

	if (sim_model_build(&m, o->model, err, errlen))
		return -1;
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
		if (sim_run(&r, t, &run, err, errlen)) {
			sim_model_free(m);
			return -1;
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

static int meets(const sim_result *r, double max_delayed)
{
	if (r->never)
		return 0;
	for (size_t c = 0; c < r->nclass; c++)
		if (r->cls[c].jobs && (double)r->cls[c].delayed > max_delayed * (double)r->cls[c].jobs)
			return 0;
	return 1;
}

/* The smallest fleet, tried upward one GPU at a time (fewer GPUs need not be monotone). */
int sim_gpus_needed(unsigned *out, const sim_trace *t, const sim_opts *o, unsigned lo,
		    unsigned hi, double max_delayed, char *err, size_t errlen)
{
	sim_opts run = *o;

	*out = 0;
	run.samples = 0;
	for (unsigned n = lo ? lo : 1; n <= hi; n++) {
		sim_result *r;
		int ok;

		run.gpus = n;
		if (sim_run(&r, t, &run, err, errlen)) {
			if (strstr(err, "needs"))
				continue;       /* a job bigger than this fleet */
			return -1;
		}
		ok = meets(r, max_delayed);
		sim_result_free(r);
		if (ok) {
			*out = n;
			return 0;
		}
	}
	return 0;
}
