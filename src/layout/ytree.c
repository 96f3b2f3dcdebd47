/*
 * ytree.c - libyaml events to a tree of Go-like values, with yaml.v2's
 * YAML 1.1 scalar rules (spec §1.1) and sigs.k8s.io/yaml's key
 * stringification.
 *
 * The tree is built without recursion (an explicit stack of open
 * collections), so a deeply nested file cannot overflow the C stack; all
 * nodes live in one arena freed at once.  Aliases share the anchored node;
 * the expanded size of every node is tracked so that an alias bomb is
 * refused before anything walks it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ytree.h"

/* yaml.v2 v2.4 refuses nesting deeper than this. */
#define YTREE_MAX_DEPTH 10000
/* Expanded nodes (aliases counted each time they are used) we accept. */
#define YTREE_MAX_EXPANDED 1000000u

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
} chunk;

typedef struct anchor {
	char *name;
	ynode *node;
	size_t size;
} anchor;

struct ydoc {
	chunk *mem;
	ynode *root;
	anchor *anchors;
	size_t nanchors, anchor_cap;
};

/* One open collection while building. */
typedef struct frame {
	ynode *node;
	size_t cap;
	size_t size;          /* expanded size so far */
	ynode *pending_key;   /* a mapping's key waiting for its value */
	int pending_merge;    /* the key was "<<" */
	char *anchor;         /* anchor of this collection, registered at its end */
	uint32_t *hix;        /* a big mapping's keys: open addressing, index + 1 (0 = free) */
	size_t hcap;          /* slots, a power of two; 0 = no index yet */
} frame;

static void *arena(ydoc *d, size_t n)
{
	chunk *c = d->mem;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = d->mem;
		d->mem = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static char *arena_str(ydoc *d, const char *s, size_t len)
{
	char *p = arena(d, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void ytree_free(ydoc *d)
{
	if (!d)
		return;
	while (d->mem) {
		chunk *c = d->mem;

		d->mem = c->next;
		free(c);
	}
	free(d->anchors);
	free(d);
}

const ynode *ytree_root(const ydoc *d)
{
	return d->root;
}

/* ------------------------------------------------------------------ */
/* Go number formatting                                               */
/* ------------------------------------------------------------------ */

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

const ynode *ytree_get(const ynode *map, const char *name)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->key[i]->len == strlen(name) && !memcmp(map->key[i]->s, name, map->key[i]->len))
			return map->item[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* yaml.v2's resolve (resolve.go)                                      */
/* ------------------------------------------------------------------ */

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

/* Resolve a plain scalar the way yaml.v2 does for an untagged value. */
static void resolve_plain(ynode *n, const char *in, int allow_hints)
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
	if (hint == 'D' || hint == 'S') {
		char plain[128];
		size_t k = 0;
		const char *p;
		int neg = 0, rc;
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
		rc = go_parse_base0(&u, p);
		if (rc == 0) {
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
			return;
		}
	}
}

int ytree_plain_is_string(const char *s)
{
	ynode n;

	if (!strcmp(s, "<<"))
		return 0; /* the merge key */
	memset(&n, 0, sizeof(n));
	resolve_plain(&n, s, 1);
	return n.kind == Y_STR;
}

/* ------------------------------------------------------------------ */
/* Building                                                           */
/* ------------------------------------------------------------------ */

#define TAG_PREFIX "tag:yaml.org,2002:"

static void seterr(char *err, size_t errlen, const char *fmt, const char *a, const char *b,
		   const char *c)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, a, b, c);
}

