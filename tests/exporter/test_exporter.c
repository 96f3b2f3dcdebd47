/*
 * test_exporter.c - `migctl exporter`'s library (src/exporter): the
 * scrape text against the telemetry model and the text format's rules, the
 * usage counters, and the HTTP server under concurrent scrapes, slow
 * clients, oversized and malformed requests and snapshots replaced
 * mid-scrape.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "exporter.h"
#include "testutil.h"

#define T0 1800000000.0

static unsigned gi3, gi1;  /* the GI IDs node() made */


static void owner_stub(exp_owner *out, unsigned pid, void *ctx)
{
	(void)ctx;
	(void)pid;
	snprintf(out->job, sizeof(out->job), "4242");
	snprintf(out->user, sizeof(out->user), "alice");
}

/* An A100 40GB, MIG on: a 3g.20gb running this process with a load, an idle 1g.5gb. */
static mig_state *node(const char *pname)
{
	const char *load = "migctl-load 1\nphase 100s sm=80% mem=3GiB\n";
	unsigned gi, ci;
	mig_state *st = tu_mig_gpu("A100-SXM4-40GB@580.126.09", "3g.20gb", &gi, &ci);
	mig_process p;

	gi3 = gi;
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gi = gi;
	p.ci = ci;
	snprintf(p.name, sizeof(p.name), "%s", pname);
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_process_set_load(st, p.pid, load, strlen(load), T0));
	assert_ok(mig_create_gi(&gi, st, 0, tu_gi_profile_id(st, "1g.5gb"), NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, -1, NULL));
	gi1 = gi;
	mig_state_set_time(st, T0 + 10);
	return st;
}

static char *render(const mig_state *st, const exp_usage *usage)
{
	exp_scrape s = {st, "node-a", owner_stub, NULL, usage};
	exp_buf b = {0};

	assert_int_equal(exp_render(&b, &s), 0);
	return b.text;
}

/* The value of the first sample whose line starts with `prefix`. */
static double sample(const char *text, const char *prefix)
{
	const char *line = text;

	for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, prefix, strlen(prefix)))
			return strtod(strchr(line, '}') + 1, NULL);
	fail_msg("no sample starting with %s in\n%s", prefix, text);
	return 0;
}

#define GPU "{gpu=\"0\",UUID=\""
/* The labels after modelName of the 3g.20gb (busy) and the 1g.5gb (idle). */
static const char *gi_tail(int busy)
{
	static char tail[2][128];

	snprintf(tail[busy], sizeof(tail[busy]),
		 busy ? "Hostname=\"node-a\",GPU_I_PROFILE=\"3g.20gb\",GPU_I_ID=\"%u\",hpc_job=\"4242\"}"
		      : "Hostname=\"node-a\",GPU_I_PROFILE=\"1g.5gb\",GPU_I_ID=\"%u\"}",
		 busy ? gi3 : gi1);
	return tail[busy];
}

#define GI3 gi_tail(1)

static const char *after_uuid(const char *text, const char *metric, const char *tail)
{
	static char prefix[512];
	const char *u = strstr(text, "UUID=\"GPU-");

	assert_non_null(u);
	snprintf(prefix, sizeof(prefix), "%s" GPU "%.40s\",device=\"nvidia0\",modelName=\"NVIDIA "
		 "A100-SXM4-40GB\",%s", metric, u + 6, tail);
	return prefix;
}

static void test_values_match_the_model(void **unused)
{
	mig_state *st = node("train");
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info d;
	char *text = render(st, NULL);

	(void)unused;
	assert_ok(mig_gpu_telemetry(&t, st, 0));
	assert_ok(mig_device_telemetry(&d, st, 0, gi3, 0));
	assert_true(sample(text, after_uuid(text, "DCGM_FI_PROF_SM_ACTIVE", GI3)) == 0.8);
	assert_true(sample(text, after_uuid(text, "DCGM_FI_PROF_GR_ENGINE_ACTIVE", GI3)) == 0.8);
	assert_true(sample(text, after_uuid(text, "DCGM_FI_DEV_FB_USED", GI3)) ==
		    (double)d.memory_used_mib);
	assert_true(d.memory_used_mib >= 3072);
	assert_true(sample(text, after_uuid(text, "DCGM_FI_DEV_FB_FREE", GI3)) ==
		    (double)(d.memory_total_mib - d.memory_used_mib));
	assert_true(sample(text, after_uuid(text, "DCGM_FI_DEV_POWER_USAGE",
					    "Hostname=\"node-a\"}")) == t.power_draw_mw / 1000.0);
	assert_true(t.power_draw_mw > 43000);
	/* the idle instance: no job label, no activity */
	assert_true(sample(text, after_uuid(text, "DCGM_FI_PROF_SM_ACTIVE", gi_tail(0))) == 0);
	/* MIG on: no utilisation at all, as NVML reports none */
	assert_null(strstr(text, "DCGM_FI_DEV_GPU_UTIL"));
	assert_non_null(strstr(text, ",pid=\"" ));
	assert_non_null(strstr(text, "name=\"train\",hpc_job=\"4242\",user=\"alice\"} 3072\n"));
	free(text);
	mig_state_free(st);
}

