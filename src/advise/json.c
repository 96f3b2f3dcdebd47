/*
 * json.c - the advice as JSON (docs/schemas/advise.schema.json).
 */
#include <jansson.h>
#include <math.h>

#include "advise.h"

static json_t *number_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *choice_json(const adv_choice *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "model", json_string(mig_model_key(c->model)));
	json_object_set_new(o, "verdict", json_string(adv_verdict_name(c->verdict)));
	json_object_set_new(o, "profile", c->verdict == ADV_MIG ? json_string(c->profile) : json_null());
	json_object_set_new(o, "slices", json_integer(c->slices));
	json_object_set_new(o, "total_slices", json_integer(c->total_slices));
	json_object_set_new(o, "memory_mib", json_integer(c->memory_mib));
	json_object_set_new(o, "compute_share", number_or_null(c->compute_share));
	json_object_set_new(o, "saved", number_or_null(c->saved));
	json_object_set_new(o, "slowdown", json_pack("{s:o,s:o}", "low", number_or_null(c->slowdown_lo),
						      "high", number_or_null(c->slowdown_hi)));
	json_object_set_new(o, "why_not_smaller", json_string(c->why));
	return o;
}

json_t *adv_advice_json(const adv_advice *a, const char *chart)
{
	const adv_series *s = a->series;
	json_t *o = json_object(), *reasons = json_array(), *choices = json_array();

	json_object_set_new(o, "id", json_string(s->id));
	json_object_set_new(o, "device", json_string(s->device));
	json_object_set_new(o, "board", json_string(s->model));
	json_object_set_new(o, "source_model", a->source ? json_string(mig_model_key(a->source)) :
								json_null());
	json_object_set_new(o, "ran_in", *s->profile ? json_string(s->profile) : json_null());
	json_object_set_new(o, "samples", json_integer((json_int_t)a->samples));
	json_object_set_new(o, "duration_s", number_or_null(a->duration_s));
	json_object_set_new(o, "peak_memory_mib", number_or_null(a->peak_mem_mib));
	json_object_set_new(o, "memory_need_mib", number_or_null(a->mem_need_mib));
	json_object_set_new(o, "memory_growing", json_boolean(a->memory_growing));
	json_object_set_new(o, "compute", json_pack("{s:s,s:o,s:o,s:o}", "basis",
						     adv_basis_name(a->basis), "p50",
						     number_or_null(a->compute_p50), "p95",
						     number_or_null(a->compute_p95), "peak",
						     number_or_null(a->compute_peak)));
	json_object_set_new(o, "confidence", json_string(a->confidence));
	for (size_t i = 0; i < a->nreasons; i++)
		json_array_append_new(reasons, json_string(a->reasons[i]));
	json_object_set_new(o, "reasons", reasons);
	for (size_t i = 0; i < a->nchoices; i++)
		json_array_append_new(choices, choice_json(&a->choices[i]));
	json_object_set_new(o, "recommendations", choices);
	json_object_set_new(o, "chart", chart ? json_string(chart) : json_null());
	return o;
}

json_t *adv_log_json(const adv_log *log)
{
	json_t *notes = json_array();

	for (size_t i = 0; i < log->nnotes; i++)
		json_array_append_new(notes, json_string(log->notes[i]));
	return json_pack("{s:I,s:I,s:o}", "skipped", (json_int_t)log->skipped, "reordered",
			 (json_int_t)log->reordered, "notes", notes);
}
