/*
 * state_json.c - the state file: canonical JSON out, validated JSON in.
 *
 * The format is documented in docs/state-file.md.  Parsing rebuilds the
 * state through the same placement rules as live calls, so a file that
 * describes a layout the driver could never reach is refused, not loaded.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"

#define FORMAT_NAME "migctl-node"

static const char *const reset_names[] = {"auto", "passthrough", "passthrough-no-reset"};

/* Writing ------------------------------------------------------------------ */

static json_t *ci_to_json(const ci_rec *c)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "id", (json_int_t)c->id, "profile_id",
			 (json_int_t)c->profile, "start", (json_int_t)c->start, "size",
			 (json_int_t)c->slices);
}

static json_t *gi_to_json(const gi_rec *r)
{
	json_t *cis = json_array(), *o;

	for (unsigned i = 0; cis && i < r->nci; i++)
		if (json_array_append_new(cis, ci_to_json(&r->ci[i])))
			goto fail;
	o = json_pack("{s:I, s:I, s:s, s:I, s:I, s:o}", "id", (json_int_t)r->id, "profile_id",
		      (json_int_t)r->profile->id, "name", r->profile->name, "start",
		      (json_int_t)r->start, "size", (json_int_t)r->profile->size,
		      "compute_instances", cis);
	return o;
fail:
	json_decref(cis);
	return NULL;
}

static int pin_cmp(const void *a, const void *b)
{
	const uuid_pin *x = a, *y = b;

	return x->gi != y->gi ? x->gi - y->gi : x->ci - y->ci;
}

/* Only what the user fixed is written: an explicit GPU UUID, and pinned MIG UUIDs. */
static int identity_to_json(json_t *o, const gpu_rec *g)
{
	char derived[48];
	uuid_pin pins[MIG_MAX_PINS];
	json_t *map;

	mig__gpu_uuid(derived, g->serial);
	if (strcmp(derived, g->uuid) && json_object_set_new(o, "uuid", json_string(g->uuid)))
		return -1;
	if (!g->npin)
		return 0;
	memcpy(pins, g->pin, g->npin * sizeof(pins[0]));
	qsort(pins, g->npin, sizeof(pins[0]), pin_cmp);
	map = json_object();
	if (!map || json_object_set_new(o, "mig_uuids", map))
		return -1;
	for (unsigned i = 0; i < g->npin; i++) {
		char key[16];

		snprintf(key, sizeof(key), "%u/%u", pins[i].gi, pins[i].ci);
		if (json_object_set_new(map, key, json_string(pins[i].uuid)))
			return -1;
	}
	return 0;
}

/* "numa_node" and "cpus" only when set: files without them stay canonical. */
static int affinity_to_json(json_t *o, const gpu_rec *g)
{
	if (g->numa >= 0 && json_object_set_new(o, "numa_node", json_integer(g->numa)))
		return -1;
	if (g->cpus[0] && json_object_set_new(o, "cpus", json_string(g->cpus)))
		return -1;
	return 0;
}

