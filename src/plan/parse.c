/*
 * parse.c - fleet and demand files, JSON or YAML (docs/planning.md "Files",
 * docs/schemas/fleet.schema.json, demand.schema.json).
 *
 * Both go through the layout library's YAML reader (libyaml; JSON is
 * YAML's flow style), which keeps where every node starts, so a refusal
 * names FILE:LINE:COL, the path of the value (requests[2].count), what was
 * wrong and what is allowed.  Unknown keys are refused, not ignored: a
 * misspelt "priorty" would otherwise silently plan at priority 1.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "mig_internal.h"
#include "plan_int.h"
#include "ytree.h"

typedef struct pctx {
	const char *file;
	int code;                /* the mig_error of the refusal */
} pctx;

__attribute__((format(printf, 4, 5)))
static int fail(pctx *c, const ynode *n, const char *path, const char *fmt, ...)
{
	char why[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n)
		mig__fail(c->code, "%s:%u:%u: %s: %s", c->file, n->line, n->col,
			  *path ? path : "(top level)", why);
	else
		mig__fail(c->code, "%s: %s: %s", c->file, *path ? path : "(top level)", why);
	return -1;
}

static int oom(pctx *c, const ynode *n, const char *path)
{
	c->code = MIG_ERROR_MEMORY;
	return fail(c, n, path, "out of memory");
}

static const char *kind_name(const ynode *n)
{
	switch (n ? n->kind : Y_NULL) {
	case Y_NULL: return "null";
	case Y_BOOL: return "a boolean";
	case Y_INT:
	case Y_UINT: return "an integer";
	case Y_FLOAT: return "a number";
	case Y_STR: return "a string";
	case Y_SEQ: return "a list";
	case Y_MAP: return "a map";
	}
	return "a value";
}

/* Paths and lists go through vsnprintf: they are cut, never overrun, when absurdly long. */
__attribute__((format(printf, 3, 4)))
static void textf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static void join(char *buf, size_t len, const char *path, const char *key)
{
	textf(buf, len, "%s%s%s", path, *path ? "." : "", key);
}

/* A map whose keys are all among `allowed` (NULL-terminated). */
static int want_map(pctx *c, const ynode *n, const char *path, const char *const *allowed)
{
	if (!n || n->kind != Y_MAP)
		return fail(c, n, path, "expected a map, got %s", kind_name(n));
	for (size_t i = 0; i < n->n; i++) {
		size_t a;

		for (a = 0; allowed[a] && strcmp(allowed[a], n->key[i]->s); a++)
			;
		if (!allowed[a]) {
			char list[512] = "";

			for (a = 0; allowed[a]; a++)
				textf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 a ? ", " : "", allowed[a]);
			return fail(c, n->key[i], path, "unknown key '%s'; allowed: %s", n->key[i]->s,
				    list);
		}
	}
	return 0;
}

static int get_int(pctx *c, const ynode *map, const char *key, const char *path, long long lo,
		   long long hi, long long def, long long *out)
{
	const ynode *v = ytree_get(map, key);
	char p[256];

	*out = def;
	if (!v)
		return 0;
	join(p, sizeof(p), path, key);
	if (v->kind != Y_INT || v->i < lo || v->i > hi) {
		char got[64];

		if (v->kind == Y_INT)
			snprintf(got, sizeof(got), "%lld", (long long)v->i);
		else
			snprintf(got, sizeof(got), "%s", kind_name(v));
		return fail(c, v, p, "expected an integer from %lld to %lld, got %s", lo, hi, got);
	}
	*out = v->i;
	return 0;
}

static int get_num(pctx *c, const ynode *map, const char *key, const char *path, double lo,
		   double hi, double *out)
{
	const ynode *v = ytree_get(map, key);
	char p[256];
	double x;

	*out = 0;
	if (!v)
		return 0;
	join(p, sizeof(p), path, key);
	x = v->kind == Y_INT ? (double)v->i : v->kind == Y_FLOAT ? v->f : NAN;
	if (!(x > lo && x <= hi))
		return fail(c, v, p, "expected a number above %g and at most %g, got %s", lo, hi,
			    kind_name(v));
	*out = x;
	return 0;
}

