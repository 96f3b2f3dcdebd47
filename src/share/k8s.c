/*
 * k8s.c - the NVIDIA Kubernetes device plugin's config file for sharing
 * this node's devices (docs/sharing.md "Kubernetes").
 *
 * Fields as the plugin's api/config/v1 reads them: version "v1";
 * flags.migStrategy (none, single, mixed); sharing.timeSlicing or
 * sharing.mps, each {renameByDefault, failRequestsGreaterThanOne,
 * resources: [{name, rename, devices, replicas}]}.  Only name and
 * replicas are written: current plugin releases ignore `rename` and
 * `devices` in sharing resources (DisableResourceNamingInConfig), and
 * replicate every device of a resource.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "share_conf.h"

#define MAX_REPLICAS 1024

/* Refuse what the device plugin, or MPS under it, could not do. */
static int check(const share_resource *r, size_t n, mig_share_mode mode, unsigned replicas)
{
	if (mode != MIG_SHARE_MPS && mode != MIG_SHARE_TIMESLICE)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "the device plugin shares by mps or timeslice, not %s",
				 mig_share_mode_name(mode));
	if (replicas < 1 || replicas > MAX_REPLICAS)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "replicas %u: from 1 to %d", replicas,
				 MAX_REPLICAS);
	if (n == 0)
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "the node has no device the device plugin advertises (MIG enabled with no CI spanning its GI?)");
	for (size_t i = 0; mode == MIG_SHARE_MPS && i < n; i++)
		if (replicas > r[i].client_limit)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "%u MPS replicas of %s: its devices take at most %u MPS clients each (docs/sharing.md)",
					 replicas, r[i].name, r[i].client_limit);
	return MIG_SUCCESS;
}

static void write_config(FILE *f, const share_resource *r, size_t n, unsigned skipped, int mig,
			 mig_share_mode mode, unsigned replicas)
{
	fprintf(f, "# NVIDIA k8s-device-plugin config: %s, %u replicas per device "
		   "(migctl share conf --k8s; docs/sharing.md)\n",
		mode == MIG_SHARE_MPS ? "MPS" : "time-slicing", replicas);
	if (skipped)
		fprintf(f, "# %u MIG device(s) smaller than their GPU instance are not advertised by the plugin\n",
			skipped);
	if (mig && mode == MIG_SHARE_MPS)
		fprintf(f, "# MPS on MIG devices: not confirmed that the device plugin supports it\n");
	fprintf(f, "version: v1\nflags:\n  migStrategy: %s\nsharing:\n  %s:\n"
		   "    failRequestsGreaterThanOne: true\n    resources:\n",
		mig ? "mixed" : "none", mode == MIG_SHARE_MPS ? "mps" : "timeSlicing");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "    - name: %s\n      replicas: %u\n", r[i].name, replicas);
}

int share_k8s_config(char **out, const mig_state *st, mig_share_mode mode, unsigned replicas)
{
	share_resource r[SHARE_MAX_RESOURCES];
	size_t n = 0, size = 0;
	unsigned skipped;
	int mig, rc;
	FILE *f;

	*out = NULL;
	if ((rc = share_resources(r, SHARE_MAX_RESOURCES, &n, &skipped, &mig, st)))
		return mig__fail(rc, "listing the node's devices: %s", mig_errmsg());
	if ((rc = check(r, n, mode, replicas)))
		return rc;
	f = open_memstream(out, &size);
	if (!f)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	write_config(f, r, n, skipped, mig, mode, replicas);
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	return MIG_SUCCESS;
}
