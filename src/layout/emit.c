/*
 * emit.c - printing configs the way mig-parted v0.15.0 does (its `export`,
 * docs/layouts.md): YAML as gopkg.in/yaml.v2 writes it, JSON as Go's
 * json.MarshalIndent does (built with jansson).
 *
 * yaml.v2's emitter is a port of libyaml's, so the YAML goes through
 * libyaml's emitter with the style choices yaml.v2 makes: block mappings,
 * flow lists for `devices` and `device-filter`, a string double-quoted when
 * it would otherwise read back as something else ("0x20B010DE"), map keys
 * in yaml.v2's natural order ("1g.5gb" before "1g.10gb").
 */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "layout.h"
#include "ytree.h"

/* ------------------------------------------------------------------ */
/* yaml.v2's key order (sorter.go)                                     */
/* ------------------------------------------------------------------ */

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The int64 Go holds after wrapping: two's complement, without C's signed overflow. */
static long long go_int64(unsigned long long v)
{
	return v <= (unsigned long long)LLONG_MAX ? (long long)v
						 : -(long long)(~v) - 1;
}

/* keyList.Less for two strings: letters by code point, digit runs by value. */
static int yaml_less(const char *a, const char *b)
{
	const unsigned char *ar = (const unsigned char *)a, *br = (const unsigned char *)b;
	size_t al = strlen(a), bl = strlen(b);

	for (size_t i = 0; i < al && i < bl; i++) {
		int la, lb;
		/* Go's int64 arithmetic wraps: so does this (a signed overflow would be undefined). */
		unsigned long long an = 0, bn = 0;
		size_t ai, bi;

		if (ar[i] == br[i])
			continue;
		la = is_letter(ar[i]);
		lb = is_letter(br[i]);
		if (la && lb)
			return ar[i] < br[i];
		if (la || lb)
			return lb;
		if (ar[i] == '0' || br[i] == '0') {
			for (size_t j = i; j-- > 0 && is_digit(ar[j]);) {
				if (ar[j] != '0') {
					an = 1;
					bn = 1;
					break;
				}
			}
		}
		for (ai = i; ai < al && is_digit(ar[ai]); ai++)
			an = an * 10 + (unsigned)(ar[ai] - '0');
		for (bi = i; bi < bl && is_digit(br[bi]); bi++)
			bn = bn * 10 + (unsigned)(br[bi] - '0');
		if (an != bn)
			return go_int64(an) < go_int64(bn);
		if (ai != bi)
			return ai < bi;
		return ar[i] < br[i];
	}
	return al < bl;
}

static int name_less(const char *a, const char *b, int natural)
{
	return natural ? yaml_less(a, b) : strcmp(a, b) < 0;
}

/* Stable merge sort of the names' indices: n log n, for files of many configs. */
static void sort_names(const char **v, size_t *idx, size_t n, int natural)
{
	size_t *tmp = n > 1 ? malloc(n * sizeof(*tmp)) : NULL;

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	if (n > 1 && !tmp) {
		/* Out of memory: insertion sort, slow but right. */
		for (size_t i = 1; i < n; i++) {
			size_t t = idx[i], j = i;

			for (; j > 0 && name_less(v[t], v[idx[j - 1]], natural); j--)
				idx[j] = idx[j - 1];
			idx[j] = t;
		}
		return;
	}
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = name_less(v[idx[b]], v[idx[a]], natural) ? idx[b++] : idx[a++];
			while (a < mid)
				tmp[k++] = idx[a++];
			while (b < hi)
				tmp[k++] = idx[b++];
		}
		memcpy(idx, tmp, n * sizeof(*idx));
	}
	free(tmp);
}

/* ------------------------------------------------------------------ */
/* YAML                                                               */
/* ------------------------------------------------------------------ */

typedef struct outbuf {
	char *buf;
	size_t len, cap;
	int oom;
} outbuf;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	outbuf *o = data;

	if (o->len + size + 1 > o->cap) {
		size_t cap = (o->cap ? o->cap * 2 : 4096) + size;
		char *g = realloc(o->buf, cap);

		if (!g) {
			o->oom = 1;
			return 0;
		}
		o->buf = g;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, buffer, size);
	o->len += size;
	o->buf[o->len] = '\0';
	return 1;
}