static json_t *gpu_to_json(const gpu_rec *g)
{
	json_t *gis = json_array(), *o;

	for (unsigned i = 0; gis && i < g->ngi; i++) {
		if (json_array_append_new(gis, gi_to_json(&g->gi[i]))) {
			json_decref(gis);
			return NULL;
		}
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b}", "model", g->model->key,
		      "driver", g->driver, "serial", g->serial, "pci_bus_id", g->bus_id,
		      "mirrored", g->mirrored, "reset", reset_names[g->reset], "mig_current",
		      g->mig_current, "mig_pending", g->mig_pending);
	/* "persistence_mode" only when off (the default is on): older files stay canonical */
	if (o && g->persistence_off && json_object_set_new(o, "persistence_mode", json_false())) {
		json_decref(o);
		o = NULL;
	}
	if (o && affinity_to_json(o, g)) {
		json_decref(o);
		o = NULL;
	}
	if (!o || identity_to_json(o, g) || json_object_set_new(o, "gpu_instances", gis)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "load": {"since": UNIX-TIME, "text": DESCRIPTION} (docs/load.md) */
static int load_to_json(json_t *o, const mig_state *st, const mig_process *p)
{
	const mig_load_rec *r = mig__load_of(st, p);
	size_t len;
	const char *text;

	if (!r)
		return 0;
	text = mig_load_text(r->load, &len);
	return json_object_set_new(o, "load", json_pack("{s:f, s:s#}", "since", r->since, "text",
							 text, len));
}

static json_t *proc_to_json(const mig_state *st, const mig_process *p)
{
	json_t *share = mig__share_to_json(st, p);
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:I}", "pid", (json_int_t)p->pid,
			      "start_time", (json_int_t)p->start_time, "name", p->name,
			      "used_mib", (json_int_t)p->used_mib, "gpu", (json_int_t)p->gpu);

	if (!o) {
		json_decref(share);
		return NULL;
	}
	if (json_object_set_new(o, "gi", p->gi == MIG_NONE ? json_null()
						      : json_integer(p->gi)) ||
	    json_object_set_new(o, "ci", p->ci == MIG_NONE ? json_null()
						      : json_integer(p->ci)) ||
	    load_to_json(o, st, p)) {
		json_decref(o);
		json_decref(share);
		return NULL;
	}
	if (share && json_object_set_new(o, "share", share)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int mig_state_to_json(char **out, const mig_state *st)
{
	json_t *root, *gpus = json_array(), *procs = json_array();
	char *text;

	for (unsigned i = 0; gpus && i < st->ngpu; i++)
		if (json_array_append_new(gpus, gpu_to_json(&st->gpu[i])))
			goto oom;
	for (size_t i = 0; procs && i < st->nproc; i++)
		if (json_array_append_new(procs, proc_to_json(st, &st->proc[i])))
			goto oom;
	root = json_pack("{s:s, s:i, s:I, s:o, s:o}", "format", FORMAT_NAME, "version",
			 MIG_STATE_FORMAT, "generation", (json_int_t)st->generation, "gpus",
			 gpus, "processes", procs);
	gpus = procs = NULL;
	if (!root)
		goto oom;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		goto oom;
	*out = text;
	return MIG_SUCCESS;
oom:
	json_decref(gpus);
	json_decref(procs);
	return mig__fail(MIG_ERROR_MEMORY, "encoding the state: out of memory");
}

/* Reading ------------------------------------------------------------------ */

/* A non-negative integer member no larger than max, or -1 with a message. */
static long long get_uint(json_t *obj, const char *key, long long max, const char *where)
{
	json_t *v = json_object_get(obj, key);
	long long n;

	if (!json_is_integer(v)) {
		mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"%s\" must be an integer", where, key);
		return -1;
	}
	n = json_integer_value(v);
	if (n < 0 || n > max) {
		mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"%s\" = %lld is out of range 0..%lld",
			  where, key, n, max);
		return -1;
	}
	return n;
}

static const char *get_str(json_t *obj, const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"%s\" must be a string", where, key);
		return NULL;
	}
	return json_string_value(v);
}

static int get_bool(int *out, json_t *obj, const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_boolean(v))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"%s\" must be true or false",
				 where, key);
	*out = json_is_true(v);
	return MIG_SUCCESS;
}

/* Re-raise a nested refusal as corruption, keeping its reason. */
static int corrupt(const char *where)
{
	char why[400];

	snprintf(why, sizeof(why), "%s", mig_errmsg());
	return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: %s", where, why);
}

static int parse_ci(gi_rec *r, json_t *o, const char *where)
{
	mig_ci_profile_info cp;
	long long id, prof, start, size;

	if (!json_is_object(o))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: must be an object", where);
	if ((id = get_uint(o, "id", MIG_MAX_CIS - 1, where)) < 0 ||
	    (prof = get_uint(o, "profile_id", 255, where)) < 0 ||
	    (start = get_uint(o, "start", 15, where)) < 0 ||
	    (size = get_uint(o, "size", 16, where)) < 0)
		return MIG_ERROR_STATE_CORRUPT;
	if (mig__ci_profile(&cp, r->profile, (unsigned)prof))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: a %s GPU instance has no compute instance profile %lld", where,
				 r->profile->name, prof);
	if ((unsigned)size != cp.slices)
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: size %lld does not match profile %s (%u slices)", where, size,
				 cp.name, cp.slices);
	for (unsigned i = 0; i < r->nci; i++)
		if (r->ci[i].id == (unsigned)id)
			return mig__fail(MIG_ERROR_STATE_CORRUPT,
					 "%s: compute instance ID %lld appears twice", where, id);
	if (!mig__ci_fits(r, &cp, (unsigned)start))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: placement %lld:%lld of %s is illegal or overlaps another compute instance",
				 where, start, size, cp.name);
	mig__ci_insert(r, (unsigned)id, &cp, (unsigned)start);
	return MIG_SUCCESS;
}

