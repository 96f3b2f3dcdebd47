/*
 * smi_json.c - the --json documents of nvidia-smi's top level
 * (docs/cli-smi.md, docs/schemas/smi.*.schema.json).  Each is one object,
 * {"schema": "migctl.smi.<verb>/1", ...}, keys in a fixed order, arrays in
 * the rows' order (GPU index, MIG device index, process order).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "smi.h"

/* A number, or null for MIG_NA. */
static json_t *na_int(unsigned v)
{
	return v == MIG_NA ? json_null() : json_integer(v);
}

static const char *mode_word(int enabled)
{
	return enabled ? "Enabled" : "Disabled";
}

static json_t *gpu_json(const smi_gpu_row *g)
{
	json_t *o = json_object();
	char ps[8];

	snprintf(ps, sizeof(ps), "P%u", g->pstate);
	json_object_set_new(o, "index", json_integer(g->index));
	json_object_set_new(o, "name", json_string(g->name));
	json_object_set_new(o, "uuid", json_string(g->uuid));
	json_object_set_new(o, "pci_bus_id", json_string(g->bus_id));
	json_object_set_new(o, "serial", json_string(g->serial));
	json_object_set_new(o, "persistence_mode", json_boolean(g->persistence));
	json_object_set_new(o, "fan_percent", na_int(g->fan));
	json_object_set_new(o, "temperature_c", json_integer(g->temp_c));
	json_object_set_new(o, "perf_state", json_string(ps));
	json_object_set_new(o, "power_draw_mw", json_integer(g->power_mw));
	json_object_set_new(o, "power_limit_mw", json_integer(g->limit_mw));
	json_object_set_new(o, "memory", json_pack("{s:I, s:I, s:I}", "used_mib",
						   (json_int_t)g->mem_used, "free_mib",
						   (json_int_t)g->mem_free, "total_mib",
						   (json_int_t)g->mem_total));
	json_object_set_new(o, "bar1", json_pack("{s:I, s:I}", "used_mib", (json_int_t)g->bar1_used,
						 "total_mib", (json_int_t)g->bar1_total));
	json_object_set_new(o, "gpu_util_percent", na_int(g->util));
	json_object_set_new(o, "ecc", json_pack("{s:b, s:i}", "enabled", g->ecc_mode,
						"uncorrected_volatile", (int)g->ecc_errors));
	json_object_set_new(o, "compute_mode", json_string("Default"));
	json_object_set_new(o, "mig_mode",
			    g->mig_supported ? json_pack("{s:s, s:s}", "current",
							 mode_word(g->mig_current), "pending",
							 mode_word(g->mig_pending))
					     : json_null());
	return o;
}

static json_t *gpu_mig_json(const smi_mig_row *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "gpu", json_integer(m->gpu));
	json_object_set_new(o, "gi", json_integer(m->gi));
	json_object_set_new(o, "ci", json_integer(m->ci));
	json_object_set_new(o, "index", json_integer(m->dev));
	json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "gi_profile", json_string(m->gi_profile));
	json_object_set_new(o, "uuid", json_string(m->uuid));
	json_object_set_new(o, "memory", json_pack("{s:I, s:I}", "used_mib", (json_int_t)m->mem_used,
						   "total_mib", (json_int_t)m->mem_total));
	json_object_set_new(o, "bar1", json_pack("{s:I, s:I}", "used_mib", (json_int_t)m->bar1_used,
						 "total_mib", (json_int_t)m->bar1_total));
	json_object_set_new(o, "sm", json_integer(m->sm));
	json_object_set_new(o, "ecc_uncorrected_volatile", na_int(m->ecc));
	json_object_set_new(o, "engines", json_pack("{s:i, s:i, s:i, s:i, s:i}", "ce", (int)m->ce,
						    "enc", (int)m->enc, "dec", (int)m->dec, "ofa",
						    (int)m->ofa, "jpg", (int)m->jpg));
	return o;
}

static json_t *proc_json(const smi_proc_row *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "gpu", json_integer(p->gpu));
	json_object_set_new(o, "gi", p->gi == MIG_NONE ? json_null() : json_integer(p->gi));
	json_object_set_new(o, "ci", p->ci == MIG_NONE ? json_null() : json_integer(p->ci));
	json_object_set_new(o, "pid", json_integer(p->pid));
	json_object_set_new(o, "type", json_string(p->type));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "used_mib", json_integer((json_int_t)p->used_mib));
	return o;
}

void smi_json_status(const smi_screen *s)
{
	json_t *root = json_object(), *gpus = json_array(), *migs = json_array(),
	       *procs = json_array();

	json_object_set_new(root, "schema", json_string("migctl.smi.status/1"));
	json_object_set_new(root, "timestamp", json_integer((json_int_t)s->when));
	json_object_set_new(root, "driver_version", json_string(s->driver));
	json_object_set_new(root, "cuda_version", json_string(s->cuda));
	for (size_t i = 0; i < s->ngpu; i++)
		json_array_append_new(gpus, gpu_json(&s->gpus[i]));
	for (size_t i = 0; i < s->nmig; i++)
		json_array_append_new(migs, gpu_mig_json(&s->migs[i]));
	for (size_t i = 0; i < s->nproc; i++)
		json_array_append_new(procs, proc_json(&s->procs[i]));
	json_object_set_new(root, "gpus", gpus);
	json_object_set_new(root, "mig_devices", migs);
	json_object_set_new(root, "processes", procs);
	cli_json_print(root);
}

