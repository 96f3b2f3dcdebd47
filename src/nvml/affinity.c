/*
 * affinity.c - the CPUs and NUMA node a GPU is close to:
 * nvmlDeviceGetCpuAffinity, ...GetCpuAffinityWithinScope, ...GetMemoryAffinity.
 *
 * Slurm's gpu/nvml plugin binds jobs by these masks and stops slurmd when
 * the mask names no CPU it has, so the answer is always made of the CPUs
 * of the host the library runs on (docs/nvml.md, "CPU affinity"):
 *   - a GPU with an explicit CPU list (emulate create GPU,cpus=LIST): it;
 *   - a GPU with a NUMA node (GPU,numa=N): the host's node N, read from
 *     /sys/devices/system/node/nodeN/cpulist (all online CPUs if the host
 *     has no such node);
 *   - else by platform: the host's NUMA nodes shared out in order, GPU i on
 *     node i * nodes / GPUs (GPUs 0-3 on node 0 and 4-7 on node 1 of a
 *     two-socket HGX board), all online CPUs on a one-node host.
 * Scopes NODE and SOCKET answer the same set: the model has one NUMA node
 * per socket.  Whole GPUs only: a MIG device handle answers NOT_SUPPORTED,
 * as the other board-wide figures do (modes.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nvml_internal.h"

#define WORDS (MIG_MAX_CPUS / 64)
#define MAX_NODES 64u

/* NVML_AFFINITY_SCOPE_NODE, _SOCKET (nvml.h). */
#define SCOPE_NODE 0u
#define SCOPE_SOCKET 1u

/* A sysfs cpulist file as a mask; -1 if unreadable or malformed. */
static int read_cpulist(uint64_t mask[WORDS], const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return mig_cpulist_parse(mask, WORDS, buf, ',') ? -1 : 0;
}

static int node_cpus(uint64_t mask[WORDS], unsigned node)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/cpulist", node);
	return read_cpulist(mask, path);
}

/* The host's online CPUs (sysfs, else the count sysconf gives). */
static void online_cpus(uint64_t mask[WORDS])
{
	long n;

	if (!read_cpulist(mask, "/sys/devices/system/cpu/online"))
		return;
	memset(mask, 0, WORDS * sizeof(*mask));
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	for (long c = 0; c < n && c < MIG_MAX_CPUS; c++)
		mask[c / 64] |= 1ULL << (c % 64);
}

/* The NUMA node of a GPU given none: the host's nodes shared out in order; -1 if it has none. */
static int platform_node(unsigned gpu)
{
	unsigned ids[MAX_NODES], n = 0, ngpu = nv_gpu_count();
	uint64_t scratch[WORDS];

	for (unsigned id = 0; id < MAX_NODES; id++)
		if (!node_cpus(scratch, id))
			ids[n++] = id;
	if (n < 2 || !ngpu)
		return n ? (int)ids[0] : -1;
	return (int)ids[(unsigned long)gpu * n / ngpu];
}

/* The CPUs and the NUMA nodes (bit per node) of a whole GPU. */
static void gpu_affinity(uint64_t cpus[WORDS], uint64_t *nodes, unsigned gpu)
{
	mig_gpu_info g;
	int node;

	nv_gpu_info(&g, gpu);
	*nodes = 0;
	if (g.cpus[0] && !mig_cpulist_parse(cpus, WORDS, g.cpus, ',')) {
		uint64_t on[WORDS];

		for (unsigned id = 0; id < MAX_NODES; id++) {
			int meets = 0;

			if (node_cpus(on, id))
				continue;
			for (unsigned w = 0; w < WORDS; w++)
				meets |= (on[w] & cpus[w]) != 0;
			*nodes |= (uint64_t)meets << id;
		}
		if (!*nodes)
			*nodes = 1;
		return;
	}
	node = g.numa_node >= 0 ? g.numa_node : platform_node(gpu);
	if (node >= 0 && node < (int)MAX_NODES && !node_cpus(cpus, (unsigned)node)) {
		*nodes = 1ULL << node;
		return;
	}
	online_cpus(cpus);
	*nodes = 1;
}

/* A mask into the caller's `size` unsigned longs (the bits past them are dropped, as NVML does). */
static void put_mask(unsigned long *out, unsigned size, const uint64_t *mask, unsigned words)
{
	const unsigned per = (unsigned)(sizeof(unsigned long) * 8);

	memset(out, 0, size * sizeof(*out));
	for (unsigned bit = 0; bit < words * 64 && bit / per < size; bit++)
		if (mask[bit / 64] >> (bit % 64) & 1)
			out[bit / per] |= 1UL << (bit % per);
}

/* Enter and resolve a whole GPU, checking the output array. */
static nvmlReturn_t affinity_begin(unsigned *gpu, nvmlDevice_t device, unsigned size,
				   const unsigned long *out, unsigned scope)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!size || !out || (scope != SCOPE_NODE && scope != SCOPE_SOCKET))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCpuAffinityWithinScope(nvmlDevice_t device, unsigned int cpuSetSize,
						 unsigned long *cpuSet,
						 nvmlAffinityScope_t scope)
{
	uint64_t cpus[WORDS], nodes;
	unsigned gpu;
	nvmlReturn_t rc = affinity_begin(&gpu, device, cpuSetSize, cpuSet, scope);

	if (rc != NVML_SUCCESS)
		return rc;
	gpu_affinity(cpus, &nodes, gpu);
	put_mask(cpuSet, cpuSetSize, cpus, WORDS);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetCpuAffinity(nvmlDevice_t device, unsigned int cpuSetSize,
				      unsigned long *cpuSet)
{
	return nvmlDeviceGetCpuAffinityWithinScope(device, cpuSetSize, cpuSet, SCOPE_NODE);
}

nvmlReturn_t nvmlDeviceGetMemoryAffinity(nvmlDevice_t device, unsigned int nodeSetSize,
					 unsigned long *nodeSet, nvmlAffinityScope_t scope)
{
	uint64_t cpus[WORDS], nodes;
	unsigned gpu;
	nvmlReturn_t rc = affinity_begin(&gpu, device, nodeSetSize, nodeSet, scope);

	if (rc != NVML_SUCCESS)
		return rc;
	gpu_affinity(cpus, &nodes, gpu);
	put_mask(nodeSet, nodeSetSize, &nodes, 1);
	return nv_leave(NVML_SUCCESS);
}
