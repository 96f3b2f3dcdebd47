/*
 * state_gpu.c - the model's GPUs: adding, removing and describing them,
 * pinned MIG UUIDs, MIG mode, reset and reboot, and a GPU's GI profiles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"

/* GPUs ------------------------------------------------------------------ */

/* HGX/DGX-style bus numbers for the first eight GPUs of a node. */
static const unsigned char default_bus[8] = {0x18, 0x2A, 0x3A, 0x5D, 0x9A, 0xAB, 0xBA, 0xDB};

static int valid_token(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n >= max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7E)
			return 0;
	return 1;
}

/* 13 digits like real boards; the index keeps them unique per node. */
static void default_serial(gpu_rec *g, const mig_state *st, unsigned idx)
{
	unsigned n = idx;
	int clash;

	do {
		clash = 0;
		snprintf(g->serial, sizeof(g->serial), "%013llu", 1650124000000ULL + n);
		for (unsigned i = 0; i < st->ngpu; i++)
			clash |= !strcmp(st->gpu[i].serial, g->serial);
		n += MIG_MAX_GPUS;
	} while (clash);
}

static void default_bus_id(gpu_rec *g, const mig_state *st, unsigned idx)
{
	unsigned n = idx;
	int clash;

	do {
		clash = 0;
		snprintf(g->bus_id, sizeof(g->bus_id), "%08X:%02X:00.0", n / 8, default_bus[n % 8]);
		for (unsigned i = 0; i < st->ngpu; i++)
			clash |= !strcmp(st->gpu[i].bus_id, g->bus_id);
		n++;
	} while (clash);
}

/* The model and driver of a new GPU: the driver parses and has MIG profiles for the model. */
static int spec_driver(gpu_rec *g, const mig_gpu_spec *spec)
{
	const char *driver = spec->driver ? spec->driver : mig_model_driver(spec->model, 0);
	int rc = mig_driver_parse(&g->drv, driver);
	size_t nprof = 0;

	if (rc)
		return rc;
	if (!valid_token(driver, sizeof(g->driver)))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: driver version '%s' is not printable", driver);
	snprintf(g->driver, sizeof(g->driver), "%s", driver);
	rc = mig_model_gi_profiles(NULL, 0, &nprof, g->model, g->driver);
	if (rc != MIG_SUCCESS)
		return rc;
	if (nprof == 0)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "adding a GPU: %s has no MIG profiles under driver %s",
				 mig_model_name(g->model), g->driver);
	return MIG_SUCCESS;
}

/* Serial and bus id of a new GPU: the spec's (checked) or derived ones. */
static int spec_identity(gpu_rec *g, const mig_state *st, const mig_gpu_spec *spec)
{
	if (spec->serial) {
		if (!valid_token(spec->serial, sizeof(g->serial)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: serial '%s' must be 1 to 31 printable characters without spaces",
					 spec->serial);
		snprintf(g->serial, sizeof(g->serial), "%s", spec->serial);
	} else {
		default_serial(g, st, st->ngpu);
	}
	if (spec->pci_bus_id) {
		if (!valid_token(spec->pci_bus_id, sizeof(g->bus_id)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: PCI bus id '%s' is not of the form 00000000:18:00.0",
					 spec->pci_bus_id);
		snprintf(g->bus_id, sizeof(g->bus_id), "%s", spec->pci_bus_id);
	} else {
		default_bus_id(g, st, st->ngpu);
	}
	return MIG_SUCCESS;
}

/* Serials (and so derived UUIDs) and bus ids are unique per node. */
static int check_unique(const gpu_rec *g, const mig_state *st)
{
	for (unsigned i = 0; i < st->ngpu; i++) {
		if (!strcmp(st->gpu[i].serial, g->serial))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: serial %s is already GPU %u's; serials (and so UUIDs) are unique per node",
					 g->serial, i);
		if (!strcmp(st->gpu[i].bus_id, g->bus_id))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: PCI bus id %s is already GPU %u's",
					 g->bus_id, i);
	}
	return MIG_SUCCESS;
}

