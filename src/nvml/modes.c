/*
 * modes.c - the modes and states of nvidia-smi's main screen: display
 * active and display mode, ECC mode, performance state, compute mode, BAR1
 * memory, and the PCIe generation the private table reports.
 *
 * The figures are libmig's telemetry model (mig_gpu_telemetry,
 * docs/libmig.md), the same ones migctl's own screens print: no display,
 * ECC on, the model's P-state, compute mode Default.  They belong to the
 * whole GPU, so a MIG device handle answers NOT_SUPPORTED, except BAR1,
 * which every MIG device has (nvidia-smi drops the MIG devices table
 * without it).
 */
#include "nvml_internal.h"

#define MIB (1024ull * 1024ull)

/* Enter, find the whole GPU, refuse a NULL output, read the telemetry (as sensors.c). */
static nvmlReturn_t modes_begin(mig_gpu_telemetry_info *t, nvmlDevice_t device, const void *out)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!out)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (mig_gpu_telemetry(t, nv_state(), gpu) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_UNKNOWN);
	return NVML_SUCCESS;
}

static nvmlEnableState_t enabled(int on)
{
	return on ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
}

nvmlReturn_t nvmlDeviceGetDisplayActive(nvmlDevice_t device, nvmlEnableState_t *isActive)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, isActive);

	if (rc != NVML_SUCCESS)
		return rc;
	*isActive = enabled(t.display_active);
	return nv_leave(NVML_SUCCESS);
}

/* A display "attached" (a connector in use): none without an active display, here. */
nvmlReturn_t nvmlDeviceGetDisplayMode(nvmlDevice_t device, nvmlEnableState_t *display)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, display);

	if (rc != NVML_SUCCESS)
		return rc;
	*display = enabled(t.display_active);
	return nv_leave(NVML_SUCCESS);
}

/* No ECC mode change is ever pending: the pending mode is the current one. */
nvmlReturn_t nvmlDeviceGetEccMode(nvmlDevice_t device, nvmlEnableState_t *current,
				  nvmlEnableState_t *pending)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, current);

	if (rc != NVML_SUCCESS)
		return rc;
	if (!pending)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*current = *pending = enabled(t.ecc_mode);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetDefaultEccMode(nvmlDevice_t device, nvmlEnableState_t *defaultMode)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, defaultMode);

	if (rc != NVML_SUCCESS)
		return rc;
	*defaultMode = enabled(t.ecc_mode);
	return nv_leave(NVML_SUCCESS);
}

/* nvmlPstates_t: NVML_PSTATE_0 = 0 ... NVML_PSTATE_15 = 15. */
nvmlReturn_t nvmlDeviceGetPerformanceState(nvmlDevice_t device, nvmlPstates_t *pState)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, pState);

	if (rc != NVML_SUCCESS)
		return rc;
	*pState = t.perf_state;
	return nv_leave(NVML_SUCCESS);
}

/* The legacy name of the same call. */
nvmlReturn_t nvmlDeviceGetPowerState(nvmlDevice_t device, nvmlPstates_t *pState)
{
	return nvmlDeviceGetPerformanceState(device, pState);
}

/* nvmlComputeMode_t: NVML_COMPUTEMODE_DEFAULT = 0. */
nvmlReturn_t nvmlDeviceGetComputeMode(nvmlDevice_t device, nvmlComputeMode_t *mode)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, mode);

	if (rc != NVML_SUCCESS)
		return rc;
	*mode = (nvmlComputeMode_t)t.compute_mode;
	return nv_leave(NVML_SUCCESS);
}

/* BAR1 of a GPU or of a MIG device (its share, libmig's model). */
nvmlReturn_t nvmlDeviceGetBAR1MemoryInfo(nvmlDevice_t device, nvmlBAR1Memory_t *bar1Memory)
{
	unsigned long long total, used;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!bar1Memory)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (d.mig) {
		mig_device_telemetry_info dt;

		if (mig_device_telemetry(&dt, nv_state(), d.gpu, d.gi, d.ci) != MIG_SUCCESS)
			return nv_leave(NVML_ERROR_UNKNOWN);
		total = dt.bar1_total_mib;
		used = dt.bar1_used_mib;
	} else {
		mig_gpu_telemetry_info t;

		if (mig_gpu_telemetry(&t, nv_state(), d.gpu) != MIG_SUCCESS)
			return nv_leave(NVML_ERROR_UNKNOWN);
		total = t.bar1_total_mib;
		used = t.bar1_used_mib;
	}
	if (used > total)
		used = total;
	bar1Memory->bar1Total = total * MIB;
	bar1Memory->bar1Used = used * MIB;
	bar1Memory->bar1Free = (total - used) * MIB;
	return nv_leave(NVML_SUCCESS);
}