static int get_bool(pctx *c, const ynode *map, const char *key, const char *path, int def,
		    int *out)
{
	const ynode *v = ytree_get(map, key);
	char p[256];

	*out = def;
	if (!v)
		return 0;
	join(p, sizeof(p), path, key);
	if (v->kind != Y_BOOL)
		return fail(c, v, p, "expected true or false, got %s", kind_name(v));
	*out = v->b;
	return 0;
}

/* A string of 1..max printable bytes. */
static int get_str(pctx *c, const ynode *map, const char *key, const char *path, size_t max,
		   int required, const char **out)
{
	const ynode *v = ytree_get(map, key);
	char p[256];

	*out = NULL;
	join(p, sizeof(p), path, key);
	if (!v) {
		if (required)
			return fail(c, map, path, "missing '%s'", key);
		return 0;
	}
	if (v->kind != Y_STR)
		return fail(c, v, p, "expected a string, got %s", kind_name(v));
	if (!v->len || v->len > max || strlen(v->s) != v->len)
		return fail(c, v, p, "expected 1 to %zu characters without NUL", max);
	for (size_t i = 0; i < v->len; i++)
		if ((unsigned char)v->s[i] < 0x20 || v->s[i] == 0x7f)
			return fail(c, v, p, "control characters are not allowed");
	*out = v->s;
	return 0;
}

static int get_list(pctx *c, const ynode *map, const char *key, const char *path, char ***out,
		    size_t *n)
{
	const ynode *v = ytree_get(map, key);
	char p[256], q[300];

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	join(p, sizeof(p), path, key);
	if (v->kind != Y_SEQ || !v->n)
		return fail(c, v, p, "expected a non-empty list of strings, got %s%s", kind_name(v),
			    v->kind == Y_SEQ ? " that is empty" : "");
	if (!(*out = calloc(v->n, sizeof(**out))))
		return oom(c, v, p);
	for (size_t i = 0; i < v->n; i++) {
		const ynode *e = v->item[i];

		textf(q, sizeof(q), "%s[%zu]", p, i);
		if (e->kind != Y_STR || !e->len || e->len > 200 || strlen(e->s) != e->len)
			return fail(c, e, q, "expected a string of 1 to 200 characters, got %s",
				    kind_name(e));
		if (!((*out)[i] = strdup(e->s)))
			return oom(c, e, q);
		(*n)++;
	}
	return 0;
}

