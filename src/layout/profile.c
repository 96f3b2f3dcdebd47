/*
 * profile.c - MIG profile names as mig-parted reads and writes them
 * (§parted-2): the grammar and its exact error texts (go-nvlib's
 * parseMigProfile), the canonical form, and finding a name on a GPU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"

/* Length of a Go unicode.IsSpace rune at s (UTF-8), or 0. */
static size_t space_at(const unsigned char *s, size_t left)
{
	if (left >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (left >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
		return 2;
	if (left >= 3 && s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
		return 3;
	if (left >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (left >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3;
	if (left >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Does s[0..len) start or end with white space (Go strings.TrimSpace(s) != s)? */
static int has_outer_space(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!len)
		return 0;
	if (space_at(u, len))
		return 1;
	/* A space rune is 1 to 3 bytes: try each possible last rune. */
	for (size_t k = 1; k <= 3 && k <= len; k++)
		if (space_at(u + len - k, k) == k)
			return 1;
	return 0;
}

/* Go strconv.Atoi: optional sign, decimal digits, int64 range. */
static int go_atoi(long long *out, const char *s, size_t len)
{
	size_t i = 0;
	int neg = 0;
	unsigned long long v = 0;

	if (len && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (9223372036854775808ULL - (unsigned)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (!neg && v > 9223372036854775807ULL)
		return -1;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

/* parseMigProfileField: "%dg" and friends. */
static int parse_field(long long *out, const char *s, size_t len, const char *field)
{
	size_t fl = strlen(field);

	if (has_outer_space(s, len))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "leading or trailing spaces on '%%d%s'", field);
	if (len < fl || memcmp(s + len - fl, field, fl))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "missing '%s' from '%%d%s'", field, field);
	if (go_atoi(out, s, len - fl))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "malformed number in '%%d%s'", field);
	return 0;
}

/* parseMigProfileFields: "Gg.Mgb" or "Cc.Gg.Mgb" (strings.SplitN(s, ".", 3)). */
static int parse_fields(layout_profile *p, const char *s, size_t len)
{
	const char *d1 = memchr(s, '.', len), *d2 = NULL;

	if (d1)
		d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s));
	if (d1 && d2) {
		if (parse_field(&p->c, s, (size_t)(d1 - s), "c") ||
		    parse_field(&p->g, d1 + 1, (size_t)(d2 - d1 - 1), "g") ||
		    parse_field(&p->gb, d2 + 1, len - (size_t)(d2 + 1 - s), "gb"))
			return MIG_ERROR_INVALID_ARGUMENT;
		return 0;
	}
	if (d1) {
		if (parse_field(&p->g, s, (size_t)(d1 - s), "g") ||
		    parse_field(&p->gb, d1 + 1, len - (size_t)(d1 + 1 - s), "gb"))
			return MIG_ERROR_INVALID_ARGUMENT;
		p->c = p->g;
		return 0;
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "parsed wrong number of fields, expected 2 or 3");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* parseMigProfileAttributes: a comma list of unique attributes. */
static int parse_attrs(layout_profile *p, const char *s, size_t len)
{
	char *copy = malloc(len + 1), *tok, *list[64];
	size_t n = 0, used = 0;
	int rc = MIG_ERROR_INVALID_ARGUMENT;

	if (!copy)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	memcpy(copy, s, len);
	copy[len] = '\0';
	for (tok = copy;; tok++) {
		char *end = strchr(tok, ',');
		size_t tl;

		if (end)
			*end = '\0';
		tl = strlen(tok);
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(list[i], tok)) {
				mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					  "non unique attribute in list");
				goto done;
			}
		}
		if (tl == 0) {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT, "empty attribute in list");
			goto done;
		}
		if (has_outer_space(tok, tl)) {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				  "leading or trailing spaces in attribute");
			goto done;
		}
		if (tok[0] >= '0' && tok[0] <= '9') {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT, "attribute begins with a number");
			goto done;
		}
		if (tok[0] == '.' || tok[tl - 1] == '.') {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT, "attribute begins/ends with a dot");
			goto done;
		}
		for (size_t i = 0; i < tl; i++) {
			char c = tok[i];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '.')) {
				mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					  "non alpha-numeric character or digit in attribute");
				goto done;
			}
		}
		if (n < sizeof(list) / sizeof(list[0]))
			list[n++] = tok;
		if (!end)
			break;
		tok = end;
	}
	qsort(list, n, sizeof(list[0]), cmp_str);
	p->attrs[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(p->attrs); i++)
		used += (size_t)snprintf(p->attrs + used, sizeof(p->attrs) - used, "%s%s", i ? "," : "",
					 list[i]);
	if (used >= sizeof(p->attrs) || n == sizeof(list) / sizeof(list[0])) {
		/* Too long to keep: end it with '~', which no attribute holds, so it matches nothing. */
		p->attrs[sizeof(p->attrs) - 2] = '~';
		p->attrs[sizeof(p->attrs) - 1] = '\0';
	}
	rc = 0;
