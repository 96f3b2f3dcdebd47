/*
 * mig_gi.c - MIG mode and GPU instances (§nvml-A.6, §nvml-A.7).
 *
 * The trap of this API: nvmlDeviceGetGpuInstanceProfileInfo(V) takes the
 * NVML_GPU_INSTANCE_PROFILE_* *index*; every other call takes the
 * board-specific profile *ID* that the info returns (§nvml-A.7).  An index the
 * board does not offer answers NOT_SUPPORTED, one past NVML's own table
 * INVALID_ARGUMENT (clients loop to their header's COUNT and skip both).
 * A profile ID the board does not offer answers NOT_SUPPORTED in every
 * call that takes one.
 *
 * Mutations run inside one node transaction each (nv_begin .. nv_commit),
 * so they are all-or-nothing and seen at once by migctl and other NVML
 * processes.
 */
#include <stdio.h>
#include <string.h>

#include "nvml_internal.h"

/* MIG mode ----------------------------------------------------------------------- */

nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode,
				  unsigned int *pendingMode)
{
	mig_gpu_info g;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!currentMode || !pendingMode)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_gpu_info(&g, gpu);
	*currentMode = g.mig_current ? NVML_DEVICE_MIG_ENABLE : NVML_DEVICE_MIG_DISABLE;
	*pendingMode = g.mig_pending ? NVML_DEVICE_MIG_ENABLE : NVML_DEVICE_MIG_DISABLE;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceSetMigMode(nvmlDevice_t device, unsigned int mode,
				  nvmlReturn_t *activationStatus)
{
	mig_state *st;
	unsigned gpu;
	int activation = MIG_SUCCESS, mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!activationStatus || mode > NVML_DEVICE_MIG_ENABLE)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	/*
	 * libmig applies the change at once when nothing holds the GPU (the
	 * driver resets it itself) and otherwise keeps it pending with the
	 * reason in `activation`; the call succeeds either way (§nvml-A.7).
	 */
	mrc = mig_set_mig_mode(st, gpu, (int)mode, &activation);
	if ((rc = nv_finish(st, mrc)) != NVML_SUCCESS)
		return nv_leave(rc);
	*activationStatus = nv_error(activation);
	return nv_leave(NVML_SUCCESS);
}

/* Profiles ----------------------------------------------------------------------- */

/* Fail unless MIG is currently enabled on the GPU (instance calls, §nvml-A.7). */
static nvmlReturn_t require_mig(unsigned gpu)
{
	mig_gpu_info g;

	nv_gpu_info(&g, gpu);
	return g.mig_current ? NVML_SUCCESS : NVML_ERROR_NOT_SUPPORTED;
}

/*
 * Profile information needs MIG enabled, except from R550 on, whose NVML
 * answers with MIG disabled too (nvidia-smi's -lgip then prints the table:
 * Debian's 550.163.01 and 555.58.02 binaries, and the 580.173.02 capture).
 */
static nvmlReturn_t require_profiles(unsigned gpu)
{
	return nv_driver_major() >= 550 ? NVML_SUCCESS : require_mig(gpu);
}

/* The GPU's profile at NVML index `index` (see the top of the file). */
static nvmlReturn_t profile_by_index(mig_gi_profile_info *out, unsigned gpu, unsigned index)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, nv_state(), gpu) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_get(list[i], out);
		if (out->nvml_index == index)
			return NVML_SUCCESS;
	}
	return index < NVML_GPU_INSTANCE_PROFILE_COUNT ? NVML_ERROR_NOT_SUPPORTED
						       : NVML_ERROR_INVALID_ARGUMENT;
}

static nvmlReturn_t profile_by_id(mig_gi_profile_info *out, unsigned gpu, unsigned id)
{
	const mig_gi_profile *p;

	if (mig_gpu_gi_profile_by_id(&p, nv_state(), gpu, id) != MIG_SUCCESS)
		return NVML_ERROR_NOT_SUPPORTED;
	mig_gi_profile_get(p, out);
	return NVML_SUCCESS;
}

/* GPU profile capabilities: the +gfx profiles of the RTX PRO board run graphics. */
static unsigned gi_caps(const mig_gi_profile_info *p)
{
	return strstr(p->name, "+gfx") ? NVML_GPU_INSTANCE_PROFILE_CAPS_GFX : 0;
}

static void fill_v1(nvmlGpuInstanceProfileInfo_t *o, const mig_gi_profile_info *p)
{
	memset(o, 0, sizeof(*o));
	o->id = p->id;
	o->isP2pSupported = 0; /* "No" on every MIG profile seen (§nvml-A.7) */
	o->sliceCount = p->slices;
	o->instanceCount = p->instance_count;
	o->multiprocessorCount = p->sm;
	o->copyEngineCount = p->ce;
	o->decoderCount = p->dec;
	o->encoderCount = p->enc;
	o->jpegCount = p->jpeg;
	o->ofaCount = p->ofa;
	o->memorySizeMB = p->memory_mib;
}

