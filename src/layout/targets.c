/*
 * targets.c - which GPUs an entry selects and what they should hold
 * (§parted-1.4, §parted-1.6, §parted-1.7), what they hold now, and whether the two agree
 * (assert, §parted-4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"

#define NVIDIA_VENDOR 0x10DEu

/* ------------------------------------------------------------------ */
/* Notes                                                              */
/* ------------------------------------------------------------------ */

void layout_note(layout_notes *notes, const char *fmt, ...)
{
	va_list ap;
	char buf[LAYOUT_ERR_MAX], **grown;

	if (!notes)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	grown = realloc(notes->text, (notes->n + 1) * sizeof(*grown));
	if (!grown)
		return;
	notes->text = grown;
	notes->text[notes->n] = strdup(buf);
	if (notes->text[notes->n])
		notes->n++;
}

void layout_notes_clear(layout_notes *notes)
{
	if (!notes)
		return;
	for (size_t i = 0; i < notes->n; i++)
		free(notes->text[i]);
	free(notes->text);
	notes->text = NULL;
	notes->n = 0;
}

/* ------------------------------------------------------------------ */
/* GPU selection                                                      */
/* ------------------------------------------------------------------ */

/* "00000000:18:00.0" as one number (domain:bus:device.function). */
static unsigned long long bus_key(const char *bus)
{
	unsigned long long v = 0;

	for (; *bus; bus++) {
		int d;

		if (*bus >= '0' && *bus <= '9')
			d = *bus - '0';
		else if (*bus >= 'a' && *bus <= 'f')
			d = *bus - 'a' + 10;
		else if (*bus >= 'A' && *bus <= 'F')
			d = *bus - 'A' + 10;
		else
			continue;
		v = v * 16 + (unsigned)d;
	}
	return v;
}

void layout_pci_order(unsigned *order, const mig_state *st)
{
	unsigned n = mig_state_gpu_count(st);
	unsigned long long *key = malloc((n ? n : 1) * sizeof(*key));

	for (unsigned i = 0; i < n; i++) {
		mig_gpu_info g;

		order[i] = i;
		if (key)
			key[i] = mig_gpu_get(&g, st, i) == MIG_SUCCESS ? bus_key(g.pci_bus_id) : i;
	}
	/* Insertion sort: stable, and nodes are small. */
	for (unsigned i = 1; key && i < n; i++) {
		unsigned o = order[i];
		unsigned j = i;

		while (j > 0 && key[order[j - 1]] > key[o]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = o;
	}
	free(key);
}

/* Go strconv.ParseUint(s, 0, 32), underscores included (underscoreOK). */
static int go_parse_u32(uint32_t *out, const char *s)
{
	int base = 10, prefix = 0;
	unsigned long long v = 0;
	const char *p = s;
	char last = 0;
	int digits = 0;

	if (!*s)
		return -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2, prefix = 1;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2, prefix = 1;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2, prefix = 1;
	else if (p[0] == '0' && p[1])
		base = 8, p += 1, prefix = 1;
	/* underscoreOK: '_' only between digits, or right after a base prefix. */
	last = prefix ? '0' : 0;
	for (; *p; p++) {
		int d;

		if (*p == '_') {
			if (last == '_' || (!digits && !prefix))
				return -1;
			last = '_';
			continue;
		}
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'z')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'Z')
			d = *p - 'A' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		v = v * (unsigned)base + (unsigned)d;
		if (v > 0xFFFFFFFFull)
			return -1;
		digits++;
		last = (char)*p;
	}
	if (last == '_' || !digits)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* "<devvendor>[:<subdevsubvendor>]"; any error is the all-zero ID (§parted-1.4). */
static void parse_filter(uint32_t *id, uint32_t *sub, int *has_sub, const char *filter)
{
	const char *colon = strchr(filter, ':');
	char head[64];

	*id = *sub = 0;
	*has_sub = 0;
	if (colon && strchr(colon + 1, ':'))
		return;
	if (colon) {
		size_t n = (size_t)(colon - filter);

		if (n >= sizeof(head))
			return;
		memcpy(head, filter, n);
		head[n] = '\0';
		if (go_parse_u32(id, head) || go_parse_u32(sub, colon + 1)) {
			*id = *sub = 0;
			return;
		}
		*has_sub = 1;
		return;
	}
	if (go_parse_u32(id, filter))
		*id = 0;
}

