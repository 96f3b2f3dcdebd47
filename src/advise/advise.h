/*
 * advise.h - `migctl advise`: read a job's GPU metrics from the logs people
 * keep and recommend the smallest MIG profile that serves it on each GPU
 * model of a fleet (docs/advise.md: the method, its reasoning and limits).
 *
 * Failures follow libmig's error model (docs/architecture.md, "Errors"): a
 * function returns 0 or a mig_error code, the sentence in mig_errmsg().
 * Parsers take a buffer and never read past buf[len); they either fill an
 * adv_log or fail with MIG_ERROR_INVALID_ARGUMENT (MIG_ERROR_MEMORY when out
 * of memory) and mig_errmsg() "line N: <what>: <what is allowed>".  Lines they skip on purpose (N/A values, a repeated header)
 * are counted in adv_log.skipped with the first reasons kept in notes.
 * Nothing here prints or exits.
 */
#ifndef MIG_ADVISE_H
#define MIG_ADVISE_H

#include <stddef.h>
#include <stdio.h>

#include "mig.h"

/* One instant of a job's metrics; NAN where the source did not report it. */
typedef struct adv_sample {
	double t;                 /* seconds: Unix time, or from the log's start */
	double mem_used_mib, mem_total_mib;
	double mem_free_mib;      /* DCGM's FB_FREE: with FB_USED gives the total */
	double sm_active;         /* 0..1 of the device's SMs (DCGM_FI_PROF_SM_ACTIVE) */
	double gr_active;         /* 0..1: graphics engine busy (DCGM_FI_PROF_GR_ENGINE_ACTIVE) */
	double util_gpu;          /* 0..1: time a kernel ran (utilization.gpu) */
	double util_mem;          /* 0..1: time memory was read or written */
	double power_w, power_limit_w;
} adv_sample;

/* One job on one GPU (or MIG device): its samples in time order. */
typedef struct adv_series {
	char id[128];             /* job id, else "gpu <index>" or the device's UUID */
	char device[128];         /* GPU UUID or index as the log gives it */
	char model[128];          /* the board's name as logged; "" unknown */
	char profile[32];         /* MIG profile the job ran in; "" the whole GPU */
	adv_sample *s;
	size_t n, cap;
	double cpus, host_mem_mib; /* the job's allocation (sacct); NAN unknown */
} adv_series;

#define ADV_NOTES 8

typedef struct adv_log {
	adv_series *series;
	size_t n, cap;
	size_t skipped;             /* lines or samples skipped on purpose */
	size_t reordered;           /* samples that came out of time order */
	char notes[ADV_NOTES][160]; /* the first skip reasons */
	size_t nnotes;
	size_t line;                /* lines read so far (for messages) */
} adv_log;

void adv_log_free(adv_log *log);

/* The formats `migctl advise` reads (docs/advise.md#inputs). */
typedef enum adv_format {
	ADV_FORMAT_AUTO = 0,
	ADV_FORMAT_SMI_CSV,       /* nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits] */
	ADV_FORMAT_DMON,          /* nvidia-smi dmon [-o DT] [-s pucm] */
	ADV_FORMAT_DCGM,          /* dcgm-exporter /metrics scrapes (Prometheus text) */
	ADV_FORMAT_SACCT,         /* sacct -P (parsable, '|'-separated, with a header) */
	ADV_FORMAT_PROMETHEUS     /* a Prometheus query_range JSON response */
} adv_format;

/* "csv", "dmon", "dcgm", "sacct", "prometheus"; ADV_FORMAT_AUTO when unknown. */
adv_format adv_format_from_name(const char *name);
const char *adv_format_name(adv_format f);
/* Guess the format from the text's first lines. */
adv_format adv_format_detect(const char *buf, size_t len);

/* Parse buf as `format` (AUTO: detect it) into log: 0 or a mig_error code. */
int adv_parse(adv_log *log, adv_format format, const char *buf, size_t len);