/* Write the versioned info the caller's version word asks for; the word is checked already. */
static void fill_versioned(void *info, unsigned version, const mig_gi_profile_info *p)
{
	if (version == nvmlGpuInstanceProfileInfo_v2) {
		nvmlGpuInstanceProfileInfo_v2_t o;

		memset(&o, 0, sizeof(o));
		o.version = version;
		o.id = p->id;
		o.sliceCount = p->slices;
		o.instanceCount = p->instance_count;
		o.multiprocessorCount = p->sm;
		o.copyEngineCount = p->ce;
		o.decoderCount = p->dec;
		o.encoderCount = p->enc;
		o.jpegCount = p->jpeg;
		o.ofaCount = p->ofa;
		o.memorySizeMB = p->memory_mib;
		snprintf(o.name, sizeof(o.name), "MIG %s", p->name);
		memcpy(info, &o, sizeof(o));
	} else {
		nvmlGpuInstanceProfileInfo_v3_t o;

		memset(&o, 0, sizeof(o));
		o.version = version;
		o.id = p->id;
		o.sliceCount = p->slices;
		o.instanceCount = p->instance_count;
		o.multiprocessorCount = p->sm;
		o.copyEngineCount = p->ce;
		o.decoderCount = p->dec;
		o.encoderCount = p->enc;
		o.jpegCount = p->jpeg;
		o.ofaCount = p->ofa;
		o.memorySizeMB = p->memory_mib;
		snprintf(o.name, sizeof(o.name), "MIG %s", p->name);
		o.capabilities = gi_caps(p);
		memcpy(info, &o, sizeof(o));
	}
}

nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfo(nvmlDevice_t device, unsigned int profile,
						 nvmlGpuInstanceProfileInfo_t *info)
{
	mig_gi_profile_info p;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!info)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = require_profiles(gpu)) != NVML_SUCCESS ||
	    (rc = profile_by_index(&p, gpu, profile)) != NVML_SUCCESS)
		return nv_leave(rc);
	fill_v1(info, &p);
	return nv_leave(NVML_SUCCESS);
}

/*
 * The V calls: v2 and v3 are the same size but laid out differently
 * (§types-4), so the caller's version word picks the layout.
 */
static nvmlReturn_t profile_info_v(nvmlDevice_t device, unsigned key, int by_id,
				   nvmlGpuInstanceProfileInfo_v2_t *info)
{
	mig_gi_profile_info p;
	unsigned gpu, version;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!info)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	version = info->version;
	if (version != nvmlGpuInstanceProfileInfo_v2 && version != nvmlGpuInstanceProfileInfo_v3)
		return nv_leave(nv_version_mismatch());
	if ((rc = require_profiles(gpu)) != NVML_SUCCESS)
		return nv_leave(rc);
	rc = by_id ? profile_by_id(&p, gpu, key) : profile_by_index(&p, gpu, key);
	if (rc != NVML_SUCCESS)
		return nv_leave(rc);
	fill_versioned(info, version, &p);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfoV(nvmlDevice_t device, unsigned int profile,
						  nvmlGpuInstanceProfileInfo_v2_t *info)
{
	return profile_info_v(device, profile, 0, info);
}

nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfoByIdV(nvmlDevice_t device, unsigned int profileId,
						      nvmlGpuInstanceProfileInfo_v2_t *info)
{
	return profile_info_v(device, profileId, 1, info);
}

/* Placements and capacity ---------------------------------------------------------- */

