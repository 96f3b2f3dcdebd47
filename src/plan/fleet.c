/*
 * fleet.c - the fleet in memory: nodes, GPUs, instances; from a node's
 * state, synthetic fleets, the emulated state of one node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "mig_internal.h"
#include "plan_int.h"

migplan_fleet *mp_fleet_new(void)
{
	return calloc(1, sizeof(migplan_fleet));
}

void migplan_fleet_free(migplan_fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nnode; i++)
		free(f->node[i].name);
	for (size_t i = 0; i < f->nlat; i++)
		mp_lattice_free(f->lat[i]);
	free(f->node);
	free(f->gpu);
	free(f->lat);
	free(f);
}

size_t migplan_fleet_gpu_count(const migplan_fleet *f)
{
	return f ? f->ngpu : 0;
}

size_t migplan_fleet_node_count(const migplan_fleet *f)
{
	return f ? f->nnode : 0;
}

const char *migplan_fleet_node_name(const migplan_fleet *f, size_t node)
{
	return f && node < f->nnode ? f->node[node].name : NULL;
}

int mp_fleet_add_node(migplan_fleet *f, const char *name)
{
	mp_node *n;

	if (!(f->nnode & (f->nnode - 1)) || !f->nnode) {
		size_t cap = f->nnode ? 2 * f->nnode : 1;

		if (!(n = realloc(f->node, cap * sizeof(*n))))
			return -1;
		f->node = n;
	}
	n = &f->node[f->nnode];
	if (!(n->name = strdup(name)))
		return -1;
	n->first = f->ngpu;
	n->ngpu = 0;
	f->nnode++;
	return 0;
}

mp_gpu *mp_fleet_add_gpu(migplan_fleet *f)
{
	mp_gpu *g;

	if (!f->nnode)
		return NULL;
	if (!(f->ngpu & (f->ngpu - 1)) || !f->ngpu) {
		size_t cap = f->ngpu ? 2 * f->ngpu : 1;

		if (!(g = realloc(f->gpu, cap * sizeof(*g))))
			return NULL;
		f->gpu = g;
	}
	g = &f->gpu[f->ngpu++];
	memset(g, 0, sizeof(*g));
	g->node = f->nnode - 1;
	f->node[f->nnode - 1].ngpu++;
	return g;
}

mp_lattice *mp_fleet_lattice(migplan_fleet *f, const mig_model *m, const char *driver)
{
	mp_lattice **grown, *l;
	const char *d = driver && *driver ? driver : mig_model_driver(m, 0);

	for (size_t i = 0; i < f->nlat; i++)
		/* by key: the NVML backend builds one model object per GPU */
		if ((f->lat[i]->model == m || !strcmp(mig_model_key(f->lat[i]->model), mig_model_key(m))) &&
		    !strcmp(f->lat[i]->driver, d))
			return f->lat[i];
	if (mp_lattice_build(&l, m, d))
		return NULL;
	if (!(grown = realloc(f->lat, (f->nlat + 1) * sizeof(*grown)))) {
		mp_lattice_free(l);
		mig__fail(MIG_ERROR_MEMORY, "out of memory");
		return NULL;
	}
	f->lat = grown;
	f->lat[f->nlat++] = l;
	return l;
}

int mp_gpu_masks(mp_gpu *g)
{
	const mp_lattice *l = g->lat;
	uint32_t all = 0;

	g->busy = g->idle = g->reuse = 0;
	for (size_t i = 0; i < g->ngi; i++) {
		mp_gi *gi = &g->gi[i];
		uint32_t bit;

		gi->item = mp_lattice_item(l, gi->prof, gi->start);
		if (gi->item < 0)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "instance %zu: %s cannot start at %u on %s", i,
					 l->info[gi->prof].name, gi->start, mig_model_key(l->model));
		bit = 1u << gi->item;
		if (all & bit)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "instance %zu: a second %s at %u", i,
					 l->info[gi->prof].name, gi->start);
		all |= bit;
		for (size_t c = 0; c < gi->nci; c++)
			if (gi->ci[c].procs)
				gi->busy = 1;
		if (gi->holder[0])
			gi->busy = 1;
		if (gi->busy) {
			g->busy |= bit;
		} else {
			g->idle |= bit;
			if (gi->nci == 1 && gi->ci[0].profile == l->full_ci[gi->prof])
				g->reuse |= bit;
		}
	}
	if (mp_lattice_find(l, all) < 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "these instances do not fit together on %s (overlapping placements or too many of a profile)",
				 mig_model_key(l->model));
	return 0;
}

