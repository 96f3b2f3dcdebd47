/*
 * config.c - mig-parted v1 config files: the decoders of
 * api/spec/v1/spec.go with Go's encoding/json semantics on top of the
 * YAML tree (§parted-1.1-§parted-1.5), and config selection (§parted-1.2).
 *
 * What mig-parted accepts, this accepts; what it refuses, this refuses
 * with the same text, prefixed by where in the file the problem is.  Where
 * mig-parted's outcome depends on Go map order (several errors in one
 * file), the first in file order wins here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"
#include "ytree.h"

#define P_PREFIX \
	"Error parsing config file: unmarshal error: error unmarshaling JSON: while decoding JSON: "
#define Y_PREFIX "Error parsing config file: unmarshal error: error converting YAML to JSON: "

typedef struct ctx {
	const char *file;
	int code;                /* the mig_error of the first refusal */
} ctx;

static int fail_at(ctx *c, const ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(ctx *c, const ynode *n, const char *fmt, ...)
{
	va_list ap;
	char why[LAYOUT_ERR_MAX];

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	c->code = MIG_ERROR_INVALID_ARGUMENT;
	if (n && n->line)
		mig__fail(c->code, "%s:%u:%u: %s%s", c->file, n->line, n->col, P_PREFIX, why);
	else
		mig__fail(c->code, "%s: %s%s", c->file, P_PREFIX, why);
	return -1;
}

/* Go's UnmarshalTypeError text for a node that cannot become `type`. */
static void type_error(char *buf, size_t len, const ynode *n, const char *type)
{
	snprintf(buf, len, "json: cannot unmarshal %s into Go value of type %s", ytree_json_kind(n),
		 type);
}

/* json.Unmarshal into a Go string: null leaves it empty. */
static int go_string(const char **out, const ynode *n, char *why, size_t len)
{
	if (!n || n->kind == Y_NULL) {
		*out = "";
		return 0;
	}
	if (n->kind != Y_STR) {
		type_error(why, len, n, "string");
		return -1;
	}
	*out = n->s;
	return 0;
}

/* json.Unmarshal into a Go int (int64): numbers that are not integers name their text. */
static int go_int(long long *out, const ynode *n, char *why, size_t len)
{
	char text[64];
	char *end;
	long long v;

	if (!n || n->kind == Y_NULL) {
		*out = 0;
		return 0;
	}
	if (n->kind == Y_INT) {
		*out = (long long)n->i;
		return 0;
	}
	if (n->kind == Y_UINT || n->kind == Y_FLOAT) {
		ytree_number_text(text, sizeof(text), n);
		errno = 0;
		v = strtoll(text, &end, 10);
		if (*end || errno || !*text) {
			snprintf(why, len, "json: cannot unmarshal number %s into Go value of type int",
				 text);
			return -1;
		}
		*out = v;
		return 0;
	}
	type_error(why, len, n, "int");
	return -1;
}

/* A map key equal to `name` (keys may hold NUL bytes). */
static int keyis(const ynode *k, const char *name)
{
	return k->len == strlen(name) && !memcmp(k->s, name, k->len);
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void entry_free(layout_entry *e)
{
	for (size_t i = 0; i < e->nfilter; i++)
		free(e->filter[i]);
	free(e->filter);
	free(e->devices);
	for (size_t i = 0; i < e->nkeys; i++)
		free(e->keys[i].text);
	free(e->keys);
}

void layout_config_free(layout_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nconfigs; i++) {
		for (size_t j = 0; j < cfg->configs[i].nentries; j++)
			entry_free(&cfg->configs[i].entries[j]);
		free(cfg->configs[i].entries);
		free(cfg->configs[i].name);
	}
	free(cfg->configs);
	free(cfg->filename);
	free(cfg);
}

static int oom(ctx *c)
{
	c->code = mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", c->file);
	return -1;
}

/* device-filter: a string, or a list of strings (§parted-1.3). */
static int decode_filter(ctx *c, layout_entry *e, const ynode *v)
{
	char e1[160], e2[160];
	const char *s = "";

	if (go_string(&s, v, e1, sizeof(e1)) == 0) {
		e->filter = calloc(1, sizeof(*e->filter));
		if (!e->filter || !(e->filter[0] = dupn(s, strlen(s))))
			return oom(c);
		e->nfilter = 1;
		e->has_filter = 1;
		return 0;
	}
	if (v->kind == Y_SEQ) {
		const ynode *bad = NULL;

		for (size_t i = 0; i < v->n && !bad; i++)
			if (go_string(&s, v->item[i], e2, sizeof(e2)))
				bad = v->item[i];
		if (!bad) {
			e->filter = calloc(v->n ? v->n : 1, sizeof(*e->filter));
			if (!e->filter)
				return oom(c);
			for (size_t i = 0; i < v->n; i++) {
				go_string(&s, v->item[i], e2, sizeof(e2));
				if (!(e->filter[i] = dupn(s, strlen(s))))
					return oom(c);
				e->nfilter++;
			}
			e->has_filter = 1;
			e->filter_is_list = 1;
			return 0;
		}
		return fail_at(c, bad, "(%s, %s)", e1, e2);
	}
	type_error(e2, sizeof(e2), v, "[]string");
	return fail_at(c, v, "(%s, %s)", e1, e2);
}

/* devices: "all", or a list of integers (§parted-1.3). */
static int decode_devices(ctx *c, layout_entry *e, const ynode *v)
{
	char e1[160], e2[160];
	const char *s = "";

	if (go_string(&s, v, e1, sizeof(e1)) == 0) {
		if (strcmp(s, "all"))
			return fail_at(c, v, "invalid string input for 'devices': %s", s);
		e->devices_all = 1;
		return 0;
	}
	if (v->kind == Y_SEQ) {
		const ynode *bad = NULL;

		e->devices = calloc(v->n ? v->n : 1, sizeof(*e->devices));
		if (!e->devices)
			return oom(c);
		/* Go keeps decoding after a type error and reports the first. */
		for (size_t i = 0; i < v->n; i++) {
			long long d = 0;
			char why[160];

			if (go_int(&d, v->item[i], why, sizeof(why)) && !bad) {
				bad = v->item[i];
				snprintf(e2, sizeof(e2), "%s", why);
			}
			e->devices[i] = d;
		}
		if (!bad) {
			e->ndevices = v->n;
			return 0;
		}
		type_error(e1, sizeof(e1), v, "string");
		return fail_at(c, bad, "(%s, %s)", e1, e2);
	}
	type_error(e2, sizeof(e2), v, "[]int");
	return fail_at(c, v, "(%s, %s)", e1, e2);
}

/* Go sorts map keys when marshalling, so JSON text (and decode) order is sorted. */
static int cmp_keys(const void *a, const void *b)
{
	const ynode *x = *(const ynode *const *)a, *y = *(const ynode *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);

	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* A key and where it is in its map, sorted together (no search back: linear). */
typedef struct keyed {
	const ynode *key;
	size_t index;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	return cmp_keys(&((const keyed *)a)->key, &((const keyed *)b)->key);
}

/* Indices of a map's keys in sorted order; free() it. */
static size_t *sorted_keys(const ynode *m)
{
	keyed *k = malloc((m->n ? m->n : 1) * sizeof(*k));
	size_t *idx = malloc((m->n ? m->n : 1) * sizeof(*idx));

	if (!k || !idx) {
		free(k);
		free(idx);
		return NULL;
	}
	for (size_t i = 0; i < m->n; i++) {
		k[i].key = m->key[i];
		k[i].index = i;
	}
	qsort(k, m->n, sizeof(*k), cmp_keyed);
	for (size_t i = 0; i < m->n; i++)
		idx[i] = k[i].index;
	free(k);
	return idx;
}

/* mig-devices: map profile -> count, then MigConfig.AssertValid (§parted-1.3). */
static int decode_mig_devices(ctx *c, layout_entry *e, const ynode *v)
{
	const ynode *bad = NULL;
	char why[256], first[256] = "";
	size_t *order;
	int nonzero = 0;

	if (!v || v->kind == Y_NULL)
		return 0;
	if (v->kind != Y_MAP) {
		type_error(why, sizeof(why), v, "types.MigConfig");
		return fail_at(c, v, "%s", why);
	}
	e->keys = calloc(v->n ? v->n : 1, sizeof(*e->keys));
	order = sorted_keys(v);
	if (!e->keys || !order) {
		free(order);
		return oom(c);
	}
	for (size_t k = 0; k < v->n; k++) {
		size_t i = order[k];
		long long n = 0;

		if (go_int(&n, v->item[i], why, sizeof(why)) && !bad) {
			bad = v->item[i];
			snprintf(first, sizeof(first), "%s", why);
		}
		(void)n;
	}
	free(order);
	if (bad)
		return fail_at(c, bad, "%s", first);
	e->has_mig_devices = 1;
	for (size_t i = 0; i < v->n; i++) {
		layout_key *k = &e->keys[i];

		go_int(&k->count, v->item[i], why, sizeof(why));
		k->line = v->key[i]->line;
		k->col = v->key[i]->col;
		if (!(k->text = dupn(v->key[i]->s, v->key[i]->len)))
			return oom(c);
		e->nkeys++;
		if (layout_profile_parse(&k->profile, v->key[i]->s, v->key[i]->len))
			return fail_at(c, v->key[i],
				       "error validating values in 'mig-devices' field: invalid format for '%s': %s",
				       k->text, mig_errmsg());
		if (k->count < 0)
			return fail_at(c, v->item[i],
				       "error validating values in 'mig-devices' field: invalid count for '%lld': <nil>",
				       k->count);
		nonzero |= k->count > 0;
	}
	if (v->n && !nonzero)
		return fail_at(c, v,
			       "error validating values in 'mig-devices' field: all counts for all MigProfiles are 0");
	return 0;
}

/* MigConfigSpec.UnmarshalJSON */
static int decode_entry(ctx *c, layout_entry *e, const ynode *n, const ynode *where)
{
	static const char *const required[] = {"devices", "mig-enabled"};
	char why[256];

	memset(e, 0, sizeof(*e));
	e->line = where->line;
	e->col = where->col;
	if (n && n->kind != Y_NULL && n->kind != Y_MAP) {
		type_error(why, sizeof(why), n, "map[string]json.RawMessage");
		return fail_at(c, n, "%s", why);
	}
	for (size_t r = 0; r < 2; r++)
		if (!ytree_get(n, required[r]))
			return fail_at(c, where, "missing required field: %s", required[r]);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->key[i];
		const ynode *v = n->item[i];
		int rc = 0;

		if (keyis(k, "device-filter")) {
			rc = decode_filter(c, e, v);
		} else if (keyis(k, "devices")) {
			rc = decode_devices(c, e, v);
		} else if (keyis(k, "mig-enabled")) {
			if (v->kind == Y_BOOL)
				e->mig_enabled = v->b;
			else if (v->kind != Y_NULL) {
				type_error(why, sizeof(why), v, "bool");
				rc = fail_at(c, v, "%s", why);
			}
		} else if (keyis(k, "mig-devices")) {
			rc = decode_mig_devices(c, e, v);
		} else {
			rc = fail_at(c, k, "unexpected field: %.*s", (int)k->len, k->s);
		}
		if (rc)
			return rc;
	}
	if (e->mig_enabled && !e->has_mig_devices)
		return fail_at(c, where, "missing required field 'mig-devices' when 'mig-enabled' is true");
	if (!e->mig_enabled && e->nkeys > 0)
		return fail_at(c, ytree_get(n, "mig-devices"),
			       "MIG devices included when 'mig-enabled' is false");
	return 0;
}

/* The "mig-configs" field: map[string]MigConfigSpecSlice. */
static int decode_configs(ctx *c, layout_config *cfg, const ynode *v)
{
	const ynode *saved = NULL;
	char why[256], first[256] = "";
	size_t *order;

	if (v->kind != Y_NULL && v->kind != Y_MAP) {
		type_error(why, sizeof(why), v, "map[string]v1.MigConfigSpecSlice");
		return fail_at(c, v, "%s", why);
	}
	if (v->kind == Y_NULL || v->n == 0)
		return fail_at(c, v, "at least one entry in 'mig-configs' is required");
	cfg->configs = calloc(v->n, sizeof(*cfg->configs));
	order = sorted_keys(v);
	if (!cfg->configs || !order) {
		free(order);
		return oom(c);
	}
	cfg->nconfigs = v->n; /* so that a failure below frees what was made */
	/* Decode in Go's (sorted) order, keep file order. */
	for (size_t k = 0; k < v->n; k++) {
		size_t i = order[k];
		const ynode *list = v->item[i];
		layout_named *nm = &cfg->configs[i];

		nm->line = v->key[i]->line;
		nm->col = v->key[i]->col;
		if (!(nm->name = dupn(v->key[i]->s, v->key[i]->len))) {
			free(order);
			return oom(c);
		}
		if (list->kind == Y_NULL)
			continue;
		if (list->kind != Y_SEQ) {
			if (!saved) {
				saved = list;
				type_error(first, sizeof(first), list, "v1.MigConfigSpecSlice");
			}
			continue;
		}
		nm->entries = calloc(list->n ? list->n : 1, sizeof(*nm->entries));
		if (!nm->entries) {
			free(order);
			return oom(c);
		}
		for (size_t j = 0; j < list->n; j++) {
			const ynode *en = list->item[j];

			nm->nentries++;
			if (decode_entry(c, &nm->entries[j], en->kind == Y_NULL ? NULL : en, en)) {
				free(order);
				return -1;
			}
		}
	}
	if (saved) {
		free(order);
		return fail_at(c, saved, "%s", first);
	}
	for (size_t k = 0; k < v->n; k++) {
		size_t i = order[k];

		if (cfg->configs[i].nentries == 0) {
			fail_at(c, v->item[i], "at least one entry in '%s' is required",
				cfg->configs[i].name);
			free(order);
			return -1;
		}
	}
	free(order);
	return 0;
}

/* json.Marshal refuses NaN and infinities anywhere, before any decoding. */
static const ynode *find_nonfinite(const ynode *n, unsigned depth)
{
	if (!n || depth > 20000)
		return NULL;
	if (n->kind == Y_FLOAT && (n->f != n->f || n->f - n->f != 0))
		return n;
	if (n->kind == Y_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			const ynode *r = find_nonfinite(n->item[i], depth + 1);

			if (r)
				return r;
		}
	} else if (n->kind == Y_MAP) {
		size_t *order = sorted_keys(n);

		for (size_t k = 0; order && k < n->n; k++) {
			const ynode *r = find_nonfinite(n->item[order[k]], depth + 1);

			if (r) {
				free(order);
				return r;
			}
		}
		free(order);
	}
	return NULL;
}

