/*
 * state.c - the device state machine: MIG mode, GPU and compute
 * instances, MIG devices and emulated processes, on an in-memory state.
 *
 * Every refusal names what was refused and why, with the NVML return code
 * the driver gives for it (spec §1.2, §3; nvml-api.md A.6, A.7).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"

int mig_state_new(mig_state **out)
{
	mig_state *st = calloc(1, sizeof(*st));

	if (!st)
		return mig__fail(MIG_ERROR_MEMORY, "allocating a state: out of memory");
	st->lock_fd = -1;
	*out = st;
	return MIG_SUCCESS;
}

void mig_state_free(mig_state *st)
{
	if (!st)
		return;
	mig__dyn_free_all(st);
	free(st->gpu);
	free(st->proc);
	free(st);
}

int mig_state_clone(mig_state **out, const mig_state *st)
{
	mig_state *c;
	int rc = mig_state_new(&c);

	if (rc)
		return rc;
	c->generation = st->generation;
	/* A copy of real GPUs is a what-if: it keeps their models, not the driver. */
	c->real = st->real;
	if (st->ngpu) {
		c->gpu = malloc(st->ngpu * sizeof(*c->gpu));
		if (!c->gpu)
			goto fail;
		memcpy(c->gpu, st->gpu, st->ngpu * sizeof(*c->gpu));
		c->ngpu = st->ngpu;
	}
	if (st->nproc) {
		c->proc = malloc(st->nproc * sizeof(*c->proc));
		if (!c->proc)
			goto fail;
		memcpy(c->proc, st->proc, st->nproc * sizeof(*c->proc));
		c->nproc = c->proc_cap = st->nproc;
	}
	if (mig__dyn_clone(c, st) != MIG_SUCCESS)
		goto fail;
	*out = c;
	return MIG_SUCCESS;
fail:
	mig_state_free(c);
	return mig__fail(MIG_ERROR_MEMORY, "copying a state: out of memory");
}

unsigned mig_state_gpu_count(const mig_state *st)
{
	return st->ngpu;
}

uint64_t mig_state_generation(const mig_state *st)
{
	return st->generation;
}

gpu_rec *mig__gpu(const mig_state *st, unsigned gpu)
{
	if (gpu >= st->ngpu) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU %u: no such GPU (the node has %u)",
			  gpu, st->ngpu);
		return NULL;
	}
	return &st->gpu[gpu];
}

gi_rec *mig__gi(gpu_rec *g, unsigned gi)
{
	for (unsigned i = 0; i < g->ngi; i++)
		if (g->gi[i].id == gi)
			return &g->gi[i];
	return NULL;
}

gi_rec *mig__gi_insert(gpu_rec *g, unsigned id, const cat_gi *p, unsigned start)
{
	unsigned i = g->ngi;

	while (i > 0 && g->gi[i - 1].id > id) {
		g->gi[i] = g->gi[i - 1];
		i--;
	}
	memset(&g->gi[i], 0, sizeof(g->gi[i]));
	g->gi[i].id = id;
	g->gi[i].profile = p;
	g->gi[i].start = start;
	g->ngi++;
	return &g->gi[i];
}

ci_rec *mig__ci_insert(gi_rec *gi, unsigned id, const mig_ci_profile_info *cp, unsigned start)
{
	unsigned i = gi->nci;

	while (i > 0 && gi->ci[i - 1].id > id) {
		gi->ci[i] = gi->ci[i - 1];
		i--;
	}
	gi->ci[i].id = id;
	gi->ci[i].profile = cp->id;
	gi->ci[i].start = start;
	gi->ci[i].slices = cp->slices;
	gi->nci++;
	return &gi->ci[i];
}

/*
 * What only the emulated node can do: real GPUs are added, removed, reset
 * and rebooted by people, and their processes are the driver's to track.
 */
static int not_on_real_gpus(const char *what)
{
	return mig__fail(MIG_ERROR_NOT_SUPPORTED,
			 "%s: not supported on real GPUs (NVML backend); migctl changes only their MIG layout",
			 what);
}

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