/* ------------------------------------------------------------------ */
/* From a node's state                                                */
/* ------------------------------------------------------------------ */

static int lattice_profile_by_id(const mp_lattice *l, unsigned id)
{
	for (size_t p = 0; p < l->nprof; p++)
		if (l->info[p].id == id)
			return (int)p;
	return -1;
}

static int gpu_from_state(migplan_fleet *f, const mig_state *st, unsigned idx)
{
	mig_gi_info gis[MP_MAX_GI];
	mig_gpu_info info;
	size_t ngi = 0;
	mp_gpu *g;
	int rc;

	if ((rc = mig_gpu_get(&info, st, idx)) != 0)
		return mig__fail(rc, "GPU %u: %s", idx, mig_errmsg());
	if (!(g = mp_fleet_add_gpu(f)))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	g->index = idx;
	snprintf(g->uuid, sizeof(g->uuid), "%s", info.uuid);
	g->mig = info.mig_current;
	if (!(g->lat = mp_fleet_lattice(f, info.model, info.driver)))
		return MIG_ERROR_NOT_SUPPORTED;
	if (g->mig && (rc = mig_gi_list(gis, MP_MAX_GI, &ngi, st, idx)) != 0)
		return mig__fail(rc, "GPU %u: %s", idx, mig_errmsg());
	{
		mig_process procs[64];
		size_t np = 0;

		if (!mig_process_list(procs, 64, &np, st, idx))
			for (size_t i = 0; i < np && i < 64; i++)
				g->gpu_procs += procs[i].gi == MIG_NONE;
	}
	for (size_t i = 0; i < ngi && i < MP_MAX_GI; i++) {
		mig_gi_profile_info pi;
		mig_ci_info cis[MP_MAX_CI];
		size_t nci = 0;
		mp_gi *gi = &g->gi[g->ngi++];
		int p;

		mig_gi_profile_get(gis[i].profile, &pi);
		p = lattice_profile_by_id(g->lat, pi.id);
		if (p < 0)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u: GI %u has profile %u, unknown to the planner", idx,
					 gis[i].id, pi.id);
		memset(gi, 0, sizeof(*gi));
		gi->id = gis[i].id;
		gi->prof = (unsigned)p;
		gi->start = gis[i].placement.start;
		gi->priority = 1;
		if (mig_ci_list(cis, MP_MAX_CI, &nci, st, idx, gis[i].id))
			nci = 0;
		for (size_t c = 0; c < nci && c < MP_MAX_CI; c++) {
			mp_ci *ci = &gi->ci[gi->nci++];

			ci->id = cis[c].id;
			ci->profile = cis[c].profile.id;
			ci->start = cis[c].placement.start;
			ci->size = cis[c].placement.size;
			ci->procs = cis[c].process_count;
			snprintf(ci->uuid, sizeof(ci->uuid), "%s", cis[c].uuid);
		}
	}
	if ((rc = mp_gpu_masks(g)) != 0)
		return mig__fail(rc, "GPU %u: %s", idx, mig_errmsg());
	return 0;
}

