/*
 * ytree.c - libyaml events to a tree of Go-like values, with yaml.v2's
 * YAML 1.1 scalar rules (§parted-1.1) and sigs.k8s.io/yaml's key
 * stringification.
 *
 * The tree is built without recursion (an explicit stack of open
 * collections), so a deeply nested file cannot overflow the C stack; all
 * nodes live in one arena freed at once.  Aliases share the anchored node,
 * so memory stays within a constant factor of the input; what a reader
 * walking the tree would spend is counted as yaml.v2 counts it, so that an
 * alias bomb is refused, with yaml.v2's rule, before anything walks it
 * (count_decodes).  What a plain scalar means is ytree_resolve.c's; how a
 * number is written back, ytree_number.c's.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mig_internal.h"
#include "ytree.h"
#include "util.h"

/* yaml.v2 v2.4 refuses nesting deeper than this. */
#define YTREE_MAX_DEPTH 10000

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
} chunk;

typedef struct anchor {
	char *name;
	ynode *node;
	size_t size; /* decodes of the node, aliases inside it expanded; 0 while it is open */
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
	size_t before;        /* decodes counted before this collection */
	int merge_seq;        /* a "<<" key's list of maps: the list itself is not decoded */
	ynode *pending_key;   /* a mapping's key waiting for its value */
	int pending_merge;    /* the key was "<<" */
	size_t anchor;        /* this collection's anchor: index + 1 in the document's, 0 = none */
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

/* A scalar event to a node; -1 with err on a tag yaml.v2 cannot honour. */
static int scalar_node(ynode *n, ydoc *d, const yaml_event_t *ev)
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
				mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					  "yaml: cannot decode !!%s `%.*s` as a %s",
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
static int key_string(ynode **out, ydoc *d, ynode *k)
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
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "unsupported map key of type: <nil>");
	default:
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "yaml: invalid map key: %s",
				 k->kind == Y_SEQ ? "[...]" : "{...}");
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

#define MERGE_REFUSED "yaml: map merge requires map or sequence of maps as the value"

/* yaml.v2 merge: "<<: map" or "<<: [map, ...]" (earlier maps take precedence). */
static int merge(ydoc *d, frame *f, ynode *value)
{
	if (value->kind == Y_MAP) {
		for (size_t i = 0; i < value->n; i++)
			if (map_set(d, f, value->key[i], value->item[i]))
				return -1;
		return 0;
	}
	if (value->kind == Y_SEQ) {
		for (size_t i = value->n; i-- > 0;) {
			if (value->item[i]->kind != Y_MAP)
				return mig__fail(MIG_ERROR_INVALID_ARGUMENT, MERGE_REFUSED);
			for (size_t j = 0; j < value->item[i]->n; j++)
				if (map_set(d, f, value->item[i]->key[j], value->item[i]->item[j]))
					return -1;
		}
		return 0;
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, MERGE_REFUSED);
}

/*
 * Anchor `name` now stands for n, as yaml.v2's parser has it: from the
 * node's start, so a collection's own aliases point at it while it is still
 * open (size 0), and a redefined anchor applies to later aliases.  *ix: its
 * index in d->anchors.
 */
static int add_anchor(ydoc *d, const char *name, ynode *n, size_t size, size_t *ix)
{
	size_t i;

	for (i = 0; i < d->nanchors && strcmp(d->anchors[i].name, name); i++)
		;
	if (i == d->nanchors) {
		if (UTIL_GROW(d->anchors, d->anchor_cap, d->nanchors + 1))
			return -1;
		d->anchors[i].name = arena_str(d, name, strlen(name));
		if (!d->anchors[i].name)
			return -1;
		d->nanchors++;
	}
	d->anchors[i].node = n;
	d->anchors[i].size = size;
	*ix = i;
	return 0;
}

/* yaml.v2's fail(): "yaml: line N: problem", with its line quirks (§parted-1.5). */
static void libyaml_error(const yaml_parser_t *p, unsigned *line, unsigned *col)
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
		mig__fail(MIG_ERROR_MEMORY, "yaml: out of memory");
	else
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "yaml: %s%s", where,
			  p->problem ? p->problem : "unknown problem parsing YAML content");
	if (p->error == YAML_READER_ERROR) {
		*line = 0;
		*col = 0;
	} else {
		*line = (unsigned)p->problem_mark.line + 1;
		*col = (unsigned)p->problem_mark.column + 1;
	}
}

/* The tree being built from libyaml's events. */
typedef struct builder {
	ydoc *d;
	frame *stack; /* open collections */
	size_t depth, cap;
	unsigned *line, *col;    /* where the current event starts */
	size_t decoded, aliased; /* yaml.v2's decodeCount and aliasCount */
} builder;

