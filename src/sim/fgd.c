/*
 * fgd.c - fractional GPU sharing on a real node list, for calibration
 * against FGD (Weng et al., "Beware of Fragmentation: Scheduling
 * GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC
 * 2023; docs/simulator.md#calibration).
 *
 * Workload inflation as in that paper: pods drawn at random (with
 * replacement, seeded) from the trace's GPU pods arrive one after another,
 * none leaves, and each is placed at once or fails, until the GPU they
 * requested reaches the cluster's capacity; the figure is the share of
 * GPUs then allocated.  A pod needs CPU and memory on its node beside GPU:
 * gpu_milli of one GPU, or num_gpu whole GPUs.
 *   best-fit  the node left with the least free GPU and CPU (shares,
 *             summed), on it the fullest GPU that takes the pod
 *   fgd       the node and GPU whose choice raises the node's expected
 *             fragmentation the least: for each pod type of the trace
 *             (by GPU request, weighted by popularity), the free GPU the
 *             type could not use (all of it when the node cannot host the
 *             type at all)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"
#include "util.h"

#define NODE_GPUS 8

typedef struct node {
	double cpu, mem;                 /* free milli-CPU, MiB */
	unsigned ngpu;
	double gfree[NODE_GPUS];         /* free milli-GPU per GPU */
} node;

struct sim_nodes {
	node *n;
	size_t count;
	double cpu_total;
	unsigned gpus;
};

/* ------------------------------------------------------------------ */
/* The node list: sn,cpu_milli,memory_mib,gpu,model                    */
/* ------------------------------------------------------------------ */

typedef struct nl_ctx {
	sim_nodes *nodes;
	size_t cap;
	char why[200];
} nl_ctx;

static int node_line(void *vctx, size_t lineno, const char *line, size_t len)
{
	nl_ctx *c = vctx;
	const char *f[5];
	size_t fl[5], k = 0, pos = 0;
	double v[3];

	if (lineno == 1) {
		static const char head[] = "sn,cpu_milli,memory_mib,gpu,model";

		if (len == sizeof(head) - 1 && !memcmp(line, head, len))
			return 0;
		snprintf(c->why, sizeof(c->why), "the header is not openb's node list: sn,cpu_milli,memory_mib,gpu,model");
		return -1;
	}
	while (pos <= len && k < 5) {
		size_t l = sim_field_len(line + pos, len - pos);

		if (pos + l > len)
			l = len - pos;
		f[k] = line + pos;
		fl[k++] = l;
		pos += l + 1;
	}
	if (k != 5 || pos <= len) {
		snprintf(c->why, sizeof(c->why), "a node has 5 comma-separated fields");
		return -1;
	}
	for (int i = 0; i < 3; i++)
		if (sim_num(&v[i], f[i + 1], fl[i + 1]) || v[i] < 0 || v[i] != floor(v[i]) || v[i] > 1e9 ||
		    (i == 2 && v[i] > NODE_GPUS)) {
			snprintf(c->why, sizeof(c->why), "field %d '%.*s': a whole number%s", i + 2,
				 (int)(fl[i + 1] > 20 ? 20 : fl[i + 1]), f[i + 1], i == 2 ? ", 0 to 8 GPUs" : "");
			return -1;
		}
	if (UTIL_GROW(c->nodes->n, c->cap, c->nodes->count + 1)) {
		snprintf(c->why, sizeof(c->why), "out of memory");
		return -1;
	}
	node *n = &c->nodes->n[c->nodes->count++];

	memset(n, 0, sizeof(*n));
	n->cpu = v[0];
	n->mem = v[1];
	n->ngpu = (unsigned)v[2];
	for (unsigned g = 0; g < n->ngpu; g++)
		n->gfree[g] = 1000;
	c->nodes->gpus += n->ngpu;
	c->nodes->cpu_total += v[0];
	return 0;
}

int sim_nodes_parse(sim_nodes **out, const char *buf, size_t len, const char *filename)
{
	nl_ctx c = {0};
	size_t bad = 0;
	int rc;

	*out = NULL;
	if (!(c.nodes = calloc(1, sizeof(*c.nodes))))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if (sim_lines(buf, len, &c, node_line, &bad) || !c.nodes->gpus) {
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s:%zu: %s", filename, bad,
			       bad ? (*c.why ? c.why : "a NUL byte") : "no GPUs");
		sim_nodes_free(c.nodes);
		return rc;
	}
	*out = c.nodes;
	return 0;
}

