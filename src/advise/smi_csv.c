/*
 * smi_csv.c - `nvidia-smi --query-gpu=FIELDS --format=csv[,noheader][,nounits] -l N`
 * logs (docs/advise.md#nvidia-smi-csv).
 *
 * The header names the fields ("power.draw [W]"); with noheader the caller
 * gives them.  Values carry their unit unless nounits; "[N/A]" and
 * "[Not Supported]" (nvidia-smi --help-query-gpu) leave that figure out of
 * the sample.  A line with fewer fields than the header is the tail of a
 * log cut mid-write: skipped.  Anything else unexpected fails with the line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

#define MAX_FIELDS 64

typedef enum col_kind {
	COL_IGNORED = 0, COL_TIMESTAMP, COL_INDEX, COL_UUID, COL_NAME, COL_POWER, COL_POWER_LIMIT,
	COL_UTIL_GPU, COL_UTIL_MEM, COL_MEM_USED, COL_MEM_TOTAL
} col_kind;

/* nvidia-smi --help-query-gpu names (and their aliases) the advice reads. */
static const struct {
	const char *name;
	col_kind kind;
	const char *unit;
} known[] = {
	{"timestamp", COL_TIMESTAMP, NULL},
	{"index", COL_INDEX, NULL},
	{"uuid", COL_UUID, NULL},
	{"gpu_uuid", COL_UUID, NULL},
	{"name", COL_NAME, NULL},
	{"gpu_name", COL_NAME, NULL},
	{"power.draw", COL_POWER, "W"},
	{"power.draw.instant", COL_POWER, "W"},
	{"power.draw.average", COL_POWER, "W"},
	{"power.limit", COL_POWER_LIMIT, "W"},
	{"enforced.power.limit", COL_POWER_LIMIT, "W"},
	{"utilization.gpu", COL_UTIL_GPU, "%"},
	{"utilization.memory", COL_UTIL_MEM, "%"},
	{"memory.used", COL_MEM_USED, "MiB"},
	{"memory.total", COL_MEM_TOTAL, "MiB"},
};

typedef struct column {
	col_kind kind;
	const char *unit;
	char name[48];
} column;

/* One header or --fields name: "power.draw [W]" or "power.draw". */
static int parse_column(column *c, const char *text)
{
	size_t len = strcspn(text, " [");

	if (!len || len >= sizeof(c->name))
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._", text[i]))
			return -1;
	memcpy(c->name, text, len);
	c->name[len] = '\0';
	c->kind = COL_IGNORED;
	c->unit = NULL;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].name, c->name)) {
			c->kind = known[i].kind;
			c->unit = known[i].unit;
		}
	text += len;
	while (*text == ' ')
		text++;
	if (!*text)
		return 0;
	/* "[W]", "[%]", "[MiB]": must be this column's unit when we read it. */
	if (text[0] != '[' || text[strlen(text) - 1] != ']')
		return -1;
	if (c->unit && (strlen(text) != strlen(c->unit) + 2 || strncmp(text + 1, c->unit, strlen(c->unit))))
		return -1;
	return 0;
}

static int parse_columns(column *cols, size_t *ncols, char *text, const char *what)
{
	char *names[MAX_FIELDS];
	size_t n = adv_split(text, ',', names, MAX_FIELDS);

	if (n > MAX_FIELDS)
		return adv_fail("%s: %zu fields; at most %d", what, n, MAX_FIELDS);
	for (size_t i = 0; i < n; i++)
		if (parse_column(&cols[i], names[i]))
			return adv_fail("%s: field %zu \"%.40s\" is not a --query-gpu name "
					"with its unit (such as \"power.draw [W]\")",
					what, i + 1, names[i]);
	*ncols = n;
	for (size_t i = 0; i < n; i++)
		if (cols[i].kind == COL_MEM_USED)
			return 0;
	return adv_fail("%s: no memory.used field: the advice needs the job's memory", what);
}

static int is_missing(const char *v)
{
	return !strcmp(v, "[N/A]") || !strcmp(v, "N/A") || !strcmp(v, "[Not Supported]") ||
	       !strcmp(v, "[Unknown Error]") || !strcmp(v, "[GPU requires reset]") ||
	       !strcmp(v, "[Insufficient Permissions]");
}

/* "43.21 W" (or "43.21" under nounits) into *out, in the column's unit. */
static int parse_value(adv_log *log, const column *c, const char *v, double *out)
{
	char num[64];
	size_t len = strcspn(v, " ");

	if (is_missing(v)) {
		adv_log_skip(log, "line %zu: %s is %s: left out", log->line, c->name, v);
		*out = NAN;
		return 0;
	}
	if (len >= sizeof(num))
		return adv_fail("line %zu: %s \"%.40s\" is not a number", log->line, c->name, v);
	memcpy(num, v, len);
	num[len] = '\0';
	if (adv_number(out, num))
		return adv_fail("line %zu: %s \"%.40s\" is not a number%s%s", log->line,
				c->name, v, c->unit ? " of " : "", c->unit ? c->unit : "");
	if (v[len] && strcmp(v + len + 1, c->unit))
		return adv_fail("line %zu: %s \"%.40s\": the unit must be %s", log->line,
				c->name, v, c->unit);
	if (!strcmp(c->unit, "%"))
		*out /= 100;
	return 0;
}