/* Every line is a comment or NAME{LABELS} VALUE; a family's samples are together. */
static void test_text_format(void **unused)
{
	mig_state *st = node("we\"ird\\name");
	char *text = render(st, NULL), *save = NULL, *line, seen[64][64];
	size_t nseen = 0;
	regex_t re;

	(void)unused;
	assert_int_equal(regcomp(&re, "^[a-zA-Z_:][a-zA-Z0-9_:]*\\{([a-zA-Z_][a-zA-Z0-9_]*=\""
				      "([^\"\\\\]|\\\\[\"\\\\n])*\",?)*\\} [-+0-9.e]+$",
				 REG_EXTENDED | REG_NOSUB), 0);
	assert_non_null(strstr(text, "name=\"we\\\"ird\\\\name\""));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];

		if (line[0] == '#') {
			assert_true(!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7));
			continue;
		}
		if (regexec(&re, line, 0, NULL, 0))
			fail_msg("not a sample line: %s", line);
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line, "{"), line);
		if (nseen && !strcmp(seen[nseen - 1], name))
			continue;
		for (size_t i = 0; i < nseen; i++)
			if (!strcmp(seen[i], name))
				fail_msg("family %s is split", name);
		assert_true(nseen < 64);
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
	}
	regfree(&re);
	free(text);
	mig_state_free(st);
}

static void test_usage(void **unused)
{
	mig_state *st = node("train");
	exp_usage *u;
	char *text;

	(void)unused;
	assert_int_equal(exp_usage_new(&u), 0);
	assert_int_equal(exp_usage_add(u, st, 10, owner_stub, NULL), 0);
	assert_int_equal(exp_usage_add(u, st, 5, owner_stub, NULL), 0);
	text = render(st, u);
	assert_non_null(strstr(text, "# TYPE migctl_instance_seconds_total counter\n"
				     "migctl_instance_seconds_total{Hostname=\"node-a\",GPU_I_PROFILE=\"1g.5gb\","
				     "hpc_job=\"\",user=\"\"} 15.000\n"
				     "migctl_instance_seconds_total{Hostname=\"node-a\",GPU_I_PROFILE=\"3g.20gb\","
				     "hpc_job=\"4242\",user=\"alice\"} 15.000\n"));
	free(text);
	exp_usage_free(u);
	mig_state_free(st);
}

static void test_listen(void **unused)
{
	struct sockaddr_storage ss;
	unsigned len;
	char why[256];
	static const char *bad[] = {"9400", ":9400", "localhost:9400", "127.0.0.1:65536",
				    "127.0.0.1:", "127.0.0.1:-1", "::1:9400", "[::1]9400",
				    "127.0.0.1:9400x", "300.0.0.1:80"};

	(void)unused;
	assert_int_equal(exp_parse_listen(&ss, &len, "127.0.0.1:9400", why, sizeof(why)), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(exp_parse_listen(&ss, &len, "[::1]:0", why, sizeof(why)), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (exp_parse_listen(&ss, &len, bad[i], why, sizeof(why)) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(strstr(why, "is not ADDR:PORT"));
	}
}

/* HTTP by hand ------------------------------------------------------------------- */

static int dial(unsigned port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* Send req, read the whole answer (the server closes); the status, body in *body. */
static int exchange(unsigned port, const char *req, size_t reqlen, char **body)
{
	int fd = dial(port), status = 0;
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap + 1);
	ssize_t n;

	assert_non_null(buf);
	for (size_t off = 0; off < reqlen; off += (size_t)n)
		if ((n = send(fd, req + off, reqlen - off, MSG_NOSIGNAL)) <= 0)
			break;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};

		if (poll(&p, 1, 10000) != 1)
			fail_msg("no answer within 10 s");
		if ((n = recv(fd, buf + len, cap - len, 0)) <= 0)
			break;
		len += (size_t)n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
	}
	close(fd);
	buf[len] = '\0';
	sscanf(buf, "HTTP/1.%*d %d", &status);
	if (body) {
		char *b = strstr(buf, "\r\n\r\n");

		*body = strdup(b ? b + 4 : "");
	}
	free(buf);
	return status;
}

