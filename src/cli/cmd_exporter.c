/*
 * cmd_exporter.c - `migctl exporter [--listen ADDR:PORT] [--interval S]
 * [--once]`: serve the node's metrics to Prometheus (src/exporter,
 * docs/exporter.md).
 *
 * This thread reads the node every interval, fixes the telemetry clock to
 * that instant, renders the scrape text and hands it to the server, whose
 * own threads answer requests from the latest text; it also waits for
 * SIGINT/SIGTERM, blocked everywhere else, to stop cleanly.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exporter.h"
#include "util.h"

enum { OPT_LISTEN = 1, OPT_INTERVAL, OPT_ONCE };

const cli_opt exporter_opts[] = {
	{OPT_LISTEN, 0, "listen", "ADDR:PORT",
	 "where to serve /metrics and /health (default 127.0.0.1:9400; port 0: any free port)"},
	{OPT_INTERVAL, 0, "interval", "SECONDS",
	 "how often the node is read (default 1; 0.1 to 3600)"},
	{OPT_ONCE, 0, "once", NULL, "print one scrape on stdout and exit"},
	{0}};

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One scrape of the node at this instant; malloc'd text, or NULL with why. */
static char *scrape(mig_node *node, exp_usage *usage, double *last, const char *host,
		    size_t *len, char *why, size_t whylen)
{
	mig_state *st = NULL;
	exp_buf b = {0};
	double t = wall_now();
	exp_scrape s = {NULL, host, exp_owner_from_proc, NULL, usage};

	if (mig_node_read(&st, node) != MIG_SUCCESS) {
		snprintf(why, whylen, "reading the node: %s", mig_errmsg());
		return NULL;
	}
	mig_state_set_time(st, t);
	s.st = st;
	if (usage && *last > 0 && exp_usage_add(usage, st, t - *last, exp_owner_from_proc, NULL))
		b.failed = 1;
	*last = t;
	if (b.failed || exp_render(&b, &s)) {
		snprintf(why, whylen, "rendering the metrics: %s", "out of memory");
		exp_buf_free(&b);
		mig_state_free(st);
		return NULL;
	}
	mig_state_free(st);
	*len = b.len;
	return b.text;
}

static int parse_interval(double *out, const char *s)
{
	*out = 1;
	return s ? util_parse_double(s, 0.1, 3600, out) : 0;
}

static int serve(mig_node *node, const char *listen, double interval, const char *host)
{
	exp_config cfg = {listen, 0, 0};
	exp_server *srv = NULL;
	exp_usage *usage = NULL;
	sigset_t stop;
	char why[512];
	double last = 0;
	int rc = CLI_EXIT_FAIL;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL); /* the server's threads inherit it */
	if (exp_usage_new(&usage)) {
		fprintf(stderr, "migctl exporter: out of memory\n");
		return CLI_EXIT_FAIL;
	}
	if (exp_server_start(&srv, &cfg, why, sizeof(why))) {
		fprintf(stderr, "migctl exporter: %s\n", why);
		goto done;
	}
	fprintf(stderr, "migctl exporter: serving /metrics and /health on port %u\n",
		exp_server_port(srv));
	for (;;) {
		size_t len = 0;
		char *text = scrape(node, usage, &last, host, &len, why, sizeof(why));
		struct timespec wait = {(time_t)interval,
					(long)((interval - (double)(time_t)interval) * 1e9)};
		int sig;

		if (text) {
			exp_server_publish(srv, text, len);
			exp_server_set_health(srv, 1, NULL);
		} else {
			exp_server_set_health(srv, 0, why);
			fprintf(stderr, "migctl exporter: %s\n", why);
		}
		sig = sigtimedwait(&stop, NULL, &wait);
		if (sig == SIGINT || sig == SIGTERM)
			break;
	}
	rc = CLI_EXIT_OK;
done:
	exp_server_stop(srv);
	exp_usage_free(usage);
	return rc;
}

int cmd_exporter(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;
	mig_node *node;
	double interval;
	char host[256] = "", why[512];
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a.pos[0]);
	if (parse_interval(&interval, a.value[OPT_INTERVAL]))
		return cli_usage_error(cmd, "bad --interval '%s' (seconds, 0.1 to 3600)",
				       a.value[OPT_INTERVAL]);
	if (a.value[OPT_LISTEN]) {
		struct sockaddr_storage ss;
		unsigned len;

		if (exp_parse_listen(&ss, &len, a.value[OPT_LISTEN], why, sizeof(why)))
			return cli_usage_error(cmd, "--listen: %s", why);
	}
	if (gethostname(host, sizeof(host) - 1))
		snprintf(host, sizeof(host), "localhost");
	if (cli_open_node(&node))
		return CLI_EXIT_FAIL;
	if (a.value[OPT_ONCE]) {
		double last = 0;
		size_t len = 0;
		char *text = scrape(node, NULL, &last, host, &len, why, sizeof(why));

		mig_node_close(node);
		if (!text) {
			fprintf(stderr, "migctl exporter: %s\n", why);
			return CLI_EXIT_FAIL;
		}
		fwrite(text, 1, len, stdout);
		free(text);
		return CLI_EXIT_OK;
	}
	rc = serve(node, a.value[OPT_LISTEN], interval, host);
	mig_node_close(node);
	return rc;
}
