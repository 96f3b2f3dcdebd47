/*
 * bench_config.c - time to parse mig-parted config files of growing size
 * (layout_parse: YAML, the tree, every config and its devices).  Parsing
 * must be linear: the time per config stays flat as the file grows.
 *
 * Usage: mig-bench-config [MAX_CONFIGS]   (default 80000: 5000, 10000, ... 80000)
 * Prints one line per size: configs, bytes, milliseconds, microseconds per config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A config file of n named configs, each two device groups (about 70 bytes a config). */
static char *make_file(size_t n, size_t *len)
{
	size_t cap = 64 + n * 160, off = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	off += (size_t)snprintf(buf + off, cap - off, "version: v1\nmig-configs:\n");
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, cap - off,
					"  cfg-%07zu:\n  - devices: [0]\n    mig-enabled: true\n"
					"    mig-devices: {1g.10gb: %zu}\n",
					i, 1 + i % 7);
	*len = off;
	return buf;
}

int main(int argc, char **argv)
{
	size_t max = argc > 1 ? strtoul(argv[1], NULL, 10) : 80000;

	printf("%10s %12s %12s %14s\n", "configs", "bytes", "ms", "us/config");
	for (size_t n = 5000; n <= max; n *= 2) {
		layout_config *cfg = NULL;
		size_t len = 0;
		char *text = make_file(n, &len);
		double t0, t1;

		if (!text)
			return 1;
		t0 = now_ms();
		if (layout_parse(&cfg, text, len, "bench.yaml")) {
			fprintf(stderr, "mig-bench-config: %s\n", mig_errmsg());
			return 1;
		}
		t1 = now_ms();
		printf("%10zu %12zu %12.1f %14.2f\n", n, len, t1 - t0, (t1 - t0) * 1000.0 / (double)n);
		layout_config_free(cfg);
		free(text);
	}
	return 0;
}