int sim_nodes_read(sim_nodes **out, const char *path)
{
	size_t len;
	char *buf;
	int rc;

	*out = NULL;
	if ((rc = sim_slurp(&buf, path, &len)))
		return rc;
	rc = sim_nodes_parse(out, buf, len, path);
	free(buf);
	return rc;
}

void sim_nodes_free(sim_nodes *n)
{
	if (!n)
		return;
	free(n->n);
	free(n);
}

unsigned sim_nodes_gpus(const sim_nodes *n)
{
	return n->gpus;
}

/* ------------------------------------------------------------------ */
/* Pod shapes, FGD's task types                                       */
/* ------------------------------------------------------------------ */

/* The scheduler simulator's constants: best-fit normalises by the largest node
 * spec (128 CPUs, 8 GPUs), scores are whole numbers 0..100. */
#define SPEC_CPU 128000.0
#define SPEC_GPU 8000.0
#define MAX_SCORE 100.0
#define POPULAR 0.95                     /* task types: the commonest shapes up to 95 % of pods */
#define CACHE_MAX (1u << 21)             /* node x shape score cache entries */

typedef struct pod {
	double cpu, mem, milli;          /* milli: per GPU; 0 for a pod with no GPU */
	unsigned gpus;                   /* 0: CPU and memory only */
	unsigned shape;                  /* index of its (cpu, milli, gpus) shape */
} pod;

typedef struct shape {
	double cpu, milli, p;            /* p: share among the task types, 0 if not one */
	unsigned gpus;
	size_t count;
} shape;

typedef struct cal {
	pod *pool;                       /* what arrivals are drawn from */
	size_t npool;
	shape *sh;
	size_t nsh;
	size_t *types, ntypes;           /* indices of the task types among the shapes */
	int fgd, random_ties;
	uint64_t rng;
	/* per node: its fragmentation (NAN: stale); per node x shape: score and GPU */
	double *frag;
	float *score;                    /* NAN: stale or no cache */
	short *gpu;
} cal;

static int pod_cmp(const void *a, const void *b)
{
	const pod *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->milli != y->milli)
		return x->milli < y->milli ? -1 : 1;
	return (x->gpus > y->gpus) - (x->gpus < y->gpus);
}

typedef struct ranked {
	size_t count, index;
} ranked;

/* Commonest first; equal counts in shape order. */
static int count_cmp(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* The task types: shape indices, commonest first, until they cover 95 % of the pods. */
static int rank_types(cal *c)
{
	ranked *r = malloc(c->nsh * sizeof(*r));
	size_t cum = 0;

	if (!r)
		return -1;
	for (size_t i = 0; i < c->nsh; i++)
		r[i] = (ranked){c->sh[i].count, i};
	qsort(r, c->nsh, sizeof(*r), count_cmp);
	for (c->ntypes = 0; c->ntypes < c->nsh && (double)cum < POPULAR * (double)c->npool; c->ntypes++) {
		c->types[c->ntypes] = r[c->ntypes].index;
		cum += r[c->ntypes].count;
	}
	for (size_t k = 0; k < c->ntypes; k++)
		c->sh[c->types[k]].p = (double)c->sh[c->types[k]].count / (double)cum;
	free(r);
	return 0;
}

/* The arrivals' pool: every GPU pod and every pod with no GPU of the trace. */
static int build_pool(cal *c, const sim_trace *t)
{
	c->npool = t->n + t->nhost;
	if (!(c->pool = malloc(c->npool * sizeof(*c->pool))))
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const sim_job *j = &t->jobs[i];

		c->pool[i] = (pod){j->cpu_milli, j->host_mib, j->gpus > 1 ? 1000 : round(j->demand * 1000),
				   j->gpus, 0};
	}
	for (size_t i = 0; i < t->nhost; i++)
		c->pool[t->n + i] = (pod){t->host[i].cpu_milli, t->host[i].host_mib, 0, 0, 0};
	return 0;
}

/* Distinct shapes by (cpu, milli, gpus); the commonest up to 95 % of the pods are
 * FGD's task types, their popularity renormalised to 1. */
