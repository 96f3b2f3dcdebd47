/*
 * export.c - configs made from a node: export (§parted-5.1) and the named
 * presets (§parted-5.3, §parted-6), built from the catalog of each GPU model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

#define NVIDIA_VENDOR 0x10DEu

/* ------------------------------------------------------------------ */
/* Building configs                                                   */
/* ------------------------------------------------------------------ */

static layout_named *add_config(layout_config *c, const char *name)
{
	layout_named *g = realloc(c->configs, (c->nconfigs + 1) * sizeof(*g));

	if (!g)
		return NULL;
	c->configs = g;
	g = &c->configs[c->nconfigs];
	memset(g, 0, sizeof(*g));
	if (!(g->name = strdup(name)))
		return NULL;
	c->nconfigs++;
	return g;
}

static layout_entry *add_entry(layout_named *nm)
{
	layout_entry *g = realloc(nm->entries, (nm->nentries + 1) * sizeof(*g));

	if (!g)
		return NULL;
	nm->entries = g;
	g = &nm->entries[nm->nentries++];
	memset(g, 0, sizeof(*g));
	g->devices_all = 1;
	g->has_mig_devices = 1;
	return g;
}

static int add_filter(layout_entry *e, const char *f)
{
	char **g = realloc(e->filter, (e->nfilter + 1) * sizeof(*g));

	if (!g)
		return -1;
	e->filter = g;
	if (!(e->filter[e->nfilter] = strdup(f)))
		return -1;
	e->nfilter++;
	e->has_filter = 1;
	return 0;
}

static int add_key(layout_entry *e, const char *text, long long count)
{
	layout_key *g;

	for (size_t i = 0; i < e->nkeys; i++) {
		if (!strcmp(e->keys[i].text, text)) {
			e->keys[i].count += count;
			return 0;
		}
	}
	g = realloc(e->keys, (e->nkeys + 1) * sizeof(*g));
	if (!g)
		return -1;
	e->keys = g;
	g = &e->keys[e->nkeys];
	memset(g, 0, sizeof(*g));
	if (!(g->text = strdup(text)))
		return -1;
	g->count = count;
	layout_profile_parse(&g->profile, text, strlen(text));
	e->nkeys++;
	return 0;
}

static int add_device(layout_entry *e, long long idx)
{
	long long *g = realloc(e->devices, (e->ndevices + 1) * sizeof(*g));

	if (!g)
		return -1;
	e->devices = g;
	e->devices[e->ndevices++] = idx;
	e->devices_all = 0;
	return 0;
}

static layout_config *new_config(void)
{
	layout_config *c = calloc(1, sizeof(*c));

	if (c) {
		c->has_version = 1;
		c->filename = strdup("<generated>");
		if (!c->filename) {
			free(c);
			c = NULL;
		}
	}
	return c;
}

static void device_filter(char *buf, size_t len, const mig_model *m)
{
	snprintf(buf, len, "0x%04X%04X", mig_model_pci_device_id(m), NVIDIA_VENDOR);
}

/* ------------------------------------------------------------------ */
/* Export                                                             */
/* ------------------------------------------------------------------ */

typedef struct gpu_sum {
	char filter[16];
	int enabled;
	size_t n;
	struct {
		char name[64];
		long long count;
	} k[LAYOUT_MAX_GI * LAYOUT_MAX_CI];
} gpu_sum;

static int sum_equal(const gpu_sum *a, const gpu_sum *b)
{
	if (a->enabled != b->enabled || a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		size_t j;

		for (j = 0; j < b->n; j++)
			if (!strcmp(a->k[i].name, b->k[j].name) && a->k[i].count == b->k[j].count)
				break;
		if (j == b->n)
			return 0;
	}
	return 1;
}

