/*
 * search.c - questions answered by running the simulator several times:
 * the best static layout for a trace (every maximal legal layout of the
 * model, the same on every GPU of a model, every combination over the models
 * of a mixed fleet, ranked by jobs that could never run, then mean JCT), and
 * the smallest fleet that meets a delay target.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* Combinations of one layout per model the search runs at most. */
#define SEARCH_MAX 4096

typedef struct candidates {
	unsigned n;                              /* models */
	const mig_model *model[SIM_MAX_MODELS];
	char (*name[SIM_MAX_MODELS])[160];       /* [model][layout]: "3g.40gb,2g.20gb,..." */
	size_t count[SIM_MAX_MODELS];
} candidates;

static void candidates_free(candidates *c)
{
	for (unsigned mi = 0; mi < c->n; mi++)
		free(c->name[mi]);
}

/* Every maximal legal layout of each model of the fleet, by name; the combinations' count. */
static int candidates_build(candidates *c, const sim_opts *o, size_t *combos)
{
	sim_part part[SIM_MAX_MODELS];
	uint32_t masks[256];
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->n = sim_fleet_parts(part, o);
	*combos = 1;
	for (unsigned mi = 0; mi < c->n && !rc; mi++) {
		sim_model *m;

		c->model[mi] = part[mi].model;
		if ((rc = sim_model_build(&m, part[mi].model)))
			break;
		c->count[mi] = sim_model_maximal(m, masks, 256);
		if (!(c->name[mi] = calloc(c->count[mi] ? c->count[mi] : 1, sizeof(*c->name[mi]))))
			rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		for (size_t i = 0; !rc && i < c->count[mi]; i++) {
			sim_model_layout_name(c->name[mi][i], sizeof(c->name[mi][i]), m, masks[i]);
			for (char *p = c->name[mi][i]; *p; p++)
				if (*p == '+')
					*p = ',';
		}
		sim_model_free(m);
		*combos = *combos > SEARCH_MAX ? *combos : *combos * c->count[mi];
	}
	if (rc)
		candidates_free(c);
	return rc;
}

/* Combination number `at` as a layout: one model's names, or "MODEL=names,MODEL=names". */
static void combination(char *out, size_t len, const candidates *c, size_t at)
{
	size_t used = 0;

	out[0] = 0;
	for (unsigned mi = 0; mi < c->n && used < len; mi++) {
		const char *name = c->name[mi][at % c->count[mi]];

		at /= c->count[mi];
		if (c->n == 1)
			used += (size_t)snprintf(out + used, len - used, "%s", name);
		else
			used += (size_t)snprintf(out + used, len - used, "%s%s=%s", mi ? "," : "",
						 mig_model_key(c->model[mi]), name);
	}
}

/*
 * Every combination is simulated (docs/simulator.md#mixed-fleets: the models
 * share the queue, so their layouts do not separate); the fewest jobs that
 * could never run, then the lowest mean JCT, wins; ties to the first.
 */
int sim_best_static(char *out, size_t len, const sim_trace *t, const sim_opts *o)
{
	candidates c;
	double best = INFINITY;
	size_t best_never = (size_t)-1, combos;
	int rc = candidates_build(&c, o, &combos);

	if (rc)
		return rc;
	out[0] = 0;
	if (combos > SEARCH_MAX) {
		candidates_free(&c);
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "the best static layout of this fleet would take more than %d runs "
				 "(one per combination of the models' maximal layouts); give --layout",
				 SEARCH_MAX);
	}
	for (size_t i = 0; i < combos; i++) {
		sim_opts run = *o;
		sim_result *r;
		char name[320];

		combination(name, sizeof(name), &c, i);
		run.layout = name;
		run.samples = 0;
		run.check = 0;
		if ((rc = sim_run(&r, t, &run)))
			break;
		if (r->never < best_never || (r->never == best_never && r->cls[r->nclass].jct_mean < best)) {
			best_never = r->never;
			best = r->cls[r->nclass].jct_mean;
			snprintf(out, len, "%s", name);
		}
		sim_result_free(r);
	}
	candidates_free(&c);
	return rc;
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

/* The smallest fleet, tried upward one GPU at a time (fewer GPUs need not be monotone);
 * n GPUs of a mixed fleet are shared among its models in proportion (sim_fleet_resize). */
int sim_gpus_needed(unsigned *out, unsigned *per_class, const sim_trace *t, const sim_opts *o,
		    unsigned lo, unsigned hi, double max_delayed)
{
	*out = 0;
	if (per_class)
		memset(per_class, 0, t->nclasses * sizeof(*per_class));
	for (unsigned n = lo ? lo : 1; n <= hi; n++) {
		sim_opts run = *o;
		sim_result *r;
		int classes_done = 1, rc;

		run.samples = 0;
		sim_fleet_resize(&run, n);      /* a mixed fleet: each model in proportion */
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