/* fields: the --query-gpu list for a log without its header (noheader); NULL: read the header. */
int adv_parse_smi_csv(adv_log *log, const char *fields, const char *buf, size_t len);
int adv_parse_dmon(adv_log *log, const char *buf, size_t len);
int adv_parse_dcgm(adv_log *log, const char *buf, size_t len);
int adv_parse_sacct(adv_log *log, const char *buf, size_t len);
/*
 * One query_range response for one metric (docs/advise.md#prometheus):
 * every result series becomes or joins the series of its job (label
 * `job_label`, dcgm-exporter's "hpc_job" by default) on its GPU.
 */
int adv_parse_prometheus(adv_log *log, const char *metric, const char *job_label,
			 const char *buf, size_t len);

/*
 * Fetch job `job`'s series of every metric in adv_dcgm_metrics from the
 * Prometheus server at base ("http://127.0.0.1:9090") over [start, end]
 * (Unix seconds) every step seconds, into log: 0 or a mig_error code
 * (MIG_ERROR_INVALID_ARGUMENT for a bad argument or answer, MIG_ERROR_IO when
 * the server could not be asked).
 */
int adv_prometheus_fetch(adv_log *log, const char *base, const char *job, const char *job_label,
			 double start, double end, double step);

/* The dcgm-exporter metric names the advice reads, and where they go. */
typedef enum adv_field {
	ADV_FIELD_MEM_USED = 1, ADV_FIELD_MEM_FREE, ADV_FIELD_SM_ACTIVE, ADV_FIELD_GR_ACTIVE,
	ADV_FIELD_UTIL_GPU, ADV_FIELD_UTIL_MEM, ADV_FIELD_POWER
} adv_field;
/* ADV_FIELD_* of a DCGM metric name, or 0 for one the advice ignores. */
int adv_dcgm_field(const char *metric);
/* The metric names, NULL-terminated, for `--prometheus`. */
extern const char *const adv_dcgm_metrics[];

/* A label of a Prometheus sample. */
typedef struct adv_label {
	const char *name, *value;
} adv_label;

/*
 * The series a DCGM sample with these labels belongs to: the job (label
 * job_label, NULL for "hpc_job"; else the pod), on the device (UUID and
 * GPU_I_ID), its model (modelName) and profile (GPU_I_PROFILE) recorded.
 * NULL when out of memory.
 */
adv_series *adv_log_series_labels(adv_log *log, const adv_label *labels, size_t n,
				  const char *job_label);
/* Store metric field `field` (ADV_FIELD_*), in DCGM's units, into x. */
void adv_store(adv_sample *x, int field, double v);

/* Internal to the parsers, shared among them ---------------------------- */