/* The document's top level: "version" and "mig-configs" (§parted-1.2).  0, or -1 with c's failure. */
static int decode_root(ctx *c, layout_config *cfg, const ynode *root)
{
	char why[512];

	/* An empty document (or null) is an empty spec (§parted-1.2). */
	if (!root || root->kind == Y_NULL)
		return 0;
	if (root->kind != Y_MAP) {
		type_error(why, sizeof(why), root, "map[string]json.RawMessage");
		fail_at(c, root, "%s", why);
		return -1;
	}
	if (root->n == 0) {
		fail_at(c, root, "unknown version: ");
		return -1;
	}
	if (!ytree_get(root, "version")) {
		fail_at(c, root, "unable to parse with missing 'version' field");
		return -1;
	}
	for (size_t i = 0; i < root->n; i++) {
		const ynode *k = root->key[i];
		const ynode *v = root->item[i];

		if (keyis(k, "version")) {
			const char *ver;

			if (go_string(&ver, v, why, sizeof(why))) {
				fail_at(c, v, "%s", why);
				return -1;
			}
			if (strcmp(ver, "v1")) {
				fail_at(c, v, "unknown version: %s", ver);
				return -1;
			}
			cfg->has_version = 1;
		} else if (keyis(k, "mig-configs")) {
			if (decode_configs(c, cfg, v))
				return -1;
		} else {
			fail_at(c, k, "unexpected field: %.*s", (int)k->len, k->s);
			return -1;
		}
	}
	return 0;
}

