/*
 * render.c - one scrape: the node's GPUs, GPU instances, compute instances
 * and processes as Prometheus text (format 0.0.4), with dcgm-exporter's
 * names and labels where DCGM has the metric (docs/exporter.md).
 *
 * Rows first, then text: a row per GPU and per GPU instance (dcgm-exporter
 * reports MIG figures per GPU instance, labelled GPU_I_ID/GPU_I_PROFILE),
 * then each metric family is printed over the rows, as the format wants a
 * family's samples together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"
#include "util.h"

typedef struct row {
	unsigned gpu;
	const mig_gpu_info *g;
	const mig_gpu_telemetry_info *t; /* the GPU's */
	int is_gi;
	unsigned gi;
	char profile[40];
	int has_fb;
	unsigned long long fb_used, fb_free;
	double sm_active;                /* < 0: unknown */
	char job[96];                    /* its processes' jobs, "," between */
} row;

typedef struct scrape_rows {
	mig_gpu_info gpu[MIG_MAX_GPUS];
	mig_gpu_telemetry_info tele[MIG_MAX_GPUS];
	unsigned ngpu;
	row *rows;
	size_t nrows;
} scrape_rows;

/* Add job to a ","-separated set, sorted, once. */
static void add_job(char *set, size_t size, const char *job)
{
	char copy[96], *save = NULL, *tok;
	char out[96] = "";
	int placed = 0;

	if (!job[0])
		return;
	snprintf(copy, sizeof(copy), "%s", set);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int c = strcmp(job, tok);

		if (c == 0)
			return;
		if (c < 0 && !placed++)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? "," : "", job);
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? "," : "", tok);
	}
	if (!placed)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? "," : "", job);
	snprintf(set, size, "%s", out);
}

/* The jobs of the processes on GPU gpu, GI gi (MIG_NONE: on the whole GPU). */
static void row_jobs(row *r, const exp_scrape *s, const mig_process *procs, size_t nproc)
{
	for (size_t i = 0; s->owner && i < nproc; i++) {
		exp_owner o;

		if (procs[i].gpu != r->gpu || procs[i].gi != (r->is_gi ? r->gi : MIG_NONE))
			continue;
		s->owner(&o, procs[i].pid, s->owner_ctx);
		add_job(r->job, sizeof(r->job), o.job);
	}
}

/* A GPU instance's row: memory from its first CI, SM activity over its CIs by SMs. */
static void gi_row(row *r, const mig_state *st, const mig_gi_info *gi)
{
	mig_gi_profile_info pi;
	mig_ci_info ci[MIG_MAX_CIS];
	size_t nci = 0;
	double busy = 0;

	mig_gi_profile_get(gi->profile, &pi);
	snprintf(r->profile, sizeof(r->profile), "%s", pi.name);
	r->sm_active = 0;
	if (mig_ci_list(ci, MIG_MAX_CIS, &nci, st, r->gpu, gi->id) != MIG_SUCCESS)
		nci = 0;
	for (size_t k = 0; k < nci && k < MIG_MAX_CIS; k++) {
		mig_device_telemetry_info d;

		if (mig_device_telemetry(&d, st, r->gpu, gi->id, ci[k].id) != MIG_SUCCESS)
			continue;
		if (!r->has_fb) {
			r->has_fb = 1;
			r->fb_used = d.memory_used_mib;
			r->fb_free = d.memory_total_mib - d.memory_used_mib;
		}
		if (d.sm_active < 0 || r->sm_active < 0)
			r->sm_active = -1;
		else if (pi.sm)
			busy += d.sm_active * ci[k].profile.sm;
	}
	if (r->sm_active >= 0)
		r->sm_active = pi.sm ? busy / pi.sm : 0;
}

static row *new_row(scrape_rows *sr, size_t *cap)
{
	if (util_grow(&sr->rows, cap, sr->nrows + 1, sizeof(row)))
		return NULL;
	memset(&sr->rows[sr->nrows], 0, sizeof(row));
	return &sr->rows[sr->nrows++];
}

static int build_rows(scrape_rows *sr, const exp_scrape *s, const mig_process *procs,
		      size_t nproc)
{
	size_t cap = 0;

	sr->ngpu = mig_state_gpu_count(s->st);
	if (sr->ngpu > MIG_MAX_GPUS)
		sr->ngpu = MIG_MAX_GPUS;
	for (unsigned i = 0; i < sr->ngpu; i++) {
		mig_gi_info gis[MIG_MAX_GIS];
		size_t ngi = 0;
		row *r;

		if (mig_gpu_get(&sr->gpu[i], s->st, i) || mig_gpu_telemetry(&sr->tele[i], s->st, i))
			return -1;
		if (!(r = new_row(sr, &cap)))
			return -1;
		r->gpu = i;
		r->has_fb = 1;
		r->fb_used = sr->tele[i].memory_used_mib;
		r->fb_free = sr->tele[i].memory_free_mib;
		r->sm_active = sr->tele[i].sm_active;
		row_jobs(r, s, procs, nproc);
		if (!sr->gpu[i].mig_current || mig_gi_list(gis, MIG_MAX_GIS, &ngi, s->st, i) != MIG_SUCCESS)
			ngi = 0;
		for (size_t k = 0; k < ngi && k < MIG_MAX_GIS; k++) {
			if (!(r = new_row(sr, &cap)))
				return -1;
			r->gpu = i;
			r->is_gi = 1;
			r->gi = gis[k].id;
			gi_row(r, s->st, &gis[k]);
			row_jobs(r, s, procs, nproc);
		}
	}
	for (size_t k = 0; k < sr->nrows; k++) {
		sr->rows[k].g = &sr->gpu[sr->rows[k].gpu];
		sr->rows[k].t = &sr->tele[sr->rows[k].gpu];
	}
	return 0;
}

