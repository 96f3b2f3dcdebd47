/*
 * dcgm_fields.c - the dcgm-exporter metrics and labels the advice reads,
 * shared by the /metrics scrape parser (dcgm.c) and Prometheus' query API
 * (prometheus.c).
 *
 * Names and units: dcgm-exporter's default counters file
 * (etc/default-counters.csv): FB_USED/FB_FREE in MiB, POWER_USAGE in W,
 * GPU_UTIL and MEM_COPY_UTIL in %, the profiling fields PROF_* as ratios
 * 0..1.  Labels: gpu, UUID, device, modelName, Hostname, and for MIG
 * devices GPU_I_PROFILE and GPU_I_ID; its HPC job mapping adds hpc_job.
 * Counters (energy) are not read: the advice needs gauges only, so a
 * counter reset cannot mislead it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "advise.h"

static const struct {
	const char *name;
	int field;
} dcgm_fields[] = {
	{"DCGM_FI_DEV_FB_USED", ADV_FIELD_MEM_USED},
	{"DCGM_FI_DEV_FB_FREE", ADV_FIELD_MEM_FREE},
	{"DCGM_FI_PROF_SM_ACTIVE", ADV_FIELD_SM_ACTIVE},
	{"DCGM_FI_PROF_GR_ENGINE_ACTIVE", ADV_FIELD_GR_ACTIVE},
	{"DCGM_FI_DEV_GPU_UTIL", ADV_FIELD_UTIL_GPU},
	{"DCGM_FI_DEV_MEM_COPY_UTIL", ADV_FIELD_UTIL_MEM},
	{"DCGM_FI_DEV_POWER_USAGE", ADV_FIELD_POWER},
};

const char *const adv_dcgm_metrics[] = {
	"DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_PROF_SM_ACTIVE",
	"DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_MEM_COPY_UTIL",
	"DCGM_FI_DEV_POWER_USAGE", NULL};

int adv_dcgm_field(const char *metric)
{
	for (size_t i = 0; i < sizeof(dcgm_fields) / sizeof(dcgm_fields[0]); i++)
		if (!strcmp(dcgm_fields[i].name, metric))
			return dcgm_fields[i].field;
	return 0;
}

void adv_store(adv_sample *x, int field, double v)
{
	switch (field) {
	case ADV_FIELD_MEM_USED:
		x->mem_used_mib = v;
		break;
	case ADV_FIELD_MEM_FREE:
		x->mem_free_mib = v;
		break;
	case ADV_FIELD_SM_ACTIVE:
		x->sm_active = v;
		break;
	case ADV_FIELD_GR_ACTIVE:
		x->gr_active = v;
		break;
	case ADV_FIELD_UTIL_GPU:
		x->util_gpu = v / 100;
		break;
	case ADV_FIELD_UTIL_MEM:
		x->util_mem = v / 100;
		break;
	case ADV_FIELD_POWER:
		x->power_w = v;
		break;
	}
	if (!isnan(x->mem_used_mib) && !isnan(x->mem_free_mib))
		x->mem_total_mib = x->mem_used_mib + x->mem_free_mib;
}

static const char *label(const adv_label *l, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			return l[i].value;
	return "";
}

adv_series *adv_log_series_labels(adv_log *log, const adv_label *labels, size_t n,
				  const char *job_label)
{
	const char *job = label(labels, n, job_label ? job_label : "hpc_job");
	const char *uuid = label(labels, n, "UUID"), *gi = label(labels, n, "GPU_I_ID");
	const char *gpu = label(labels, n, "gpu");
	char id[128], device[128];
	adv_series *s;

	if (!*job)
		job = label(labels, n, "pod");
	snprintf(device, sizeof(device), "%.90s%s%.20s", *uuid ? uuid : gpu, *gi ? "/" : "", gi);
	if (*job)
		snprintf(id, sizeof(id), "%.100s", job);
	else
		snprintf(id, sizeof(id), "gpu %.20s%s%.20s", gpu, *gi ? " gi " : "", gi);
	s = adv_log_series(log, id, device);
	if (s && !*s->model)
		snprintf(s->model, sizeof(s->model), "%s", label(labels, n, "modelName"));
	if (s && !*s->profile)
		snprintf(s->profile, sizeof(s->profile), "%s", label(labels, n, "GPU_I_PROFILE"));
	return s;
}