/* A scalar event to a node; -1 with err on a tag yaml.v2 cannot honour. */
static int scalar_node(ynode *n, ydoc *d, const yaml_event_t *ev, char *err, size_t errlen)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *want = NULL;

	/* A NUL inside a scalar ends it: every later use is a C string. */
	if (memchr(v, '\0', len))
		len = strlen(v);
	n->s = arena_str(d, v, len);
	n->len = len;
	if (!n->s)
		return -1;
	if (tag && !streq(tag, "!")) {
		if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
			want = tag + strlen(TAG_PREFIX);
		else
			want = tag;
		if (streq(want, "str") || streq(want, "binary")) {
			n->kind = Y_STR;
			return 0;
		}
		resolve_plain(n, n->s, 1);
		if (memchr(n->s, '\0', len))
			n->kind = Y_STR;
		{
			const char *got = n->kind == Y_NULL ? "null" : n->kind == Y_BOOL ? "bool" :
					  n->kind == Y_FLOAT ? "float" : n->kind == Y_STR ? "str" : "int";

			if (streq(got, want) || (streq(want, "float") && streq(got, "int"))) {
				if (streq(want, "float") && n->kind == Y_INT) {
					n->f = (double)n->i;
					n->kind = Y_FLOAT;
				} else if (streq(want, "float") && n->kind == Y_UINT) {
					n->f = (double)n->u;
					n->kind = Y_FLOAT;
				}
				return 0;
			}
			{
				char shortwant[128];

				snprintf(shortwant, sizeof(shortwant), "%s%s",
					 tag == want ? "" : "!!", want);
				if (err && errlen)
					snprintf(err, errlen, "yaml: cannot decode !!%s `%.*s` as a %s",
						 got, (int)(len > 60 ? 60 : len), n->s, shortwant);
			}
			return -1;
		}
	}
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !ev->data.scalar.plain_implicit ||
	    memchr(n->s, '\0', len)) {
		n->kind = Y_STR;
		return 0;
	}
	resolve_plain(n, n->s, 1);
	return 0;
}

static int grow(ydoc *d, frame *f)
{
	size_t cap = f->cap ? f->cap * 2 : 8;
	ynode **item = arena(d, cap * sizeof(*item));
	ynode **key = f->node->kind == Y_MAP ? arena(d, cap * sizeof(*key)) : NULL;

	if (!item || (f->node->kind == Y_MAP && !key))
		return -1;
	if (f->node->n) {
		memcpy(item, f->node->item, f->node->n * sizeof(*item));
		if (key)
			memcpy(key, f->node->key, f->node->n * sizeof(*key));
	}
	f->node->item = item;
	f->node->key = key;
	f->cap = cap;
	return 0;
}

/* sigs.k8s.io/yaml: map keys become strings. */
static int key_string(ynode **out, ydoc *d, ynode *k, char *err, size_t errlen)
{
	char buf[64];
	ynode *s;

	if (k->kind == Y_STR) {
		*out = k;
		return 0;
	}
	switch (k->kind) {
	case Y_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)k->i);
		break;
	case Y_UINT:
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)k->u);
		break;
	case Y_BOOL:
		snprintf(buf, sizeof(buf), "%s", k->b ? "true" : "false");
		break;
	case Y_FLOAT:
		if (isnan(k->f))
			snprintf(buf, sizeof(buf), ".nan");
		else if (isinf(k->f))
			snprintf(buf, sizeof(buf), k->f > 0 ? ".inf" : "-.inf");
		else
			ytree_go_float(buf, sizeof(buf), (double)(float)k->f, 'g');
		break;
	case Y_NULL:
		seterr(err, errlen, "unsupported map key of type: %s%s%s", "<nil>", "", "");
		return -1;
	default:
		seterr(err, errlen, "yaml: invalid map key: %s%s%s", k->kind == Y_SEQ ? "[...]" : "{...}",
		       "", "");
		return -1;
	}
	s = arena(d, sizeof(*s));
	if (!s)
		return -1;
	memset(s, 0, sizeof(*s));
	s->kind = Y_STR;
	s->line = k->line;
	s->col = k->col;
	s->len = strlen(buf);
	s->s = arena_str(d, buf, s->len);
	if (!s->s)
		return -1;
	*out = s;
	return 0;
}

static uint64_t key_hash(const ynode *k)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->s[i]) * 1099511628211ULL;
	return h;
}

