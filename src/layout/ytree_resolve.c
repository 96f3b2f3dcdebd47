/*
 * ytree_resolve.c - yaml.v2's resolve (resolve.go): what a plain scalar
 * means under its YAML 1.1 rules - null, bool, int (bases, "_"
 * separators), float, or string.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ytree.h"

static int streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static int one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (streq(s, *list))
			return 1;
	return 0;
}

static const char *const yes_words[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
					"true", "True", "TRUE", NULL};
static const char *const no_words[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF",
				       "false", "False", "FALSE", NULL};
static const char *const null_words[] = {"~", "null", "Null", "NULL", NULL};
static const char *const nan_words[] = {".nan", ".NaN", ".NAN", NULL};
static const char *const pinf_words[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
static const char *const ninf_words[] = {"-.inf", "-.Inf", "-.INF", NULL};

/* Go strconv.ParseUint(s, base, 64) on digits only (no sign, no underscores). */
static int go_parse_digits(uint64_t *out, const char *s, int base)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -2; /* range */
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* strconv.ParseUint(s, 0, 64) after the sign: base prefixes 0x, 0o, 0b, and 0 (octal). */
static int go_parse_base0(uint64_t *out, const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return go_parse_digits(out, s + 2, 16);
	if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		return go_parse_digits(out, s + 2, 8);
	if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		return go_parse_digits(out, s + 2, 2);
	if (s[0] == '0' && s[1])
		return go_parse_digits(out, s + 1, 8);
	return go_parse_digits(out, s, 10);
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int yaml_style_float(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	} else {
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* Go strconv.ParseFloat: accepts what strtod accepts, minus hex floats and inf/nan words
 * other than Go's; close enough for the regex-filtered and '.'-hinted inputs. */
static int go_parse_float(double *out, const char *s)
{
	char *end;

	if (!*s || strchr(s, 'x') || strchr(s, 'X') || strpbrk(s, "nNiI"))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end)
		return -1;
	return 0;
}

/*
 * A plain scalar that starts with a digit or a sign: an int (yaml.v2 reads
 * Go's base-0 forms, '_' ignored), a uint past int64, or a float; else it
 * stays a string.
 */
static void resolve_number(ynode *n, const char *in)
{
	char plain[128];
	size_t k = 0;
	const char *p;
	int neg = 0;
	uint64_t u;
	double f;

	for (p = in; *p && k + 1 < sizeof(plain); p++)
		if (*p != '_')
			plain[k++] = *p;
	if (*p)
		return; /* far too long to be a number */
	plain[k] = '\0';
	p = plain;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (go_parse_base0(&u, p) == 0) {
		if (neg && u <= (uint64_t)INT64_MAX + 1) {
			n->kind = Y_INT;
			n->i = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
			return;
		}
		if (!neg && u <= (uint64_t)INT64_MAX) {
			n->kind = Y_INT;
			n->i = (int64_t)u;
			return;
		}
		if (!neg && plain[0] != '+') {
			n->kind = Y_UINT;
			n->u = u;
			return;
		}
	}
	if (yaml_style_float(plain) && go_parse_float(&f, plain) == 0) {
		n->kind = Y_FLOAT;
		n->f = f;
	}
}

/* Resolve a plain scalar the way yaml.v2 does for an untagged value. */
void ytree__resolve_plain(ynode *n, const char *in, int allow_hints)
{
	char c = in[0];
	int hint = 0;

	n->kind = Y_STR;
	if (!c && allow_hints) {
		/* yaml.v2: an empty plain scalar is null */
		n->kind = Y_NULL;
		return;
	}
	if (c == '+' || c == '-')
		hint = 'S';
	else if (c >= '0' && c <= '9')
		hint = 'D';
	else if (strchr("yYnNtTfFoO~", c) && c)
		hint = 'M';
	else if (c == '.')
		hint = '.';
	if (!hint || !allow_hints)
		return;
	if (one_of(in, yes_words) || one_of(in, no_words)) {
		n->kind = Y_BOOL;
		n->b = one_of(in, yes_words);
		return;
	}
	if (one_of(in, null_words)) {
		n->kind = Y_NULL;
		return;
	}
	if (one_of(in, nan_words) || one_of(in, pinf_words) || one_of(in, ninf_words)) {
		n->kind = Y_FLOAT;
		n->f = one_of(in, nan_words) ? NAN : one_of(in, pinf_words) ? INFINITY : -INFINITY;
		return;
	}
	if (hint == '.') {
		double f;

		if (go_parse_float(&f, in) == 0) {
			n->kind = Y_FLOAT;
			n->f = f;
		}
		return;
	}
	if (hint == 'D' || hint == 'S')
		resolve_number(n, in);
}

int ytree_plain_is_string(const char *s)
{
	ynode n;

	if (!strcmp(s, "<<"))
		return 0; /* the merge key */
	memset(&n, 0, sizeof(n));
	ytree__resolve_plain(&n, s, 1);
	return n.kind == Y_STR;
}