/* yaml.v2's isBase60Float: "1:20" would read back as a number in YAML 1.1. */
static int base60(const char *s)
{
	const char *p = s;
	int groups = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit((unsigned char)*p))
		return 0;
	while (is_digit((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ':') {
		p++;
		if (!is_digit((unsigned char)*p))
			return 0;
		if (*p >= '0' && *p <= '5' && is_digit((unsigned char)p[1]))
			p += 2;
		else
			p += 1;
		groups++;
	}
	if (!groups)
		return 0;
	if (*p == '.') {
		p++;
		while (is_digit((unsigned char)*p) || *p == '_')
			p++;
	}
	return *p == '\0';
}

/* yaml.v2's canUsePlain: the text resolves to a string. */
static int reads_as_string(const char *s)
{
	return ytree_plain_is_string(s) && !base60(s);
}

static int ev_scalar(yaml_emitter_t *e, const char *s, int force_string)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

	if (force_string && !reads_as_string(s))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (force_string && strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
					  style))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int ev_start(yaml_emitter_t *e, int map, int flow)
{
	yaml_event_t ev;
	int ok = map ? yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							   flow ? YAML_FLOW_MAPPING_STYLE
								: YAML_BLOCK_MAPPING_STYLE)
		     : yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							    flow ? YAML_FLOW_SEQUENCE_STYLE
								 : YAML_BLOCK_SEQUENCE_STYLE);

	if (!ok)
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int ev_end(yaml_emitter_t *e, int map)
{
	yaml_event_t ev;

	if (!(map ? yaml_mapping_end_event_initialize(&ev) : yaml_sequence_end_event_initialize(&ev)))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int emit_entry(yaml_emitter_t *e, const layout_entry *en)
{
	char num[32];
	const char **names = NULL;
	size_t *idx = NULL;
	int rc = -1;

	if (ev_start(e, 1, 0))
		return -1;
	if (en->has_filter) {
		if (ev_scalar(e, "device-filter", 1))
			return -1;
		if (en->filter_is_list) {
			if (ev_start(e, 0, 1))
				return -1;
			for (size_t i = 0; i < en->nfilter; i++)
				if (ev_scalar(e, en->filter[i], 1))
					return -1;
			if (ev_end(e, 0))
				return -1;
		} else if (ev_scalar(e, en->filter[0], 1)) {
			return -1;
		}
	}
	if (ev_scalar(e, "devices", 1))
		return -1;
	if (en->devices_all) {
		if (ev_scalar(e, "all", 1))
			return -1;
	} else {
		if (ev_start(e, 0, 1))
			return -1;
		for (size_t i = 0; i < en->ndevices; i++) {
			snprintf(num, sizeof(num), "%lld", en->devices[i]);
			if (ev_scalar(e, num, 0))
				return -1;
		}
		if (ev_end(e, 0))
			return -1;
	}
	if (ev_scalar(e, "mig-enabled", 1) || ev_scalar(e, en->mig_enabled ? "true" : "false", 0) ||
	    ev_scalar(e, "mig-devices", 1) || ev_start(e, 1, 0))
		return -1;
	names = malloc((en->nkeys ? en->nkeys : 1) * sizeof(*names));
	idx = malloc((en->nkeys ? en->nkeys : 1) * sizeof(*idx));
	if (!names || !idx)
		goto out;
	for (size_t i = 0; i < en->nkeys; i++)
		names[i] = en->keys[i].text;
	sort_names(names, idx, en->nkeys, 1);
	for (size_t i = 0; i < en->nkeys; i++) {
		snprintf(num, sizeof(num), "%lld", en->keys[idx[i]].count);
		if (ev_scalar(e, en->keys[idx[i]].text, 1) || ev_scalar(e, num, 0))
			goto out;
	}
	if (ev_end(e, 1) || ev_end(e, 1))
		goto out;
	rc = 0;
out:
	free(names);
	free(idx);
	return rc;
}

int layout_config_yaml(char **out, const layout_config *cfg)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	outbuf o = {0};
	const char **names = malloc((cfg->nconfigs ? cfg->nconfigs : 1) * sizeof(*names));
	size_t *idx = malloc((cfg->nconfigs ? cfg->nconfigs : 1) * sizeof(*idx));
	int rc = -1;

	*out = NULL;
	if (!names || !idx || !yaml_emitter_initialize(&e)) {
		free(names);
		free(idx);
		return -1;
	}
	yaml_emitter_set_output(&e, write_handler, &o);
	yaml_emitter_set_unicode(&e, 1);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) || !yaml_emitter_emit(&e, &ev))
		goto out;
	if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&e, &ev))
		goto out;
	if (ev_start(&e, 1, 0) || ev_scalar(&e, "version", 1) ||
	    ev_scalar(&e, cfg->has_version ? "v1" : "", 1))
		goto out;
	if (cfg->nconfigs) {
		if (ev_scalar(&e, "mig-configs", 1) || ev_start(&e, 1, 0))
			goto out;
		for (size_t i = 0; i < cfg->nconfigs; i++)
			names[i] = cfg->configs[i].name;
		sort_names(names, idx, cfg->nconfigs, 1);
		for (size_t i = 0; i < cfg->nconfigs; i++) {
			const layout_named *nm = &cfg->configs[idx[i]];

			if (ev_scalar(&e, nm->name, 1) || ev_start(&e, 0, 0))
				goto out;
			for (size_t j = 0; j < nm->nentries; j++)
				if (emit_entry(&e, &nm->entries[j]))
					goto out;
			if (ev_end(&e, 0))
				goto out;
		}
		if (ev_end(&e, 1))
			goto out;
	}
	if (ev_end(&e, 1))
		goto out;
	if (!yaml_document_end_event_initialize(&ev, 1) || !yaml_emitter_emit(&e, &ev))
		goto out;
	if (!yaml_stream_end_event_initialize(&ev) || !yaml_emitter_emit(&e, &ev))
		goto out;
	if (!yaml_emitter_flush(&e) || o.oom)
		goto out;
	*out = o.buf ? o.buf : strdup("");
	o.buf = NULL;
	rc = *out ? 0 : -1;