done:
	free(copy);
	return rc;
}

int layout_profile_parse(layout_profile *out, const char *key, size_t len)
{
	const char *at = memchr(key, '@', len), *plus, *minus, *attrs = NULL;
	size_t plen, flen;
	layout_profile p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.start = -1;
	plen = at ? (size_t)(at - key) : len;
	if (at) {
		/* migctl's extension: "<profile>@<start>", start in placement units. */
		long long s;
		size_t sl = len - plen - 1;

		if (sl == 0 || sl > 2 || at[1] < '0' || at[1] > '9' || go_atoi(&s, at + 1, sl) ||
		    s > 15) {
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "cannot parse placement of '%.*s': expected '@' and a start in placement units (0-15)",
					 (int)len, key);
		}
		p.start = (int)s;
	}
	if (plen == 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "profile is the empty string");
	plus = memchr(key, '+', plen);
	minus = memchr(key, '-', plen);
	if (plus && minus)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "profile '%.*s' contains both '+/-' attributes", (int)len, key);
	flen = plen;
	if (plus || minus) {
		attrs = plus ? plus : minus;
		flen = (size_t)(attrs - key);
		p.negative = minus != NULL;
	}
	if ((rc = parse_fields(&p, key, flen)) != 0)
		return mig__fail(rc,
				 "cannot parse fields of '%.*s': %s", (int)len, key, mig_errmsg());
	if (attrs && (rc = parse_attrs(&p, attrs + 1, plen - flen - 1)) != 0)
		return mig__fail(rc, "cannot parse attributes of '%.*s': %s", (int)len, key,
				 mig_errmsg());
	*out = p;
	return 0;
}

void layout_profile_name(char *buf, size_t len, const layout_profile *p)
{
	char at[16] = "";
	char attrs[72] = "";

	if (p->start >= 0)
		snprintf(at, sizeof(at), "@%d", p->start);
	if (p->attrs[0])
		snprintf(attrs, sizeof(attrs), "%c%s", p->negative ? '-' : '+', p->attrs);
	if (p->c == p->g)
		snprintf(buf, len, "%lldg.%lldgb%s%s", p->g, p->gb, attrs, at);
	else
		snprintf(buf, len, "%lldc.%lldg.%lldgb%s%s", p->c, p->g, p->gb, attrs, at);
}

void layout_ci_name(char *buf, size_t len, const mig_gi_profile *gi, unsigned c)
{
	mig_gi_profile_info info;

	mig_gi_profile_get(gi, &info);
	if (c == info.slices)
		snprintf(buf, len, "%s", info.name);
	else
		snprintf(buf, len, "%uc.%s", c, info.name);
}

int layout_profile_resolve(const mig_gi_profile **gi, mig_ci_profile_info *ci,
			   const layout_profile *p, const mig_state *st, unsigned gpu)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;

	if (n > 32)
		n = 32;
	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info info;
		mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
		layout_profile hw;
		size_t nci;

		mig_gi_profile_get(list[i], &info);
		/* The catalog's names are the names go-nvlib derives (§parted-2.4). */
		if (layout_profile_parse(&hw, info.name, strlen(info.name)))
			continue;
		if (hw.g != p->g || hw.gb != p->gb || hw.negative != p->negative ||
		    strcmp(hw.attrs, p->attrs))
			continue;
		if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &nci, list[i]) != MIG_SUCCESS)
			nci = 0;
		if (nci > 16)
			nci = 16;
		for (size_t k = 0; k < nci; k++) {
			/* The full CI is the default one; a partial one is its size's. */
			if ((long long)cis[k].slices != p->c)
				continue;
			if ((long long)cis[k].slices == hw.g && !cis[k].is_default)
				continue;
			*gi = list[i];
			*ci = cis[k];
			return 0;
		}
	}
	return -1;
}