static void sum_add(gpu_sum *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (!strcmp(s->k[i].name, name)) {
			s->k[i].count++;
			return;
		}
	}
	if (s->n < sizeof(s->k) / sizeof(s->k[0])) {
		snprintf(s->k[s->n].name, sizeof(s->k[s->n].name), "%s", name);
		s->k[s->n++].count = 1;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One GPU's summary: its device filter, MIG mode and CI name -> count; -1 when out of memory. */
static int summarize_gpu(gpu_sum *sum, const mig_state *st, unsigned gpu, int placements,
			 layout_notes *notes)
{
	layout_gpu_have h;
	mig_gpu_info g;

	mig_gpu_get(&g, st, gpu);
	device_filter(sum->filter, sizeof(sum->filter), g.model);
	if (layout_gpu_read(&h, st, gpu))
		return -1;
	sum->enabled = h.mig_current;
	for (size_t k = 0; k < h.ngi; k++) {
		if (h.gi[k].nci == 0) {
			mig_gi_profile_info info;

			mig_gi_profile_get(h.gi[k].p, &info);
			layout_note(notes,
				    "GPU %u: GI %u (%s at %u:%u) has no compute instance; a config cannot express it (apply removes it)",
				    gpu, h.gi[k].id, info.name, h.gi[k].at.start, h.gi[k].at.size);
		}
		for (size_t j = 0; j < h.gi[k].nci; j++) {
			char name[64];

			if (placements)
				snprintf(name, sizeof(name), "%s@%u", h.gi[k].ci[j].name,
					 h.gi[k].at.start);
			else
				snprintf(name, sizeof(name), "%s", h.gi[k].ci[j].name);
			sum_add(sum, name);
		}
	}
	return 0;
}

/* Add s to a set of at most 64 distinct strings. */
static void add_distinct(char **set, size_t *n, char *s)
{
	size_t f;

	for (f = 0; f < *n; f++)
		if (!strcmp(set[f], s))
			break;
	if (f == *n && *n < 64)
		set[(*n)++] = s;
}

/*
 * The entry of group gi: its devices (or "all" when it holds every GPU of
 * its filters), its filters where the node mixes models, and its layout.
 */
static int group_entry(layout_named *nm, gpu_sum *sum, const int *group, unsigned n, size_t gi,
		       size_t nfilters, size_t ngroups)
{
	layout_entry *e = add_entry(nm);
	char *filters[64];
	size_t nf = 0;
	int all = 1;
	unsigned first = 0;

	if (!e)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (group[i] != (int)gi)
			continue;
		first = i;
		if (add_device(e, i))
			return -1;
		add_distinct(filters, &nf, sum[i].filter);
	}
	qsort(filters, nf, sizeof(filters[0]), cmp_str);
	for (unsigned i = 0; i < n; i++) {
		int in_filters = 0;

		for (size_t f = 0; f < nf; f++)
			in_filters |= !strcmp(filters[f], sum[i].filter);
		if (in_filters && group[i] != (int)gi)
			all = 0;
	}
	if (nfilters > 1 && ngroups > 1) {
		for (size_t f = 0; f < nf; f++)
			if (add_filter(e, filters[f]))
				return -1;
		e->filter_is_list = nf > 1;
	}
	if (all) {
		free(e->devices);
		e->devices = NULL;
		e->ndevices = 0;
		e->devices_all = 1;
	}
	e->mig_enabled = sum[first].enabled;
	for (size_t k = 0; e->mig_enabled && k < sum[first].n; k++)
		if (add_key(e, sum[first].k[k].name, sum[first].k[k].count))
			return -1;
	return 0;
}