static int parse_gi(mig_state *st, unsigned gpu, json_t *o, const char *where)
{
	gpu_rec *g = &st->gpu[gpu];
	const mig_gi_profile *p;
	json_t *cis;
	long long id, prof, start, size;
	const char *name;
	gi_rec *r;
	size_t i;
	json_t *c;
	char sub[256];

	if (!json_is_object(o))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: must be an object", where);
	if ((id = get_uint(o, "id", 14, where)) < 0 ||
	    (prof = get_uint(o, "profile_id", 65535, where)) < 0 ||
	    (start = get_uint(o, "start", 15, where)) < 0 ||
	    (size = get_uint(o, "size", 16, where)) < 0 || !(name = get_str(o, "name", where)))
		return MIG_ERROR_STATE_CORRUPT;
	if (mig_gpu_gi_profile_by_id(&p, st, gpu, (unsigned)prof))
		return corrupt(where);
	if (strcmp(name, p->name) || (unsigned)size != p->size)
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: profile %lld is %s of size %u, not %s of size %lld", where,
				 prof, p->name, p->size, name, size);
	if (!mig__gi_fits(g, p, (unsigned)start))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: %s at %lld:%lld is not a legal placement, or overlaps another GPU instance or its engines",
				 where, p->name, start, size);
	if (mig__gi_id_for(g, p, (unsigned)start) != (unsigned)id)
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: GPU instance ID %lld does not name placement %lld:%lld (that is GI %u on this %s board)",
				 where, id, start, size, mig__gi_id_for(g, p, (unsigned)start),
				 g->mirrored ? "mirrored" : "canonical");
	r = mig__gi_insert(g, (unsigned)id, p, (unsigned)start);
	cis = json_object_get(o, "compute_instances");
	if (!json_is_array(cis))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: \"compute_instances\" must be an array", where);
	json_array_foreach(cis, i, c) {
		int rc;

		snprintf(sub, sizeof(sub), "%s.compute_instances[%zu]", where, i);
		rc = parse_ci(r, c, sub);
		if (rc)
			return rc;
	}
	return MIG_SUCCESS;
}

static int parse_pins(mig_state *st, unsigned gpu, json_t *map, const char *where)
{
	const char *key;
	json_t *v;

	if (!map)
		return MIG_SUCCESS;
	if (!json_is_object(map))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"mig_uuids\" must be an object",
				 where);
	json_object_foreach(map, key, v) {
		unsigned gi = 0, ci = 0;
		char canon[24];

		sscanf(key, "%2u/%2u", &gi, &ci);
		snprintf(canon, sizeof(canon), "%u/%u", gi, ci);
		if (strcmp(canon, key) || !json_is_string(v))
			return mig__fail(MIG_ERROR_STATE_CORRUPT,
					 "%s: mig_uuids entry \"%s\" must map \"GI/CI\" to a UUID string",
					 where, key);
		if (mig_gpu_pin_mig_uuid(st, gpu, gi, ci, json_string_value(v)))
			return corrupt(where);
	}
	return MIG_SUCCESS;
}

static int parse_affinity(mig_gpu_spec *spec, json_t *o, const char *where)
{
	json_t *numa = json_object_get(o, "numa_node");

	if (numa) {
		if (!json_is_integer(numa) || json_integer_value(numa) < 0 ||
		    json_integer_value(numa) >= MIG_MAX_CPUS)
			return mig__fail(MIG_ERROR_STATE_CORRUPT,
					 "%s: \"numa_node\" must be an integer from 0 to %d", where,
					 MIG_MAX_CPUS - 1);
		spec->numa_node = (unsigned)json_integer_value(numa) + 1;
	}
	if (json_object_get(o, "cpus") && !(spec->cpus = get_str(o, "cpus", where)))
		return MIG_ERROR_STATE_CORRUPT;
	return MIG_SUCCESS;
}

