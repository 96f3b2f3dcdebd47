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

#define NODE_GPUS 8
#define MAX_TYPES 64

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

typedef struct types {
	double milli[MAX_TYPES];         /* per GPU: gpu_milli, or 1000 for whole GPUs */
	unsigned gpus[MAX_TYPES];
	double p[MAX_TYPES];
	size_t n;
} types;

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
	if (c->nodes->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		node *p = realloc(c->nodes->n, cap * sizeof(*p));

		if (!p) {
			snprintf(c->why, sizeof(c->why), "out of memory");
			return -1;
		}
		c->nodes->n = p;
		c->cap = cap;
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

int sim_nodes_parse(sim_nodes **out, const char *buf, size_t len, const char *filename, char *err,
		    size_t errlen)
{
	nl_ctx c = {0};
	size_t bad = 0;

	*out = NULL;
	if (!(c.nodes = calloc(1, sizeof(*c.nodes)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sim_lines(buf, len, &c, node_line, &bad) || !c.nodes->gpus) {
		snprintf(err, errlen, "%s:%zu: %s", filename, bad,
			 bad ? (*c.why ? c.why : "a NUL byte") : "no GPUs");
		sim_nodes_free(c.nodes);
		return -1;
	}
	*out = c.nodes;
	return 0;
}

int sim_nodes_read(sim_nodes **out, const char *path, char *err, size_t errlen)
{
	size_t len;
	char *buf = sim_slurp(path, &len, err, errlen);
	int rc;

	*out = NULL;
	if (!buf)
		return -1;
	rc = sim_nodes_parse(out, buf, len, path, err, errlen);
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
/* Fragmentation and placement                                        */
/* ------------------------------------------------------------------ */

static void build_types(types *ty, const sim_trace *t)
{
	ty->n = 0;
	for (size_t i = 0; i < t->n; i++) {
		double milli = t->jobs[i].gpus > 1 ? 1000 : round(t->jobs[i].demand * 1000);
		size_t k = 0;

		while (k < ty->n && !(ty->milli[k] == milli && ty->gpus[k] == t->jobs[i].gpus))
			k++;
		if (k == MAX_TYPES)
			continue;
		if (k == ty->n) {
			ty->milli[k] = milli;
			ty->gpus[k] = t->jobs[i].gpus;
			ty->p[k] = 0;
			ty->n++;
		}
		ty->p[k] += 1.0 / (double)t->n;
	}
}

/* Could a pod of `gpus` x `milli` (its CPU and memory ignored: FGD's types are by GPU) fit? */
static int gpu_fits(const node *n, unsigned gpus, double milli)
{
	unsigned whole = 0;

	for (unsigned g = 0; g < n->ngpu; g++) {
		if (gpus == 1 && n->gfree[g] >= milli)
			return 1;
		whole += n->gfree[g] >= 1000;
	}
	return gpus > 1 && whole >= gpus;
}

/* FGD's fragmentation of a node for the pod types, in milli-GPU. */
static double node_frag(const node *n, const types *ty)
{
	double total = 0, f = 0;

	for (unsigned g = 0; g < n->ngpu; g++)
		total += n->gfree[g];
	for (size_t k = 0; k < ty->n; k++) {
		double fk = 0;

		if (!gpu_fits(n, ty->gpus[k], ty->milli[k]))
			fk = total;
		else
			for (unsigned g = 0; g < n->ngpu; g++)
				if (n->gfree[g] < ty->milli[k])
					fk += n->gfree[g];
		f += ty->p[k] * fk;
	}
	return f;
}

typedef struct pick {
	size_t node;
	int gpu;                         /* -1: whole GPUs */
	double score;
} pick;

static void take(node *n, const sim_job *j, int gpu)
{
	unsigned left = j->gpus;

	n->cpu -= j->cpu_milli;
	n->mem -= j->host_mib;
	if (gpu >= 0) {
		n->gfree[gpu] -= round(j->demand * 1000);
		return;
	}
	for (unsigned g = 0; g < n->ngpu && left; g++)
		if (n->gfree[g] >= 1000) {
			n->gfree[g] = 0;
			left--;
		}
}

static double score(const node *n, const sim_job *j, int gpu, int fgd, const types *ty,
		    const sim_nodes *ns)
{
	node after = *n;
	double gfree = 0;

	take(&after, j, gpu);
	if (fgd)
		return node_frag(&after, ty) - node_frag(n, ty);
	for (unsigned g = 0; g < after.ngpu; g++)
		gfree += after.gfree[g];
	return gfree / (1000.0 * NODE_GPUS) + after.cpu / (ns->cpu_total / (double)ns->count);
}

/* The best GPU choice on one node, if the pod fits there. */
static int best_on_node(pick *out, const sim_nodes *ns, size_t i, const sim_job *j, int fgd,
			const types *ty)
{
	const node *n = &ns->n[i];
	double milli = round(j->demand * 1000);
	int found = 0;

	if (n->cpu < j->cpu_milli || n->mem < j->host_mib || !gpu_fits(n, j->gpus, milli))
		return 0;
	if (j->gpus > 1 || milli >= 1000) {
		*out = (pick){i, -1, score(n, j, -1, fgd, ty, ns)};
		return 1;
	}
	for (unsigned g = 0; g < n->ngpu; g++) {
		int dup = 0;

		if (n->gfree[g] < milli)
			continue;
		for (unsigned h = 0; h < g && !dup; h++)
			dup = n->gfree[h] == n->gfree[g];
		if (dup)
			continue;
		/* best-fit inside the node: the fullest GPU that takes it */
		double sc = score(n, j, (int)g, fgd, ty, ns) + (fgd ? 0 : n->gfree[g] * 1e-9);

		if (!found || sc < out->score)
			*out = (pick){i, (int)g, sc};
		found = 1;
	}
	return found;
}

static int place(sim_nodes *ns, const sim_job *j, int fgd, const types *ty)
{
	pick best = {0, 0, INFINITY}, p = best;
	int found = 0;

	for (size_t i = 0; i < ns->count; i++)
		if (best_on_node(&p, ns, i, j, fgd, ty) && (!found || p.score < best.score)) {
			best = p;
			found = 1;
		}
	if (found)
		take(&ns->n[best.node], j, best.gpu);
	return found;
}

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int sim_fgd_run(sim_fgd_result *out, const sim_trace *t, const sim_nodes *nodes, int fgd,
		uint64_t seed, char *err, size_t errlen)
{
	sim_nodes ns = *nodes;
	double capacity = 1000.0 * nodes->gpus, arrived = 0, allocated = 0;
	uint64_t s = seed;
	types ty;

	memset(out, 0, sizeof(*out));
	if (!(ns.n = malloc(nodes->count * sizeof(*ns.n)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(ns.n, nodes->n, nodes->count * sizeof(*ns.n));
	build_types(&ty, t);
	while (arrived < capacity) {
		const sim_job *j = &t->jobs[next_rand(&s) % t->n];
		double milli = j->gpus > 1 ? 1000.0 * j->gpus : round(j->demand * 1000);

		arrived += milli;
		if (place(&ns, j, fgd, &ty)) {
			allocated += milli;
			out->placed++;
		} else {
			out->failed++;
		}
	}
	out->allocation = allocated / capacity;
	free(ns.n);
	return 0;
}
