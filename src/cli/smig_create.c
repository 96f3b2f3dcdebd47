/*
 * smig_create.c - `-cgi LIST [-C]` and `-cci [LIST] [-gi IDS]` on a state
 * inside a batch (§smi-8.2): tuples left to right, GPU by
 * GPU, stopping at the first failure; what was created before it stays.
 */
#include <stdlib.h>
#include <string.h>

#include "smig.h"

static const char FAILED_GI[] = "create GPU instances";
static const char FAILED_CI[] = "create compute instances";

/* Record the CI (gpu, gi, ci) just created. */
static int record_ci(smig_result *r, const smig_ctx *ctx, unsigned gpu, unsigned gi, unsigned ci)
{
	mig_ci_info cis[MIG_MAX_CIS];
	size_t n = 0;
	int rc = mig_ci_list(cis, MIG_MAX_CIS, &n, ctx->st, gpu, gi);

	if (rc)
		return rc;
	for (size_t i = 0; i < n && i < MIG_MAX_CIS; i++) {
		smig_change c = {SMIG_CREATED_CI, gpu, gi, ci, cis[i].profile.id, "", cis[i].placement, ""};

		if (cis[i].id != ci)
			continue;
		smig_full_name(c.profile_name, sizeof(c.profile_name), cis[i].profile.name);
		snprintf(c.uuid, sizeof(c.uuid), "%s", cis[i].uuid);
		return smig_result_add(r, &c);
	}
	return MIG_ERROR_NOT_FOUND;
}

/*
 * nvidia-smi's words go to stdout unchanged ("...: Invalid Argument"); an
 * unknown profile also gets a line on stderr naming the choices, which
 * nvidia-smi never gives.
 */
static void hint_unknown_gi(const smig_ctx *ctx, unsigned gpu, const char *what)
{
	const mig_gi_profile *p;

	if (mig_gpu_find_gi_profile(&p, ctx->st, gpu, what) != MIG_SUCCESS)
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
}

static void hint_unknown_ci(const smig_ctx *ctx, unsigned gpu, unsigned gi, const char *what)
{
	mig_ci_profile_info cp[MIG_MAX_CI_PROFILES];
	char known[512];
	size_t n = 0, len = 0;

	known[0] = '\0';
	if (mig_ci_profiles(cp, MIG_MAX_CI_PROFILES, &n, ctx->st, gpu, gi) != MIG_SUCCESS)
		return;
	for (size_t i = 0; i < n && i < MIG_MAX_CI_PROFILES && len < sizeof(known); i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s (%u)", i ? ", " : "",
					cp[i].name, cp[i].id);
	fprintf(stderr, "migctl: unknown compute instance profile '%s' for GPU %u GPU instance %u; known: %s\n",
		what, gpu, gi, known);
}

static int record_gi(smig_result *r, const smig_ctx *ctx, unsigned gpu, unsigned gi)
{
	mig_gi_info info;
	mig_gi_profile_info p;
	smig_change c = {SMIG_CREATED_GI, gpu, gi, MIG_NONE, 0, "", {0, 0}, ""};
	int rc = mig_gi_get(&info, ctx->st, gpu, gi);

	if (rc)
		return rc;
	mig_gi_profile_get(info.profile, &p);
	c.profile_id = p.id;
	c.placement = info.placement;
	smig_full_name(c.profile_name, sizeof(c.profile_name), p.name);
	return smig_result_add(r, &c);
}

