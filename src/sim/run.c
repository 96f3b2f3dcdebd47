/*
 * run.c - one simulation: set the fleet up for the policy, refuse jobs no
 * GPU could hold, then run arrivals and completions to the end, sampling
 * allocation, queue length and fragmentation on the way.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_int.h"

static const sim_policy_ops *const policy_ops[SIM_NPOLICY] = {
	&sim_ops_whole, &sim_ops_static, &sim_ops_dynamic, &sim_ops_mps, &sim_ops_timeslice,
	&sim_ops_mig_mps};

/* ------------------------------------------------------------------ */
/* Queue                                                              */
/* ------------------------------------------------------------------ */

static void enqueue(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	r->state = JOB_QUEUED;
	s->queued_multi += s->t->jobs[j].gpus > 1;
	r->qnext = -1;
	r->qprev = s->qtail;
	if (s->qtail >= 0)
		s->rt[s->qtail].qnext = (int)j;
	else
		s->qhead = (int)j;
	s->qtail = (int)j;
	s->queued++;
}

static void dequeue(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	s->queued_multi -= s->t->jobs[j].gpus > 1;
	if (r->qprev >= 0)
		s->rt[r->qprev].qnext = r->qnext;
	else
		s->qhead = r->qnext;
	if (r->qnext >= 0)
		s->rt[r->qnext].qprev = r->qprev;
	else
		s->qtail = r->qprev;
	s->queued--;
}

/* Shapes that failed in this pass: resources only shrink during a pass, so they fail again. */
typedef struct shape {
	double demand;
	size_t job;              /* the first job of the shape: its memory need on each model */
	unsigned gpus, user;
} shape;

static int same_need(const simr *s, size_t a, size_t b)
{
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		if (sim_need(s, a, mi) != sim_need(s, b, mi))
			return 0;
	return 1;
}

static int same_shape(const simr *s, const shape *a, const shape *b)
{
	return a->demand == b->demand && a->gpus == b->gpus && a->user == b->user &&
	       same_need(s, a->job, b->job);
}

/* FIFO with backfill: every queued job that fits starts, in arrival order, within the window. */
static void schedule(simr *s)
{
	shape failed[64];
	size_t nfailed = 0, looked = 0;

	for (int j = s->qhead; j >= 0 && looked < s->o->window && !s->failed;) {
		const sim_job *job = &s->t->jobs[j];
		shape sh = {job->demand, (size_t)j, job->gpus, job->user};
		int next = s->rt[j].qnext, seen = 0;

		looked++;
		for (size_t k = 0; k < nfailed && !seen; k++)
			seen = same_shape(s, &failed[k], &sh);
		if (!seen) {
			if (s->ops->place(s, (size_t)j))
				dequeue(s, (size_t)j);
			else if (s->ops->whole_blocks && job->gpus == 1 && job->demand >= 1)
				break;
			else if (nfailed < 64)
				failed[nfailed++] = sh;
		}
		j = next;
	}
}

/* ------------------------------------------------------------------ */
/* Samples                                                            */
/* ------------------------------------------------------------------ */

typedef struct mixture {
	sim_job shape[32];
	size_t job[32];                          /* the first job of each shape */
	double mem[32][SIM_MAX_MODELS], p[32];   /* mem: per model */
	size_t n;
} mixture;

/* The trace's single-GPU job shapes and their shares (FGD's "target workload"). */
static void build_mixture(mixture *mx, const simr *s)
{
	size_t total = 0;

	mx->n = 0;
	for (size_t i = 0; i < s->t->n; i++) {
		const sim_job *j = &s->t->jobs[i];
		size_t k = 0;

		if (j->gpus > 1)
			continue;
		while (k < mx->n && !(mx->shape[k].demand == j->demand && same_need(s, mx->job[k], i)))
			k++;
		if (k == mx->n && mx->n == 32)
			continue;
		if (k == mx->n) {
			mx->shape[k] = *j;
			mx->job[k] = i;
			for (unsigned mi = 0; mi < s->nmodels; mi++)
				mx->mem[k][mi] = sim_need(s, i, mi);
			mx->p[k] = 0;
			mx->n++;
		}
		mx->p[k]++;
		total++;
	}
	for (size_t k = 0; k < mx->n; k++)
		mx->p[k] /= total ? (double)total : 1;
}