static int build_shapes(cal *c)
{
	pod *sorted = malloc(c->npool * sizeof(*sorted));

	c->nsh = 0;
	if (!sorted || !(c->sh = calloc(c->npool, sizeof(*c->sh))) ||
	    !(c->types = malloc(c->npool * sizeof(*c->types)))) {
		free(sorted);
		return -1;
	}
	memcpy(sorted, c->pool, c->npool * sizeof(*sorted));
	qsort(sorted, c->npool, sizeof(*sorted), pod_cmp);
	for (size_t i = 0; i < c->npool; i++) {
		if (!c->nsh || pod_cmp(&sorted[i], &sorted[i - 1]))
			c->sh[c->nsh++] = (shape){sorted[i].cpu, sorted[i].milli, 0, sorted[i].gpus, 0};
		c->sh[c->nsh - 1].count++;
	}
	free(sorted);
	for (size_t i = 0; i < c->npool; i++) {
		shape key = {c->pool[i].cpu, c->pool[i].milli, 0, c->pool[i].gpus, 0};
		size_t lo = 0, hi = c->nsh;

		while (hi - lo > 1) {            /* the shapes are sorted as pod_cmp sorts */
			size_t mid = (lo + hi) / 2;
			pod m = {c->sh[mid].cpu, 0, c->sh[mid].milli, c->sh[mid].gpus, 0};
			pod k = {key.cpu, 0, key.milli, key.gpus, 0};

			if (pod_cmp(&m, &k) <= 0)
				lo = mid;
			else
				hi = mid;
		}
		c->pool[i].shape = (unsigned)lo;
	}
	return rank_types(c);
}

/* ------------------------------------------------------------------ */
/* Fragmentation and placement                                        */
/* ------------------------------------------------------------------ */

static double free_gpu(const node *n)
{
	double total = 0;

	for (unsigned g = 0; g < n->ngpu; g++)
		total += n->gfree[g];
	return total;
}

/* Could the node's GPUs take `gpus` x `milli` (gpus 0: nothing to take)? */
static int gpu_fits(const node *n, unsigned gpus, double milli)
{
	unsigned ok = 0;

	for (unsigned g = 0; g < n->ngpu; g++)
		ok += n->gfree[g] >= milli;
	return ok >= gpus;
}

/* FGD's fragmentation of a node, in milli-GPU: for each task type, weighted by its
 * popularity, the free GPU it cannot use: the GPUs with less free than it asks when
 * the node can host it, all free GPU when the node cannot (CPU or GPU short) and
 * for a type with no GPU. */
static double node_frag(const cal *c, const node *n)
{
	double total = free_gpu(n), f = 0;

	for (size_t k = 0; k < c->ntypes; k++) {
		const shape *s = &c->sh[c->types[k]];
		double fk = 0;

		if (!s->gpus || n->cpu < s->cpu || !gpu_fits(n, s->gpus, s->milli))
			fk = total;
		else
			for (unsigned g = 0; g < n->ngpu; g++)
				if (n->gfree[g] < s->milli)
					fk += n->gfree[g];
		f += s->p * fk;
	}
	return f;
}

static void take(node *n, const pod *p, int gpu)
{
	unsigned left = p->gpus;

	n->cpu -= p->cpu;
	n->mem -= p->mem;
	if (gpu >= 0) {
		n->gfree[gpu] -= p->milli;
		return;
	}
	for (unsigned g = 0; g < n->ngpu && left; g++)
		if (n->gfree[g] >= 1000) {
			n->gfree[g] = 0;
			left--;
		}
}

/* The scheduler's score of putting p on n (GPU gpu, -1: whole GPUs or none), a
 * whole number 0..100, higher better: FGD sigmoid of the fragmentation it
 * removes (in GPUs); best-fit 100 x (1 - the CPU and GPU left, as halves of the
 * largest node spec). */
static double score_at(const cal *c, const node *n, double frag0, const pod *p, int gpu)
{
	node after = *n;

	take(&after, p, gpu);
	if (c->fgd)
		return floor(MAX_SCORE / (1 + exp(-(frag0 - node_frag(c, &after)) / 1000)));
	return trunc((1 - (0.5 * after.cpu / SPEC_CPU + 0.5 * free_gpu(&after) / SPEC_GPU)) * MAX_SCORE);
}

/* The node's score for p and the GPU it would take: FGD the first GPU with the best
 * score, best-fit the fullest GPU that takes it. */
