/*
 * nvml_backend.c - real GPUs through the system's libnvidia-ml.so.1:
 * loading it, and forwarding the changes of a mig_node_begin state to the
 * driver (docs/backends.md).
 *
 * libmig does not link against NVML: the library is dlopen()ed when an
 * NVML node is opened and each function is looked up by name, the
 * versioned symbol first and the legacy one after (§nvml-A.1), so
 * the core still depends on libc and jansson only.
 *
 * The driver is the authority.  A change is made by the driver and read
 * back from it (the GI ID and placement it chose), never predicted;
 * libmig's own fit and budget checks are skipped, so nothing the driver
 * would accept is refused here.  Return codes pass through unchanged.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynmodel.h"
#include "error.h"
#include "nvml_api.h"
#include "nvml_backend.h"
#include "state.h"

const char *mig__nvml_driver_probe = "/proc/driver/nvidia/version";

#define DEFAULT_LIBRARY "libnvidia-ml.so.1"

int mig__nvml_driver_loaded(void)
{
	return access(mig__nvml_driver_probe, F_OK) == 0;
}

const char *mig_backend_name(mig_backend backend)
{
	switch (backend) {
	case MIG_BACKEND_AUTO: return "auto";
	case MIG_BACKEND_EMULATED: return "emulated";
	case MIG_BACKEND_NVML: return "nvml";
	default: return "";
	}
}

int mig_backend_parse(mig_backend *out, const char *name)
{
	static const mig_backend all[] = {MIG_BACKEND_AUTO, MIG_BACKEND_EMULATED, MIG_BACKEND_NVML};

	for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++) {
		if (!strcmp(name, mig_backend_name(all[i]))) {
			*out = all[i];
			return MIG_SUCCESS;
		}
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "unknown backend '%.64s' (allowed: auto, emulated, nvml)", name ? name : "");
}

/* Loading ------------------------------------------------------------------- */

/*
 * Resolve the first of `names` the library exports into *slot (a function
 * pointer); returns the index of the one found, or -1.
 */
static int resolve(struct mig_nvml *nv, void *slot, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		void *sym = dlsym(nv->lib, names[i]);

		if (sym) {
			/* POSIX guarantees a data pointer from dlsym converts to a function pointer. */
			memcpy(slot, &sym, sizeof(sym));
			return i;
		}
	}
	return -1;
}

#define RESOLVE(field, ...) resolve(nv, &nv->field, (const char *const[]){__VA_ARGS__, NULL})