static nvmlReturn_t possible_placements(nvmlDevice_t device, unsigned profileId,
					nvmlGpuInstancePlacement_t *placements,
					unsigned *count, int null_ok)
{
	mig_gi_profile_info p;
	mig_placement pl[16];
	size_t n = 0;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* v1 has no count query: it wants a buffer (nvml-symbols.tsv). */
	if (!count || (!placements && !null_ok))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	/* Static: answered whatever the MIG mode (§nvml-A.6). */
	if ((rc = profile_by_id(&p, gpu, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (mig_gi_possible_placements(pl, 16, &n, nv_state(), gpu, profileId) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_UNKNOWN);
	/* The buffer must hold every placement of the profile (the NVML contract). */
	for (size_t i = 0; placements && i < n; i++) {
		placements[i].start = pl[i].start;
		placements[i].size = pl[i].size;
	}
	*count = (unsigned)n;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetGpuInstancePossiblePlacements(nvmlDevice_t device,
							unsigned int profileId,
							nvmlGpuInstancePlacement_t *placements,
							unsigned int *count)
{
	return possible_placements(device, profileId, placements, count, 0);
}

nvmlReturn_t nvmlDeviceGetGpuInstancePossiblePlacements_v2(nvmlDevice_t device,
							   unsigned int profileId,
							   nvmlGpuInstancePlacement_t *placements,
							   unsigned int *count)
{
	return possible_placements(device, profileId, placements, count, 1);
}

nvmlReturn_t nvmlDeviceGetGpuInstanceRemainingCapacity(nvmlDevice_t device,
						       unsigned int profileId,
						       unsigned int *count)
{
	mig_gi_profile_info p;
	unsigned gpu, n;
	int mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = require_profiles(gpu)) != NVML_SUCCESS ||
	    (rc = profile_by_id(&p, gpu, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (require_mig(gpu) != NVML_SUCCESS) {
		/* R550+ with MIG disabled: nothing is taken (nvidia-smi's Free = Total). */
		*count = p.instance_count;
		return nv_leave(NVML_SUCCESS);
	}
	if ((mrc = mig_gi_remaining(&n, nv_state(), gpu, profileId)) != MIG_SUCCESS)
		return nv_leave(nv_error(mrc));
	*count = n;
	return nv_leave(NVML_SUCCESS);
}

/* Create and destroy ------------------------------------------------------------------ */

static nvmlReturn_t create_gi(nvmlDevice_t device, unsigned profileId,
			      const nvmlGpuInstancePlacement_t *placement, int with_placement,
			      nvmlGpuInstance_t *gpuInstance)
{
	const mig_gi_profile *p;
	mig_placement at;
	mig_state *st;
	unsigned gpu, id;
	int mrc;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!gpuInstance || (with_placement && !placement))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (gpu >= mig_state_gpu_count(st)) {
		nv_abort(st);
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	}
	/* libmig says INVALID_ARGUMENT for a profile the GPU lacks; NVML says NOT_SUPPORTED. */
	if (mig_gpu_gi_profile_by_id(&p, st, gpu, profileId) != MIG_SUCCESS) {
		nv_abort(st);
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	}
	if (with_placement) {
		at.start = placement->start;
		at.size = placement->size;
	}
	mrc = mig_create_gi(&id, st, gpu, profileId, with_placement ? &at : NULL);
	if (mrc == MIG_SUCCESS && id >= NV_GI_IDS)
		mrc = MIG_ERROR_UNKNOWN; /* no handle for it */
	if ((rc = nv_finish(st, mrc)) != NVML_SUCCESS)
		return nv_leave(rc);
	*gpuInstance = nv_gi_handle(gpu, id);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceCreateGpuInstance(nvmlDevice_t device, unsigned int profileId,
					 nvmlGpuInstance_t *gpuInstance)
{
	return create_gi(device, profileId, NULL, 0, gpuInstance);
}

nvmlReturn_t nvmlDeviceCreateGpuInstanceWithPlacement(nvmlDevice_t device, unsigned int profileId,
						      const nvmlGpuInstancePlacement_t *placement,
						      nvmlGpuInstance_t *gpuInstance)
{
	return create_gi(device, profileId, placement, 1, gpuInstance);
}

nvmlReturn_t nvmlGpuInstanceDestroy(nvmlGpuInstance_t gpuInstance)
{
	mig_state *st;
	unsigned gpu, gi;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &gi, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* IN_USE while compute instances or processes remain on it. */
	return nv_leave(nv_finish(st, mig_destroy_gi(st, gpu, gi)));
}

/* Enumeration ---------------------------------------------------------------------- */

nvmlReturn_t nvmlDeviceGetGpuInstances(nvmlDevice_t device, unsigned int profileId,
				       nvmlGpuInstance_t *gpuInstances, unsigned int *count)
{
	mig_gi_profile_info p;
	mig_gi_info gis[NV_GI_IDS];
	size_t n = 0;
	unsigned gpu, k = 0;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* *count is an output only: the buffer must hold the profile's instanceCount (§nvml-A.6). */
	if (!gpuInstances || !count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = require_mig(gpu)) != NVML_SUCCESS ||
	    (rc = profile_by_id(&p, gpu, profileId)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (mig_gi_list(gis, NV_GI_IDS, &n, nv_state(), gpu) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	for (size_t i = 0; i < n && i < NV_GI_IDS && k < p.instance_count; i++) {
		mig_gi_profile_info q;

		mig_gi_profile_get(gis[i].profile, &q);
		if (q.id == profileId && gis[i].id < NV_GI_IDS)
			gpuInstances[k++] = nv_gi_handle(gpu, gis[i].id);
	}
	*count = k;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetGpuInstanceById(nvmlDevice_t device, unsigned int id,
					  nvmlGpuInstance_t *gpuInstance)
{
	mig_gi_info info;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!gpuInstance)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = require_mig(gpu)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (id >= NV_GI_IDS || mig_gi_get(&info, nv_state(), gpu, id) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_NOT_FOUND);
	*gpuInstance = nv_gi_handle(gpu, id);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlGpuInstanceGetInfo(nvmlGpuInstance_t gpuInstance, nvmlGpuInstanceInfo_t *info)
{
	nvmlGpuInstanceInfo_t o;
	mig_gi_info gi;
	mig_gi_profile_info p;
	unsigned gpu, id;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu_instance(&gpu, &id, gpuInstance)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!info)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (mig_gi_get(&gi, nv_state(), gpu, id) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	mig_gi_profile_get(gi.profile, &p);
	memset(&o, 0, sizeof(o));
	o.device = nv_gpu_handle(gpu);
	o.id = gi.id;
	o.profileId = p.id;
	o.placement.start = gi.placement.start;
	o.placement.size = gi.placement.size;
	*info = o;
	return nv_leave(NVML_SUCCESS);
}
