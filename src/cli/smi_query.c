/*
 * smi_query.c - `nvidia-smi --query-gpu=FIELDS --format=csv[,noheader][,nounits]`
 * (§smi-9.2): one CSV line per GPU, fields joined by ", ",
 * a header of the field names as typed unless noheader.
 */
#include <stdlib.h>
#include <string.h>

#include "smi.h"

/* The fields migctl answers; aliases share a kind. */
typedef enum qkind {
	Q_INDEX, Q_NAME, Q_UUID, Q_BUS_ID, Q_SERIAL, Q_DRIVER, Q_COUNT, Q_MEM_TOTAL, Q_MEM_USED,
	Q_MEM_FREE, Q_MIG_CURRENT, Q_MIG_PENDING, Q_PERSISTENCE, Q_PSTATE, Q_TEMP, Q_POWER_DRAW,
	Q_POWER_LIMIT, Q_FAN, Q_UTIL, Q_DEVICE_ID, Q_SUB_DEVICE_ID, Q_COMPUTE_CAP, Q_COMPUTE_MODE,
	Q_ECC_MODE, Q_DISPLAY_ACTIVE
} qkind;

static const struct qfield {
	const char *name;
	qkind kind;
	const char *unit;        /* header suffix " [MiB]" etc., or NULL */
	uint32_t since;          /* the first driver whose nvidia-smi knows it, or 0 */
} qfields[] = {
	{"index", Q_INDEX, NULL},
	{"name", Q_NAME, NULL},
	{"gpu_name", Q_NAME, NULL},
	{"uuid", Q_UUID, NULL},
	{"gpu_uuid", Q_UUID, NULL},
	{"pci.bus_id", Q_BUS_ID, NULL},
	{"gpu_bus_id", Q_BUS_ID, NULL},
	{"serial", Q_SERIAL, NULL},
	{"gpu_serial", Q_SERIAL, NULL},
	{"driver_version", Q_DRIVER, NULL},
	{"count", Q_COUNT, NULL},
	{"memory.total", Q_MEM_TOTAL, "MiB"},
	{"memory.used", Q_MEM_USED, "MiB"},
	{"memory.free", Q_MEM_FREE, "MiB"},
	{"mig.mode.current", Q_MIG_CURRENT, NULL},
	{"mig.mode.pending", Q_MIG_PENDING, NULL},
	{"persistence_mode", Q_PERSISTENCE, NULL},
	{"pstate", Q_PSTATE, NULL},
	{"temperature.gpu", Q_TEMP, NULL},
	{"power.draw", Q_POWER_DRAW, "W"},
	{"power.limit", Q_POWER_LIMIT, "W"},
	{"fan.speed", Q_FAN, "%"},
	{"utilization.gpu", Q_UTIL, "%"},
	{"pci.device_id", Q_DEVICE_ID, NULL},
	{"pci.sub_device_id", Q_SUB_DEVICE_ID, NULL},
	/* not a field for Debian's real 470.256.02 nvidia-smi, one for 525.147.05; chosen: R510 */
	{"compute_cap", Q_COMPUTE_CAP, NULL, MIG_DRV(510, 0, 0)},
	{"compute_mode", Q_COMPUTE_MODE, NULL},
	{"ecc.mode.current", Q_ECC_MODE, NULL},
	{"display_active", Q_DISPLAY_ACTIVE, NULL},
};

static const struct qfield *find_field(const char *name)
{
	for (size_t i = 0; i < sizeof(qfields) / sizeof(qfields[0]); i++)
		if (!strcmp(qfields[i].name, name))
			return &qfields[i];
	return NULL;
}

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

void smi_query_free(smi_query *q)
{
	if (!q)
		return;
	free(q->text);
	free(q->fields);
	memset(q, 0, sizeof(*q));
}