static int resolve_all(struct mig_nvml *nv)
{
	const char *missing = NULL;

	/* What every snapshot needs. */
	if (RESOLVE(init, "nvmlInit_v2", "nvmlInit") < 0)
		missing = "nvmlInit_v2";
	else if (RESOLVE(shutdown, "nvmlShutdown") < 0)
		missing = "nvmlShutdown";
	else if (RESOLVE(driver_version, "nvmlSystemGetDriverVersion") < 0)
		missing = "nvmlSystemGetDriverVersion";
	else if (RESOLVE(device_count, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount") < 0)
		missing = "nvmlDeviceGetCount_v2";
	else if (RESOLVE(handle_by_index, "nvmlDeviceGetHandleByIndex_v2",
			 "nvmlDeviceGetHandleByIndex") < 0)
		missing = "nvmlDeviceGetHandleByIndex_v2";
	else if (RESOLVE(name, "nvmlDeviceGetName") < 0)
		missing = "nvmlDeviceGetName";
	else if (RESOLVE(uuid, "nvmlDeviceGetUUID") < 0)
		missing = "nvmlDeviceGetUUID";
	/* The v1/_v2 calls write the 52-byte layout; ours is larger, so any fits. */
	else if (RESOLVE(pci_info, "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2",
			 "nvmlDeviceGetPciInfo") < 0)
		missing = "nvmlDeviceGetPciInfo_v3";
	else if (RESOLVE(memory_info, "nvmlDeviceGetMemoryInfo") < 0)
		missing = "nvmlDeviceGetMemoryInfo";
	else if (RESOLVE(mig_mode, "nvmlDeviceGetMigMode") < 0)
		missing = "nvmlDeviceGetMigMode";
	if (missing)
		return mig__fail(MIG_ERROR_FUNCTION_NOT_FOUND, "%s: no function %s; is it NVML?",
				 nv->library, missing);

	RESOLVE(serial, "nvmlDeviceGetSerial");
	RESOLVE(architecture, "nvmlDeviceGetArchitecture");
	RESOLVE(virtualization_mode, "nvmlDeviceGetVirtualizationMode");
	RESOLVE(utilization, "nvmlDeviceGetUtilizationRates");
	RESOLVE(power_usage, "nvmlDeviceGetPowerUsage");
	RESOLVE(temperature, "nvmlDeviceGetTemperature");
	RESOLVE(power_limit, "nvmlDeviceGetEnforcedPowerLimit");
	RESOLVE(persistence_mode, "nvmlDeviceGetPersistenceMode");

	RESOLVE(gi_profile_v, "nvmlDeviceGetGpuInstanceProfileInfoV");
	RESOLVE(gi_profile_v1, "nvmlDeviceGetGpuInstanceProfileInfo");
	nv->gi_placements_v1 = RESOLVE(gi_placements, "nvmlDeviceGetGpuInstancePossiblePlacements_v2",
				       "nvmlDeviceGetGpuInstancePossiblePlacements") == 1;
	RESOLVE(gi_remaining, "nvmlDeviceGetGpuInstanceRemainingCapacity");
	RESOLVE(gi_list, "nvmlDeviceGetGpuInstances");
	RESOLVE(gi_by_id, "nvmlDeviceGetGpuInstanceById");
	RESOLVE(gi_info, "nvmlGpuInstanceGetInfo");
	RESOLVE(gi_create, "nvmlDeviceCreateGpuInstance");
	RESOLVE(gi_create_at, "nvmlDeviceCreateGpuInstanceWithPlacement");
	RESOLVE(gi_destroy, "nvmlGpuInstanceDestroy");
	RESOLVE(set_mig_mode, "nvmlDeviceSetMigMode");

	RESOLVE(ci_profile_v, "nvmlGpuInstanceGetComputeInstanceProfileInfoV");
	RESOLVE(ci_profile_v1, "nvmlGpuInstanceGetComputeInstanceProfileInfo");
	RESOLVE(ci_placements, "nvmlGpuInstanceGetComputeInstancePossiblePlacements");
	RESOLVE(ci_remaining, "nvmlGpuInstanceGetComputeInstanceRemainingCapacity");
	RESOLVE(ci_list, "nvmlGpuInstanceGetComputeInstances");
	RESOLVE(ci_by_id, "nvmlGpuInstanceGetComputeInstanceById");
	nv->ci_info_v1 = RESOLVE(ci_info, "nvmlComputeInstanceGetInfo_v2",
				 "nvmlComputeInstanceGetInfo") == 1;
	RESOLVE(ci_create, "nvmlGpuInstanceCreateComputeInstance");
	RESOLVE(ci_create_at, "nvmlGpuInstanceCreateComputeInstanceWithPlacement");
	RESOLVE(ci_destroy, "nvmlComputeInstanceDestroy");

	RESOLVE(max_mig_devices, "nvmlDeviceGetMaxMigDeviceCount");
	RESOLVE(mig_handle, "nvmlDeviceGetMigDeviceHandleByIndex");
	RESOLVE(mig_gi_id, "nvmlDeviceGetGpuInstanceId");
	RESOLVE(mig_ci_id, "nvmlDeviceGetComputeInstanceId");

	nv->processes_v1 = RESOLVE(processes, "nvmlDeviceGetComputeRunningProcesses_v3",
				   "nvmlDeviceGetComputeRunningProcesses_v2",
				   "nvmlDeviceGetComputeRunningProcesses") == 2;
	nv->graphics_processes_v1 =
		RESOLVE(graphics_processes, "nvmlDeviceGetGraphicsRunningProcesses_v3",
			"nvmlDeviceGetGraphicsRunningProcesses_v2",
			"nvmlDeviceGetGraphicsRunningProcesses") == 2;
	RESOLVE(process_name, "nvmlSystemGetProcessName");
	return MIG_SUCCESS;
}

int mig__nvml_open(mig_nvml **out)
{
	const char *lib = getenv("MIGCTL_NVML_LIBRARY");
	struct mig_nvml *nv;
	nv_return nrc;
	int rc;

	if (lib && *lib) {
		if ((rc = mig__check_env_path("MIGCTL_NVML_LIBRARY", lib)))
			return rc;
	} else {
		lib = DEFAULT_LIBRARY;
	}
	nv = calloc(1, sizeof(*nv));
	if (!nv)
		return mig__fail(MIG_ERROR_MEMORY, "loading %s: out of memory", lib);
	snprintf(nv->library, sizeof(nv->library), "%s", lib);
	dlerror();
	nv->lib = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!nv->lib) {
		const char *why = dlerror();

		/* dlerror() names the library already. */
		rc = why ? mig__fail(MIG_ERROR_LIBRARY_NOT_FOUND, "loading NVML: %s", why)
			 : mig__fail(MIG_ERROR_LIBRARY_NOT_FOUND, "loading NVML: %s: dlopen failed", lib);
		free(nv);
		return rc;
	}
	if ((rc = resolve_all(nv)))
		goto fail;
	if ((nrc = nv->init()) != NV_SUCCESS) {
		rc = mig__fail(nrc, "initializing NVML (%s): %s", lib, mig_strerror(nrc));
		goto fail;
	}
	*out = nv;
	return MIG_SUCCESS;
fail:
	dlclose(nv->lib);
	free(nv);
	return rc;
}

void mig__nvml_close(mig_nvml *nv)
{
	if (!nv)
		return;
	nv->shutdown();
	dlclose(nv->lib);
	free(nv);
}

const char *mig__nvml_library(const mig_nvml *nv)
{
	return nv->library;
}

/* Changes ------------------------------------------------------------------ */

static struct mig_nvml *nvml_of(const mig_state *st)
{
	return mig__real_ctx(st)->nv;
}

int mig__nvml_live_on(const mig_state *st, const mig_nvml *nv)
{
	const mig_real_ctx *c = mig__real_ctx(st);

	return st->ops == &mig__nvml_live_ops && c && c->nv == nv;
}

static int need(const void *fn, const char *name)
{
	return fn ? MIG_SUCCESS
		  : mig__fail(MIG_ERROR_FUNCTION_NOT_FOUND,
			      "the NVML library lacks %s, which this change needs", name);
}

static int device(struct mig_nvml *nv, const mig_state *st, unsigned gpu, nv_device *out)
{
	nv_return rc;

	if (!mig__gpu(st, gpu))
		return MIG_ERROR_INVALID_ARGUMENT;
	if ((rc = nv->handle_by_index(gpu, out)))
		return mig__nvml_fail(rc, "GPU %u", gpu);
	return MIG_SUCCESS;
}

/* The driver's handle of GI `gi` on GPU `gpu`. */
static int gpu_instance(struct mig_nvml *nv, const mig_state *st, unsigned gpu, unsigned gi,
			nv_device *dev, nv_gi *out, const char *what)
{
	int rc = device(nv, st, gpu, dev);

	if (rc)
		return rc;
	if ((rc = need(nv->gi_by_id, "nvmlDeviceGetGpuInstanceById")))
		return rc;
	if ((rc = nv->gi_by_id(*dev, gi, out)))
		return mig__nvml_fail(rc, "%s: GPU %u GPU instance %u", what, gpu, gi);
	return MIG_SUCCESS;
}

/*
 * Re-read one GPU from the driver after a change the state cannot follow
 * by itself (a mode change may reset the GPU and change its profiles).
 * The old model stays owned by the state, so profile pointers callers
 * hold stay valid.
 */
static int refresh_gpu(struct mig_nvml *nv, mig_state *st, unsigned gpu)
{
	char driver[NV_DRIVER_VERSION_SIZE];
	gpu_rec *fresh = malloc(sizeof(*fresh));
	int rc;

	if (!fresh)
		return mig__fail(MIG_ERROR_MEMORY, "re-reading GPU %u: out of memory", gpu);
	snprintf(driver, sizeof(driver), "%s", st->gpu[gpu].driver);
	rc = mig__nvml_read_gpu(nv, st, gpu, driver, fresh);
	if (!rc)
		st->gpu[gpu] = *fresh;
	free(fresh);
	return rc;
}

static int driver_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
{
	struct mig_nvml *nv = nvml_of(st);
	nv_return act = NV_SUCCESS;
	unsigned cur, pend;
	nv_device dev;
	int rc;

	if ((rc = device(nv, st, gpu, &dev)) || (rc = need(nv->set_mig_mode, "nvmlDeviceSetMigMode")))
		return rc;
	if ((rc = nv->set_mig_mode(dev, (unsigned)enable, &act)))
		return mig__nvml_fail(rc, "%s MIG mode on GPU %u", enable ? "enabling" : "disabling",
				      gpu);
	*activation = act;
	if (refresh_gpu(nv, st, gpu) != MIG_SUCCESS &&
	    nv->mig_mode(dev, &cur, &pend) == NV_SUCCESS) {
		/* The change is made; at least show its mode. */
		st->gpu[gpu].mig_current = cur == 1;
		st->gpu[gpu].mig_pending = pend == 1;
		mig__real_touch(st, gpu);
	}
	if (act != NV_SUCCESS)
		mig__nvml_fail(act, "MIG mode on GPU %u stays pending", gpu);
	return MIG_SUCCESS;
}

static int driver_create_gi(mig_state *st, unsigned *out_gi, unsigned gpu, unsigned profile_id,
			 const mig_placement *at)
{
	struct mig_nvml *nv = nvml_of(st);
	char where[48] = "";
	nv_gi_info info;
	nv_device dev;
	nv_gi handle;
	mig_dyn_model *d;
	gpu_rec *g;
	int rc, row;

	if ((rc = device(nv, st, gpu, &dev)))
		return rc;
	if (at) {
		nv_placement p = {at->start, at->size};

		snprintf(where, sizeof(where), " at %u:%u", at->start, at->size);
		if ((rc = need(nv->gi_create_at, "nvmlDeviceCreateGpuInstanceWithPlacement")))
			return rc;
		rc = nv->gi_create_at(dev, profile_id, &p, &handle);
	} else {
		if ((rc = need(nv->gi_create, "nvmlDeviceCreateGpuInstance")))
			return rc;
		rc = nv->gi_create(dev, profile_id, &handle);
	}
	if (rc)
		return mig__nvml_fail(rc, "creating a GPU instance of profile %u on GPU %u%s",
				      profile_id, gpu, where);
	/* The driver chose the ID and placement: read them back. */
	memset(&info, 0, sizeof(info));
	if ((rc = need(nv->gi_info, "nvmlGpuInstanceGetInfo")) || (rc = nv->gi_info(handle, &info)))
		return rc == MIG_ERROR_FUNCTION_NOT_FOUND
			       ? rc
			       : mig__nvml_fail(rc, "reading back the new GPU instance on GPU %u", gpu);
	g = &st->gpu[gpu];
	d = mig__dyn_of(st, gpu);
	row = -1;
	for (int i = 0; d && i < MIG_MAX_GI_PROFILES && d->m.gi[i].name; i++)
		if (d->m.gi[i].id == info.profile_id)
			row = i;
	if (row < 0 || g->ngi >= MIG_MAX_GIS || mig__gi(g, info.id)) {
		/* A profile the snapshot did not list: take the driver's whole picture. */
		if ((rc = refresh_gpu(nv, st, gpu)))
			return rc;
	} else {
		if (!d->has_ci[row] && mig__nvml_ci_table(nv, handle, &d->ci[row]) == MIG_SUCCESS)
			d->has_ci[row] = d->ci[row].n > 0;
		mig__gi_insert(g, info.id, &d->m.gi[row], info.placement.start);
		mig__real_touch(st, gpu);
	}
	if (out_gi)
		*out_gi = info.id;
	return MIG_SUCCESS;
}

static int driver_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
{
	struct mig_nvml *nv = nvml_of(st);
	nv_device dev;
	nv_gi handle;
	gi_rec *r;
	int rc;

	if ((rc = gpu_instance(nv, st, gpu, gi, &dev, &handle, "destroying a GPU instance")) ||
	    (rc = need(nv->gi_destroy, "nvmlGpuInstanceDestroy")))
		return rc;
	if ((rc = nv->gi_destroy(handle)))
		return mig__nvml_fail(rc, "destroying GPU instance %u on GPU %u", gi, gpu);
	if ((r = mig__gi(&st->gpu[gpu], gi)) != NULL) {
		gpu_rec *g = &st->gpu[gpu];
		size_t at = (size_t)(r - g->gi);

		memmove(&g->gi[at], &g->gi[at + 1], (g->ngi - at - 1) * sizeof(g->gi[0]));
		g->ngi--;
	}
	mig__real_touch(st, gpu);
	return MIG_SUCCESS;
}

/* The CI profile to ask the driver for: MIG_CI_PROFILE_DEFAULT is the one that fills the GI. */
static int ci_profile_for(struct mig_nvml *nv, nv_gi handle, const gi_rec *r, int ci_profile,
			  mig_ci_profile_info *out)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	mig_ci_table fresh;
	size_t n = 0;

	if (r) {
		if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, r->profile) != MIG_SUCCESS)
			n = 0;
	} else if (mig__nvml_ci_table(nv, handle, &fresh) == MIG_SUCCESS) {
		n = fresh.n;
		memcpy(list, fresh.ci, sizeof(list));
	}
	if (n > MIG_MAX_CI_PROFILES)
		n = MIG_MAX_CI_PROFILES;
	for (size_t i = 0; i < n; i++) {
		if (ci_profile == MIG_CI_PROFILE_DEFAULT ? list[i].is_default
							 : (int)list[i].id == ci_profile) {
			*out = list[i];
			return 0;
		}
	}
	return -1;
}

