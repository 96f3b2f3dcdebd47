/*
 * mig_ci.c - compute instances inside a GPU instance (§nvml-A.6, §nvml-A.7).
 *
 * CI profile IDs equal their NVML_COMPUTE_INSTANCE_PROFILE_* index, so the
 * profile-info calls and the rest take the same number.  A profile the GI
 * does not offer answers NOT_SUPPORTED; an index past NVML's table (or an
 * engine profile other than SHARED) INVALID_ARGUMENT.  Profiles are looked
 * up here by exact unsigned value before libmig sees them, since libmig
 * reads a CI profile as an int in which -1 means "the default".
 */
#include <stdio.h>
#include <string.h>

#include "nvml_internal.h"

/* The GI's CI profile `id` and the GI's own profile (mutex held). */
static nvmlReturn_t ci_profile(mig_ci_profile_info *out, mig_gi_profile_info *gp, unsigned gpu,
			       unsigned gi, unsigned id)
{
	mig_ci_profile_info list[NVML_COMPUTE_INSTANCE_PROFILE_COUNT + 8];
	mig_gi_info info;
	size_t n = 0;

	if (mig_gi_get(&info, nv_state(), gpu, gi) != MIG_SUCCESS ||
	    mig_ci_profiles(list, sizeof(list) / sizeof(list[0]), &n, nv_state(), gpu, gi) !=
		    MIG_SUCCESS)
		return NVML_ERROR_INVALID_ARGUMENT;
	if (gp)
		mig_gi_profile_get(info.profile, gp);
	for (size_t i = 0; i < n && i < sizeof(list) / sizeof(list[0]); i++) {
		if (list[i].id == id) {
			*out = list[i];
			return NVML_SUCCESS;
		}
	}
	return NVML_ERROR_NOT_SUPPORTED;
}

/* Profile info ------------------------------------------------------------------------ */

static nvmlReturn_t profile_lookup(mig_ci_profile_info *cp, mig_gi_profile_info *gp,
				   nvmlGpuInstance_t gpuInstance, unsigned profile,
				   unsigned engProfile, const void *info)
{
	unsigned gpu, gi;
	nvmlReturn_t rc = nv_gpu_instance(&gpu, &gi, gpuInstance);

	if (rc != NVML_SUCCESS)
		return rc;
	if (!info || engProfile >= NVML_COMPUTE_INSTANCE_ENGINE_PROFILE_COUNT)
		return NVML_ERROR_INVALID_ARGUMENT;
	rc = ci_profile(cp, gp, gpu, gi, profile);
	if (rc == NVML_ERROR_NOT_SUPPORTED && profile >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT)
		rc = NVML_ERROR_INVALID_ARGUMENT;
	return rc;
}

