/*
 * policy_dynamic.c - MIG whose layout follows demand
 * (docs/simulator.md#dynamic).  A job needs the smallest profile fast
 * enough and large enough; over the GPUs with enough slices not held by
 * jobs (fullest first), the cheapest of:
 *   reuse        an idle instance of that profile (no cost)
 *   create       a new instance beside the others (one GI create)
 *   repartition  destroy idle instances in the way, then create
 *   repack       move running jobs to other placements on the same GPU
 *                (each pays opts.drain_s), destroy and create to suit
 * as the planner ranks them: never touch a busy instance unless moving
 * it is the only way.  Every GI create or destroy costs opts.op_s.
 * Instances are kept when their job ends, for the next job to reuse.
 */
#include <stdio.h>
#include <string.h>

#include "sim_int.h"

#define NODE(g) ((int)(g) * SIM_NDEV + SIM_WHOLE_DEV)
/* GPUs a placement looks at for a repack before it gives up (bounds the cost per job). */
#define REPACK_TRIES 32

static unsigned busy_slices(const sim_model *m, uint32_t busy)
{
	unsigned n = 0;

	for (unsigned i = 0; i < m->nitem; i++)
		if (busy >> i & 1)
			n += m->prof[m->item[i].prof].slices;
	return n;
}

static void refresh(simr *s, unsigned g)
{
	sim_gpu *gp = &s->gpu[g];
	unsigned used = busy_slices(gp->m, gp->busy);

	sim_bucket_set(&s->b, NODE(g), gp->exclusive ? -1 : SIM_BUCKET(0, (int)(gp->m->total_slices - used)));
	sim_gpu_alloc(s, g, gp->exclusive ? 1 : (double)used / gp->m->total_slices);
}

typedef struct option {
	int cls;                 /* 0 reuse, 1 create, 2 repartition, 3 repack, 4 none */
	unsigned g, item, ops;
	uint32_t layout;
} option;

/* Keep idle instances that still fit beside `mask`, lowest item first. */
static uint32_t keep_idle(const sim_model *m, uint32_t mask, uint32_t idle)
{
	for (unsigned i = 0; i < m->nitem; i++)
		if ((idle >> i & 1) && sim_model_legal(m, mask | 1u << i))
			mask |= 1u << i;
	return mask;
}

/* Reuse, create or repartition on GPU g for profile k. */
static option local(const simr *s, unsigned g, unsigned k)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_model *m = gp->m;
	uint32_t idle = gp->layout & ~gp->busy;
	option best = {4, g, 0, 0, 0};

	for (unsigned i = 0; i < m->nitem; i++) {
		uint32_t bit = 1u << i, layout;
		unsigned destroyed;

		if (!(m->pitems[k] & bit) || (gp->busy & bit))
			continue;
		if (idle & bit)
			return (option){0, g, i, 0, gp->layout};
		if (!sim_model_legal(m, gp->busy | bit))
			continue;
		layout = keep_idle(m, gp->busy | bit, idle);
		destroyed = (unsigned)__builtin_popcount(idle & ~layout);
		if (best.cls == 4 || 1 + destroyed < best.ops)
			best = (option){destroyed ? 2 : 1, g, i, 1 + destroyed, layout};
	}
	return best;
}

static int counts_match(const sim_model *m, uint32_t layout, const unsigned *want)
{
	for (unsigned k = 0; k < m->nprof; k++)
		if ((unsigned)__builtin_popcount(layout & m->pitems[k]) != want[k])
			return 0;
	return 1;
}

/* The legal layout holding the busy instances' profiles and one of k that moves the fewest. */
static option repack(const simr *s, unsigned g, unsigned k)
{
	const sim_gpu *gp = &s->gpu[g];
	const sim_model *m = gp->m;
	unsigned want[SIM_MAX_PROF] = {0}, n = (unsigned)__builtin_popcount(gp->busy) + 1;
	option best = {4, g, 0, 0, 0};
	unsigned best_moved = ~0u;

	for (unsigned i = 0; i < m->nitem; i++)
		if (gp->busy >> i & 1)
			want[m->item[i].prof]++;
	want[k]++;
	for (size_t l = 0; l < m->nlegal; l++) {
		uint32_t layout = m->legal[l];
		unsigned moved = (unsigned)__builtin_popcount(gp->busy & ~layout);

		if ((unsigned)__builtin_popcount(layout) != n || moved >= best_moved ||
		    !counts_match(m, layout, want))
			continue;
		best_moved = moved;
		best = (option){3, g, 0, (unsigned)__builtin_popcount(gp->layout ^ layout), layout};
	}
	return best;
}

static int better(const option *a, const option *b)
{
	return a->cls < b->cls || (a->cls == b->cls && a->ops < b->ops);
}

