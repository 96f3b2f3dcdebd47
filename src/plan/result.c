/*
 * result.c - a plan's outputs: per-node final layouts as checkpoints
 * (what `migctl restore` executes on that node) and the result as JSON
 * (docs/schemas/plan-demand.schema.json).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "mig_internal.h"
#include "plan_int.h"

int mp_node_snapshot(layout_snapshot **out, const migplan_result *r, size_t node)
{
	const migplan_fleet *f = r->f;
	const mp_node *n = &f->node[node];
	layout_snapshot *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || !(s->gpu = calloc(n->ngpu ? n->ngpu : 1, sizeof(*s->gpu)))) {
		free(s);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	for (size_t k = 0; k < n->ngpu; k++) {
		size_t gidx = n->first + k;
		const mp_gpu *g = &f->gpu[gidx];
		const mp_lattice *l = g->lat;
		uint32_t mask = r->gpu[gidx].mask, have = g->busy | g->idle;
		layout_snap_gpu *sg = &s->gpu[s->ngpu++];

		snprintf(sg->uuid, sizeof(sg->uuid), "%s", g->uuid);
		sg->mig = g->mig || mask;
		for (size_t i = 0; i < g->ngi; i++) {
			const mp_gi *gi = &g->gi[i];
			layout_snap_gi *sgi;

			if (!(mask >> gi->item & 1) || (r->gpu[gidx].rebuild >> gi->item & 1))
				continue;
			sgi = &sg->gi[sg->ngi++];
			sgi->nvml_profile = l->info[gi->prof].nvml_index;
			sgi->at = (mig_placement){gi->start, l->info[gi->prof].placement_size};
			sgi->id = (int)gi->id;
			for (size_t c = 0; c < gi->nci; c++)
				sgi->ci[sgi->nci++] = (layout_snap_ci){gi->ci[c].profile, (int)gi->ci[c].id,
								       (int)gi->ci[c].start, gi->ci[c].size};
		}
		for (uint32_t x = (mask & ~have) | r->gpu[gidx].rebuild; x; x &= x - 1) {
			const mp_item *it = &l->item[__builtin_ctz(x)];
			layout_snap_gi *sgi = &sg->gi[sg->ngi++];

			sgi->nvml_profile = l->info[it->prof].nvml_index;
			sgi->at = (mig_placement){it->start, it->size};
			sgi->id = -1;
			sgi->nci = 1;
			sgi->ci[0] = (layout_snap_ci){l->full_ci[it->prof], -1, -1, l->info[it->prof].slices};
		}
	}
	*out = s;
	return 0;
}

int migplan_result_node_layout(char **out, const migplan_result *r, size_t node)
{
	layout_snapshot *s;
	int rc;

	*out = NULL;
	if (!r || node >= r->f->nnode)
		return mig__fail(MIG_ERROR_NOT_FOUND, "no node %zu in the plan", node);
	if ((rc = mp_node_snapshot(&s, r, node)) != 0)
		return rc;
	rc = layout_snapshot_json(out, s);
	layout_snapshot_free(s);
	if (rc)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	return 0;
}

static json_t *summary_json(const migplan_summary *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:I, s:I, s:I}",
			 "demanded", (json_int_t)s->demanded, "satisfied", (json_int_t)s->satisfied,
			 "satisfied_slices", (json_int_t)s->satisfied_slices,
			 "units", (json_int_t)s->units, "units_placed", (json_int_t)s->units_placed,
			 "instances_created", (json_int_t)s->created,
			 "instances_destroyed", (json_int_t)s->destroyed,
			 "instances_reused", (json_int_t)s->reused,
			 "busy_touched", (json_int_t)s->busy_touched,
			 "fragmentation_before", s->frag_before, "fragmentation_after", s->frag_after,
			 "gpus_changed", (json_int_t)s->gpus_changed,
			 "gpus_empty_after", (json_int_t)s->gpus_empty_after,
			 "moves", (json_int_t)s->moves);
}

static json_t *requests_json(const migplan_result *r)
{
	json_t *arr = json_array();
	size_t *first = calloc(r->d->n + 1, sizeof(size_t));

	if (!arr || !first) {
		free(first);
		json_decref(arr);
		return NULL;
	}
	for (size_t i = 0; i < r->d->n; i++) {
		const mp_req *q = &r->d->req[i];
		json_t *o = json_pack("{s:s, s:i, s:i, s:i}", "id", q->id, "count", (int)q->count,
				      "priority", (int)q->priority, "placed", (int)r->req[i].placed);
		json_t *pl = json_array();

		if (!o || !pl) {
			json_decref(o);
			json_decref(pl);
			json_decref(arr);
			free(first);
			return NULL;
		}
		if (q->profile)
			json_object_set_new(o, "profile", json_string(q->profile));
		if (!q->profile) {
			char *choice = mp_choice(r->f, q);

			if (choice)
				json_object_set_new(o, "choice", json_string(choice));
			free(choice);
		}
		if (r->req[i].why)
			json_object_set_new(o, "why", json_string(r->req[i].why));
		for (size_t k = 0; k < r->nplace; k++) {
			const migplan_placement *p = &r->place[k];

			if (p->request != q->id)
				continue;
			json_array_append_new(pl, json_pack("{s:s, s:i, s:s, s:i, s:i, s:b}", "node",
							    r->f->node[p->node].name, "gpu", (int)p->gpu,
							    "profile", p->profile, "start", (int)p->start,
							    "gi", (int)p->gi, "reused", p->reused));
		}
		json_object_set_new(o, "placements", pl);
		json_array_append_new(arr, o);
	}
	free(first);
	return arr;
}

static json_t *moves_json(const migplan_result *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < r->nmove; i++) {
		const mp_move *m = &r->move[i];
		const mp_gpu *a = &r->f->gpu[m->from_gpu], *b = &r->f->gpu[m->to_gpu];
		json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s, s:i, s:i}", "from_node",
				      r->f->node[a->node].name, "from_gpu", (int)a->index, "gi", (int)m->gi,
				      "profile", a->lat->info[m->prof].name, "to_node",
				      r->f->node[b->node].name, "to_gpu", (int)b->index, "to_start",
				      (int)m->to_start);

		if (o && m->for_request)
			json_object_set_new(o, "for_request", json_string(m->for_request));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The changed GPUs of one node, with their final layouts and (optionally) the steps. */