/* GPUs the fragmentation measure looks at per sample: a fixed stride over larger fleets. */
#define FRAG_GPUS 256

/*
 * FGD's fragmentation, per GPU: its free share times the share of jobs
 * that could not use it.  Fleets above FRAG_GPUS are measured on every
 * k-th GPU, the offset turning with each sample: an estimate, kept cheap.
 */
static double fragmentation(simr *s, const mixture *mx, size_t nth)
{
	unsigned stride = (s->ngpu + FRAG_GPUS - 1) / FRAG_GPUS, seen = 0;
	double frag = 0;

	for (unsigned g = (unsigned)(nth % stride); g < s->ngpu; g += stride) {
		double free_share = 1 - s->gpu[g].alloc;

		seen++;
		if (free_share <= 1e-9 || s->gpu[g].exclusive)
			continue;
		for (size_t k = 0; k < mx->n; k++)
			if (!s->ops->fits(s, g, &mx->shape[k], mx->mem[k][s->gpu[g].mi]))
				frag += mx->p[k] * free_share;
	}
	return seen ? frag / seen : 0;
}

static void sample(simr *s, const mixture *mx, double *frag_sum, size_t *nfrag)
{
	sim_result *r = s->res;
	sim_point *p;

	if (r->npoints % 256 == 0) {
		p = realloc(r->points, (r->npoints + 256) * sizeof(*p));
		if (!p) {
			s->failed = mig__fail(MIG_ERROR_MEMORY, "out of memory");
			return;
		}
		r->points = p;
	}
	p = &r->points[r->npoints++];
	p->t = s->now;
	p->alloc = s->alloc_sum / s->ngpu;
	p->queue = (double)s->queued;
	*frag_sum += fragmentation(s, mx, *nfrag);
	(*nfrag)++;
}

/* ------------------------------------------------------------------ */
/* The loop                                                           */
/* ------------------------------------------------------------------ */

/* Who holds GPU g: a multi-GPU job, a whole-GPU job (demand 1), only fractional ones, no one. */
static int holder(const simr *s, unsigned g)
{
	const sim_gpu *gp = &s->gpu[g];
	int held = SIM_HELD_EMPTY;

	if (gp->exclusive)
		return SIM_HELD_MULTI;
	for (int d = 0; d < SIM_NDEV; d++)
		for (int j = gp->dev[d].head; j >= 0; j = s->rt[j].dnext) {
			if (s->t->jobs[j].demand >= 1)
				return SIM_HELD_WHOLE;
			held = SIM_HELD_FRAC;
		}
	return held;
}

/*
 * The census (docs/simulator.md#census): while a multi-GPU job waits, the
 * GPU-seconds of each kind of holder.  Costs a pass over the fleet per
 * event then, so runs without samples (the searches) skip it.
 */
static void census(simr *s, double dt)
{
	if (!s->queued_multi || !s->o->samples || dt <= 0)
		return;
	s->res->multi_wait_s += dt;
	for (unsigned g = 0; g < s->ngpu; g++)
		s->res->held_s[holder(s, g)] += dt;
}

static void advance(simr *s, double t)
{
	census(s, t - s->now);
	s->alloc_area += s->alloc_sum * (t - s->now);
	s->now = t;
}

static void complete(simr *s, const sim_ev *ev)
{
	job_rt *r = &s->rt[ev->job];

	if (r->state != JOB_RUNNING || ev->ver != r->ver)
		return;
	r->state = JOB_DONE;
	r->end = s->now;
	s->running--;
	s->ops->release(s, ev->job);
}

static void loop(simr *s)
{
	double horizon = s->t->n ? s->t->jobs[s->t->n - 1].arrival : 0, frag_sum = 0;
	double step = horizon > 0 ? horizon / s->o->samples : 1, next_sample = 0;
	size_t a = 0, nfrag = 0;
	mixture mx;

	build_mixture(&mx, s);
	while (!s->failed && (a < s->t->n || s->nheap)) {
		int arrival = a < s->t->n && (!s->nheap || s->t->jobs[a].arrival < s->heap[0].t);
		double t = arrival ? s->t->jobs[a].arrival : s->heap[0].t;

		while (next_sample <= t && s->o->samples && !s->failed) {
			advance(s, next_sample);
			sample(s, &mx, &frag_sum, &nfrag);
			next_sample += step;
		}
		advance(s, t);
		if (arrival) {
			if (s->rt[a].state == JOB_FUTURE)
				enqueue(s, a);
			a++;
		} else {
			sim_ev ev = sim_heap_pop(s);

			complete(s, &ev);
		}
		schedule(s);
		if (s->ops->settle)
			s->ops->settle(s);
	}
	s->res->makespan = s->now;
	s->res->alloc_mean = s->now > 0 ? s->alloc_area / s->now / s->ngpu : 0;
	s->res->frag_mean = nfrag ? frag_sum / (double)nfrag : 0;
}