static int parse_gpu(mig_state *st, json_t *o, const char *where)
{
	mig_gpu_spec spec = {0};
	const char *model, *reset;
	json_t *gis, *gi;
	gpu_rec *g;
	size_t i;
	int rc;
	char sub[128];

	if (!json_is_object(o))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: must be an object", where);
	if (!(model = get_str(o, "model", where)) || !(spec.driver = get_str(o, "driver", where)) ||
	    !(spec.serial = get_str(o, "serial", where)) ||
	    !(spec.pci_bus_id = get_str(o, "pci_bus_id", where)) ||
	    !(reset = get_str(o, "reset", where)))
		return MIG_ERROR_STATE_CORRUPT;
	spec.model = mig_catalog_find(model);
	if (!spec.model || strcmp(mig_model_key(spec.model), model))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: unknown GPU model \"%s\"", where,
				 model);
	for (spec.reset = MIG_RESET_AUTO; spec.reset <= MIG_RESET_UNSUPPORTED_VM; spec.reset++)
		if (!strcmp(reset, reset_names[spec.reset]))
			break;
	if (spec.reset > MIG_RESET_UNSUPPORTED_VM)
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: reset \"%s\" is not auto, passthrough or passthrough-no-reset",
				 where, reset);
	if ((rc = get_bool(&spec.mirrored, o, "mirrored", where)))
		return rc;
	if (json_object_get(o, "uuid") && !(spec.uuid = get_str(o, "uuid", where)))
		return MIG_ERROR_STATE_CORRUPT;
	if (json_object_get(o, "persistence_mode")) {
		int on = 1;

		if ((rc = get_bool(&on, o, "persistence_mode", where)))
			return rc;
		spec.persistence_off = !on;
	}
	if ((rc = parse_affinity(&spec, o, where)))
		return rc;
	if (mig_state_add_gpu(st, &spec))
		return corrupt(where);
	g = &st->gpu[st->ngpu - 1];
	if ((rc = parse_pins(st, st->ngpu - 1, json_object_get(o, "mig_uuids"), where)))
		return rc;
	if ((rc = get_bool(&g->mig_current, o, "mig_current", where)) ||
	    (rc = get_bool(&g->mig_pending, o, "mig_pending", where)))
		return rc;
	gis = json_object_get(o, "gpu_instances");
	if (!json_is_array(gis))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: \"gpu_instances\" must be an array",
				 where);
	if (json_array_size(gis) && !(g->mig_current && g->mig_pending))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: GPU instances exist but MIG mode is not enabled", where);
	json_array_foreach(gis, i, gi) {
		snprintf(sub, sizeof(sub), "%s.gpu_instances[%zu]", where, i);
		rc = parse_gi(st, st->ngpu - 1, gi, sub);
		if (rc)
			return rc;
	}
	return MIG_SUCCESS;
}

/* A process's optional load, as load_to_json writes it. */
static int parse_load(mig_state *st, const mig_process *p, json_t *o, const char *where)
{
	json_t *since = json_object_get(o, "since"), *text = json_object_get(o, "text");
	mig_load *load;

	if (!o)
		return MIG_SUCCESS;
	if (!json_is_object(o) || !json_is_number(since) || !json_is_string(text) ||
	    !(json_number_value(since) >= 0))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: \"load\" must be {\"since\": a Unix time, \"text\": a string}",
				 where);
	if (mig_load_parse(&load, json_string_value(text), json_string_length(text))) {
		char why[256];

		snprintf(why, sizeof(why), "%s", mig_errmsg());
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: %s", where, why);
	}
	return mig__load_put(st, p->pid, p->start_time, load, json_number_value(since));
}

