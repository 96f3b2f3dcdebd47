/*
 * snapshot.c - exact layouts: taking them from a state and the checkpoint
 * JSON (§parted-5.2).
 *
 * The file is mig-parted's checkpoint, field for field (Go field names,
 * NVML GI profile enum values, compact, no trailing newline), plus three
 * fields mig-parted's decoder ignores: the GI "ID", and a CI's "ID" and
 * "Placement".  So mig-parted can restore what migctl checkpoints, and
 * migctl restores mig-parted's checkpoints (without IDs, the driver's
 * choice stands).  Schema: docs/schemas/checkpoint.schema.json.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mig_internal.h"
#include "layout.h"

static int cmp_gi(const void *a, const void *b)
{
	const layout_snap_gi *x = a, *y = b;

	if (x->nvml_profile != y->nvml_profile)
		return x->nvml_profile < y->nvml_profile ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_ci(const void *a, const void *b)
{
	const layout_snap_ci *x = a, *y = b;

	if (x->profile != y->profile)
		return x->profile < y->profile ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

int layout_snapshot_take(layout_snapshot **out, const mig_state *st, const unsigned *gpus,
			 size_t ngpus)
{
	layout_snapshot *s = calloc(1, sizeof(*s));
	unsigned n = mig_state_gpu_count(st);

	*out = NULL;
	if (!gpus)
		ngpus = n;
	if (!s || !(s->gpu = calloc(ngpus ? ngpus : 1, sizeof(*s->gpu)))) {
		free(s);
		return MIG_ERROR_MEMORY;
	}
	for (size_t i = 0; i < ngpus; i++) {
		unsigned gpu = gpus ? gpus[i] : (unsigned)i;
		layout_snap_gpu *sg = &s->gpu[s->ngpu];
		layout_gpu_have h;
		mig_gpu_info g;
		int rc;

		if ((rc = mig_gpu_get(&g, st, gpu)) || (rc = layout_gpu_read(&h, st, gpu))) {
			layout_snapshot_free(s);
			return rc;
		}
		snprintf(sg->uuid, sizeof(sg->uuid), "%s", g.uuid);
		sg->mig = g.mig_current;
		for (size_t k = 0; k < h.ngi; k++) {
			layout_snap_gi *sgi = &sg->gi[sg->ngi++];
			mig_gi_profile_info info;

			mig_gi_profile_get(h.gi[k].p, &info);
			sgi->nvml_profile = info.nvml_index;
			sgi->at = h.gi[k].at;
			sgi->id = (int)h.gi[k].id;
			for (size_t c = 0; c < h.gi[k].nci; c++) {
				layout_snap_ci *sc = &sgi->ci[sgi->nci++];

				sc->profile = h.gi[k].ci[c].profile;
				sc->id = (int)h.gi[k].ci[c].id;
				sc->start = (int)h.gi[k].ci[c].at.start;
				sc->size = h.gi[k].ci[c].at.size;
			}
			qsort(sgi->ci, sgi->nci, sizeof(sgi->ci[0]), cmp_ci);
		}
		/* mig-parted's walk order: GI profile, then the driver's order (ID). */
		qsort(sg->gi, sg->ngi, sizeof(sg->gi[0]), cmp_gi);
		s->ngpu++;
	}
	*out = s;
	return MIG_SUCCESS;
}

void layout_snapshot_free(layout_snapshot *s)
{
	if (!s)
		return;
	free(s->gpu);
	free(s);
}

static json_t *placement(unsigned start, unsigned size)
{
	json_t *p = json_object();

	json_object_set_new(p, "Start", json_integer(start));
	json_object_set_new(p, "Size", json_integer(size));
	return p;
}