/* ------------------------------------------------------------------ */
/* Setting up                                                         */
/* ------------------------------------------------------------------ */

unsigned sim_fleet_parts(sim_part *out, const sim_opts *o)
{
	if (!o->nparts) {
		out[0] = (sim_part){o->model, o->gpus};
		return 1;
	}
	memcpy(out, o->part, o->nparts * sizeof(*out));
	return o->nparts;
}

void sim_fleet_resize(sim_opts *o, unsigned n)
{
	unsigned total = 0, given = 0;
	double rem[SIM_MAX_MODELS];

	if (!o->nparts) {
		o->gpus = n;
		return;
	}
	for (unsigned i = 0; i < o->nparts; i++)
		total += o->part[i].gpus;
	for (unsigned i = 0; i < o->nparts; i++) {
		double want = total ? (double)n * o->part[i].gpus / total : 0;

		o->part[i].gpus = (unsigned)floor(want);
		rem[i] = want - floor(want);
		given += o->part[i].gpus;
	}
	for (; given < n; given++) {
		unsigned best = 0;

		for (unsigned i = 1; i < o->nparts; i++)
			if (rem[i] > rem[best])
				best = i;
		o->part[best].gpus++;
		rem[best] = -1;
	}
}

/* MIG_ERROR_INSUFFICIENT_RESOURCES: no GPU of this fleet could ever hold job i. */
static int too_big(simr *s, size_t i)
{
	const sim_job *j = &s->t->jobs[i];
	unsigned big = s->nmodels;    /* the model with the most memory and enough GPUs */

	for (unsigned mi = 0; mi < s->nmodels; mi++) {
		if (s->model_gpus[mi] < j->gpus)
			continue;
		if (sim_need(s, i, mi) <= s->models[mi]->mem_mib)
			return 0;
		if (big == s->nmodels || s->models[mi]->mem_mib > s->models[big]->mem_mib)
			big = mi;
	}
	if (big < s->nmodels)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "job %zu needs %.0f MiB of GPU memory; a %s has %u", i + 1,
				 sim_need(s, i, big), mig_model_key(s->models[big]->model),
				 s->models[big]->mem_mib);
	if (s->nmodels == 1)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES, "job %zu needs %u GPUs; the fleet has %u",
				 i + 1, j->gpus, s->ngpu);
	return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
			 "job %zu needs %u GPUs of one model; no model of the fleet has that many", i + 1,
			 j->gpus);
}

/* The models, their speeds and the order jobs try them: the least memory first, then fleet order. */
static int setup_models(simr *s, const sim_part *part)
{
	for (unsigned mi = 0; mi < s->nmodels; mi++) {
		sim_model *m;
		int rc;

		for (unsigned o = 0; o < mi; o++)
			if (part[o].model == part[mi].model)
				return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "model %s given twice in the fleet",
						 mig_model_key(part[mi].model));
		if ((rc = sim_model_build(&s->models[mi], part[mi].model)))
			return rc;
		m = s->models[mi];
		for (unsigned k = 0; k < m->nprof; k++)
			m->prof[k].speed = sim_speed_slices(&s->o->speed, m->prof[k].slices, m->total_slices);
		s->order[mi] = mi;
		for (unsigned o = mi; o > 0 && s->models[s->order[o - 1]]->mem_mib > m->mem_mib; o--) {
			s->order[o] = s->order[o - 1];
			s->order[o - 1] = mi;
		}
	}
	return 0;
}