static int driver_create_ci(mig_state *st, unsigned *out_ci, unsigned gpu, unsigned gi,
			 int ci_profile, const mig_placement *at)
{
	struct mig_nvml *nv = nvml_of(st);
	mig_ci_profile_info cp;
	char where[48] = "";
	nv_ci_info info;
	unsigned profile;
	nv_device dev;
	nv_gi handle;
	nv_ci ci;
	gi_rec *r;
	int rc, known;

	if ((rc = gpu_instance(nv, st, gpu, gi, &dev, &handle, "creating a compute instance")))
		return rc;
	r = mig__gi(&st->gpu[gpu], gi);
	known = ci_profile_for(nv, handle, r, ci_profile, &cp) == 0;
	if (ci_profile == MIG_CI_PROFILE_DEFAULT && !known)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "creating a compute instance in GPU %u GPU instance %u: the driver lists no CI profile that fills it",
				 gpu, gi);
	profile = ci_profile == MIG_CI_PROFILE_DEFAULT ? cp.id : (unsigned)ci_profile;
	if (at) {
		nv_placement p = {at->start, at->size};

		snprintf(where, sizeof(where), " at %u:%u", at->start, at->size);
		if ((rc = need(nv->ci_create_at, "nvmlGpuInstanceCreateComputeInstanceWithPlacement")))
			return rc;
		rc = nv->ci_create_at(handle, profile, &p, &ci);
	} else {
		if ((rc = need(nv->ci_create, "nvmlGpuInstanceCreateComputeInstance")))
			return rc;
		rc = nv->ci_create(handle, profile, &ci);
	}
	if (rc)
		return mig__nvml_fail(rc,
				      "creating a compute instance of profile %u in GPU %u GPU instance %u%s",
				      profile, gpu, gi, where);
	memset(&info, 0, sizeof(info));
	if ((rc = need(nv->ci_info, "nvmlComputeInstanceGetInfo_v2")) || (rc = nv->ci_info(ci, &info)))
		return rc == MIG_ERROR_FUNCTION_NOT_FOUND
			       ? rc
			       : mig__nvml_fail(rc, "reading back the new compute instance on GPU %u",
						gpu);
	if (nv->ci_info_v1)
		info.placement.start = 0;
	if (!r || !known || cp.id != info.profile_id || r->nci >= MIG_MAX_CIS ||
	    info.id >= MIG_MAX_CIS) {
		if ((rc = refresh_gpu(nv, st, gpu)))
			return rc;
	} else {
		mig__ci_insert(r, info.id, &cp, info.placement.start);
		mig__nvml_pin_uuid(nv, dev, &st->gpu[gpu], gi, info.id);
		mig__real_touch(st, gpu);
	}
	if (out_ci)
		*out_ci = info.id;
	return MIG_SUCCESS;
}

