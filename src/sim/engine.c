/*
 * engine.c - the discrete-event loop: arrivals in trace order, completions
 * from a heap, a FIFO queue with backfill, jobs that progress at a rate the
 * speed model gives for their device and its co-runners.
 *
 * Determinism: events at the same instant go completions first (by job
 * index), then arrivals (in trace order); nothing depends on addresses or
 * hash order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"
#include "util.h"

static const char *const policy_names[SIM_NPOLICY] = {"whole", "static", "dynamic", "mps",
						      "timeslice", "mig+mps"};

const char *sim_policy_name(sim_policy p)
{
	return p < SIM_NPOLICY ? policy_names[p] : "?";
}

int sim_policy_parse(sim_policy *out, const char *name)
{
	for (int p = 0; p < SIM_NPOLICY; p++)
		if (!strcmp(policy_names[p], name)) {
			*out = (sim_policy)p;
			return 0;
		}
	return -1;
}

void sim_opts_default(sim_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->policy = SIM_DYNAMIC;
	o->gpus = 8;
	o->op_s = 0.13;
	o->drain_s = 30;
	o->min_rate = 0.85;
	o->mps_clients = 0;              /* libmig's default per device */
	o->ts_replicas = 4;
	o->delay_s = 1;
	o->window = 256;
	o->samples = 200;
	sim_speed_default(&o->speed);
}

/* ------------------------------------------------------------------ */
/* Event heap: (time, job) ascending                                   */
/* ------------------------------------------------------------------ */

static int ev_less(const sim_ev *a, const sim_ev *b)
{
	return a->t < b->t || (a->t == b->t && a->job < b->job);
}

static void heap_push(simr *s, double t, uint32_t job, uint32_t ver)
{
	size_t i;

	if (UTIL_GROW(s->heap, s->capheap, s->nheap + 1)) {
		s->failed = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		return;
	}
	i = s->nheap++;
	s->heap[i] = (sim_ev){t, job, ver};
	while (i && ev_less(&s->heap[i], &s->heap[(i - 1) / 2])) {
		sim_ev tmp = s->heap[i];

		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

sim_ev sim_heap_pop(simr *s)
{
	sim_ev top = s->heap[0];
	size_t i = 0;

	s->heap[0] = s->heap[--s->nheap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < s->nheap && ev_less(&s->heap[l], &s->heap[m]))
			m = l;
		if (r < s->nheap && ev_less(&s->heap[r], &s->heap[m]))
			m = r;
		if (m == i)
			break;
		sim_ev tmp = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = tmp;
		i = m;
	}
	return top;
}

/* ------------------------------------------------------------------ */
/* Jobs on devices                                                    */
/* ------------------------------------------------------------------ */

double sim_job_mem(const sim_job *j, unsigned per_gpu)
{
	return j->mem_mib ? (double)j->mem_mib : j->demand * per_gpu;
}

static void progress(simr *s, job_rt *r)
{
	if (s->now > r->last) {
		r->remaining -= r->rate * (s->now - r->last);
		if (r->remaining < 0)
			r->remaining = 0;
		r->last = s->now;
	}
}

static void reschedule(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];

	r->ver++;
	heap_push(s, r->last + r->remaining / r->rate, (uint32_t)j, r->ver);
}

/*
 * Rate of each job on a device (docs/simulator.md#speed): alone, the
 * device's speed over the job's demand (at most 1); MPS, the measured
 * efficiency of k clients over the load when it exceeds the device;
 * time-sliced, an equal turn each, less the switching loss.
 */
void sim_dev_rates(simr *s, unsigned g, int dev)
{
	sim_gpu *gp = &s->gpu[g];
	sim_dev *d = &gp->dev[dev];
	double cap = dev == SIM_WHOLE_DEV ? 1.0 : gp->m->prof[gp->m->item[dev].prof].speed;
	double load = d->demand / cap;
	unsigned k = d->njobs;
	int ts = s->o->policy == SIM_TIMESLICE;

	for (int j = d->head; j >= 0; j = s->rt[j].dnext) {
		job_rt *r = &s->rt[j];
		double want = s->t->jobs[j].demand;

		progress(s, r);
		if (k <= 1)
			r->rate = fmin(1, cap / want);
		else if (ts)
			r->rate = (1 - s->o->speed.ts_switch) * fmin(1, cap / k / want);
		else
			r->rate = fmin(1, s->o->speed.mps[k < 8 ? k : 7] / fmax(1, load));
		reschedule(s, (size_t)j);
	}
}

void sim_attach(simr *s, size_t j, unsigned g, int dev, double delay)
{
	job_rt *r = &s->rt[j];

	r->gpu = (int)g;
	r->dev = dev;
	r->need_mem = sim_need(s, j, s->gpu[g].mi);
	r->state = JOB_RUNNING;
	r->start = s->now + delay;
	r->last = r->start;
	r->rate = 1;
	s->running++;
	if (dev < 0) {
		reschedule(s, j);
		return;
	}
	sim_dev *d = &s->gpu[g].dev[dev];
	sim_policy p = s->o->policy;

	/* conservation: an exclusive device never holds two jobs (the tests run through this) */
	if (d->njobs && (p == SIM_WHOLE || p == SIM_STATIC || p == SIM_DYNAMIC))
		s->failed = mig__fail(MIG_ERROR_IN_USE, "job %zu placed on GPU %u device %d, held by job %d",
				      j + 1, g, dev, d->head + 1);
	if (!d->njobs)
		d->user = s->t->jobs[j].user;
	r->dnext = d->head;
	d->head = (int)j;
	d->njobs++;
	d->demand += s->t->jobs[j].demand;
	d->mem += r->need_mem;
	sim_dev_rates(s, g, dev);
}