/* The builders' results: done, refused (err says why), out of memory. */
enum { B_OK = 0, B_FAIL = -1, B_OOM = -2 };

/*
 * yaml.v2's alias budget (go-yaml/yaml v2.4, decode.go: unmarshal and
 * allowedAliasRatio).  Its decoder counts every node it decodes and, apart,
 * those it decodes under an alias, and refuses the document once more than
 * 100 came through aliases, more than 1,000 in all, and the share through
 * aliases exceeds 99 % up to 400,000 decodes, 10 % from 4,000,000, and a
 * straight line between.
 *
 * Into interface{} (what sigs.k8s.io/yaml asks for) it decodes the document
 * node, every collection before its contents, every scalar, every mapping
 * key but a merge key "<<", not the list after a "<<" (only the maps in
 * it), and for an alias the alias node, then the anchored node again with
 * its own aliases.  We count the same, in the order libyaml's events come;
 * an alias at once: while yaml.v2 decodes it the share can only grow and
 * the allowed share only fall, so the answer is the one it gives node by
 * node.  Where the two can still differ: docs/layouts.md#aliases.
 */
static double allowed_alias_ratio(size_t decoded)
{
	if (decoded <= 400000)
		return 0.99;
	if (decoded >= 4000000)
		return 0.10;
	return 0.99 - 0.89 * ((double)(decoded - 400000) / 3600000.0);
}

/*
 * `plain` decodes, then `via_alias` more under an alias.  No overflow: each
 * check passed leaves decoded <= max(4,000,000, 10/9 of the plain ones,
 * plain + 100), and an alias at most doubles it.
 */
static int count_decodes(builder *b, size_t plain, size_t via_alias)
{
	b->decoded += plain + via_alias;
	b->aliased += via_alias;
	if (b->aliased > 100 && b->decoded > 1000 &&
	    (double)b->aliased / (double)b->decoded > allowed_alias_ratio(b->decoded)) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "yaml: document contains excessive aliasing");
		return B_FAIL;
	}
	return B_OK;
}

/* Is n, just read, a mapping's merge key: "<<", plain and untagged (yaml.v2's isMerge)? */
static int merge_key(const builder *b, const ynode *n, const yaml_event_t *ev)
{
	const frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;

	return f && f->node->kind == Y_MAP && !f->pending_key && ev->type == YAML_SCALAR_EVENT &&
	       ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && ev->data.scalar.plain_implicit &&
	       !ev->data.scalar.tag && n->kind == Y_STR && !strcmp(n->s, "<<");
}

/*
 * An alias inside the node it names (yaml.v2, decode.go: alias).  yaml.v2
 * decodes the alias, then the node again up to the alias, and refuses the
 * alias the second time; its aliasing rule may trip first.
 */
static int alias_in_itself(builder *b, const char *name, const ynode *open)
{
	size_t i = b->depth;
	int rc;

	while (i > 0 && b->stack[i - 1].node != open)
		i--;
	rc = count_decodes(b, 1, b->decoded + 1 - b->stack[i - 1].before +
					(size_t)b->stack[i - 1].merge_seq);
	if (rc == B_OK) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "yaml: anchor '%s' value contains itself", name);
		rc = B_FAIL;
	}
	return rc;
}

static int alias_node(builder *b, const yaml_event_t *ev, ynode **n)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i;

	for (i = 0; i < b->d->nanchors && strcmp(b->d->anchors[i].name, name); i++)
		;
	if (i == b->d->nanchors) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "yaml: unknown anchor '%s' referenced", name);
		return B_FAIL;
	}
	if (b->d->anchors[i].size == 0)
		return alias_in_itself(b, name, b->d->anchors[i].node);
	*n = b->d->anchors[i].node;
	return count_decodes(b, 1, b->d->anchors[i].size);
}

static int new_scalar(builder *b, const yaml_event_t *ev, ynode **out)
{
	ynode *n = arena(b->d, sizeof(*n));

	if (!n)
		return B_OOM;
	memset(n, 0, sizeof(*n));
	n->line = *b->line;
	n->col = *b->col;
	if (scalar_node(n, b->d, ev))
		return n->s ? B_FAIL : B_OOM;
	*out = n;
	return count_decodes(b, merge_key(b, n, ev) ? 0 : 1, 0);
}

