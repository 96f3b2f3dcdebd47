/*
 * nvml_snapshot.c - a mig_state built from what the driver answers.
 *
 * Per GPU: its model (nvml_model.c), then what runs on it, every figure
 * from NVML: GIs (with the CI profiles inside each), CIs, MIG device
 * UUIDs, the GPU's identity and modes, and the driver's Free counts; then
 * the processes on every GPU and MIG device.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynmodel.h"
#include "error.h"
#include "nvml_api.h"
#include "node_hooks.h"
#include "nvml_backend.h"
#include "state.h"

int mig__nvml_fail(int rc, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return mig__fail(rc, "%s: the driver answered: %s", what, mig_strerror(rc));
}

/* MIG device UUIDs ------------------------------------------------------------ */

static void pin(gpu_rec *g, unsigned gi, unsigned ci, const char *uuid)
{
	unsigned i;

	if (gi > 14 || ci >= MIG_MAX_CIS || !mig__uuid_valid(uuid, "MIG-"))
		return; /* pre-R470 "MIG-GPU-..." identifiers keep the derived UUID */
	for (i = 0; i < g->npin && !(g->pin[i].gi == gi && g->pin[i].ci == ci); i++)
		;
	if (i == MIG_MAX_PINS)
		return;
	if (i == g->npin)
		g->npin++;
	g->pin[i].gi = (uint8_t)gi;
	g->pin[i].ci = (uint8_t)ci;
	mig__nvml_copy_text(g->pin[i].uuid, sizeof(g->pin[i].uuid), uuid);
}

/* Walk the MIG device handles of a GPU: the ones with (gi, ci) ids, or all (gi == MIG_NONE). */
static void pin_uuids(struct mig_nvml *nv, nv_device dev, gpu_rec *g, unsigned want_gi,
		      unsigned want_ci)
{
	unsigned max = 0;

	if (!nv->max_mig_devices || !nv->mig_handle || !nv->mig_gi_id || !nv->mig_ci_id)
		return;
	if (nv->max_mig_devices(dev, &max) != NV_SUCCESS)
		return;
	if (max > 64)
		max = 64;
	for (unsigned i = 0; i < max; i++) {
		char uuid[NV_UUID_V2_SIZE];
		unsigned gi, ci;
		nv_device mig;

		if (nv->mig_handle(dev, i, &mig) != NV_SUCCESS ||
		    nv->mig_gi_id(mig, &gi) != NV_SUCCESS || nv->mig_ci_id(mig, &ci) != NV_SUCCESS)
			continue;
		if (want_gi != MIG_NONE && (gi != want_gi || ci != want_ci))
			continue;
		if (nv->uuid(mig, uuid, sizeof(uuid)) == NV_SUCCESS) {
			uuid[sizeof(uuid) - 1] = '\0';
			pin(g, gi, ci, uuid);
		}
	}
}

void mig__nvml_pin_uuid(struct mig_nvml *nv, nv_device dev, gpu_rec *g, unsigned gi, unsigned ci)
{
	pin_uuids(nv, dev, g, gi, ci);
}

/* GIs and CIs ------------------------------------------------------------------ */

static int find_row(const mig_dyn_model *d, unsigned profile_id)
{
	for (int i = 0; i < MIG_MAX_GI_PROFILES && d->m.gi[i].name; i++)
		if (d->m.gi[i].id == profile_id)
			return i;
	return -1;
}

static int read_cis(struct mig_nvml *nv, nv_gi handle, mig_dyn_model *d, gi_rec *r)
{
	mig_ci_profile_info table[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(table, MIG_MAX_CI_PROFILES, &n, r->profile) != MIG_SUCCESS)
		n = 0;

	if (n > MIG_MAX_CI_PROFILES)
		n = MIG_MAX_CI_PROFILES;
	for (size_t k = 0; k < n; k++) {
		const mig_ci_profile_info *cp = &table[k];
		nv_ci list[MAX_LIST];
		unsigned count = MAX_LIST;
		nv_return rc;

		if (nv->ci_remaining && r->id < MIG_MAX_GI_ID && cp->id < MIG_MAX_CI_PROFILES) {
			unsigned left = 0;
			mig_drv_count *f = &d->ci_free[r->id][cp->id];

			rc = nv->ci_remaining(handle, cp->id, &left);
			f->known = 1;
			f->rc = (uint16_t)rc;
			f->n = (uint8_t)left;
		}
		if (!nv->ci_list)
			continue;
		rc = nv->ci_list(handle, cp->id, list, &count);
		if (mig__nvml_absent(rc))
			continue;
		if (rc)
			return mig__nvml_fail(rc, "listing the compute instances of GPU instance %u",
					      r->id);
		for (unsigned j = 0; j < count && j < MAX_LIST; j++) {
			nv_ci_info info;
			int dup = 0;

			memset(&info, 0, sizeof(info));
			if (!nv->ci_info || (rc = nv->ci_info(list[j], &info)) != NV_SUCCESS)
				return mig__nvml_fail(nv->ci_info ? rc : MIG_ERROR_FUNCTION_NOT_FOUND,
						      "reading a compute instance of GPU instance %u",
						      r->id);
			for (unsigned c = 0; c < r->nci; c++)
				dup |= r->ci[c].id == info.id;
			if (dup)
				continue;
			if (r->nci >= MIG_MAX_CIS || info.id >= MIG_MAX_CIS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "GPU instance %u: the driver reports compute instance %u, more than libmig holds (%d)",
						 r->id, info.id, MIG_MAX_CIS);
			/* The v1 call has no placement: put it where the rule would. */
			if (nv->ci_info_v1)
				info.placement.start = 0;
			mig__ci_insert(r, info.id, cp, info.placement.start);
		}
	}
	return MIG_SUCCESS;
}