int mig_state_add_gpu(mig_state *st, const mig_gpu_spec *spec)
{
	gpu_rec g, *grown;
	const char *driver;
	unsigned idx = st->ngpu;
	int rc;

	if (!spec || !spec->model)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "adding a GPU: no model given");
	if (st->real)
		return not_on_real_gpus("adding a GPU");
	if (st->ngpu >= MIG_MAX_GPUS)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "adding a GPU: a node holds at most %d GPUs", MIG_MAX_GPUS);
	if (spec->reset > MIG_RESET_UNSUPPORTED_VM)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: unknown reset policy %d", (int)spec->reset);
	memset(&g, 0, sizeof(g));
	g.model = spec->model;
	driver = spec->driver ? spec->driver : mig_model_driver(spec->model, 0);
	rc = mig_driver_parse(&g.drv, driver);
	if (rc)
		return rc;
	if (!valid_token(driver, sizeof(g.driver)))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: driver version '%s' is not printable", driver);
	snprintf(g.driver, sizeof(g.driver), "%s", driver);
	if (mig_model_gi_profiles(g.model, g.driver, NULL, 0) == 0)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "adding a GPU: %s has no MIG profiles under driver %s",
				 mig_model_name(g.model), g.driver);
	if (spec->serial) {
		if (!valid_token(spec->serial, sizeof(g.serial)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: serial '%s' must be 1 to 31 printable characters without spaces",
					 spec->serial);
		snprintf(g.serial, sizeof(g.serial), "%s", spec->serial);
	} else {
		/* 13 digits like real boards; the index keeps them unique per node. */
		unsigned n = idx;
		int clash;

		do {
			clash = 0;
			snprintf(g.serial, sizeof(g.serial), "%013llu",
				 1650124000000ULL + n);
			for (unsigned i = 0; i < st->ngpu; i++)
				clash |= !strcmp(st->gpu[i].serial, g.serial);
			n += MIG_MAX_GPUS;
		} while (clash);
	}
	if (spec->pci_bus_id) {
		if (!valid_token(spec->pci_bus_id, sizeof(g.bus_id)))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: PCI bus id '%s' is not of the form 00000000:18:00.0",
					 spec->pci_bus_id);
		snprintf(g.bus_id, sizeof(g.bus_id), "%s", spec->pci_bus_id);
	} else {
		unsigned n = idx;
		int clash;

		do {
			clash = 0;
			snprintf(g.bus_id, sizeof(g.bus_id), "%08X:%02X:00.0", n / 8,
				 default_bus[n % 8]);
			for (unsigned i = 0; i < st->ngpu; i++)
				clash |= !strcmp(st->gpu[i].bus_id, g.bus_id);
			n++;
		} while (clash);
	}
	for (unsigned i = 0; i < st->ngpu; i++) {
		if (!strcmp(st->gpu[i].serial, g.serial))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: serial %s is already GPU %u's; serials (and so UUIDs) are unique per node",
					 g.serial, i);
		if (!strcmp(st->gpu[i].bus_id, g.bus_id))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: PCI bus id %s is already GPU %u's",
					 g.bus_id, i);
	}
	if (spec->uuid) {
		if (!mig__uuid_valid(spec->uuid, "GPU-"))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: UUID '%s' is not GPU- followed by 8-4-4-4-12 lower-case hex digits",
					 spec->uuid);
		snprintf(g.uuid, sizeof(g.uuid), "%s", spec->uuid);
	} else {
		mig__gpu_uuid(g.uuid, g.serial);
	}
	for (unsigned i = 0; i < st->ngpu; i++)
		if (!strcmp(st->gpu[i].uuid, g.uuid))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "adding a GPU: UUID %s is already GPU %u's", g.uuid, i);
	g.mirrored = spec->mirrored ? 1 : 0;
	g.reset = spec->reset;
	g.persistence_off = spec->persistence_off ? 1 : 0;
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
	if (st->real)
		return not_on_real_gpus("removing a GPU");
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
	return MIG_SUCCESS;
}

