/*
 * layout_print.c - plans as a person reads them, and as JSON
 * (docs/schemas/plan.schema.json).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "layout_cli.h"

static const char *gpu_name(const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;

	if (mig_gpu_get(&g, st, gpu) || !g.model)
		return "?";
	return mig_model_name(g.model);
}

void layout_print_plan(FILE *f, const layout_plan *p, const mig_state *st, const char *what)
{
	size_t next = 0;

	for (unsigned g = 0; g < p->ngpu; g++) {
		const layout_gpu_plan *gp = &p->gpu[g];
		size_t nsteps = 0;

		for (size_t i = 0; i < p->n; i++)
			nsteps += p->step[i].gpu == g;
		if (!gp->selected) {
			fprintf(f, "GPU %u (%s): not selected by %s; left as it is\n", g, gpu_name(st, g),
				what);
			continue;
		}
		if (!nsteps) {
			fprintf(f, "GPU %u (%s): already as configured\n", g, gpu_name(st, g));
			continue;
		}
		if (gp->have_gi + gp->have_ci)
			fprintf(f, "GPU %u (%s): %zu step%s, keeps %u of %u instance%s\n", g,
				gpu_name(st, g), nsteps, nsteps == 1 ? "" : "s", gp->kept_gi + gp->kept_ci,
				gp->have_gi + gp->have_ci, gp->have_gi + gp->have_ci == 1 ? "" : "s");
		else
			fprintf(f, "GPU %u (%s): %zu step%s\n", g, gpu_name(st, g), nsteps,
				nsteps == 1 ? "" : "s");
		for (; next < p->n && p->step[next].gpu == g; next++) {
			char text[256];

			layout_step_text(text, sizeof(text), &p->step[next]);
			fprintf(f, "  %zu. %s\n", next + 1, text);
		}
	}
}

static const char *op_name(layout_op op)
{
	switch (op) {
	case LAYOUT_SET_MODE: return "set-mode";
	case LAYOUT_RESET: return "reset";
	case LAYOUT_DESTROY_CI: return "destroy-ci";
	case LAYOUT_DESTROY_GI: return "destroy-gi";
	case LAYOUT_CREATE_GI: return "create-gi";
	case LAYOUT_CREATE_CI: return "create-ci";
	}
	return "?";
}

void *layout_plan_json(const layout_plan *p, const mig_state *st, const char *config,
		       int dry_run, const char *result, const char *error)
{
	json_t *doc = json_object(), *gpus = json_array(), *steps = json_array();

	json_object_set_new(doc, "schema", json_string("migctl.plan/1"));
	json_object_set_new(doc, "config", config ? json_string(config) : json_null());
	json_object_set_new(doc, "dry_run", json_boolean(dry_run));
	for (unsigned g = 0; p && g < p->ngpu; g++) {
		const layout_gpu_plan *gp = &p->gpu[g];
		json_t *o = json_object(), *inst = json_object();
		mig_gpu_info info;
		size_t n = 0;

		for (size_t i = 0; i < p->n; i++)
			n += p->step[i].gpu == g;
		mig_gpu_get(&info, st, g);
		json_object_set_new(o, "gpu", json_integer(g));
		json_object_set_new(o, "name", json_string(gpu_name(st, g)));
		json_object_set_new(o, "uuid", json_string(info.uuid));
		json_object_set_new(o, "selected", json_boolean(gp->selected));
		json_object_set_new(o, "steps", json_integer((json_int_t)n));
		json_object_set_new(inst, "before", json_integer(gp->have_gi + gp->have_ci));
		json_object_set_new(inst, "kept", json_integer(gp->kept_gi + gp->kept_ci));
		json_object_set_new(inst, "destroyed", json_integer(gp->destroyed));
		json_object_set_new(inst, "created", json_integer(gp->created));
		json_object_set_new(o, "instances", inst);
		json_array_append_new(gpus, o);
	}
	for (size_t i = 0; p && i < p->n; i++) {
		const layout_step *s = &p->step[i];
		json_t *o = json_object();
		char text[256];

		layout_step_text(text, sizeof(text), s);
		json_object_set_new(o, "step", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "gpu", json_integer(s->gpu));
		json_object_set_new(o, "op", json_string(op_name(s->op)));
		if (s->op == LAYOUT_SET_MODE)
			json_object_set_new(o, "enable", json_boolean(s->enable));
		if (s->op >= LAYOUT_DESTROY_CI) {
			json_object_set_new(o, "gi", json_integer(s->gi));
			json_object_set_new(o, "profile", json_string(s->name));
		}
		if (s->op == LAYOUT_DESTROY_CI || s->op == LAYOUT_CREATE_CI)
			json_object_set_new(o, "ci", json_integer(s->ci));
		if (s->op == LAYOUT_CREATE_GI || s->op == LAYOUT_CREATE_CI ||
		    s->op == LAYOUT_DESTROY_GI) {
			json_t *at = json_object();

			json_object_set_new(at, "start", json_integer(s->at.start));
			json_object_set_new(at, "size", json_integer(s->at.size));
			json_object_set_new(o, "placement", at);
		}
		if (s->filler)
			json_object_set_new(o, "temporary", json_true());
		if (s->detach)
			json_object_set_new(o, "detaches", json_integer(s->detach));
		json_object_set_new(o, "text", json_string(text));
		json_array_append_new(steps, o);
	}
	json_object_set_new(doc, "gpus", gpus);
	json_object_set_new(doc, "steps", steps);
	json_object_set_new(doc, "result", json_string(result));
	if (error)
		json_object_set_new(doc, "error", json_string(error));
	return doc;
}