int layout_snapshot_json(char **out, const layout_snapshot *s)
{
	json_t *root = json_object(), *state = json_object(), *devs = json_array();

	*out = NULL;
	if (!root || !state || !devs) {
		json_decref(root);
		json_decref(state);
		json_decref(devs);
		return MIG_ERROR_MEMORY;
	}
	json_object_set_new(root, "Version", json_string("v1"));
	for (size_t i = 0; i < s->ngpu; i++) {
		const layout_snap_gpu *g = &s->gpu[i];
		json_t *d = json_object(), *gis;

		json_object_set_new(d, "UUID", json_string(g->uuid));
		json_object_set_new(d, "MigMode", json_integer(g->mig ? 1 : 0));
		if (!g->mig || g->ngi == 0) {
			gis = json_null();
		} else {
			gis = json_array();
			for (size_t k = 0; k < g->ngi; k++) {
				const layout_snap_gi *gi = &g->gi[k];
				json_t *o = json_object(), *cis = gi->nci ? json_array() : json_null();

				json_object_set_new(o, "ProfileID", json_integer(gi->nvml_profile));
				json_object_set_new(o, "Placement", placement(gi->at.start, gi->at.size));
				for (size_t c = 0; c < gi->nci; c++) {
					json_t *co = json_object();

					json_object_set_new(co, "ProfileID", json_integer(gi->ci[c].profile));
					json_object_set_new(co, "EngProfileID", json_integer(0));
					if (gi->ci[c].id >= 0)
						json_object_set_new(co, "ID", json_integer(gi->ci[c].id));
					if (gi->ci[c].start >= 0)
						json_object_set_new(co, "Placement",
								    placement((unsigned)gi->ci[c].start,
									      gi->ci[c].size));
					json_array_append_new(cis, co);
				}
				json_object_set_new(o, "ComputeInstances", cis);
				if (gi->id >= 0)
					json_object_set_new(o, "ID", json_integer(gi->id));
				json_array_append_new(gis, o);
			}
		}
		json_object_set_new(d, "GpuInstances", gis);
		json_array_append_new(devs, d);
	}
	json_object_set_new(state, "Devices", devs);
	json_object_set_new(root, "MigState", state);
	*out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return *out ? MIG_SUCCESS : MIG_ERROR_MEMORY;
}

/* Go's decoder matches field names case-insensitively; so do we. */
static json_t *field(json_t *obj, const char *name)
{
	const char *k;
	json_t *v, *found = NULL;

	json_object_foreach(obj, k, v)
		if (!strcasecmp(k, name))
			found = v; /* the last one wins, as in Go */
	return found;
}

static int get_uint(unsigned *out, json_t *obj, const char *name, const char *where, int required)
{
	json_t *v = field(obj, name);

	if (!v || json_is_null(v)) {
		if (required) {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: %s is missing", where, name);
			return -1;
		}
		return 1;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 0xFFFF) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			  "%s: %s is not a small non-negative integer", where, name);
		return -1;
	}
	*out = (unsigned)json_integer_value(v);
	return 0;
}

static int get_placement(mig_placement *out, json_t *obj, const char *where, int required)
{
	json_t *p = field(obj, "Placement");
	char w[128];

	if (!p || json_is_null(p)) {
		if (required) {
			mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: Placement is missing", where);
			return -1;
		}
		return 1;
	}
	if (!json_is_object(p)) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: Placement is not an object", where);
		return -1;
	}
	snprintf(w, sizeof(w), "%s.Placement", where);
	if (get_uint(&out->start, p, "Start", w, 1) ||
	    get_uint(&out->size, p, "Size", w, 1))
		return -1;
	return 0;
}

/* A list field that may be absent or null, of at most max entries; -1 if not. */
static int get_list(json_t **out, json_t *obj, const char *name, size_t max, const char *where,
		    const char *too_many)
{
	json_t *v = field(obj, name);

	if (v && !json_is_null(v) && !json_is_array(v))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: %s is not a list", where, name);
	if (v && json_array_size(v) > max)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: %s", where, too_many);
	*out = v;
	return 0;
}

