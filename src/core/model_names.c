/*
 * model_names.c - the names people type for a GPU model, and the drivers a
 * real board of that model could have run (mig.h: mig_catalog_resolve,
 * mig_model_driver_check; docs/catalog.md#names).
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "error.h"

#define MAX_TOKENS 8
#define TOKEN_LEN 24

/* Lower-case words of a name, split at blanks, '-' and '_'; "NVIDIA" dropped. */
static size_t tokens(char out[MAX_TOKENS][TOKEN_LEN], const char *s)
{
	size_t n = 0;

	while (*s) {
		size_t len = 0;

		while (*s == ' ' || *s == '-' || *s == '_')
			s++;
		if (!*s)
			break;
		if (n == MAX_TOKENS)
			return MAX_TOKENS + 1; /* too many words: matches nothing */
		while (*s && *s != ' ' && *s != '-' && *s != '_') {
			if (len + 1 < TOKEN_LEN)
				out[n][len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
			s++;
		}
		out[n][len] = '\0';
		if (strcmp(out[n], "nvidia"))
			n++;
	}
	return n;
}

/* Same words in the same order: "rtx pro 6000" is RTX-PRO-6000. */
static int same_words(char a[][TOKEN_LEN], size_t na, char b[][TOKEN_LEN], size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return 0;
	return 1;
}

/*
 * Does what the user typed (q) name this model's key or name (w)?  Its
 * first word is the family and must be w's first word exactly (so "H20" is
 * not "H200"); every other word must begin a word of w ("sxm" for "sxm5").
 */
static int words_match(char q[][TOKEN_LEN], size_t nq, char w[][TOKEN_LEN], size_t nw)
{
	if (!nq || !nw || nq > MAX_TOKENS || nw > MAX_TOKENS || strcmp(q[0], w[0]))
		return 0;
	for (size_t i = 1; i < nq; i++) {
		size_t j;

		for (j = 1; j < nw; j++)
			if (!strncmp(w[j], q[i], strlen(q[i])))
				break;
		if (j == nw)
			return 0;
	}
	return 1;
}

static int has_word_starting(char w[][TOKEN_LEN], size_t nw, const char *prefix)
{
	for (size_t i = 0; i < nw && nw <= MAX_TOKENS; i++)
		if (!strncmp(w[i], prefix, strlen(prefix)))
			return 1;
	return 0;
}

int mig_catalog_resolve(const mig_model **out, const char *what)
{
	char q[MAX_TOKENS][TOKEN_LEN], k[MAX_TOKENS][TOKEN_LEN], nm[MAX_TOKENS][TOKEN_LEN];
	const cat_model *hit[64], *sxm = NULL;
	size_t nq, nhit = 0, nsxm = 0;
	char list[512];
	size_t used = 0;

	if (!out || !what)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "no model given");
	*out = mig_catalog_find(what); /* key, exact name, PCI device id */
	if (*out)
		return MIG_SUCCESS;
	nq = tokens(q, what);
	for (size_t i = 0; i < mig_cat_model_count; i++) {
		const cat_model *m = &mig_cat_models[i];
		size_t nk = tokens(k, m->key), nn = tokens(nm, m->name);

		if (same_words(q, nq, k, nk) || same_words(q, nq, nm, nn)) {
			*out = m;
			return MIG_SUCCESS;
		}
		if (nhit < sizeof(hit) / sizeof(hit[0]) && (words_match(q, nq, k, nk) || words_match(q, nq, nm, nn))) {
			hit[nhit++] = m;
			if (has_word_starting(k, nk, "sxm") || has_word_starting(nm, nn, "sxm")) {
				sxm = m;
				nsxm++;
			}
		}
	}
	if (nhit == 1) {
		*out = hit[0];
		return MIG_SUCCESS;
	}
	/*
	 * The family alone ("H100", "H200") is its SXM board when it has just
	 * one: the form factor NVIDIA names the family after.  "A100" has two.
	 */
	if (nhit > 1 && nq == 1 && nsxm == 1) {
		*out = sxm;
		return MIG_SUCCESS;
	}
	if (!nhit)
		return mig__fail(MIG_ERROR_NOT_FOUND, "unknown model '%s'", what);
	for (size_t i = 0; i < nhit; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
					 hit[i]->key);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "model '%s' is ambiguous: it could be %s", what,
			 list);
}

/*
 * The first driver branch of each architecture: that of the first CUDA
 * release supporting it (CUDA Toolkit release notes, table 3 "CUDA Toolkit
 * and Corresponding Driver Versions"): GA100 (sm_80) CUDA 11.0, R450; GH100
 * (sm_90) CUDA 11.8, R520; GB100 (sm_100) and GB202 (sm_120) CUDA 12.8, R570.
 * A floor for the whole architecture: boards that came out later (A100 80GB,
 * H200, ...) first had later drivers, which the catalog does not record.
 */
static unsigned first_branch(mig_arch arch)
{
	switch (arch) {
	case MIG_ARCH_AMPERE: return 450;
	case MIG_ARCH_HOPPER: return 520;
	case MIG_ARCH_BLACKWELL:
	case MIG_ARCH_BLACKWELL_RTX: return 570;
	}
	return 0;
}

static const char *arch_name(mig_arch arch)
{
	switch (arch) {
	case MIG_ARCH_AMPERE: return "Ampere";
	case MIG_ARCH_HOPPER: return "Hopper";
	case MIG_ARCH_BLACKWELL: return "Blackwell";
	case MIG_ARCH_BLACKWELL_RTX: return "Blackwell (RTX)";
	}
	return "?";
}

int mig_model_driver_check(const mig_model *m, uint32_t driver)
{
	unsigned first, branch = driver / 1000000u;
	char seen[128];
	size_t used = 0;
	unsigned last = 0;

	if (!m)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "no model given");
	first = first_branch(m->arch);
	if (branch >= first)
		return MIG_SUCCESS;
	/* The branches the catalog has tables for, oldest first, once each. */
	for (size_t i = mig_model_driver_count(m); i-- > 0;) {
		uint32_t v;
		unsigned b;

		if (mig_driver_parse(&v, mig_model_driver(m, i)) || (b = v / 1000000u) == last)
			continue;
		used += (size_t)snprintf(seen + used, sizeof(seen) - used, "%sR%u", last ? ", " : "", b);
		last = b;
		if (used >= sizeof(seen))
			break;
	}
	return mig__fail(MIG_ERROR_NOT_SUPPORTED,
			 "no R%u driver ever drove the %s: %s GPUs need R%u or later "
			 "(the catalog's tables for it: %s)",
			 branch, m->name, arch_name(m->arch), first, seen);
}
