/*
 * smi_rows.c - the rows of nvidia-smi's top level, built from a node's
 * state and libmig's telemetry model: GPUs, MIG devices, processes, each
 * in nvidia-smi's order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "smi.h"
#include "util.h"

time_t smi_now(void)
{
	/* reproducible builds' convention: the date line of golden tests */
	const char *e = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (e && !util_parse_u64(e, 0, 253402300799ull, &v)) /* at most year 9999 */
		return (time_t)v;
	return time(NULL);
}

static int gpu_row(smi_gpu_row *r, const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;
	mig_gpu_telemetry_info t;
	int rc;

	if ((rc = mig_gpu_get(&g, st, gpu)) || (rc = mig_gpu_telemetry(&t, st, gpu)))
		return rc;
	memset(r, 0, sizeof(*r));
	r->index = gpu;
	snprintf(r->name, sizeof(r->name), "%s", t.name);
	snprintf(r->uuid, sizeof(r->uuid), "%s", g.uuid);
	snprintf(r->bus_id, sizeof(r->bus_id), "%s", g.pci_bus_id);
	snprintf(r->serial, sizeof(r->serial), "%s", g.serial);
	snprintf(r->driver, sizeof(r->driver), "%s", g.driver);
	snprintf(r->cuda, sizeof(r->cuda), "%s", t.cuda_version);
	r->pci_device_id = mig_model_pci_device_id(g.model);
	r->compute_cap = mig_model_compute_capability(g.model);
	r->persistence = t.persistence_mode;
	r->fan = t.fan_percent;
	r->temp_c = t.temperature_c;
	r->pstate = t.perf_state;
	r->power_mw = t.power_draw_mw;
	r->limit_mw = t.power_limit_mw;
	r->mem_used = t.memory_used_mib;
	r->mem_total = t.memory_total_mib;
	r->mem_free = t.memory_free_mib;
	r->bar1_used = t.bar1_used_mib;
	r->bar1_total = t.bar1_total_mib;
	r->util = t.gpu_util_percent;
	r->ecc_mode = t.ecc_mode;
	r->ecc_errors = t.ecc_errors;
	r->display_active = t.display_active;
	r->mig_supported = 1; /* every catalog GPU is MIG-capable */
	r->mig_current = g.mig_current;
	r->mig_pending = g.mig_pending;
	return 0;
}

static int add_mig_rows(smi_screen *s, const mig_state *st, unsigned gpu)
{
	mig_device_info *devs = NULL;
	size_t n = 0;
	int rc = mig_device_list(NULL, 0, &n, st, gpu);
	smi_mig_row *grown;

	if (rc || n == 0)
		return rc;
	devs = calloc(n, sizeof(*devs));
	grown = realloc(s->migs, (s->nmig + n) * sizeof(*grown));
	if (!devs || !grown) {
		free(devs);
		if (grown)
			s->migs = grown;
		return MIG_ERROR_MEMORY;
	}
	s->migs = grown;
	if ((rc = mig_device_list(devs, n, &n, st, gpu))) {
		free(devs);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		smi_mig_row *r = &s->migs[s->nmig];
		mig_device_telemetry_info t;
		mig_gi_profile_info gp;
		const char *mig;

		if ((rc = mig_device_telemetry(&t, st, gpu, devs[i].ci.gi, devs[i].ci.id)))
			break;
		mig_gi_profile_get(devs[i].gi_profile, &gp);
		memset(r, 0, sizeof(*r));
		r->gpu = gpu;
		r->gi = devs[i].ci.gi;
		r->ci = devs[i].ci.id;
		r->dev = devs[i].index;
		r->first_of_gi = i == 0 || devs[i - 1].ci.gi != r->gi;
		r->next_same_gi = i + 1 < n && devs[i + 1].ci.gi == r->gi;
		/* §smi-10: the name is nvmlDeviceGetName from "MIG" on */
		mig = strstr(t.name, "MIG ");
		snprintf(r->name, sizeof(r->name), "%s", mig ? mig : t.name);
		snprintf(r->gi_profile, sizeof(r->gi_profile), "%s", gp.name);
		snprintf(r->uuid, sizeof(r->uuid), "%s", t.uuid);
		r->mem_used = t.memory_used_mib;
		r->mem_total = t.memory_total_mib;
		r->bar1_used = t.bar1_used_mib;
		r->bar1_total = t.bar1_total_mib;
		r->sm = devs[i].ci.profile.sm;
		r->ecc = t.ecc_errors;
		/* §smi-11.3: the shared engines of the GI */
		r->ce = gp.ce;
		r->enc = gp.enc;
		r->dec = gp.dec;
		r->ofa = gp.ofa;
		r->jpg = gp.jpeg;
		s->nmig++;
	}
	free(devs);
	return rc;
}