void smig_do_cgi(smig_result *r, smig_ctx *ctx)
{
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = smig_enabled_gpus(ctx, gpus, MIG_MAX_GPUS);
	smig_tuples t;

	if (!ngpus) {
		smig_result_fail(r, SMIG_NO_MIG, MIG_ERROR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (smig_tuples_parse(&t, ctx->list ? ctx->list : "")) {
		smig_result_fail(r, SMIG_FAILED, MIG_ERROR_MEMORY, FAILED_GI, "Unable to read the profile list");
		return;
	}
	for (size_t g = 0; g < ngpus; g++) {
		for (size_t i = 0; i < t.n; i++) {
			const smig_tuple *tu = &t.v[i];
			mig_gi_profile_info p;
			mig_placement at;
			unsigned gi = 0, ci = 0;
			int rc;

			if (tu->syntax_error) {
				/* §smi-8.1: nvidia-smi's own typo. */
				smig_result_fail(r, SMIG_SYNTAX, MIG_ERROR_INVALID_ARGUMENT, FAILED_GI,
						"Unable to create a GPU instace on GPU %2u using profile %s",
						gpus[g], tu->typed);
				goto done;
			}
			rc = smig_match_gi_profile(&p, ctx, gpus[g], tu->profile);
			if (rc == MIG_ERROR_INVALID_ARGUMENT)
				hint_unknown_gi(ctx, gpus[g], tu->profile);
			if (rc == MIG_SUCCESS) {
				at.start = (unsigned)tu->start;
				at.size = p.placement_size;
				rc = mig_create_gi(&gi, ctx->st, gpus[g], p.id, tu->has_start ? &at : NULL);
			}
			if (rc == MIG_SUCCESS)
				rc = record_gi(r, ctx, gpus[g], gi);
			if (rc) {
				smig_result_fail(r, SMIG_FAILED, rc, FAILED_GI,
						"Unable to create a GPU instance on GPU %2u using profile %s",
						gpus[g], tu->typed);
				goto done;
			}
			if (!ctx->default_ci)
				continue;
			/* §smi-8.2: with -C each GI's line is followed by its default CI's. */
			rc = mig_create_ci(&ci, ctx->st, gpus[g], gi, MIG_CI_PROFILE_DEFAULT, NULL);
			if (rc == MIG_SUCCESS)
				rc = record_ci(r, ctx, gpus[g], gi, ci);
			if (rc) {
				/* §smi-8.1: reported as profile "default"; the GI stays. */
				smig_result_fail(r, SMIG_FAILED, rc, FAILED_GI,
						"Unable to create a compute instance on GPU %2u GPU instance ID %2u using profile default",
						gpus[g], gi);
				goto done;
			}
		}
	}
done:
	smig_tuples_free(&t);
}

void smig_do_cci(smig_result *r, smig_ctx *ctx)
{
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = smig_enabled_gpus(ctx, gpus, MIG_MAX_GPUS), ngis = 0;
	smig_gi_ref *gis = NULL;
	smig_tuples t = {0};
	/* -cci alone (or with an empty list) creates the default (`*`) CI, §smi-8.2. */
	int by_default = !ctx->list || !*ctx->list;
	int rc;

	if (!ngpus) {
		smig_result_fail(r, SMIG_NO_MIG, MIG_ERROR_NOT_FOUND, NULL, NULL);
		return;
	}
	rc = smig_collect_gis(&gis, &ngis, ctx, gpus, ngpus);
	if (rc == MIG_SUCCESS && !ngis) {
		smig_result_fail(r, SMIG_NO_GIS, MIG_ERROR_NOT_FOUND, NULL, NULL);
		goto done;
	}
	if (rc == MIG_SUCCESS && !by_default)
		rc = smig_tuples_parse(&t, ctx->list);
	if (rc) {
		smig_result_fail(r, SMIG_FAILED, rc, FAILED_CI, "Unable to list the GPU instances");
		goto done;
	}
	for (size_t g = 0; g < ngis; g++) {
		unsigned gpu = gis[g].gpu, gi = gis[g].gi.id;

		for (size_t i = 0; i < (by_default ? 1 : t.n); i++) {
			const smig_tuple *tu = by_default ? NULL : &t.v[i];
			mig_ci_profile_info cp;
			mig_placement at;
			unsigned ci = 0;

			if (tu && tu->syntax_error)
				rc = MIG_ERROR_INVALID_ARGUMENT;
			else if (tu && (rc = smig_match_ci_profile(&cp, ctx, gpu, gi, tu->profile)) ==
					       MIG_ERROR_INVALID_ARGUMENT)
				hint_unknown_ci(ctx, gpu, gi, tu->profile);
			else
				rc = MIG_SUCCESS;
			if (rc == MIG_SUCCESS) {
				at.start = tu ? (unsigned)tu->start : 0;
				at.size = tu ? cp.slices : 0;
				rc = mig_create_ci(&ci, ctx->st, gpu, gi,
						   tu ? (int)cp.id : MIG_CI_PROFILE_DEFAULT,
						   tu && tu->has_start ? &at : NULL);
			}
			if (rc == MIG_SUCCESS)
				rc = record_ci(r, ctx, gpu, gi, ci);
			if (rc) {
				smig_result_fail(r, SMIG_FAILED, rc, FAILED_CI,
						"Unable to create a compute instance on GPU %2u GPU instance ID %2u using profile %s",
						gpu, gi, tu ? tu->typed : "default");
				goto done;
			}
		}
	}
done:
	free(gis);
	smig_tuples_free(&t);
}
