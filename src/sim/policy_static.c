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
		sim_bucket_set(&s->b, NODE(g, i), key < 0 ? -1 : SIM_BUCKET(m->item[i].prof, key));
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

static int setup_static(simr *s)
{
	int rc;

	if (!s->o->layout)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "policy %s needs a layout (profile names, comma-separated)",
				 sim_policy_name(s->o->policy));
	if ((rc = sim_model_layout(&s->static_layout, s->model, s->o->layout)))
		return rc;
	sim_model_layout_name(s->res->layout, sizeof(s->res->layout), s->model, s->static_layout);
	for (unsigned g = 0; g < s->ngpu; g++) {
		sim_set_layout(s, g, s->static_layout);
		refresh(s, g);
	}
	return 0;
}

static int possible_static(simr *s, const sim_job *j, const job_rt *r)
{
	const sim_model *m = s->model;

	for (unsigned i = 0; i < m->nitem; i++) {
		const sim_prof *p = &m->prof[m->item[i].prof];

		if ((s->static_layout >> i & 1) && p->speed + 1e-9 >= j->demand && p->mem_mib >= r->need_mem &&
		    (j->gpus == 1 || m->item[i].prof == m->full))
			return 1;
	}
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

/* The smallest fitting profile first; within it the fullest instance (mig+mps) or any free one. */
static int place_static(simr *s, size_t j)
{
	const sim_job *job = &s->t->jobs[j];
	const sim_model *m = s->model;
	int top = s->o->policy == SIM_STATIC ? 1 : 10;

	if (job->gpus > 1)
		return sim_take_gpus(s, j, SIM_BUCKET(m->full, top), full_free, claim_full);
	for (unsigned k = 0; k < m->nprof; k++) {
		const sim_prof *p = &m->prof[k];
		int from = top == 1 ? 1 : (int)floor(job->demand / p->speed * 10 - 1e-9);

		if (p->speed + 1e-9 < job->demand || p->mem_mib < s->rt[j].need_mem)
			continue;
		for (int key = from < 0 ? 0 : from; key <= top; key++) {
			for (int node = s->b.head[SIM_BUCKET(k, key)]; node >= 0; node = s->b.next[node]) {
				unsigned g = (unsigned)(node / SIM_NDEV), i = (unsigned)(node % SIM_NDEV);

				if (item_fits(s, g, i, job, s->rt[j].need_mem)) {
					sim_attach(s, j, g, (int)i, 0);
					refresh(s, g);
					return 1;
				}
			}
		}
	}
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
