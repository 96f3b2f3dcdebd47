/*
 * policy_dynamic.c - MIG whose layout follows demand
 * (docs/simulator.md#dynamic).  A job needs the smallest profile fast
 * enough and large enough; over the GPUs with enough slices not held by
 * jobs (fullest first), it reuses an idle instance of that profile, else
 * creates one beside the others; when neither can be done the planner
 * decides (migplan_plan, dynamic_plan.c): which GPU is laid out anew and
 * how, or which busy instances move to other GPUs to make room (each
 * moved job pays opts.drain_s).  Every GI create or destroy costs opts.op_s, one
 * after another on a GPU (gpu.ready); a job starts when its GPU's are done.
 * Instances are kept when their job ends, for the next job to reuse,
 * except on a GPU that empties: after the scheduling pass it is laid out
 * as one whole-GPU instance again, as every GPU starts (settle), so that a
 * whole-GPU job finds it ready and a fractional job pays the repartition.
 * Right-sizing: a fractional job whose own profile would take an empty GPU,
 * moves or a wait may start on a smaller profile of a GPU in use when it
 * runs there at opts.min_rate or faster; consolidation moves jobs the same
 * way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

#define NODE(g) ((int)(g) * SIM_NDEV + SIM_WHOLE_DEV)
/* Empty GPUs looked at once a repartition is found: they are alike (one idle whole-GPU
 * instance) but for those emptied in this pass, so more would cost time for nothing. */
#define EMPTY_TRIES_FOUND 8

static unsigned busy_slices(const sim_model *m, uint32_t busy)
{
	unsigned n = 0;

	for (unsigned i = 0; i < m->nitem; i++)
		if (busy >> i & 1)
			n += m->prof[m->item[i].prof].slices;
	return n;
}

static uint32_t whole_layout(const sim_model *m)
{
	return 1u << __builtin_ctz(m->pitems[m->full]);
}

/* A job moved off GPU g: nothing new starts there before it has drained (opts.drain_s). */
static void drained(simr *s, unsigned g)
{
	sim_gpu *gp = &s->gpu[g];

	if (gp->ready < s->now + s->o->drain_s)
		gp->ready = s->now + s->o->drain_s;
}

/* GPU g's layout becomes `layout`, its operations after those under way; the delay until done. */
static double relayout(simr *s, unsigned g, uint32_t layout)
{
	sim_gpu *gp = &s->gpu[g];
	uint32_t old = gp->layout;
	unsigned ops = (unsigned)__builtin_popcount(old ^ layout);

	if (ops) {
		s->res->creates += (size_t)__builtin_popcount(layout & ~old);
		s->res->destroys += (size_t)__builtin_popcount(old & ~layout);
		s->res->repartitions++;
		gp->ready = (gp->ready > s->now ? gp->ready : s->now) + ops * s->o->op_s;
		sim_set_layout(s, g, layout);
	}
	return gp->ready > s->now ? gp->ready - s->now : 0;
}

static void refresh(simr *s, unsigned g)
{
	sim_gpu *gp = &s->gpu[g];
	unsigned used = busy_slices(gp->m, gp->busy);

	sim_bucket_set(&s->b, NODE(g),
		       gp->exclusive ? -1 : SIM_BUCKET(gp->mi, 0, gp->m->total_slices - used));
	sim_gpu_alloc(s, g, gp->exclusive ? 1 : (double)used / gp->m->total_slices);
}