/* The series of (id, device), made when missing; NULL when out of memory. */
adv_series *adv_log_series(adv_log *log, const char *id, const char *device);
/* The sample at time t of s (appended, NANs, when there is none); NULL on OOM. */
adv_sample *adv_series_at(adv_series *s, double t);
/* Record a skip ("line 7: power.draw [N/A]"). */
void adv_log_skip(adv_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Refuse what a log says: MIG_ERROR_INVALID_ARGUMENT with the sentence in mig_errmsg(). */
int adv_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Sort every series by time, counting the samples that were out of order. */
void adv_log_sort(adv_log *log);
/* Strict number: the whole text is a finite decimal; 0 or -1. */
int adv_number(double *out, const char *text);
/*
 * The next line of buf from *pos as a malloc'd string without its "\r\n"
 * (NULL at the end): 0, or a mig_error code (a NUL byte, out of memory).
 * Counts lines in log->line.
 */
int adv_next_line(adv_log *log, const char *buf, size_t len, size_t *pos, char **line);
/* Blanks cut from both ends, in place. */
char *adv_trim(char *s);
/* Split line at sep in place, trimming each field; returns the count (may exceed cap). */
size_t adv_split(char *line, char sep, char **fields, size_t cap);
/* "YYYY/MM/DD HH:MM:SS[.fff]" or "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z]" as Unix seconds (UTC). */
int adv_timestamp(double *out, const char *text);

/* ------------------------------------------------------------------ */
/* The advice                                                         */
/* ------------------------------------------------------------------ */

typedef struct adv_options {
	double mem_headroom;       /* share added to the peak memory (0.10) */
	const mig_model *const *models; /* the fleet's models */
	size_t nmodels;
	const mig_model *source;   /* the board the log came from; NULL: from the log */
	double cpus_per_gpu;       /* the node's bundle per GPU; NAN unknown */
	double mem_per_gpu_mib;
	double cpus, host_mem_mib; /* the job's, overriding the log's; NAN */
} adv_options;

/* Defaults: 10 % memory headroom, everything else unknown. */
void adv_options_init(adv_options *opt);

typedef enum adv_verdict {
	ADV_MIG = 1,              /* a MIG instance of `profile` */
	ADV_WHOLE_GPU,            /* nothing smaller serves it */
	ADV_WHOLE_GPU_MPS         /* light enough to share a whole GPU through MPS */
} adv_verdict;

typedef struct adv_choice {
	const mig_model *model;
	adv_verdict verdict;
	char profile[32];         /* the GI profile ("2g.10gb"); "" for a whole GPU */
	unsigned slices, total_slices;
	unsigned memory_mib;      /* the profile's (the board's for a whole GPU) */
	double compute_share;     /* of the source board's compute this profile gives */
	double saved;             /* share of the GPU left to others, 0..1 */
	double slowdown_lo, slowdown_hi;
	char why[240];            /* why not the next smaller profile */
} adv_choice;

#define ADV_MAX_MODELS 24
#define ADV_MAX_REASONS 8

typedef enum adv_basis {
	ADV_BASIS_NONE = 0, ADV_BASIS_SM_ACTIVE, ADV_BASIS_POWER, ADV_BASIS_UTILIZATION
} adv_basis;

typedef struct adv_advice {
	const adv_series *series;
	const mig_model *source;  /* NULL: unknown */
	size_t samples;
	double duration_s;
	double peak_mem_mib, mem_need_mib;
	adv_basis basis;
	double compute_p50, compute_p95, compute_peak; /* of the source board, 0..1; NAN */
	double power_idle_w, power_limit_w;            /* the power basis's figures */
	double instance_share;    /* the job's MIG instance's share of the board (1: whole) */
	int memory_growing;       /* still rising at the end of the log */
	const char *confidence;   /* "high", "medium", "low" */
	char reasons[ADV_MAX_REASONS][200];
	size_t nreasons;
	adv_choice choices[ADV_MAX_MODELS];
	size_t nchoices;
} adv_advice;

const char *adv_basis_name(adv_basis b);
const char *adv_verdict_name(adv_verdict v);

/*
 * The advice for one series of `log` (NULL: no log notes), on each of
 * opt->models (none: the series' own board, when known).  0, or
 * MIG_ERROR_NOT_FOUND when the series has no sample with a memory figure.
 */
int adv_advise(adv_advice *out, const adv_series *s, const adv_options *opt, const adv_log *log);

/* The compute share (0..1 of the board) of sample i, on the advice's basis; NAN. */
double adv_compute_at(const adv_advice *a, size_t i);

/* Output (json.c, report.c, chart.c) ----------------------------------- */

/* The advice as a JSON object (docs/schemas/advise.schema.json); chart: its picture's path or NULL. */
struct json_t;
struct json_t *adv_advice_json(const adv_advice *a, const char *chart);
struct json_t *adv_log_json(const adv_log *log);
/* The advice as text for people. */
void adv_advice_text(FILE *f, const adv_advice *a);
/*
 * The job's picture: memory, compute and power over time with the candidate
 * profiles' limits, PNG (svg 0) or SVG.  0, or a mig_error code (MIG_ERROR_IO,
 * MIG_ERROR_MEMORY).
 */
int adv_chart_write(const adv_advice *a, const char *path, int svg);
/*
 * One static HTML page for n jobs, charts[i] (PNG paths, or NULL) embedded.
 * 0, or MIG_ERROR_IO ("PATH: <strerror>") or MIG_ERROR_MEMORY.
 */
int adv_report_html(const char *path, const adv_advice *a, const char *const *charts, size_t n);

#endif