int mig_gpu_pin_mig_uuid(mig_state *st, unsigned gpu, unsigned gi, unsigned ci, const char *uuid)
{
	gpu_rec *g = mig__gpu(st, gpu);
	unsigned i;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (gi > 14 || ci >= MIG_MAX_CI)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "pinning a MIG UUID: GI %u / CI %u out of range (GI 0-14, CI 0-%d)", gi,
				 ci, MIG_MAX_CI - 1);
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
			for (unsigned b = 0; b < MIG_MAX_CI; b++) {
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

static int model_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
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
	 * Not verified on hardware (nvml-api.md A.7): we refuse to disable
	 * MIG under existing instances rather than drop them silently.
	 */
	if (!want && g->ngi)
		return mig__fail(MIG_ERROR_IN_USE,
				 "disabling MIG mode on GPU %u: %u GPU instance(s) still exist; destroy them first",
				 gpu, g->ngi);
	mig__dyn_touch(g);
	g->mig_pending = want;
	if (g->mig_current == g->mig_pending) {
		*activation = MIG_SUCCESS;
		return MIG_SUCCESS;
	}
	/* nvml-api.md A.7: the driver resets the GPU itself unless something holds it. */
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
	if (st->real)
		return not_on_real_gpus("resetting a GPU");
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
	if (st->real)
		return not_on_real_gpus("rebooting the node");
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

/* Instances may be made only with MIG enabled and no change pending (spec A.7). */
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

/* GPU-instance profiles ------------------------------------------------------ */

size_t mig_gpu_gi_profiles(const mig_state *st, unsigned gpu, const mig_gi_profile **out,
			   size_t cap)
{
	if (gpu >= st->ngpu)
		return 0;
	return mig_model_gi_profiles(st->gpu[gpu].model, st->gpu[gpu].driver, out, cap);
}

int mig_gpu_gi_profile_by_id(const mig_gi_profile **out, const mig_state *st, unsigned gpu,
			     unsigned profile_id)
{
	const mig_gi_profile *list[MIG_CAT_MAX_GI];
	gpu_rec *g = mig__gpu(st, gpu);
	size_t n;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	n = mig_gpu_gi_profiles(st, gpu, list, MIG_CAT_MAX_GI);
	for (size_t i = 0; i < n && i < MIG_CAT_MAX_GI; i++) {
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
	const mig_gi_profile *list[MIG_CAT_MAX_GI];
	gpu_rec *g = mig__gpu(st, gpu);
	char known[512];
	size_t n, len = 0;
	const char *name = what;

	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if (!what || !*what)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "empty GPU instance profile");
	n = mig_gpu_gi_profiles(st, gpu, list, MIG_CAT_MAX_GI);
	if (n > MIG_CAT_MAX_GI)
		n = MIG_CAT_MAX_GI;
	if (what[strspn(what, "0123456789")] == '\0' && strlen(what) <= 5)
		return mig_gpu_gi_profile_by_id(out, st, gpu, (unsigned)atoi(what));
	if (!strncmp(name, "MIG ", 4))
		name += 4;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(list[i]->name, name)) {
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
	/* Static (spec §1.5): every placement the profile can ever have. */
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

/* The driver's answer saved with a snapshot of real GPUs, if it still holds. */
static const mig_free *driver_free(const mig_free *f, const gpu_rec *g)
{
	return g->dyn && g->dyn->free_valid && f->known ? f : NULL;
}

static int use_driver_free(unsigned *out, const mig_free *f, const char *what, unsigned gpu)
{
	if (f->rc)
		return mig__fail(f->rc, "%s on GPU %u: the driver answered: %s", what, gpu,
				 mig_strerror(f->rc));
	*out = f->n;
	return MIG_SUCCESS;
}

int mig_gi_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned profile_id)
{
	const mig_gi_profile *p;
	const mig_free *f;
	int rc, row;

	if (st->ops)
		return st->ops->gi_remaining(st, out, gpu, profile_id);
	rc = mig_gpu_gi_profile_by_id(&p, st, gpu, profile_id);
	if (rc)
		return rc;
	if (!st->gpu[gpu].mig_current)
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "remaining capacity on GPU %u: MIG mode is disabled", gpu);
	row = mig__dyn_row(st->gpu[gpu].dyn, p);
	if (row >= 0 && (f = driver_free(&st->gpu[gpu].dyn->gi_free[row], &st->gpu[gpu])) != NULL)
		return use_driver_free(out, f, "remaining capacity", gpu);
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

static int model_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu, unsigned profile_id,
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
		/* nvml-api.md A.6: a placement not in the possible list is INVALID_ARGUMENT. */
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
				 g->ngi >= MIG_MAX_GI ? "the GPU holds its maximum of GPU instances"
						      : "memory slices or engines are taken");
	}
	id = mig__gi_id_for(g, p, start);
	mig__dyn_touch(g);
	mig__gi_insert(g, id, p, start);
	if (out_gi)
		*out_gi = id;
	return MIG_SUCCESS;
}

