/*
 * ytree_number.c - numbers as Go writes them: strconv.FormatFloat's
 * shortest digits and encoding/json's literals, so a config round-trips to
 * the same JSON as mig-parted (sigs.k8s.io/yaml over encoding/json).
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ytree.h"

/* Shortest decimal digits that read back as f: "12345", *exp10 = position of the point. */
static void shortest_digits(char *digits, size_t len, int *dp, double f)
{
	char tmp[64];

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, f);
		if (strtod(tmp, NULL) == f || prec == 17)
			break;
	}
	/* tmp is "[-]d.ddde[+-]XX" */
	{
		const char *p = tmp;
		size_t n = 0;
		char *e;

		if (*p == '-')
			p++;
		for (; *p && *p != 'e'; p++)
			if (*p != '.' && n + 1 < len)
				digits[n++] = *p;
		digits[n] = '\0';
		*dp = (int)strtol(p + 1, &e, 10) + 1;
		/* Trailing zeros are not significant. */
		while (n > 1 && digits[n - 1] == '0')
			digits[--n] = '\0';
	}
}

void ytree_go_float(char *buf, size_t len, double f, char fmt)
{
	char d[32];
	int dp, nd;
	size_t o = 0;

	if (isnan(f)) {
		snprintf(buf, len, "NaN");
		return;
	}
	if (isinf(f)) {
		snprintf(buf, len, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (f == 0) {
		snprintf(buf, len, signbit(f) ? "-0" : "0");
		return;
	}
	shortest_digits(d, sizeof(d), &dp, f);
	nd = (int)strlen(d);
	if (fmt == 'g') {
		/* strconv: shortest 'g' uses %e when exp < -4 || exp >= 6 */
		int exp = dp - 1, eprec = 6;

		fmt = (exp < -4 || exp >= eprec) ? 'e' : 'f';
	}
#define PUT(c) do { if (o + 1 < len) buf[o++] = (c); } while (0)
	if (signbit(f))
		PUT('-');
	if (fmt == 'e') {
		int exp = dp - 1;
		char ex[16];

		PUT(d[0]);
		if (nd > 1) {
			PUT('.');
			for (int i = 1; i < nd; i++)
				PUT(d[i]);
		}
		PUT('e');
		snprintf(ex, sizeof(ex), "%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		for (char *p = ex; *p; p++)
			PUT(*p);
	} else {
		if (dp <= 0) {
			PUT('0');
			PUT('.');
			for (int i = 0; i < -dp; i++)
				PUT('0');
			for (int i = 0; i < nd; i++)
				PUT(d[i]);
		} else {
			for (int i = 0; i < dp || i < nd; i++) {
				if (i == dp)
					PUT('.');
				PUT(i < nd ? d[i] : '0');
			}
		}
	}
#undef PUT
	buf[o < len ? o : len - 1] = '\0';
}

void ytree_number_text(char *buf, size_t len, const ynode *n)
{
	switch (n->kind) {
	case Y_INT:
		snprintf(buf, len, "%lld", (long long)n->i);
		break;
	case Y_UINT:
		snprintf(buf, len, "%llu", (unsigned long long)n->u);
		break;
	case Y_FLOAT: {
		/* encoding/json: 'f' between 1e-6 and 1e21, else 'e' with "e-09" cleaned to "e-9" */
		double a = fabs(n->f);
		size_t l;

		ytree_go_float(buf, len, n->f, (a != 0 && (a < 1e-6 || a >= 1e21)) ? 'e' : 'f');
		l = strlen(buf);
		if (l >= 4 && buf[l - 4] == 'e' && buf[l - 3] == '-' && buf[l - 2] == '0') {
			buf[l - 2] = buf[l - 1];
			buf[l - 1] = '\0';
		}
		break;
	}
	default:
		snprintf(buf, len, "0");
	}
}

const char *ytree_json_kind(const ynode *n)
{
	if (!n)
		return "null";
	switch (n->kind) {
	case Y_NULL: return "null";
	case Y_BOOL: return "bool";
	case Y_INT: case Y_UINT: case Y_FLOAT: return "number";
	case Y_STR: return "string";
	case Y_SEQ: return "array";
	case Y_MAP: return "object";
	}
	return "null";
}