static int parse_root(pctx *c, ydoc **doc, const ynode **root, const char *buf, size_t len,
		      const char *schema, const char *list_key)
{
	unsigned line = 0, col = 0;
	const ynode *v;

	if ((c->code = ytree_parse(doc, buf, len, &line, &col)) != 0) {
		if (line)
			mig__fail(c->code, "%s:%u:%u: %s", c->file, line, col, mig_errmsg());
		else
			mig__fail(c->code, "%s: %s", c->file, mig_errmsg());
		return -1;
	}
	c->code = MIG_ERROR_INVALID_ARGUMENT;
	*root = ytree_root(*doc);
	if (!*root)
		return fail(c, NULL, "", "the file is empty; expected a map with '%s'", list_key);
	{
		const char *allowed[] = {"schema", list_key, NULL};

		if (want_map(c, *root, "", allowed))
			return -1;
	}
	v = ytree_get(*root, "schema");
	if (v && (v->kind != Y_STR || strcmp(v->s, schema)))
		return fail(c, v, "schema", "expected \"%s\"", schema);
	v = ytree_get(*root, list_key);
	if (!v || v->kind != Y_SEQ)
		return fail(c, v ? v : *root, v ? list_key : "",
			    v ? "expected a list, got %s" : "missing '%s' (a list)",
			    v ? kind_name(v) : list_key);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Demand                                                             */
/* ------------------------------------------------------------------ */

size_t migplan_demand_count(const migplan_demand *d)
{
	return d ? d->n : 0;
}

static const char *const req_keys[] = {"id", "count", "priority", "profile", "memory_gib",
				       "memory_mib", "compute", "sms", "media", "models",
				       "nodes", "gpus", NULL};

static int parse_req(pctx *c, mp_req *r, const ynode *n, const char *path)
{
	const char *s;
	long long v;
	double gib;

	if (want_map(c, n, path, req_keys))
		return -1;
	r->line = n->line;
	r->col = n->col;
	if (get_str(c, n, "id", path, 128, 1, &s) || !(r->id = strdup(s)))
		return -1;
	if (get_int(c, n, "count", path, 1, 1000000, 1, &v))
		return -1;
	r->count = (unsigned)v;
	if (get_int(c, n, "priority", path, 1, 1000, 1, &v))
		return -1;
	r->priority = (unsigned)v;
	if (get_str(c, n, "profile", path, 47, 0, &s))
		return -1;
	if (s && !(r->profile = strdup(s)))
		return fail(c, n, path, "out of memory");
	if (get_num(c, n, "memory_gib", path, 0, 1e6, &gib) ||
	    get_int(c, n, "memory_mib", path, 1, 1000000000, 0, &v))
		return -1;
	if (gib && v)
		return fail(c, ytree_get(n, "memory_mib"), path, "give memory_gib or memory_mib, not both");
	r->memory_mib = v ? (uint64_t)v : (uint64_t)ceil(gib * 1024);
	if (get_num(c, n, "compute", path, 0, 1, &r->compute) ||
	    get_int(c, n, "sms", path, 1, 100000, 0, &v))
		return -1;
	r->sms = (unsigned)v;
	if (get_bool(c, n, "media", path, 0, &r->media))
		return -1;
	if (r->profile && (r->memory_mib || r->compute > 0 || r->sms || ytree_get(n, "media")))
		return fail(c, n, path, "a request names a profile or its needs (memory_gib, memory_mib, compute, sms, media), not both");
	if (!r->profile && !r->memory_mib && !(r->compute > 0) && !r->sms && !r->media)
		return fail(c, n, path, "a request needs 'profile' or at least one of memory_gib, memory_mib, compute, sms, media");
	if (r->compute > 0 && r->sms)
		return fail(c, ytree_get(n, "sms"), path, "give compute (a share of the GPU) or sms, not both");
	if (get_list(c, n, "models", path, &r->models, &r->nmodels))
		return -1;
	for (size_t k = 0; k < r->nmodels; k++)
		if (!mig_catalog_find(r->models[k])) {
			char p[300];

			textf(p, sizeof(p), "%s.models[%zu]", path, k);
			return fail(c, ytree_get(n, "models")->item[k], p,
				    "unknown GPU model '%s'; allowed: a catalog key such as H100-SXM5-80GB (migctl emulate models lists them)",
				    r->models[k]);
		}
	if (get_list(c, n, "nodes", path, &r->nodes, &r->nnodes) ||
	    get_list(c, n, "gpus", path, &r->gpus, &r->ngpus))
		return -1;
	return 0;
}

int migplan_demand_parse(migplan_demand **out, const char *buf, size_t len, const char *filename)
{
	pctx c = {filename ? filename : "demand", MIG_ERROR_INVALID_ARGUMENT};
	migplan_demand *d = calloc(1, sizeof(*d));
	ydoc *doc = NULL;
	const ynode *root, *list;
	int rc = -1;

	*out = NULL;
	if (!d)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if (parse_root(&c, &doc, &root, buf, len, "migctl.demand/1", "requests"))
		goto done;
	list = ytree_get(root, "requests");
	if (list->n && !(d->req = calloc(list->n, sizeof(*d->req)))) {
		c.code = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		goto done;
	}
	d->cap = list->n;
	for (size_t i = 0; i < list->n; i++) {
		char path[64];

		snprintf(path, sizeof(path), "requests[%zu]", i);
		d->n++;
		if (parse_req(&c, &d->req[i], list->item[i], path))
			goto done;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(d->req[k].id, d->req[i].id)) {
				fail(&c, ytree_get(list->item[i], "id"), path,
				     "id '%s' is already used by requests[%zu]; ids are unique", d->req[i].id, k);
				goto done;
			}
	}
	rc = 0;
	*out = d;
	d = NULL;
done:
	ytree_free(doc);
	migplan_demand_free(d);
	return rc ? c.code : MIG_SUCCESS;
}

/* Read a file ("-" = standard input) and hand it to a parser. */
static int read_then(void **out, const char *path,
		     int (*parse)(void **, const char *, size_t, const char *))
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = layout_slurp(&buf, &len, path)) != 0)
		return rc;
	rc = parse(out, buf, len, path);
	free(buf);
	return rc;
}