int layout_export(layout_config **out, const mig_state *st, const char *label, int placements,
		  layout_notes *notes)
{
	unsigned n = mig_state_gpu_count(st);
	unsigned *order = malloc((n ? n : 1) * sizeof(*order));
	gpu_sum *sum = calloc(n ? n : 1, sizeof(*sum));
	int *group = calloc(n ? n : 1, sizeof(*group));
	layout_config *c = new_config();
	layout_named *nm;
	size_t ngroups = 0, nfilters = 0;
	char *distinct[64];

	*out = NULL;
	if (!order || !sum || !group || !c || !(nm = add_config(c, label)))
		goto oom;
	layout_pci_order(order, st);
	/* 1. per GPU (PCI order): filter, mode, CI name -> count */
	for (unsigned i = 0; i < n; i++) {
		if (summarize_gpu(&sum[i], st, order[i], placements, notes))
			goto oom;
		add_distinct(distinct, &nfilters, sum[i].filter);
	}
	/* 2. group GPUs with the same (mode, layout), in index order */
	for (unsigned i = 0; i < n; i++) {
		unsigned j;

		for (j = 0; j < i; j++)
			if (group[j] >= 0 && sum_equal(&sum[i], &sum[j]))
				break;
		group[i] = j < i ? group[j] : (int)ngroups++;
	}
	/* 3. one entry per group */
	for (size_t gi = 0; gi < ngroups; gi++)
		if (group_entry(nm, sum, group, n, gi, nfilters, ngroups))
			goto oom;
	free(order);
	free(sum);
	free(group);
	*out = c;
	return 0;
oom:
	free(order);
	free(sum);
	free(group);
	layout_config_free(c);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Presets                                                            */
/* ------------------------------------------------------------------ */

typedef struct model_set {
	size_t n;
	const mig_model *m[64];
	char driver[64][32];
} model_set;

static void models_of(model_set *s, const mig_state *st, const unsigned *gpus, size_t ngpus)
{
	unsigned n = mig_state_gpu_count(st);

	s->n = 0;
	for (size_t i = 0; i < (gpus ? ngpus : n); i++) {
		mig_gpu_info g;
		size_t k;

		if (mig_gpu_get(&g, st, gpus ? gpus[i] : (unsigned)i))
			continue;
		for (k = 0; k < s->n; k++)
			if (mig_model_pci_device_id(s->m[k]) == mig_model_pci_device_id(g.model))
				break;
		if (k == s->n && s->n < 64) {
			s->m[s->n] = g.model;
			snprintf(s->driver[s->n], sizeof(s->driver[s->n]), "%s", g.driver);
			s->n++;
		}
	}
}

static int cmp_model(const void *a, const void *b)
{
	unsigned x = mig_model_pci_device_id(*(const mig_model *const *)a);
	unsigned y = mig_model_pci_device_id(*(const mig_model *const *)b);

	return (x > y) - (x < y);
}

/* One entry for these models, filtered when the node has other models too. */
static layout_entry *preset_entry(layout_named *nm, const mig_model *const *m, size_t nm_models,
				  int filtered)
{
	layout_entry *e = add_entry(nm);
	const mig_model *sorted[64];

	if (!e)
		return NULL;
	if (!filtered)
		return e;
	memcpy(sorted, m, nm_models * sizeof(*m));
	qsort(sorted, nm_models, sizeof(sorted[0]), cmp_model);
	for (size_t i = 0; i < nm_models; i++) {
		char f[16];

		device_filter(f, sizeof(f), sorted[i]);
		if (add_filter(e, f))
			return NULL;
	}
	e->filter_is_list = nm_models > 1;
	return e;
}

/* The profile of a model to use for "Gg" in all-balanced: no attributes, most instances. */
static const mig_gi_profile *balanced_pick(const mig_model *m, const char *drv, unsigned g)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES], *best = NULL;
	unsigned best_count = 0;
	size_t n = 0;

	if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, m, drv) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(list[i], &info);
		if (info.slices != g || strpbrk(info.name, "+-"))
			continue;
		if (!best || info.instance_count > best_count) {
			best = list[i];
			best_count = info.instance_count;
		}
	}
	return best;
}

/* Model m's GI profiles under driver drv into out[MIG_MAX_GI_PROFILES]: how many (0 if none). */
static size_t profiles_of(mig_gi_profile_info *out, const mig_model *m, const char *drv)
{
	size_t n = 0;

	if (mig_model_gi_profile_infos(out, MIG_MAX_GI_PROFILES, &n, m, drv) != MIG_SUCCESS)
		return 0;
	return n;
}

static unsigned largest_g(const mig_model *m, const char *drv)
{
	mig_gi_profile_info info[MIG_MAX_GI_PROFILES];
	size_t n = profiles_of(info, m, drv);
	unsigned g = 0;

	for (size_t i = 0; i < n; i++)
		if (!strpbrk(info[i].name, "+-") && info[i].slices > g)
			g = info[i].slices;
	return g;
}

/* Every GI-level profile name of the selected models, in first-seen order. */
static size_t profile_names(char names[][48], size_t cap, const model_set *sel)
{
	size_t nnames = 0;

	for (size_t i = 0; i < sel->n; i++) {
		mig_gi_profile_info info[MIG_MAX_GI_PROFILES];
		size_t n = profiles_of(info, sel->m[i], sel->driver[i]);

		for (size_t k = 0; k < n; k++) {
			size_t j;

			for (j = 0; j < nnames; j++)
				if (!strcmp(names[j], info[k].name))
					break;
			if (j == nnames && nnames < cap)
				snprintf(names[nnames++], sizeof(names[0]), "%s", info[k].name);
		}
	}
	return nnames;
}

/* all-<profile>: the profile's instance total on each model, one entry per distinct count. */
static int preset_profile(layout_config *c, const model_set *sel, const char *name, int filtered)
{
	char cname[64];
	unsigned counts[64];
	const mig_model *with[64];
	size_t nwith = 0;
	layout_named *nm;
	layout_entry *e;

	snprintf(cname, sizeof(cname), "all-%.47s", name);
	for (char *p = cname; *p; p++)
		if (*p == '+')
			*p = '.';
	if (!(nm = add_config(c, cname)))
		return -1;
	for (size_t i = 0; i < sel->n; i++) {
		mig_gi_profile_info info[MIG_MAX_GI_PROFILES];
		size_t n = profiles_of(info, sel->m[i], sel->driver[i]);

		for (size_t k = 0; k < n; k++) {
			if (!strcmp(info[k].name, name)) {
				with[nwith] = sel->m[i];
				counts[nwith++] = info[k].instance_count;
			}
		}
	}
	for (size_t a = 0; a < nwith; a++) {
		const mig_model *group[64];
		size_t ng = 0;
		int seen = 0;

		for (size_t b = 0; b < a; b++)
			seen |= counts[b] == counts[a];
		if (seen)
			continue;
		for (size_t b = a; b < nwith; b++)
			if (counts[b] == counts[a])
				group[ng++] = with[b];
		if (!(e = preset_entry(nm, group, ng, filtered)))
			return -1;
		e->mig_enabled = 1;
		if (add_key(e, name, counts[a]))
			return -1;
	}
	return 0;
}

