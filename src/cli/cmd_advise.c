/*
 * cmd_advise.c - migctl advise: the smallest MIG profile that serves each
 * job of a metrics log, on each GPU model of the fleet (docs/advise.md).
 *
 *   migctl advise [LOG...] [--format F] [--prometheus URL --job ID]
 *                 [--model LIST | --fleet FILE] [--json] [--chart DIR] [--report DIR]
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "advise.h"
#include "cli.h"
#include "migplan.h"
#include "plot.h"

enum {
	OPT_FORMAT = 1, OPT_FIELDS, OPT_PROMETHEUS, OPT_JOB, OPT_JOB_LABEL, OPT_START, OPT_END,
	OPT_STEP, OPT_MODEL, OPT_FLEET, OPT_SOURCE, OPT_HEADROOM, OPT_CPUS_PER_GPU, OPT_MEM_PER_GPU,
	OPT_CPUS, OPT_HOST_MEM, OPT_JSON, OPT_CHART, OPT_SVG, OPT_REPORT
};

const cli_opt advise_opts[] = {
	{OPT_FORMAT, 0, "format", "F", "the logs' format: csv (nvidia-smi --query-gpu), dmon, dcgm, sacct, prometheus (default: guessed)"},
	{OPT_FIELDS, 0, "fields", "LIST", "csv logs without a header (noheader): the --query-gpu field list"},
	{OPT_PROMETHEUS, 0, "prometheus", "URL", "read the job's dcgm-exporter series from this Prometheus server"},
	{OPT_JOB, 0, "job", "ID", "the job to advise on (with --prometheus: required)"},
	{OPT_JOB_LABEL, 0, "job-label", "NAME", "the label naming the job (default hpc_job, dcgm-exporter's)"},
	{OPT_START, 0, "start", "UNIX", "with --prometheus: from this time (default: an hour before --end)"},
	{OPT_END, 0, "end", "UNIX", "with --prometheus: until this time (default: now)"},
	{OPT_STEP, 0, "step", "S", "with --prometheus: seconds between samples (default 15)"},
	{OPT_MODEL, 'm', "model", "LIST", "the fleet's GPU models, comma-separated (default: the log's board)"},
	{OPT_FLEET, 0, "fleet", "FILE", "the fleet's GPU models from a fleet file (docs/schemas/fleet.schema.json)"},
	{OPT_SOURCE, 0, "board", "MODEL", "the GPU model the log was recorded on, when the log does not say"},
	{OPT_HEADROOM, 0, "headroom", "PCT", "memory headroom over the peak, percent (default 10)"},
	{OPT_CPUS_PER_GPU, 0, "cpus-per-gpu", "N", "the node's CPU cores per GPU (the per-instance bundle)"},
	{OPT_MEM_PER_GPU, 0, "mem-per-gpu", "GIB", "the node's host memory per GPU, GiB"},
	{OPT_CPUS, 0, "cpus", "N", "the job's CPU cores (default: sacct's, when read)"},
	{OPT_HOST_MEM, 0, "host-mem", "GIB", "the job's host memory, GiB"},
	{OPT_JSON, 0, "json", NULL, "print JSON (docs/schemas/advise.schema.json)"},
	{OPT_CHART, 0, "chart", "DIR", "write each job's picture to DIR/<job>.png"},
	{OPT_SVG, 0, "svg", NULL, "with --chart: SVG instead of PNG"},
	{OPT_REPORT, 0, "report", "DIR", "write an HTML report of every job to DIR/index.html (charts in DIR)"},
	{0}};

#define MAX_LOG (256u << 20)

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);

	if (!f || !buf) {
		free(buf);
		if (f && f != stdin)
			fclose(f);
		return -1;
	}
	for (size_t got; (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *grown = cap < MAX_LOG ? realloc(buf, cap * 2) : NULL;

			if (!grown) {
				errno = cap < MAX_LOG ? ENOMEM : EFBIG;
				n = 0;
				break;
			}
			buf = grown;
			cap *= 2;
		}
	}
	if (ferror(f) && !errno)
		errno = EIO;
	if (f != stdin)
		fclose(f);
	*out = buf;
	*len = n;
	return 0;
}

static int number_opt(const cli_cmd *cmd, const char *name, const char *text, double lo, double hi,
		      double *out)
{
	if (!text)
		return 0;
	if (adv_number(out, text) || *out < lo || *out > hi)
		return cli_usage_error(cmd, "--%s %s: a number from %g to %g", name, text, lo, hi);
	return 0;
}

/* --model LIST into models; usage error on a name the catalog lacks. */
static int parse_models(const cli_cmd *cmd, const char *list, const mig_model **models, size_t *n)
{
	char *copy = strdup(list), *save = NULL;
	int rc = 0;

	if (!copy)
		return cli_fail("--model", MIG_ERROR_MEMORY);
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		const mig_model *m;

		if (mig_catalog_resolve(&m, tok) != MIG_SUCCESS)
			rc = cli_usage_error(cmd, "--model %s: %s", tok, mig_errmsg());
		else if (*n < ADV_MAX_MODELS)
			models[(*n)++] = m;
	}
	free(copy);
	return rc;
}