static int driver_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	struct mig_nvml *nv = nvml_of(st);
	nv_device dev;
	nv_gi handle;
	nv_ci cih;
	gi_rec *r;
	int rc;

	if ((rc = gpu_instance(nv, st, gpu, gi, &dev, &handle, "destroying a compute instance")) ||
	    (rc = need(nv->ci_by_id, "nvmlGpuInstanceGetComputeInstanceById")) ||
	    (rc = need(nv->ci_destroy, "nvmlComputeInstanceDestroy")))
		return rc;
	if ((rc = nv->ci_by_id(handle, ci, &cih)))
		return mig__nvml_fail(rc, "destroying compute instance %u in GPU %u GPU instance %u",
				      ci, gpu, gi);
	if ((rc = nv->ci_destroy(cih)))
		return mig__nvml_fail(rc, "destroying compute instance %u in GPU %u GPU instance %u",
				      ci, gpu, gi);
	if ((r = mig__gi(&st->gpu[gpu], gi)) != NULL) {
		for (unsigned i = 0; i < r->nci; i++) {
			if (r->ci[i].id != ci)
				continue;
			memmove(&r->ci[i], &r->ci[i + 1], (r->nci - i - 1) * sizeof(r->ci[0]));
			r->nci--;
			break;
		}
	}
	mig__real_touch(st, gpu);
	return MIG_SUCCESS;
}