typedef struct option {
	int cls;                 /* 0 reuse, 1 create, 2 repartition, 3 moves, 4 none */
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

/* Reuse, create or repartition for profile k on a GPU with this layout and busy set. */
static option local_in(const sim_model *m, unsigned g, uint32_t layout, uint32_t busy, unsigned k)
{
	uint32_t idle = layout & ~busy;
	option best = {4, g, 0, 0, 0};

	for (unsigned i = 0; i < m->nitem; i++) {
		uint32_t bit = 1u << i, next;
		unsigned destroyed;

		if (!(m->pitems[k] & bit) || (busy & bit))
			continue;
		if (idle & bit)
			return (option){0, g, i, 0, layout};
		if (!sim_model_legal(m, busy | bit))
			continue;
		next = keep_idle(m, busy | bit, idle);
		destroyed = (unsigned)__builtin_popcount(idle & ~next);
		if (best.cls == 4 || 1 + destroyed < best.ops)
			best = (option){destroyed ? 2 : 1, g, i, 1 + destroyed, next};
	}
	return best;
}

static option local(const simr *s, unsigned g, unsigned k)
{
	return local_in(s->gpu[g].m, g, s->gpu[g].layout, s->gpu[g].busy, k);
}

static int better(const option *a, const option *b)
{
	return a->cls < b->cls || (a->cls == b->cls && a->ops < b->ops);
}

/*
 * Reuse or create for profile k of model mi, without touching an instance,
 * over its GPUs with `max_key` free slices or fewer (total_slices: empty
 * GPUs too), fullest first; cls 2 when only a repartition would do.
 */
static option choose_in(const simr *s, unsigned mi, unsigned k, unsigned max_key)
{
	const sim_model *m = s->models[mi];
	option best = {4, 0, 0, 0, 0};
	unsigned empty_seen = 0;

	for (unsigned key = m->prof[k].slices; key <= max_key; key++) {
		for (int node = s->b.head[SIM_BUCKET(mi, 0, key)]; node >= 0; node = s->b.next[node]) {
			option o = local(s, (unsigned)(node / SIM_NDEV), k);

			if (better(&o, &best))
				best = o;
			if (best.cls <= 1 || (key == m->total_slices && best.cls == 2 &&
					      ++empty_seen >= EMPTY_TRIES_FOUND))
				return best;
		}
	}
	return best;
}

/*
 * No reuse or create: the planner decides (dynamic_plan.c).  It is given
 * model mi's GPUs with max_key free slices or fewer that could hold profile
 * k once idle instances go, fullest first, up to SIM_PLAN_CAND; when there
 * are none and `defrag` is set, the SIM_PLAN_DEFRAG emptiest GPUs in use,
 * for it to find the busy instances whose moves make room.  cls 2: placed
 * on pl->g; 3: pl->mv make room; 4: nowhere.
 */
static option planned(simr *s, unsigned mi, unsigned k, unsigned max_key, int defrag,
		      sim_planned *pl)
{
	const sim_model *m = s->models[mi];
	sim_planner *p = s->planner;
	option none = {4, 0, 0, 0, 0};
	int rc;

	sim_planner_reset(p);
	for (unsigned key = m->prof[k].slices; key <= max_key; key++)
		for (int node = s->b.head[SIM_BUCKET(mi, 0, key)]; node >= 0; node = s->b.next[node])
			if (local(s, (unsigned)(node / SIM_NDEV), k).cls == 2 &&
			    !sim_planner_add(p, (unsigned)(node / SIM_NDEV)))
				goto full;
full:
	if (!sim_planner_count(p) && !defrag)
		return none;
	if (!sim_planner_count(p))
		for (unsigned key = m->total_slices; key-- > 0 && sim_planner_count(p) < SIM_PLAN_DEFRAG;)
			for (int node = s->b.head[SIM_BUCKET(mi, 0, key)];
			     node >= 0 && sim_planner_count(p) < SIM_PLAN_DEFRAG; node = s->b.next[node])
				sim_planner_add(p, (unsigned)(node / SIM_NDEV));
	rc = sim_planner_place(s, p, m->prof[k].name, defrag, pl);
	if (rc == 1) {
		unsigned ops = (unsigned)__builtin_popcount(s->gpu[pl->g].layout ^ pl->layout);

		return (option){2, pl->g, pl->item, ops, pl->layout};
	}
	return rc == 2 ? (option){3, 0, 0, 0, 0} : none;
}

/* Profile k of model mi: reuse or create if it can, else what the planner decides. */
static option choose(simr *s, unsigned mi, unsigned k, unsigned max_key, int defrag,
		     sim_planned *pl)
{
	option o = choose_in(s, mi, k, max_key);

	return o.cls <= 1 ? o : planned(s, mi, k, max_key, defrag, pl);
}

/*
 * Right-sizing's test: may a job of `demand` and `mem` MiB, whose own profile
 * is k, run on profile q instead (fewer slices, opts.min_rate or faster, its
 * memory inside)?
 */
static int smaller_ok(const simr *s, const sim_model *m, unsigned k, unsigned q, double demand,
		      double mem)
{
	const sim_prof *p = &m->prof[q];

	return p->slices < m->prof[k].slices && p->speed >= s->o->min_rate * demand && p->mem_mib >= mem;
}

/* smaller_ok for job j on model mi */
static int job_smaller_ok(const simr *s, size_t j, unsigned mi, unsigned k, unsigned q)
{
	return smaller_ok(s, s->models[mi], k, q, s->t->jobs[j].demand, sim_need(s, j, mi));
}

/*
 * Right-sizing (docs/simulator.md#right-sizing): a fractional job whose own
 * profile k would take an empty GPU, move running jobs or wait starts
 * instead on a smaller profile on a GPU already in use, without moving
 * anyone, when it runs there at opts.min_rate or faster (speed / demand)
 * and its memory fits: the largest such profile, the fullest GPU first.
 */
static option right_size(simr *s, size_t j, unsigned mi, unsigned k, sim_planned *pl)
{
	const sim_model *m = s->models[mi];

	for (unsigned q = k; q-- > 0;) {
		option o;

		if (!job_smaller_ok(s, j, mi, k, q))
			continue;
		if ((o = choose(s, mi, q, m->total_slices - 1, 0, pl)).cls < 3)
			return o;
	}
	return (option){4, 0, 0, 0, 0};
}

/*
 * The planner's moves, one after another: each job drains off its instance
 * and restarts on the new one (another GPU's, or another placement of its
 * own GPU's), made beside what the target holds, idle instances in the way
 * destroyed (the planner's final layout drops them too).
 */
static void do_moves(simr *s, const sim_planned *pl)
{
	for (size_t i = 0; i < pl->nmove; i++) {
		const sim_plan_move *mv = &pl->mv[i];
		sim_gpu *from = &s->gpu[mv->from_g], *to = &s->gpu[mv->to_g];

		sim_move(s, mv->from_g, (int)mv->from_i, mv->to_g, (int)mv->to_i);
		drained(s, mv->from_g);
		from->busy &= ~(1u << mv->from_i);
		to->busy |= 1u << mv->to_i;
		relayout(s, mv->to_g, keep_idle(to->m, to->busy, to->layout & ~to->busy));
		refresh(s, mv->from_g);
		refresh(s, mv->to_g);
	}
}

static int empty_ok(simr *s, unsigned g)
{
	return !s->gpu[g].exclusive && !s->gpu[g].busy;
}

/* Could multi-GPU job j run on model mi's GPUs: enough of them, its memory in a whole one? */
static int possible_multi(const simr *s, unsigned mi, size_t j)
{
	const sim_model *m = s->models[mi];

	return s->model_gpus[mi] >= s->t->jobs[j].gpus && m->prof[m->full].mem_mib >= sim_need(s, j, mi);
}

/* A multi-GPU job's GPU: its idle instances go, one whole-GPU instance comes. */
static double claim_full(simr *s, unsigned g)
{
	double delay = relayout(s, g, whole_layout(s->gpu[g].m));

	s->gpu[g].exclusive = 1;
	refresh(s, g);
	return delay;
}

/* ------------------------------------------------------------------ */
/* Consolidation: empty GPUs for jobs that need whole ones            */
/* ------------------------------------------------------------------ */

/* GPUs looked at to be emptied, and targets per moved instance (bounds the cost). */
#define EMPTY_TRIES 16
#define TARGET_TRIES 64
#define PLAN_MAX 64

typedef struct vgpu {
	unsigned g;
	uint32_t layout, busy;           /* as the plan leaves them */
	int emptied;                     /* 1: to be emptied; 0: a target */
} vgpu;

typedef struct vmove {
	unsigned from_g, from_i, to_g, to_i;
} vmove;

typedef struct cplan {
	vgpu v[PLAN_MAX];
	vmove mv[PLAN_MAX];
	size_t nv, nmv;
} cplan;

static vgpu *plan_gpu(cplan *p, unsigned g)
{
	for (size_t i = 0; i < p->nv; i++)
		if (p->v[i].g == g)
			return &p->v[i];
	return NULL;
}

/* A target for one instance of profile k: a GPU of the same model in use (fullest first),
 * not being emptied, with room by reuse, create or repartition. */
static int find_target(const simr *s, cplan *p, unsigned from, unsigned k, vmove *mv)
{
	const sim_model *m = s->gpu[from].m;
	unsigned tries = 0, mi = s->gpu[from].mi;

	for (unsigned key = m->prof[k].slices; key < m->total_slices; key++)
		for (int node = s->b.head[SIM_BUCKET(mi, 0, key)]; node >= 0 && tries < TARGET_TRIES;
		     node = s->b.next[node], tries++) {
			unsigned h = (unsigned)(node / SIM_NDEV);
			vgpu *v = plan_gpu(p, h);
			uint32_t layout = v ? v->layout : s->gpu[h].layout;
			uint32_t busy = v ? v->busy : s->gpu[h].busy;
			option o;

			if (h == from || (v && v->emptied) || s->gpu[h].exclusive || !busy)
				continue;
			if ((o = local_in(m, h, layout, busy, k)).cls == 4)
				continue;
			if (!v) {
				if (p->nv == PLAN_MAX)
					return 0;
				v = &p->v[p->nv++];
				*v = (vgpu){h, layout, busy, 0};
			}
			v->layout = o.layout;
			v->busy |= 1u << o.item;
			mv->to_g = h;
			mv->to_i = o.item;
			return 1;
		}
	return 0;
}

/* A target for the job on item i of GPU c: its own profile, else a smaller one (right-sizing). */
static int find_any_target(const simr *s, cplan *p, unsigned c, unsigned i, vmove *mv)
{
	const sim_model *m = s->gpu[c].m;
	unsigned k = m->item[i].prof;
	size_t j = (size_t)s->gpu[c].dev[i].head;

	if (find_target(s, p, c, k, mv))
		return 1;
	for (unsigned q = k; q-- > 0;)
		if (job_smaller_ok(s, j, s->gpu[c].mi, k, q) && find_target(s, p, c, q, mv))
			return 1;
	return 0;
}

/* Plan to empty GPU c: every busy instance finds a target, or nothing changes. */
static int plan_empty(const simr *s, cplan *p, unsigned c)
{
	const sim_gpu *gp = &s->gpu[c];
	cplan before = *p;

	if (gp->exclusive || !gp->busy || plan_gpu(p, c) || p->nv == PLAN_MAX)
		return 0;
	p->v[p->nv++] = (vgpu){c, gp->layout, 0, 1};
	for (unsigned i = 0; i < gp->m->nitem; i++) {
		vmove mv = {c, i, 0, 0};

		if (!(gp->busy >> i & 1))
			continue;
		if (p->nmv == PLAN_MAX || !find_any_target(s, p, c, i, &mv)) {
			*p = before;
			return 0;
		}
		p->mv[p->nmv++] = mv;
	}
	return 1;
}

static void plan_commit(simr *s, const cplan *p)
{
	for (size_t i = 0; i < p->nv; i++)
		if (!p->v[i].emptied)
			relayout(s, p->v[i].g, p->v[i].layout);
	for (size_t i = 0; i < p->nmv; i++) {
		const vmove *mv = &p->mv[i];

		sim_move(s, mv->from_g, (int)mv->from_i, mv->to_g, (int)mv->to_i);
		drained(s, mv->from_g);
		s->gpu[mv->from_g].busy &= ~(1u << mv->from_i);
		s->gpu[mv->to_g].busy |= 1u << mv->to_i;
		const sim_model *m = s->gpu[mv->to_g].m;

		if (m->item[mv->to_i].prof != m->item[mv->from_i].prof) {
			/* right-sized on the way: its rate on the smaller instance */
			sim_dev_rates(s, mv->to_g, (int)mv->to_i);
			s->res->right_sized++;
		}
	}
	for (size_t i = 0; i < p->nv; i++)
		refresh(s, p->v[i].g);
}

/*
 * A job needing `need` whole GPUs finds too few empty: empty the least-used
 * GPUs of model mi by moving their instances onto free slices of its GPUs already in use (each
 * moved job pays opts.drain_s), if enough of them can be emptied; else nothing
 * moves.  1 when the GPUs are there now.
 */
static int consolidate(simr *s, unsigned mi, unsigned need)
{
	const sim_model *m = s->models[mi];
	unsigned have = 0, tries = 0;
	cplan p;

	for (int node = s->b.head[SIM_BUCKET(mi, 0, m->total_slices)]; node >= 0 && have < need;
	     node = s->b.next[node])
		have += empty_ok(s, (unsigned)(node / SIM_NDEV));
	if (have >= need)
		return 1;
	p.nv = p.nmv = 0;
	for (unsigned key = m->total_slices - 1; key > 0 && have < need && tries < EMPTY_TRIES; key--)
		for (int node = s->b.head[SIM_BUCKET(mi, 0, key)]; node >= 0 && have < need &&
		     tries < EMPTY_TRIES; node = s->b.next[node], tries++)
			have += (unsigned)plan_empty(s, &p, (unsigned)(node / SIM_NDEV));
	if (have < need)
		return 0;
	plan_commit(s, &p);
	return 1;
}

/* A multi-GPU job: empty GPUs of the first model in the fleet's order with enough, else
 * consolidation there. */
static int place_multi(simr *s, size_t j)
{
	const sim_job *job = &s->t->jobs[j];

	for (unsigned o = 0; o < s->nmodels; o++) {
		unsigned mi = s->order[o];

		if (possible_multi(s, mi, j) &&
		    sim_take_gpus(s, j, SIM_BUCKET(mi, 0, s->models[mi]->total_slices), empty_ok, claim_full))
			return 1;
	}
	s->res->misses++;
	for (unsigned o = 0; o < s->nmodels; o++) {
		unsigned mi = s->order[o];

		if (possible_multi(s, mi, j) && consolidate(s, mi, job->gpus) &&
		    sim_take_gpus(s, j, SIM_BUCKET(mi, 0, s->models[mi]->total_slices), empty_ok, claim_full))
			return 1;
	}
	return 0;
}

/*
 * Over the models, the cheapest option for the job's own profile there
 * (prof[mi], -1 where it fits none; ties: the first in the fleet's order):
 * its own profile with defragmentation, or with `sized` a smaller one
 * (right_size).  *pl: the planner's answer behind the option chosen.
 */
static option over_models(simr *s, size_t j, const int *prof, int sized, sim_planned *pl)
{
	option o = {4, 0, 0, 0, 0};
	sim_planned got;

	for (unsigned n = 0; n < s->nmodels; n++) {
		unsigned mi = s->order[n], k = (unsigned)prof[mi];
		option c;

		if (prof[mi] < 0)
			continue;
		c = sized ? right_size(s, j, mi, k, &got)
			  : choose(s, mi, k, s->models[mi]->total_slices, 1, &got);
		if (better(&c, &o)) {
			o = c;
			*pl = got;
		}
	}
	return o;
}

/* The job's own profile over the models, else right-sizing the same way. */
static option choose_models(simr *s, size_t j, const int *prof, sim_planned *pl)
{
	option o = over_models(s, j, prof, 0, pl), small;
	sim_planned small_pl;

	s->res->misses += o.cls >= 2;
	if (s->t->jobs[j].demand >= 1 || (o.cls < 3 && s->gpu[o.g].busy))
		return o;
	small = over_models(s, j, prof, 1, &small_pl);
	if (small.cls < 3) {
		s->res->right_sized++;
		return small;
	}
	return o;
}

static int place_dynamic(simr *s, size_t j)
{
	const sim_job *job = &s->t->jobs[j];
	int prof[SIM_MAX_MODELS];
	sim_planned pl;
	option o;
	double delay;

	if (job->gpus > 1)
		return place_multi(s, j);
	for (unsigned mi = 0; mi < s->nmodels; mi++)
		prof[mi] = sim_model_fit(s->models[mi], job->demand, (unsigned)sim_need(s, j, mi));
	o = choose_models(s, j, prof, &pl);
	for (unsigned n = 0; n < s->nmodels && o.cls == 4; n++) {
		unsigned mi = s->order[n];

		if (prof[mi] == (int)s->models[mi]->full && consolidate(s, mi, 1))
			o = choose(s, mi, (unsigned)prof[mi], s->models[mi]->total_slices, 0, &pl);
	}
	if (o.cls == 3) {
		/* the planner's moves make room; then it places the job */
		unsigned mi = s->gpu[pl.mv[0].from_g].mi;

		do_moves(s, &pl);
		o = choose(s, mi, (unsigned)prof[mi], s->models[mi]->total_slices, 0, &pl);
	}
	if (o.cls >= 3 || s->failed)
		return 0;
	delay = relayout(s, o.g, o.layout);
	s->gpu[o.g].busy |= 1u << o.item;
	sim_attach(s, j, o.g, (int)o.item, delay);
	refresh(s, o.g);
	return 1;
}

static void release_dynamic(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];
	sim_gpu *gp = &s->gpu[r->gpu];

	if (s->t->jobs[j].gpus > 1) {
		sim_release_gpus(s, j, refresh);
		return;
	}
	sim_detach(s, j);
	gp->busy &= ~(1u << r->dev);
	refresh(s, (unsigned)r->gpu);
	if (!gp->busy && !gp->settle) {
		gp->settle = 1;
		s->pending[s->npending++] = (unsigned)r->gpu;
	}
}