static int node_json(json_t *gpus, const migplan_result *r, size_t node, int steps)
{
	const migplan_fleet *f = r->f;
	const mp_node *n = &f->node[node];
	layout_snapshot *snap = NULL;
	layout_plan *plan = NULL;
	mig_state *st = NULL;
	int changed = 0, rc;

	for (size_t k = 0; k < n->ngpu; k++)
		changed |= r->gpu[n->first + k].changed;
	if (!changed)
		return 0;
	if (steps && ((rc = migplan_node_state(&st, f, node)) != 0 ||
		      (rc = mp_node_snapshot(&snap, r, node)) != 0 ||
		      (rc = layout_plan_exact(&plan, st, snap, NULL)) != 0))
		goto out;
	for (size_t k = 0; k < n->ngpu; k++) {
		const mp_gpu *g = &f->gpu[n->first + k];
		const mp_lattice *l = g->lat;
		uint32_t mask = r->gpu[n->first + k].mask, have = g->busy | g->idle;
		json_t *o, *lay = json_array(), *sj = json_array();

		if (!r->gpu[n->first + k].changed) {
			json_decref(lay);
			json_decref(sj);
			continue;
		}
		for (size_t i = 0; i < g->ngi; i++) {
			const mp_gi *gi = &g->gi[i];

			if ((mask >> gi->item & 1) && !(r->gpu[n->first + k].rebuild >> gi->item & 1))
				json_array_append_new(lay, json_pack("{s:s, s:i, s:i, s:b, s:s}", "profile",
								     l->info[gi->prof].name, "start",
								     (int)gi->start, "gi", (int)gi->id,
								     "busy", gi->busy, "state", "kept"));
		}
		for (uint32_t x = (mask & ~have) | r->gpu[n->first + k].rebuild; x; x &= x - 1) {
			const mp_item *it = &l->item[__builtin_ctz(x)];

			json_array_append_new(lay, json_pack("{s:s, s:i, s:i, s:b, s:s}", "profile",
							     l->info[it->prof].name, "start", (int)it->start,
							     "gi", (int)mp_canonical_gi(l, it->prof, it->start),
							     "busy", 0, "state", "new"));
		}
		for (size_t s = 0; plan && s < plan->n; s++) {
			char text[256];

			if (plan->step[s].gpu != k)
				continue;
			layout_step_text(text, sizeof(text), &plan->step[s]);
			json_array_append_new(sj, json_string(text));
		}
		o = json_pack("{s:s, s:i, s:s, s:s, s:o}", "node", n->name, "gpu", (int)g->index, "uuid",
			      g->uuid, "model", mig_model_key(l->model), "layout", lay);
		if (o && steps)
			json_object_set_new(o, "steps", sj);
		else
			json_decref(sj);
		json_array_append_new(gpus, o);
	}
	rc = 0;
out:
	layout_plan_free(plan);
	layout_snapshot_free(snap);
	mig_state_free(st);
	return rc;
}

int migplan_result_json(char **out, const migplan_result *r, int steps)
{
	json_t *root, *gpus = json_array();
	migplan_summary s;
	int rc;

	*out = NULL;
	migplan_result_summary(&s, r);
	root = json_pack("{s:s, s:o, s:o}", "schema", "migctl.plan-demand/1", "summary",
			 summary_json(&s), "requests", requests_json(r));
	if (!root || !gpus)
		goto oom;
	for (size_t node = 0; node < r->f->nnode; node++)
		if ((rc = node_json(gpus, r, node, steps)) != 0) {
			json_decref(gpus);
			json_decref(root);
			return rc;
		}
	json_object_set_new(root, "gpus", gpus);
	gpus = NULL;
	json_object_set_new(root, "moves", moves_json(r));
	*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!*out)
		goto oom;
	return 0;
oom:
	json_decref(gpus);
	json_decref(root);
	return mig__fail(MIG_ERROR_MEMORY, "out of memory");
}