static int read_gis(struct mig_nvml *nv, nv_device dev, gpu_rec *g, mig_dyn_model *d)
{

	for (int row = 0; row < MIG_MAX_GI_PROFILES && d->m.gi[row].name; row++) {
		nv_gi list[MAX_LIST];
		unsigned count = MAX_LIST;
		nv_return rc;

		if (nv->gi_remaining) {
			unsigned left = 0;

			rc = nv->gi_remaining(dev, d->m.gi[row].id, &left);
			d->gi_free[row].known = 1;
			d->gi_free[row].rc = (uint16_t)rc;
			d->gi_free[row].n = (uint8_t)left;
		}
		if (!nv->gi_list)
			continue;
		rc = nv->gi_list(dev, d->m.gi[row].id, list, &count);
		if (mig__nvml_absent(rc))
			continue;
		if (rc)
			return mig__nvml_fail(rc, "listing the GPU instances of profile %u",
					      d->m.gi[row].id);
		for (unsigned k = 0; k < count && k < MAX_LIST; k++) {
			nv_gi_info info;
			int at;
			gi_rec *r;

			memset(&info, 0, sizeof(info));
			if (!nv->gi_info || (rc = nv->gi_info(list[k], &info)) != NV_SUCCESS)
				return mig__nvml_fail(nv->gi_info ? rc : MIG_ERROR_FUNCTION_NOT_FOUND,
						      "reading a GPU instance of profile %u",
						      d->m.gi[row].id);
			if (mig__gi(g, info.id))
				continue;
			at = find_row(d, info.profile_id);
			if (at < 0)
				at = row;
			if (g->ngi >= MIG_MAX_GIS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "the driver reports more than %d GPU instances on one GPU",
						 MIG_MAX_GIS);
			if (!d->has_ci[at] && mig__nvml_ci_table(nv, list[k], &d->ci[at]) == MIG_SUCCESS)
				d->has_ci[at] = d->ci[at].n > 0;
			r = mig__gi_insert(g, info.id, &d->m.gi[at], info.placement.start);
			if ((rc = read_cis(nv, list[k], d, r)))
				return rc;
		}
	}
	return MIG_SUCCESS;
}

/* A board whose GI IDs all name the other half's tree node (§geometry-1.5). */
static void infer_mirrored(gpu_rec *g)
{
	unsigned u = g->model->mem_slots ? g->model->units / g->model->mem_slots : 0;
	int canonical = 1, mirrored = 1;

	if (!g->ngi || !u)
		return;
	for (unsigned i = 0; i < g->ngi; i++) {
		const cat_gi *p = g->gi[i].profile;

		if (p->size < u || p->size % u)
			return;
		g->mirrored = 0;
		canonical &= mig__gi_id_for(g, p, g->gi[i].start) == g->gi[i].id;
		g->mirrored = 1;
		mirrored &= mig__gi_id_for(g, p, g->gi[i].start) == g->gi[i].id;
	}
	g->mirrored = !canonical && mirrored;
}