static int model_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
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
	mig__dyn_touch(g);
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

static int find_gi(gi_rec **out, const mig_state *st, unsigned gpu, unsigned gi,
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
	int rc = find_gi(&r, st, gpu, gi, "looking up a GPU instance");

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
	int rc = find_gi(&r, st, gpu, gi, "listing compute instance profiles");

	if (rc)
		return rc;
	n = mig_gi_profile_ci_profiles(r->profile, out, cap);
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE,
				 "GPU instance %u has %zu CI profiles, room for %zu", gi, n, cap);
	return MIG_SUCCESS;
}

static int find_ci_profile(mig_ci_profile_info *cp, const gi_rec *r, unsigned gpu,
			   int ci_profile)
{
	mig_ci_profile_info list[MIG_CI_TABLE_MAX];
	size_t n = mig_gi_profile_ci_profiles(r->profile, list, MIG_CI_TABLE_MAX);
	char known[256];
	size_t len = 0;

	if (n > MIG_CI_TABLE_MAX)
		n = MIG_CI_TABLE_MAX;
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
	/* nvml-api.md A.6: a CI profile not valid in this GI is NOT_SUPPORTED. */
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
	int rc = find_gi(&r, st, gpu, gi, "listing compute instance placements");

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

int mig_ci_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned gi,
		     unsigned ci_profile)
{
	mig_ci_profile_info cp;
	const mig_free *f;
	gi_rec *r;
	int rc;

	if (st->ops)
		return st->ops->ci_remaining(st, out, gpu, gi, ci_profile);
	rc = find_gi(&r, st, gpu, gi, "compute instance capacity");

	if (rc)
		return rc;
	rc = find_ci_profile_id(&cp, r, gpu, ci_profile);
	if (rc)
		return rc;
	if (r->id < MIG_MAX_GI_ID && cp.id < MIG_CI_TABLE_MAX && st->gpu[gpu].dyn &&
	    (f = driver_free(&st->gpu[gpu].dyn->ci_free[r->id][cp.id], &st->gpu[gpu])) != NULL)
		return use_driver_free(out, f, "compute instance capacity", gpu);
	*out = mig__ci_remaining(r, &cp);
	return MIG_SUCCESS;
}

static int model_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi,
			   int ci_profile, const mig_placement *at)
{
	mig_ci_profile_info cp;
	gi_rec *r;
	unsigned start, id;
	int rc = find_gi(&r, st, gpu, gi, "creating a compute instance");

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
	mig__dyn_touch(&st->gpu[gpu]);
	mig__ci_insert(r, id, &cp, start);
	if (out_ci)
		*out_ci = id;
	return MIG_SUCCESS;
}

static int model_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	gi_rec *r;
	unsigned procs, i;
	int rc = find_gi(&r, st, gpu, gi, "destroying a compute instance");

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
	mig__dyn_touch(&st->gpu[gpu]);
	memmove(&r->ci[i], &r->ci[i + 1], (r->nci - i - 1) * sizeof(r->ci[0]));
	r->nci--;
	return MIG_SUCCESS;
}

/* Changes forwarded to a backend ------------------------------------------- */

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