int layout_filter_matches(const char *filter, const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;
	uint32_t id, sub, hw;
	int has_sub;

	if (mig_gpu_get(&g, st, gpu) != MIG_SUCCESS)
		return 0;
	parse_filter(&id, &sub, &has_sub, filter);
	hw = (uint32_t)mig_model_pci_device_id(g.model) << 16 | NVIDIA_VENDOR;
	if (id != hw)
		return 0;
	/* Emulated boards have no subsystem ID: only an explicit zero matches. */
	return !has_sub || sub == 0;
}

int layout_entry_matches(const layout_entry *e, const mig_state *st, unsigned gpu,
			 unsigned pci_index)
{
	int ok = 0;

	if (e->devices_all) {
		ok = 1;
	} else {
		for (size_t i = 0; i < e->ndevices && !ok; i++)
			ok = e->devices[i] == (long long)pci_index;
	}
	if (!ok)
		return 0;
	/* helpers.go: a scalar "" or an empty list matches everything. */
	if (!e->has_filter || (!e->filter_is_list && !e->filter[0][0]) || e->nfilter == 0)
		return 1;
	for (size_t i = 0; i < e->nfilter; i++)
		if (layout_filter_matches(e->filter[i], st, gpu))
			return 1;
	return 0;
}

static int on_any_gpu(const layout_profile *p, const mig_state *st)
{
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		const mig_gi_profile *gi;
		mig_ci_profile_info ci;

		if (layout_profile_resolve(&gi, &ci, p, st, g) == 0)
			return 1;
	}
	return 0;
}

static void profile_list(char *buf, size_t len, const mig_state *st, unsigned gpu)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0, used = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(list[i], &info);
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", info.name);
	}
}

/* Flatten an entry's mig-devices for one GPU (§parted-3.4 step 2, zero counts ignored). */
static int resolve_entry(layout_target *t, const layout_entry *e, const mig_state *st,
			 unsigned gpu)
{
	mig_gpu_info g;
	unsigned long long total = 0;

	mig_gpu_get(&g, st, gpu);
	t->n = 0;
	t->enabled = e->mig_enabled;
	if (!e->mig_enabled)
		return 0;
	for (size_t k = 0; k < e->nkeys; k++) {
		const layout_key *key = &e->keys[k];
		const mig_gi_profile *gi;
		mig_ci_profile_info ci;
		mig_gi_profile_info info;
		char name[64];

		if (key->count == 0)
			continue;
		layout_profile_name(name, sizeof(name), &key->profile);
		if (layout_profile_resolve(&gi, &ci, &key->profile, st, gpu)) {
			char known[512];

			profile_list(known, sizeof(known), st, gpu);
			if (on_any_gpu(&key->profile, st))
				return mig__fail(MIG_ERROR_NOT_FOUND,
						 "GPU %u (%s): MIG profile \"%s\" not found on this GPU (it has %s)",
						 gpu, g.model ? mig_model_name(g.model) : "?", key->text, known);
			return mig__fail(MIG_ERROR_NOT_FOUND,
					 "GPU %u (%s): MIG profile \"%s\" not found on this GPU, nor on any GPU of the node (it has %s)",
					 gpu, g.model ? mig_model_name(g.model) : "?", key->text, known);
		}
		mig_gi_profile_get(gi, &info);
		if (key->profile.start >= 0 && !(info.placements & (1u << key->profile.start))) {
			char starts[64];
			size_t used = 0;

			starts[0] = '\0';
			for (unsigned s = 0; s < 16; s++)
				if (info.placements & (1u << s))
					used += (size_t)snprintf(starts + used, sizeof(starts) - used,
								 "%s%u", used ? ", " : "", s);
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u (%s): \"%s\": a %s GPU instance cannot start at %d (its starts: %s)",
					 gpu, mig_model_name(g.model), key->text, info.name, key->profile.start,
					 starts);
		}
		total += (unsigned long long)key->count;
		if (total > LAYOUT_MAX_WANT || total > mig_model_max_mig_devices(g.model))
			return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
					 "GPU %u (%s): the config asks for %llu or more MIG devices; this GPU holds at most %u",
					 gpu, mig_model_name(g.model), total, mig_model_max_mig_devices(g.model));
		for (long long c = 0; c < key->count; c++) {
			layout_want *w = &t->want[t->n++];

			w->gi_profile = info.id;
			w->ci_profile = ci.id;
			w->slices = ci.slices;
			w->start = key->profile.start;
			layout_ci_name(w->name, sizeof(w->name), gi, ci.slices);
		}
	}
	return 0;
}

