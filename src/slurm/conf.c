/*
 * conf.c - gres.conf and slurm.conf lines for a node's GPUs (docs/slurm.md).
 *
 * With AutoDetect=nvml, slurmd reports what NVML shows and slurmctld marks
 * the node INVALID unless slurm.conf's Gres= declares the same counts per
 * type; a configured type matches every detected type it is a substring
 * of.  So the node's line lists its current layout by detected type (or a
 * site alias contained in it), MIG types before whole-GPU ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slurm.h"

#define MAX_DEVS 64

unsigned slurm_full_slices(const mig_model *m, const char *driver)
{
	mig_gi_profile_info pi[MIG_MAX_GI_PROFILES];
	size_t n = 0;
	unsigned best = 1;

	if (mig_model_gi_profile_infos(pi, MIG_MAX_GI_PROFILES, &n, m, driver) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n; i++)
		if (pi[i].slices > best)
			best = pi[i].slices;
	return best;
}

/* Add `count` of a type (merging same names); 0, or INSUFFICIENT_RESOURCES. */
static int add_type(slurm_type *t, size_t cap, size_t *n, const char *name,
		    const char *profile, unsigned count, double share, int keep_max)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].name, name)) {
			if (keep_max)
				t[i].count = t[i].count > count ? t[i].count : count;
			else
				t[i].count += count;
			return 0;
		}
	if (*n >= cap) {
		fprintf(stderr, "migctl slurm: more than %zu GRES types on one node\n", cap);
		return MIG_ERROR_INSUFFICIENT_RESOURCES;
	}
	snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
	snprintf(t[*n].profile, sizeof(t[*n].profile), "%s", profile);
	t[*n].count = count;
	t[*n].share = share;
	(*n)++;
	return 0;
}

/* The alias for a profile ("gpu" for whole GPUs), if the site gave one; it must be part of `type`. */
static int apply_alias(char *type, size_t len, const char *profile, const slurm_conf_opts *o)
{
	for (size_t i = 0; i < o->nalias; i++) {
		if (strcmp(o->alias[i].profile, *profile ? profile : "gpu"))
			continue;
		if (!strstr(type, o->alias[i].alias)) {
			fprintf(stderr,
				"migctl slurm: alias '%s' for %s is not part of the detected type '%s'; Slurm "
				"matches configured types as substrings of detected ones\n",
				o->alias[i].alias, *profile ? profile : "whole GPUs", type);
			return MIG_ERROR_INVALID_ARGUMENT;
		}
		snprintf(type, len, "%s", o->alias[i].alias);
	}
	return 0;
}

/* The MIG devices of GPU g as types (appended in *n). */
static int mig_types(slurm_type *t, size_t cap, size_t *n, const mig_state *st, unsigned g,
		     const mig_gpu_info *gi, const slurm_conf_opts *o)
{
	mig_device_info devs[MAX_DEVS];
	size_t nd = 0;
	unsigned full = slurm_full_slices(gi->model, gi->driver);
	int rc;

	if ((rc = mig_device_list(devs, MAX_DEVS, &nd, st, g)))
		return rc;
	if (!nd) {
		fprintf(stderr,
			"migctl slurm: GPU %u has MIG enabled and no MIG device: slurmd stops on such a "
			"node (\"MIG mode is enabled, but no MIG devices were found\"); create instances "
			"or disable MIG first\n", g);
		return MIG_ERROR_INVALID_ARGUMENT;
	}
	for (size_t d = 0; d < nd && d < MAX_DEVS; d++) {
		mig_gi_profile_info pi;
		char type[128];

		mig_gi_profile_get(devs[d].gi_profile, &pi);
		slurm_mig_type(type, sizeof(type), gi->model, devs[d].gi_profile, o->version);
		if ((rc = apply_alias(type, sizeof(type), pi.name, o)) ||
		    (rc = add_type(t, cap, n, type, pi.name, 1, (double)pi.slices / full, 0)))
			return rc;
	}
	return 0;
}

int slurm_node_types(slurm_type *out, size_t cap, size_t *n, const mig_state *st,
		     const slurm_conf_opts *o)
{
	slurm_type whole[SLURM_MAX_TYPES];
	size_t nw = 0;
	int rc;

	*n = 0;
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		mig_gpu_info gi;
		char type[128];

		if ((rc = mig_gpu_get(&gi, st, g)))
			return rc;
		if (gi.mig_current) {
			if ((rc = mig_types(out, cap, n, st, g, &gi, o)))
				return rc;
			continue;
		}
		slurm_gpu_type(type, sizeof(type), gi.model, o->short_whole);
		if ((rc = apply_alias(type, sizeof(type), "", o)) ||
		    (rc = add_type(whole, SLURM_MAX_TYPES, &nw, type, "", 1, 1.0, 0)))
			return rc;
	}
	for (size_t i = 0; i < nw; i++)
		if ((rc = add_type(out, cap, n, whole[i].name, "", whole[i].count, 1.0, 0)))
			return rc;
	return 0;
}

int slurm_gres_value(char *out, size_t len, const slurm_type *t, size_t n)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(out + used, len - used, "%sgpu:%s:%u", i ? "," : "", t[i].name,
				 t[i].count);

		if (w < 0 || (size_t)w >= len - used)
			return MIG_ERROR_INSUFFICIENT_SIZE;
		used += (size_t)w;
	}
	return 0;
}
