/*
 * bench_exporter.c - `migctl exporter` under Prometheus-like load: an
 * emulated node of 8 H100 80GB with seven 1g.10gb instances each (56), each
 * running a process with a load, scraped at a fixed rate from several
 * clients; prints the latency percentiles.  Run by hand, never by ctest.
 *
 *   mig-bench-exporter [-r RATE] [-s SECONDS] [-c CLIENTS] [MIGCTL]
 *
 * Defaults: 100 scrapes a second from 4 clients for 10 s.  A scrape's
 * latency is from connect() to the last byte of the answer.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mig.h"

#ifndef MIGCTL_PATH
#define MIGCTL_PATH "migctl"
#endif

#define NGPU 8
#define NINST 7

static unsigned port;
static double rate = 100, seconds = 10;
static int clients = 4;

typedef struct client {
	double *lat;
	size_t n, cap;
	size_t errors, bytes;
	int id;
} client;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One GET /metrics; its byte count, or -1. */
static long scrape(void)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	char buf[65536];
	long total = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) != (ssize_t)sizeof(req) - 1) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		total += n;
	close(fd);
	return strncmp(buf, "HTTP/1.1 200", 12) && total < 12 ? -1 : total;
}

static void *run_client(void *arg)
{
	client *c = arg;
	double period = clients / rate, start = now_s() + c->id * period / clients;

	for (size_t i = 0;; i++) {
		double due = start + (double)i * period, t0, t1;
		long got;

		if (due - start >= seconds)
			break;
		while ((t0 = now_s()) < due) {
			struct timespec ts = {0, (long)((due - t0) * 1e9)};

			nanosleep(&ts, NULL);
		}
		got = scrape();
		t1 = now_s();
		if (got < 0) {
			c->errors++;
			continue;
		}
		c->bytes = (size_t)got;
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 1024;
			c->lat = realloc(c->lat, c->cap * sizeof(*c->lat));
			if (!c->lat)
				exit(1);
		}
		c->lat[c->n++] = (t1 - t0) * 1e3;
	}
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* 8 H100s, seven 1g.10gb each, a sleeping child with a load on every one. */
static int make_node(const char *dir, pid_t *kids)
{
	const char *load = "migctl-load 1\nphase 30s sm=60% mem=6GiB\nphase 30s sm=20% mem=2GiB\nrepeat\n";
	char spec_text[] = "H100-SXM5-80GB:8";
	mig_gpu_spec spec;
	mig_state *st;
	unsigned count, k = 0;
	int act;

	if (mig_state_new(&st) || mig_gpu_spec_parse(&spec, &count, spec_text))
		return -1;
	for (unsigned i = 0; i < count; i++)
		if (mig_state_add_gpu(st, &spec))
			return -1;
	for (unsigned g = 0; g < NGPU; g++) {
		if (mig_set_mig_mode(st, g, 1, &act))
			return -1;
		for (unsigned i = 0; i < NINST; i++, k++) {
			unsigned gi, ci;
			mig_process p;

			if (mig_create_gi(&gi, st, g, 19, NULL) || mig_create_ci(&ci, st, g, gi, -1, NULL))
				return -1;
			if ((kids[k] = fork()) == 0) {
				pause();
				_exit(0);
			}
			memset(&p, 0, sizeof(p));
			p.pid = (unsigned)kids[k];
			p.gpu = g;
			p.gi = gi;
			p.ci = ci;
			snprintf(p.name, sizeof(p.name), "train-%u", k);
			if (mig_process_attach(st, &p) ||
			    mig_process_set_load(st, p.pid, load, strlen(load), (double)time(NULL)))
				return -1;
		}
	}
	if (mig_node_create(dir, st, 0))
		return -1;
	mig_state_free(st);
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Start the exporter on a free port; its pid, port in `port`. */
static pid_t start_exporter(const char *migctl, const char *dir)
{
	int fds[2];
	pid_t pid;
	FILE *err;
	char line[256];

	if (pipe(fds))
		return -1;
	if ((pid = fork()) == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		setenv("MIGCTL_STATE_DIR", dir, 1);
		execl(migctl, migctl, "exporter", "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	err = fdopen(fds[0], "r");
	while (err && fgets(line, sizeof(line), err))
		if (sscanf(line, "migctl exporter: serving /metrics and /health on port %u", &port) == 1)
			break;
	if (err)
		fclose(err);
	return port ? pid : -1;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/mig-bench-exporter-XXXXXX";
	const char *migctl = MIGCTL_PATH;
	pid_t kids[NGPU * NINST] = {0}, exporter;
	client c[64];
	pthread_t th[64];
	double *all;
	size_t n = 0, errors = 0;
	int opt;

	while ((opt = getopt(argc, argv, "r:s:c:")) != -1) {
		if (opt == 'r')
			rate = atof(optarg);
		else if (opt == 's')
			seconds = atof(optarg);
		else if (opt == 'c')
			clients = atoi(optarg);
		else
			return 2;
	}
	if (optind < argc)
		migctl = argv[optind];
	if (!(rate > 0) || !(seconds > 0) || clients < 1 || clients > 64 || !mkdtemp(dir))
		return 2;
	if (make_node(dir, kids)) {
		fprintf(stderr, "mig-bench-exporter: making the node: %s\n", mig_errmsg());
		return 1;
	}
	if ((exporter = start_exporter(migctl, dir)) < 0) {
		fprintf(stderr, "mig-bench-exporter: %s did not start\n", migctl);
		return 1;
	}
	sleep(2); /* a first snapshot and a first usage interval */
	for (int i = 0; i < clients; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].id = i;
		pthread_create(&th[i], NULL, run_client, &c[i]);
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(th[i], NULL);
		n += c[i].n;
		errors += c[i].errors;
	}
	all = malloc((n ? n : 1) * sizeof(*all));
	for (int i = 0, k = 0; i < clients; i++)
		for (size_t j = 0; j < c[i].n; j++)
			all[k++] = c[i].lat[j];
	qsort(all, n, sizeof(*all), by_value);
	printf("migctl exporter: %d GPUs, %d MIG instances, %zu bytes a scrape\n", NGPU,
	       NGPU * NINST, c[0].bytes);
	printf("%.0f scrapes/s asked for %.0f s from %d clients: %zu done, %zu failed\n", rate,
	       seconds, clients, n, errors);
	if (n)
		printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", all[n / 2],
		       all[n * 9 / 10], all[n * 99 / 100], all[n - 1]);
	kill(exporter, SIGTERM);
	waitpid(exporter, NULL, 0);
	for (int i = 0; i < NGPU * NINST; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (int i = 0; i < clients; i++)
		free(c[i].lat);
	free(all);
	return errors ? 1 : 0;
}
