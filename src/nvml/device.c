/*
 * device.c - the basic device calls (§nvml-A.5): identity, PCI,
 * memory, attributes, architecture.  Finding handles is lookup.c's.
 *
 * A MIG device answers for itself where NVML defines a per-instance value
 * (name, UUID, index, memory, attributes) and with its parent's value for
 * what belongs to the board (PCI, architecture, brand, compute
 * capability); calls that only make sense on a whole GPU (serial, minor
 * number) answer NOT_SUPPORTED on it.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "nvml_internal.h"

#define MIB (1024ull * 1024ull)
#define NVIDIA_VENDOR_ID 0x10DEu

/* Identity --------------------------------------------------------------------- */

/*
 * Names and UUIDs as the GPU's driver spells them: libmig's telemetry model
 * knows that drivers before R470 named boards without "NVIDIA " and MIG
 * devices MIG-GPU-<uuid>/<gi>/<ci> (§nvml-A.7).
 */
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)
{
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info dt;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!d.mig) {
		if (mig_gpu_telemetry(&t, nv_state(), d.gpu) != MIG_SUCCESS)
			return nv_leave(NVML_ERROR_UNKNOWN);
		return nv_leave(nv_copy_string(name, length, t.name));
	}
	/* "<GPU name> MIG <CI profile name>" (§nvml-A.5). */
	if (mig_device_telemetry(&dt, nv_state(), d.gpu, d.gi, d.ci) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_UNKNOWN);
	return nv_leave(nv_copy_string(name, length, dt.name));
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length)
{
	mig_gpu_info g;
	mig_device_telemetry_info dt;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (d.mig) {
		if (mig_device_telemetry(&dt, nv_state(), d.gpu, d.gi, d.ci) != MIG_SUCCESS)
			return nv_leave(NVML_ERROR_UNKNOWN);
		return nv_leave(nv_copy_string(uuid, length, dt.uuid));
	}
	nv_gpu_info(&g, d.gpu);
	return nv_leave(nv_copy_string(uuid, length, g.uuid));
}

nvmlReturn_t nvmlDeviceGetSerial(nvmlDevice_t device, char *serial, unsigned int length)
{
	mig_gpu_info g;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	nv_gpu_info(&g, gpu);
	return nv_leave(nv_copy_string(serial, length, g.serial));
}

nvmlReturn_t nvmlDeviceGetIndex(nvmlDevice_t device, unsigned int *index)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!index)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	/* A MIG device's index is the one GetMigDeviceHandleByIndex takes (§nvml-A.5). */
	if (d.mig)
		nv_mig_lookup(d.gpu, d.gi, d.ci, NULL, NULL, index);
	else
		*index = d.gpu;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetMinorNumber(nvmlDevice_t device, unsigned int *minorNumber)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!minorNumber)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	/* /dev/nvidiaN, numbered like the GPUs. */
	*minorNumber = gpu;
	return nv_leave(NVML_SUCCESS);
}

/* Architecture, brand, compute capability ------------------------------------------ */

static mig_arch device_arch(const nv_dev *d)
{
	mig_gpu_info g;

	nv_gpu_info(&g, d->gpu);
	return mig_model_arch(g.model);
}

nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t device, nvmlDeviceArchitecture_t *arch)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!arch)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	switch (device_arch(&d)) {
	case MIG_ARCH_AMPERE: *arch = NVML_DEVICE_ARCH_AMPERE; break;
	case MIG_ARCH_HOPPER: *arch = NVML_DEVICE_ARCH_HOPPER; break;
	case MIG_ARCH_BLACKWELL: /* GB100 and GB202 are both Blackwell to NVML */
	case MIG_ARCH_BLACKWELL_RTX: *arch = NVML_DEVICE_ARCH_BLACKWELL; break;
	default: *arch = NVML_DEVICE_ARCH_UNKNOWN; break;
	}
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetBrand(nvmlDevice_t device, nvmlBrandType_t *type)
{
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!type)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	/* Data-center boards say "NVIDIA" (14), the RTX PRO board "NVIDIA RTX" (13). */
	*type = device_arch(&d) == MIG_ARCH_BLACKWELL_RTX ? NVML_BRAND_NVIDIA_RTX : NVML_BRAND_NVIDIA;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetCudaComputeCapability(nvmlDevice_t device, int *major, int *minor)
{
	mig_gpu_info g;
	unsigned cc;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!major || !minor)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	/* libmig's figure (GA100 8.0 ... GB202 12.0); a MIG device has its GPU's. */
	nv_gpu_info(&g, d.gpu);
	cc = mig_model_compute_capability(g.model);
	*major = (int)(cc / 10);
	*minor = (int)(cc % 10);
	return nv_leave(NVML_SUCCESS);
}

/* PCI ---------------------------------------------------------------------------- */

/* Subsystem ids are board-specific and not in the catalog: NVIDIA's vendor id, the device's id. */
static void fill_pci(nvmlPciInfo_t *out, unsigned gpu)
{
	mig_gpu_info g;
	nv_pci_addr a;
	unsigned id;

	nv_gpu_info(&g, gpu);
	nv_gpu_pci(&a, gpu);
	id = mig_model_pci_device_id(g.model);
	memset(out, 0, sizeof(*out));
	snprintf(out->busIdLegacy, sizeof(out->busIdLegacy), "%04X:%02X:%02X.0", a.domain & 0xFFFFu,
		 a.bus, a.device);
	out->domain = a.domain;
	out->bus = a.bus;
	out->device = a.device;
	out->pciDeviceId = id << 16 | NVIDIA_VENDOR_ID;
	out->pciSubSystemId = id << 16 | NVIDIA_VENDOR_ID;
	snprintf(out->busId, sizeof(out->busId), "%08X:%02X:%02X.0", a.domain, a.bus, a.device);
}

