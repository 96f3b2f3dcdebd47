/*
 * state_instance.c - the model's GPU and compute instances: creating,
 * destroying and listing them, their CI profiles and placements, the
 * remaining capacity, and the MIG devices they make.
 */
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"

/* Instances may be made only with MIG enabled and no change pending (§nvml-A.7). */
static int require_mig(const gpu_rec *g, unsigned gpu, const char *what)
{
	if (!g->mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "%s on GPU %u: MIG mode is disabled%s", what, gpu,
				 g->mig_pending ? " (enable pending a GPU reset)" : "");
	if (!g->mig_pending)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "%s on GPU %u: MIG mode is pending disable", what, gpu);
	return MIG_SUCCESS;
}
int mig__model_gi_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned profile_id)
{
	const mig_gi_profile *p;
	int rc;

	rc = mig_gpu_gi_profile_by_id(&p, st, gpu, profile_id);
	if (rc)
		return rc;
	if (!st->gpu[gpu].mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "remaining capacity on GPU %u: MIG mode is disabled", gpu);
	*out = mig__gi_remaining(&st->gpu[gpu], p);
	return MIG_SUCCESS;
}
/* GPU instances ------------------------------------------------------------ */

static unsigned gi_process_count(const mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	unsigned n = 0;

	for (size_t i = 0; i < st->nproc; i++)
		n += st->proc[i].gpu == gpu && st->proc[i].gi == gi &&
		     (ci == MIG_NONE || st->proc[i].ci == ci);
	return n;
}

int mig__model_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu, unsigned profile_id,
			   const mig_placement *at)
{
	const mig_gi_profile *p;
	gpu_rec *g = mig__gpu(st, gpu);
	unsigned start, id;
	int rc;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	rc = mig_gpu_gi_profile_by_id(&p, st, gpu, profile_id);
	if (rc)
		return rc;
	rc = require_mig(g, gpu, "creating a GPU instance");
	if (rc)
		return rc;
	if (at) {
		/* §nvml-A.6: a placement not in the possible list is INVALID_ARGUMENT. */
		if (at->size != p->size || at->start >= 16 || !(p->starts & (1u << at->start)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "creating a %s GPU instance on GPU %u at %u:%u: not a legal placement for profile %u",
					 p->name, gpu, at->start, at->size, p->id);
		if (!mig__gi_fits(g, p, at->start))
			return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
					 "creating a %s GPU instance on GPU %u at %u:%u: the placement overlaps an existing GPU instance or its engines are taken",
					 p->name, gpu, at->start, at->size);
		start = at->start;
	} else if (mig__gi_auto_start(g, p, &start) != 0) {
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "creating a %s GPU instance on GPU %u: no free placement (%s)",
				 p->name, gpu,
				 g->ngi >= MIG_MAX_GIS ? "the GPU holds its maximum of GPU instances"
						      : "memory slices or engines are taken");
	}
	id = mig__gi_id_for(g, p, start);
	mig__backend_touch(st, gpu);
	mig__gi_insert(g, id, p, start);
	if (out_gi)
		*out_gi = id;
	return MIG_SUCCESS;
}

int mig__model_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
{
	gpu_rec *g = mig__gpu(st, gpu);
	gi_rec *r;
	unsigned procs;
	int rc;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!g->mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "destroying GPU instance %u on GPU %u: MIG mode is disabled", gi, gpu);
	r = mig__gi(g, gi);
	if (!r)
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "destroying GPU instance %u on GPU %u: no such GPU instance", gi, gpu);
	procs = gi_process_count(st, gpu, gi, MIG_NONE);
	if (procs)
		return mig__fail(MIG_ERROR_IN_USE,
				 "destroying GPU instance %u on GPU %u: %u process(es) run on it",
				 gi, gpu, procs);
	if (r->nci)
		return mig__fail(MIG_ERROR_IN_USE,
				 "destroying GPU instance %u on GPU %u: %u compute instance(s) remain; destroy them first",
				 gi, gpu, r->nci);
	mig__backend_touch(st, gpu);
	rc = (int)(r - g->gi);
	memmove(&g->gi[rc], &g->gi[rc + 1], (g->ngi - (unsigned)rc - 1) * sizeof(g->gi[0]));
	g->ngi--;
	return MIG_SUCCESS;
}

static void fill_gi_info(mig_gi_info *out, const mig_state *st, unsigned gpu, const gi_rec *r)
{
	out->id = r->id;
	out->profile = r->profile;
	out->placement.start = r->start;
	out->placement.size = r->profile->size;
	out->ci_count = r->nci;
	out->process_count = gi_process_count(st, gpu, r->id, MIG_NONE);
}

