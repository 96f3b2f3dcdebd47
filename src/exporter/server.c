/*
 * server.c - the HTTP side of `migctl exporter`, on libmicrohttpd.
 *
 * Scrapes never wait for the node.  The command renders a snapshot of the
 * metrics every interval and publishes it here; a request takes a
 * reference to the latest snapshot (a pointer copy and a count, under a
 * mutex held for nothing else) and streams it, so a slow reader, a node
 * whose state file is locked by a long change, or a change landing
 * mid-scrape neither blocks other scrapes nor tears the text they get.
 *
 * Defences (docs/exporter.md): loopback unless --listen says otherwise;
 * GET and HEAD only; /metrics and /health only; a request's header must fit
 * in 16 KiB of connection memory (libmicrohttpd answers 431 or closes);
 * a connection idle or too slow for `timeout_s` is closed; at most 256
 * connections.  libmicrohttpd's epoll loop serves them on a few threads.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exporter.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

typedef struct snapshot {
	unsigned refs;     /* under the server's mutex */
	size_t len;
	char *text;
} snapshot;

struct exp_server {
	struct MHD_Daemon *mhd;
	pthread_mutex_t mu;
	snapshot *current;
	int healthy;
	char health[256];
	unsigned port;
};

typedef struct stream {
	exp_server *srv;
	snapshot *snap;
} stream;

static void snapshot_unref(exp_server *srv, snapshot *s)
{
	int last;

	if (!s)
		return;
	pthread_mutex_lock(&srv->mu);
	last = --s->refs == 0;
	pthread_mutex_unlock(&srv->mu);
	if (last) {
		free(s->text);
		free(s);
	}
}

static ssize_t read_snapshot(void *cls, uint64_t pos, char *buf, size_t max)
{
	const stream *st = cls;
	size_t n;

	if (pos >= st->snap->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = st->snap->len - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, st->snap->text + pos, n);
	return (ssize_t)n;
}

static void end_stream(void *cls)
{
	stream *st = cls;

	snapshot_unref(st->srv, st->snap);
	free(st);
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								  MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result reply_metrics(exp_server *srv, struct MHD_Connection *c)
{
	stream *st = malloc(sizeof(*st));
	struct MHD_Response *r;
	enum MHD_Result ok;

	if (!st)
		return MHD_NO;
	pthread_mutex_lock(&srv->mu);
	st->srv = srv;
	st->snap = srv->current;
	if (st->snap)
		st->snap->refs++;
	pthread_mutex_unlock(&srv->mu);
	if (!st->snap) {
		free(st);
		return reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "no metrics yet\n");
	}
	r = MHD_create_response_from_callback(st->snap->len, (size_t)64 * 1024, read_snapshot, st,
					      end_stream);
	if (!r) {
		end_stream(st);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
	ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result reply_health(exp_server *srv, struct MHD_Connection *c)
{
	char text[300];
	int healthy;

	pthread_mutex_lock(&srv->mu);
	healthy = srv->healthy && srv->current;
	snprintf(text, sizeof(text), "%s\n",
		 healthy ? "ok" : srv->health[0] ? srv->health : "no metrics yet");
	pthread_mutex_unlock(&srv->mu);
	return reply_text(c, healthy ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, text);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	exp_server *srv = cls;

	(void)version;
	(void)upload_data;
	(void)con_cls;
	if (*upload_data_size)
		return reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "no request body here\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or HEAD only\n");
	if (!strcmp(url, "/metrics"))
		return reply_metrics(srv, c);
	if (!strcmp(url, "/health"))
		return reply_health(srv, c);
	return reply_text(c, MHD_HTTP_NOT_FOUND, "not found: /metrics and /health are served\n");
}

static int port_of(unsigned *out, const char *s)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 5)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int exp_parse_listen(void *sockaddr_out, unsigned *len_out, const char *text, char *why,
		     size_t whylen)
{
	struct sockaddr_storage *ss = sockaddr_out;
	char host[64];
	const char *colon = strrchr(text, ':');
	size_t hlen = colon ? (size_t)(colon - text) : 0;
	unsigned port;

	memset(ss, 0, sizeof(*ss));
	if (!colon || hlen == 0 || hlen >= sizeof(host) || port_of(&port, colon + 1))
		goto bad;
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (host[0] == '[' && host[hlen - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		host[hlen - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			goto bad;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len_out = sizeof(*a);
		return 0;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		*len_out = sizeof(*a);
		return 0;
	}
bad:
	snprintf(why, whylen,
		 "'%s' is not ADDR:PORT (an IPv4 address or a bracketed IPv6 one, and a port "
		 "0-65535: 127.0.0.1:9400, [::1]:9400, 0.0.0.0:9400)",
		 text);
	return -1;
}

int exp_server_start(exp_server **out, const exp_config *cfg, char *why, size_t whylen)
{
	struct sockaddr_storage ss;
	unsigned len, threads = cfg->threads ? cfg->threads : 4;
	unsigned timeout = cfg->timeout_s ? cfg->timeout_s : 10;
	exp_server *srv;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD;

	if (exp_parse_listen(&ss, &len, cfg->listen ? cfg->listen : "127.0.0.1:9400", why, whylen))
		return -1;
	if (!(srv = calloc(1, sizeof(*srv)))) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&srv->mu, NULL);
	srv->healthy = 1;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->mhd = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, 256u,
		MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)16384, MHD_OPTION_END);
	if (!srv->mhd) {
		snprintf(why, whylen, "cannot listen on %s (in use, or not an address of this machine)",
			 cfg->listen ? cfg->listen : "127.0.0.1:9400");
		pthread_mutex_destroy(&srv->mu);
		free(srv);
		return -1;
	}
	info = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	*out = srv;
	return 0;
}

unsigned exp_server_port(const exp_server *srv)
{
	return srv->port;
}

void exp_server_publish(exp_server *srv, char *metrics, size_t len)
{
	snapshot *s = malloc(sizeof(*s)), *old;

	if (!s) {
		free(metrics);
		return;
	}
	s->refs = 1;
	s->len = len;
	s->text = metrics;
	pthread_mutex_lock(&srv->mu);
	old = srv->current;
	srv->current = s;
	pthread_mutex_unlock(&srv->mu);
	snapshot_unref(srv, old);
}

void exp_server_set_health(exp_server *srv, int healthy, const char *why)
{
	pthread_mutex_lock(&srv->mu);
	srv->healthy = healthy;
	snprintf(srv->health, sizeof(srv->health), "%s", why ? why : "");
	pthread_mutex_unlock(&srv->mu);
}

void exp_server_stop(exp_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->mhd);
	snapshot_unref(srv, srv->current);
	pthread_mutex_destroy(&srv->mu);
	free(srv);
}