static int parse_demand_any(void **out, const char *buf, size_t len, const char *file)
{
	return migplan_demand_parse((migplan_demand **)out, buf, len, file);
}

int migplan_demand_read(migplan_demand **out, const char *path)
{
	void *d;
	int rc = read_then(&d, path, parse_demand_any);

	*out = d;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Fleet                                                              */
/* ------------------------------------------------------------------ */

static const char *const node_keys[] = {"name", "gpus", NULL};
static const char *const gpu_keys[] = {"index", "uuid", "model", "driver", "mig", "processes",
				       "instances", NULL};
static const char *const gi_keys[] = {"gi", "profile", "start", "busy", "held_by", "priority",
				      "age_s", "cis", NULL};
static const char *const ci_keys[] = {"ci", "profile_id", "start", "size", "uuid", "processes",
				      NULL};

static int parse_ci(pctx *c, const mp_lattice *l, mp_gi *gi, const ynode *n, const char *path,
		    size_t pos)
{
	mig_ci_profile_info cis[MIG_MAX_CI_PROFILES];
	size_t ncis = 0, k;
	mp_ci *ci = &gi->ci[gi->nci];
	const char *s;
	long long v;

	if (mig_gi_profile_ci_profiles(cis, MIG_MAX_CI_PROFILES, &ncis, l->prof[gi->prof]) != MIG_SUCCESS)
		ncis = 0;
	if (want_map(c, n, path, ci_keys))
		return -1;
	memset(ci, 0, sizeof(*ci));
	if (get_int(c, n, "ci", path, 0, 7, (long long)pos, &v))
		return -1;
	ci->id = (unsigned)v;
	if (get_int(c, n, "profile_id", path, 0, 15, l->full_ci[gi->prof], &v))
		return -1;
	ci->profile = (unsigned)v;
	for (k = 0; k < ncis && cis[k].id != ci->profile; k++)
		;
	if (k == ncis || k == 16) {
		char list[128] = "";

		for (k = 0; k < ncis; k++)
			textf(list + strlen(list), sizeof(list) - strlen(list), "%s%u (%s)",
				 k ? ", " : "", cis[k].id, cis[k].name);
		return fail(c, ytree_get(n, "profile_id") ? ytree_get(n, "profile_id") : n, path,
			    "no CI profile %u in a %s GPU instance; allowed: %s", ci->profile,
			    l->info[gi->prof].name, list);
	}
	if (get_int(c, n, "start", path, 0, 7, 0, &v))
		return -1;
	ci->start = (unsigned)v;
	if (get_int(c, n, "size", path, 1, 8, cis[k].slices, &v))
		return -1;
	ci->size = (unsigned)v;
	if (get_int(c, n, "processes", path, 0, 1000000, 0, &v))
		return -1;
	ci->procs = (unsigned)v;
	if (get_str(c, n, "uuid", path, 47, 0, &s))
		return -1;
	if (s)
		snprintf(ci->uuid, sizeof(ci->uuid), "%s", s);
	gi->nci++;
	return 0;
}

/* The GI's "profile": one of the model's GPU instance profiles, by name. */
static int gi_profile(pctx *c, const mp_lattice *l, const ynode *n, const char *path, int *p)
{
	const char *s;
	char list[512] = "", q[300];

	if (get_str(c, n, "profile", path, 47, 1, &s))
		return -1;
	if ((*p = mp_lattice_profile(l, s)) >= 0)
		return 0;
	for (size_t k = 0; k < l->nprof; k++)
		textf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", k ? ", " : "",
		      l->info[k].name);
	join(q, sizeof(q), path, "profile");
	return fail(c, ytree_get(n, "profile"), q, "%s has no GPU instance profile '%s'; allowed: %s",
		    mig_model_key(l->model), s, list);
}