/* The UUID of a new GPU: the spec's (checked) or derived from the serial; unique per node. */
static int spec_uuid(gpu_rec *g, const mig_state *st, const mig_gpu_spec *spec)
{
	if (spec->uuid) {
		if (!mig__uuid_valid(spec->uuid, "GPU-"))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: UUID '%s' is not GPU- followed by 8-4-4-4-12 lower-case hex digits",
					 spec->uuid);
		snprintf(g->uuid, sizeof(g->uuid), "%s", spec->uuid);
	} else {
		mig__gpu_uuid(g->uuid, g->serial);
	}
	for (unsigned i = 0; i < st->ngpu; i++)
		if (!strcmp(st->gpu[i].uuid, g->uuid))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: UUID %s is already GPU %u's", g->uuid, i);
	return MIG_SUCCESS;
}

int mig_state_add_gpu(mig_state *st, const mig_gpu_spec *spec)
{
	gpu_rec g, *grown;
	int rc;

	if (!spec || !spec->model)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "adding a GPU: no model given");
	if (spec->version > MIG_GPU_SPEC_VERSION)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: mig_gpu_spec version %u is newer than this libmig's (%d, or 0)",
				 spec->version, MIG_GPU_SPEC_VERSION);
	if (mig__backend_fixed(st))
		return mig__backend_refuse("adding a GPU");
	if (st->ngpu >= MIG_MAX_GPUS)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "adding a GPU: a node holds at most %d GPUs", MIG_MAX_GPUS);
	if (spec->reset > MIG_RESET_UNSUPPORTED_VM)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: unknown reset policy %d", (int)spec->reset);
	memset(&g, 0, sizeof(g));
	g.model = spec->model;
	if ((rc = spec_driver(&g, spec)) || (rc = spec_identity(&g, st, spec)) ||
	    (rc = check_unique(&g, st)) || (rc = spec_uuid(&g, st, spec)))
		return rc;
	g.mirrored = spec->mirrored ? 1 : 0;
	g.reset = spec->reset;
	g.persistence_off = spec->persistence_off ? 1 : 0;
	if ((rc = mig__affinity_set(&g, spec)))
		return rc;
	grown = realloc(st->gpu, (st->ngpu + 1) * sizeof(*grown));
	if (!grown)
		return mig__fail(MIG_ERROR_MEMORY, "adding a GPU: out of memory");
	st->gpu = grown;
	st->gpu[st->ngpu++] = g;
	return MIG_SUCCESS;
}

static unsigned gpu_process_count(const mig_state *st, unsigned gpu)
{
	unsigned n = 0;

	for (size_t i = 0; i < st->nproc; i++)
		n += st->proc[i].gpu == gpu;
	return n;
}

int mig_state_remove_gpu(mig_state *st, unsigned gpu)
{
	gpu_rec *g = mig__gpu(st, gpu);

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (mig__backend_fixed(st))
		return mig__backend_refuse("removing a GPU");
	if (gpu != st->ngpu - 1)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "removing GPU %u: only the last GPU (%u) can be removed, so indices stay stable",
				 gpu, st->ngpu - 1);
	if (g->ngi)
		return mig__fail(MIG_ERROR_IN_USE,
				 "removing GPU %u: it still has %u GPU instance(s)", gpu, g->ngi);
	if (gpu_process_count(st, gpu))
		return mig__fail(MIG_ERROR_IN_USE,
				 "removing GPU %u: processes are running on it", gpu);
	st->ngpu--;
	return MIG_SUCCESS;
}

int mig_gpu_get(mig_gpu_info *out, const mig_state *st, unsigned gpu)
{
	gpu_rec *g = mig__gpu(st, gpu);

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	out->model = g->model;
	snprintf(out->driver, sizeof(out->driver), "%s", g->driver);
	snprintf(out->serial, sizeof(out->serial), "%s", g->serial);
	snprintf(out->pci_bus_id, sizeof(out->pci_bus_id), "%s", g->bus_id);
	snprintf(out->uuid, sizeof(out->uuid), "%s", g->uuid);
	out->mig_current = g->mig_current;
	out->mig_pending = g->mig_pending;
	out->mirrored = g->mirrored;
	out->reset = g->reset;
	out->gi_count = g->ngi;
	for (unsigned i = 0; i < g->ngi; i++)
		out->ci_count += g->gi[i].nci;
	out->process_count = gpu_process_count(st, gpu);
	out->numa_node = g->numa;
	snprintf(out->cpus, sizeof(out->cpus), "%s", g->cpus);
	return MIG_SUCCESS;
}