/* dcgm-exporter's labels: gpu, UUID, device, modelName, Hostname. */
static void gpu_labels(exp_buf *b, const exp_scrape *s, unsigned gpu, const mig_gpu_info *g,
		       const mig_gpu_telemetry_info *t)
{
	exp_buf_printf(b, "gpu=\"%u\",UUID=\"", gpu);
	exp_buf_label(b, g->uuid);
	exp_buf_printf(b, "\",device=\"nvidia%u\",modelName=\"", gpu);
	exp_buf_label(b, t->name);
	exp_buf_printf(b, "\",Hostname=\"");
	exp_buf_label(b, s->hostname);
	exp_buf_printf(b, "\"");
}

static void row_labels(exp_buf *b, const exp_scrape *s, const row *r)
{
	gpu_labels(b, s, r->gpu, r->g, r->t);
	if (r->is_gi) {
		exp_buf_printf(b, ",GPU_I_PROFILE=\"");
		exp_buf_label(b, r->profile);
		exp_buf_printf(b, "\",GPU_I_ID=\"%u\"", r->gi);
	}
	if (r->job[0]) {
		exp_buf_printf(b, ",hpc_job=\"");
		exp_buf_label(b, r->job);
		exp_buf_printf(b, "\"");
	}
}

/* One metric of the rows: 1 and *v where the row has it. */
typedef int (*row_value)(const row *r, double *v);

static int v_fb_free(const row *r, double *v) { *v = (double)r->fb_free; return r->has_fb; }
static int v_fb_used(const row *r, double *v) { *v = (double)r->fb_used; return r->has_fb; }
static int v_temp(const row *r, double *v) { *v = r->t->temperature_c; return !r->is_gi; }
static int v_power(const row *r, double *v) { *v = r->t->power_draw_mw / 1000.0; return !r->is_gi; }
static int v_sm(const row *r, double *v) { *v = r->sm_active; return r->sm_active >= 0; }

static int v_util(const row *r, double *v)
{
	*v = r->t->gpu_util_percent;
	return !r->is_gi && r->t->gpu_util_percent != MIG_NA;
}

static const struct family {
	const char *name, *help;
	row_value value;
} dcgm_families[] = {
	{"DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).", v_fb_free},
	{"DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", v_fb_used},
	{"DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", v_temp},
	{"DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", v_power},
	{"DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %); none while MIG is enabled.", v_util},
	{"DCGM_FI_PROF_GR_ENGINE_ACTIVE",
	 "Ratio of time the graphics engine is active (emulated: the SM activity).", v_sm},
	{"DCGM_FI_PROF_SM_ACTIVE", "The ratio of cycles an SM has at least 1 warp assigned.", v_sm},
};

static void render_family(exp_buf *b, const exp_scrape *s, const scrape_rows *sr,
			  const struct family *f)
{
	int header = 0;

	for (size_t i = 0; i < sr->nrows; i++) {
		double v;

		if (!f->value(&sr->rows[i], &v))
			continue;
		if (!header++)
			exp_buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", f->name, f->help, f->name);
		exp_buf_printf(b, "%s{", f->name);
		row_labels(b, s, &sr->rows[i]);
		exp_buf_printf(b, "} %.6g\n", v);
	}
}

static void render_gpu_info(exp_buf *b, const exp_scrape *s, const scrape_rows *sr)
{
	exp_buf_printf(b, "# HELP migctl_gpu_info The node's GPUs: driver, MIG mode, PCI bus id.\n"
			  "# TYPE migctl_gpu_info gauge\n");
	for (unsigned i = 0; i < sr->ngpu; i++) {
		exp_buf_printf(b, "migctl_gpu_info{");
		gpu_labels(b, s, i, &sr->gpu[i], &sr->tele[i]);
		exp_buf_printf(b, ",driver=\"");
		exp_buf_label(b, sr->gpu[i].driver);
		exp_buf_printf(b, "\",pci_bus_id=\"");
		exp_buf_label(b, sr->gpu[i].pci_bus_id);
		exp_buf_printf(b, "\",mig_mode=\"%s\"} 1\n",
			       sr->gpu[i].mig_current ? "enabled" : "disabled");
	}
}