/* GPUs that emptied and stayed empty through the pass: one whole-GPU instance each. */
static void settle_dynamic(simr *s)
{
	for (size_t i = 0; i < s->npending; i++) {
		sim_gpu *gp = &s->gpu[s->pending[i]];

		gp->settle = 0;
		if (!gp->busy && !gp->exclusive)
			relayout(s, s->pending[i], whole_layout(gp->m));
	}
	s->npending = 0;
}

/* Every GPU starts as one idle whole-GPU instance, made before the trace begins. */
static int setup_dynamic(simr *s)
{
	int rc;

	if (!(s->pending = malloc(s->ngpu * sizeof(*s->pending))))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if ((rc = sim_planner_new(&s->planner)) != 0)
		return rc;
	for (unsigned g = 0; g < s->ngpu; g++) {
		sim_set_layout(s, g, whole_layout(s->gpu[g].m));
		refresh(s, g);
	}
	return 0;
}

static int possible_dynamic(simr *s, const sim_job *j, const job_rt *r)
{
	size_t i = (size_t)(r - s->rt);

	for (unsigned mi = 0; mi < s->nmodels; mi++)
		if (j->gpus > 1 ? possible_multi(s, mi, i)
			       : sim_model_fit(s->models[mi], j->demand, (unsigned)sim_need(s, i, mi)) >= 0)
			return 1;
	return 0;
}

/* Without moving anyone: reuse, create or repartition. */
static int fits_dynamic(simr *s, unsigned g, const sim_job *j, double mem)
{
	const sim_model *m = s->gpu[g].m;
	int k = sim_model_fit(m, j->demand, (unsigned)mem);

	if (k < 0 || s->gpu[g].exclusive || j->gpus != 1)
		return 0;
	if (local(s, g, (unsigned)k).cls < 4)
		return 1;
	/* right-sizing onto a GPU in use (right_size) */
	for (int q = k - 1; q >= 0 && s->gpu[g].busy && j->demand < 1; q--)
		if (smaller_ok(s, m, (unsigned)k, (unsigned)q, j->demand, mem) &&
		    local(s, g, (unsigned)q).cls < 4)
			return 1;
	return 0;
}

const sim_policy_ops sim_ops_dynamic = {setup_dynamic, possible_dynamic, place_dynamic,
					release_dynamic, fits_dynamic, settle_dynamic, 1};