int mig_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
{
	char why[512];
	mig_state *copy;
	int rc, act, model_rc, model_act = MIG_SUCCESS;

	if (!st->ops)
		return model_set_mig_mode(st, gpu, enable, activation);
	if (!mig__gpu(st, gpu))
		return MIG_ERROR_INVALID_ARGUMENT;
	if (enable != 0 && enable != 1)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "setting MIG mode on GPU %u: mode %d is not 0 (disable) or 1 (enable)",
				 gpu, enable);
	/* The driver changes the state, so the model must look at it before. */
	copy = copy_quietly(st);
	act = MIG_SUCCESS;
	rc = st->ops->set_mig_mode(st, gpu, enable, &act);
	if (activation)
		*activation = act;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	if (copy) {
		model_rc = model_set_mig_mode(copy, gpu, enable, &model_act);
		if (rc != MIG_SUCCESS)
			explained(rc, model_rc, why);
		else if (act != MIG_SUCCESS)
			explained(act, model_rc == MIG_SUCCESS ? model_act : -1, why);
		mig_state_free(copy);
	}
	return rc;
}

int mig_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu, unsigned profile_id,
		  const mig_placement *at)
{
	char why[512];
	mig_state *copy;
	int rc;

	if (!st->ops)
		return model_create_gi(out_gi, st, gpu, profile_id, at);
	rc = st->ops->create_gi(st, out_gi, gpu, profile_id, at);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, model_create_gi(NULL, copy, gpu, profile_id, at), why);
	mig_state_free(copy);
	return rc;
}

int mig_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
{
	char why[512];
	mig_state *copy;
	int rc;

	if (!st->ops)
		return model_destroy_gi(st, gpu, gi);
	rc = st->ops->destroy_gi(st, gpu, gi);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, model_destroy_gi(copy, gpu, gi), why);
	mig_state_free(copy);
	return rc;
}

int mig_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi, int ci_profile,
		  const mig_placement *at)
{
	char why[512];
	mig_state *copy;
	int rc;

	if (!st->ops)
		return model_create_ci(out_ci, st, gpu, gi, ci_profile, at);
	rc = st->ops->create_ci(st, out_ci, gpu, gi, ci_profile, at);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, model_create_ci(NULL, copy, gpu, gi, ci_profile, at), why);
	mig_state_free(copy);
	return rc;
}