/* Compute instances: where they sit and how many processes run on each. */
static void render_instances(exp_buf *b, const exp_scrape *s, const scrape_rows *sr)
{
	exp_buf info = {0}, count = {0};

	for (size_t i = 0; i < sr->nrows; i++) {
		const row *r = &sr->rows[i];
		mig_gi_info gi;
		mig_ci_info ci[MIG_MAX_CIS];
		size_t nci = 0;

		if (!r->is_gi || mig_gi_get(&gi, s->st, r->gpu, r->gi) ||
		    mig_ci_list(ci, MIG_MAX_CIS, &nci, s->st, r->gpu, r->gi))
			continue;
		for (size_t k = 0; k < nci && k < MIG_MAX_CIS; k++) {
			exp_buf *out[2] = {&info, &count};

			for (int j = 0; j < 2; j++) {
				exp_buf_printf(out[j], "%s{", j ? "migctl_instance_processes"
								: "migctl_instance_info");
				gpu_labels(out[j], s, r->gpu, r->g, r->t);
				exp_buf_printf(out[j], ",GPU_I_PROFILE=\"");
				exp_buf_label(out[j], r->profile);
				exp_buf_printf(out[j], "\",GPU_I_ID=\"%u\",GPU_CI_ID=\"%u\"", r->gi,
					       ci[k].id);
			}
			exp_buf_printf(&info, ",GPU_CI_PROFILE=\"");
			exp_buf_label(&info, ci[k].profile.name);
			exp_buf_printf(&info, "\",MIG_UUID=\"");
			exp_buf_label(&info, ci[k].uuid);
			exp_buf_printf(&info, "\",gi_start=\"%u\",gi_size=\"%u\",ci_start=\"%u\","
					      "ci_size=\"%u\"} 1\n",
				       gi.placement.start, gi.placement.size, ci[k].placement.start,
				       ci[k].placement.size);
			exp_buf_printf(&count, "} %u\n", ci[k].process_count);
		}
	}
	exp_buf_printf(b, "# HELP migctl_instance_info MIG devices (compute instances) and their "
			  "placements.\n# TYPE migctl_instance_info gauge\n%s",
		       info.text ? info.text : "");
	exp_buf_printf(b, "# HELP migctl_instance_processes Processes running on each MIG device.\n"
			  "# TYPE migctl_instance_processes gauge\n%s",
		       count.text ? count.text : "");
	if (info.failed || count.failed)
		b->failed = 1;
	exp_buf_free(&info);
	exp_buf_free(&count);
}

static void render_processes(exp_buf *b, const exp_scrape *s, const scrape_rows *sr,
			     const mig_process *procs, size_t nproc)
{
	exp_buf_printf(b, "# HELP migctl_process_used_mib Memory used by each process (in MiB), "
			  "with its job and user.\n# TYPE migctl_process_used_mib gauge\n");
	for (size_t i = 0; i < nproc; i++) {
		const mig_process *p = &procs[i];
		exp_owner o = {"", ""};

		if (p->gpu >= sr->ngpu)
			continue;
		if (s->owner)
			s->owner(&o, p->pid, s->owner_ctx);
		exp_buf_printf(b, "migctl_process_used_mib{");
		gpu_labels(b, s, p->gpu, &sr->gpu[p->gpu], &sr->tele[p->gpu]);
		if (p->gi != MIG_NONE)
			exp_buf_printf(b, ",GPU_I_ID=\"%u\",GPU_CI_ID=\"%u\"", p->gi, p->ci);
		exp_buf_printf(b, ",pid=\"%u\",name=\"", p->pid);
		exp_buf_label(b, p->name);
		exp_buf_printf(b, "\",hpc_job=\"");
		exp_buf_label(b, o.job);
		exp_buf_printf(b, "\",user=\"");
		exp_buf_label(b, o.user);
		exp_buf_printf(b, "\"} %llu\n", p->used_mib);
	}
}

int exp_render(exp_buf *out, const exp_scrape *s)
{
	scrape_rows *sr = calloc(1, sizeof(*sr));
	mig_process *procs = NULL;
	size_t nproc = 0;
	int rc = -1;

	if (!sr || mig_process_list(NULL, 0, &nproc, s->st, (unsigned)-1) != MIG_SUCCESS)
		goto done;
	if (nproc && (!(procs = calloc(nproc, sizeof(*procs))) ||
		      mig_process_list(procs, nproc, &nproc, s->st, (unsigned)-1) != MIG_SUCCESS))
		goto done;
	if (build_rows(sr, s, procs, nproc))
		goto done;
	for (size_t i = 0; i < sizeof(dcgm_families) / sizeof(dcgm_families[0]); i++)
		render_family(out, s, sr, &dcgm_families[i]);
	render_gpu_info(out, s, sr);
	render_instances(out, s, sr);
	render_processes(out, s, sr, procs, nproc);
	if (s->usage)
		exp_usage_render(out, s->usage, s->hostname);
	rc = out->failed ? -1 : 0;
done:
	if (sr)
		free(sr->rows);
	free(sr);
	free(procs);
	return rc;
}
