/*
 * lattice.c - every legal GI layout of one (model, driver), computed once
 * from libmig's placement rules (docs/planning.md "The lattice").
 *
 * A layout is a set of (profile, placement) items.  Rather than restate
 * the rules (buddy tree, engine budgets, instance totals, the media
 * extension's exclusivity), the builder asks libmig: it walks the subsets
 * of items in index order on a one-GPU state, creating each GI at its
 * explicit placement and keeping the sets libmig accepts.  Because the
 * legal sets are closed under subsets, visiting only increasing item
 * sequences reaches every legal set exactly once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "mig_internal.h"
#include "plan_int.h"
#include "util.h"

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

int32_t mp_lattice_find(const mp_lattice *l, uint32_t mask)
{
	size_t h = hash32(mask) & (l->hcap - 1);

	while (l->hval[h] >= 0) {
		if (l->hkey[h] == mask)
			return l->hval[h];
		h = (h + 1) & (l->hcap - 1);
	}
	return -1;
}

typedef struct walk {
	mp_lattice *l;
	mig_state *st;
	size_t cap;
	int failed;
} walk;

static void record(walk *w, uint32_t mask)
{
	mp_lattice *l = w->l;

	if (UTIL_GROW(l->mask, w->cap, l->n + 1)) {
		w->failed = 1;
		return;
	}
	l->mask[l->n++] = mask;
}

static void visit(walk *w, uint32_t mask, size_t from)
{
	for (size_t i = from; i < w->l->nitem && !w->failed; i++) {
		const mp_item *it = &w->l->item[i];
		mig_placement at = {it->start, it->size};
		unsigned gi;

		if (mig_create_gi(&gi, w->st, 0, w->l->info[it->prof].id, &at) != MIG_SUCCESS)
			continue;
		record(w, mask | 1u << i);
		visit(w, mask | 1u << i, i + 1);
		mig_destroy_gi(w->st, 0, gi);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int px = __builtin_popcount(x), py = __builtin_popcount(y);

	if (px != py)
		return px - py;
	return (x > y) - (x < y);
}

/* fit[] and succ[]: from the largest layouts down, so successors are done first. */
static void derive(mp_lattice *l)
{
	for (size_t k = l->n; k-- > 0;) {
		uint32_t m = l->mask[k];
		unsigned used = 0;

		for (size_t i = 0; i < l->nitem; i++)
			if (m >> i & 1)
				used += l->info[l->item[i].prof].slices;
		l->used[k] = (uint8_t)used;
		for (size_t p = 0; p < l->nprof; p++)
			l->fit[k * l->nprof + p] = 0;
		for (size_t i = 0; i < l->nitem; i++) {
			int32_t s = (m >> i & 1) ? -1 : mp_lattice_find(l, m | 1u << i);
			size_t p = l->item[i].prof;

			l->succ[k * l->nitem + i] = s;
			if (s >= 0 && l->fit[(size_t)s * l->nprof + p] + 1 > l->fit[k * l->nprof + p])
				l->fit[k * l->nprof + p] = (uint8_t)(l->fit[(size_t)s * l->nprof + p] + 1);
		}
	}
}

/* The profiles in NVML enum order, then ID, whoever built the model (the NVML backend's follows the driver). */
static void sort_profiles(mp_lattice *l)
{
	for (size_t a = 0; a < l->nprof; a++)
		mig_gi_profile_get(l->prof[a], &l->info[a]);
	for (size_t a = 1; a < l->nprof; a++)
		for (size_t b = a; b > 0 && (l->info[b - 1].nvml_index > l->info[b].nvml_index ||
					     (l->info[b - 1].nvml_index == l->info[b].nvml_index &&
					      l->info[b - 1].id > l->info[b].id)); b--) {
			const mig_gi_profile *tp = l->prof[b];
			mig_gi_profile_info ti = l->info[b];

			l->prof[b] = l->prof[b - 1];
			l->info[b] = l->info[b - 1];
			l->prof[b - 1] = tp;
			l->info[b - 1] = ti;
		}
}

/* Every (profile, placement) pair becomes an item; each profile's full-GPU CI and the GPU's slices. */
static int collect_items(mp_lattice *l)
{
	for (size_t p = 0; p < l->nprof; p++) {
		mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
		size_t nci = 0;

		if (mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &nci, l->prof[p]) != MIG_SUCCESS)
			nci = 0;

		if (l->info[p].slices > l->total_slices)
			l->total_slices = l->info[p].slices;
		for (size_t c = 0; c < nci; c++)
			if (ci[c].is_default)
				l->full_ci[p] = ci[c].id;
		for (unsigned s = 0; s < 32; s++) {
			if (!(l->info[p].placements >> s & 1))
				continue;
			if (l->nitem == MP_MAX_ITEMS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "%s: more placements than the planner handles (%d)",
						 mig_model_key(l->model), MP_MAX_ITEMS);
			l->pmask[p] |= 1u << l->nitem;
			l->item[l->nitem++] = (mp_item){(uint8_t)p, (uint8_t)s,
							(uint8_t)l->info[p].placement_size};
		}
	}
	return 0;
}