int layout_parse(layout_config **out, const char *buf, size_t len, const char *filename)
{
	ctx c = {filename ? filename : "<stdin>", MIG_ERROR_INVALID_ARGUMENT};
	layout_config *cfg = calloc(1, sizeof(*cfg));
	ydoc *doc = NULL;
	const ynode *root, *bad;
	unsigned line = 0, col = 0;
	int rc = -1;

	*out = NULL;
	if (!cfg || !(cfg->filename = dupn(c.file, strlen(c.file)))) {
		free(cfg);
		oom(&c);
		return c.code;
	}
	if ((c.code = ytree_parse(&doc, buf, len, &line, &col)) != 0) {
		if (line)
			mig__fail(c.code,
				  "%s:%u:%u: %s%s", c.file, line, col, Y_PREFIX, mig_errmsg());
		else
			mig__fail(c.code, "%s: %s%s", c.file, Y_PREFIX, mig_errmsg());
		goto done;
	}
	c.code = MIG_ERROR_INVALID_ARGUMENT;
	root = ytree_root(doc);
	if ((bad = find_nonfinite(root, 0)) != NULL) {
		char num[16];

		ytree_go_float(num, sizeof(num), bad->f, 'g');
		mig__fail(c.code, "%s:%u:%u: %sjson: unsupported value: %s", c.file, bad->line,
			  bad->col, Y_PREFIX, num);
		goto done;
	}
	rc = decode_root(&c, cfg, root);
done:
	ytree_free(doc);
	if (rc) {
		layout_config_free(cfg);
		return c.code;
	}
	*out = cfg;
	return MIG_SUCCESS;
}