static int get(unsigned port, const char *path, char **body)
{
	char req[256];

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
	return exchange(port, req, strlen(req), body);
}

/* A snapshot: "# version N" then enough lines to span several reads, then "# end N". */
static char *version_text(unsigned v, size_t *len)
{
	exp_buf b = {0};

	exp_buf_printf(&b, "# version %u\n", v);
	for (unsigned i = 0; i < 4000; i++)
		exp_buf_printf(&b, "migctl_test{i=\"%u\"} %u\n", i, v);
	exp_buf_printf(&b, "# end %u\n", v);
	*len = b.len;
	return b.text;
}

typedef struct swap_ctx {
	exp_server *srv;
	volatile int stop;
} swap_ctx;

static void *swapper(void *arg)
{
	swap_ctx *c = arg;

	for (unsigned v = 2; !c->stop; v++) {
		size_t len;
		char *t = version_text(v, &len);

		exp_server_publish(c->srv, t, len);
		usleep(1000);
	}
	return NULL;
}

typedef struct scraper_ctx {
	unsigned port;
	int bad;
} scraper_ctx;

static void *scraper(void *arg)
{
	scraper_ctx *c = arg;

	for (int i = 0; i < 40; i++) {
		char *body = NULL;
		unsigned v, e;
		const char *end;

		if (get(c->port, "/metrics", &body) != 200 || sscanf(body, "# version %u", &v) != 1 ||
		    !(end = strstr(body, "# end ")) || sscanf(end, "# end %u", &e) != 1 || e != v ||
		    strlen(body) < 4000 * 20)
			c->bad++;
		free(body);
	}
	return NULL;
}

static void test_server(void **unused)
{
	exp_config cfg = {"127.0.0.1:0", 4, 2};
	exp_server *srv;
	char why[256], *body = NULL, *big, *first;
	unsigned port;
	size_t len;
	pthread_t sw, th[8];
	scraper_ctx sc[8];
	swap_ctx swc;
	int slow;

	(void)unused;
	assert_int_equal(exp_server_start(&srv, &cfg, why, sizeof(why)), 0);
	port = exp_server_port(srv);
	assert_true(port > 0);
	/* nothing published yet */
	assert_int_equal(get(port, "/metrics", NULL), 503);
	assert_int_equal(get(port, "/health", NULL), 503);
	first = version_text(1, &len); /* len is set before it is passed */
	exp_server_publish(srv, first, len);
	assert_int_equal(get(port, "/health", &body), 200);
	assert_string_equal(body, "ok\n");
	free(body);
	exp_server_set_health(srv, 0, "reading the node: locked");
	assert_int_equal(get(port, "/health", &body), 503);
	assert_string_equal(body, "reading the node: locked\n");
	free(body);
	exp_server_set_health(srv, 1, NULL);
	assert_int_equal(get(port, "/nope", NULL), 404);
	assert_int_equal(exchange(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
					"Connection: close\r\n\r\nabc", 73, NULL), 405);
	/* malformed: not HTTP at all, a request line without a version */
	assert_true(exchange(port, "BLAH\r\n\r\n", 8, NULL) / 100 != 2);
	assert_true(exchange(port, "GET /metrics\r\n\r\n", 16, NULL) / 100 != 2);
	/* oversized: 64 KiB of header */
	big = malloc(70000);
	assert_non_null(big);
	len = (size_t)snprintf(big, 70000, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(big + len, 'a', 65536);
	len += 65536;
	len += (size_t)snprintf(big + len, 70000 - len, "\r\nConnection: close\r\n\r\n");
	assert_true(exchange(port, big, len, NULL) / 100 != 2);
	free(big);
	/* a slow client holds a half-sent request while everyone else scrapes */
	slow = dial(port);
	assert_true(send(slow, "GET /metr", 9, MSG_NOSIGNAL) == 9);
	/* concurrent scrapes while the snapshot is replaced every millisecond */
	swc.srv = srv;
	swc.stop = 0;
	assert_int_equal(pthread_create(&sw, NULL, swapper, &swc), 0);
	for (int i = 0; i < 8; i++) {
		sc[i].port = port;
		sc[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, scraper, &sc[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(sc[i].bad, 0);
	}
	swc.stop = 1;
	pthread_join(sw, NULL);
	close(slow);
	assert_int_equal(get(port, "/metrics", NULL), 200);
	exp_server_stop(srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_match_the_model),
		cmocka_unit_test(test_text_format),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
