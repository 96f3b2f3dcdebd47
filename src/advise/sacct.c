/*
 * sacct.c - Slurm accounting, `sacct -P` (parsable: '|' between fields,
 * a header line of field names) (docs/advise.md#sacct).
 *
 * Read fields: JobID (steps "123.batch", "123.0" fold into job 123),
 * AllocCPUS, ReqMem, MaxRSS, AllocTRES, TRESUsageInMax, TRESUsageInAve.
 * The GPU figures come from the TRES that Slurm's NVML GPU accounting
 * records where the site enables it (AccountingStorageTRES=gres/gpumem,
 * gres/gpuutil): gres/gpumem the peak GPU memory, gres/gpuutil the GPU
 * utilisation in percent.  Each job becomes one sample (a summary, no
 * time series).  Sizes take Slurm's K/M/G/T suffixes (powers of 1024).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

#define MAX_FIELDS 64

enum { F_JOBID, F_CPUS, F_REQMEM, F_MAXRSS, F_ALLOC_TRES, F_TRES_MAX, F_TRES_AVE, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"JobID", "AllocCPUS", "ReqMem", "MaxRSS", "AllocTRES", "TRESUsageInMax", "TRESUsageInAve"};

/* "1.5G", "3000M", "512K", "4Gn" (per node, old Slurm) into MiB; "" -> NAN. */
static int size_mib(const char *t, double *out)
{
	char num[48];
	size_t len = strspn(t, "0123456789.");
	double v, scale = 1.0 / (1024.0 * 1024.0);

	*out = NAN;
	if (!*t)
		return 0;
	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, t, len);
	num[len] = '\0';
	if (adv_number(&v, num))
		return -1;
	switch (t[len]) {
	case 'K': scale = 1.0 / 1024; len++; break;
	case 'M': scale = 1; len++; break;
	case 'G': scale = 1024; len++; break;
	case 'T': scale = 1024.0 * 1024; len++; break;
	case '\0': break;
	default: return -1;
	}
	if (t[len] == 'n' || t[len] == 'c')
		len++;
	if (t[len])
		return -1;
	*out = v * scale;
	return 0;
}

/* The value of `key` in a TRES list "cpu=4,mem=8G,gres/gpumem=3000M"; NULL when absent. */
static const char *tres(const char *list, const char *key, char *buf, size_t cap)
{
	size_t klen = strlen(key);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			size_t vlen = strcspn(p + klen + 1, ",");

			if (vlen >= cap)
				return NULL;
			memcpy(buf, p + klen + 1, vlen);
			buf[vlen] = '\0';
			return buf;
		}
	return NULL;
}

static double larger(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a > b ? a : b;
}

/* Fold one record (the job or a step) into its job's series. */
static int record(adv_log *log, char **f, const int *col)
{
	char job[128], buf[64], model[64];
	const char *v, *tre_max = col[F_TRES_MAX] >= 0 ? f[col[F_TRES_MAX]] : "";
	const char *tre_ave = col[F_TRES_AVE] >= 0 ? f[col[F_TRES_AVE]] : "";
	double mem = NAN, util = NAN, rss = NAN, req = NAN, cpus = NAN;
	adv_series *s;
	adv_sample *x;

	snprintf(job, sizeof(job), "%.*s", (int)strcspn(f[col[F_JOBID]], "."), f[col[F_JOBID]]);
	if (!*job)
		return adv_fail("line %zu: an empty JobID", log->line);
	if (((v = tres(tre_max, "gres/gpumem", buf, sizeof(buf))) && size_mib(v, &mem)) ||
	    ((v = tres(*tre_ave ? tre_ave : tre_max, "gres/gpuutil", buf, sizeof(buf))) &&
	     (adv_number(&util, v) || util < 0)) ||
	    (col[F_MAXRSS] >= 0 && size_mib(f[col[F_MAXRSS]], &rss)) ||
	    (col[F_REQMEM] >= 0 && size_mib(f[col[F_REQMEM]], &req)) ||
	    (col[F_CPUS] >= 0 && *f[col[F_CPUS]] && adv_number(&cpus, f[col[F_CPUS]])))
		return adv_fail("line %zu: job %s: a figure is not a number with a K/M/G/T "
				"suffix (gres/gpumem, gres/gpuutil, MaxRSS, ReqMem, AllocCPUS)",
				log->line, job);
	s = adv_log_series(log, job, "");
	x = s ? adv_series_at(s, 0) : NULL;
	if (!x)
		return mig__fail(MIG_ERROR_MEMORY, "line %zu: out of memory", log->line);
	x->mem_used_mib = larger(x->mem_used_mib, mem);
	x->util_gpu = larger(x->util_gpu, isnan(util) ? NAN : util / 100);
	s->cpus = larger(s->cpus, cpus);
	s->host_mem_mib = larger(s->host_mem_mib, larger(rss, req));
	/* AllocTRES "gres/gpu:a100=1": the GPU type, for the board's model. */
	if (col[F_ALLOC_TRES] >= 0 && !*s->model) {
		const char *g = strstr(f[col[F_ALLOC_TRES]], "gres/gpu:");

		if (g && sscanf(g + 9, "%63[^=,]", model) == 1)
			snprintf(s->model, sizeof(s->model), "%s", model);
	}
	return 0;
}

static int header(char *line, int *col)
{
	char *f[MAX_FIELDS];
	size_t n = adv_split(line, '|', f, MAX_FIELDS);

	if (n > MAX_FIELDS)
		return adv_fail("line 1: %zu fields; at most %d", n, MAX_FIELDS);
	for (int k = 0; k < F_COUNT; k++) {
		col[k] = -1;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(f[i], field_names[k]))
				col[k] = (int)i;
	}
	col[F_COUNT] = (int)n;
	if (col[F_JOBID] < 0)
		return adv_fail("line 1: no JobID field: run sacct -P with its header "
				"(no -n) and --format=JobID,AllocCPUS,ReqMem,MaxRSS,AllocTRES,"
				"TRESUsageInMax,TRESUsageInAve");
	return 0;
}

int adv_parse_sacct(adv_log *log, const char *buf, size_t len)
{
	int col[F_COUNT + 1], rc, have_header = 0;
	size_t pos = 0;
	char *line = NULL;

	while (!(rc = adv_next_line(log, buf, len, &pos, &line)) && line) {
		char *l = adv_trim(line), *f[MAX_FIELDS];
		size_t n;

		if (!*l) {
			free(line);
			continue;
		}
		if (!have_header) {
			rc = header(l, col);
			have_header = 1;
		} else if ((n = adv_split(l, '|', f, MAX_FIELDS)) != (size_t)col[F_COUNT]) {
			if (n < (size_t)col[F_COUNT])
				adv_log_skip(log, "line %zu: %zu of %d fields (cut short): skipped",
					     log->line, n, col[F_COUNT]);
			else
				rc = adv_fail("line %zu: %zu fields, the header names %d",
					      log->line, n, col[F_COUNT]);
		} else {
			rc = record(log, f, col);
		}
		free(line);
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	if (!have_header)
		return adv_fail("line 1: an empty sacct log");
	return 0;
}
