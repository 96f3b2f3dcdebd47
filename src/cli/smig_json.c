/*
 * smig_json.c - `migctl mig ... --json`: the rows of the list verbs and the
 * changes of the mutating verbs as one JSON document each
 * (docs/cli-mig.md; schemas in docs/schemas/mig.*.schema.json).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "smig.h"

static json_t *doc(const char *schema)
{
	return json_pack("{s:s}", "schema", schema);
}

static json_t *profile_ref(unsigned id, const char *name)
{
	return json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name);
}

static json_t *placement(mig_placement p)
{
	return json_pack("{s:I,s:I}", "start", (json_int_t)p.start, "size", (json_int_t)p.size);
}

static json_t *starts(const mig_placement *pl, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(pl[i].start));
	return a;
}

void smig_json_gip(const smig_ctx *ctx, const smig_rows *r)
{
	json_t *d = doc("migctl.mig.gpu-instance-profiles/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < r->n; i++) {
		const smig_gip_row *row = &r->gip[i];
		char name[64];

		smig_full_name(name, sizeof(name), row->p.name);
		json_array_append_new(
			a, json_pack("{s:I,s:I,s:s,s:I,s:I,s:I,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
				     "gpu", (json_int_t)row->gpu, "id", (json_int_t)row->p.id,
				     "name", name, "free", (json_int_t)row->free, "total",
				     (json_int_t)row->total, "memory_mib",
				     (json_int_t)row->p.memory_mib, "p2p", 0, "slices",
				     (json_int_t)row->p.slices, "placement_size",
				     (json_int_t)row->p.placement_size, "sm", (json_int_t)row->p.sm,
				     "ce", (json_int_t)row->p.ce, "dec", (json_int_t)row->p.dec,
				     "enc", (json_int_t)row->p.enc, "jpeg", (json_int_t)row->p.jpeg,
				     "ofa", (json_int_t)row->p.ofa));
	}
	json_object_set_new(d, "profiles", a);
	cli_json_print(d);
}

void smig_json_gipp(const smig_ctx *ctx, const smig_rows *r)
{
	json_t *d = doc("migctl.mig.gpu-instance-placements/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < r->n; i++) {
		const smig_gip_row *row = &r->gip[i];
		char name[64];

		if (!row->nplacements)
			continue;
		smig_full_name(name, sizeof(name), row->p.name);
		json_array_append_new(a, json_pack("{s:I,s:I,s:s,s:I,s:o}", "gpu",
						   (json_int_t)row->gpu, "profile_id",
						   (json_int_t)row->p.id, "name", name, "size",
						   (json_int_t)row->placements[0].size, "starts",
						   starts(row->placements, row->nplacements)));
	}
	json_object_set_new(d, "placements", a);
	cli_json_print(d);
}

void smig_json_cip(const smig_ctx *ctx, const smig_rows *r)
{
	json_t *d = doc("migctl.mig.compute-instance-profiles/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < r->n; i++) {
		const smig_cip_row *row = &r->cip[i];
		char name[64];

		smig_full_name(name, sizeof(name), row->p.name);
		json_array_append_new(
			a, json_pack("{s:I,s:I,s:I,s:s,s:b,s:I,s:I,s:I,s:I,s:{s:I,s:I,s:I,s:I,s:I}}",
				     "gpu", (json_int_t)row->gpu, "gi", (json_int_t)row->gi, "id",
				     (json_int_t)row->p.id, "name", name, "default",
				     row->p.is_default, "free", (json_int_t)row->free, "total",
				     (json_int_t)row->p.instance_count, "slices",
				     (json_int_t)row->p.slices, "sm", (json_int_t)row->p.sm, "shared",
				     "ce", (json_int_t)row->ce, "dec", (json_int_t)row->dec, "enc",
				     (json_int_t)row->enc, "jpeg", (json_int_t)row->jpeg, "ofa",
				     (json_int_t)row->ofa));
	}
	json_object_set_new(d, "profiles", a);
	cli_json_print(d);
}

void smig_json_cipp(const smig_ctx *ctx, const smig_rows *r)
{
	json_t *d = doc("migctl.mig.compute-instance-placements/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < r->n; i++) {
		const smig_cip_row *row = &r->cip[i];
		char name[64];

		if (!row->nplacements)
			continue;
		smig_full_name(name, sizeof(name), row->p.name);
		json_array_append_new(a, json_pack("{s:I,s:I,s:I,s:s,s:I,s:o}", "gpu",
						   (json_int_t)row->gpu, "gi", (json_int_t)row->gi,
						   "profile_id", (json_int_t)row->p.id, "name", name,
						   "size", (json_int_t)row->placements[0].size,
						   "starts",
						   starts(row->placements, row->nplacements)));
	}
	json_object_set_new(d, "placements", a);
	cli_json_print(d);
}

static json_t *gi_json(unsigned gpu, unsigned id, unsigned pid, const char *pname,
		       mig_placement p)
{
	return json_pack("{s:I,s:I,s:o,s:o}", "gpu", (json_int_t)gpu, "id", (json_int_t)id,
			 "profile", profile_ref(pid, pname), "placement", placement(p));
}

static json_t *ci_json(unsigned gpu, unsigned gi, unsigned id, unsigned pid, const char *pname,
		       mig_placement p, const char *uuid)
{
	return json_pack("{s:I,s:I,s:I,s:o,s:o,s:s}", "gpu", (json_int_t)gpu, "gi",
			 (json_int_t)gi, "id", (json_int_t)id, "profile", profile_ref(pid, pname),
			 "placement", placement(p), "uuid", uuid);
}

void smig_json_gis(const smig_ctx *ctx, const smig_gi_ref *gis, size_t n)
{
	json_t *d = doc("migctl.mig.gpu-instances/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		char name[64];
		json_t *o;

		smig_full_name(name, sizeof(name), gis[i].profile.name);
		o = gi_json(gis[i].gpu, gis[i].gi.id, gis[i].profile.id, name, gis[i].gi.placement);
		json_object_set_new(o, "compute_instances", json_integer(gis[i].gi.ci_count));
		json_object_set_new(o, "processes", json_integer(gis[i].gi.process_count));
		json_array_append_new(a, o);
	}
	json_object_set_new(d, "gpu_instances", a);
	cli_json_print(d);
}

void smig_json_cis(const smig_ctx *ctx, const smig_ci_ref *cis, size_t n)
{
	json_t *d = doc("migctl.mig.compute-instances/1"), *a = json_array();

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		const mig_ci_info *c = &cis[i].ci;
		char name[64];
		json_t *o;

		smig_full_name(name, sizeof(name), c->profile.name);
		o = ci_json(cis[i].gpu, c->gi, c->id, c->profile.id, name, c->placement, c->uuid);
		json_object_set_new(o, "processes", json_integer(c->process_count));
		json_array_append_new(a, o);
	}
	json_object_set_new(d, "compute_instances", a);
	cli_json_print(d);
}

static const char *verb_name(smig_verb v)
{
	switch (v) {
	case MV_CGI: return "create-gpu-instance";
	case MV_CCI: return "create-compute-instance";
	case MV_DCI: return "destroy-compute-instance";
	case MV_DGI: return "destroy-gpu-instance";
	default: return "";
	}
}

void smig_json_changes(const smig_ctx *ctx, const smig_result *r)
{
	json_t *d = doc("migctl.mig.changes/1");
	json_t *cgi = json_array(), *cci = json_array(), *dgi = json_array(), *dci = json_array();
	int exit = smig_result_exit(ctx, r);

	json_object_set_new(d, "verb", json_string(verb_name(ctx->verb)));
	for (size_t i = 0; i < r->n; i++) {
		const smig_change *c = &r->changes[i];

		switch (c->kind) {
		case SMIG_CREATED_GI:
			json_array_append_new(cgi, gi_json(c->gpu, c->gi, c->profile_id,
							   c->profile_name, c->placement));
			break;
		case SMIG_DESTROYED_GI:
			json_array_append_new(dgi, gi_json(c->gpu, c->gi, c->profile_id,
							   c->profile_name, c->placement));
			break;
		case SMIG_CREATED_CI:
			json_array_append_new(cci, ci_json(c->gpu, c->gi, c->ci, c->profile_id,
							   c->profile_name, c->placement, c->uuid));
			break;
		case SMIG_DESTROYED_CI:
			json_array_append_new(dci, ci_json(c->gpu, c->gi, c->ci, c->profile_id,
							   c->profile_name, c->placement, c->uuid));
			break;
		}
	}
	json_object_set_new(d, "created", json_pack("{s:o,s:o}", "gpu_instances", cgi,
						    "compute_instances", cci));
	json_object_set_new(d, "destroyed", json_pack("{s:o,s:o}", "gpu_instances", dgi,
						      "compute_instances", dci));
	if (exit == 0) {
		json_object_set_new(d, "error", json_null());
	} else {
		/* The nvidia-smi lines of the failure, without the last newline. */
		char *msg = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&msg, &len);
		int code = r->outcome == SMIG_SYNTAX ? MIG_ERROR_INVALID_ARGUMENT : r->code;

		if (f) {
			smig_print_failure(f, ctx, r);
			fclose(f);
		}
		if (msg && len && msg[len - 1] == '\n')
			msg[len - 1] = '\0';
		json_object_set_new(d, "error",
				    json_pack("{s:I,s:s,s:I,s:s}", "code", (json_int_t)code, "text",
					      smi_error_text(code, ctx->driver), "exit",
					      (json_int_t)exit, "message", msg ? msg : ""));
		free(msg);
	}
	cli_json_print(d);
}
