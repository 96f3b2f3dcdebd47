/*
 * smig_rows.c - the rows of -lgip/-lgipp and -lcip/-lcipp, sorted the way
 * nvidia-smi sorts them (§smi-3.3, §smi-4, §smi-5).
 */
#include <stdlib.h>
#include <string.h>

#include "smig.h"

void smig_rows_free(smig_rows *r)
{
	free(r->gip);
	free(r->cip);
	memset(r, 0, sizeof(*r));
}

static int by_slices_memory_id(const void *a, const void *b)
{
	const smig_gip_row *x = a, *y = b;

	if (x->gpu != y->gpu)
		return x->gpu < y->gpu ? -1 : 1;
	if (x->p.slices != y->p.slices)
		return x->p.slices < y->p.slices ? -1 : 1;
	if (x->p.memory_mib != y->p.memory_mib)
		return x->p.memory_mib < y->p.memory_mib ? -1 : 1;
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

static int by_slices_id(const void *a, const void *b)
{
	const smig_gip_row *x = a, *y = b;

	if (x->gpu != y->gpu)
		return x->gpu < y->gpu ? -1 : 1;
	if (x->p.slices != y->p.slices)
		return x->p.slices < y->p.slices ? -1 : 1;
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

int smig_rows_gip(smig_rows *out, const smig_ctx *ctx, const unsigned *gpus, size_t ngpus)
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->gip = calloc(ngpus ? ngpus * MIG_MAX_GI_PROFILES : 1, sizeof(*out->gip));
	if (!out->gip)
		return MIG_ERROR_MEMORY;
	for (size_t g = 0; g < ngpus; g++) {
		mig_gi_profile_info prof[MIG_MAX_GI_PROFILES];
		size_t np = smig_smi_gi_profiles(ctx, gpus[g], prof, MIG_MAX_GI_PROFILES);

		for (size_t i = 0; i < np; i++) {
			smig_gip_row *row = &out->gip[n++];
			int rc;

			row->gpu = gpus[g];
			row->p = prof[i];
			row->total = prof[i].instance_count;
			/*
			 * §smi-9.4: with MIG disabled NVML has no remaining capacity; the
			 * R550+ table (580.173.02 capture) then shows Free = Total.
			 */
			if (mig_gi_remaining(&row->free, ctx->st, gpus[g], prof[i].id) != MIG_SUCCESS)
				row->free = row->total;
			rc = mig_gi_possible_placements(row->placements, MIG_MAX_PLACEMENTS, &row->nplacements,
							ctx->st, gpus[g], prof[i].id);
			if (rc || row->nplacements > MIG_MAX_PLACEMENTS)
				row->nplacements = 0;
		}
	}
	/* §smi-3.3: R535+ by (slices, memory, ID); R470 by (slices, ID); GPU by GPU. */
	qsort(out->gip, n, sizeof(*out->gip),
	      ctx->gen.sort_by_memory ? by_slices_memory_id : by_slices_id);
	out->n = n;
	return MIG_SUCCESS;
}

int smig_rows_cip(smig_rows *out, const smig_ctx *ctx, const smig_gi_ref *gis, size_t ngis)
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->cip = calloc(ngis ? ngis * MIG_MAX_CI_PROFILES : 1, sizeof(*out->cip));
	if (!out->cip)
		return MIG_ERROR_MEMORY;
	/* §smi-5: GIs in -lgi order, CI profile enums (= IDs) ascending. */
	for (size_t g = 0; g < ngis; g++) {
		mig_ci_profile_info cp[MIG_MAX_CI_PROFILES];
		size_t ncp = 0;
		int rc = mig_ci_profiles(cp, MIG_MAX_CI_PROFILES, &ncp, ctx->st, gis[g].gpu, gis[g].gi.id);

		if (rc) {
			smig_rows_free(out);
			return rc;
		}
		for (size_t i = 0; i < ncp && i < MIG_MAX_CI_PROFILES; i++) {
			smig_cip_row *row = &out->cip[n++];

			row->gpu = gis[g].gpu;
			row->gi = gis[g].gi.id;
			row->p = cp[i];
			if (mig_ci_remaining(&row->free, ctx->st, row->gpu, row->gi, cp[i].id))
				row->free = 0;
			/* §smi-5 / §geometry-1.7: "Shared" = the parent GI's engines. */
			row->dec = gis[g].profile.dec;
			row->enc = gis[g].profile.enc;
			row->ofa = gis[g].profile.ofa;
			row->ce = gis[g].profile.ce;
			row->jpeg = gis[g].profile.jpeg;
			rc = mig_ci_possible_placements(row->placements, MIG_MAX_PLACEMENTS, &row->nplacements,
							ctx->st, row->gpu, row->gi, cp[i].id);
			if (rc || row->nplacements > MIG_MAX_PLACEMENTS)
				row->nplacements = 0;
		}
	}
	out->n = n;
	return MIG_SUCCESS;
}
