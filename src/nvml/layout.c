/*
 * layout.c - compile-time proof that nvml_types.h lays the structs out as
 * NVML does on x86_64 (sizes and offsets from §types-2).
 */
#include <stddef.h>

#include "nvml_internal.h"

#define SIZE(T, n) _Static_assert(sizeof(T) == (n), #T " size")
#define AT(T, f, n) _Static_assert(offsetof(T, f) == (n), #T "." #f " offset")

SIZE(nvmlPciInfo_t, 68);
AT(nvmlPciInfo_t, domain, 16);
AT(nvmlPciInfo_t, pciSubSystemId, 32);
AT(nvmlPciInfo_t, busId, 36);
SIZE(nvmlPciInfoExt_v1_t, 64);
AT(nvmlPciInfoExt_v1_t, busId, 32);
SIZE(nvmlMemory_t, 24);
SIZE(nvmlBAR1Memory_t, 24);
SIZE(nvmlFieldValue_t, 40);
AT(nvmlFieldValue_t, nvmlReturn, 28);
AT(nvmlBAR1Memory_t, bar1Used, 16);
SIZE(nvmlEventData_t, 32);
AT(nvmlEventData_t, eventData, 16);
AT(nvmlEventData_t, gpuInstanceId, 24);
SIZE(nvmlMemory_v2_t, 40);
AT(nvmlMemory_v2_t, total, 8);
AT(nvmlMemory_v2_t, used, 32);
SIZE(nvmlUtilization_t, 8);
SIZE(nvmlProcessInfo_v1_t, 16);
AT(nvmlProcessInfo_v1_t, usedGpuMemory, 8);
SIZE(nvmlProcessInfo_v2_t, 24);
AT(nvmlProcessInfo_v2_t, gpuInstanceId, 16);
AT(nvmlProcessInfo_v2_t, computeInstanceId, 20);
SIZE(nvmlDeviceAttributes_t, 40);
AT(nvmlDeviceAttributes_t, gpuInstanceSliceCount, 24);
AT(nvmlDeviceAttributes_t, memorySizeMB, 32);
SIZE(nvmlGpuInstancePlacement_t, 8);
SIZE(nvmlGpuInstanceProfileInfo_t, 48);
AT(nvmlGpuInstanceProfileInfo_t, ofaCount, 36);
AT(nvmlGpuInstanceProfileInfo_t, memorySizeMB, 40);
SIZE(nvmlGpuInstanceProfileInfo_v2_t, 152);
AT(nvmlGpuInstanceProfileInfo_v2_t, id, 4);
AT(nvmlGpuInstanceProfileInfo_v2_t, ofaCount, 40);
AT(nvmlGpuInstanceProfileInfo_v2_t, memorySizeMB, 48);
AT(nvmlGpuInstanceProfileInfo_v2_t, name, 56);
SIZE(nvmlGpuInstanceProfileInfo_v3_t, 152);
AT(nvmlGpuInstanceProfileInfo_v3_t, sliceCount, 8);
AT(nvmlGpuInstanceProfileInfo_v3_t, memorySizeMB, 40);
AT(nvmlGpuInstanceProfileInfo_v3_t, name, 48);
AT(nvmlGpuInstanceProfileInfo_v3_t, capabilities, 144);
SIZE(nvmlGpuInstanceInfo_t, 24);
AT(nvmlGpuInstanceInfo_t, id, 8);
AT(nvmlGpuInstanceInfo_t, placement, 16);
SIZE(nvmlComputeInstancePlacement_t, 8);
SIZE(nvmlComputeInstanceProfileInfo_t, 36);
SIZE(nvmlComputeInstanceProfileInfo_v2_t, 136);
AT(nvmlComputeInstanceProfileInfo_v2_t, name, 40);
SIZE(nvmlComputeInstanceProfileInfo_v3_t, 140);
AT(nvmlComputeInstanceProfileInfo_v3_t, capabilities, 136);
SIZE(nvmlComputeInstanceInfo_t, 32);
AT(nvmlComputeInstanceInfo_t, id, 16);
AT(nvmlComputeInstanceInfo_t, placement, 24);
SIZE(nvmlUUID_v1_t, 52);
AT(nvmlUUID_v1_t, value, 8);
SIZE(nvmlTemperature_v1_t, 12);
SIZE(nvmlReturn_t, 4);
SIZE(nvmlDevice_t, 8);

/* Version words (§types-5). */
_Static_assert(nvmlMemory_v2 == 0x02000028, "nvmlMemory_v2");
_Static_assert(nvmlGpuInstanceProfileInfo_v2 == 0x02000098, "GI profile info v2");
_Static_assert(nvmlGpuInstanceProfileInfo_v3 == 0x03000098, "GI profile info v3");
_Static_assert(nvmlComputeInstanceProfileInfo_v2 == 0x02000088, "CI profile info v2");
_Static_assert(nvmlComputeInstanceProfileInfo_v3 == 0x0300008C, "CI profile info v3");
_Static_assert(nvmlPciInfoExt_v1 == 0x01000040, "nvmlPciInfoExt_v1");
_Static_assert(nvmlTemperature_v1 == 0x0100000C, "nvmlTemperature_v1");
_Static_assert(nvmlUUID_v1 == 0x01000034, "nvmlUUID_v1");

/* Legacy sizes the old symbols must not write past (§types-4). */
_Static_assert(NV_PCI_INFO_V1_SIZE == 52, "pre-_v3 nvmlPciInfo_t");
_Static_assert(NV_DEVICE_ATTRIBUTES_V1_SIZE == offsetof(nvmlDeviceAttributes_t,
							gpuInstanceSliceCount),
	       "11.0 nvmlDeviceAttributes_t");
_Static_assert(NV_COMPUTE_INSTANCE_INFO_V1_SIZE == offsetof(nvmlComputeInstanceInfo_t, placement),
	       "pre-11.2 nvmlComputeInstanceInfo_t");