/* Go's os error text: "open PATH: no such file or directory". */
static void go_os_error(char *buf, size_t len, const char *op, const char *path, int e)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "%s", strerror(e));
	if (msg[0] >= 'A' && msg[0] <= 'Z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	snprintf(buf, len, "%s %s: %s", op, path, msg);
}

int layout_slurp(char **out, size_t *len, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	char why[512];

	if (!f) {
		go_os_error(why, sizeof(why), "open", path, errno);
		return mig__fail(MIG_ERROR_IO, "%s", why);
	}
	for (;;) {
		size_t r;

		if (cap - n < 4096) {
			char *g;

			cap = cap ? cap * 2 : 8192;
			g = realloc(buf, cap);
			if (!g) {
				free(buf);
				if (f != stdin)
					fclose(f);
				return mig__fail(MIG_ERROR_MEMORY, "out of memory");
			}
			buf = g;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0) {
			if (ferror(f)) {
				go_os_error(why, sizeof(why), "read", path, errno ? errno : EIO);
				free(buf);
				if (f != stdin)
					fclose(f);
				return mig__fail(MIG_ERROR_IO, "%s", why);
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int layout_read(layout_config **out, const char *path)
{
	char *buf;
	size_t len;
	int rc;

	if ((rc = layout_slurp(&buf, &len, path)) != 0)
		return mig__fail(rc, "Error parsing config file: read error: %s", mig_errmsg());
	rc = layout_parse(out, buf, len, strcmp(path, "-") ? path : "<stdin>");
	free(buf);
	return rc;
}

const layout_named *layout_select(const layout_config *cfg, const char *name)
{
	if (!name) {
		if (cfg->nconfigs > 1) {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				  "Error selecting MIG config: missing required flag 'selected-config' when more than one config available");
			return NULL;
		}
		if (cfg->nconfigs == 1)
			return &cfg->configs[0];
		name = "";
	}
	for (size_t i = 0; i < cfg->nconfigs; i++)
		if (!strcmp(cfg->configs[i].name, name))
			return &cfg->configs[i];
	mig__fail(MIG_ERROR_NOT_FOUND,
		  "Error selecting MIG config: selected mig-config not present: %s",
		  name);
	return NULL;
}