static int open_collection(builder *b, const yaml_event_t *ev)
{
	ynode *c = arena(b->d, sizeof(*c));
	const char *a = ev->type == YAML_SEQUENCE_START_EVENT
				? (const char *)ev->data.sequence_start.anchor
				: (const char *)ev->data.mapping_start.anchor;
	frame *f;

	if (!c)
		return B_OOM;
	if (b->depth + 1 > YTREE_MAX_DEPTH) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			  "yaml: exceeded max depth of %d", YTREE_MAX_DEPTH);
		return B_FAIL;
	}
	if (UTIL_GROW(b->stack, b->cap, b->depth + 1))
		return B_OOM;
	memset(c, 0, sizeof(*c));
	c->kind = ev->type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
	c->line = *b->line;
	c->col = *b->col;
	f = &b->stack[b->depth];
	memset(f, 0, sizeof(*f));
	f->node = c;
	f->before = b->decoded;
	f->merge_seq = c->kind == Y_SEQ && b->depth && b->stack[b->depth - 1].pending_merge;
	if (a) {
		if (add_anchor(b->d, a, c, 0, &f->anchor))
			return B_OOM;
		f->anchor++;
	}
	b->depth++;
	return count_decodes(b, f->merge_seq ? 0 : 1, 0);
}

/* A mapping's value arrived for its pending key: a merge ("<<") or one entry. */
static int map_value(builder *b, frame *f, ynode *n)
{
	ynode *k = f->pending_key, *ks = NULL;
	int is_merge = f->pending_merge;

	f->pending_key = NULL;
	f->pending_merge = 0;
	if (is_merge)
		return merge(b->d, f, n) ? B_FAIL : B_OK;
	if (key_string(&ks, b->d, k)) {
		*b->line = k->line;
		*b->col = k->col;
		return B_FAIL;
	}
	return map_set(b->d, f, ks, n) ? B_OOM : B_OK;
}

/* Node n is complete: the root, an item, a key or a value. */
static int attach(builder *b, ynode *n, const yaml_event_t *ev)
{
	frame *f;

	if (b->depth == 0) {
		b->d->root = n;
		return B_OK;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->kind == Y_SEQ) {
		if (f->node->n == f->cap && grow(b->d, f))
			return B_OOM;
		f->node->item[f->node->n++] = n;
		return B_OK;
	}
	if (f->pending_key)
		return map_value(b, f, n);
	f->pending_merge = merge_key(b, n, ev);
	f->pending_key = n;
	return B_OK;
}

/* One libyaml event; *done at the end of the first document or the stream. */
static int one_event(builder *b, const yaml_event_t *ev, int *done)
{
	const char *scalar_anchor = NULL;
	ynode *n = NULL;
	size_t ix;
	int rc = B_OK;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_END_EVENT: /* yaml.v2 reads the first document only. */
		*done = 1;
		break;
	case YAML_DOCUMENT_START_EVENT: /* yaml.v2 decodes the document node too */
		rc = count_decodes(b, 1, 0);
		break;
	case YAML_ALIAS_EVENT:
		rc = alias_node(b, ev, &n);
		break;
	case YAML_SCALAR_EVENT:
		rc = new_scalar(b, ev, &n);
		scalar_anchor = (const char *)ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		rc = open_collection(b, ev);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		const frame *f = &b->stack[--b->depth];
		anchor *a = f->anchor ? &b->d->anchors[f->anchor - 1] : NULL;

		n = f->node;
		/* What decoding n again through an alias costs, unless redefined inside n. */
		if (a && a->node == n)
			a->size = b->decoded - f->before + (size_t)f->merge_seq;
		break;
	}
	default:
		break;
	}
	if (rc || !n)
		return rc;
	if (scalar_anchor && add_anchor(b->d, scalar_anchor, n, 1, &ix))
		return B_OOM;
	return attach(b, n, ev);
}

int ytree_parse(ydoc **out, const char *buf, size_t len, unsigned *line, unsigned *col)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	builder b = {0};
	int done = 0, rc = B_FAIL;
	unsigned dummy_l = 0, dummy_c = 0;

	b.line = line ? line : &dummy_l;
	b.col = col ? col : &dummy_c;
	*b.line = *b.col = 0;
	b.d = calloc(1, sizeof(*b.d));
	if (!b.d || !yaml_parser_initialize(&parser)) {
		free(b.d);
		return mig__fail(MIG_ERROR_MEMORY, "yaml: out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			libyaml_error(&parser, b.line, b.col);
			rc = B_FAIL;
			break;
		}
		*b.line = (unsigned)ev.start_mark.line + 1;
		*b.col = (unsigned)ev.start_mark.column + 1;
		rc = one_event(&b, &ev, &done);
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	if (rc == B_OOM)
		mig__fail(MIG_ERROR_MEMORY, "yaml: out of memory");
	if (rc == B_OK) {
		*out = b.d;
		b.d = NULL;
	}
	yaml_parser_delete(&parser);
	free(b.stack);
	ytree_free(b.d);
	if (rc == B_OK)
		return MIG_SUCCESS;
	return rc == B_OOM ? MIG_ERROR_MEMORY : MIG_ERROR_INVALID_ARGUMENT;
}
