/*
 * policy_static.c - MIG with one fixed layout on every GPU
 * (docs/simulator.md#policies):
 *   static   one job per GPU instance, the smallest free instance that
 *            is fast enough (speed >= demand) and holds its memory
 *   mig+mps  MPS inside each instance: clients of one user, compute
 *            shares relative to the instance summing to at most 1, at
 *            most mig_mps_client_limit(opts.mps_clients, slices, GPU slices) clients
 * Multi-GPU jobs need the whole-GPU profile in the layout and take such
 * instances on n GPUs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

#define NODE(g, i) ((int)(g) * SIM_NDEV + (int)(i))

static unsigned clients(const simr *s, const sim_model *m, unsigned item)
{
	return mig_mps_client_limit(s->o->mps_clients, m->prof[m->item[item].prof].slices,
				    m->total_slices);
}

static int item_key(const simr *s, unsigned g, unsigned i)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_dev *d = &gp->dev[i];
	double speed = gp->m->prof[gp->m->item[i].prof].speed;

	if (gp->exclusive)
		return -1;
	if (s->o->policy == SIM_STATIC)
		return d->njobs ? -1 : 1;
	if (d->njobs >= clients(s, gp->m, i))
		return -1;
	return (int)floor((1 - d->demand / speed) * 10 + 1e-9);
}

static void refresh(simr *s, unsigned g)
{
	sim_gpu *gp = &s->gpu[g];
	const sim_model *m = gp->m;
	double alloc = 0;

	gp->busy = 0;
	for (unsigned i = 0; i < m->nitem; i++) {
		const sim_dev *d = &gp->dev[i];
		double share = (double)m->prof[m->item[i].prof].slices / m->total_slices;
		int key;

		if (!(gp->layout >> i & 1))
			continue;
		key = item_key(s, g, i);
		sim_bucket_set(&s->b, NODE(g, i), key < 0 ? -1 : SIM_BUCKET(gp->mi, m->item[i].prof, key));
		if (d->njobs) {
			gp->busy |= 1u << i;
			alloc += share * fmin(1, d->demand / m->prof[m->item[i].prof].speed);
		}
	}
	if (s->o->policy == SIM_STATIC)
		alloc = 0;
	for (unsigned i = 0; s->o->policy == SIM_STATIC && i < m->nitem; i++)
		if (gp->busy >> i & 1)
			alloc += (double)m->prof[m->item[i].prof].slices / m->total_slices;
	sim_gpu_alloc(s, g, gp->exclusive ? 1 : alloc);
}

static int item_fits(const simr *s, unsigned g, unsigned i, const sim_job *j, double mem)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_dev *d = &gp->dev[i];
	const sim_prof *p = &gp->m->prof[gp->m->item[i].prof];

	if (gp->exclusive || !(gp->layout >> i & 1) || p->speed + 1e-9 < j->demand || p->mem_mib < mem)
		return 0;
	if (!d->njobs)
		return 1;
	if (s->o->policy == SIM_STATIC)
		return 0;
	return d->user == j->user && d->njobs < clients(s, gp->m, i) &&
	       (d->demand + j->demand) / p->speed <= 1 + 1e-9 && d->mem + mem <= p->mem_mib;
}

static int fits_static(simr *s, unsigned g, const sim_job *j, double mem)
{
	if (j->gpus > 1)
		return 0;
	for (unsigned i = 0; i < s->gpu[g].m->nitem; i++)
		if (item_fits(s, g, i, j, mem))
			return 1;
	return 0;
}

/* The model of the fleet named by s[0..len); -1 when none. */
static int fleet_model(const simr *s, const char *name, size_t len)
{
	char buf[64];
	const mig_model *m;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, name, len);
	buf[len] = 0;
	if (mig_catalog_resolve(&m, buf) != MIG_SUCCESS)
		return -1;
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		if (s->models[mi]->model == m)
			return (int)mi;
	return -1;
}

static void model_names(char *out, size_t len, const simr *s)
{
	size_t used = 0;

	out[0] = 0;
	for (unsigned mi = 0; mi < s->nmodels && used < len; mi++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", mi ? ", " : "",
					 mig_model_key(s->models[mi]->model));
}

/*
 * Split opts.layout into one list of profile names per model: "names" on a
 * one-model fleet, "MODEL=names,MODEL=names" (each model once) on any.
 */
static int split_layout(const simr *s, char (*per)[256])
{
	const char *p = s->o->layout;
	char known[160];
	int mi = s->nmodels == 1 && !strchr(p, '=') ? 0 : -1;

	for (unsigned m = 0; m < s->nmodels; m++)
		per[m][0] = 0;
	model_names(known, sizeof(known), s);
	while (*p) {
		size_t len = strcspn(p, ","), used;
		const char *eq = memchr(p, '=', len);

		if (eq && ((mi = fleet_model(s, p, (size_t)(eq - p))) < 0 || per[mi][0]))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "layout '%s': '%.*s' %s; allowed: MODEL=PROFILES once for each of %s",
					 s->o->layout, (int)(eq - p), p,
					 mi < 0 ? "is not a model of the fleet" : "given twice", known);
		if (mi < 0)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "layout '%s': a mixed fleet needs MODEL=PROFILES for each of %s",
					 s->o->layout, known);
		used = strlen(per[mi]);
		if (eq) {
			len -= (size_t)(eq + 1 - p);
			p = eq + 1;
		}
		snprintf(per[mi] + used, 256 - used, "%s%.*s", used ? "," : "", (int)len, p);
		p += len + (p[len] != 0);
	}
	for (unsigned m = 0; m < s->nmodels; m++)
		if (!per[m][0])
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "layout '%s' gives no layout for %s; allowed: MODEL=PROFILES once for each of %s",
					 s->o->layout, mig_model_key(s->models[m]->model), known);
	return 0;
}