/*
 * ECC error counts: the model's volatile uncorrected errors (a GPU's, or a
 * MIG device's own), none corrected; the aggregate counter repeats the
 * volatile one.  A GPU with ECC off answers NOT_SUPPORTED, like the driver.
 */
/* The model's volatile uncorrected count of a GPU or a MIG device, or an error code. */
static nvmlReturn_t ecc_errors(nvmlDevice_t device, unsigned errorType, unsigned counterType,
			       const void *out, unsigned *errors)
{
	mig_gpu_telemetry_info t;
	nv_dev d;
	nvmlReturn_t rc;

	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return rc;
	/* NVML_MEMORY_ERROR_TYPE_{CORRECTED,UNCORRECTED}, NVML_{VOLATILE,AGGREGATE}_ECC */
	if (!out || errorType > 1 || counterType > 1)
		return NVML_ERROR_INVALID_ARGUMENT;
	if (mig_gpu_telemetry(&t, nv_state(), d.gpu) != MIG_SUCCESS)
		return NVML_ERROR_UNKNOWN;
	if (!t.ecc_mode)
		return NVML_ERROR_NOT_SUPPORTED;
	*errors = t.ecc_errors;
	if (d.mig) {
		mig_device_telemetry_info dt;

		if (mig_device_telemetry(&dt, nv_state(), d.gpu, d.gi, d.ci) != MIG_SUCCESS)
			return NVML_ERROR_UNKNOWN;
		*errors = dt.ecc_errors;
	}
	if (errorType == 0)
		*errors = 0;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, nvmlMemoryErrorType_t errorType,
					 nvmlEccCounterType_t counterType,
					 unsigned long long *eccCounts)
{
	unsigned errors;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = ecc_errors(device, errorType, counterType, eccCounts, &errors)) != NVML_SUCCESS)
		return nv_leave(rc);
	*eccCounts = errors;
	return nv_leave(NVML_SUCCESS);
}

/* By location: every error is in device memory (NVML_MEMORY_LOCATION_DEVICE_MEMORY, 2). */
nvmlReturn_t nvmlDeviceGetMemoryErrorCounter(nvmlDevice_t device, nvmlMemoryErrorType_t errorType,
					     nvmlEccCounterType_t counterType,
					     nvmlMemoryLocation_t locationType,
					     unsigned long long *count)
{
	unsigned errors;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = ecc_errors(device, errorType, counterType, count, &errors)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (locationType > 7)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*count = locationType == 2 ? errors : 0;
	return nv_leave(NVML_SUCCESS);
}

/* Passively cooled boards have no fan to read (the model's MIG_NA). */
nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *speed)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = modes_begin(&t, device, speed);

	if (rc != NVML_SUCCESS)
		return rc;
	if (t.fan_percent == MIG_NA)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	*speed = t.fan_percent;
	return nv_leave(NVML_SUCCESS);
}

/*
 * NVML_GPU_VIRTUALIZATION_MODE_NONE (0) on bare metal,
 * _PASSTHROUGH (1) for a GPU emulated in a passthrough VM (reset policy).
 */
nvmlReturn_t nvmlDeviceGetVirtualizationMode(nvmlDevice_t device,
					     nvmlGpuVirtualizationMode_t *pVirtualMode)
{
	mig_gpu_info g;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!pVirtualMode)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_gpu_info(&g, gpu);
	*pVirtualMode = g.reset == MIG_RESET_AUTO ? 0u : 1u;
	return nv_leave(NVML_SUCCESS);
}

/* There is no inforom to corrupt: it always validates. */
nvmlReturn_t nvmlDeviceValidateInforom(nvmlDevice_t device)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	return nv_leave(nv_gpu(&gpu, device));
}

/*
 * Field values: the model has none of NVML's field counters, so each field
 * answers NOT_SUPPORTED in its own return code and the call succeeds, as
 * the driver does for fields a board lacks.
 */
nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount,
				      nvmlFieldValue_t *values)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (valuesCount < 0 || (valuesCount > 0 && !values))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	for (int i = 0; i < valuesCount; i++) {
		values[i].timestamp = 0;
		values[i].latencyUsec = 0;
		values[i].valueType = 0;
		values[i].value = 0;
		values[i].nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
	}
	return nv_leave(NVML_SUCCESS);
}

/* The PCIe generation of the board's link (libmig's catalog rule). */
unsigned nv_pcie_gen(unsigned gpu)
{
	mig_gpu_info g;

	nv_gpu_info(&g, gpu);
	return g.model ? mig_model_pcie_gen(g.model) : 5u;
}