static double node_score(cal *c, const sim_nodes *ns, size_t i, const pod *p, int *gpu)
{
	const node *n = &ns->n[i];
	double best = -INFINITY;

	*gpu = -1;
	if (c->fgd && isnan(c->frag[i]))
		c->frag[i] = node_frag(c, n);
	if (p->gpus != 1 || p->milli >= 1000)
		return score_at(c, n, c->fgd ? c->frag[i] : 0, p, -1);
	for (unsigned g = 0; g < n->ngpu; g++) {
		if (n->gfree[g] < p->milli)
			continue;
		if (!c->fgd) {
			if (*gpu < 0 || n->gfree[g] < n->gfree[*gpu])
				*gpu = (int)g;
			continue;
		}
		double sc = score_at(c, n, c->frag[i], p, (int)g);

		if (sc > best) {
			best = sc;
			*gpu = (int)g;
		}
	}
	return c->fgd ? best : score_at(c, n, 0, p, *gpu);
}

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Filter (CPU, memory, GPU), score every node that passes, the best wins; ties
 * go to a node drawn at random among them, as the Kubernetes scheduler does. */
static int place(cal *c, sim_nodes *ns, const pod *p)
{
	size_t best = 0, ties = 0;
	double top = -INFINITY;
	int top_gpu = -1;

	for (size_t i = 0; i < ns->count; i++) {
		const node *n = &ns->n[i];
		size_t slot = i * c->nsh + p->shape;
		double sc;
		int g;

		if (n->cpu < p->cpu || n->mem < p->mem || !gpu_fits(n, p->gpus, p->milli))
			continue;
		if (c->score && !isnan(c->score[slot])) {
			sc = c->score[slot];
			g = c->gpu[slot];
		} else {
			sc = node_score(c, ns, i, p, &g);
			if (c->score) {
				c->score[slot] = (float)sc;
				c->gpu[slot] = (short)g;
			}
		}
		if (sc > top) {
			top = sc;
			best = i;
			top_gpu = g;
			ties = 1;
		} else if (sc == top && c->random_ties && next_rand(&c->rng) % ++ties == 0) {
			best = i;
			top_gpu = g;
		}
	}
	if (!ties)
		return 0;
	take(&ns->n[best], p, top_gpu);
	c->frag[best] = NAN;
	if (c->score)
		for (size_t k = 0; k < c->nsh; k++)
			c->score[best * c->nsh + k] = NAN;
	return 1;
}

static void cal_free(cal *c)
{
	free(c->pool);
	free(c->sh);
	free(c->types);
	free(c->frag);
	free(c->score);
	free(c->gpu);
}

static int cal_init(cal *c, const sim_trace *t, const sim_nodes *nodes, int how, uint64_t seed)
{
	memset(c, 0, sizeof(*c));
	c->fgd = how & SIM_CAL_FGD;
	c->random_ties = !!(how & SIM_CAL_RANDOM_TIES);
	c->rng = seed;
	if (build_pool(c, t) || build_shapes(c) || !(c->frag = malloc(nodes->count * sizeof(double))))
		return -1;
	for (size_t i = 0; i < nodes->count; i++)
		c->frag[i] = NAN;
	if (nodes->count * c->nsh <= CACHE_MAX) {
		if (!(c->score = malloc(nodes->count * c->nsh * sizeof(*c->score))) ||
		    !(c->gpu = malloc(nodes->count * c->nsh * sizeof(*c->gpu))))
			return -1;
		for (size_t i = 0; i < nodes->count * c->nsh; i++)
			c->score[i] = NAN;
	}
	return 0;
}

int sim_fgd_run(sim_fgd_result *out, const sim_trace *t, const sim_nodes *nodes, int how,
		uint64_t seed)
{
	sim_nodes ns = *nodes;
	double capacity = 1000.0 * nodes->gpus, arrived = 0, allocated = 0;
	cal c = {0};

	memset(out, 0, sizeof(*out));
	ns.n = malloc(nodes->count * sizeof(*ns.n));
	if (!ns.n || cal_init(&c, t, nodes, how, seed)) {
		free(ns.n);
		cal_free(&c);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	memcpy(ns.n, nodes->n, nodes->count * sizeof(*ns.n));
	while (arrived < capacity) {
		const pod *p = &c.pool[next_rand(&c.rng) % c.npool];
		double milli = p->milli * p->gpus;

		arrived += milli;
		if (place(&c, &ns, p)) {
			allocated += milli;
			out->placed++;
		} else {
			out->failed++;
		}
	}
	out->allocation = allocated / capacity;
	free(ns.n);
	cal_free(&c);
	return 0;
}