int mig_gpu_pin_mig_uuid(mig_state *st, unsigned gpu, unsigned gi, unsigned ci, const char *uuid)
{
	gpu_rec *g = mig__gpu(st, gpu);
	unsigned i;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (gi > 14 || ci >= MIG_MAX_CIS)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "pinning a MIG UUID: GI %u / CI %u out of range (GI 0-14, CI 0-%d)", gi,
				 ci, MIG_MAX_CIS - 1);
	for (i = 0; i < g->npin && !(g->pin[i].gi == gi && g->pin[i].ci == ci); i++)
		;
	if (!uuid) {
		if (i < g->npin)
			g->pin[i] = g->pin[--g->npin];
		return MIG_SUCCESS;
	}
	if (!mig__uuid_valid(uuid, "MIG-"))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "pinning a MIG UUID: '%s' is not MIG- followed by 8-4-4-4-12 lower-case hex digits",
				 uuid);
	/*
	 * A MIG UUID names one device on the node: not another pin, and not the
	 * UUID another (GI, CI) of any GPU derives, now or once it is created.
	 */
	for (unsigned k = 0; k < st->ngpu; k++)
		for (unsigned a = 0; a <= 14; a++)
			for (unsigned b = 0; b < MIG_MAX_CIS; b++) {
				char other[48];

				if (k == gpu && a == gi && b == ci)
					continue;
				mig__device_uuid(other, &st->gpu[k], a, b);
				if (!strcmp(other, uuid))
					return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
							 "pinning a MIG UUID: %s already names GPU %u GI %u CI %u",
							 uuid, k, a, b);
			}
	if (i == g->npin)
		g->npin++;
	g->pin[i].gi = (uint8_t)gi;
	g->pin[i].ci = (uint8_t)ci;
	snprintf(g->pin[i].uuid, sizeof(g->pin[i].uuid), "%s", uuid);
	return MIG_SUCCESS;
}

/* MIG mode ----------------------------------------------------------------- */

int mig__model_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
{
	gpu_rec *g = mig__gpu(st, gpu);
	int want = enable ? 1 : 0;
	int dummy;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!activation)
		activation = &dummy;
	if (enable != 0 && enable != 1)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "setting MIG mode on GPU %u: mode %d is not 0 (disable) or 1 (enable)",
				 gpu, enable);
	/*
	 * Not verified on hardware (§nvml-A.7): we refuse to disable
	 * MIG under existing instances rather than drop them silently.
	 */
	if (!want && g->ngi)
		return mig__fail(MIG_ERROR_IN_USE,
				 "disabling MIG mode on GPU %u: %u GPU instance(s) still exist; destroy them first",
				 gpu, g->ngi);
	mig__backend_touch(st, gpu);
	g->mig_pending = want;
	if (g->mig_current == g->mig_pending) {
		*activation = MIG_SUCCESS;
		return MIG_SUCCESS;
	}
	/* §nvml-A.7: the driver resets the GPU itself unless something holds it. */
	if (gpu_process_count(st, gpu)) {
		*activation = MIG_ERROR_IN_USE;
		mig__fail(MIG_ERROR_IN_USE,
			  "MIG mode on GPU %u stays pending: %u process(es) hold the GPU",
			  gpu, gpu_process_count(st, gpu));
		return MIG_SUCCESS;
	}
	if (g->reset != MIG_RESET_AUTO) {
		*activation = g->reset == MIG_RESET_REQUIRED_VM ? MIG_ERROR_RESET_REQUIRED
								 : MIG_ERROR_NOT_SUPPORTED;
		mig__fail(*activation,
			  "MIG mode on GPU %u stays pending: the GPU cannot be reset from this VM",
			  gpu);
		return MIG_SUCCESS;
	}
	g->mig_current = g->mig_pending;
	*activation = MIG_SUCCESS;
	return MIG_SUCCESS;
}