nvmlReturn_t nvmlGpuInstanceGetComputeInstanceProfileInfo(nvmlGpuInstance_t gpuInstance,
							  unsigned int profile,
							  unsigned int engProfile,
							  nvmlComputeInstanceProfileInfo_t *info)
{
	mig_ci_profile_info cp;
	mig_gi_profile_info gp;
	nvmlComputeInstanceProfileInfo_t o;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = profile_lookup(&cp, &gp, gpuInstance, profile, engProfile, info)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* The CI's share of SMs; the engines are the GI's, shared by its CIs (§nvml-A.7). */
	memset(&o, 0, sizeof(o));
	o.id = cp.id;
	o.sliceCount = cp.slices;
	o.instanceCount = cp.instance_count;
	o.multiprocessorCount = cp.sm;
	o.sharedCopyEngineCount = gp.ce;
	o.sharedDecoderCount = gp.dec;
	o.sharedEncoderCount = gp.enc;
	o.sharedJpegCount = gp.jpeg;
	o.sharedOfaCount = gp.ofa;
	*info = o;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlGpuInstanceGetComputeInstanceProfileInfoV(nvmlGpuInstance_t gpuInstance,
							   unsigned int profile,
							   unsigned int engProfile,
							   nvmlComputeInstanceProfileInfo_v2_t *info)
{
	mig_ci_profile_info cp;
	mig_gi_profile_info gp;
	nvmlComputeInstanceProfileInfo_v3_t o;
	unsigned gpu, gi, version;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!info)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	version = info->version;
	if (version != nvmlComputeInstanceProfileInfo_v2 &&
	    version != nvmlComputeInstanceProfileInfo_v3)
		return nv_leave(nv_version_mismatch());
	if ((rc = profile_lookup(&cp, &gp, gpuInstance, profile, engProfile, info)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* v3 is v2 plus a trailing capabilities word: fill v3, copy what the version owns. */
	memset(&o, 0, sizeof(o));
	o.version = version;
	o.id = cp.id;
	o.sliceCount = cp.slices;
	o.instanceCount = cp.instance_count;
	o.multiprocessorCount = cp.sm;
	o.sharedCopyEngineCount = gp.ce;
	o.sharedDecoderCount = gp.dec;
	o.sharedEncoderCount = gp.enc;
	o.sharedJpegCount = gp.jpeg;
	o.sharedOfaCount = gp.ofa;
	snprintf(o.name, sizeof(o.name), "MIG %s", cp.name);
	o.capabilities = strstr(gp.name, "+gfx") ? NVML_COMPUTE_INSTANCE_PROFILE_CAPS_GFX : 0;
	memcpy(info, &o,
	       version == nvmlComputeInstanceProfileInfo_v3 ? sizeof(nvmlComputeInstanceProfileInfo_v3_t)
							    : sizeof(nvmlComputeInstanceProfileInfo_v2_t));
	return nv_leave(NVML_SUCCESS);
}

/* Capacity and placements ----------------------------------------------------------------- */

nvmlReturn_t nvmlGpuInstanceGetComputeInstanceRemainingCapacity(nvmlGpuInstance_t gpuInstance,
								unsigned int profileId,
								unsigned int *count)
{
	mig_ci_profile_info cp;
	unsigned gpu, gi, n;
	int mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = ci_profile(&cp, NULL, gpu, gi, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if ((mrc = mig_ci_remaining(&n, nv_state(), gpu, gi, profileId)) != MIG_SUCCESS)
		return nv_leave(nv_error(mrc));
	*count = n;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlGpuInstanceGetComputeInstancePossiblePlacements(
	nvmlGpuInstance_t gpuInstance, unsigned int profileId,
	nvmlComputeInstancePlacement_t *placements, unsigned int *count)
{
	mig_ci_profile_info cp;
	mig_placement pl[16];
	size_t n = 0;
	unsigned gpu, gi;
	int mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* placements may be NULL: a count query. */
	if (!count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = ci_profile(&cp, NULL, gpu, gi, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	mrc = mig_ci_possible_placements(pl, 16, &n, nv_state(), gpu, gi, profileId);
	if (mrc != MIG_SUCCESS)
		return nv_leave(nv_error(mrc));
	for (size_t i = 0; placements && i < n; i++) {
		placements[i].start = pl[i].start;
		placements[i].size = pl[i].size;
	}
	*count = (unsigned)n;
	return nv_leave(NVML_SUCCESS);
}

/* Create and destroy ------------------------------------------------------------------------- */

static nvmlReturn_t create_ci(nvmlGpuInstance_t gpuInstance, unsigned profileId,
			      const nvmlComputeInstancePlacement_t *placement, int with_placement,
			      nvmlComputeInstance_t *computeInstance)
{
	mig_ci_profile_info cp;
	mig_placement at;
	mig_state *st;
	unsigned gpu, gi, id;
	int mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!computeInstance || (with_placement && !placement))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = ci_profile(&cp, NULL, gpu, gi, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (with_placement) {
		at.start = placement->start;
		at.size = placement->size;
	}
	mrc = mig_create_ci(&id, st, gpu, gi, (int)cp.id, with_placement ? &at : NULL);
	if (mrc == MIG_SUCCESS && id >= NV_CI_IDS)
		mrc = MIG_ERROR_UNKNOWN; /* no handle for it */
	if ((rc = nv_finish(st, mrc)) != NVML_SUCCESS)
		return nv_leave(rc);
	*computeInstance = nv_ci_handle(gpu, gi, id);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlGpuInstanceCreateComputeInstance(nvmlGpuInstance_t gpuInstance,
						  unsigned int profileId,
						  nvmlComputeInstance_t *computeInstance)
{
	return create_ci(gpuInstance, profileId, NULL, 0, computeInstance);
}

nvmlReturn_t nvmlGpuInstanceCreateComputeInstanceWithPlacement(
	nvmlGpuInstance_t gpuInstance, unsigned int profileId,
	const nvmlComputeInstancePlacement_t *placement, nvmlComputeInstance_t *computeInstance)
{
	return create_ci(gpuInstance, profileId, placement, 1, computeInstance);
}

nvmlReturn_t nvmlComputeInstanceDestroy(nvmlComputeInstance_t computeInstance)
{
	mig_state *st;
	unsigned gpu, gi, ci;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_compute_instance(&gpu, &gi, &ci, computeInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* IN_USE while processes run on it. */
	return nv_leave(nv_finish(st, mig_destroy_ci(st, gpu, gi, ci)));
}

/* Enumeration ------------------------------------------------------------------------------ */

nvmlReturn_t nvmlGpuInstanceGetComputeInstances(nvmlGpuInstance_t gpuInstance,
						unsigned int profileId,
						nvmlComputeInstance_t *computeInstances,
						unsigned int *count)
{
	mig_ci_profile_info cp;
	mig_ci_info cis[NV_CI_IDS];
	size_t n = 0;
	unsigned gpu, gi, k = 0;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* *count is an output only: the buffer must hold the profile's instanceCount. */
	if (!computeInstances || !count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = ci_profile(&cp, NULL, gpu, gi, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (mig_ci_list(cis, NV_CI_IDS, &n, nv_state(), gpu, gi) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	for (size_t i = 0; i < n && i < NV_CI_IDS && k < cp.instance_count; i++)
		if (cis[i].profile.id == profileId)
			computeInstances[k++] = nv_ci_handle(gpu, gi, cis[i].id);
	*count = k;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlGpuInstanceGetComputeInstanceById(nvmlGpuInstance_t gpuInstance, unsigned int id,
						   nvmlComputeInstance_t *computeInstance)
{
	unsigned gpu, gi;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!computeInstance)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (id >= NV_CI_IDS || nv_mig_lookup(gpu, gi, id, NULL, NULL, NULL) != NVML_SUCCESS)
		return nv_leave(NVML_ERROR_NOT_FOUND);
	*computeInstance = nv_ci_handle(gpu, gi, id);
	return nv_leave(NVML_SUCCESS);
}

static nvmlReturn_t ci_info(nvmlComputeInstance_t computeInstance, nvmlComputeInstanceInfo_t *info,
			    size_t size)
{
	nvmlComputeInstanceInfo_t o;
	mig_ci_info ci;
	unsigned gpu, gi, id;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_compute_instance(&gpu, &gi, &id, computeInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!info)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_mig_lookup(gpu, gi, id, &ci, NULL, NULL);
	memset(&o, 0, sizeof(o));
	o.device = nv_gpu_handle(gpu);
	o.gpuInstance = nv_gi_handle(gpu, gi);
	o.id = ci.id;
	o.profileId = ci.profile.id;
	o.placement.start = ci.placement.start;
	o.placement.size = ci.placement.size;
	memcpy(info, &o, size);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlComputeInstanceGetInfo(nvmlComputeInstance_t computeInstance,
					nvmlComputeInstanceInfo_t *info)
{
	/* Before 11.2 the struct had no placement: 24 bytes. */
	return ci_info(computeInstance, info, NV_COMPUTE_INSTANCE_INFO_V1_SIZE);
}

nvmlReturn_t nvmlComputeInstanceGetInfo_v2(nvmlComputeInstance_t computeInstance,
					   nvmlComputeInstanceInfo_t *info)
{
	return ci_info(computeInstance, info, sizeof(*info));
}
