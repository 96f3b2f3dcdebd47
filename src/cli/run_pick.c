/*
 * run_pick.c - which MIG device `migctl run` gets.
 *
 * A device is free when no process is recorded on it (and, on real GPUs,
 * no other run holds its claim, run_claim.c); with --share, a device
 * whose usage admits the request (docs/sharing.md) will do.  --profile P matches
 * a device whose CI profile name is P ("MIG " prefix allowed): the CI of a
 * whole GI carries the GI's name (§geometry-1.1), so
 * "3g.40gb" is a CI that has all of a 3g.40gb GI and "1c.3g.40gb" one
 * compute slice of it; a 1c CI never passes for its GI's profile.  Among
 * free matches the first in (GPU order, GI ID, CI ID) - the MIG device
 * order of §geometry-1.8b - wins, so choices are deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "run.h"

static void gpus_text(char *buf, size_t len, const run_request *rq)
{
	size_t used = (size_t)snprintf(buf, len, "GPU%s ", rq->ngpu > 1 ? "s" : "");

	for (size_t i = 0; i < rq->ngpu && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%u", i ? "," : "", rq->gpus[i]);
}

/* Append name to a ", "-separated list unless it is there already. */
static void add_name(char *list, size_t len, const char *name)
{
	size_t n = strlen(name), used = strlen(list);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-2] == ',') && (p[n] == ',' || p[n] == '\0'))
			return;
	if (used + n + 3 < len)
		snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
}

/*
 * The GI profile and CI profile a --profile name stands for on a GPU:
 * a GI name (its full CI) or "<c>c.<GI name>".  0 if the GPU has neither.
 */
static int resolve_profile(const mig_gi_profile **gi, mig_ci_profile_info *ci,
			   const mig_state *st, unsigned gpu, const char *name)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
		size_t nci = 0;

		if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &nci, list[i]) != MIG_SUCCESS)
			nci = 0;

		for (size_t c = 0; c < nci; c++) {
			if (!strcmp(cis[c].name, name)) {
				*gi = list[i];
				*ci = cis[c];
				return 1;
			}
		}
	}
	return 0;
}

int run_check(const run_request *rq, const mig_state *st, char *why, size_t len)
{
	char gpus[256];

	gpus_text(gpus, sizeof(gpus), rq);
	if (rq->profile) {
		const char *name = mig_profile_name_bare(rq->profile);
		char allowed[2048] = "";

		for (size_t g = 0; g < rq->ngpu; g++) {
			const mig_gi_profile *gi, *list[MIG_MAX_GI_PROFILES];
			mig_ci_profile_info ci;
			size_t n;

			if (resolve_profile(&gi, &ci, st, rq->gpus[g], name))
				return 0;
			/* Allowed: every GI profile, then every CI profile, in catalog order. */
			if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, rq->gpus[g]) != MIG_SUCCESS)
				n = 0;
			for (size_t i = 0; i < n; i++) {
				mig_gi_profile_info info;

				mig_gi_profile_get(list[i], &info);
				add_name(allowed, sizeof(allowed), info.name);
			}
			for (size_t i = 0; i < n; i++) {
				mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
				size_t nci = 0;

				if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &nci, list[i]) != MIG_SUCCESS)
					nci = 0;

				for (size_t c = 0; c < nci; c++)
					add_name(allowed, sizeof(allowed), cis[c].name);
			}
		}
		snprintf(why, len, "unknown profile '%s' for %s (allowed: %s)", rq->profile, gpus,
			 allowed);
		return RUN_BAD_REQUEST;
	}
	if (rq->device) {
		for (size_t g = 0; g < rq->ngpu; g++) {
			mig_device_info devs[MIG_MAX_DEVICES_PER_GPU];
			size_t n = 0;

			if (mig_device_list(devs, MIG_MAX_DEVICES_PER_GPU, &n, st, rq->gpus[g]))
				continue; /* MIG disabled: no devices */
			for (size_t d = 0; d < n && d < MIG_MAX_DEVICES_PER_GPU; d++)
				if (!strcasecmp(devs[d].ci.uuid, rq->device))
					return 0;
		}
		snprintf(why, len, "no MIG device '%s' on %s ('migctl -L' lists them)", rq->device,
			 gpus);
		return RUN_BAD_REQUEST;
	}
	{
		mig_ci_info cis[MIG_MAX_CIS];
		size_t n = 0;

		if (mig_ci_list(cis, MIG_MAX_CIS, &n, st, rq->gpus[0], rq->gi) == MIG_SUCCESS)
			for (size_t c = 0; c < n && c < MIG_MAX_CIS; c++)
				if (cis[c].id == rq->ci)
					return 0;
		snprintf(why, len, "GPU %u has no compute instance %u in GPU instance %u",
			 rq->gpus[0], rq->ci, rq->gi);
		return RUN_BAD_REQUEST;
	}
}