int mig_gi_list(mig_gi_info *out, size_t cap, size_t *count, const mig_state *st,
		unsigned gpu)
{
	gpu_rec *g = mig__gpu(st, gpu);

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!g->mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "listing GPU instances on GPU %u: MIG mode is disabled", gpu);
	*count = g->ngi;
	for (unsigned i = 0; i < g->ngi && i < cap; i++)
		fill_gi_info(&out[i], st, gpu, &g->gi[i]);
	if (out && g->ngi > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "GPU %u has %u GPU instances, room for %zu", gpu, g->ngi, cap);
	return MIG_SUCCESS;
}

int mig__find_gi(gi_rec **out, const mig_state *st, unsigned gpu, unsigned gi,
		   const char *what)
{
	gpu_rec *g = mig__gpu(st, gpu);

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!g->mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED, "%s on GPU %u: MIG mode is disabled",
				 what, gpu);
	*out = mig__gi(g, gi);
	if (!*out)
		return mig__fail(MIG_ERROR_NOT_FOUND, "%s on GPU %u: no GPU instance %u", what,
				 gpu, gi);
	return MIG_SUCCESS;
}

int mig_gi_get(mig_gi_info *out, const mig_state *st, unsigned gpu, unsigned gi)
{
	gi_rec *r;
	int rc = mig__find_gi(&r, st, gpu, gi, "looking up a GPU instance");

	if (rc)
		return rc;
	fill_gi_info(out, st, gpu, r);
	return MIG_SUCCESS;
}

/* Compute instances ------------------------------------------------------- */

int mig_ci_profiles(mig_ci_profile_info *out, size_t cap, size_t *count, const mig_state *st,
		    unsigned gpu, unsigned gi)
{
	gi_rec *r;
	size_t n;
	int rc = mig__find_gi(&r, st, gpu, gi, "listing compute instance profiles");

	if (rc)
		return rc;
	if (mig_gi_profile_ci_profiles(out, cap, &n, r->profile) != MIG_SUCCESS)
		n = 0;
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "GPU instance %u has %zu CI profiles, room for %zu", gi, n, cap);
	return MIG_SUCCESS;
}

static int find_ci_profile(mig_ci_profile_info *cp, const gi_rec *r, unsigned gpu,
			   int ci_profile)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;
	char known[256];
	size_t len = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, r->profile) != MIG_SUCCESS)
		n = 0;
	if (n > MIG_MAX_CI_PROFILES)
		n = MIG_MAX_CI_PROFILES;
	for (size_t i = 0; i < n; i++) {
		if (ci_profile == MIG_CI_PROFILE_DEFAULT ? list[i].is_default
							 : (int)list[i].id == ci_profile) {
			*cp = list[i];
			return MIG_SUCCESS;
		}
	}
	known[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(known) - 1; i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s (%u)",
					i ? ", " : "", list[i].name, list[i].id);
	/* §nvml-A.6: a CI profile not valid in this GI is NOT_SUPPORTED. */
	return mig__fail(MIG_ERROR_NOT_SUPPORTED,
			 "GPU %u GPU instance %u (%s) has no compute instance profile %d; known: %s",
			 gpu, r->id, r->profile->name, ci_profile, known);
}

/* An explicit CI profile ID: (unsigned)-1 is a profile that does not exist, not "default". */
static int find_ci_profile_id(mig_ci_profile_info *cp, const gi_rec *r, unsigned gpu, unsigned id)
{
	if (id > 0xFFFF)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "GPU %u GPU instance %u (%s) has no compute instance profile %u", gpu,
				 r->id, r->profile->name, id);
	return find_ci_profile(cp, r, gpu, (int)id);
}

int mig_ci_possible_placements(mig_placement *out, size_t cap, size_t *count,
			       const mig_state *st, unsigned gpu, unsigned gi, unsigned ci_profile)
{
	mig_ci_profile_info cp;
	gi_rec *r;
	size_t n = 0;
	int rc = mig__find_gi(&r, st, gpu, gi, "listing compute instance placements");

	if (rc)
		return rc;
	rc = find_ci_profile_id(&cp, r, gpu, ci_profile);
	if (rc)
		return rc;
	for (unsigned s = 0; s < 16; s++) {
		if (!(cp.placements & (1u << s)))
			continue;
		if (out && n < cap) {
			out[n].start = s;
			out[n].size = cp.slices;
		}
		n++;
	}
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "CI profile %u has %zu placements, room for %zu", ci_profile, n, cap);
	return MIG_SUCCESS;
}

int mig__model_ci_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned gi,
			    unsigned ci_profile)
{
	mig_ci_profile_info cp;
	gi_rec *r;
	int rc = mig__find_gi(&r, st, gpu, gi, "compute instance capacity");

	if (rc)
		return rc;
	rc = find_ci_profile_id(&cp, r, gpu, ci_profile);
	if (rc)
		return rc;
	*out = mig__ci_remaining(r, &cp);
	return MIG_SUCCESS;
}