static nvmlReturn_t get_pci(nvmlDevice_t device, nvmlPciInfo_t *pci, size_t size)
{
	nvmlPciInfo_t info;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!pci)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	fill_pci(&info, d.gpu);
	/* Legacy callers own 52 bytes: the first 36 alike, then four reserved words (zeroed). */
	memcpy(pci, &info, size);
	if (size < sizeof(info))
		memset((char *)pci + offsetof(nvmlPciInfo_t, busId), 0,
		       size - offsetof(nvmlPciInfo_t, busId));
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetPciInfo(nvmlDevice_t device, nvmlPciInfo_t *pci)
{
	return get_pci(device, pci, NV_PCI_INFO_V1_SIZE);
}

nvmlReturn_t nvmlDeviceGetPciInfo_v2(nvmlDevice_t device, nvmlPciInfo_t *pci)
{
	return get_pci(device, pci, NV_PCI_INFO_V1_SIZE);
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci)
{
	return get_pci(device, pci, sizeof(*pci));
}

nvmlReturn_t nvmlDeviceGetPciInfoExt(nvmlDevice_t device, nvmlPciInfoExt_t *pci)
{
	nvmlPciInfo_t info;
	nvmlPciInfoExt_v1_t ext;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!pci)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (pci->version != nvmlPciInfoExt_v1)
		return nv_leave(nv_version_mismatch());
	fill_pci(&info, d.gpu);
	memset(&ext, 0, sizeof(ext));
	ext.version = nvmlPciInfoExt_v1;
	ext.domain = info.domain;
	ext.bus = info.bus;
	ext.device = info.device;
	ext.pciDeviceId = info.pciDeviceId;
	ext.pciSubSystemId = info.pciSubSystemId;
	ext.baseClass = 0x03; /* display controller */
	ext.subClass = 0x02;  /* 3D controller: the compute boards have no display */
	memcpy(ext.busId, info.busId, sizeof(ext.busId));
	*pci = ext;
	return nv_leave(NVML_SUCCESS);
}

/* Memory ------------------------------------------------------------------------- */

/*
 * Total and used bytes, from libmig's telemetry model: a GPU holds every
 * process on it plus the driver's reservations (in MIG mode the aggregate,
 * §nvml-A.7); a MIG device has its GI's memory, shared by the GI's
 * compute instances.
 */
static nvmlReturn_t memory_of(const nv_dev *d, unsigned long long *total,
			      unsigned long long *used)
{
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info dt;

	nv_prune_processes();
	if (d->mig) {
		if (mig_device_telemetry(&dt, nv_state(), d->gpu, d->gi, d->ci) != MIG_SUCCESS)
			return NVML_ERROR_UNKNOWN;
		*total = dt.memory_total_mib * MIB;
		*used = dt.memory_used_mib * MIB;
	} else {
		if (mig_gpu_telemetry(&t, nv_state(), d->gpu) != MIG_SUCCESS)
			return NVML_ERROR_UNKNOWN;
		*total = t.memory_total_mib * MIB;
		*used = t.memory_used_mib * MIB;
	}
	if (*used > *total)
		*used = *total;
	return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)
{
	unsigned long long total, used;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!memory)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if ((rc = memory_of(&d, &total, &used)) != NVML_SUCCESS)
		return nv_leave(rc);
	memory->total = total;
	memory->used = used;
	memory->free = total - used;
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory)
{
	unsigned long long total, used;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!memory)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (memory->version != nvmlMemory_v2)
		return nv_leave(nv_version_mismatch());
	if ((rc = memory_of(&d, &total, &used)) != NVML_SUCCESS)
		return nv_leave(rc);
	memory->total = total;
	/* The model counts the driver's reservations as used: total = used + free. */
	memory->reserved = 0;
	memory->used = used;
	memory->free = total - used;
	return nv_leave(NVML_SUCCESS);
}

/* Attributes (MIG devices only) ---------------------------------------------------- */

static nvmlReturn_t get_attributes(nvmlDevice_t device, nvmlDeviceAttributes_t *attributes,
				   size_t size)
{
	nvmlDeviceAttributes_t a;
	mig_ci_info ci;
	mig_gi_info gi;
	mig_gi_profile_info p;
	nv_dev d;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&d, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!attributes)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (!d.mig)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	nv_mig_lookup(d.gpu, d.gi, d.ci, &ci, &gi, NULL);
	mig_gi_profile_get(gi.profile, &p);
	/* CI SMs, the GI's engines, g and c, the GI's memory (§nvml-A.7). */
	memset(&a, 0, sizeof(a));
	a.multiprocessorCount = ci.profile.sm;
	a.sharedCopyEngineCount = p.ce;
	a.sharedDecoderCount = p.dec;
	a.sharedEncoderCount = p.enc;
	a.sharedJpegCount = p.jpeg;
	a.sharedOfaCount = p.ofa;
	a.gpuInstanceSliceCount = p.slices;
	a.computeInstanceSliceCount = ci.profile.slices;
	a.memorySizeMB = p.memory_mib;
	memcpy(attributes, &a, size);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetAttributes(nvmlDevice_t device, nvmlDeviceAttributes_t *attributes)
{
	/* The 11.0 layout: six counts, 24 bytes. */
	return get_attributes(device, attributes, NV_DEVICE_ATTRIBUTES_V1_SIZE);
}

nvmlReturn_t nvmlDeviceGetAttributes_v2(nvmlDevice_t device, nvmlDeviceAttributes_t *attributes)
{
	return get_attributes(device, attributes, sizeof(*attributes));
}
