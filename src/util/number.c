/*
 * number.c - numbers from the command line, the environment and files,
 * read strictly: the whole string, decimal, range-checked, the same in
 * every locale.  strtol() and friends skip spaces, take a sign, hex and
 * octal, stop at the first stranger and saturate; each of those has let a
 * typo through somewhere (docs/style: "Bad input").
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The digits of `s` as a magnitude; -1 with EINVAL if anything else, ERANGE past UINT64_MAX. */
static int digits(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int range = 0;

	if (!s || !*s) {
		errno = EINVAL;
		return -1;
	}
	for (const char *p = s; *p; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (*p < '0' || *p > '9') {
			errno = EINVAL;
			return -1;
		}
		if (v > (UINT64_MAX - d) / 10)
			range = 1; /* keep reading: "99999999999999999999x" is not a number at all */
		else
			v = v * 10 + d;
	}
	if (range) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int util_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (digits(s, &v))
		return -1;
	if (v < min || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int util_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	uint64_t v;

	if (util_parse_u64(s, min, max, &v))
		return -1;
	*out = (unsigned)v;
	return 0;
}

int util_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int neg = s && *s == '-';
	uint64_t mag;
	int64_t v;

	if (digits(s ? s + neg : s, &mag))
		return -1;
	if (mag > (uint64_t)INT64_MAX + (uint64_t)neg) {
		errno = ERANGE;
		return -1;
	}
	if (!neg)
		v = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		v = INT64_MIN;
	else
		v = -(int64_t)mag;
	if (v < min || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

/* How many characters of `p` are decimal digits. */
static size_t span_digits(const char *p)
{
	return strspn(p, "0123456789");
}

/* Whether `s` is [-]digits[.digits][e[+-]digits] with a digit in the mantissa; where its '.' is. */
static int real_syntax(const char *s, const char **dot)
{
	const char *p = s + (*s == '-');
	size_t whole = span_digits(p), frac = 0;

	*dot = NULL;
	p += whole;
	if (*p == '.') {
		*dot = p++;
		frac = span_digits(p);
		p += frac;
	}
	if (whole + frac == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		size_t exp;

		p++;
		p += *p == '+' || *p == '-';
		if ((exp = span_digits(p)) == 0)
			return 0;
		p += exp;
	}
	return *p == '\0';
}

/* strtod of a checked string, with '.' read as '.' in any locale. */
static double c_strtod(const char *s, const char *dot, int *ok)
{
	const char *point = localeconv()->decimal_point;
	size_t len = strlen(s), plen;
	char *copy, *end;
	double v;

	if (!dot || !strcmp(point, ".")) {
		v = strtod(s, &end);
		*ok = end == s + len;
		return v;
	}
	plen = strlen(point);
	if (!(copy = malloc(len + plen + 1))) {
		*ok = 0;
		return 0;
	}
	memcpy(copy, s, (size_t)(dot - s));
	memcpy(copy + (dot - s), point, plen);
	strcpy(copy + (dot - s) + plen, dot + 1);
	v = strtod(copy, &end);
	*ok = *end == '\0';
	free(copy);
	return v;
}

int util_parse_double(const char *s, double min, double max, double *out)
{
	const char *dot;
	double v;
	int ok;

	if (!s || !real_syntax(s, &dot)) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = c_strtod(s, dot, &ok);
	if (!ok) {
		errno = errno == ENOMEM ? ENOMEM : EINVAL;
		return -1;
	}
	/* Underflow to zero or a denormal is a value; overflow to infinity is not. */
	if (!isfinite(v) || v < min || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