static void add_model(const mig_model **models, size_t *n, const mig_model *m)
{
	for (size_t i = 0; i < *n; i++)
		if (models[i] == m)
			return;
	if (*n < ADV_MAX_MODELS)
		models[(*n)++] = m;
}

/* Every GPU model of a fleet file, in the order met. */
static int fleet_models(const char *path, const mig_model **models, size_t *n)
{
	migplan_fleet *f = NULL;

	if (migplan_fleet_read(&f, path)) {
		fprintf(stderr, "migctl: --fleet %s: %s\n", path, mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	for (size_t node = 0; node < migplan_fleet_node_count(f); node++) {
		mig_state *st = NULL;

		if (migplan_node_state(&st, f, node))
			continue;
		for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
			mig_gpu_info info;

			if (mig_gpu_get(&info, st, g) == MIG_SUCCESS)
				add_model(models, n, info.model);
		}
		mig_state_free(st);
	}
	migplan_fleet_free(f);
	return 0;
}

typedef struct advise_run {
	adv_options opt;
	const mig_model *models[ADV_MAX_MODELS];
	adv_log log;
	const char *chart_dir, *report_dir;
	int json, svg;
} advise_run;

static int load_file(advise_run *r, const cli_args *a, const char *path)
{
	adv_format fmt = ADV_FORMAT_AUTO;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (a->value[OPT_FORMAT])
		fmt = adv_format_from_name(a->value[OPT_FORMAT]);
	errno = 0;
	if (read_all(path, &buf, &len) || errno) {
		fprintf(stderr, "migctl: %s: %s\n", path, strerror(errno ? errno : EIO));
		free(buf);
		return CLI_EXIT_FAIL;
	}
	r->log.line = 0;
	if (a->value[OPT_FIELDS])
		rc = adv_parse_smi_csv(&r->log, a->value[OPT_FIELDS], buf, len);
	else
		rc = adv_parse(&r->log, fmt, buf, len);
	free(buf);
	if (rc) {
		fprintf(stderr, "migctl: %s: %s\n", path, mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	return 0;
}

static int load_prometheus(advise_run *r, const cli_cmd *cmd, const cli_args *a)
{
	double end = (double)time(NULL), start, step = 15;

	if (!a->value[OPT_JOB])
		return cli_usage_error(cmd, "--prometheus needs --job ID");
	if (number_opt(cmd, "end", a->value[OPT_END], 0, 1e11, &end))
		return CLI_EXIT_USAGE;
	start = end - 3600;
	if (number_opt(cmd, "start", a->value[OPT_START], 0, 1e11, &start) ||
	    number_opt(cmd, "step", a->value[OPT_STEP], 0.001, 86400, &step))
		return CLI_EXIT_USAGE;
	if (adv_prometheus_fetch(&r->log, a->value[OPT_PROMETHEUS], a->value[OPT_JOB],
				 a->value[OPT_JOB_LABEL], start, end, step)) {
		fprintf(stderr, "migctl: %s: %s\n", a->value[OPT_PROMETHEUS], mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	if (!r->log.n) {
		fprintf(stderr, "migctl: %s: no series for %s=\"%s\" between %.0f and %.0f\n",
			a->value[OPT_PROMETHEUS], a->value[OPT_JOB_LABEL] ? a->value[OPT_JOB_LABEL] :
			"hpc_job", a->value[OPT_JOB], start, end);
		return CLI_EXIT_FAIL;
	}
	return 0;
}

static int setup(advise_run *r, const cli_cmd *cmd, const cli_args *a)
{
	double headroom = 10, gib = NAN;

	adv_options_init(&r->opt);
	r->opt.models = r->models;
	if (a->value[OPT_FORMAT] && adv_format_from_name(a->value[OPT_FORMAT]) == ADV_FORMAT_AUTO)
		return cli_usage_error(cmd, "--format %s: one of csv, dmon, dcgm, sacct, prometheus",
				       a->value[OPT_FORMAT]);
	if (number_opt(cmd, "headroom", a->value[OPT_HEADROOM], 0, 1000, &headroom) ||
	    number_opt(cmd, "cpus-per-gpu", a->value[OPT_CPUS_PER_GPU], 0.001, 1e6, &r->opt.cpus_per_gpu) ||
	    number_opt(cmd, "cpus", a->value[OPT_CPUS], 0, 1e6, &r->opt.cpus))
		return CLI_EXIT_USAGE;
	r->opt.mem_headroom = headroom / 100;
	if (number_opt(cmd, "mem-per-gpu", a->value[OPT_MEM_PER_GPU], 0.001, 1e6, &gib))
		return CLI_EXIT_USAGE;
	r->opt.mem_per_gpu_mib = gib * 1024;
	gib = NAN;
	if (number_opt(cmd, "host-mem", a->value[OPT_HOST_MEM], 0, 1e6, &gib))
		return CLI_EXIT_USAGE;
	r->opt.host_mem_mib = gib * 1024;
	if (a->value[OPT_SOURCE] && mig_catalog_resolve(&r->opt.source, a->value[OPT_SOURCE]))
		return cli_usage_error(cmd, "--board %s: %s", a->value[OPT_SOURCE], mig_errmsg());
	if (a->value[OPT_MODEL] && parse_models(cmd, a->value[OPT_MODEL], r->models, &r->opt.nmodels))
		return CLI_EXIT_USAGE;
	if (a->value[OPT_FLEET] && fleet_models(a->value[OPT_FLEET], r->models, &r->opt.nmodels))
		return CLI_EXIT_FAIL;
	if (!a->npos && !a->value[OPT_PROMETHEUS])
		return cli_usage_error(cmd, "name a log file (- for standard input) or --prometheus URL");
	r->json = a->count[OPT_JSON] > 0;
	r->svg = a->count[OPT_SVG] > 0;
	r->chart_dir = a->value[OPT_CHART];
	r->report_dir = a->value[OPT_REPORT];
	return 0;
}

/* DIR/NNN-<id with only [A-Za-z0-9._-]>.png */
static char *chart_path(const char *dir, size_t index, const char *id, int svg)
{
	size_t len = strlen(dir) + strlen(id) + 32;
	char *p = malloc(len);
	size_t at;

	if (!p)
		return NULL;
	at = (size_t)snprintf(p, len, "%s/%03zu-", dir, index);
	for (const char *c = id; *c && at + 6 < len; c++)
		p[at++] = (strchr("._-", *c) || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
			   (*c >= 'A' && *c <= 'Z')) ? *c : '_';
	snprintf(p + at, len - at, ".%s", svg ? "svg" : "png");
	return p;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "migctl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Charts for every advised job into dir; paths[i] NULL where none was drawn. */
static int write_charts(const advise_run *r, const char *dir, const adv_advice *adv, size_t n,
			char **paths, int svg)
{
	if (make_dir(dir))
		return -1;
	for (size_t i = 0; i < n; i++) {
		paths[i] = chart_path(dir, i, adv[i].series->id, svg);
		if (!paths[i] || adv_chart_write(&adv[i], paths[i], svg)) {
			fprintf(stderr, "migctl: chart of %s: %s\n", adv[i].series->id,
				paths[i] ? mig_errmsg() : "out of memory");
			return -1;
		}
	}
	(void)r;
	return 0;
}

static void print_all(const advise_run *r, const adv_advice *adv, size_t n, char **charts)
{
	if (r->json) {
		json_t *jobs = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(jobs, adv_advice_json(&adv[i], charts ? charts[i] : NULL));
		cli_json_print(json_pack("{s:s,s:o,s:o}", "schema", "migctl.advise/1", "jobs", jobs,
					 "log", adv_log_json(&r->log)));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			printf("\n");
		adv_advice_text(stdout, &adv[i]);
		if (charts && charts[i])
			printf("  chart: %s\n", charts[i]);
	}
	if (r->log.skipped || r->log.reordered)
		printf("\nthe logs: %zu line(s) skipped, %zu sample(s) out of time order (sorted)%s%s\n",
		       r->log.skipped, r->log.reordered, r->log.nnotes ? "; first: " : "",
		       r->log.nnotes ? r->log.notes[0] : "");
}

static int advise_all(advise_run *r, const char *job)
{
	adv_advice *adv = calloc(r->log.n ? r->log.n : 1, sizeof(*adv));
	char **charts = calloc(r->log.n ? r->log.n : 1, sizeof(char *)), *report = NULL;
	size_t n = 0;
	int rc = CLI_EXIT_FAIL;

	if (!adv || !charts)
		goto fail;
	for (size_t i = 0; i < r->log.n; i++) {
		const adv_series *s = &r->log.series[i];

		if (job && strcmp(s->id, job))
			continue;
		if (adv_advise(&adv[n], s, &r->opt, &r->log))
			fprintf(stderr, "migctl: %s: left out\n", mig_errmsg());
		else if (!adv[n].nchoices)
			fprintf(stderr, "migctl: %s: the board (\"%s\") is not a MIG model the catalog "
				"knows: name the fleet's models with --model or the board with --board\n",
				s->id, s->model);
		else
			n++;
	}
	if (!n) {
		fprintf(stderr, "migctl: no job to advise on%s%s\n", job ? " named " : "", job ? job : "");
		goto fail;
	}
	if ((r->report_dir && write_charts(r, r->report_dir, adv, n, charts, 0)) ||
	    (r->chart_dir && !r->report_dir && write_charts(r, r->chart_dir, adv, n, charts, r->svg)))
		goto fail;
	if (r->report_dir) {
		report = malloc(strlen(r->report_dir) + 16);
		if (!report)
			goto fail;
		sprintf(report, "%s/index.html", r->report_dir);
		if (adv_report_html(report, adv, (const char *const *)charts, n)) {
			fprintf(stderr, "migctl: %s\n", mig_errmsg());
			goto fail;
		}
	}
	print_all(r, adv, n, r->chart_dir || r->report_dir ? charts : NULL);
	if (report && !r->json)
		printf("\nreport: %s\n", report);
	rc = CLI_EXIT_OK;
fail:
	if (r->report_dir || r->chart_dir)
		plot_cleanup();
	for (size_t i = 0; charts && i < r->log.n; i++)
		free(charts[i]);
	free(charts);
	free(adv);
	free(report);
	return rc;
}

int cmd_advise(const cli_cmd *cmd, int argc, char **argv)
{
	advise_run r;
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? CLI_EXIT_OK : rc;
	memset(&r, 0, sizeof(r));
	if ((rc = setup(&r, cmd, &a)))
		return rc;
	for (int i = 0; i < a.npos && !rc; i++)
		rc = load_file(&r, &a, a.pos[i]);
	if (!rc && a.value[OPT_PROMETHEUS])
		rc = load_prometheus(&r, cmd, &a);
	if (!rc)
		rc = advise_all(&r, a.value[OPT_PROMETHEUS] ? NULL : a.value[OPT_JOB]);
	adv_log_free(&r.log);
	return rc;
}
