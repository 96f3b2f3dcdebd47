/*
 * smig_destroy.c - `-dci [-ci IDS] [-gi IDS]` and `-dgi [-gi IDS]` on a state
 * inside a batch (§smi-8.1, §smi-8.2): the instances in -lci /
 * -lgi order, restricted by -gi / -ci, stopping at the first failure.
 */
#include <stdlib.h>

#include "smig.h"

/*
 * The GIs both walk: those of the selected MIG GPUs that pass -gi.  0, or
 * -1 with the failure in r: no MIG GPU, or no such GI (§smi-8.1: nothing
 * matches -gi, or there are no GIs: Not Found).  *gis to free() either way.
 */
static int destroy_gis(smig_gi_ref **gis, size_t *ngis, smig_result *r, smig_ctx *ctx)
{
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = smig_enabled_gpus(ctx, gpus, MIG_MAX_GPUS);
	int rc;

	*gis = NULL;
	*ngis = 0;
	if (!ngpus) {
		smig_result_fail(r, SMIG_NO_MIG, MIG_ERROR_NOT_FOUND, NULL, NULL);
		return -1;
	}
	rc = smig_collect_gis(gis, ngis, ctx, gpus, ngpus);
	if (rc || !*ngis) {
		smig_result_fail(r, SMIG_NO_GIS, rc ? rc : MIG_ERROR_NOT_FOUND, NULL, NULL);
		return -1;
	}
	return 0;
}

void smig_do_dgi(smig_result *r, smig_ctx *ctx)
{
	size_t ngis;
	smig_gi_ref *gis;
	int rc;

	if (destroy_gis(&gis, &ngis, r, ctx))
		goto done;
	for (size_t i = 0; i < ngis; i++) {
		smig_change c = {SMIG_DESTROYED_GI, gis[i].gpu, gis[i].gi.id, MIG_NONE,
				gis[i].profile.id, "", gis[i].gi.placement, ""};

		smig_full_name(c.profile_name, sizeof(c.profile_name), gis[i].profile.name);
		rc = mig_destroy_gi(ctx->st, gis[i].gpu, gis[i].gi.id);
		if (rc == MIG_SUCCESS)
			rc = smig_result_add(r, &c);
		if (rc) {
			smig_result_fail(r, SMIG_FAILED, rc, "destroy GPU instances",
					"Unable to destroy GPU instance ID %2u from GPU %2u", c.gi, c.gpu);
			break;
		}
	}
done:
	free(gis);
}

void smig_do_dci(smig_result *r, smig_ctx *ctx)
{
	size_t ngis, ncis = 0;
	smig_gi_ref *gis;
	smig_ci_ref *cis = NULL;
	int rc;

	if (destroy_gis(&gis, &ngis, r, ctx))
		goto done;
	rc = smig_collect_cis(&cis, &ncis, ctx, gis, ngis);
	if (rc || !ncis) {
		smig_result_fail(r, SMIG_NO_CIS, rc ? rc : MIG_ERROR_NOT_FOUND, NULL, NULL);
		goto done;
	}
	for (size_t i = 0; i < ncis; i++) {
		const mig_ci_info *ci = &cis[i].ci;
		smig_change c = {SMIG_DESTROYED_CI, cis[i].gpu, ci->gi, ci->id, ci->profile.id, "",
				ci->placement, ""};

		smig_full_name(c.profile_name, sizeof(c.profile_name), ci->profile.name);
		snprintf(c.uuid, sizeof(c.uuid), "%s", ci->uuid);
		rc = mig_destroy_ci(ctx->st, c.gpu, c.gi, c.ci);
		if (rc == MIG_SUCCESS)
			rc = smig_result_add(r, &c);
		if (rc) {
			smig_result_fail(r, SMIG_FAILED, rc, "destroy compute instances",
					"Unable to destroy compute instance ID %2u from GPU %2u GPU instance ID %2u",
					c.ci, c.gpu, c.gi);
			break;
		}
	}
done:
	free(gis);
	free(cis);
}
