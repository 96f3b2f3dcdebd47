/*
 * affinity.c - which CPUs a GPU is close to (nvmlDeviceGetCpuAffinity).
 *
 * A GPU of the emulated node names either an explicit CPU list or a NUMA
 * node of the host it runs on; with neither, the NVML library shares the
 * host's NUMA nodes out over the GPUs (docs/nvml.md, "CPU affinity").
 * Here: the CPU list codec (the kernel's cpulist form, as
 * /sys/devices/system/node/node0/cpulist prints it) and the spec's checks.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "state.h"

/* One decimal CPU number below `limit`; the text after it in *end. */
static int cpu_number(unsigned *out, const char *s, const char **end, unsigned limit)
{
	unsigned long v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v >= limit)
			return -1;
	}
	if (p - s > 1 && s[0] == '0')
		return -1; /* one spelling per number */
	*out = (unsigned)v;
	*end = p;
	return 0;
}

int mig_cpulist_parse(uint64_t *mask, unsigned words, const char *text, char sep)
{
	const char *p = text;
	unsigned limit = words * 64, lo, hi;
	long last = -1;

	if (!mask || !text || !*text)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "empty CPU list");
	memset(mask, 0, words * sizeof(*mask));
	for (;;) {
		if (cpu_number(&lo, p, &p, limit))
			goto bad;
		hi = lo;
		if (*p == '-' && cpu_number(&hi, p + 1, &p, limit))
			goto bad;
		if (hi < lo || (long)lo <= last)
			goto bad;
		for (unsigned c = lo; c <= hi; c++)
			mask[c / 64] |= 1ULL << (c % 64);
		last = (long)hi;
		if (!*p)
			return MIG_SUCCESS;
		if (*p++ != sep)
			goto bad;
	}
bad:
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "CPU list '%s' is not ascending CPU numbers or ranges below %u separated by '%c', e.g. 0-15%c32-47",
			 text, limit, sep, sep);
}

int mig_cpulist_format(char *buf, size_t len, const uint64_t *mask, unsigned words)
{
	size_t used = 0;
	unsigned n = words * 64;

	if (!len)
		return -1;
	buf[0] = '\0';
	for (unsigned c = 0; c < n; c++) {
		unsigned end = c;
		int w;

		if (!(mask[c / 64] >> (c % 64) & 1))
			continue;
		while (end + 1 < n && (mask[(end + 1) / 64] >> ((end + 1) % 64) & 1))
			end++;
		w = end > c ? snprintf(buf + used, len - used, "%s%u-%u", used ? "," : "", c, end)
			    : snprintf(buf + used, len - used, "%s%u", used ? "," : "", c);
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += (size_t)w;
		c = end;
	}
	return 0;
}

int mig__affinity_set(gpu_rec *g, const mig_gpu_spec *spec)
{
	uint64_t mask[MIG_MAX_CPUS / 64];

	g->numa = -1;
	g->cpus[0] = '\0';
	if (spec->cpus && spec->numa_node)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: give its CPU list or its NUMA node, not both");
	if (spec->numa_node > MIG_MAX_CPUS)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: NUMA node %u is past %d", spec->numa_node - 1,
				 MIG_MAX_CPUS - 1);
	if (spec->numa_node)
		g->numa = (int)spec->numa_node - 1;
	if (!spec->cpus)
		return MIG_SUCCESS;
	if (mig_cpulist_parse(mask, MIG_MAX_CPUS / 64, spec->cpus,
			      strchr(spec->cpus, '+') ? '+' : ','))
		return MIG_ERROR_INVALID_ARGUMENT;
	if (mig_cpulist_format(g->cpus, sizeof(g->cpus), mask, MIG_MAX_CPUS / 64))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "adding a GPU: CPU list '%s' is longer than %d characters",
				 spec->cpus, MIG_CPULIST_MAX - 1);
	return MIG_SUCCESS;
}