out:
	yaml_emitter_delete(&e);
	free(o.buf);
	free(names);
	free(idx);
	return rc;
}

/* ------------------------------------------------------------------ */
/* JSON (encoding/json, MarshalIndent with two spaces), through jansson */
/* ------------------------------------------------------------------ */

/*
 * What Go's encoder writes differently from jansson's (both print UTF-8 as
 * is): "<", ">", "&", U+2028 and U+2029 escaped (json.Marshal is
 * HTML-safe), \b and \f as \u0008 and \u000c, lower-case hex.  A
 * backslash in jansson's output always starts an escape, and those
 * characters only occur inside strings, so one pass over the text does it.
 */
static char *go_escapes(const char *in)
{
	char *out = malloc(6 * strlen(in) + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if (*p == '\\' && (p[1] == 'b' || p[1] == 'f')) {
			o += sprintf(o, "\\u%04x", p[1] == 'b' ? 8 : 12);
			p++;
		} else if (*p == '\\' && p[1] == 'u') {
			/* jansson writes four hex digits after \\u */
			*o++ = '\\';
			*o++ = 'u';
			for (int k = 2; k < 6; k++)
				*o++ = (char)tolower(p[k]);
			p += 5;
		} else if (*p == '\\') {
			*o++ = '\\';
			*o++ = (char)*++p;
		} else if (*p == '<' || *p == '>' || *p == '&') {
			o += sprintf(o, "\\u%04x", *p);
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			o += sprintf(o, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

/* Set key to v (NULL: out of memory); -1 on failure, v's reference taken either way. */
static int set(json_t *obj, const char *key, json_t *v)
{
	return json_object_set_new(obj, key, v);
}

static int append(json_t *arr, json_t *v)
{
	return json_array_append_new(arr, v);
}

static json_t *filter_json(const layout_entry *en)
{
	json_t *a;

	if (!en->filter_is_list)
		return json_string(en->filter[0]);
	a = json_array();
	for (size_t f = 0; a && f < en->nfilter; f++)
		if (append(a, json_string(en->filter[f]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *devices_json(const layout_entry *en)
{
	json_t *a;

	if (en->devices_all)
		return json_string("all");
	a = json_array();
	for (size_t d = 0; a && d < en->ndevices; d++)
		if (append(a, json_integer(en->devices[d]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/*
 * A Go map of n items: its keys in byte order (encoding/json sorts them),
 * name(items, i) and value(items, i) giving each item's.
 */
static json_t *go_map(const void *items, size_t n, const char *(*name)(const void *, size_t),
		      json_t *(*value)(const void *, size_t))
{
	const char **names = malloc((n ? n : 1) * sizeof(*names));
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx));
	json_t *o = names && idx ? json_object() : NULL;

	for (size_t i = 0; o && i < n; i++)
		names[i] = name(items, i);
	if (o)
		sort_names(names, idx, n, 0);
	for (size_t i = 0; o && i < n; i++)
		if (set(o, names[idx[i]], value(items, idx[i]))) {
			json_decref(o);
			o = NULL;
		}
	free(names);
	free(idx);
	return o;
}

static const char *key_name(const void *en, size_t i)
{
	return ((const layout_entry *)en)->keys[i].text;
}

static json_t *key_count(const void *en, size_t i)
{
	return json_integer(((const layout_entry *)en)->keys[i].count);
}

/* An entry: a Go struct, so its fields in declaration order. */
static json_t *entry_json(const layout_entry *en)
{
	json_t *o = json_object();

	if (o && ((en->has_filter && set(o, "device-filter", filter_json(en))) ||
		  set(o, "devices", devices_json(en)) ||
		  set(o, "mig-enabled", json_boolean(en->mig_enabled)) ||
		  set(o, "mig-devices", go_map(en, en->nkeys, key_name, key_count)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *named_json(const layout_named *nm)
{
	json_t *a = json_array();

	for (size_t j = 0; a && j < nm->nentries; j++)
		if (append(a, entry_json(&nm->entries[j]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static const char *config_name(const void *cfg, size_t i)
{
	return ((const layout_config *)cfg)->configs[i].name;
}

static json_t *config_entries(const void *cfg, size_t i)
{
	return named_json(&((const layout_config *)cfg)->configs[i]);
}

int layout_config_json(char **out, const layout_config *cfg)
{
	json_t *doc = json_object();
	char *text = NULL;

	*out = NULL;
	/* "mig-configs" has Go's omitempty */
	if (doc && !set(doc, "version", json_string(cfg->has_version ? "v1" : "")) &&
	    (!cfg->nconfigs || !set(doc, "mig-configs", go_map(cfg, cfg->nconfigs, config_name, config_entries))))
		text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return -1;
	*out = go_escapes(text);
	free(text);
	return *out ? 0 : -1;
}