static int ops_gi_remaining(const mig_state *st, unsigned *out, unsigned gpu, unsigned profile_id)
{
	struct mig_nvml *nv = nvml_of(st);
	nv_device dev;
	int rc;

	if ((rc = device(nv, st, gpu, &dev)) ||
	    (rc = need(nv->gi_remaining, "nvmlDeviceGetGpuInstanceRemainingCapacity")))
		return rc;
	if ((rc = nv->gi_remaining(dev, profile_id, out)))
		return mig__nvml_fail(rc, "remaining capacity of profile %u on GPU %u", profile_id,
				      gpu);
	return MIG_SUCCESS;
}

static int ops_ci_remaining(const mig_state *st, unsigned *out, unsigned gpu, unsigned gi,
			    unsigned ci_profile)
{
	struct mig_nvml *nv = nvml_of(st);
	nv_device dev;
	nv_gi handle;
	int rc;

	if ((rc = gpu_instance(nv, st, gpu, gi, &dev, &handle, "compute instance capacity")) ||
	    (rc = need(nv->ci_remaining, "nvmlGpuInstanceGetComputeInstanceRemainingCapacity")))
		return rc;
	if ((rc = nv->ci_remaining(handle, ci_profile, out)))
		return mig__nvml_fail(rc,
				      "compute instance capacity of profile %u in GPU %u GPU instance %u",
				      ci_profile, gpu, gi);
	return MIG_SUCCESS;
}

