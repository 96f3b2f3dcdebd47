/*
 * show_json.c - `migctl show --json`: the rows of one GPU as a JSON object
 * (docs/schemas/show.schema.json).  Arrays are in the rows' order, which
 * is sorted explicitly (GI ID, CI ID, pid, the GPU's profile order).
 */
#include <jansson.h>

#include "show.h"

static json_t *placement(mig_placement p)
{
	return json_pack("{s:I,s:I}", "start", (json_int_t)p.start, "size", (json_int_t)p.size);
}

static json_t *span(show_span s)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < s.count; i++)
		json_array_append_new(a, json_integer(s.first + i));
	return a;
}

static json_t *procs(const show_gpu *g, size_t first, size_t n)
{
	json_t *a = json_array();

	for (size_t p = first; p < first + n; p++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:I}", "pid", (json_int_t)g->proc[p].pid,
						   "name", g->proc[p].name, "used_mib",
						   (json_int_t)g->proc[p].used_mib));
	return a;
}

static json_t *compute_instance(const show_gpu *g, const show_ci *ci)
{
	return json_pack("{s:I,s:s,s:I,s:o,s:o,s:s,s:o}", "id", (json_int_t)ci->info.id, "profile",
			 ci->info.profile.name, "profile_id", (json_int_t)ci->info.profile.id,
			 "placement", placement(ci->info.placement), "compute_slices",
			 span(ci->compute), "uuid", ci->info.uuid, "processes",
			 procs(g, ci->proc_first, ci->nproc));
}

static json_t *gpu_instance(const show_gpu *g, const show_gi *gi)
{
	json_t *cis = json_array();

	for (size_t c = 0; c < gi->nci; c++)
		json_array_append_new(cis, compute_instance(g, &gi->ci[c]));
	return json_pack("{s:I,s:s,s:I,s:o,s:o,s:o,s:o}", "id", (json_int_t)gi->info.id, "profile",
			 gi->profile.name, "profile_id", (json_int_t)gi->profile.id, "placement",
			 placement(gi->info.placement), "memory_slices", span(gi->memory),
			 "compute_slices", span(gi->compute), "compute_instances", cis);
}

static const char *const use_names[] = {"free", "used", "no_ci", "absent", "unused"};

static json_t *slices(const show_gpu *g)
{
	json_t *a = json_array();

	for (unsigned s = 0; s < g->memory_slices; s++) {
		const show_cell *m = &g->memory[s], *c = &g->compute[s];
		json_t *mem = json_pack("{s:s}", "state", m->use == SHOW_GI ? "used" : "free");
		json_t *cmp = json_pack("{s:s}", "state", use_names[c->use]);

		if (m->gi >= 0)
			json_object_set_new(mem, "gi", json_integer(g->gi[m->gi].info.id));
		if (c->gi >= 0)
			json_object_set_new(cmp, "gi", json_integer(g->gi[c->gi].info.id));
		if (c->ci >= 0)
			json_object_set_new(cmp, "ci",
					    json_integer(g->gi[c->gi].ci[c->ci].info.id));
		json_array_append_new(a, json_pack("{s:I,s:I,s:o,s:o}", "index", (json_int_t)s,
						   "start", (json_int_t)(s * g->units_per_slice),
						   "memory", mem, "compute", cmp));
	}
	return a;
}

static json_t *profiles(const show_gpu *g)
{
	json_t *a = json_array();

	for (size_t i = 0; i < g->nfit; i++) {
		const show_fit *f = &g->fit[i];
		json_t *legal = json_array(), *fits = json_array();

		for (size_t p = 0; p < f->nlegal; p++)
			json_array_append_new(legal, placement(f->legal[p]));
		for (size_t p = 0; p < f->nfree; p++)
			json_array_append_new(fits, placement(f->free[p]));
		json_array_append_new(a, json_pack("{s:s,s:I,s:I,s:I,s:I,s:o,s:o}", "name",
						   f->profile.name, "id", (json_int_t)f->profile.id,
						   "slices", (json_int_t)f->profile.slices, "free",
						   (json_int_t)f->remaining, "total",
						   (json_int_t)f->profile.instance_count, "placements",
						   legal, "fits", fits));
	}
	return a;
}

void *show_json_gpu(const show_gpu *g)
{
	json_t *gis = json_array();

	for (size_t i = 0; i < g->ngi; i++)
		json_array_append_new(gis, gpu_instance(g, &g->gi[i]));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:{s:b,s:b},s:I,s:I,s:I,s:o,s:o,s:o,s:o}",
			 "index", (json_int_t)g->index, "name", mig_model_name(g->info.model),
			 "model", mig_model_key(g->info.model), "uuid", g->info.uuid, "pci_bus_id",
			 g->info.pci_bus_id, "driver", g->info.driver, "mig", "current",
			 g->info.mig_current, "pending", g->info.mig_pending, "placement_units",
			 (json_int_t)g->units, "memory_slices", (json_int_t)g->memory_slices,
			 "compute_slices", (json_int_t)g->compute_slices, "slices", slices(g),
			 "gpu_instances", gis, "processes",
			 procs(g, g->gpu_proc_first, g->gpu_nproc), "profiles", profiles(g));
}
