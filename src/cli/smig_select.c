/*
 * smig_select.c - which GPUs, GIs and CIs a `migctl mig` command works on,
 * in the order nvidia-smi walks them (§smi-3.3, §smi-6, §smi-7).
 */
#include <stdlib.h>
#include <string.h>

#include "smig.h"
#include "util.h"

int smig_select_gpus(smig_ctx *ctx)
{
	unsigned n = mig_state_gpu_count(ctx->st);
	unsigned idx[MIG_MAX_GPUS];
	size_t count = 0;
	const char *bad = NULL;

	ctx->ngpus = 0;
	if (!ctx->gpu_arg) {
		for (unsigned g = 0; g < n && g < MIG_MAX_GPUS; g++)
			ctx->gpus[ctx->ngpus++] = g;
		return 0;
	}
	if (cli_gpu_list(idx, &count, MIG_MAX_GPUS, ctx->st, ctx->gpu_arg, &bad) != 0) {
		fprintf(stderr,
			"migctl: -i: no GPU matches '%s': this node has %u GPU(s), indices 0 to %u (give indices, UUIDs or PCI bus ids, comma-separated)\n",
			bad ? bad : ctx->gpu_arg, n, n ? n - 1 : 0);
		/* nvidia-smi answers a GPU it cannot find with NOT_FOUND (exit 6). */
		return smi_exit_status(MIG_ERROR_NOT_FOUND, ctx->driver);
	}
	/* Decided (docs/cli-mig.md): a device set, walked in index order. */
	for (unsigned g = 0; g < n && g < MIG_MAX_GPUS; g++)
		for (size_t i = 0; i < count; i++)
			if (idx[i] == g) {
				ctx->gpus[ctx->ngpus++] = g;
				break;
			}
	return 0;
}

size_t smig_enabled_gpus(const smig_ctx *ctx, unsigned *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < ctx->ngpus; i++) {
		mig_gpu_info g;

		if (mig_gpu_get(&g, ctx->st, ctx->gpus[i]) == MIG_SUCCESS && g.mig_current &&
		    n < cap)
			out[n++] = ctx->gpus[i];
	}
	return n;
}

int smig_gi_selected(const smig_ctx *ctx, unsigned gi)
{
	if (!ctx->have_gi)
		return 1;
	for (size_t i = 0; i < ctx->ngi_ids; i++)
		if (ctx->gi_ids[i] == gi)
			return 1;
	return 0;
}

int smig_ci_selected(const smig_ctx *ctx, unsigned ci)
{
	if (!ctx->have_ci)
		return 1;
	for (size_t i = 0; i < ctx->nci_ids; i++)
		if (ctx->ci_ids[i] == ci)
			return 1;
	return 0;
}

void smig_full_name(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "MIG %s", name);
}

size_t smig_smi_gi_profiles(const smig_ctx *ctx, unsigned gpu, mig_gi_profile_info *out,
			   size_t cap)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0, k = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, ctx->st, gpu) != MIG_SUCCESS)
		n = 0;

	/* §smi-3.3: nvidia-smi asks NVML for enums 0 .. COUNT-1 of its own build only. */
	for (size_t i = 0; i < n && k < cap; i++) {
		mig_gi_profile_get(list[i], &out[k]);
		if (out[k].nvml_index < ctx->gen.profile_count)
			k++;
	}
	return k;
}

int smig_collect_gis(smig_gi_ref **out, size_t *count, const smig_ctx *ctx, const unsigned *gpus,
		    size_t ngpus)
{
	smig_gi_ref *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	for (size_t g = 0; g < ngpus; g++) {
		mig_gi_profile_info prof[MIG_MAX_GI_PROFILES];
		size_t np = smig_smi_gi_profiles(ctx, gpus[g], prof, MIG_MAX_GI_PROFILES), ngi = 0;
		mig_gi_info gis[MIG_MAX_GIS];
		int rc = mig_gi_list(gis, MIG_MAX_GIS, &ngi, ctx->st, gpus[g]);

		if (rc == MIG_ERROR_NOT_SUPPORTED)
			continue; /* MIG disabled on this GPU */
		if (rc) {
			free(v);
			return rc;
		}
		/* §smi-6: profile enums ascending (NVML order), then the profile's GIs by GI ID. */
		for (size_t p = 0; p < np; p++) {
			for (size_t i = 0; i < ngi && i < MIG_MAX_GIS; i++) {
				mig_gi_profile_info gp;

				mig_gi_profile_get(gis[i].profile, &gp);
				if (gp.id != prof[p].id || !smig_gi_selected(ctx, gis[i].id))
					continue;
				if (UTIL_GROW(v, cap, n + 1)) {
					free(v);
					return MIG_ERROR_MEMORY;
				}
				v[n].gpu = gpus[g];
				v[n].gi = gis[i];
				v[n].profile = gp;
				n++;
			}
		}
	}
	*out = v;
	*count = n;
	return MIG_SUCCESS;
}

static int ci_cmp(const void *a, const void *b)
{
	const mig_ci_info *x = a, *y = b;

	if (x->profile.id != y->profile.id)
		return x->profile.id < y->profile.id ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int smig_collect_cis(smig_ci_ref **out, size_t *count, const smig_ctx *ctx, const smig_gi_ref *gis,
		    size_t ngis)
{
	smig_ci_ref *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	for (size_t g = 0; g < ngis; g++) {
		mig_ci_info cis[MIG_MAX_CIS];
		size_t nci = 0;
		int rc = mig_ci_list(cis, MIG_MAX_CIS, &nci, ctx->st, gis[g].gpu, gis[g].gi.id);

		if (rc) {
			free(v);
			return rc;
		}
		if (nci > MIG_MAX_CIS)
			nci = MIG_MAX_CIS;
		/* §smi-7: inside a GI, CI profile enums ascending, then instance (CI ID) order. */
		qsort(cis, nci, sizeof(cis[0]), ci_cmp);
		for (size_t i = 0; i < nci; i++) {
			if (!smig_ci_selected(ctx, cis[i].id))
				continue;
			if (UTIL_GROW(v, cap, n + 1)) {
				free(v);
				return MIG_ERROR_MEMORY;
			}
			v[n].gpu = gis[g].gpu;
			v[n].ci = cis[i];
			v[n].gi_profile = gis[g].profile;
			n++;
		}
	}
	*out = v;
	*count = n;
	return MIG_SUCCESS;
}