static int proc_cmp(const void *a, const void *b)
{
	const smi_proc_row *x = a, *y = b;

	/* GPU, then MIG device (processes on the whole GPU first), then pid */
	if (x->gpu != y->gpu)
		return x->gpu < y->gpu ? -1 : 1;
	if (x->gi != y->gi)
		return (x->gi + 1u) < (y->gi + 1u) ? -1 : 1; /* MIG_NONE + 1 wraps to 0 */
	if (x->ci != y->ci)
		return (x->ci + 1u) < (y->ci + 1u) ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static int proc_rows(smi_screen *s, const mig_state *st, unsigned gpu)
{
	mig_process *procs;
	size_t n = 0;
	smi_proc_row *grown;
	int rc = mig_process_list(NULL, 0, &n, st, gpu);

	if (rc || n == 0)
		return rc;
	procs = calloc(n, sizeof(*procs));
	grown = realloc(s->procs, (s->nproc + n) * sizeof(*grown));
	if (grown)
		s->procs = grown;
	if (!procs || !grown) {
		free(procs);
		return MIG_ERROR_MEMORY;
	}
	if ((rc = mig_process_list(procs, n, &n, st, gpu))) {
		free(procs);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		smi_proc_row *r = &s->procs[s->nproc++];

		memset(r, 0, sizeof(*r));
		r->gpu = procs[i].gpu;
		r->gi = procs[i].gi;
		r->ci = procs[i].ci;
		r->pid = procs[i].pid;
		snprintf(r->type, sizeof(r->type), "%s",
			 mig_process_kind_of(st, &procs[i]) == MIG_PROCESS_GRAPHICS ? "G" : "C");
		snprintf(r->name, sizeof(r->name), "%s", procs[i].name);
		r->used_mib = procs[i].used_mib;
	}
	free(procs);
	return 0;
}

int smi_screen_build(smi_screen *out, const mig_state *st, const unsigned *gpus, size_t n)
{
	uint32_t drv = cli_driver(st);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->gen = smi_gen_of(drv);
	out->when = smi_now();
	out->node_gpus = mig_state_gpu_count(st);
	out->gpus = calloc(n ? n : 1, sizeof(*out->gpus));
	if (!out->gpus)
		return MIG_ERROR_MEMORY;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = gpu_row(&out->gpus[out->ngpu], st, gpus[i]);
		if (rc)
			break;
		out->show_mig |= out->gpus[out->ngpu].mig_current;
		out->ngpu++;
		if ((rc = add_mig_rows(out, st, gpus[i])) == 0)
			rc = proc_rows(out, st, gpus[i]);
	}
	/* The version line is the node's (one driver per node); NVIDIA-SMI = driver. */
	if (!rc && mig_state_gpu_count(st)) {
		mig_gpu_info g;
		mig_gpu_telemetry_info t;

		if (!(rc = mig_gpu_get(&g, st, 0)) && !(rc = mig_gpu_telemetry(&t, st, 0))) {
			snprintf(out->driver, sizeof(out->driver), "%s", g.driver);
			snprintf(out->cuda, sizeof(out->cuda), "%s", t.cuda_version);
		}
	}
	if (!rc && out->nproc)
		qsort(out->procs, out->nproc, sizeof(*out->procs), proc_cmp);
	if (rc)
		smi_screen_free(out);
	return rc;
}

void smi_screen_free(smi_screen *s)
{
	if (!s)
		return;
	free(s->gpus);
	free(s->migs);
	free(s->procs);
	memset(s, 0, sizeof(*s));
}

int smi_select(unsigned *out, size_t *n, const mig_state *st, const char *gpu_arg, uint32_t driver)
{
	unsigned count = mig_state_gpu_count(st), idx[MIG_MAX_GPUS];
	size_t given = 0;
	const char *bad = NULL;

	*n = 0;
	if (!gpu_arg) {
		for (unsigned g = 0; g < count && g < MIG_MAX_GPUS; g++)
			out[(*n)++] = g;
		return 0;
	}
	if (cli_gpu_list(idx, &given, MIG_MAX_GPUS, st, gpu_arg, &bad) != 0) {
		fprintf(stderr,
			"migctl: -i: no GPU matches '%s': this node has %u GPU(s), indices 0 to %u (give indices, UUIDs or PCI bus ids, comma-separated)\n",
			bad ? bad : gpu_arg, count, count ? count - 1 : 0);
		/* as `migctl mig`: nvidia-smi answers a GPU it cannot find with NOT_FOUND */
		return smi_exit_status(MIG_ERROR_NOT_FOUND, driver);
	}
	/* Decided (docs/cli-smi.md): a set of GPUs, walked in index order (§smi-9.1). */
	for (unsigned g = 0; g < count && g < MIG_MAX_GPUS; g++)
		for (size_t i = 0; i < given; i++)
			if (idx[i] == g) {
				out[(*n)++] = g;
				break;
			}
	return 0;
}