static int parse_process(mig_state *st, json_t *o, const char *where)
{
	mig_process p;
	long long v;
	int rc;
	const char *name;
	json_t *gi, *ci;

	memset(&p, 0, sizeof(p));
	if (!json_is_object(o))
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: must be an object", where);
	if ((v = get_uint(o, "pid", 0x7fffffff, where)) <= 0)
		return v == 0 ? mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: pid 0", where)
			      : MIG_ERROR_STATE_CORRUPT;
	p.pid = (unsigned)v;
	if ((v = get_uint(o, "start_time", (long long)1 << 62, where)) < 0)
		return MIG_ERROR_STATE_CORRUPT;
	p.start_time = (unsigned long long)v;
	if ((v = get_uint(o, "used_mib", (long long)1 << 40, where)) < 0)
		return MIG_ERROR_STATE_CORRUPT;
	p.used_mib = (unsigned long long)v;
	if ((v = get_uint(o, "gpu", MIG_MAX_GPUS - 1, where)) < 0)
		return MIG_ERROR_STATE_CORRUPT;
	p.gpu = (unsigned)v;
	if (!(name = get_str(o, "name", where)))
		return MIG_ERROR_STATE_CORRUPT;
	mig__copy_name(p.name, sizeof(p.name), name, strlen(name));
	for (size_t i = 0; i < st->nproc; i++)
		if (st->proc[i].pid == p.pid && st->proc[i].gpu == p.gpu)
			return mig__fail(MIG_ERROR_STATE_CORRUPT,
					 "%s: pid %u is listed twice on GPU %u", where, p.pid, p.gpu);
	if (p.gpu >= st->ngpu)
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "%s: GPU %u does not exist", where,
				 p.gpu);
	gi = json_object_get(o, "gi");
	ci = json_object_get(o, "ci");
	if (json_is_null(gi) && json_is_null(ci)) {
		p.gi = p.ci = MIG_NONE;
	} else {
		gi_rec *r;
		unsigned i;

		if ((v = get_uint(o, "gi", 14, where)) < 0)
			return MIG_ERROR_STATE_CORRUPT;
		p.gi = (unsigned)v;
		if ((v = get_uint(o, "ci", MIG_MAX_CIS - 1, where)) < 0)
			return MIG_ERROR_STATE_CORRUPT;
		p.ci = (unsigned)v;
		r = mig__gi(&st->gpu[p.gpu], p.gi);
		for (i = 0; r && i < r->nci && r->ci[i].id != p.ci; i++)
			;
		if (!r || i == r->nci)
			return mig__fail(MIG_ERROR_STATE_CORRUPT,
					 "%s: GPU %u has no compute instance %u/%u", where, p.gpu,
					 p.gi, p.ci);
	}
	if ((rc = mig__process_append(st, &p)))
		return rc;
	if ((rc = parse_load(st, &p, json_object_get(o, "load"), where)))
		return rc;
	return mig__share_from_json(st, &p, json_object_get(o, "share"), where);
}

int mig_state_from_json(mig_state **out, const char *buf, size_t len)
{
	json_error_t jerr;
	json_t *root, *gpus, *procs, *v;
	mig_state *st = NULL;
	const char *fmt;
	long long version, gen;
	size_t i;
	int rc;
	char where[32];

	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return mig__fail(MIG_ERROR_STATE_CORRUPT, "line %d column %d: %s", jerr.line,
				 jerr.column, jerr.text);
	if (!json_is_object(root)) {
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT, "the top level must be an object");
		goto fail;
	}
	fmt = get_str(root, "format", "top level");
	if (!fmt || strcmp(fmt, FORMAT_NAME)) {
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT,
			       "not a migctl node state (\"format\" must be \"%s\")", FORMAT_NAME);
		goto fail;
	}
	v = json_object_get(root, "version");
	version = json_is_integer(v) ? json_integer_value(v) : -1;
	if (version > MIG_STATE_FORMAT) {
		rc = mig__fail(MIG_ERROR_STATE_VERSION,
			       "format version %lld is newer than this migctl reads (%d); upgrade migctl",
			       version, MIG_STATE_FORMAT);
		goto fail;
	}
	if (version < 1) {
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT, "\"version\" must be an integer from 1");
		goto fail;
	}
	rc = MIG_ERROR_STATE_CORRUPT;
	if ((gen = get_uint(root, "generation", (long long)1 << 62, "top level")) < 0)
		goto fail;
	if ((rc = mig_state_new(&st)))
		goto fail;
	st->generation = (uint64_t)gen;
	gpus = json_object_get(root, "gpus");
	procs = json_object_get(root, "processes");
	if (!json_is_array(gpus) || !json_is_array(procs)) {
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT,
			       "\"gpus\" and \"processes\" must be arrays");
		goto fail;
	}
	if (json_array_size(gpus) > MIG_MAX_GPUS) {
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT, "more than %d GPUs", MIG_MAX_GPUS);
		goto fail;
	}
	json_array_foreach(gpus, i, v) {
		snprintf(where, sizeof(where), "gpus[%zu]", i);
		if ((rc = parse_gpu(st, v, where)))
			goto fail;
	}
	json_array_foreach(procs, i, v) {
		snprintf(where, sizeof(where), "processes[%zu]", i);
		if ((rc = parse_process(st, v, where)))
			goto fail;
	}
	json_decref(root);
	*out = st;
	return MIG_SUCCESS;
fail:
	json_decref(root);
	mig_state_free(st);
	return rc;
}
