/*
 * ytree.c - libyaml events to a tree of Go-like values, with yaml.v2's
 * YAML 1.1 scalar rules (spec §1.1) and sigs.k8s.io/yaml's key
 * stringification.
 *
 * The tree is built without recursion (an explicit stack of open
 * collections), so a deeply nested file cannot overflow the C stack; all
 * nodes live in one arena freed at once.  Aliases share the anchored node;
 * the expanded size of every node is tracked so that an alias bomb is
 * refused before anything walks it.  What a plain scalar means is
 * ytree_resolve.c's; how a number is written back, ytree_number.c's.
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
	if (tag && strcmp(tag, "!")) {
		if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
			want = tag + strlen(TAG_PREFIX);
		else
			want = tag;
		if (!strcmp(want, "str") || !strcmp(want, "binary")) {
			n->kind = Y_STR;
			return 0;
		}
		ytree__resolve_plain(n, n->s, 1);
		if (memchr(n->s, '\0', len))
			n->kind = Y_STR;
		{
			const char *got = n->kind == Y_NULL ? "null" : n->kind == Y_BOOL ? "bool" :
					  n->kind == Y_FLOAT ? "float" : n->kind == Y_STR ? "str" : "int";

			if (!strcmp(got, want) || (!strcmp(want, "float") && !strcmp(got, "int"))) {
				if (!strcmp(want, "float") && n->kind == Y_INT) {
					n->f = (double)n->i;
					n->kind = Y_FLOAT;
				} else if (!strcmp(want, "float") && n->kind == Y_UINT) {
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
	ytree__resolve_plain(n, n->s, 1);
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
		if (!strcmp(d->anchors[i].name, name)) {
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

			for (i = 0; i < d->nanchors && strcmp(d->anchors[i].name, name); i++)
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
							   ev.data.scalar.plain_implicit && !strcmp(n->s, "<<") &&
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