/* The GPU record's identity and modes: driver, serial, bus id, UUID, reset policy, persistence. */
static void gpu_identity(struct mig_nvml *nv, nv_device dev, gpu_rec *g, const nv_pci_info *pci,
			 const char *uuid, const char *driver)
{
	char serial[NV_SERIAL_SIZE + 2];
	unsigned mode = 0;

	mig__nvml_copy_text(g->driver, sizeof(g->driver), driver);
	if (mig_driver_parse(&g->drv, driver) != MIG_SUCCESS)
		g->drv = 0;
	serial[0] = '\0';
	if (nv->serial && nv->serial(dev, serial, sizeof(serial)) == NV_SUCCESS)
		serial[sizeof(serial) - 1] = '\0';
	else
		snprintf(serial, sizeof(serial), "N/A");
	mig__nvml_copy_text(g->serial, sizeof(g->serial), serial);
	if (pci->bus_id[0])
		mig__nvml_copy_text(g->bus_id, sizeof(g->bus_id), pci->bus_id);
	else
		snprintf(g->bus_id, sizeof(g->bus_id), "%08X:%02X:%02X.0", pci->domain, pci->bus,
			 pci->device);
	mig__nvml_copy_text(g->uuid, sizeof(g->uuid), uuid);
	if (nv->virtualization_mode && nv->virtualization_mode(dev, &mode) == NV_SUCCESS &&
	    mode == NV_VIRT_PASSTHROUGH)
		g->reset = MIG_RESET_REQUIRED_VM;
	/* nvmlEnableState_t; a driver that cannot say leaves the default (on). */
	if (nv->persistence_mode && nv->persistence_mode(dev, &mode) == NV_SUCCESS)
		g->persistence_off = mode == 0;
}

unsigned long mig__nvml_gpu_reads;

int mig__nvml_read_gpu(struct mig_nvml *nv, mig_state *st, unsigned index, const char *driver,
		       gpu_rec *g)
{
	char uuid[NV_UUID_V2_SIZE];
	unsigned cur = 0, pend = 0;
	mig_dyn_model *d;
	nv_pci_info pci;
	nv_device dev;
	int capable = 1, rc = MIG_SUCCESS;

	__atomic_fetch_add(&mig__nvml_gpu_reads, 1, __ATOMIC_RELAXED);
	memset(g, 0, sizeof(*g));
	if ((rc = nv->handle_by_index(index, &dev)))
		return mig__nvml_fail(rc, "GPU %u", index);
	if (!(d = mig__dyn_new(st)))
		return MIG_ERROR_MEMORY;
	if ((rc = nv->name(dev, d->name, sizeof(d->name))))
		return mig__nvml_fail(rc, "reading the name of GPU %u", index);
	d->name[sizeof(d->name) - 1] = '\0';
	if ((rc = nv->uuid(dev, uuid, sizeof(uuid))))
		return mig__nvml_fail(rc, "reading the UUID of GPU %u", index);
	uuid[sizeof(uuid) - 1] = '\0';
	memset(&pci, 0, sizeof(pci));
	if ((rc = nv->pci_info(dev, &pci)))
		return mig__nvml_fail(rc, "reading the PCI id of GPU %u", index);
	pci.bus_id[sizeof(pci.bus_id) - 1] = '\0';
	rc = nv->mig_mode(dev, &cur, &pend);
	if (rc == NV_ERROR_NOT_SUPPORTED)
		capable = 0; /* not a MIG GPU: listed, so indices match NVML's */
	else if (rc)
		return mig__nvml_fail(rc, "reading the MIG mode of GPU %u", index);
	if ((rc = mig__nvml_build_model(nv, dev, d, &pci, driver, capable, cur)))
		return rc;
	g->model = &d->m;
	gpu_identity(nv, dev, g, &pci, uuid, driver);
	g->mig_current = cur == 1;
	g->mig_pending = pend == 1;
	if (g->mig_current) {
		if ((rc = read_gis(nv, dev, g, d)))
			return rc;
		infer_mirrored(g);
		pin_uuids(nv, dev, g, MIG_NONE, MIG_NONE);
		d->free_valid = 1;
	}
	mig__real_ctx(st)->gpu[index] = d;
	return MIG_SUCCESS;
}

/* Processes ---------------------------------------------------------------------- */

static void add_process(mig_state *st, struct mig_nvml *nv, unsigned gpu, unsigned pid,
			unsigned long long bytes, unsigned gi, unsigned ci)
{
	char name[64];
	mig_process p;

	if (gi == NV_NO_INSTANCE || ci == NV_NO_INSTANCE)
		gi = ci = MIG_NONE;
	for (size_t i = 0; i < st->nproc; i++) {
		if (st->proc[i].pid != pid || st->proc[i].gpu != gpu)
			continue;
		/* Seen on the parent already; the MIG device says where it runs. */
		if (st->proc[i].gi == MIG_NONE && gi != MIG_NONE) {
			st->proc[i].gi = gi;
			st->proc[i].ci = ci;
		}
		return;
	}
	memset(&p, 0, sizeof(p));
	p.pid = pid;
	p.gpu = gpu;
	p.gi = gi;
	p.ci = ci;
	p.used_mib = bytes == NV_VALUE_NOT_AVAILABLE_ULL ? 0 : bytes >> 20;
	p.start_time = mig__pid_start_time(pid);
	name[0] = '\0';
	if (nv->process_name && nv->process_name(pid, name, sizeof(name)) == NV_SUCCESS)
		mig__copy_name(p.name, sizeof(p.name), name, strnlen(name, sizeof(name)));
	mig__process_append(st, &p);
}