void sim_detach(simr *s, size_t j)
{
	job_rt *r = &s->rt[j];
	sim_dev *d;
	int *p;

	if (r->dev < 0)
		return;
	d = &s->gpu[r->gpu].dev[r->dev];
	for (p = &d->head; *p >= 0 && *p != (int)j; p = &s->rt[*p].dnext)
		;
	if (*p == (int)j)
		*p = r->dnext;
	r->dnext = -1;
	d->njobs--;
	d->demand = d->njobs ? d->demand - s->t->jobs[j].demand : 0;
	d->mem = d->njobs ? d->mem - r->need_mem : 0;
}

void sim_move(simr *s, unsigned g, int from, unsigned to_gpu, int to)
{
	sim_dev *src = &s->gpu[g].dev[from], *dst = &s->gpu[to_gpu].dev[to];

	*dst = *src;
	memset(src, 0, sizeof(*src));
	src->head = -1;
	for (int j = dst->head; j >= 0; j = s->rt[j].dnext) {
		job_rt *r = &s->rt[j];

		progress(s, r);
		r->gpu = (int)to_gpu;
		r->dev = to;
		/* drained and restarted from its last checkpoint: the drain time comes on top */
		r->last = (r->last > s->now ? r->last : s->now) + s->o->drain_s;
		r->moves++;
		s->res->migrations++;
		reschedule(s, (size_t)j);
	}
}

void sim_gpu_alloc(simr *s, unsigned g, double alloc)
{
	s->alloc_sum += alloc - s->gpu[g].alloc;
	s->gpu[g].alloc = alloc;
}

/* Replay the layout on the scratch GPU of the same model (GPU mi) through libmig. */
static int replay(simr *s, unsigned mi, const sim_model *m, uint32_t layout)
{
	mig_gi_info gis[64];
	size_t n = 0;

	if (mig_gi_list(gis, 64, &n, s->check_st, mi) != MIG_SUCCESS)
		return -1;
	for (size_t i = 0; i < n && i < 64; i++)
		if (mig_destroy_gi(s->check_st, mi, gis[i].id) != MIG_SUCCESS)
			return -1;
	for (unsigned i = 0; i < m->nitem; i++) {
		mig_placement at = {m->item[i].start, m->item[i].size};
		unsigned gi;

		if ((layout >> i & 1) &&
		    mig_create_gi(&gi, s->check_st, mi, m->prof[m->item[i].prof].id, &at) != MIG_SUCCESS)
			return -1;
	}
	return 0;
}

void sim_set_layout(simr *s, unsigned g, uint32_t layout)
{
	const sim_model *m = s->gpu[g].m;

	s->gpu[g].layout = layout;
	if (!s->o->check)
		return;
	s->res->checks++;
	if (!sim_model_legal(m, layout) || replay(s, s->gpu[g].mi, m, layout)) {
		char name[160];

		sim_model_layout_name(name, sizeof(name), m, layout);
		/* the simulator's own fault, not the trace's: UNKNOWN, never a "does not fit" */
		s->failed = mig__fail(MIG_ERROR_UNKNOWN,
				      "GPU %u: layout %s (mask 0x%x) refused by libmig: %s", g, name, layout,
				      mig_errmsg());
	}
}

/* ------------------------------------------------------------------ */
/* Buckets                                                            */
/* ------------------------------------------------------------------ */

int sim_buckets_init(sim_buckets *b, size_t nodes)
{
	b->next = malloc(nodes * sizeof(int));
	b->prev = malloc(nodes * sizeof(int));
	b->key = malloc(nodes * sizeof(int));
	if (!b->next || !b->prev || !b->key)
		return -1;
	for (size_t i = 0; i < nodes; i++)
		b->key[i] = -1;
	for (size_t i = 0; i < (size_t)SIM_MAX_MODELS * SIM_MAX_PROF * SIM_NKEY; i++)
		b->head[i] = -1;
	return 0;
}

void sim_buckets_free(sim_buckets *b)
{
	free(b->next);
	free(b->prev);
	free(b->key);
}

/* Move node to list `list` (-1: none), at its head: the GPU changed last is tried first. */
void sim_bucket_set(sim_buckets *b, int node, int list)
{
	int old = b->key[node];

	if (old == list)
		return;
	if (old >= 0) {
		if (b->prev[node] >= 0)
			b->next[b->prev[node]] = b->next[node];
		else
			b->head[old] = b->next[node];
		if (b->next[node] >= 0)
			b->prev[b->next[node]] = b->prev[node];
	}
	b->key[node] = list;
	if (list < 0)
		return;
	b->next[node] = b->head[list];
	b->prev[node] = -1;
	if (b->head[list] >= 0)
		b->prev[b->head[list]] = node;
	b->head[list] = node;
}