/* res.layout: the names of a one-model layout, "MODEL=names,..." of a mixed one. */
static void layout_names(simr *s)
{
	char *out = s->res->layout;
	size_t len = sizeof(s->res->layout), used = 0;

	if (s->nmodels == 1) {
		sim_model_layout_name(out, len, s->models[0], s->static_layout[0]);
		return;
	}
	for (unsigned mi = 0; mi < s->nmodels && used < len; mi++) {
		char name[160];

		sim_model_layout_name(name, sizeof(name), s->models[mi], s->static_layout[mi]);
		used += (size_t)snprintf(out + used, len - used, "%s%s=%s", mi ? "," : "",
					 mig_model_key(s->models[mi]->model), name);
	}
}

static int setup_static(simr *s)
{
	char per[SIM_MAX_MODELS][256];
	int rc;

	if (!s->o->layout)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "policy %s needs a layout (profile names, comma-separated)",
				 sim_policy_name(s->o->policy));
	if ((rc = split_layout(s, per)))
		return rc;
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		if ((rc = sim_model_layout(&s->static_layout[mi], s->models[mi], per[mi])))
			return rc;
	layout_names(s);
	for (unsigned g = 0; g < s->ngpu; g++) {
		sim_set_layout(s, g, s->static_layout[s->gpu[g].mi]);
		refresh(s, g);
	}
	return 0;
}

static int possible_on(const simr *s, unsigned mi, const sim_job *j, double mem)
{
	const sim_model *m = s->models[mi];

	if (s->model_gpus[mi] < j->gpus)
		return 0;
	for (unsigned i = 0; i < m->nitem; i++) {
		const sim_prof *p = &m->prof[m->item[i].prof];

		if ((s->static_layout[mi] >> i & 1) && p->speed + 1e-9 >= j->demand && p->mem_mib >= mem &&
		    (j->gpus == 1 || m->item[i].prof == m->full))
			return 1;
	}
	return 0;
}

static int possible_static(simr *s, const sim_job *j, const job_rt *r)
{
	size_t i = (size_t)(r - s->rt);

	for (unsigned mi = 0; mi < s->nmodels; mi++)
		if (possible_on(s, mi, j, sim_need(s, i, mi)))
			return 1;
	return 0;
}

static int full_free(simr *s, unsigned g)
{
	const sim_gpu *gp = &s->gpu[g];

	return !gp->exclusive && gp->busy == 0;
}

static double claim_full(simr *s, unsigned g)
{
	s->gpu[g].exclusive = 1;
	refresh(s, g);
	return 0;
}

/* On model mi: the smallest fitting profile first; within it the fullest instance (mig+mps) or
 * any free one. */
static int place_on(simr *s, size_t j, unsigned mi)
{
	const sim_job *job = &s->t->jobs[j];
	const sim_model *m = s->models[mi];
	int top = s->o->policy == SIM_STATIC ? 1 : 10;
	double mem = sim_need(s, j, mi);

	if (job->gpus > 1)
		return m->prof[m->full].mem_mib >= mem &&
		       sim_take_gpus(s, j, SIM_BUCKET(mi, m->full, top), full_free, claim_full);
	for (unsigned k = 0; k < m->nprof; k++) {
		const sim_prof *p = &m->prof[k];
		int from = top == 1 ? 1 : (int)floor(job->demand / p->speed * 10 - 1e-9);

		if (p->speed + 1e-9 < job->demand || p->mem_mib < mem)
			continue;
		for (int key = from < 0 ? 0 : from; key <= top; key++) {
			for (int node = s->b.head[SIM_BUCKET(mi, k, key)]; node >= 0; node = s->b.next[node]) {
				unsigned g = (unsigned)(node / SIM_NDEV), i = (unsigned)(node % SIM_NDEV);

				if (item_fits(s, g, i, job, mem)) {
					sim_attach(s, j, g, (int)i, 0);
					refresh(s, g);
					return 1;
				}
			}
		}
	}
	return 0;
}

/* The first model in the fleet's order (docs/simulator.md#mixed-fleets) that takes it now. */
static int place_static(simr *s, size_t j)
{
	for (unsigned o = 0; o < s->nmodels; o++)
		if (place_on(s, j, s->order[o]))
			return 1;
	return 0;
}

static void release_static(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	if (s->t->jobs[j].gpus > 1) {
		sim_release_gpus(s, j, refresh);
		return;
	}
	sim_detach(s, j);
	if (s->gpu[r->gpu].dev[r->dev].njobs)
		sim_dev_rates(s, (unsigned)r->gpu, r->dev);
	refresh(s, (unsigned)r->gpu);
}

const sim_policy_ops sim_ops_static = {setup_static, possible_static, place_static, release_static,
				       fits_static, NULL, 0};
const sim_policy_ops sim_ops_mig_mps = {setup_static, possible_static, place_static,
					release_static, fits_static, NULL, 0};
