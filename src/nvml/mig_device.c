/*
 * mig_device.c - MIG device handles: a MIG device is one compute instance,
 * addressed by its own nvmlDevice_t (§nvml-A.7).  MIG devices of a
 * GPU are numbered in ascending (GI ID, CI ID).
 */
#include <stdlib.h>

#include "nvml_internal.h"

/* 0 while MIG is disabled: SUCCESS with 0 is what NVML answers then (§nvml-A.6). */
static unsigned max_mig_devices(unsigned gpu)
{
	mig_gpu_info g;

	nv_gpu_info(&g, gpu);
	return g.mig_current ? mig_model_max_mig_devices(g.model) : 0;
}

nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*count = max_mig_devices(gpu);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index,
						 nvmlDevice_t *migDevice)
{
	mig_device_info *devs;
	size_t n = 0;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	/* Past the maximum (all of them with MIG off) is a bad index; below it, a free slot. */
	if (!migDevice || index >= max_mig_devices(gpu))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (mig_device_list(NULL, 0, &n, nv_state(), gpu) != MIG_SUCCESS || index >= n)
		return nv_leave(NVML_ERROR_NOT_FOUND);
	devs = calloc(n, sizeof(*devs));
	if (!devs)
		return nv_leave(NVML_ERROR_MEMORY);
	rc = NVML_ERROR_NOT_FOUND;
	if (mig_device_list(devs, n, &n, nv_state(), gpu) == MIG_SUCCESS && index < n) {
		*migDevice = nv_mig_handle(gpu, devs[index].ci.gi, devs[index].ci.id);
		rc = NVML_SUCCESS;
	}
	free(devs);
	return nv_leave(rc);
}

nvmlReturn_t nvmlDeviceIsMigDeviceHandle(nvmlDevice_t device, unsigned int *isMigDevice)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!isMigDevice)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*isMigDevice = d.mig ? 1 : 0;
	return nv_leave(NVML_SUCCESS);
}

/* A MIG device's (GI ID, CI ID); NOT_SUPPORTED on a full GPU (§nvml-A.7). */
static nvmlReturn_t instance_id(nvmlDevice_t device, unsigned int *id, int ci)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!id)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (!d.mig)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	*id = ci ? d.ci : d.gi;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t device, unsigned int *id)
{
	return instance_id(device, id, 0);
}

nvmlReturn_t nvmlDeviceGetComputeInstanceId(nvmlDevice_t device, unsigned int *id)
{
	return instance_id(device, id, 1);
}

nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice,
							  nvmlDevice_t *device)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, migDevice)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!device)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (!d.mig)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	*device = nv_gpu_handle(d.gpu);
	return nv_leave(NVML_SUCCESS);
}