int mig_reset_gpu(mig_state *st, unsigned gpu)
{
	gpu_rec *g = mig__gpu(st, gpu);
	unsigned held;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	/* migctl never resets a real GPU (docs/backends.md). */
	if (mig__backend_fixed(st))
		return mig__backend_refuse("resetting a GPU");
	held = gpu_process_count(st, gpu);
	if (held)
		return mig__fail(MIG_ERROR_IN_USE,
				 "resetting GPU %u: %u process(es) are using it", gpu, held);
	if (g->reset != MIG_RESET_AUTO)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "resetting GPU %u: not supported in this passthrough VM", gpu);
	g->mig_current = g->mig_pending;
	return MIG_SUCCESS;
}

int mig_state_reboot(mig_state *st)
{
	if (mig__backend_fixed(st))
		return mig__backend_refuse("rebooting the node");
	if (st->nproc)
		return mig__fail(MIG_ERROR_IN_USE,
				 "rebooting the node: %zu process(es) are recorded on its GPUs (pid %u first)",
				 st->nproc, st->proc[0].pid);
	for (unsigned i = 0; i < st->ngpu; i++) {
		st->gpu[i].mig_current = st->gpu[i].mig_pending;
		st->gpu[i].ngi = 0;
	}
	return MIG_SUCCESS;
}

/* GPU-instance profiles ------------------------------------------------------ */

int mig_gpu_gi_profiles(const mig_gi_profile **out, size_t cap, size_t *count,
			const mig_state *st, unsigned gpu)
{
	gpu_rec *g = mig__gpu(st, gpu);

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	return mig_model_gi_profiles(out, cap, count, g->model, g->driver);
}

int mig_gpu_gi_profile_by_id(const mig_gi_profile **out, const mig_state *st, unsigned gpu,
			     unsigned profile_id)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	gpu_rec *g = mig__gpu(st, gpu);
	size_t n;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n && i < MIG_MAX_GI_PROFILES; i++) {
		if (list[i]->id == profile_id) {
			*out = list[i];
			return MIG_SUCCESS;
		}
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "GPU %u (%s, driver %s) has no GPU instance profile ID %u", gpu,
			 mig_model_name(g->model), g->driver, profile_id);
}

int mig_gpu_find_gi_profile(const mig_gi_profile **out, const mig_state *st, unsigned gpu,
			    const char *what)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	gpu_rec *g = mig__gpu(st, gpu);
	char known[512];
	size_t n, len = 0;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!what || !*what)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "empty GPU instance profile");
	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;
	if (n > MIG_MAX_GI_PROFILES)
		n = MIG_MAX_GI_PROFILES;
	if (what[strspn(what, "0123456789")] == '\0' && strlen(what) <= 5)
		return mig_gpu_gi_profile_by_id(out, st, gpu, (unsigned)atoi(what));
	for (size_t i = 0; i < n; i++) {
		if (mig_profile_name_matches(what, list[i]->name)) {
			*out = list[i];
			return MIG_SUCCESS;
		}
	}
	known[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(known) - 1; i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s (%u)",
					i ? ", " : "", list[i]->name, list[i]->id);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "unknown GPU instance profile '%s' for %s; known: %s", what,
			 mig_model_name(g->model), known);
}

int mig_gi_possible_placements(mig_placement *out, size_t cap, size_t *count,
			       const mig_state *st, unsigned gpu, unsigned profile_id)
{
	const mig_gi_profile *p;
	size_t n = 0;
	int rc = mig_gpu_gi_profile_by_id(&p, st, gpu, profile_id);

	if (rc)
		return rc;
	/* Static (§geometry-1.5): every placement the profile can ever have. */
	for (unsigned s = 0; s < 16; s++) {
		if (!(p->starts & (1u << s)))
			continue;
		if (out && n < cap) {
			out[n].start = s;
			out[n].size = p->size;
		}
		n++;
	}
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "profile %u has %zu placements, room for %zu", profile_id, n, cap);
	return MIG_SUCCESS;
}