/* The GPUs, part by part, and what each job needs on each model. */
static int setup_gpus(simr *s, const sim_part *part)
{
	unsigned g = 0;

	s->gpu = calloc(s->ngpu, sizeof(*s->gpu));
	s->rt = calloc(s->t->n, sizeof(*s->rt));
	s->need = malloc((s->t->n ? s->t->n : 1) * s->nmodels * sizeof(*s->need));
	if (!s->gpu || !s->rt || !s->need || sim_buckets_init(&s->b, (size_t)s->ngpu * SIM_NDEV))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		for (unsigned n = 0; n < part[mi].gpus; n++, g++) {
			s->gpu[g].m = s->models[mi];
			s->gpu[g].mi = mi;
			for (int d = 0; d < SIM_NDEV; d++)
				s->gpu[g].dev[d].head = -1;
		}
	for (size_t i = 0; i < s->t->n; i++)
		for (unsigned mi = 0; mi < s->nmodels; mi++)
			s->need[i * s->nmodels + mi] = sim_job_mem(&s->t->jobs[i], s->models[mi]->prof[0].mem_mib *
								   s->models[mi]->total_slices);
	return 0;
}

static int setup(simr *s)
{
	sim_part part[SIM_MAX_MODELS];
	int rc;

	s->nmodels = sim_fleet_parts(part, s->o);
	s->ngpu = 0;
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		s->ngpu += (s->model_gpus[mi] = part[mi].gpus);
	if ((rc = setup_models(s, part)) || (rc = setup_gpus(s, part)))
		return rc;
	s->qhead = s->qtail = -1;
	for (size_t i = 0; i < s->t->n; i++) {
		s->rt[i].need_mem = sim_need(s, i, 0);
		s->rt[i].dnext = -1;
		s->rt[i].remaining = s->t->jobs[i].duration;
		if ((rc = too_big(s, i)))
			return rc;
	}
	if ((rc = s->ops->setup(s)))
		return rc;
	for (size_t i = 0; i < s->t->n; i++)
		if (!s->ops->possible(s, &s->t->jobs[i], &s->rt[i]))
			s->rt[i].state = JOB_NEVER;
	return 0;
}

/* A scratch GPU per model (GPU mi of check_st) to replay layouts on. */
static int check_gpus(simr *s)
{
	sim_part part[SIM_MAX_MODELS];
	unsigned n = sim_fleet_parts(part, s->o);
	int act = 0, rc = mig_state_new(&s->check_st);

	for (unsigned mi = 0; mi < n && !rc && !act; mi++) {
		mig_gpu_spec spec = {0};

		spec.model = part[mi].model;
		if (!(rc = mig_state_add_gpu(s->check_st, &spec)))
			rc = mig_set_mig_mode(s->check_st, mi, 1, &act);
	}
	if (rc || act)
		return mig__fail(rc ? rc : MIG_ERROR_UNKNOWN, "checking layouts: %s", mig_errmsg());
	return 0;
}

static void teardown(simr *s)
{
	for (size_t i = 0; s->rt && i < s->t->n; i++)
		free(s->rt[i].gpus);
	free(s->rt);
	free(s->gpu);
	free(s->heap);
	free(s->pending);
	sim_planner_free(s->planner);
	sim_buckets_free(&s->b);
	free(s->need);
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		sim_model_free(s->models[mi]);
	mig_state_free(s->check_st);
}

static int fleet_empty(const sim_opts *o)
{
	sim_part part[SIM_MAX_MODELS];
	unsigned n, gpus = 0;

	if (o->nparts > SIM_MAX_MODELS)
		return 1;
	n = sim_fleet_parts(part, o);
	for (unsigned i = 0; i < n; i++) {
		if (!part[i].model)
			return 1;
		gpus += part[i].gpus;
	}
	return !gpus;
}

int sim_run(sim_result **out, const sim_trace *t, const sim_opts *o)
{
	simr s = {.t = t, .o = o};
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	*out = NULL;
	s.ops = policy_ops[o->policy < SIM_NPOLICY ? o->policy : 0];
	if (!(s.res = calloc(1, sizeof(*s.res))))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	s.res->policy = o->policy;
	if (fleet_empty(o)) {
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT, "a fleet needs a GPU model and at least one GPU");
		goto done;
	}
	if ((o->check && (rc = check_gpus(&s))) || (rc = setup(&s)))
		goto done;
	loop(&s);
	if ((rc = s.failed))
		goto done;      /* the sentence is in mig_errmsg() */
	if ((rc = sim_stats(s.res, &s)))
		goto done;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s.res->wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*out = s.res;
	s.res = NULL;
done:
	sim_result_free(s.res);
	teardown(&s);
	return rc;
}