/* The message and exit status of a field nvidia-smi does not know. */
static int unknown_field(const char *field)
{
	/* Decided: nvidia-smi's wording as remembered, confirmed by the real binaries */
	printf("Field \"%s\" is not a valid field to query.\n\n", field);
	return 2;
}

int smi_query_check_driver(const smi_query *q, uint32_t driver)
{
	for (size_t i = 0; i < q->nfields; i++) {
		const struct qfield *d = find_field(q->fields[i]);

		if (d && d->since && driver && driver < d->since)
			return unknown_field(q->fields[i]);
	}
	return 0;
}

int smi_query_parse(smi_query *out, const char *fields, const char *format)
{
	char *p, *tok;
	size_t n = 1;

	memset(out, 0, sizeof(*out));
	out->header = 1;
	out->units = 1;
	if (!format) {
		/* Decided (docs/cli-smi.md): wording not taken from a capture */
		printf("--format must be given with --query-gpu (e.g. --format=csv). Please run 'nvidia-smi -h' for help.\n\n");
		return 2;
	}
	{
		char *f = strdup(format), *fsave = NULL;
		int csv = 0;

		if (!f)
			return CLI_EXIT_FAIL;
		for (tok = strtok_r(f, ",", &fsave); tok; tok = strtok_r(NULL, ",", &fsave)) {
			tok = trim(tok);
			if (!strcmp(tok, "csv"))
				csv = 1;
			else if (!strcmp(tok, "noheader"))
				out->header = 0;
			else if (!strcmp(tok, "nounits"))
				out->units = 0;
			else {
				printf("Format option \"%s\" is not valid: use csv, noheader and nounits (e.g. --format=csv,noheader). Please run 'nvidia-smi -h' for help.\n\n",
				       tok);
				free(f);
				return 2;
			}
		}
		free(f);
		if (!csv) {
			printf("--format needs csv (e.g. --format=csv,noheader). Please run 'nvidia-smi -h' for help.\n\n");
			return 2;
		}
	}
	for (p = (char *)fields; *p; p++)
		n += *p == ',';
	out->text = strdup(fields);
	out->fields = calloc(n, sizeof(*out->fields));
	if (!out->text || !out->fields) {
		smi_query_free(out);
		return CLI_EXIT_FAIL;
	}
	/* split on every comma: an empty field is an unknown one, as "" */
	for (p = out->text, tok = out->text;; p++) {
		if (*p == ',' || *p == '\0') {
			int end = *p == '\0';

			*p = '\0';
			out->fields[out->nfields++] = trim(tok);
			tok = p + 1;
			if (end)
				break;
		}
	}
	for (size_t i = 0; i < out->nfields; i++) {
		if (!find_field(out->fields[i])) {
			int rc = unknown_field(out->fields[i]);

			smi_query_free(out);
			return rc;
		}
	}
	return 0;
}

static const char *mode_text(const smi_gpu_row *g, int mode)
{
	/* §smi-9.2: [N/A] when the GPU has no MIG */
	return !g->mig_supported ? "[N/A]" : mode ? "Enabled" : "Disabled";
}

/* The fields whose value is a fixed or stored text, or NULL for the others. */
static const char *text_value(const struct qfield *q, const smi_gpu_row *g)
{
	switch (q->kind) {
	case Q_NAME:
		return g->name;
	case Q_UUID:
		return g->uuid;
	case Q_BUS_ID:
		return g->bus_id;
	case Q_SERIAL:
		return g->serial;
	case Q_DRIVER:
		return g->driver;
	case Q_MIG_CURRENT:
		return mode_text(g, g->mig_current);
	case Q_MIG_PENDING:
		return mode_text(g, g->mig_pending);
	case Q_PERSISTENCE:
		return g->persistence ? "Enabled" : "Disabled";
	case Q_COMPUTE_MODE:
		return "Default";
	case Q_ECC_MODE:
		return g->ecc_mode ? "Enabled" : "Disabled";
	case Q_DISPLAY_ACTIVE:
		return g->display_active ? "Enabled" : "Disabled";
	default:
		return NULL;
	}
}