int layout_targets(layout_target *targets, const layout_named *cfg, const mig_state *st,
		   layout_notes *notes)
{
	unsigned n = mig_state_gpu_count(st);
	unsigned *order = malloc((n ? n : 1) * sizeof(*order));
	unsigned *visits = calloc(n ? n : 1, sizeof(*visits));
	size_t *first = calloc(n ? n : 1, sizeof(*first));
	int rc = MIG_SUCCESS;

	if (!order || !visits || !first) {
		rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		goto done;
	}
	for (unsigned g = 0; g < n; g++)
		memset(&targets[g], 0, sizeof(targets[g]));
	layout_pci_order(order, st);
	/* §parted-1.6: entries in file order, GPUs in PCI order; the last visit wins. */
	for (size_t e = 0; e < cfg->nentries; e++) {
		unsigned hits = 0;

		for (unsigned i = 0; i < n; i++) {
			unsigned gpu = order[i];

			if (!layout_entry_matches(&cfg->entries[e], st, gpu, i))
				continue;
			hits++;
			if (visits[gpu]++ == 0)
				first[gpu] = e;
			targets[gpu].covered = 1;
			targets[gpu].entry = e;
		}
		if (!hits)
			layout_note(notes, "entry %zu of '%s' (line %u) matches no GPU of this node", e + 1,
				    cfg->name, cfg->entries[e].line);
	}
	for (unsigned g = 0; g < n; g++) {
		if (visits[g] > 1)
			layout_note(notes,
				    "GPU %u is selected by entries %zu and %zu of '%s'; the last one decides",
				    g, first[g] + 1, targets[g].entry + 1, cfg->name);
		if (!targets[g].covered)
			continue;
		size_t nprof = 0;

		if (mig_gpu_gi_profiles(NULL, 0, &nprof, st, g) != MIG_SUCCESS || nprof == 0) {
			/* §parted-1.6: skipped by "devices: all" or "mig-enabled: false", refused by an index */
			const layout_entry *e = &cfg->entries[targets[g].entry];

			targets[g].incapable = 1;
			targets[g].enabled = e->mig_enabled;
			if (e->mig_enabled && !e->devices_all) {
				rc = mig__fail(MIG_ERROR_NOT_SUPPORTED,
					       "GPU %u: cannot set MIG mode on non MIG-capable GPU", g);
				goto done;
			}
			continue;
		}
		if ((rc = resolve_entry(&targets[g], &cfg->entries[targets[g].entry], st, g)) != 0)
			goto done;
	}
done:
	free(order);
	free(visits);
	free(first);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Current layout                                                     */
/* ------------------------------------------------------------------ */

int layout_gpu_read(layout_gpu_have *out, const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;
	mig_gi_info gis[LAYOUT_MAX_GI];
	mig_process *procs = NULL;
	size_t ngi = 0, nproc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = mig_gpu_get(&g, st, gpu)))
		return rc;
	out->mig_current = g.mig_current;
	out->mig_pending = g.mig_pending;
	if (g.process_count) {
		procs = calloc(g.process_count, sizeof(*procs));
		if (!procs)
			return MIG_ERROR_MEMORY;
		if ((rc = mig_process_list(procs, g.process_count, &nproc, st, gpu))) {
			free(procs);
			return rc;
		}
		if (nproc > g.process_count)
			nproc = g.process_count;
	}
	for (size_t p = 0; p < nproc; p++)
		out->gpu_procs += procs[p].gi == MIG_NONE;
	if (!g.mig_current)
		goto done;
	if ((rc = mig_gi_list(gis, LAYOUT_MAX_GI, &ngi, st, gpu)))
		goto done;
	for (size_t i = 0; i < ngi && i < LAYOUT_MAX_GI; i++) {
		layout_gi_have *h = &out->gi[out->ngi++];
		mig_ci_info cis[LAYOUT_MAX_CI];
		mig_gi_profile_info info;
		size_t nci = 0;

		mig_gi_profile_get(gis[i].profile, &info);
		h->id = gis[i].id;
		h->profile = info.id;
		h->p = gis[i].profile;
		h->at = gis[i].placement;
		if ((rc = mig_ci_list(cis, LAYOUT_MAX_CI, &nci, st, gpu, gis[i].id)))
			goto done;
		for (size_t c = 0; c < nci && c < LAYOUT_MAX_CI; c++) {
			layout_ci_have *ch = &h->ci[h->nci++];

			ch->id = cis[c].id;
			ch->profile = cis[c].profile.id;
			ch->slices = cis[c].profile.slices;
			ch->at = cis[c].placement;
			layout_ci_name(ch->name, sizeof(ch->name), gis[i].profile, ch->slices);
			for (size_t p = 0; p < nproc; p++)
				ch->procs += procs[p].gi == h->id && procs[p].ci == ch->id;
			h->procs += ch->procs;
		}
	}
