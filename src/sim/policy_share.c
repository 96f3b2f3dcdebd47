/*
 * policy_share.c - policies on whole GPUs with MIG off (docs/simulator.md#policies):
 *   whole      one job per GPU
 *   mps        MPS clients of one user at a time, compute shares summing
 *              to at most 1, memory that fits, at most libmig's client limit
 *              (mig_mps_client_limit of opts.mps_clients)
 *   timeslice  up to opts.ts_replicas jobs of any users, time-sliced;
 *              compute may be oversubscribed (jobs slow down), memory not
 *              (the real GPU has no memory isolation: a job that does not
 *              fit would fail with out-of-memory, so the simulator waits)
 * Multi-GPU jobs take empty GPUs whole under every policy.  Also the
 * multi-GPU helpers the MIG policies share.
 */
#include <math.h>
#include <stdlib.h>

#include "sim_int.h"

#define NODE(g) ((int)(g) * SIM_NDEV + SIM_WHOLE_DEV)

static int gpu_key(const simr *s, unsigned g)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_dev *d = &gp->dev[SIM_WHOLE_DEV];

	if (gp->exclusive)
		return -1;
	switch (s->o->policy) {
	case SIM_MPS:
		return d->njobs >= mig_mps_client_limit(s->o->mps_clients, 0, 0) ? -1
		       : (int)floor((1 - d->demand) * 10 + 1e-9);
	case SIM_TIMESLICE:
		return d->njobs >= s->o->ts_replicas ? -1 : (int)(s->o->ts_replicas - d->njobs);
	default:
		return d->njobs ? -1 : 1;
	}
}

static int empty_key(const simr *s)
{
	return s->o->policy == SIM_MPS ? 10 : s->o->policy == SIM_TIMESLICE ? (int)s->o->ts_replicas : 1;
}

static void refresh(simr *s, unsigned g)
{
	const sim_dev *d = &s->gpu[g].dev[SIM_WHOLE_DEV];
	int key = gpu_key(s, g);
	double alloc = d->njobs ? (s->o->policy == SIM_WHOLE ? 1 : fmin(1, d->demand)) : 0;

	sim_bucket_set(&s->b, NODE(g), key < 0 ? -1 : SIM_BUCKET(s->gpu[g].mi, 0, key));
	sim_gpu_alloc(s, g, s->gpu[g].exclusive ? 1 : alloc);
}

static int fits_whole(simr *s, unsigned g, const sim_job *j, double mem)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_dev *d = &gp->dev[SIM_WHOLE_DEV];

	if (gp->exclusive || j->gpus > 1)
		return 0;
	if (!d->njobs)
		return mem <= gp->m->mem_mib;
	switch (s->o->policy) {
	case SIM_MPS:
		return d->user == j->user && d->njobs < mig_mps_client_limit(s->o->mps_clients, 0, 0) &&
		       d->demand + j->demand <= 1 + 1e-9 && d->mem + mem <= gp->m->mem_mib;
	case SIM_TIMESLICE:
		return d->njobs < s->o->ts_replicas && d->mem + mem <= gp->m->mem_mib;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Multi-GPU jobs: n GPUs whole (shared with the MIG policies)         */
/* ------------------------------------------------------------------ */

/* Take the first n GPUs that `ok` accepts from list `list`; 1 when the job started. */
int sim_take_gpus(simr *s, size_t j, int list, int (*ok)(simr *s, unsigned g),
		  double (*claim)(simr *s, unsigned g))
{
	unsigned n = s->t->jobs[j].gpus, got = 0;
	int *gpus = malloc(n * sizeof(int));
	double delay = 0;

	if (!gpus) {
		s->failed = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		return 0;
	}
	for (int node = s->b.head[list]; node >= 0 && got < n; node = s->b.next[node])
		if (ok(s, (unsigned)(node / SIM_NDEV)))
			gpus[got++] = node / SIM_NDEV;
	if (got < n) {
		free(gpus);
		return 0;
	}
	for (unsigned i = 0; i < n; i++) {
		double d = claim(s, (unsigned)gpus[i]);

		s->gpu[gpus[i]].exclusive = 1;
		delay = d > delay ? d : delay;
	}
	s->rt[j].gpus = gpus;
	sim_attach(s, j, (unsigned)gpus[0], -1, delay);
	return 1;
}

static int empty_ok(simr *s, unsigned g)
{
	return !s->gpu[g].exclusive && !s->gpu[g].dev[SIM_WHOLE_DEV].njobs;
}

static double claim_whole(simr *s, unsigned g)
{
	s->gpu[g].exclusive = 1;
	refresh(s, g);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The policies                                                       */
/* ------------------------------------------------------------------ */

static int setup_whole(simr *s)
{
	for (unsigned g = 0; g < s->ngpu; g++)
		refresh(s, g);
	return 0;
}

static int possible_whole(simr *s, const sim_job *j, const job_rt *r)
{
	(void)s;
	(void)j;
	(void)r;
	return 1;
}

/* Best fit for MPS (the fullest GPU that takes it), the emptiest GPU otherwise; on model mi. */
static int place_on(simr *s, size_t j, unsigned mi)
{
	const sim_job *job = &s->t->jobs[j];
	int top = empty_key(s), mps = s->o->policy == SIM_MPS;
	int from = mps ? (int)floor(job->demand * 10 - 1e-9) : top;
	double mem = sim_need(s, j, mi);

	if (job->gpus > 1)
		return mem <= s->models[mi]->mem_mib &&
		       sim_take_gpus(s, j, SIM_BUCKET(mi, 0, top), empty_ok, claim_whole);
	for (int k = from < 0 ? 0 : from; mps ? k <= top : k >= 1; k += mps ? 1 : -1) {
		for (int node = s->b.head[SIM_BUCKET(mi, 0, k)]; node >= 0; node = s->b.next[node]) {
			unsigned g = (unsigned)(node / SIM_NDEV);

			if (fits_whole(s, g, job, mem)) {
				sim_attach(s, j, g, SIM_WHOLE_DEV, 0);
				refresh(s, g);
				return 1;
			}
		}
	}
	return 0;
}

/* The first model in the fleet's order (docs/simulator.md#mixed-fleets) that takes it now. */
static int place_whole(simr *s, size_t j)
{
	for (unsigned o = 0; o < s->nmodels; o++)
		if (place_on(s, j, s->order[o]))
			return 1;
	return 0;
}

void sim_release_gpus(simr *s, size_t j, void (*after)(simr *s, unsigned g))
{
	job_rt *r = &s->rt[j];

	for (unsigned i = 0; i < s->t->jobs[j].gpus; i++) {
		s->gpu[r->gpus[i]].exclusive = 0;
		after(s, (unsigned)r->gpus[i]);
	}
	free(r->gpus);
	r->gpus = NULL;
}

static void release_whole(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	if (s->t->jobs[j].gpus > 1) {
		sim_release_gpus(s, j, refresh);
		return;
	}
	sim_detach(s, j);
	if (s->gpu[r->gpu].dev[SIM_WHOLE_DEV].njobs)
		sim_dev_rates(s, (unsigned)r->gpu, SIM_WHOLE_DEV);
	refresh(s, (unsigned)r->gpu);
}

#define WHOLE_OPS {setup_whole, possible_whole, place_whole, release_whole, fits_whole, NULL, 0}
const sim_policy_ops sim_ops_whole = WHOLE_OPS;
const sim_policy_ops sim_ops_mps = WHOLE_OPS;
const sim_policy_ops sim_ops_timeslice = WHOLE_OPS;