static int matches(const run_request *rq, const mig_device_info *d)
{
	if (rq->profile)
		return !strcmp(d->ci.profile.name, mig_profile_name_bare(rq->profile));
	if (rq->device)
		return !strcasecmp(d->ci.uuid, rq->device);
	return d->ci.gi == rq->gi && d->ci.id == rq->ci;
}

static int shared(const run_request *rq)
{
	return rq->share && rq->share->mode != MIG_SHARE_EXCLUSIVE;
}

/*
 * May the request use device d?  Exclusive: when no process is on it.
 * Shared: when its usage admits the request (docs/sharing.md); the
 * refusal goes to `refusal`, and *unfit counts devices whose size can
 * never take the request (a memory limit above their memory).
 */
static int usable(const run_request *rq, const mig_state *st, unsigned gpu,
		  const mig_device_info *d, char *refusal, size_t len, unsigned *unfit)
{
	mig_share_usage use;
	int rc;

	if (!shared(rq))
		return d->ci.process_count == 0;
	if (rq->take)
		return 1; /* real GPUs: their MPS control daemon admits clients itself */
	rc = mig_share_usage_of(&use, st, gpu, d->ci.gi, d->ci.id);
	if (!rc)
		rc = mig_share_admit(&use, rq->share);
	if (rc) {
		snprintf(refusal, len, "%s", mig_errmsg());
		*unfit += rc == MIG_ERROR_INVALID_ARGUMENT;
	}
	return rc == MIG_SUCCESS;
}

/* Fill a choice from the live state. */
static int describe(run_choice *out, const mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	mig_gi_info g;
	mig_ci_info cis[MIG_MAX_CIS];
	size_t n = 0;
	int rc = mig_gi_get(&g, st, gpu, gi);

	if (!rc)
		rc = mig_ci_list(cis, MIG_MAX_CIS, &n, st, gpu, gi);
	if (rc)
		return rc;
	for (size_t c = 0; c < n && c < MIG_MAX_CIS; c++) {
		if (cis[c].id != ci)
			continue;
		out->gpu = gpu;
		out->gi = gi;
		out->ci = ci;
		snprintf(out->uuid, sizeof(out->uuid), "%s", cis[c].uuid);
		mig_gi_profile_get(g.profile, &out->gi_profile);
		snprintf(out->gi_name, sizeof(out->gi_name), "%s", out->gi_profile.name);
		out->gi_profile.name = NULL;
		out->gi_placement = g.placement;
		out->ci_profile = cis[c].profile;
		out->ci_placement = cis[c].placement;
		return MIG_SUCCESS;
	}
	return MIG_ERROR_NOT_FOUND;
}

/*
 * --create: a CI of the profile in an existing GI of the right profile
 * that has room (no GI is made while one can host it), else a new GI
 * (automatic placement, §geometry-1.6) with that CI, on the first GPU that
 * takes it.
 */
static int create(run_choice *out, mig_state *st, const run_request *rq, char *err, size_t len)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t g = 0; g < rq->ngpu; g++) {
			unsigned gpu = rq->gpus[g], gi_id, ci_id;
			const mig_gi_profile *gp;
			mig_ci_profile_info cp;
			mig_gi_profile_info gpi;
			int ci_profile;

			if (!resolve_profile(&gp, &cp, st, gpu, mig_profile_name_bare(rq->profile)))
				continue;
			mig_gi_profile_get(gp, &gpi);
			ci_profile = cp.is_default ? MIG_CI_PROFILE_DEFAULT : (int)cp.id;
			if (pass == 0) {
				mig_gi_info gis[MIG_MAX_GIS];
				size_t n = 0;

				if (mig_gi_list(gis, MIG_MAX_GIS, &n, st, gpu))
					continue;
				for (size_t i = 0; i < n && i < MIG_MAX_GIS; i++) {
					if (gis[i].profile != gp)
						continue;
					if (mig_create_ci(&ci_id, st, gpu, gis[i].id, ci_profile, NULL))
						continue;
					out->created_ci = 1;
					return describe(out, st, gpu, gis[i].id, ci_id);
				}
				continue;
			}
			if (mig_create_gi(&gi_id, st, gpu, gpi.id, NULL)) {
				snprintf(err, len, "%s", mig_errmsg());
				continue;
			}
			if (mig_create_ci(&ci_id, st, gpu, gi_id, ci_profile, NULL)) {
				snprintf(err, len, "%s", mig_errmsg());
				mig_destroy_gi(st, gpu, gi_id);
				continue;
			}
			out->created_gi = out->created_ci = 1;
			return describe(out, st, gpu, gi_id, ci_id);
		}
	}
	return RUN_BUSY;
}

