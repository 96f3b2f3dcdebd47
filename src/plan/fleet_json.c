/*
 * fleet_json.c - a fleet as JSON (docs/schemas/fleet.schema.json): what
 * `migctl fleet snapshot` and `migctl fleet synth` print, and what the
 * fleet parser reads back.
 */
#include <jansson.h>
#include <stdlib.h>

#include "plan_int.h"

static json_t *gi_json(const mp_lattice *l, const mp_gi *gi)
{
	json_t *o = json_pack("{s:i, s:s, s:i, s:b}", "gi", (int)gi->id, "profile",
			      l->info[gi->prof].name, "start", (int)gi->start, "busy", gi->busy);
	json_t *cis = json_array();

	if (!o || !cis) {
		json_decref(o);
		json_decref(cis);
		return NULL;
	}
	if (gi->holder[0])
		json_object_set_new(o, "held_by", json_string(gi->holder));
	if (gi->priority != 1)
		json_object_set_new(o, "priority", json_integer(gi->priority));
	if (gi->age_s > 0)
		json_object_set_new(o, "age_s", json_real(gi->age_s));
	for (size_t c = 0; c < gi->nci; c++) {
		const mp_ci *ci = &gi->ci[c];
		json_t *cj = json_pack("{s:i, s:i, s:i, s:i}", "ci", (int)ci->id, "profile_id",
				       (int)ci->profile, "start", (int)ci->start, "size", (int)ci->size);

		if (cj && ci->uuid[0])
			json_object_set_new(cj, "uuid", json_string(ci->uuid));
		if (cj && ci->procs)
			json_object_set_new(cj, "processes", json_integer(ci->procs));
		json_array_append_new(cis, cj);
	}
	json_object_set_new(o, "cis", cis);
	return o;
}

int migplan_fleet_json(char **out, const migplan_fleet *f)
{
	json_t *root = json_pack("{s:s}", "schema", "migctl.fleet/1"), *nodes = json_array();

	*out = NULL;
	if (!root || !nodes)
		goto fail;
	for (size_t n = 0; n < f->nnode; n++) {
		const mp_node *nd = &f->node[n];
		json_t *gpus = json_array(), *nj = json_pack("{s:s}", "name", nd->name);

		if (!gpus || !nj) {
			json_decref(gpus);
			json_decref(nj);
			goto fail;
		}
		for (size_t k = 0; k < nd->ngpu; k++) {
			const mp_gpu *g = &f->gpu[nd->first + k];
			json_t *gj = json_pack("{s:i, s:s, s:s, s:s, s:b}", "index", (int)g->index, "uuid",
					       g->uuid, "model", mig_model_key(g->lat->model), "driver",
					       g->lat->driver, "mig", g->mig);
			json_t *ins = json_array();

			if (!gj || !ins) {
				json_decref(gj);
				json_decref(ins);
				json_decref(gpus);
				json_decref(nj);
				goto fail;
			}
			if (g->gpu_procs)
				json_object_set_new(gj, "processes", json_integer(g->gpu_procs));
			for (size_t i = 0; i < g->ngi; i++)
				json_array_append_new(ins, gi_json(g->lat, &g->gi[i]));
			json_object_set_new(gj, "instances", ins);
			json_array_append_new(gpus, gj);
		}
		json_object_set_new(nj, "gpus", gpus);
		json_array_append_new(nodes, nj);
	}
	json_object_set_new(root, "nodes", nodes);
	nodes = NULL;
	*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return *out ? 0 : -1;
fail:
	json_decref(nodes);
	json_decref(root);
	return -1;
}