int mig_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	char why[512];
	mig_state *copy;
	int rc;

	if (!st->ops)
		return model_destroy_ci(st, gpu, gi, ci);
	rc = st->ops->destroy_ci(st, gpu, gi, ci);
	if (rc == MIG_SUCCESS || !(copy = copy_quietly(st)))
		return rc;
	snprintf(why, sizeof(why), "%s", mig_errmsg());
	rc = explained(rc, model_destroy_ci(copy, gpu, gi, ci), why);
	mig_state_free(copy);
	return rc;
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
	int rc = find_gi(&r, st, gpu, gi, "listing compute instances");

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

	if (gpu != (unsigned)-1 && !mig__gpu(st, gpu))
		return MIG_ERROR_INVALID_ARGUMENT;
	/* spec §1.8b: (GPU index, GI ID, CI ID) ascending; GIs and CIs are kept sorted. */
	for (unsigned g = 0; g < st->ngpu; g++) {
		unsigned index = 0;

		if (gpu != (unsigned)-1 && g != gpu)
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

/* Processes ----------------------------------------------------------------- */

size_t mig__copy_name(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0, i = 0;

	/*
	 * Names end up in JSON, which must be valid UTF-8: keep whole valid
	 * sequences that fit, turn every other byte into '?'.
	 */
	while (i < len && src[i] && o + 1 < size) {
		const unsigned char c = (unsigned char)src[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
				       : (c & 0xF8) == 0xF0 ? 4 : 0;
		int ok = n > 0 && i + n <= len && !(n == 2 && c < 0xC2) && !(n == 4 && c > 0xF4);

		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)src[i + k] & 0xC0) == 0x80;
		if (ok && n == 3) {
			unsigned cp = (c & 0x0Fu) << 12 | ((unsigned char)src[i + 1] & 0x3Fu) << 6;
			ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
		}
		if (ok && n == 4) {
			unsigned c1 = (unsigned char)src[i + 1];
			ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 > 0x8F);
		}
		if (!ok) {
			dst[o++] = '?';
			i++;
			continue;
		}
		if (o + n >= size)
			break; /* never cut a character in half */
		memcpy(dst + o, src + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
	return o;
}

int mig__process_append(mig_state *st, const mig_process *p)
{
	if (st->nproc == st->proc_cap) {
		size_t cap = st->proc_cap ? st->proc_cap * 2 : 8;
		mig_process *grown = realloc(st->proc, cap * sizeof(*grown));

		if (!grown)
			return mig__fail(MIG_ERROR_MEMORY, "recording a process: out of memory");
		st->proc = grown;
		st->proc_cap = cap;
	}
	st->proc[st->nproc++] = *p;
	return MIG_SUCCESS;
}

int mig_process_attach(mig_state *st, const mig_process *p)
{
	gpu_rec *g;
	mig_process rec;

	if (!p || p->pid == 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "attaching a process: pid 0");
	if (st->real)
		return not_on_real_gpus("recording a process");
	g = mig__gpu(st, p->gpu);
	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if ((p->gi == MIG_NONE) != (p->ci == MIG_NONE))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "attaching pid %u: give both a GPU instance and a compute instance, or neither",
				 p->pid);
	if (p->gi != MIG_NONE) {
		gi_rec *r;
		unsigned i;
		int rc = find_gi(&r, st, p->gpu, p->gi, "attaching a process");

		if (rc)
			return rc;
		for (i = 0; i < r->nci && r->ci[i].id != p->ci; i++)
			;
		if (i == r->nci)
			return mig__fail(MIG_ERROR_NOT_FOUND,
					 "attaching pid %u: GPU %u GPU instance %u has no compute instance %u",
					 p->pid, p->gpu, p->gi, p->ci);
	}
	for (size_t i = 0; i < st->nproc; i++)
		if (st->proc[i].pid == p->pid && st->proc[i].gpu == p->gpu)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "attaching pid %u: it is already recorded on GPU %u", p->pid,
					 p->gpu);
	if (!mig__pid_alive(p->pid, 0))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "attaching pid %u: no such process", p->pid);
	rec = *p;
	mig__copy_name(rec.name, sizeof(rec.name), p->name, strnlen(p->name, sizeof(p->name)));
	if (!rec.start_time)
		rec.start_time = mig__pid_start_time(p->pid);
	return mig__process_append(st, &rec);
}

int mig_process_detach(mig_state *st, unsigned pid)
{
	size_t w = 0, before = st->nproc;

	if (st->real)
		return not_on_real_gpus("forgetting a process");
	for (size_t i = 0; i < st->nproc; i++)
		if (st->proc[i].pid != pid)
			st->proc[w++] = st->proc[i];
	st->nproc = w;
	if (w == before)
		return mig__fail(MIG_ERROR_NOT_FOUND, "detaching pid %u: not recorded", pid);
	return MIG_SUCCESS;
}

int mig_process_list(mig_process *out, size_t cap, size_t *count, const mig_state *st,
		     unsigned gpu)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nproc; i++) {
		if (gpu != (unsigned)-1 && st->proc[i].gpu != gpu)
			continue;
		if (out && n < cap)
			out[n] = st->proc[i];
		n++;
	}
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "%zu processes, room for %zu", n,
				 cap);
	return MIG_SUCCESS;
}

unsigned long long mig__pid_start_time(unsigned pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Field 22 (starttime) counts from after the ')' that closes comm. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* p + 1 is the blank before field 3; each step moves to the blank before the next. */
	p++;
	for (int field = 3; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

int mig__pid_alive(unsigned pid, unsigned long long start_time)
{
	unsigned long long now;

	if (pid == 0 || pid > 0x7fffffffu)
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 0;
	if (!start_time)
		return 1;
	now = mig__pid_start_time(pid);
	/* A different start time means the pid was reused by another process. */
	return now == 0 || now == start_time;
}

unsigned mig_state_prune(mig_state *st)
{
	size_t w = 0;
	unsigned dropped = 0;

	for (size_t i = 0; i < st->nproc; i++) {
		if (mig__pid_alive(st->proc[i].pid, st->proc[i].start_time))
			st->proc[w++] = st->proc[i];
		else
			dropped++;
	}
	st->nproc = w;
	return dropped;
}