/*
 * Why no device takes a shared request: the last refusal, named for the
 * device asked for or the profile.  A request no matching device can ever
 * take is RUN_BAD_REQUEST (waiting would not help); else RUN_BUSY.
 */
static int shared_refusal(const run_request *rq, unsigned busy, unsigned unfit,
			  const char *refusal, const char *gpus, char *why, size_t len)
{
	const char *what = rq->share->mode == MIG_SHARE_MPS ? "an MPS client" : "a time-sliced process";

	if (rq->profile)
		snprintf(why, len, "no MIG device with profile %s on %s takes %s (%u tried; %s)",
			 mig_profile_name_bare(rq->profile), gpus, what, busy, refusal);
	else if (rq->device)
		snprintf(why, len, "MIG device %s: %s", rq->device, refusal);
	else
		snprintf(why, len, "GPU %u GPU instance %u compute instance %u: %s", rq->gpus[0],
			 rq->gi, rq->ci, refusal);
	return unfit == busy ? RUN_BAD_REQUEST : RUN_BUSY;
}

int run_pick(run_choice *out, mig_state *st, const run_request *rq, char *why, size_t len)
{
	unsigned busy = 0, busy_procs = 0, mig_off = 0, unfit = 0;
	char gpus[256], err[512] = "", refusal[512] = "";

	memset(out, 0, sizeof(*out));
	for (size_t g = 0; g < rq->ngpu; g++) {
		mig_device_info devs[MIG_MAX_DEVICES_PER_GPU];
		mig_gpu_info info;
		size_t n = 0;

		if (mig_gpu_get(&info, st, rq->gpus[g]) || !info.mig_current) {
			mig_off++;
			continue;
		}
		if (mig_device_list(devs, MIG_MAX_DEVICES_PER_GPU, &n, st, rq->gpus[g]))
			continue;
		for (size_t d = 0; d < n && d < MIG_MAX_DEVICES_PER_GPU; d++) {
			if (!matches(rq, &devs[d]))
				continue;
			if (!usable(rq, st, rq->gpus[g], &devs[d], refusal, sizeof(refusal),
				    &unfit)) {
				busy++;
				busy_procs += devs[d].ci.process_count;
				continue;
			}
			if (rq->take && !rq->take(rq->take_ctx, devs[d].ci.uuid)) {
				busy++;
				continue;
			}
			if (describe(out, st, rq->gpus[g], devs[d].ci.gi, devs[d].ci.id))
				return RUN_ERROR;
			return 0;
		}
	}
	if (rq->create) {
		int rc = create(out, st, rq, err, sizeof(err));

		if (rc == 0 && rq->take && !rq->take(rq->take_ctx, out->uuid)) {
			snprintf(why, len, "another run took the MIG device just created (%s)",
				 out->uuid);
			return RUN_BUSY;
		}
		if (rc != RUN_BUSY)
			return rc ? RUN_ERROR : 0;
	}
	gpus_text(gpus, sizeof(gpus), rq);
	if (shared(rq) && busy && !rq->create)
		return shared_refusal(rq, busy, unfit, refusal, gpus, why, len);
	if (mig_off == rq->ngpu)
		snprintf(why, len, "MIG mode is disabled on %s ('migctl -i %u -mig 1' enables it)",
			 gpus, rq->gpus[0]);
	else if (rq->profile)
		snprintf(why, len, "no free MIG device with profile %s on %s (%u in use%s%s)",
			 mig_profile_name_bare(rq->profile), gpus, busy,
			 rq->create ? "; creating one failed: " : "; --create makes one",
			 rq->create ? (*err ? err : "no room") : "");
	else if (rq->device)
		snprintf(why, len, "MIG device %s is in use (%u process%s)", rq->device, busy_procs,
			 busy_procs == 1 ? "" : "es");
	else
		snprintf(why, len, "GPU %u GPU instance %u compute instance %u is in use (%u process%s)",
			 rq->gpus[0], rq->gi, rq->ci, busy_procs, busy_procs == 1 ? "" : "es");
	return RUN_BUSY;
}

int run_unpick(mig_state *st, const run_choice *c)
{
	int rc = MIG_SUCCESS;

	if (c->created_ci)
		rc = mig_destroy_ci(st, c->gpu, c->gi, c->ci);
	if (!rc && c->created_gi)
		rc = mig_destroy_gi(st, c->gpu, c->gi);
	return rc;
}
