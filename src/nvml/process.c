/*
 * process.c - nvmlDevice{Compute,Graphics,MPSCompute}RunningProcesses.
 *
 * The node's emulated processes are compute processes, except one held on
 * a whole GPU whose MIG mode is enabled, which CUDA could not be: libmig
 * (mig_process_kind_of) calls that a graphics client.  The MPS list is
 * empty.  A GPU lists every process of the kind on it (in MIG mode the
 * aggregate, each with its GI and CI), a MIG device those on its compute
 * instance (§nvml-A.5, §nvml-A.7).
 *
 * *infoCount is the caller's capacity: too small (0 with NULL to ask)
 * answers INSUFFICIENT_SIZE with the count needed, and nothing is written.
 * The unversioned symbols write 16-byte v1 entries, _v2/_v3 24-byte ones.
 */
#include <stdlib.h>
#include <string.h>

#include "nvml_internal.h"

#define MIB (1024ull * 1024ull)

enum kind { COMPUTE, GRAPHICS, MPS };

static nvmlReturn_t running(nvmlDevice_t device, unsigned int *infoCount, void *infos,
			    int v1, enum kind kind)
{
	mig_process *procs = NULL;
	size_t n = 0, k = 0;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!infoCount)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_prune_processes();
	if (kind != MPS && mig_process_list(NULL, 0, &n, nv_state(), d.gpu) == MIG_SUCCESS &&
	    n > 0) {
		procs = calloc(n, sizeof(*procs));
		if (!procs)
			return nv_leave(NVML_ERROR_MEMORY);
		if (mig_process_list(procs, n, &n, nv_state(), d.gpu) != MIG_SUCCESS)
			n = 0;
		/* Keep those on this device, in the node's order. */
		for (size_t i = 0; i < n; i++) {
			mig_process_kind pk = mig_process_kind_of(nv_state(), &procs[i]);

			if ((pk == MIG_PROCESS_GRAPHICS) != (kind == GRAPHICS))
				continue;
			if (!d.mig || (procs[i].gi == d.gi && procs[i].ci == d.ci))
				procs[k++] = procs[i];
		}
	}
	if (*infoCount < k) {
		*infoCount = (unsigned)k;
		free(procs);
		return nv_leave(NVML_ERROR_INSUFFICIENT_SIZE);
	}
	if (k > 0 && !infos) {
		free(procs);
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	}
	for (size_t i = 0; i < k; i++) {
		if (v1) {
			nvmlProcessInfo_v1_t e;

			memset(&e, 0, sizeof(e));
			e.pid = procs[i].pid;
			e.usedGpuMemory = procs[i].used_mib * MIB;
			((nvmlProcessInfo_v1_t *)infos)[i] = e;
		} else {
			nvmlProcessInfo_v2_t e;

			memset(&e, 0, sizeof(e));
			e.pid = procs[i].pid;
			e.usedGpuMemory = procs[i].used_mib * MIB;
			/* MIG_NONE is NVML's 0xFFFFFFFF "not on a MIG instance". */
			e.gpuInstanceId = procs[i].gi;
			e.computeInstanceId = procs[i].ci;
			((nvmlProcessInfo_v2_t *)infos)[i] = e;
		}
	}
	*infoCount = (unsigned)k;
	free(procs);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t device, unsigned int *infoCount,
						  nvmlProcessInfo_v1_t *infos)
{
	return running(device, infoCount, infos, 1, COMPUTE);
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(nvmlDevice_t device, unsigned int *infoCount,
						     nvmlProcessInfo_v2_t *infos)
{
	return running(device, infoCount, infos, 0, COMPUTE);
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
						     nvmlProcessInfo_t *infos)
{
	return running(device, infoCount, infos, 0, COMPUTE);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses(nvmlDevice_t device, unsigned int *infoCount,
						   nvmlProcessInfo_v1_t *infos)
{
	return running(device, infoCount, infos, 1, GRAPHICS);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v2(nvmlDevice_t device, unsigned int *infoCount,
						      nvmlProcessInfo_v2_t *infos)
{
	return running(device, infoCount, infos, 0, GRAPHICS);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
						      nvmlProcessInfo_t *infos)
{
	return running(device, infoCount, infos, 0, GRAPHICS);
}

nvmlReturn_t nvmlDeviceGetMPSComputeRunningProcesses(nvmlDevice_t device, unsigned int *infoCount,
						     nvmlProcessInfo_v1_t *infos)
{
	return running(device, infoCount, infos, 1, MPS);
}

nvmlReturn_t nvmlDeviceGetMPSComputeRunningProcesses_v2(nvmlDevice_t device,
							unsigned int *infoCount,
							nvmlProcessInfo_v2_t *infos)
{
	return running(device, infoCount, infos, 0, MPS);
}

nvmlReturn_t nvmlDeviceGetMPSComputeRunningProcesses_v3(nvmlDevice_t device,
							unsigned int *infoCount,
							nvmlProcessInfo_t *infos)
{
	return running(device, infoCount, infos, 0, MPS);
}