typedef nv_return (*process_fn)(nv_device device, unsigned *count, void *infos);

/* Processes NVML reports on a device (the GPU, or one MIG device). */
static void read_process_list(mig_state *st, struct mig_nvml *nv, process_fn list, int v1,
			      unsigned gpu, nv_device dev, unsigned gi, unsigned ci)
{
	size_t entry = v1 ? sizeof(nv_process_v1) : sizeof(nv_process);
	unsigned cap = 64, count;
	char *buf = NULL;
	nv_return rc;

	do {
		char *grown = realloc(buf, (size_t)cap * entry);

		if (!grown)
			break;
		buf = grown;
		count = cap;
		rc = list(dev, &count, buf);
		if (rc == NV_ERROR_INSUFFICIENT_SIZE)
			cap = count > cap ? count : cap * 2;
	} while (rc == NV_ERROR_INSUFFICIENT_SIZE && cap <= 65536);
	/* Processes are what the driver shows this user; none is not an error. */
	if (buf && rc == NV_SUCCESS) {
		for (unsigned i = 0; i < count && i < cap; i++) {
			if (v1) {
				nv_process_v1 e;

				memcpy(&e, buf + i * entry, sizeof(e));
				add_process(st, nv, gpu, e.pid, e.used_memory, gi, ci);
			} else {
				nv_process e;

				memcpy(&e, buf + i * entry, sizeof(e));
				add_process(st, nv, gpu, e.pid, e.used_memory,
					    gi != MIG_NONE ? gi : e.gi, gi != MIG_NONE ? ci : e.ci);
			}
		}
	}
	free(buf);
}

static void read_processes(mig_state *st, struct mig_nvml *nv, unsigned gpu)
{
	unsigned max = 0;
	nv_device dev;

	if (nv->handle_by_index(gpu, &dev) != NV_SUCCESS)
		return;
	if (nv->processes)
		read_process_list(st, nv, nv->processes, nv->processes_v1, gpu, dev, MIG_NONE,
				  MIG_NONE);
	/*
	 * Graphics clients hold the whole GPU; libmig tells them apart by
	 * where they run (mig_process_kind_of), so they join the same list.
	 */
	if (nv->graphics_processes)
		read_process_list(st, nv, nv->graphics_processes, nv->graphics_processes_v1, gpu,
				  dev, MIG_NONE, MIG_NONE);
	if (!nv->processes || !st->gpu[gpu].mig_current || !nv->max_mig_devices || !nv->mig_handle ||
	    !nv->mig_gi_id || !nv->mig_ci_id || nv->max_mig_devices(dev, &max) != NV_SUCCESS)
		return;
	for (unsigned i = 0; i < max && i < 64; i++) {
		unsigned gi, ci;
		nv_device mig;

		if (nv->mig_handle(dev, i, &mig) == NV_SUCCESS &&
		    nv->mig_gi_id(mig, &gi) == NV_SUCCESS && nv->mig_ci_id(mig, &ci) == NV_SUCCESS)
			read_process_list(st, nv, nv->processes, nv->processes_v1, gpu, mig, gi, ci);
	}
}

/* The node ------------------------------------------------------------------------ */

int mig__nvml_snapshot(mig_state **out, mig_nvml *nv, int live)
{
	char driver[NV_DRIVER_VERSION_SIZE];
	mig_state *st;
	unsigned n = 0;
	int rc = mig_state_new(&st);

	if (rc)
		return rc;
	if ((rc = mig__real_attach(st)))
		goto fail;
	if ((rc = nv->driver_version(driver, sizeof(driver)))) {
		rc = mig__nvml_fail(rc, "reading the driver version");
		goto fail;
	}
	driver[sizeof(driver) - 1] = '\0';
	if ((rc = nv->device_count(&n))) {
		rc = mig__nvml_fail(rc, "counting GPUs");
		goto fail;
	}
	if (n > MIG_MAX_GPUS) {
		rc = mig__fail(MIG_ERROR_NOT_SUPPORTED, "the driver reports %u GPUs; libmig holds %d",
			       n, MIG_MAX_GPUS);
		goto fail;
	}
	if (n && !(st->gpu = calloc(n, sizeof(*st->gpu)))) {
		rc = mig__fail(MIG_ERROR_MEMORY, "reading GPUs: out of memory");
		goto fail;
	}
	for (unsigned i = 0; i < n; i++) {
		if ((rc = mig__nvml_read_gpu(nv, st, i, driver, &st->gpu[i])))
			goto fail;
		st->ngpu = i + 1;
	}
	for (unsigned i = 0; i < n; i++)
		read_processes(st, nv, i);
	if (live) {
		st->ops = &mig__nvml_live_ops;
		mig__real_ctx(st)->nv = nv;
	}
	*out = st;
	return MIG_SUCCESS;
fail:
	mig_state_free(st);
	return rc;
}
