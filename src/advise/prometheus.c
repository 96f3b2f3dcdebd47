/*
 * prometheus.c - Prometheus' HTTP API answers (prometheus.io, "HTTP API":
 * /api/v1/query_range returns {"status":"success","data":{"resultType":
 * "matrix","result":[{"metric":{labels},"values":[[unix_s,"value"],...]}]}})
 * for one dcgm-exporter metric (docs/advise.md#prometheus).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

#define MAX_LABELS 32

static int one_series(adv_log *log, int field, const char *metric, const char *job_label,
		      json_t *r, size_t index)
{
	json_t *labels = json_object_get(r, "metric"), *values = json_object_get(r, "values"), *v;
	adv_label l[MAX_LABELS];
	size_t n = 0, i;
	const char *key;
	json_t *val;
	adv_series *s;

	if (!json_is_object(labels) || !json_is_array(values))
		return adv_fail("%s: result %zu has no \"metric\" object and \"values\" "
				"array (a query_range matrix)", metric, index);
	json_object_foreach(labels, key, val) {
		if (!json_is_string(val) || n == MAX_LABELS)
			return adv_fail("%s: result %zu: labels must be at most %d strings",
					metric, index, MAX_LABELS);
		l[n].name = key;
		l[n++].value = json_string_value(val);
	}
	s = adv_log_series_labels(log, l, n, job_label);
	if (!s)
		return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", metric);
	json_array_foreach(values, i, v) {
		json_t *t = json_array_get(v, 0), *x = json_array_get(v, 1);
		double num;
		adv_sample *at;

		if (json_array_size(v) != 2 || !json_is_number(t) || !json_is_string(x) ||
		    !isfinite(json_number_value(t)))
			return adv_fail("%s: result %zu value %zu is not [unix_time, \"value\"]",
					metric, index, i);
		if (adv_number(&num, json_string_value(x))) {
			adv_log_skip(log, "%s: value \"%.20s\" at %.0f: skipped", metric,
				     json_string_value(x), json_number_value(t));
			continue;
		}
		at = adv_series_at(s, json_number_value(t));
		if (!at)
			return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory (or too many samples)",
					 metric);
		adv_store(at, field, num);
	}
	return 0;
}

int adv_parse_prometheus(adv_log *log, const char *metric, const char *job_label,
			 const char *buf, size_t len)
{
	json_error_t jerr;
	json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr), *data, *result, *r;
	const char *status;
	int field = adv_dcgm_field(metric), rc = 0;
	size_t i;

	if (!field)
		return adv_fail("%s: not a metric the advice reads", metric);
	if (!doc)
		return adv_fail("%s: the answer is not JSON: line %d: %s", metric, jerr.line,
				jerr.text);
	status = json_string_value(json_object_get(doc, "status"));
	data = json_object_get(doc, "data");
	result = json_object_get(data, "result");
	if (!status || strcmp(status, "success")) {
		const char *why = json_string_value(json_object_get(doc, "error"));

		rc = adv_fail("%s: Prometheus answered %s: %s", metric,
			      status ? status : "without a status", why ? why : "no error text");
	} else if (!json_is_string(json_object_get(data, "resultType")) ||
		   strcmp(json_string_value(json_object_get(data, "resultType")), "matrix") ||
		   !json_is_array(result)) {
		rc = adv_fail("%s: not a query_range answer (data.resultType \"matrix\" "
			      "with a result array)", metric);
	} else {
		json_array_foreach(result, i, r) {
			if ((rc = one_series(log, field, metric, job_label, r, i)))
				break;
		}
	}
	json_decref(doc);
	if (!rc)
		adv_log_sort(log);
	return rc;
}