static int parse_ci(layout_snap_ci *ci, json_t *co, const char *where)
{
	mig_placement at;
	unsigned id, eng;
	int r;

	if (!json_is_object(co))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: not an object", where);
	if (get_uint(&ci->profile, co, "ProfileID", where, 1) < 0)
		return -1;
	/* Engine profile: read by NVML as an integer; only 0 exists. */
	if ((r = get_uint(&eng, co, "EngProfileID", where, 0)) < 0)
		return -1;
	if (r == 0 && eng != 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: EngProfileID must be 0", where);
	if ((r = get_uint(&id, co, "ID", where, 0)) < 0)
		return -1;
	ci->id = r == 0 ? (int)id : -1;
	if ((r = get_placement(&at, co, where, 0)) < 0)
		return -1;
	ci->start = r == 0 ? (int)at.start : -1;
	ci->size = r == 0 ? at.size : 0;
	return 0;
}

static int parse_gi(layout_snap_gi *gi, json_t *o, const char *where)
{
	json_t *cis = NULL;
	unsigned id;
	int r;

	if (!json_is_object(o))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: not an object", where);
	if (get_uint(&gi->nvml_profile, o, "ProfileID", where, 1) < 0 ||
	    get_placement(&gi->at, o, where, 1) < 0)
		return -1;
	if ((r = get_uint(&id, o, "ID", where, 0)) < 0)
		return -1;
	gi->id = r == 0 ? (int)id : -1;
	if (get_list(&cis, o, "ComputeInstances", LAYOUT_MAX_CI, where,
		     "more compute instances than a GI holds"))
		return -1;
	for (size_t c = 0; cis && c < json_array_size(cis); c++) {
		char w[320];

		snprintf(w, sizeof(w), "%s.ComputeInstances[%zu]", where, c);
		if (parse_ci(&gi->ci[gi->nci++], json_array_get(cis, c), w))
			return -1;
	}
	return 0;
}

static int parse_gpu(layout_snap_gpu *g, json_t *d, size_t i)
{
	json_t *u, *gis = NULL;
	unsigned mode = 0;
	char where[96];

	snprintf(where, sizeof(where), "Devices[%zu]", i);
	if (!json_is_object(d) || !(u = field(d, "UUID")) || !json_is_string(u) ||
	    strlen(json_string_value(u)) >= sizeof(g->uuid)) {
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "%s: UUID is missing or not a GPU UUID", where);
	}
	snprintf(g->uuid, sizeof(g->uuid), "%s", json_string_value(u));
	if (get_uint(&mode, d, "MigMode", where, 1) < 0)
		return -1;
	if (mode > 1)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: MigMode must be 0 or 1", where);
	g->mig = (int)mode;
	if (get_list(&gis, d, "GpuInstances", LAYOUT_MAX_GI, where,
		     "more GPU instances than a GPU holds"))
		return -1;
	for (size_t k = 0; gis && k < json_array_size(gis); k++) {
		char w[256];

		snprintf(w, sizeof(w), "%s.GpuInstances[%zu]", where, k);
		if (parse_gi(&g->gi[g->ngi++], json_array_get(gis, k), w))
			return -1;
	}
	return 0;
}

int layout_snapshot_parse(layout_snapshot **out, const char *buf, size_t len)
{
	json_error_t je;
	json_t *root = json_loadb(buf, len, 0, &je), *state, *devs, *v;
	layout_snapshot *s = NULL;
	int rc = MIG_ERROR_INVALID_ARGUMENT;

	*out = NULL;
	if (!root)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "line %d, column %d: %s", je.line, je.column,
				 je.text);
	if (!json_is_object(root) || !(state = field(root, "MigState")) || !json_is_object(state) ||
	    !(devs = field(state, "Devices")) || !(json_is_array(devs) || json_is_null(devs))) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "not a checkpoint: no MigState.Devices list");
		goto fail;
	}
	/* mig-parted writes "v1"; anything else is another format, not a guess. */
	v = field(root, "Version");
	if (v && !(json_is_string(v) && !strcmp(json_string_value(v), "v1"))) {
		mig__fail(MIG_ERROR_INVALID_ARGUMENT, "Version must be \"v1\"");
		goto fail;
	}
	s = calloc(1, sizeof(*s));
	if (!s || !(s->gpu = calloc(json_array_size(devs) ? json_array_size(devs) : 1,
				    sizeof(*s->gpu)))) {
		rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < json_array_size(devs); i++) {
		if (parse_gpu(&s->gpu[i], json_array_get(devs, i), i))
			goto fail;
		s->ngpu++;
	}
	json_decref(root);
	*out = s;
	return 0;
fail:
	json_decref(root);
	layout_snapshot_free(s);
	return rc;
}