void smi_json_list(const smi_screen *s)
{
	json_t *root = json_object(), *gpus = json_array();

	json_object_set_new(root, "schema", json_string("migctl.smi.list/1"));
	for (size_t i = 0; i < s->ngpu; i++) {
		const smi_gpu_row *g = &s->gpus[i];
		json_t *o = json_object(), *devs = json_array();

		json_object_set_new(o, "index", json_integer(g->index));
		json_object_set_new(o, "name", json_string(g->name));
		json_object_set_new(o, "uuid", json_string(g->uuid));
		for (size_t k = 0; k < s->nmig; k++) {
			const smi_mig_row *m = &s->migs[k];

			if (m->gpu != g->index)
				continue;
			json_array_append_new(devs, json_pack("{s:i, s:i, s:i, s:s, s:s}", "index",
							      (int)m->dev, "gi", (int)m->gi, "ci",
							      (int)m->ci, "name", m->name, "uuid",
							      m->uuid));
		}
		json_object_set_new(o, "mig_devices", devs);
		json_array_append_new(gpus, o);
	}
	json_object_set_new(root, "gpus", gpus);
	cli_json_print(root);
}

void smi_json_query(const smi_query *q, const smi_screen *s)
{
	json_t *root = json_object(), *fields = json_array(), *gpus = json_array();
	char buf[128];
	int num;

	json_object_set_new(root, "schema", json_string("migctl.smi.query/1"));
	for (size_t i = 0; i < q->nfields; i++)
		json_array_append_new(fields, json_string(q->fields[i]));
	for (size_t g = 0; g < s->ngpu; g++) {
		json_t *o = json_object();

		for (size_t i = 0; i < q->nfields; i++) {
			/* values without units; numbers as numbers, [N/A] as null */
			const char *v = smi_query_value(buf, sizeof(buf), q->fields[i], &s->gpus[g],
							s, 0, &num);
			json_t *j;

			if (!v || !strcmp(v, "[N/A]"))
				j = json_null();
			else if (num && strchr(v, '.'))
				j = json_real(strtod(v, NULL));
			else if (num)
				j = json_integer(strtoll(v, NULL, 10));
			else
				j = json_string(v);
			json_object_set_new(o, q->fields[i], j);
		}
		json_array_append_new(gpus, o);
	}
	json_object_set_new(root, "fields", fields);
	json_object_set_new(root, "gpus", gpus);
	cli_json_print(root);
}

/* The outcome of -mig on one GPU, as a word. */
static const char *mode_outcome(const smi_mode_result *r)
{
	if (r->set_rc == MIG_ERROR_NOT_SUPPORTED)
		return "not_supported";
	if (r->set_rc)
		return "failed";
	return r->activation ? "pending" : "applied";
}

static json_t *error_json(int code, uint32_t driver)
{
	return code ? json_pack("{s:i, s:s}", "code", code, "text", smi_error_text(code, driver))
		    : json_null();
}

void smi_json_mode(const smi_mode_result *r, size_t n, int enable, int completed,
		   uint32_t driver)
{
	json_t *root = json_object(), *gpus = json_array();

	json_object_set_new(root, "schema", json_string("migctl.smi.mig/1"));
	json_object_set_new(root, "requested", json_string(enable ? "Enabled" : "Disabled"));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "index", json_integer(r[i].gpu));
		json_object_set_new(o, "pci_bus_id", json_string(r[i].bus_id));
		json_object_set_new(o, "outcome", json_string(mode_outcome(&r[i])));
		json_object_set_new(o, "error", error_json(r[i].set_rc, driver));
		json_object_set_new(o, "activation",
				    error_json(r[i].set_rc ? 0 : r[i].activation, driver));
		json_object_set_new(o, "mig_mode", json_pack("{s:s, s:s}", "current",
							     mode_word(r[i].current), "pending",
							     mode_word(r[i].pending)));
		json_object_set_new(o, "persistence_mode", json_boolean(r[i].persistence));
		json_array_append_new(gpus, o);
	}
	json_object_set_new(root, "gpus", gpus);
	json_object_set_new(root, "completed", json_boolean(completed));
	cli_json_print(root);
}

void smi_json_reset(const smi_reset_result *r, size_t n, int completed, uint32_t driver)
{
	json_t *root = json_object(), *gpus = json_array();

	json_object_set_new(root, "schema", json_string("migctl.smi.reset/1"));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "index", json_integer(r[i].gpu));
		json_object_set_new(o, "pci_bus_id", json_string(r[i].bus_id));
		json_object_set_new(o, "reset", json_boolean(completed));
		json_object_set_new(o, "error", error_json(r[i].rc, driver));
		json_object_set_new(o, "mig_mode", json_pack("{s:s, s:s}", "current",
							     mode_word(r[i].current), "pending",
							     mode_word(r[i].pending)));
		json_array_append_new(gpus, o);
	}
	json_object_set_new(root, "gpus", gpus);
	json_object_set_new(root, "completed", json_boolean(completed));
	cli_json_print(root);
}