/* A model's balanced layout: profile names and counts. */
typedef struct balanced_map {
	char k[3][48];
	unsigned c[3];
	size_t n;
} balanced_map;

/* 2x1g + 1x2g (+ 1x3g on 7-slice GPUs); 0 when the model has no such profiles. */
static int balanced_of(balanced_map *map, const mig_model *m, const char *driver)
{
	static const unsigned gs7[] = {1, 2, 3}, gs4[] = {1, 2};
	static const unsigned cnt[] = {2, 1, 1};
	unsigned top = largest_g(m, driver);
	const unsigned *gs = top == 7 ? gs7 : gs4;
	size_t ngs = top == 7 ? 3 : top == 4 ? 2 : 0;

	memset(map, 0, sizeof(*map));
	for (size_t k = 0; k < ngs; k++) {
		const mig_gi_profile *p = balanced_pick(m, driver, gs[k]);
		mig_gi_profile_info info;

		if (!p)
			return 0;
		mig_gi_profile_get(p, &info);
		snprintf(map->k[k], sizeof(map->k[k]), "%s", info.name);
		map->c[k] = cnt[k];
		map->n++;
	}
	return ngs > 0;
}

static int same_map(const balanced_map *a, const balanced_map *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t k = 0; k < a->n; k++)
		if (strcmp(a->k[k], b->k[k]) || a->c[k] != b->c[k])
			return 0;
	return 1;
}

/* all-balanced, one entry per distinct balanced layout. */
static int preset_balanced(layout_config *c, const model_set *sel, int filtered)
{
	const mig_model *bm[64][64];
	size_t nbm[64] = {0}, nb = 0;
	balanced_map maps[64];
	layout_named *nm;

	for (size_t i = 0; i < sel->n; i++) {
		size_t b;

		if (!balanced_of(&maps[nb], sel->m[i], sel->driver[i]))
			continue;
		for (b = 0; b < nb && !same_map(&maps[b], &maps[nb]); b++)
			;
		bm[b][nbm[b]++] = sel->m[i];
		if (b == nb)
			nb++;
	}
	if (!nb)
		return 0;
	if (!(nm = add_config(c, "all-balanced")))
		return -1;
	for (size_t b = 0; b < nb; b++) {
		layout_entry *e = preset_entry(nm, bm[b], nbm[b], filtered);

		if (!e)
			return -1;
		e->mig_enabled = 1;
		for (size_t k = 0; k < maps[b].n; k++)
			if (add_key(e, maps[b].k[k], maps[b].c[k]))
				return -1;
	}
	return 0;
}

int layout_presets(layout_config **out, const mig_state *st, const unsigned *gpus, size_t ngpus)
{
	model_set sel, all;
	layout_config *c = new_config();
	layout_named *nm;
	layout_entry *e;
	int filtered;
	char names[256][48];
	size_t nnames;

	*out = NULL;
	if (!c)
		return -1;
	models_of(&sel, st, gpus, ngpus);
	models_of(&all, st, NULL, 0);
	/* §parted-5.3: filters only on a node with more than one device ID */
	filtered = all.n > 1;
	if (!(nm = add_config(c, "all-disabled")) ||
	    !(e = preset_entry(nm, sel.m, sel.n, filtered && sel.n < all.n)))
		goto oom;
	e->mig_enabled = 0;
	if (!(nm = add_config(c, "all-enabled")) ||
	    !(e = preset_entry(nm, sel.m, sel.n, filtered && sel.n < all.n)))
		goto oom;
	e->mig_enabled = 1;
	/* all-<profile>: every GI-level profile name, count = its instance total */
	nnames = profile_names(names, 256, &sel);
	for (size_t j = 0; j < nnames; j++)
		if (preset_profile(c, &sel, names[j], filtered))
			goto oom;
	if (preset_balanced(c, &sel, filtered))
		goto oom;
	*out = c;
	return 0;
oom:
	layout_config_free(c);
	return -1;
}