int migplan_fleet_from_state(migplan_fleet **out, const mig_state *st, const char *node)
{
	migplan_fleet *f = mp_fleet_new();
	int rc;

	*out = NULL;
	if (!f || mp_fleet_add_node(f, node ? node : "local")) {
		migplan_fleet_free(f);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	for (unsigned i = 0; i < mig_state_gpu_count(st); i++) {
		if ((rc = gpu_from_state(f, st, i)) != 0) {
			migplan_fleet_free(f);
			return rc;
		}
	}
	*out = f;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The emulated state of one node                                     */
/* ------------------------------------------------------------------ */

int migplan_node_state(mig_state **out, const migplan_fleet *f, size_t node)
{
	mig_state *st = NULL;
	const mp_node *n;
	int rc;

	*out = NULL;
	if (!f || node >= f->nnode)
		return mig__fail(MIG_ERROR_NOT_FOUND, "no node %zu in the fleet", node);
	n = &f->node[node];
	if (mig_state_new(&st))
		goto fail;
	for (size_t k = 0; k < n->ngpu; k++) {
		const mp_gpu *g = &f->gpu[n->first + k];
		mig_gpu_spec spec = {0};
		int act;

		spec.model = g->lat->model;
		spec.driver = g->lat->driver;
		spec.uuid = g->uuid[0] ? g->uuid : NULL;
		if (mig_state_add_gpu(st, &spec))
			goto fail;
		if (!g->mig)
			continue;
		if (mig_set_mig_mode(st, (unsigned)k, 1, &act) || act != MIG_SUCCESS)
			goto fail;
		for (size_t i = 0; i < g->ngi; i++) {
			const mp_gi *gi = &g->gi[i];
			mig_placement at = {gi->start, g->lat->info[gi->prof].placement_size};
			unsigned id, cid;

			if (mig_create_gi(&id, st, (unsigned)k, g->lat->info[gi->prof].id, &at))
				goto fail;
			for (size_t c = 0; c < gi->nci; c++) {
				mig_placement cat = {gi->ci[c].start, gi->ci[c].size};

				if (mig_create_ci(&cid, st, (unsigned)k, id, (int)gi->ci[c].profile, &cat))
					goto fail;
				if (gi->ci[c].uuid[0] &&
				    mig_gpu_pin_mig_uuid(st, (unsigned)k, id, cid, gi->ci[c].uuid))
					goto fail;
			}
		}
	}
	*out = st;
	return 0;
fail:
	rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT, "node %s: cannot build its state: %s", n->name,
		       mig_errmsg());
	mig_state_free(st);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Synthetic fleets                                                   */
/* ------------------------------------------------------------------ */

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rand_uuid(char *buf, size_t len, const char *prefix, uint64_t *s)
{
	uint64_t a = next_rand(s), b = next_rand(s);

	snprintf(buf, len, "%s-%08x-%04x-%04x-%04x-%012llx", prefix, (unsigned)(a >> 32),
		 (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xffff, (unsigned)(b >> 48),
		 (unsigned long long)(b & 0xffffffffffffull));
}

/* Add random GIs to g until `slices` compute slices are used or nothing more fits. */
static void synth_fill(mp_gpu *g, int32_t *idx, unsigned slices, int busy, uint64_t *s)
{
	const mp_lattice *l = g->lat;

	while (l->used[*idx] < slices && g->ngi < MP_MAX_GI) {
		int cand[MP_MAX_ITEMS], nc = 0;

		for (size_t i = 0; i < l->nitem; i++) {
			int32_t nx = l->succ[(size_t)*idx * l->nitem + i];

			if (nx >= 0 && l->used[nx] <= slices)
				cand[nc++] = (int)i;
		}
		if (!nc)
			break;
		{
			int it = cand[next_rand(s) % (unsigned)nc];
			mp_gi *gi = &g->gi[g->ngi++];
			unsigned p = l->item[it].prof;

			memset(gi, 0, sizeof(*gi));
			gi->prof = p;
			gi->start = l->item[it].start;
			gi->busy = busy;
			gi->priority = busy ? 1 + (unsigned)(next_rand(s) % 3) : 1;
			gi->age_s = busy ? (double)(next_rand(s) % 86400) : 0;
			if (busy)
				snprintf(gi->holder, sizeof(gi->holder), "job-%llu",
					 (unsigned long long)(next_rand(s) % 1000000));
			gi->nci = 1;
			gi->ci[0].profile = l->full_ci[p];
			gi->ci[0].size = l->info[p].slices;
			rand_uuid(gi->ci[0].uuid, sizeof(gi->ci[0].uuid), "MIG", s);
			*idx = l->succ[(size_t)*idx * l->nitem + (size_t)it];
		}
	}
}

unsigned mp_canonical_gi(const mp_lattice *l, unsigned prof, unsigned start)
{
	unsigned size = l->info[prof].placement_size;
	unsigned ratio = mig_model_placement_units(l->model) / (size ? size : 1);
	unsigned first = 0;

	/* the buddy tree: level k holds 2^k nodes, numbered from 2^k - 1 */
	for (unsigned r = ratio; r > 1; r /= 2)
		first = 2 * first + 1;
	return first + start / (size ? size : 1);
}

/* The options checked and --models resolved into models[] (at most 64): 0 or a mig_error. */
static int synth_models(const mig_model **models, size_t *nm, const migplan_synth_opts *o)
{
	char list[1024], *tok, *save = NULL;

	*nm = 0;
	if (!o || o->version != MIGPLAN_SYNTH_OPTS_VERSION)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "fleet synth: options of an unknown version");
	if (o->gpus == 0 || o->gpus > 1000000)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "fleet synth: --gpus %u: give 1 to 1000000 GPUs", o->gpus);
	if (!(o->fill >= 0 && o->fill <= 1) || !(o->idle >= 0 && o->idle <= 1))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "fleet synth: --fill and --idle are shares of the GPUs' compute, from 0 to 1");
	snprintf(list, sizeof(list), "%s", o->models && *o->models ? o->models : "H100-SXM5-80GB");
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const mig_model *m = mig_catalog_find(tok);

		if (!m || *nm == 64)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "fleet synth: unknown GPU model '%s' (migctl emulate models lists them)",
					 tok);
		models[(*nm)++] = m;
	}
	if (!*nm)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "fleet synth: --models lists no model");
	return MIG_SUCCESS;
}