/* The live ops: the driver changes, the model explains its refusals ------- */

/*
 * A copy of the state as it is, to ask the model what it would answer,
 * without disturbing this thread's error message.
 */
static mig_state *copy_quietly(const mig_state *st)
{
	char keep[512];
	mig_state *copy;

	snprintf(keep, sizeof(keep), "%s", mig_errmsg());
	if (mig_state_clone(&copy, st) != MIG_SUCCESS)
		copy = NULL;
	mig__fail(0, "%s", keep);
	return copy;
}

/*
 * The backend (the driver) refused with rc and said `why`.  When the
 * model, asked the same on a copy, refuses with the same code, its
 * sentence - which names the reason - stays; else the backend's.  The
 * code is always the driver's.
 */
static int explained(int rc, int model_rc, const char *why)
{
	if (model_rc != rc)
		mig__fail(rc, "%s", why);
	return rc;
}

static int ops_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
{
	char why[512];
	mig_state *copy;
	int rc, act, model_rc, model_act = MIG_SUCCESS;

	if (!mig__gpu(st, gpu))
		return MIG_ERROR_INVALID_ARGUMENT;
	if (enable != 0 && enable != 1)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "setting MIG mode on GPU %u: mode %d is not 0 (disable) or 1 (enable)",
				 gpu, enable);
	/* The driver changes the state, so the model must look at it before. */
	copy = copy_quietly(st);
	act = MIG_SUCCESS;
	rc = driver_set_mig_mode(st, gpu, enable, &act);
	if (activation)
		*activation = act;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	if (copy) {
		model_rc = mig__model_set_mig_mode(copy, gpu, enable, &model_act);
		if (rc != MIG_SUCCESS)
			explained(rc, model_rc, why);
		else if (act != MIG_SUCCESS)
			explained(act, model_rc == MIG_SUCCESS ? model_act : -1, why);
		mig_state_free(copy);
	}
	return rc;
}

