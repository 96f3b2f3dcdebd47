/*
 * speed.c - how fast a job runs on a slice, beside MPS co-runners, or
 * time-sliced (docs/simulator.md#speed).
 *
 * Parametric (the default): a GI with k of the GPU's n compute slices
 * runs at k/n of the whole GPU; MPS clients whose demands sum to at most 1
 * run at full speed, above that each at 1/sum; time-sliced jobs get equal
 * turns and lose opts.speed.ts_switch to context switches.
 *
 * Measured: ParvaGPU's per-instance profiles of 11 inference models on an
 * A100 80GB (Lee et al., SC 2024; github.com/MunQ-Lee/ParvaGPU_SC24,
 * prof_data/<model>.csv): the speed of a k-GPC instance is the median over
 * models and batch sizes >= 8 of its throughput over the 7-GPC one's; MPS
 * efficiency with n processes is the median of n x throughput(n) /
 * throughput(1), the aggregate gain of co-running saturating processes.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

void sim_speed_default(sim_speed *out)
{
	for (int k = 0; k < 8; k++) {
		out->slice[k] = k / 7.0;
		out->mps[k] = 1;
	}
	out->ts_switch = 0.05;
	out->source = "parametric";
}

double sim_speed_slices(const sim_speed *s, unsigned slices, unsigned total)
{
	double x = total ? 7.0 * slices / total : 7, lo;
	int k = (int)floor(x);

	if (k >= 7)
		return s->slice[7];
	lo = s->slice[k];
	return lo + (s->slice[k + 1] - lo) * (x - k);
}

/* ParvaGPU's grid: [size 1..7][batch index 0..8][processes 1..5] throughput. */
typedef struct grid {
	double tp[8][9][6];
} grid;

static int read_grid(grid *g, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int n = 0;

	if (!f)
		return mig__fail(MIG_ERROR_IO, "%s: %s", path, strerror(errno));
	memset(g, 0, sizeof(*g));
	if (!fgets(line, sizeof(line), f) || strncmp(line, "Mig instance,Batch size,Workload Number,", 40)) {
		fclose(f);
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "%s: not a ParvaGPU profile (header 'Mig instance,Batch size,...')", path);
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned size, batch, procs, b = 0;
		double tp, lat;

		if (sscanf(line, "%u,%u,%u,%lf,%lf", &size, &batch, &procs, &tp, &lat) != 5 || size > 7 ||
		    procs < 1 || procs > 5 || !batch || (batch & (batch - 1)) || batch > 256 || !(tp >= 0)) {
			fclose(f);
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "%s: line %d: expected SIZE,BATCH,PROCESSES,THROUGHPUT,LATENCY", path,
					 n + 2);
		}
		while ((1u << b) < batch)
			b++;
		g->tp[size][b][procs] = tp;
		n++;
	}
	fclose(f);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n, double fallback)
{
	if (!n)
		return fallback;
	qsort(v, n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Ratios from every model file into per-size and per-count lists. */
static void collect(const grid *g, double (*sz)[1024], size_t *nsz, double (*mp)[1024], size_t *nmp)
{
	for (int b = 3; b < 9; b++)
		for (int k = 1; k <= 7; k++)
			if (g->tp[k][b][1] > 0 && g->tp[7][b][1] > 0 && nsz[k] < 1024)
				sz[k][nsz[k]++] = g->tp[k][b][1] / g->tp[7][b][1];
	for (int k = 1; k <= 7; k++)
		for (int b = 0; b < 9; b++)
			for (int n = 2; n <= 5; n++)
				if (g->tp[k][b][n] > 0 && g->tp[k][b][1] > 0 && nmp[n] < 1024)
					mp[n][nmp[n]++] = n * g->tp[k][b][n] / g->tp[k][b][1];
}

int sim_speed_parvagpu(sim_speed *out, const char *dir)
{
	static double sz[8][1024], mp[6][1024];
	size_t nsz[8] = {0}, nmp[6] = {0}, files = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc;

	sim_speed_default(out);
	if (!d)
		return mig__fail(MIG_ERROR_IO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[4096];
		grid g;

		if (len < 5 || strcmp(e->d_name + len - 4, ".csv"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((rc = read_grid(&g, path))) {
			closedir(d);
			return rc;
		}
		collect(&g, sz, nsz, mp, nmp);
		files++;
	}
	closedir(d);
	if (!files || !nsz[1])
		return mig__fail(MIG_ERROR_NOT_FOUND, "%s: no ParvaGPU profiles (<model>.csv)", dir);
	for (int k = 1; k <= 7; k++)
		out->slice[k] = median(sz[k], nsz[k], NAN);
	/* no 5- or 6-GPC instance exists: between the 4- and the 7-GPC ones */
	out->slice[5] = out->slice[4] + (out->slice[7] - out->slice[4]) / 3;
	out->slice[6] = out->slice[4] + 2 * (out->slice[7] - out->slice[4]) / 3;
	for (int n = 2; n <= 5; n++)
		out->mps[n] = median(mp[n], nmp[n], 1);
	out->mps[6] = out->mps[7] = out->mps[5];
	out->source = "parvagpu";
	return 0;
}
