/*
 * smig_tuple.c - the -cgi / -cci argument: a comma list of PROFILE[:START]
 * tuples read the way nvidia-smi reads them (§smi-8.2),
 * and profile matching by ID, short name or "MIG " name.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "smig.h"

void smig_tuples_free(smig_tuples *t)
{
	free(t->v);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

/* Whether the number %d read at `s` fits an int (sscanf's overflow is undefined). */
static int start_fits(const char *s)
{
	long long v;

	errno = 0;
	v = strtoll(s, NULL, 10);
	return errno != ERANGE && v >= INT_MIN && v <= INT_MAX;
}

int smig_tuples_parse(smig_tuples *out, const char *list)
{
	size_t n = 1;
	char *p;

	memset(out, 0, sizeof(*out));
	for (const char *c = list; *c; c++)
		n += *c == ',';
	out->v = calloc(n, sizeof(*out->v));
	out->text = strdup(list);
	if (!out->v || !out->text) {
		smig_tuples_free(out);
		return MIG_ERROR_MEMORY;
	}
	/* Decided (docs/cli-mig.md): empty tuples ("19,,19", "") are kept and fail like ":1". */
	for (p = out->text; out->n < n;) {
		char *comma = strchr(p, ',');
		smig_tuple *t = &out->v[out->n++];
		int got;

		if (comma)
			*comma = '\0';
		t->typed = p;
		/*
		 * §smi-8.2: sscanf("%99[^:]:%d").  2 = profile and start; 1 = profile
		 * only ("19", "19:", "19:x" all create without a placement); 0 or
		 * EOF (a tuple starting with ':', or empty) = invalid placement syntax.
		 */
		got = sscanf(p, "%99[^:]:%d", t->profile, &t->start);
		t->has_start = got == 2;
		if (got == 2 && !start_fits(strchr(p, ':') + 1))
			t->start = -1; /* too large for %d: illegal like 19:-1, never wrapped to a real start */
		t->syntax_error = got < 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return MIG_SUCCESS;
}

/* An ID is all decimal digits (names match case-sensitively, §smi-8.2). */
static int parse_id(const char *s, unsigned *id)
{
	if (!*s || s[strspn(s, "0123456789")] != '\0' || strlen(s) > 9)
		return 0;
	*id = (unsigned)strtoul(s, NULL, 10);
	return 1;
}

int smig_match_gi_profile(mig_gi_profile_info *out, const smig_ctx *ctx, unsigned gpu,
			 const char *what)
{
	mig_gi_profile_info prof[MIG_MAX_GI_PROFILES];
	size_t n = smig_smi_gi_profiles(ctx, gpu, prof, MIG_MAX_GI_PROFILES);
	unsigned id = 0;
	int by_id = parse_id(what, &id);

	for (size_t i = 0; i < n; i++) {
		if (by_id ? prof[i].id == id : mig_profile_name_matches(what, prof[i].name)) {
			*out = prof[i];
			return MIG_SUCCESS;
		}
	}
	return MIG_ERROR_INVALID_ARGUMENT;
}

int smig_match_ci_profile(mig_ci_profile_info *out, const smig_ctx *ctx, unsigned gpu,
			 unsigned gi, const char *what)
{
	mig_ci_profile_info cp[MIG_MAX_CI_PROFILES];
	size_t n = 0;
	unsigned id = 0;
	int by_id = parse_id(what, &id);
	int rc = mig_ci_profiles(cp, MIG_MAX_CI_PROFILES, &n, ctx->st, gpu, gi);

	if (rc)
		return rc;
	for (size_t i = 0; i < n && i < MIG_MAX_CI_PROFILES; i++) {
		if (by_id ? cp[i].id == id : mig_profile_name_matches(what, cp[i].name)) {
			*out = cp[i];
			return MIG_SUCCESS;
		}
	}
	/* §smi-8.3 [B]: a CI profile the GI lacks is reported as Invalid Argument. */
	return MIG_ERROR_INVALID_ARGUMENT;
}
