/*
 * exporter.h - `migctl exporter`: the node's metrics in Prometheus' text
 * format (internal to src/exporter and its command, docs/exporter.md).
 *
 *   render.c   one scrape's text from a state snapshot
 *   usage.c    instance-seconds by profile, job and user
 *   procinfo.c the Slurm job and user of a process, from /proc
 *   server.c   the HTTP server (libmicrohttpd) and the snapshot it serves
 *
 * Depends on libmig's public header only.
 */
#ifndef MIGCTL_EXPORTER_H
#define MIGCTL_EXPORTER_H

#include <stddef.h>

#include "mig.h"

/* A growing NUL-terminated text; on allocation failure `failed` is set. */
typedef struct exp_buf {
	char *text;
	size_t len, cap;
	int failed;
} exp_buf;

void exp_buf_printf(exp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a label value: backslash, double quote and newline escaped. */
void exp_buf_label(exp_buf *b, const char *s);
void exp_buf_free(exp_buf *b);

/* Who runs a process: the Slurm job id and the user name; "" where unknown. */
typedef struct exp_owner {
	char job[32];
	char user[64];
} exp_owner;

typedef void (*exp_owner_fn)(exp_owner *out, unsigned pid, void *ctx);

/* procinfo.c: the job from /proc/PID/environ (SLURM_JOB_ID) or the Slurm
 * cgroup (".../job_N/..."), the user from the process's real uid. */
void exp_owner_from_proc(exp_owner *out, unsigned pid, void *unused);

/* Instance-seconds by (GI profile, job, user): a counter since the start. */
typedef struct exp_usage exp_usage;

int exp_usage_new(exp_usage **out);
void exp_usage_free(exp_usage *u);
/* Add dt seconds for every GPU instance of st, split between its jobs. */
int exp_usage_add(exp_usage *u, const mig_state *st, double dt, exp_owner_fn owner,
		  void *ctx);

typedef struct exp_scrape {
	const mig_state *st;       /* its telemetry time fixed (mig_state_set_time) */
	const char *hostname;
	exp_owner_fn owner;        /* NULL: no job or user labels */
	void *owner_ctx;
	const exp_usage *usage;    /* NULL: no usage counters */
} exp_scrape;

/* The text of one scrape (Prometheus text format 0.0.4).  0, or -1 out of memory. */
int exp_render(exp_buf *out, const exp_scrape *s);
void exp_usage_render(exp_buf *out, const exp_usage *u, const char *hostname);

/* The server ------------------------------------------------------------------- */

typedef struct exp_server exp_server;

typedef struct exp_config {
	const char *listen;        /* "ADDR:PORT", "[ADDR]:PORT"; NULL: 127.0.0.1:9400 */
	unsigned threads;          /* connection threads; 0: 4 */
	unsigned timeout_s;        /* an idle or slow connection is closed after this; 0: 10 */
} exp_config;

/* Check an ADDR:PORT; 0, or -1 with why (a message naming what is allowed). */
int exp_parse_listen(void *sockaddr_out, unsigned *len_out, const char *text, char *why,
		     size_t whylen);
/* Start serving /metrics and /health; 0, or -1 with why. */
int exp_server_start(exp_server **out, const exp_config *cfg, char *why, size_t whylen);
/* The port it listens on (useful with port 0). */
unsigned exp_server_port(const exp_server *srv);
/*
 * Publish the text the next scrapes get, taking ownership of it (malloc'd).
 * `healthy` 0 with `why`: /health answers 503 with it; the last good
 * metrics are kept.
 */
void exp_server_publish(exp_server *srv, char *metrics, size_t len);
void exp_server_set_health(exp_server *srv, int healthy, const char *why);
void exp_server_stop(exp_server *srv);

#endif