/* Every legal set of items, found by creating instances on a model GPU (libmig decides what is legal). */
static int enumerate(mp_lattice *l)
{
	mig_gpu_spec spec = {0};
	walk w = {.l = l};
	int act, rc;

	spec.model = l->model;
	spec.driver = l->driver;
	if ((rc = mig_state_new(&w.st)) != 0 || (rc = mig_state_add_gpu(w.st, &spec)) != 0 ||
	    (rc = mig_set_mig_mode(w.st, 0, 1, &act)) != 0 || (rc = act) != MIG_SUCCESS) {
		mig__fail(rc, "%s (driver %s): cannot model the GPU: %s", mig_model_key(l->model),
			  l->driver, mig_errmsg());
		mig_state_free(w.st);
		return rc;
	}
	record(&w, 0);
	visit(&w, 0, 0);
	mig_state_free(w.st);
	if (w.failed)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	qsort(l->mask, l->n, sizeof(*l->mask), cmp_u32);
	return 0;
}

/* The open-addressing index mask -> position, and the derived tables. */
static int index_masks(mp_lattice *l)
{
	for (l->hcap = 16; l->hcap < 2 * l->n; l->hcap *= 2)
		;
	l->hkey = calloc(l->hcap, sizeof(*l->hkey));
	l->hval = malloc(l->hcap * sizeof(*l->hval));
	l->used = calloc(l->n, 1);
	l->fit = calloc(l->n * (l->nprof ? l->nprof : 1), 1);
	l->succ = malloc(l->n * (l->nitem ? l->nitem : 1) * sizeof(*l->succ));
	if (!l->hkey || !l->hval || !l->used || !l->fit || !l->succ)
		return -1;
	memset(l->hval, 0xff, l->hcap * sizeof(*l->hval));
	for (size_t k = 0; k < l->n; k++) {
		size_t h = hash32(l->mask[k]) & (l->hcap - 1);

		while (l->hval[h] >= 0)
			h = (h + 1) & (l->hcap - 1);
		l->hkey[h] = l->mask[k];
		l->hval[h] = (int32_t)k;
	}
	derive(l);
	return 0;
}

int mp_lattice_build(mp_lattice **out, const mig_model *m, const char *driver)
{
	mp_lattice *l = calloc(1, sizeof(*l));
	int rc;

	*out = NULL;
	if (!l)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	l->model = m;
	snprintf(l->driver, sizeof(l->driver), "%s", driver ? driver : mig_model_driver(m, 0));
	rc = mig_model_gi_profiles(l->prof, MP_MAX_PROF, &l->nprof, m, l->driver);
	if (rc == MIG_ERROR_INSUFFICIENT_SIZE)
		rc = mig__fail(MIG_ERROR_NOT_SUPPORTED,
			       "%s: more GI profiles than the planner handles (%d)", mig_model_key(m),
			       MP_MAX_PROF);
	if (rc != MIG_SUCCESS)
		goto fail;
	sort_profiles(l);
	if ((rc = collect_items(l)) != 0 || (rc = enumerate(l)) != 0)
		goto fail;
	if (index_masks(l)) {
		rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		goto fail;
	}
	*out = l;
	return 0;
fail:
	mp_lattice_free(l);
	return rc;
}

void mp_lattice_free(mp_lattice *l)
{
	if (!l)
		return;
	free(l->mask);
	free(l->used);
	free(l->fit);
	free(l->succ);
	free(l->hkey);
	free(l->hval);
	free(l);
}

int mp_lattice_item(const mp_lattice *l, unsigned p, unsigned start)
{
	for (size_t i = 0; i < l->nitem; i++)
		if (l->item[i].prof == p && l->item[i].start == start)
			return (int)i;
	return -1;
}

int mp_lattice_profile(const mp_lattice *l, const char *name)
{
	layout_profile want, have;

	if (layout_profile_parse(&want, name, strlen(name)) || want.start >= 0)
		return -1;
	for (size_t p = 0; p < l->nprof; p++) {
		if (layout_profile_parse(&have, l->info[p].name, strlen(l->info[p].name)))
			continue;
		/* a GI profile: "1c.3g.40gb" names a CI, not something a request gets */
		if (want.c != want.g)
			return -1;
		if (have.g == want.g && have.gb == want.gb && have.negative == want.negative &&
		    !strcmp(have.attrs, want.attrs))
			return (int)p;
	}
	return -1;
}

double mp_lattice_frag(const mp_lattice *l, size_t idx, const double *mix)
{
	unsigned freeslices = l->total_slices - l->used[idx];
	double sum = 0, wsum = 0;

	for (size_t p = 0; p < l->nprof; p++) {
		if (mix[p] <= 0)
			continue;
		sum += mix[p] * (freeslices - (double)l->info[p].slices * l->fit[idx * l->nprof + p]);
		wsum += mix[p];
	}
	return wsum > 0 ? sum / wsum : 0;
}
