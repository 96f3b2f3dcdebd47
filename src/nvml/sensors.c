/*
 * sensors.c - utilization, power and temperature of a whole GPU.
 *
 * The emulated node has no sensors: the figures are libmig's telemetry
 * model (mig_gpu_telemetry, docs/libmig.md), the same ones migctl's
 * nvidia-smi screens print.  A MIG device has no sensors of its own, so
 * these answer NOT_SUPPORTED on it, and utilization does on a GPU whose
 * MIG mode is enabled (§nvml-A.7).
 */
#include "nvml_internal.h"

/*
 * Every sensor call starts the same way: enter, find the GPU behind
 * `device`, refuse a NULL output, read the telemetry.  On success the
 * library stays entered and the caller ends with nv_leave(); on failure it
 * has already left and the code is returned.
 */
static nvmlReturn_t sensors_begin(mig_gpu_telemetry_info *t, nvmlDevice_t device, const void *out)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (mig_gpu_telemetry(t, nv_state(), gpu) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_UNKNOWN);
	if (!out)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, utilization);

	if (rc != NVML_SUCCESS)
		return rc;
	/* The model has no utilization while MIG mode is enabled (MIG_NA). */
	if (t.gpu_util_percent == MIG_NA)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	utilization->gpu = t.gpu_util_percent;
	/* Memory-controller load is not modelled: busy SMs, idle memory. */
	utilization->memory = 0;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, power);

	if (rc != NVML_SUCCESS)
		return rc;
	*power = t.power_draw_mw;
	return nv_leave(NVML_SUCCESS);
}

/* One limit for all three: the model has no user-set limit, so enforced = management = default. */
static nvmlReturn_t power_limit(nvmlDevice_t device, unsigned int *limit)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, limit);

	if (rc != NVML_SUCCESS)
		return rc;
	*limit = t.power_limit_mw;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit)
{
	return power_limit(device, limit);
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimit(nvmlDevice_t device, unsigned int *limit)
{
	return power_limit(device, limit);
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType,
				      unsigned int *temp)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, temp);

	if (rc != NVML_SUCCESS)
		return rc;
	if (sensorType != NVML_TEMPERATURE_GPU)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*temp = t.temperature_c;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetTemperatureV(nvmlDevice_t device, nvmlTemperature_t *temperature)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, temperature);

	if (rc != NVML_SUCCESS)
		return rc;
	if (temperature->version != nvmlTemperature_v1)
		return nv_leave(nv_version_mismatch());
	if (temperature->sensorType != NVML_TEMPERATURE_GPU)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	temperature->temperature = (int)t.temperature_c;
	return nv_leave(NVML_SUCCESS);
}

/* Persistence mode (nvidia-smi's "Persistence-M" cell) is part of the same model. */
nvmlReturn_t nvmlDeviceGetPersistenceMode(nvmlDevice_t device, nvmlEnableState_t *mode)
{
	mig_gpu_telemetry_info t;
	nvmlReturn_t rc = sensors_begin(&t, device, mode);

	if (rc != NVML_SUCCESS)
		return rc;
	*mode = t.persistence_mode ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
	return nv_leave(NVML_SUCCESS);
}