/* The GI's "start": required, and one of the profile's placements. */
static int gi_start(pctx *c, const mp_lattice *l, const ynode *n, const char *path, mp_gi *gi)
{
	char list[128] = "", q[300];
	long long v;

	if (get_int(c, n, "start", path, 0, 31, -1, &v))
		return -1;
	if (v < 0)
		return fail(c, n, path, "missing 'start' (the GI's placement start)");
	gi->start = (unsigned)v;
	if (mp_lattice_item(l, gi->prof, gi->start) >= 0)
		return 0;
	for (unsigned st = 0; st < 32; st++)
		if (l->info[gi->prof].placements >> st & 1)
			textf(list + strlen(list), sizeof(list) - strlen(list), "%s%u",
			      *list ? ", " : "", st);
	join(q, sizeof(q), path, "start");
	return fail(c, ytree_get(n, "start"), q, "a %s GPU instance cannot start at %u; allowed: %s",
		    l->info[gi->prof].name, gi->start, list);
}

/* The GI's "cis": absent means one CI over the whole GI (its full profile). */
static int gi_cis(pctx *c, const mp_lattice *l, mp_gi *gi, const ynode *n, const char *path)
{
	const ynode *cis = ytree_get(n, "cis");
	char q[300];

	if (!cis) {
		gi->nci = 1;
		gi->ci[0].profile = l->full_ci[gi->prof];
		gi->ci[0].size = l->info[gi->prof].slices;
		return 0;
	}
	if (cis->kind != Y_SEQ || cis->n > MP_MAX_CI) {
		join(q, sizeof(q), path, "cis");
		return fail(c, cis, q, "expected a list of at most %d compute instances", MP_MAX_CI);
	}
	for (size_t k = 0; k < cis->n; k++) {
		textf(q, sizeof(q), "%s.cis[%zu]", path, k);
		if (parse_ci(c, l, gi, cis->item[k], q, k))
			return -1;
	}
	return 0;
}

static int parse_gi(pctx *c, mp_gpu *g, const ynode *n, const char *path)
{
	const mp_lattice *l = g->lat;
	mp_gi *gi = &g->gi[g->ngi];
	const char *s;
	long long v;
	double age;
	int p;

	if (want_map(c, n, path, gi_keys))
		return -1;
	memset(gi, 0, sizeof(*gi));
	if (gi_profile(c, l, n, path, &p))
		return -1;
	gi->prof = (unsigned)p;
	if (gi_start(c, l, n, path, gi))
		return -1;
	if (get_int(c, n, "gi", path, 0, 14, -1, &v))
		return -1;
	gi->id = v < 0 ? MIG_NONE : (unsigned)v;
	if (get_bool(c, n, "busy", path, 0, &gi->busy))
		return -1;
	if (get_str(c, n, "held_by", path, 63, 0, &s))
		return -1;
	if (s)
		snprintf(gi->holder, sizeof(gi->holder), "%s", s);
	if (get_int(c, n, "priority", path, 1, 1000, 1, &v))
		return -1;
	gi->priority = (unsigned)v;
	if (get_num(c, n, "age_s", path, -1e-300, 1e12, &age))
		return -1;
	gi->age_s = age;
	if (gi_cis(c, l, gi, n, path))
		return -1;
	g->ngi++;
	return 0;
}