static int ops_create_gi(mig_state *st, unsigned *out_gi, unsigned gpu, unsigned profile_id,
			 const mig_placement *at)
{
	char why[512];
	mig_state *copy;
	int rc;

	rc = driver_create_gi(st, out_gi, gpu, profile_id, at);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, mig__model_create_gi(NULL, copy, gpu, profile_id, at), why);
	mig_state_free(copy);
	return rc;
}

static int ops_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
{
	char why[512];
	mig_state *copy;
	int rc;

	rc = driver_destroy_gi(st, gpu, gi);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, mig__model_destroy_gi(copy, gpu, gi), why);
	mig_state_free(copy);
	return rc;
}

static int ops_create_ci(mig_state *st, unsigned *out_ci, unsigned gpu, unsigned gi,
			 int ci_profile, const mig_placement *at)
{
	char why[512];
	mig_state *copy;
	int rc;

	rc = driver_create_ci(st, out_ci, gpu, gi, ci_profile, at);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, mig__model_create_ci(NULL, copy, gpu, gi, ci_profile, at), why);
	mig_state_free(copy);
	return rc;
}

static int ops_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	char why[512];
	mig_state *copy;
	int rc;

	rc = driver_destroy_ci(st, gpu, gi, ci);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, mig__model_destroy_ci(copy, gpu, gi, ci), why);
	mig_state_free(copy);
	return rc;
}

const struct mig_backend_ops mig__nvml_live_ops = {
	.flags = MIG_BACKEND_FIXED_GPUS,
	.set_mig_mode = ops_set_mig_mode,
	.create_gi = ops_create_gi,
	.destroy_gi = ops_destroy_gi,
	.create_ci = ops_create_ci,
	.destroy_ci = ops_destroy_ci,
	.gi_remaining = ops_gi_remaining,
	.ci_remaining = ops_ci_remaining,
	.touch = mig__real_touch,
	.telemetry = mig__real_telemetry,
	.clone = mig__real_clone,
	.free = mig__real_free,
};