typedef struct row {
	double t, v[COL_MEM_TOTAL + 1];
	const char *index, *uuid, *name;
} row;

static int parse_row(adv_log *log, const column *cols, char **f, size_t n, row *r)
{
	int rc;

	for (int k = 0; k <= COL_MEM_TOTAL; k++)
		r->v[k] = NAN;
	r->t = NAN;
	r->index = r->uuid = r->name = "";
	for (size_t i = 0; i < n; i++) {
		switch (cols[i].kind) {
		case COL_IGNORED:
			break;
		case COL_TIMESTAMP:
			if (adv_timestamp(&r->t, f[i]))
				return adv_fail("line %zu: timestamp \"%.40s\" is not "
						"YYYY/MM/DD HH:MM:SS.mmm", log->line, f[i]);
			break;
		case COL_INDEX:
			r->index = f[i];
			break;
		case COL_UUID:
			r->uuid = f[i];
			break;
		case COL_NAME:
			r->name = f[i];
			break;
		default:
			if ((rc = parse_value(log, &cols[i], f[i], &r->v[cols[i].kind])))
				return rc;
		}
	}
	return 0;
}

static int add_row(adv_log *log, const row *r, size_t seq)
{
	char id[160];
	adv_series *s;
	adv_sample *x;

	if (*r->index)
		snprintf(id, sizeof(id), "gpu %s", r->index);
	else
		snprintf(id, sizeof(id), "%s", *r->uuid ? r->uuid : "gpu");
	s = adv_log_series(log, id, *r->uuid ? r->uuid : r->index);
	/* Without timestamps, -l N's interval is unknown: one second per line of a GPU. */
	x = s ? adv_series_at(s, isnan(r->t) ? (double)(s->n ? s->s[s->n - 1].t + 1 : seq) : r->t) : NULL;
	if (!x)
		return mig__fail(MIG_ERROR_MEMORY,
				 "line %zu: out of memory (or more samples than allowed)", log->line);
	if (!*s->model && *r->name)
		snprintf(s->model, sizeof(s->model), "%s", r->name);
	x->power_w = r->v[COL_POWER];
	x->power_limit_w = r->v[COL_POWER_LIMIT];
	x->util_gpu = r->v[COL_UTIL_GPU];
	x->util_mem = r->v[COL_UTIL_MEM];
	x->mem_used_mib = r->v[COL_MEM_USED];
	x->mem_total_mib = r->v[COL_MEM_TOTAL];
	return 0;
}

static int parse_line(adv_log *log, const column *cols, size_t ncols, char *line,
		      const char *header)
{
	char *f[MAX_FIELDS];
	size_t n;
	row r;
	int rc;

	if (!*adv_trim(line))
		return 0;
	if (header && !strcmp(line, header)) {
		adv_log_skip(log, "line %zu: the header again (logs appended): skipped", log->line);
		return 0;
	}
	n = adv_split(line, ',', f, MAX_FIELDS);
	if (n < ncols) {
		adv_log_skip(log, "line %zu: %zu of %zu fields (cut short): skipped", log->line, n, ncols);
		return 0;
	}
	if (n > ncols)
		return adv_fail("line %zu: %zu fields, the header names %zu", log->line, n,
				ncols);
	if ((rc = parse_row(log, cols, f, n, &r)))
		return rc;
	return add_row(log, &r, log->line);
}

int adv_parse_smi_csv(adv_log *log, const char *fields, const char *buf, size_t len)
{
	column cols[MAX_FIELDS];
	size_t ncols = 0, pos = 0;
	char *line = NULL, *header = NULL, *hdr = NULL, *spec = NULL;
	int rc;

	if (fields) {
		spec = strdup(fields);
		rc = spec ? parse_columns(cols, &ncols, spec, "--fields") :
			    mig__fail(MIG_ERROR_MEMORY, "--fields: out of memory");
		if (rc)
			goto fail;
	} else {
		if ((rc = adv_next_line(log, buf, len, &pos, &header)) || !header) {
			if (!rc)
				rc = adv_fail("line 1: no header: an empty log (for a log without "
					      "one, name its fields)");
			goto fail;
		}
		hdr = adv_trim(header);
		line = strdup(hdr);
		rc = line ? parse_columns(cols, &ncols, line, "line 1 (the header)") :
			    mig__fail(MIG_ERROR_MEMORY, "line 1: out of memory");
		if (rc)
			goto fail;
		free(line);
		line = NULL;
	}
	while (!(rc = adv_next_line(log, buf, len, &pos, &line)) && line) {
		if ((rc = parse_line(log, cols, ncols, line, hdr)))
			goto fail;
		free(line);
		line = NULL;
	}
	if (!rc)
		adv_log_sort(log);
fail:
	free(line);
	free(header);
	free(spec);
	return rc;
}