done:
	free(procs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Assert                                                             */
/* ------------------------------------------------------------------ */

typedef struct tally {
	char name[64]; /* the longest key built below */
	unsigned want, have;
} tally;

static tally *tally_get(tally *t, size_t *n, size_t cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	if (*n == cap)
		return NULL;
	memset(&t[*n], 0, sizeof(t[*n]));
	snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
	return &t[(*n)++];
}

/*
 * What decides before the instances are counted: not covered, not
 * MIG-capable, or the mode differs.  1 or 0 when that settles it (noted in
 * diff), -1 when the instances are to be compared.
 */
static int mode_matches(const layout_gpu_have *have, const layout_target *t, int mode_only,
			layout_notes *diff)
{
	if (!t->covered) {
		layout_note(diff, "not selected by any entry of the config");
		return 0;
	}
	if (t->incapable) {
		/* §parted-4.1, P4: enabled on a GPU without MIG never asserts */
		if (t->enabled)
			layout_note(diff, "not MIG-capable, but the config enables MIG on it");
		return !t->enabled;
	}
	if (t->enabled != have->mig_current) {
		layout_note(diff, "MIG mode: want %s, have %s%s", t->enabled ? "enabled" : "disabled",
			    have->mig_current ? "enabled" : "disabled",
			    have->mig_pending != have->mig_current
				    ? (have->mig_pending ? " (enable pending a reset)" : " (disable pending a reset)")
				    : "");
		return 0;
	}
	return mode_only || !t->enabled ? 1 : -1;
}

/* Pinned wants ("@START") name one GI each: tally that GI's CIs against them, the GI claimed. */
static void tally_pinned(tally *tl, size_t *nt, size_t cap, const layout_gpu_have *have,
			 const layout_target *t, int *claimed)
{
	for (size_t w = 0; w < t->n; w++) {
		const layout_want *pw = &t->want[w];
		char key[64];
		tally *e;
		size_t g;

		if (pw->start < 0)
			continue;
		for (g = 0; g < have->ngi; g++)
			if (have->gi[g].profile == pw->gi_profile && (int)have->gi[g].at.start == pw->start)
				break;
		snprintf(key, sizeof(key), "%s@%d", pw->name, pw->start);
		if ((e = tally_get(tl, nt, cap, key)))
			e->want++;
		if (g < have->ngi && !claimed[g]) {
			claimed[g] = 1;
			for (size_t c = 0; c < have->gi[g].nci; c++) {
				snprintf(key, sizeof(key), "%s@%u", have->gi[g].ci[c].name,
					 have->gi[g].at.start);
				if ((e = tally_get(tl, nt, cap, key)))
					e->have++;
			}
		}
	}
}

/* The unpinned wants against the CIs of the GIs no pinned want claimed; 0 if a GI has no CI. */
static int tally_unpinned(tally *tl, size_t *nt, size_t cap, const layout_gpu_have *have,
			  const layout_target *t, const int *claimed, layout_notes *diff)
{
	int ok = 1;
	tally *e;

	for (size_t w = 0; w < t->n; w++)
		if (t->want[w].start < 0 && (e = tally_get(tl, nt, cap, t->want[w].name)))
			e->want++;
	for (size_t g = 0; g < have->ngi; g++) {
		if (claimed[g])
			continue;
		if (have->gi[g].nci == 0) {
			mig_gi_profile_info info;

			mig_gi_profile_get(have->gi[g].p, &info);
			layout_note(diff, "GI %u (%s at %u:%u) has no compute instance", have->gi[g].id,
				    info.name, have->gi[g].at.start, have->gi[g].at.size);
			ok = 0;
		}
		for (size_t c = 0; c < have->gi[g].nci; c++)
			if ((e = tally_get(tl, nt, cap, have->gi[g].ci[c].name)))
				e->have++;
	}
	return ok;
}

int layout_matches(const layout_gpu_have *have, const layout_target *t, int mode_only,
		   layout_notes *diff)
{
	tally tl[2 * LAYOUT_MAX_WANT + LAYOUT_MAX_GI * LAYOUT_MAX_CI];
	size_t nt = 0, cap = sizeof(tl) / sizeof(tl[0]);
	int claimed[LAYOUT_MAX_GI] = {0};
	int ok = mode_matches(have, t, mode_only, diff);

	if (ok >= 0)
		return ok;
	tally_pinned(tl, &nt, cap, have, t, claimed);
	ok = tally_unpinned(tl, &nt, cap, have, t, claimed, diff);
	for (size_t i = 0; i < nt; i++) {
		if (tl[i].want != tl[i].have) {
			layout_note(diff, "%s: want %u, have %u", tl[i].name, tl[i].want, tl[i].have);
			ok = 0;
		}
	}
	return ok;
}