/* A number with its unit when --format asks for units ("80 %", "300.00 W"). */
static void number_value(char *buf, size_t cap, const struct qfield *q, const smi_gpu_row *g,
			 const char *u, int *is_number)
{
	unsigned v;

	*is_number = 1;
	switch (q->kind) {
	case Q_MEM_TOTAL:
	case Q_MEM_USED:
	case Q_MEM_FREE:
		snprintf(buf, cap, "%llu%s%s",
			 q->kind == Q_MEM_TOTAL ? g->mem_total
			 : q->kind == Q_MEM_USED ? g->mem_used : g->mem_free,
			 u ? " " : "", u ? u : "");
		break;
	case Q_POWER_DRAW:
	case Q_POWER_LIMIT:
		v = q->kind == Q_POWER_DRAW ? g->power_mw : g->limit_mw;
		snprintf(buf, cap, "%.2f%s%s", v / 1000.0, u ? " " : "", u ? u : "");
		break;
	case Q_FAN:
	case Q_UTIL:
		v = q->kind == Q_FAN ? g->fan : g->util;
		*is_number = v != MIG_NA;
		if (v == MIG_NA)
			snprintf(buf, cap, "[N/A]");
		else
			snprintf(buf, cap, "%u%s%s", v, u ? " " : "", u ? u : "");
		break;
	default:
		*is_number = 0;
		buf[0] = '\0';
		break;
	}
}

const char *smi_query_value(char *buf, size_t cap, const char *field, const smi_gpu_row *g,
			    const smi_screen *s, int units, int *is_number)
{
	const struct qfield *q = find_field(field);
	const char *u = q && q->unit && units ? q->unit : NULL;
	const char *text;

	*is_number = 0;
	if (!q)
		return NULL;
	text = text_value(q, g);
	if (text) {
		snprintf(buf, cap, "%s", text);
		return buf;
	}
	switch (q->kind) {
	case Q_INDEX:
		*is_number = 1;
		snprintf(buf, cap, "%u", g->index);
		break;
	case Q_COUNT:
		*is_number = 1;
		snprintf(buf, cap, "%u", s->node_gpus);
		break;
	case Q_PSTATE:
		snprintf(buf, cap, "P%u", g->pstate);
		break;
	case Q_TEMP:
		*is_number = 1;
		snprintf(buf, cap, "%u", g->temp_c);
		break;
	case Q_DEVICE_ID:
	case Q_SUB_DEVICE_ID:
		/* no subsystem ids in the catalog: NVML's library repeats the device's (docs/nvml.md) */
		snprintf(buf, cap, "0x%04X10DE", g->pci_device_id);
		break;
	case Q_COMPUTE_CAP:
		*is_number = 1;
		snprintf(buf, cap, "%u.%u", g->compute_cap / 10, g->compute_cap % 10);
		break;
	default:
		number_value(buf, cap, q, g, u, is_number);
		break;
	}
	return buf;
}

void smi_render_query(FILE *f, const smi_query *q, const smi_screen *s)
{
	char buf[128];
	int num;

	if (q->header) {
		/* the names as typed, units in brackets (kept with nounits) */
		for (size_t i = 0; i < q->nfields; i++) {
			const struct qfield *d = find_field(q->fields[i]);

			fprintf(f, "%s%s", i ? ", " : "", q->fields[i]);
			if (d && d->unit)
				fprintf(f, " [%s]", d->unit);
		}
		fputc('\n', f);
	}
	for (size_t g = 0; g < s->ngpu; g++) {
		for (size_t i = 0; i < q->nfields; i++) {
			const char *v = smi_query_value(buf, sizeof(buf), q->fields[i], &s->gpus[g], s,
							q->units, &num);

			fprintf(f, "%s%s", i ? ", " : "", v ? v : "[N/A]");
		}
		fputc('\n', f);
	}
}