/* One random GPU of model m, MIG on, its busy and idle instances drawn around o's means. */
static int synth_gpu(migplan_fleet *f, unsigned index, const mig_model *m,
		     const migplan_synth_opts *o, uint64_t *s)
{
	mp_gpu *g = mp_fleet_add_gpu(f);
	int32_t idx = 0;
	unsigned total, busy_slices, idle_slices;

	if (!g)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	g->index = index;
	rand_uuid(g->uuid, sizeof(g->uuid), "GPU", s);
	if (!(g->lat = mp_fleet_lattice(f, m, NULL)))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory"); /* the catalog's models all build */
	g->mig = 1;
	total = g->lat->total_slices;
	/* fill and idle are means: each GPU draws its share around them */
	busy_slices = (unsigned)(o->fill * 2 * total * (double)(next_rand(s) % 1001) / 1000.0 + 0.5);
	idle_slices = (unsigned)(o->idle * 2 * total * (double)(next_rand(s) % 1001) / 1000.0 + 0.5);
	synth_fill(g, &idx, busy_slices < total ? busy_slices : total, 1, s);
	synth_fill(g, &idx, busy_slices + idle_slices < total ? busy_slices + idle_slices : total, 0, s);
	for (size_t k = 0; k < g->ngi; k++)
		g->gi[k].id = mp_canonical_gi(g->lat, g->gi[k].prof, g->gi[k].start);
	return mp_gpu_masks(g);
}

int migplan_fleet_synth(migplan_fleet **out, const migplan_synth_opts *o)
{
	migplan_fleet *f = mp_fleet_new();
	const mig_model *models[64];
	size_t nm = 0;
	uint64_t s;
	unsigned per;
	int rc;

	*out = NULL;
	if (!f)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if ((rc = synth_models(models, &nm, o)) != 0)
		goto fail;
	per = o->gpus_per_node ? o->gpus_per_node : 8;
	s = o->seed;
	for (unsigned i = 0; i < o->gpus; i++) {
		if (i % per == 0) {
			char name[32];

			snprintf(name, sizeof(name), "node-%04u", i / per);
			if (mp_fleet_add_node(f, name)) {
				rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
				goto fail;
			}
		}
		if ((rc = synth_gpu(f, i % per, models[i % nm], o, &s)) != 0)
			goto fail;
	}
	*out = f;
	return 0;
fail:
	migplan_fleet_free(f);
	return rc;
}
