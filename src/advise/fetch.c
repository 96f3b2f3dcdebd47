/*
 * fetch.c - a job's dcgm-exporter series from Prometheus' HTTP API
 * (/api/v1/query_range, one GET per metric) through libcurl; the answers
 * go to prometheus.c.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

/* A query_range answer larger than this is refused (a wrong query, not a job). */
#define MAX_ANSWER (64u << 20)

typedef struct answer {
	char *data;
	size_t len;
	int too_big;
} answer;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *user)
{
	answer *a = user;
	size_t n = size * nmemb;
	char *grown;

	if (a->len + n > MAX_ANSWER) {
		a->too_big = 1;
		return 0;
	}
	grown = realloc(a->data, a->len + n + 1);
	if (!grown)
		return 0;
	memcpy(grown + a->len, ptr, n);
	a->data = grown;
	a->len += n;
	a->data[a->len] = '\0';
	return n;
}

/* GET url into a: 0, or MIG_ERROR_IO (the server could not be asked, or refused). */
static int get(CURL *curl, const char *url, answer *a, const char *metric)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;

	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		return mig__fail(MIG_ERROR_IO, "%s: %s", metric,
				 a->too_big ? "the answer is larger than 64 MiB" :
				 *errbuf ? errbuf : curl_easy_strerror(rc));
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	/* Prometheus answers errors with a JSON body that prometheus.c reports. */
	if (status != 200 && (!a->data || a->data[0] != '{'))
		return mig__fail(MIG_ERROR_IO, "%s: Prometheus answered HTTP %ld", metric, status);
	return 0;
}

static int valid_job(const char *job)
{
	if (!*job || strlen(job) > 100)
		return 0;
	for (const char *p = job; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

int adv_prometheus_fetch(adv_log *log, const char *base, const char *job, const char *job_label,
			 double start, double end, double step)
{
	CURL *curl;
	int rc = 0;

	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8))
		return adv_fail("--prometheus %s: an http:// or https:// URL", base);
	if (!valid_job(job))
		return adv_fail("--job \"%.40s\": 1 to 100 characters, no quote, backslash "
				"or control character", job);
	if (!(start < end) || !(step > 0) || (end - start) / step > 11000)
		return adv_fail("the range %.0f..%.0f with step %.0f s: start before end, at "
				"most 11000 points (Prometheus' limit)", start, end, step);
	curl = curl_easy_init();
	if (!curl)
		return mig__fail(MIG_ERROR_IO, "libcurl could not start");
	for (size_t i = 0; !rc && adv_dcgm_metrics[i]; i++) {
		const char *metric = adv_dcgm_metrics[i];
		char query[256], *escaped, *url;
		answer a = {NULL, 0, 0};

		snprintf(query, sizeof(query), "%s{%s=\"%s\"}", metric, job_label ? job_label : "hpc_job",
			 job);
		escaped = curl_easy_escape(curl, query, 0);
		url = escaped ? malloc(strlen(base) + strlen(escaped) + 128) : NULL;
		if (!url) {
			rc = mig__fail(MIG_ERROR_MEMORY, "out of memory");
		} else {
			int blen = (int)strlen(base);

			while (blen > 0 && base[blen - 1] == '/')
				blen--;
			sprintf(url, "%.*s/api/v1/query_range?query=%s&start=%.3f&end=%.3f&step=%.3f",
				blen, base, escaped, start, end, step);
			rc = get(curl, url, &a, metric);
			if (!rc)
				rc = adv_parse_prometheus(log, metric, job_label, a.data ? a.data : "",
							  a.len);
		}
		free(a.data);
		free(url);
		curl_free(escaped);
	}
	curl_easy_cleanup(curl);
	return rc;
}
