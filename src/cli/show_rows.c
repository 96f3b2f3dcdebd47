/*
 * show_rows.c - the rows of `migctl show`: which GI and CI hold which
 * memory and compute slice of a GPU, its processes, and which profiles
 * still fit where.
 *
 * The slice axis.  Memory is cut in 8 slices (4 on A30); the RTX PRO 6000
 * prints placements on a 12-unit axis whose legal starts are multiples of
 * 3, i.e. 4 slices (§geometry-1.1, §geometry-2.14), so a slice is
 * units / memory_slices placement units.  Compute slices: as many as the
 * largest profile has (7 on 8-slot parts, whose 8th memory slice has no
 * GPC, §geometry-1.5; 4 on A30 and RTX PRO 6000).  A GI's compute slices are drawn
 * from the memory slice where it starts (a 3g at 4:4 computes on 4-6, a
 * 1g.20gb at 6:2 on 6); a CI's from its GI's first compute slice plus its
 * own start (§geometry-1.2: CI placements count compute slices within the GI).
 */
#include <stdlib.h>
#include <string.h>

#include "show.h"

static int cmp_proc(const void *a, const void *b)
{
	const mig_process *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void clamp_span(show_span *s, unsigned limit)
{
	if (s->first > limit)
		s->first = limit;
	if (s->count > limit - s->first)
		s->count = limit - s->first;
}

/*
 * The fit test: a legal placement fits when creating a GI of the profile
 * there would succeed now.  It is asked of libmig itself, on a copy, so
 * the answer includes every rule (overlap, engines, the GI limit, MIG mode).
 */
static int build_fits(show_gpu *g, const mig_state *st)
{
	const mig_gi_profile *profiles[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_gpu_gi_profiles(profiles, MIG_MAX_GI_PROFILES, &n, st, g->index) != MIG_SUCCESS)
		n = 0;

	if (n > MIG_MAX_GI_PROFILES)
		n = MIG_MAX_GI_PROFILES;
	g->compute_slices = 0;
	for (size_t i = 0; i < n; i++) {
		show_fit *f = &g->fit[g->nfit++];
		int rc;

		memset(f, 0, sizeof(*f));
		mig_gi_profile_get(profiles[i], &f->profile);
		if (f->profile.slices > g->compute_slices)
			g->compute_slices = f->profile.slices;
		rc = mig_gi_possible_placements(f->legal, SHOW_MAX_PLACEMENTS, &f->nlegal, st,
						g->index, f->profile.id);
		if (rc)
			return rc;
		if (f->nlegal > SHOW_MAX_PLACEMENTS)
			f->nlegal = SHOW_MAX_PLACEMENTS;
		if (!g->info.mig_current || g->info.mig_pending != g->info.mig_current)
			continue; /* creating answers NOT_SUPPORTED: nothing fits */
		if (mig_gi_remaining(&f->remaining, st, g->index, f->profile.id) != MIG_SUCCESS)
			f->remaining = 0;
		for (size_t p = 0; p < f->nlegal; p++) {
			mig_state *copy = NULL;
			unsigned id;

			rc = mig_state_clone(&copy, st);
			if (rc)
				return rc;
			if (mig_create_gi(&id, copy, g->index, f->profile.id, &f->legal[p]) ==
			    MIG_SUCCESS)
				f->free[f->nfree++] = f->legal[p];
			mig_state_free(copy);
		}
	}
	if (g->compute_slices == 0 || g->compute_slices > g->memory_slices)
		g->compute_slices = g->memory_slices;
	return MIG_SUCCESS;
}

static int build_instances(show_gpu *g, const mig_state *st, const mig_process *procs,
			   size_t nprocs)
{
	mig_gi_info gis[SHOW_MAX_GI];
	size_t ngi = 0;
	int rc = mig_gi_list(gis, SHOW_MAX_GI, &ngi, st, g->index);

	if (rc == MIG_ERROR_NOT_SUPPORTED)
		return MIG_SUCCESS; /* MIG disabled: no instances */
	if (rc)
		return rc;
	for (size_t i = 0; i < ngi; i++) {
		show_gi *gi = &g->gi[g->ngi];
		mig_ci_info cis[SHOW_MAX_CI];
		size_t nci = 0;

		memset(gi, 0, sizeof(*gi));
		gi->info = gis[i];
		gi->color = (unsigned)g->ngi;
		mig_gi_profile_get(gis[i].profile, &gi->profile);
		gi->memory.first = gis[i].placement.start / g->units_per_slice;
		gi->memory.count = gis[i].placement.size / g->units_per_slice;
		clamp_span(&gi->memory, g->memory_slices);
		gi->compute.first = gi->memory.first;
		gi->compute.count = gi->profile.slices;
		clamp_span(&gi->compute, g->compute_slices);
		rc = mig_ci_list(cis, SHOW_MAX_CI, &nci, st, g->index, gis[i].id);
		if (rc)
			return rc;
		for (size_t c = 0; c < nci && c < SHOW_MAX_CI; c++) {
			show_ci *ci = &gi->ci[gi->nci++];

			ci->info = cis[c];
			ci->compute.first = gi->compute.first + cis[c].placement.start;
			ci->compute.count = cis[c].placement.size;
			clamp_span(&ci->compute, gi->compute.first + gi->compute.count);
			ci->proc_first = g->nproc;
			for (size_t p = 0; p < nprocs; p++)
				if (procs[p].gi == cis[c].gi && procs[p].ci == cis[c].id)
					g->proc[g->nproc++] = procs[p];
			ci->nproc = g->nproc - ci->proc_first;
			qsort(g->proc + ci->proc_first, ci->nproc, sizeof(*g->proc), cmp_proc);
		}
		g->ngi++;
	}
	return MIG_SUCCESS;
}

static void build_cells(show_gpu *g)
{
	for (unsigned s = 0; s < g->memory_slices; s++) {
		g->memory[s] = (show_cell){SHOW_FREE, -1, -1};
		g->compute[s] = (show_cell){s < g->compute_slices ? SHOW_FREE : SHOW_ABSENT, -1, -1};
	}
	for (size_t i = 0; i < g->ngi; i++) {
		const show_gi *gi = &g->gi[i];

		for (unsigned s = gi->memory.first; s < gi->memory.first + gi->memory.count; s++) {
			g->memory[s] = (show_cell){SHOW_GI, (int)i, -1};
			if (g->compute[s].use == SHOW_FREE)
				g->compute[s] = (show_cell){SHOW_UNUSED, (int)i, -1};
		}
		for (unsigned s = gi->compute.first; s < gi->compute.first + gi->compute.count; s++)
			g->compute[s] = (show_cell){SHOW_NO_CI, (int)i, -1};
		for (size_t c = 0; c < gi->nci; c++)
			for (unsigned s = gi->ci[c].compute.first;
			     s < gi->ci[c].compute.first + gi->ci[c].compute.count; s++)
				g->compute[s] = (show_cell){SHOW_GI, (int)i, (int)c};
	}
}

int show_gpu_build(show_gpu *g, const mig_state *st, unsigned gpu)
{
	mig_process *procs = NULL;
	size_t nprocs = 0;
	int rc;

	memset(g, 0, sizeof(*g));
	g->index = gpu;
	rc = mig_gpu_get(&g->info, st, gpu);
	if (rc)
		return rc;
	g->units = mig_model_placement_units(g->info.model);
	/* §geometry-2.14: the 12-unit axis holds 4 slices of 3 units. */
	g->units_per_slice = g->units > SHOW_MAX_SLICES ? g->units / 4 : 1;
	if (g->units_per_slice == 0)
		g->units_per_slice = 1;
	g->memory_slices = g->units / g->units_per_slice;
	if (g->memory_slices > SHOW_MAX_SLICES)
		g->memory_slices = SHOW_MAX_SLICES;
	rc = build_fits(g, st);
	if (rc)
		return rc;
	rc = mig_process_list(NULL, 0, &nprocs, st, gpu);
	if (rc)
		return rc;
	procs = calloc(nprocs ? nprocs : 1, sizeof(*procs));
	g->proc = calloc(nprocs ? nprocs : 1, sizeof(*g->proc));
	if (!procs || !g->proc) {
		rc = MIG_ERROR_MEMORY;
		goto fail;
	}
	rc = mig_process_list(procs, nprocs, &nprocs, st, gpu);
	if (rc)
		goto fail;
	rc = build_instances(g, st, procs, nprocs);
	if (rc)
		goto fail;
	g->gpu_proc_first = g->nproc;
	for (size_t p = 0; p < nprocs; p++)
		if (procs[p].gi == MIG_NONE)
			g->proc[g->nproc++] = procs[p];
	g->gpu_nproc = g->nproc - g->gpu_proc_first;
	qsort(g->proc + g->gpu_proc_first, g->gpu_nproc, sizeof(*g->proc), cmp_proc);
	build_cells(g);
fail:
	free(procs);
	return rc;
}

void show_gpu_release(show_gpu *g)
{
	if (!g)
		return;
	free(g->proc);
	g->proc = NULL;
	g->nproc = 0;
}