static option choose(const simr *s, unsigned k)
{
	const sim_model *m = s->model;
	option best = {4, 0, 0, 0, 0};
	unsigned tries = 0;

	for (unsigned key = m->prof[k].slices; key <= m->total_slices; key++) {
		for (int node = s->b.head[SIM_BUCKET(0, key)]; node >= 0; node = s->b.next[node]) {
			unsigned g = (unsigned)(node / SIM_NDEV);
			option o = local(s, g, k);

			if (o.cls == 4 && best.cls >= 3 && tries++ < REPACK_TRIES)
				o = repack(s, g, k);
			if (better(&o, &best))
				best = o;
			if (best.cls <= 1)
				return best;
		}
	}
	return best;
}

/* Move the busy instances that `layout` lacks onto its free items of the same profile. */
static void do_moves(simr *s, unsigned g, uint32_t layout, unsigned k, unsigned *new_item)
{
	sim_gpu *gp = &s->gpu[g];
	const sim_model *m = gp->m;
	uint32_t spare = layout & ~gp->busy, moving = gp->busy & ~layout;

	for (unsigned i = 0; i < m->nitem; i++) {
		if (!(moving >> i & 1))
			continue;
		for (unsigned t = 0; t < m->nitem; t++) {
			if ((spare >> t & 1) && m->item[t].prof == m->item[i].prof) {
				spare &= ~(1u << t);
				sim_move(s, g, (int)i, (int)t);
				gp->busy = (gp->busy & ~(1u << i)) | 1u << t;
				break;
			}
		}
	}
	for (unsigned t = 0; t < m->nitem; t++)
		if ((spare >> t & 1) && m->item[t].prof == k) {
			*new_item = t;
			return;
		}
}

static int empty_ok(simr *s, unsigned g)
{
	return !s->gpu[g].exclusive && !s->gpu[g].busy;
}

/* A multi-GPU job's GPU: its idle instances go, one whole-GPU instance comes. */
static double claim_full(simr *s, unsigned g)
{
	sim_gpu *gp = &s->gpu[g];
	const sim_model *m = gp->m;
	unsigned full = (unsigned)__builtin_ctz(m->pitems[m->full]);
	uint32_t want = 1u << full;
	unsigned ops = (unsigned)__builtin_popcount(gp->layout ^ want);

	if (ops) {
		s->res->creates += (size_t)__builtin_popcount(want & ~gp->layout);
		s->res->destroys += (size_t)__builtin_popcount(gp->layout & ~want);
		s->res->repartitions++;
		sim_set_layout(s, g, want);
	}
	gp->exclusive = 1;
	refresh(s, g);
	return ops * s->o->op_s;
}

static int place_dynamic(simr *s, size_t j)
{
	const sim_job *job = &s->t->jobs[j];
	int k = sim_model_fit(s->model, job->demand, (unsigned)s->rt[j].need_mem);
	option o;
	double delay;

	if (job->gpus > 1)
		return sim_take_gpus(s, j, SIM_BUCKET(0, s->model->total_slices), empty_ok, claim_full);
	o = choose(s, (unsigned)k);
	if (o.cls == 4)
		return 0;
	delay = o.ops * s->o->op_s;
	if (o.cls == 3) {
		do_moves(s, o.g, o.layout, (unsigned)k, &o.item);
		delay += s->o->drain_s;
	}
	if (o.ops) {
		uint32_t old = s->gpu[o.g].layout;

		s->res->creates += (size_t)__builtin_popcount(o.layout & ~old);
		s->res->destroys += (size_t)__builtin_popcount(old & ~o.layout);
		s->res->repartitions++;
		sim_set_layout(s, o.g, o.layout);
	}
	s->gpu[o.g].busy |= 1u << o.item;
	sim_attach(s, j, o.g, (int)o.item, delay);
	refresh(s, o.g);
	return 1;
}

static void release_dynamic(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	if (s->t->jobs[j].gpus > 1) {
		sim_release_gpus(s, j, refresh);
		return;
	}
	sim_detach(s, j);
	s->gpu[r->gpu].busy &= ~(1u << r->dev);
	refresh(s, (unsigned)r->gpu);
}

static int setup_dynamic(simr *s, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	for (unsigned g = 0; g < s->ngpu; g++) {
		sim_set_layout(s, g, 0);
		refresh(s, g);
	}
	return 0;
}

static int possible_dynamic(simr *s, const sim_job *j, const job_rt *r)
{
	return sim_model_fit(s->model, j->demand, (unsigned)r->need_mem) >= 0;
}

/* Without moving anyone: reuse, create or repartition. */
static int fits_dynamic(simr *s, unsigned g, const sim_job *j, double mem)
{
	int k = sim_model_fit(s->model, j->demand, (unsigned)mem);

	return k >= 0 && !s->gpu[g].exclusive && j->gpus == 1 && local(s, g, (unsigned)k).cls < 4;
}

const sim_policy_ops sim_ops_dynamic = {setup_dynamic, possible_dynamic, place_dynamic,
					release_dynamic, fits_dynamic};