static int parse_gpu(pctx *c, migplan_fleet *f, const ynode *n, const char *path, size_t pos)
{
	const mig_model *m;
	const ynode *list;
	const char *s, *driver;
	long long v;
	mp_gpu *g;

	if (want_map(c, n, path, gpu_keys))
		return -1;
	if (get_str(c, n, "model", path, 63, 1, &s))
		return -1;
	if (!(m = mig_catalog_find(s)))
		return fail(c, ytree_get(n, "model"), path,
			    "unknown GPU model '%s'; allowed: a catalog key such as H100-SXM5-80GB (migctl emulate models lists them)", s);
	if (get_str(c, n, "driver", path, 31, 0, &driver))
		return -1;
	if (driver) {
		uint32_t d;

		if (mig_driver_parse(&d, driver))
			return fail(c, ytree_get(n, "driver"), path, "driver '%s': %s", driver, mig_errmsg());
	}
	if (!(g = mp_fleet_add_gpu(f)))
		return fail(c, n, path, "out of memory");
	if (!(g->lat = mp_fleet_lattice(f, m, driver)))
		return fail(c, n, path, "%s", mig_errmsg());
	if (get_int(c, n, "index", path, 0, 63, (long long)pos, &v))
		return -1;
	g->index = (unsigned)v;
	for (size_t k = f->node[g->node].first; k + 1 < f->ngpu; k++)
		if (f->gpu[k].index == g->index)
			return fail(c, n, path, "GPU index %u appears twice on this node", g->index);
	if (get_str(c, n, "uuid", path, 47, 0, &s))
		return -1;
	if (s)
		snprintf(g->uuid, sizeof(g->uuid), "%s", s);
	else
		snprintf(g->uuid, sizeof(g->uuid), "GPU-%08zx-0000-4000-8000-%012x", g->node,
			 g->index);
	if (get_bool(c, n, "mig", path, 1, &g->mig) ||
	    get_int(c, n, "processes", path, 0, 1000000, 0, &v))
		return -1;
	g->gpu_procs = (unsigned)v;
	list = ytree_get(n, "instances");
	if (list) {
		char q[300];

		join(q, sizeof(q), path, "instances");
		if (list->kind != Y_SEQ || list->n > MP_MAX_GI)
			return fail(c, list, q, "expected a list of at most %d GPU instances", MP_MAX_GI);
		if (list->n && !g->mig)
			return fail(c, list, q, "a GPU with MIG disabled has no instances");
		for (size_t k = 0; k < list->n; k++) {
			char r[320];

			textf(r, sizeof(r), "%s[%zu]", q, k);
			if (parse_gi(c, g, list->item[k], r))
				return -1;
		}
	}
	for (size_t k = 0; k < g->ngi; k++)
		if (g->gi[k].id == MIG_NONE)
			g->gi[k].id = mp_canonical_gi(g->lat, g->gi[k].prof, g->gi[k].start);
	if (mp_gpu_masks(g))
		return fail(c, ytree_get(n, "instances"), path, "%s", mig_errmsg());
	return 0;
}

int migplan_fleet_parse(migplan_fleet **out, const char *buf, size_t len, const char *filename)
{
	pctx c = {filename ? filename : "fleet", MIG_ERROR_INVALID_ARGUMENT};
	migplan_fleet *f = mp_fleet_new();
	ydoc *doc = NULL;
	const ynode *root, *nodes;
	int rc = -1;

	*out = NULL;
	if (!f)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if (parse_root(&c, &doc, &root, buf, len, "migctl.fleet/1", "nodes"))
		goto done;
	nodes = ytree_get(root, "nodes");
	for (size_t i = 0; i < nodes->n; i++) {
		const ynode *n = nodes->item[i], *gpus;
		const char *name;
		char path[64];

		snprintf(path, sizeof(path), "nodes[%zu]", i);
		if (want_map(&c, n, path, node_keys) || get_str(&c, n, "name", path, 128, 1, &name))
			goto done;
		for (size_t k = 0; k < f->nnode; k++)
			if (!strcmp(f->node[k].name, name)) {
				fail(&c, ytree_get(n, "name"), path, "node name '%s' is already used by nodes[%zu]",
				     name, k);
				goto done;
			}
		if (mp_fleet_add_node(f, name)) {
			oom(&c, n, path);
			goto done;
		}
		gpus = ytree_get(n, "gpus");
		if (!gpus || gpus->kind != Y_SEQ) {
			fail(&c, gpus ? gpus : n, path, gpus ? "gpus: expected a list, got %s" : "missing 'gpus'%s",
			     gpus ? kind_name(gpus) : "");
			goto done;
		}
		for (size_t k = 0; k < gpus->n; k++) {
			char q[96];

			textf(q, sizeof(q), "%s.gpus[%zu]", path, k);
			if (parse_gpu(&c, f, gpus->item[k], q, k))
				goto done;
		}
	}
	rc = 0;
	*out = f;
	f = NULL;
done:
	ytree_free(doc);
	migplan_fleet_free(f);
	return rc ? c.code : MIG_SUCCESS;
}

static int parse_fleet_any(void **out, const char *buf, size_t len, const char *file)
{
	return migplan_fleet_parse((migplan_fleet **)out, buf, len, file);
}

int migplan_fleet_read(migplan_fleet **out, const char *path)
{
	void *f;
	int rc = read_then(&f, path, parse_fleet_any);

	*out = f;
	return rc;
}
