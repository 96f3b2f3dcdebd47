/*
 * model.c - one GPU model as the simulator sees it: its GI profiles and
 * every legal layout, enumerated once through libmig itself (a scratch
 * node, mig_create_gi at each placement) so that whatever the simulator
 * builds is a layout the real driver accepts (docs/catalog.md#placement).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"
#include "util.h"

typedef struct walk {
	sim_model *m;
	mig_state *st;
	size_t cap;
	int oom;
} walk;

static int add_legal(walk *w, uint32_t mask)
{
	if (UTIL_GROW(w->m->legal, w->cap, w->m->nlegal + 1))
		return -1;
	w->m->legal[w->m->nlegal++] = mask;
	return 0;
}

/* Depth first over items in index order: each legal layout is met exactly once. */
static void enumerate(walk *w, unsigned from, uint32_t mask)
{
	if (w->oom || add_legal(w, mask)) {
		w->oom = 1;
		return;
	}
	for (unsigned i = from; i < w->m->nitem; i++) {
		const sim_item *it = &w->m->item[i];
		mig_placement at = {it->start, it->size};
		unsigned gi;

		if (mig_create_gi(&gi, w->st, 0, w->m->prof[it->prof].id, &at) != MIG_SUCCESS)
			continue;
		enumerate(w, i + 1, mask | 1u << i);
		mig_destroy_gi(w->st, 0, gi);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int cmp_prof(const void *a, const void *b)
{
	const sim_prof *x = a, *y = b;

	if (x->slices != y->slices)
		return x->slices < y->slices ? -1 : 1;
	if (x->mem_mib != y->mem_mib)
		return x->mem_mib < y->mem_mib ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Plain profiles only: the engine variants hold the same slices and would only multiply layouts. */
static void take_profiles(sim_model *m)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, m->model, NULL) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n && m->nprof < SIM_MAX_PROF; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(list[i], &info);
		if (strchr(info.name, '+') || strstr(info.name, "-me"))
			continue;
		sim_prof *p = &m->prof[m->nprof++];
		p->p = list[i];
		snprintf(p->name, sizeof(p->name), "%s", info.name);
		p->id = info.id;
		p->slices = info.slices;
		p->mem_mib = info.memory_mib;
		p->size = info.placement_size;
		p->speed = 1.0;
	}
	qsort(m->prof, m->nprof, sizeof(m->prof[0]), cmp_prof);
	m->full = m->nprof - 1;
	m->total_slices = m->prof[m->full].slices;
	for (unsigned k = 0; k < m->nprof; k++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(m->prof[k].p, &info);
		for (unsigned s = 0; s < 32 && m->nitem < SIM_MAX_ITEMS; s++) {
			if (!(info.placements >> s & 1))
				continue;
			m->pitems[k] |= 1u << m->nitem;
			m->item[m->nitem++] = (sim_item){(uint8_t)k, (uint8_t)s, (uint8_t)info.placement_size};
		}
	}
}

static int scratch_gpu(mig_state **out, const mig_model *model)
{
	mig_gpu_spec spec = {0};
	int act;

	spec.model = model;
	if (mig_state_new(out) != MIG_SUCCESS)
		return -1;
	if (mig_state_add_gpu(*out, &spec) != MIG_SUCCESS ||
	    mig_set_mig_mode(*out, 0, 1, &act) != MIG_SUCCESS || act != MIG_SUCCESS)
		return -1;
	return 0;
}

int sim_model_build(sim_model **out, const mig_model *model)
{
	sim_model *m = calloc(1, sizeof(*m));
	walk w = {0};
	int rc;

	*out = NULL;
	if (!m)
		goto oom;
	m->model = model;
	m->mem_mib = mig_model_memory_mib(model);
	take_profiles(m);
	if (!m->nprof) {
		sim_model_free(m);
		return mig__fail(MIG_ERROR_NOT_SUPPORTED, "GPU model %s: no MIG profiles",
				 mig_model_key(model));
	}
	w.m = m;
	if (scratch_gpu(&w.st, model)) {
		rc = mig__fail(MIG_ERROR_NOT_SUPPORTED, "GPU model %s: cannot enable MIG on a scratch GPU: %s",
			       mig_model_key(model), mig_errmsg());
		mig_state_free(w.st);
		sim_model_free(m);
		return rc;
	}
	enumerate(&w, 0, 0);
	mig_state_free(w.st);
	if (w.oom)
		goto oom;
	qsort(m->legal, m->nlegal, sizeof(*m->legal), cmp_u32);
	*out = m;
	return 0;
oom:
	sim_model_free(m);
	return mig__fail(MIG_ERROR_MEMORY, "out of memory");
}