int mig__model_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi,
			   int ci_profile, const mig_placement *at)
{
	mig_ci_profile_info cp;
	gi_rec *r;
	unsigned start, id;
	int rc = mig__find_gi(&r, st, gpu, gi, "creating a compute instance");

	if (rc)
		return rc;
	rc = require_mig(&st->gpu[gpu], gpu, "creating a compute instance");
	if (rc)
		return rc;
	rc = find_ci_profile(&cp, r, gpu, ci_profile);
	if (rc)
		return rc;
	if (at) {
		if (at->size != cp.slices || at->start >= 16 || !(cp.placements & (1u << at->start)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "creating a %s compute instance in GPU %u GPU instance %u at %u:%u: not a legal placement",
					 cp.name, gpu, gi, at->start, at->size);
		if (!mig__ci_fits(r, &cp, at->start))
			return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
					 "creating a %s compute instance in GPU %u GPU instance %u at %u:%u: the compute slices are taken",
					 cp.name, gpu, gi, at->start, at->size);
		start = at->start;
	} else if (mig__ci_auto_start(r, &cp, &start) != 0) {
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "creating a %s compute instance in GPU %u GPU instance %u: no free compute slices",
				 cp.name, gpu, gi);
	}
	id = mig__ci_lowest_free_id(r);
	mig__backend_touch(st, gpu);
	mig__ci_insert(r, id, &cp, start);
	if (out_ci)
		*out_ci = id;
	return MIG_SUCCESS;
}

int mig__model_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	gi_rec *r;
	unsigned procs, i;
	int rc = mig__find_gi(&r, st, gpu, gi, "destroying a compute instance");

	if (rc)
		return rc;
	for (i = 0; i < r->nci && r->ci[i].id != ci; i++)
		;
	if (i == r->nci)
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "destroying compute instance %u in GPU %u GPU instance %u: no such compute instance",
				 ci, gpu, gi);
	procs = gi_process_count(st, gpu, gi, ci);
	if (procs)
		return mig__fail(MIG_ERROR_IN_USE,
				 "destroying compute instance %u in GPU %u GPU instance %u: %u process(es) run on it",
				 ci, gpu, gi, procs);
	mig__backend_touch(st, gpu);
	memmove(&r->ci[i], &r->ci[i + 1], (r->nci - i - 1) * sizeof(r->ci[0]));
	r->nci--;
	return MIG_SUCCESS;
}
static void fill_ci_info(mig_ci_info *out, const mig_state *st, unsigned gpu,
			 const gi_rec *r, const ci_rec *c)
{
	memset(out, 0, sizeof(*out));
	out->gi = r->id;
	out->id = c->id;
	mig__ci_profile(&out->profile, r->profile, c->profile);
	out->placement.start = c->start;
	out->placement.size = c->slices;
	mig__device_uuid(out->uuid, &st->gpu[gpu], r->id, c->id);
	out->process_count = gi_process_count(st, gpu, r->id, c->id);
}

int mig_ci_list(mig_ci_info *out, size_t cap, size_t *count, const mig_state *st,
		unsigned gpu, unsigned gi)
{
	gi_rec *r;
	int rc = mig__find_gi(&r, st, gpu, gi, "listing compute instances");

	if (rc)
		return rc;
	*count = r->nci;
	for (unsigned i = 0; i < r->nci && i < cap; i++)
		fill_ci_info(&out[i], st, gpu, r, &r->ci[i]);
	if (out && r->nci > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "GPU instance %u has %u compute instances, room for %zu", gi,
				 r->nci, cap);
	return MIG_SUCCESS;
}

int mig_device_list(mig_device_info *out, size_t cap, size_t *count, const mig_state *st,
		    unsigned gpu)
{
	size_t n = 0;

	if (gpu != MIG_ALL_GPUS && !mig__gpu(st, gpu))
		return MIG_ERROR_INVALID_ARGUMENT;
	/* §geometry-1.8b: (GPU index, GI ID, CI ID) ascending; GIs and CIs are kept sorted. */
	for (unsigned g = 0; g < st->ngpu; g++) {
		unsigned index = 0;

		if (gpu != MIG_ALL_GPUS && g != gpu)
			continue;
		if (!st->gpu[g].mig_current)
			continue;
		for (unsigned i = 0; i < st->gpu[g].ngi; i++) {
			const gi_rec *r = &st->gpu[g].gi[i];

			for (unsigned j = 0; j < r->nci; j++, index++, n++) {
				if (!out || n >= cap)
					continue;
				out[n].gpu = g;
				out[n].index = index;
				out[n].gi_profile = r->profile;
				fill_ci_info(&out[n].ci, st, g, r, &r->ci[j]);
			}
		}
	}
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "%zu MIG devices, room for %zu", n, cap);
	return MIG_SUCCESS;
}