static int same_key(const ynode *a, const ynode *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* The slot of `key` in f's index: where it is, or the free slot where it goes. */
static size_t slot_of(const frame *f, const ynode *key)
{
	size_t mask = f->hcap - 1, j = (size_t)key_hash(key) & mask;

	while (f->hix[j] && !same_key(f->node->key[f->hix[j] - 1], key))
		j = (j + 1) & mask;
	return j;
}

/* (Re)build the index of a mapping with room for twice its keys. */
static int index_keys(ydoc *d, frame *f)
{
	size_t cap = 64;

	while (cap < 4 * (f->node->n + 1))
		cap *= 2;
	f->hix = arena(d, cap * sizeof(*f->hix));
	if (!f->hix)
		return -1;
	memset(f->hix, 0, cap * sizeof(*f->hix));
	f->hcap = cap;
	for (size_t i = 0; i < f->node->n; i++)
		f->hix[slot_of(f, f->node->key[i])] = (uint32_t)(i + 1);
	return 0;
}

/*
 * Set map[key] = value: overwrite an equal key (last wins), else append.
 * Small mappings are searched; from 16 keys on, a hash index keeps a file
 * of many configs linear (bench/bench_config.c).
 */
static int map_set(ydoc *d, frame *f, ynode *key, ynode *value)
{
	ynode *m = f->node;
	size_t j = 0;

	if (m->n < 16 && !f->hcap) {
		for (size_t i = 0; i < m->n; i++) {
			if (same_key(m->key[i], key)) {
				m->item[i] = value;
				return 0;
			}
		}
	} else {
		if (2 * (m->n + 1) > f->hcap && index_keys(d, f))
			return -1;
		j = slot_of(f, key);
		if (f->hix[j]) {
			m->item[f->hix[j] - 1] = value;
			return 0;
		}
	}
	if (m->n == f->cap && grow(d, f))
		return -1;
	m->key[m->n] = key;
	m->item[m->n++] = value;
	if (f->hcap)
		f->hix[j] = (uint32_t)m->n;
	return 0;
}

/* yaml.v2 merge: "<<: map" or "<<: [map, ...]" (earlier maps take precedence). */
static int merge(ydoc *d, frame *f, ynode *value, char *err, size_t errlen)
{
	if (value->kind == Y_MAP) {
		for (size_t i = 0; i < value->n; i++)
			if (map_set(d, f, value->key[i], value->item[i]))
				return -1;
		return 0;
	}
	if (value->kind == Y_SEQ) {
		for (size_t i = value->n; i-- > 0;) {
			if (value->item[i]->kind != Y_MAP) {
				seterr(err, errlen, "yaml: map merge requires map or sequence of maps as the value%s%s%s",
				       "", "", "");
				return -1;
			}
			for (size_t j = 0; j < value->item[i]->n; j++)
				if (map_set(d, f, value->item[i]->key[j], value->item[i]->item[j]))
					return -1;
		}
		return 0;
	}
	seterr(err, errlen, "yaml: map merge requires map or sequence of maps as the value%s%s%s", "",
	       "", "");
	return -1;
}

static int add_anchor(ydoc *d, const char *name, ynode *n, size_t size)
{
	for (size_t i = 0; i < d->nanchors; i++) {
		if (streq(d->anchors[i].name, name)) {
			/* A redefined anchor applies to later aliases. */
			d->anchors[i].node = n;
			d->anchors[i].size = size;
			return 0;
		}
	}
	if (d->nanchors == d->anchor_cap) {
		size_t cap = d->anchor_cap ? d->anchor_cap * 2 : 8;
		anchor *a = realloc(d->anchors, cap * sizeof(*a));

		if (!a)
			return -1;
		d->anchors = a;
		d->anchor_cap = cap;
	}
	d->anchors[d->nanchors].name = arena_str(d, name, strlen(name));
	if (!d->anchors[d->nanchors].name)
		return -1;
	d->anchors[d->nanchors].node = n;
	d->anchors[d->nanchors].size = size;
	d->nanchors++;
	return 0;
}

/* yaml.v2's fail(): "yaml: line N: problem", with its line quirks (spec §1.5). */
static void libyaml_error(const yaml_parser_t *p, char *err, size_t errlen, unsigned *line,
			  unsigned *col)
{
	size_t l = 0;
	char where[48] = "";

	if (p->problem_mark.line != 0) {
		l = p->problem_mark.line;
		if (p->error == YAML_SCANNER_ERROR)
			l++;
	} else if (p->context_mark.line != 0) {
		l = p->context_mark.line;
	}
	if (l)
		snprintf(where, sizeof(where), "line %zu: ", l);
	if (p->error == YAML_MEMORY_ERROR)
		snprintf(err, errlen, "yaml: out of memory");
	else
		snprintf(err, errlen, "yaml: %s%s", where,
			 p->problem ? p->problem : "unknown problem parsing YAML content");
	if (p->error == YAML_READER_ERROR) {
		*line = 0;
		*col = 0;
	} else {
		*line = (unsigned)p->problem_mark.line + 1;
		*col = (unsigned)p->problem_mark.column + 1;
	}
}

int ytree_parse(ydoc **out, const char *buf, size_t len, char *err, size_t errlen,
		unsigned *line, unsigned *col)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	ydoc *d = calloc(1, sizeof(*d));
	frame *stack = NULL;
	size_t depth = 0, cap = 0;
	int done = 0, rc = -1, have_event = 0;
	unsigned dummy_l, dummy_c;

	if (!line)
		line = &dummy_l;
	if (!col)
		col = &dummy_c;
	*line = *col = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!d || !yaml_parser_initialize(&parser)) {
		free(d);
		snprintf(err, errlen, "yaml: out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		ynode *n = NULL;
		size_t nsize = 1;
		const char *anchor_name = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			libyaml_error(&parser, err, errlen, line, col);
			goto fail;
		}
		have_event = 1;
		*line = (unsigned)ev.start_mark.line + 1;
		*col = (unsigned)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* yaml.v2 reads the first document only. */
			done = 1;
			break;
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			size_t i;

			for (i = 0; i < d->nanchors && !streq(d->anchors[i].name, name); i++)
				;
			if (i == d->nanchors) {
				snprintf(err, errlen, "yaml: unknown anchor '%s' referenced", name);
				goto fail;
			}
			n = d->anchors[i].node;
			nsize = d->anchors[i].size;
			break;
		}
		case YAML_SCALAR_EVENT:
			n = arena(d, sizeof(*n));
			if (!n)
				goto oom;
			memset(n, 0, sizeof(*n));
			n->line = *line;
			n->col = *col;
			if (scalar_node(n, d, &ev, err, errlen)) {
				if (!n->s)
					goto oom;
				goto fail;
			}
			anchor_name = (const char *)ev.data.scalar.anchor;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			ynode *c = arena(d, sizeof(*c));
			const char *a = ev.type == YAML_SEQUENCE_START_EVENT
						? (const char *)ev.data.sequence_start.anchor
						: (const char *)ev.data.mapping_start.anchor;

			if (!c)
				goto oom;
			if (depth + 1 > YTREE_MAX_DEPTH) {
				snprintf(err, errlen, "yaml: exceeded max depth of %d", YTREE_MAX_DEPTH);
				goto fail;
			}
			if (depth == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				frame *s = realloc(stack, ncap * sizeof(*s));

				if (!s)
					goto oom;
				stack = s;
				cap = ncap;
			}
			memset(c, 0, sizeof(*c));
			c->kind = ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
			c->line = *line;
			c->col = *col;
			memset(&stack[depth], 0, sizeof(stack[depth]));
			stack[depth].node = c;
			stack[depth].size = 1;
			stack[depth].anchor = a ? arena_str(d, a, strlen(a)) : NULL;
			if (a && !stack[depth].anchor)
				goto oom;
			depth++;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			n = stack[depth].node;
			nsize = stack[depth].size;
			anchor_name = stack[depth].anchor;
			break;
		default:
			break;
		}
		if (n) {
			if (anchor_name && add_anchor(d, anchor_name, n, nsize))
				goto oom;
			if (depth == 0) {
				d->root = n;
			} else {
				frame *f = &stack[depth - 1];

				f->size += nsize;
				if (f->size > YTREE_MAX_EXPANDED) {
					snprintf(err, errlen, "yaml: document contains excessive aliasing");
					goto fail;
				}
				if (f->node->kind == Y_SEQ) {
					if (f->node->n == f->cap && grow(d, f))
						goto oom;
					f->node->item[f->node->n++] = n;
				} else if (!f->pending_key) {
					f->pending_merge = n->kind == Y_STR && ev.type == YAML_SCALAR_EVENT &&
							   ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
							   ev.data.scalar.plain_implicit && streq(n->s, "<<") &&
							   !ev.data.scalar.tag;
					f->pending_key = n;
				} else {
					ynode *k = f->pending_key;
					int is_merge = f->pending_merge;

					f->pending_key = NULL;
					f->pending_merge = 0;
					if (is_merge) {
						if (merge(d, f, n, err, errlen))
							goto fail;
					} else {
						ynode *ks;

						if (key_string(&ks, d, k, err, errlen)) {
							*line = k->line;
							*col = k->col;
							goto fail;
						}
						if (map_set(d, f, ks, n))
							goto oom;
					}
				}
			}
		}
		yaml_event_delete(&ev);
		have_event = 0;
	}
	rc = 0;
	*out = d;
	d = NULL;
	goto done;
oom:
	snprintf(err, errlen, "yaml: out of memory");
fail:
	rc = -1;
done:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	free(stack);
	ytree_free(d);
	return rc;
}