void sim_model_free(sim_model *m)
{
	if (!m)
		return;
	free(m->legal);
	free(m);
}

int sim_model_legal(const sim_model *m, uint32_t mask)
{
	return bsearch(&mask, m->legal, m->nlegal, sizeof(*m->legal), cmp_u32) != NULL;
}

int sim_model_fit(const sim_model *m, double demand, unsigned mem_mib)
{
	for (unsigned k = 0; k < m->nprof; k++)
		if (m->prof[k].speed + 1e-9 >= demand && m->prof[k].mem_mib >= mem_mib)
			return (int)k;
	return -1;
}

static int prof_by_name(const sim_model *m, const char *name, size_t len)
{
	for (unsigned k = 0; k < m->nprof; k++)
		if (strlen(m->prof[k].name) == len && !strncmp(m->prof[k].name, name, len))
			return (int)k;
	return -1;
}

static void list_profiles(char *out, size_t len, const sim_model *m)
{
	size_t used = 0;

	out[0] = 0;
	for (unsigned k = 0; k < m->nprof && used < len; k++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", k ? ", " : "", m->prof[k].name);
}

int sim_model_layout(uint32_t *out, const sim_model *m, const char *names)
{
	unsigned want[SIM_MAX_PROF] = {0};
	const char *p = names;
	char known[256];

	while (*p) {
		size_t len = strcspn(p, ",+");
		int k = prof_by_name(m, p, len);

		if (k < 0) {
			list_profiles(known, sizeof(known), m);
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "layout '%s': unknown profile '%.*s' for %s; allowed: %s", names,
					 (int)len, p, mig_model_key(m->model), known);
		}
		want[k]++;
		p += len + (p[len] != 0);
	}
	/* the legal layout with exactly these counts whose mask is lowest: a fixed choice */
	for (size_t l = 0; l < m->nlegal; l++) {
		int ok = 1;

		for (unsigned k = 0; k < m->nprof && ok; k++)
			ok = (unsigned)__builtin_popcount(m->legal[l] & m->pitems[k]) == want[k];
		if (ok) {
			*out = m->legal[l];
			return 0;
		}
	}
	/* bad input, not a full fleet: INSUFFICIENT_RESOURCES is a job no GPU holds (search.c) */
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "layout '%s' does not fit one %s (no legal placement of all of it)", names,
			 mig_model_key(m->model));
}

static int same_counts(const sim_model *m, uint32_t a, uint32_t b)
{
	for (unsigned k = 0; k < m->nprof; k++)
		if (__builtin_popcount(a & m->pitems[k]) != __builtin_popcount(b & m->pitems[k]))
			return 0;
	return 1;
}

size_t sim_model_maximal(const sim_model *m, uint32_t *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nlegal; i++) {
		uint32_t mask = m->legal[i];
		int maximal = mask != 0, dup = 0;

		for (unsigned it = 0; it < m->nitem && maximal; it++)
			if (!(mask >> it & 1) && sim_model_legal(m, mask | 1u << it))
				maximal = 0;
		for (size_t j = 0; j < n && maximal && !dup; j++)
			dup = same_counts(m, out[j], mask);
		if (maximal && !dup && n < cap)
			out[n++] = mask;
	}
	return n;
}

void sim_model_layout_name(char *out, size_t len, const sim_model *m, uint32_t mask)
{
	size_t used = 0;

	out[0] = 0;
	for (unsigned k = m->nprof; k-- > 0;)
		for (unsigned i = 0; i < m->nitem; i++)
			if ((mask >> i & 1) && m->item[i].prof == k && used < len)
				used += (size_t)snprintf(out + used, len - used, "%s%s",
							 used ? "+" : "", m->prof[k].name);
}
