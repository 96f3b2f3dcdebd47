/*
 * resources.c - what the NVIDIA Kubernetes device plugin advertises on a
 * node, as share_conf.h describes it.
 *
 * Names as the plugin builds them with the mixed MIG strategy
 * (internal/rm/rm.go, AddDefaultResourcesToConfig): "mig-" and the MIG
 * profile with '+' replaced by '.', for profiles whose CI has all of its
 * GI's compute slices only; whole GPUs are "gpu".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "share_conf.h"

#define MAX_DEVICES 64

static int by_name(const void *a, const void *b)
{
	return strcmp(((const share_resource *)a)->name, ((const share_resource *)b)->name);
}

/* Count one device under `name`; -1 when the table is full. */
static int add(share_resource *out, size_t cap, size_t *n, const char *name,
	       const mig_share_usage *use)
{
	size_t i;

	for (i = 0; i < *n && strcmp(out[i].name, name); i++)
		;
	if (i == *n) {
		if (*n == cap)
			return -1;
		memset(&out[i], 0, sizeof(out[i]));
		snprintf(out[i].name, sizeof(out[i].name), "%s", name);
		out[i].client_limit = use->client_limit;
		out[i].memory_mib = use->memory_mib;
		(*n)++;
	}
	out[i].devices++;
	if (use->client_limit < out[i].client_limit)
		out[i].client_limit = use->client_limit;
	if (use->memory_mib < out[i].memory_mib)
		out[i].memory_mib = use->memory_mib;
	return 0;
}

static int add_mig_devices(share_resource *out, size_t cap, size_t *n, unsigned *skipped,
			   const mig_state *st, unsigned gpu)
{
	mig_device_info devs[MAX_DEVICES];
	size_t nd = 0;
	int rc = mig_device_list(devs, MAX_DEVICES, &nd, st, gpu);

	for (size_t d = 0; !rc && d < nd && d < MAX_DEVICES; d++) {
		mig_gi_profile_info gp;
		mig_share_usage use;
		char name[64];

		mig_gi_profile_get(devs[d].gi_profile, &gp);
		if (devs[d].ci.profile.slices != gp.slices) {
			(*skipped)++;
			continue;
		}
		snprintf(name, sizeof(name), "nvidia.com/mig-%s", gp.name);
		for (char *p = name; *p; p++)
			if (*p == '+')
				*p = '.';
		rc = mig_share_usage_of(&use, st, gpu, devs[d].ci.gi, devs[d].ci.id);
		if (!rc && add(out, cap, n, name, &use))
			return -1;
	}
	return rc ? -1 : 0;
}

int share_resources(share_resource *out, size_t cap, size_t *count, unsigned *skipped,
		    int *mig, const mig_state *st)
{
	size_t n = 0;

	*skipped = 0;
	*mig = 0;
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		mig_gpu_info info;
		mig_share_usage use;

		if (mig_gpu_get(&info, st, g))
			return -1;
		if (info.mig_current) {
			*mig = 1;
			if (add_mig_devices(out, cap, &n, skipped, st, g))
				return -1;
			continue;
		}
		if (mig_share_usage_of(&use, st, g, MIG_NONE, MIG_NONE) ||
		    add(out, cap, &n, "nvidia.com/gpu", &use))
			return -1;
	}
	qsort(out, n, sizeof(*out), by_name);
	*count = n;
	return 0;
}
