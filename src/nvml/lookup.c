/*
 * lookup.c - enumeration and handles: by index, UUID (text or nvmlUUID_t,
 * GPU and MIG, both MIG UUID forms), PCI bus id and serial
 * (§nvml-A.5, §nvml-A.7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvml_internal.h"
#include "util.h"

/* Enumeration ------------------------------------------------------------------ */

static nvmlReturn_t get_count(unsigned int *deviceCount)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!deviceCount)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*deviceCount = nv_gpu_count();
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetCount(unsigned int *deviceCount)
{
	return get_count(deviceCount);
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount)
{
	return get_count(deviceCount);
}

static nvmlReturn_t by_index(unsigned int index, nvmlDevice_t *device)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!device || index >= nv_gpu_count())
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*device = nv_gpu_handle(index);
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetHandleByIndex(unsigned int index, nvmlDevice_t *device)
{
	return by_index(index, device);
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
	return by_index(index, device);
}

/* By UUID ---------------------------------------------------------------------- */

static int same_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* The 16 bytes of "PREFIX-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; 0 if malformed. */
static int uuid_bytes(unsigned char out[16], const char *uuid)
{
	const char *p = strchr(uuid, '-');
	unsigned n = 0;

	if (!p)
		return 0;
	for (p++; *p && n < 32; p++) {
		int hi, lo;

		if (*p == '-')
			continue;
		hi = util_hexval(p[0]);
		lo = p[1] ? util_hexval(p[1]) : -1;
		if (hi < 0 || lo < 0)
			return 0;
		out[n / 2] = (unsigned char)(hi << 4 | lo);
		n += 2;
		p++;
	}
	return n == 32 && *p == '\0';
}

/* Find a GPU or MIG device by its UUID text (mutex held). */
static nvmlReturn_t find_uuid(nvmlDevice_t *out, const char *uuid)
{
	mig_device_info *devs = NULL;
	size_t n = 0;
	nvmlReturn_t rc = NVML_ERROR_NOT_FOUND;

	for (unsigned g = 0; g < nv_gpu_count(); g++) {
		mig_gpu_info gi;

		nv_gpu_info(&gi, g);
		if (same_ignoring_case(uuid, gi.uuid)) {
			*out = nv_gpu_handle(g);
			return NVML_SUCCESS;
		}
		/* R450/R460 names: MIG-GPU-<gpu uuid>/<gi>/<ci>, still accepted (§nvml-A.7). */
		if (!strncmp(uuid, "MIG-", 4) && !strncmp(uuid + 4, gi.uuid, strlen(gi.uuid)) &&
		    uuid[4 + strlen(gi.uuid)] == '/') {
			unsigned a, b;
			char end;

			if (sscanf(uuid + 4 + strlen(gi.uuid), "/%u/%u%c", &a, &b, &end) == 2 &&
			    nv_mig_lookup(g, a, b, NULL, NULL, NULL) == NVML_SUCCESS) {
				*out = nv_mig_handle(g, a, b);
				return NVML_SUCCESS;
			}
			return NVML_ERROR_NOT_FOUND;
		}
	}
	if (strncmp(uuid, "MIG-", 4) || !nv_state() ||
	    mig_device_list(NULL, 0, &n, nv_state(), MIG_ALL_GPUS) || n == 0)
		return NVML_ERROR_NOT_FOUND;
	devs = calloc(n, sizeof(*devs));
	if (!devs)
		return NVML_ERROR_MEMORY;
	if (mig_device_list(devs, n, &n, nv_state(), MIG_ALL_GPUS) == MIG_SUCCESS) {
		for (size_t i = 0; i < n; i++) {
			if (devs[i].gpu < nv_gpu_count() && same_ignoring_case(uuid, devs[i].ci.uuid)) {
				*out = nv_mig_handle(devs[i].gpu, devs[i].ci.gi, devs[i].ci.id);
				rc = NVML_SUCCESS;
				break;
			}
		}
	}
	free(devs);
	return rc;
}

nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!uuid || !device)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	return nv_leave(find_uuid(device, uuid));
}

/* Find by the 16 binary bytes, GPUs first (mutex held). */
static nvmlReturn_t find_uuid_bytes(nvmlDevice_t *out, const unsigned char want[16])
{
	mig_device_info *devs;
	unsigned char b[16];
	size_t n = 0;
	nvmlReturn_t rc = NVML_ERROR_NOT_FOUND;

	for (unsigned g = 0; g < nv_gpu_count(); g++) {
		mig_gpu_info gi;

		nv_gpu_info(&gi, g);
		if (uuid_bytes(b, gi.uuid) && !memcmp(b, want, 16)) {
			*out = nv_gpu_handle(g);
			return NVML_SUCCESS;
		}
	}
	if (!nv_state() || mig_device_list(NULL, 0, &n, nv_state(), MIG_ALL_GPUS) || n == 0)
		return NVML_ERROR_NOT_FOUND;
	devs = calloc(n, sizeof(*devs));
	if (!devs)
		return NVML_ERROR_MEMORY;
	if (mig_device_list(devs, n, &n, nv_state(), MIG_ALL_GPUS) == MIG_SUCCESS) {
		for (size_t i = 0; i < n; i++) {
			if (devs[i].gpu < nv_gpu_count() && uuid_bytes(b, devs[i].ci.uuid) &&
			    !memcmp(b, want, 16)) {
				*out = nv_mig_handle(devs[i].gpu, devs[i].ci.gi, devs[i].ci.id);
				rc = NVML_SUCCESS;
				break;
			}
		}
	}
	free(devs);
	return rc;
}

nvmlReturn_t nvmlDeviceGetHandleByUUIDV(const nvmlUUID_t *uuid, nvmlDevice_t *device)
{
	char text[NVML_DEVICE_UUID_ASCII_LEN + 1];
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!uuid || !device)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (uuid->version != nvmlUUID_v1)
		return nv_leave(nv_version_mismatch());
	switch (uuid->type) {
	case NVML_UUID_TYPE_ASCII:
		memcpy(text, uuid->value.str, NVML_DEVICE_UUID_ASCII_LEN);
		text[NVML_DEVICE_UUID_ASCII_LEN] = '\0';
		return nv_leave(find_uuid(device, text));
	case NVML_UUID_TYPE_BINARY:
		return nv_leave(find_uuid_bytes(device, uuid->value.bytes));
	default:
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	}
}

/* By PCI bus id ---------------------------------------------------------------- */

void nv_gpu_pci(nv_pci_addr *out, unsigned gpu)
{
	mig_gpu_info g;

	nv_gpu_info(&g, gpu);
	if (mig_pci_parse(out, g.pci_bus_id) != MIG_SUCCESS)
		memset(out, 0, sizeof(*out));
}

static nvmlReturn_t by_pci(const char *pciBusId, nvmlDevice_t *device)
{
	nv_pci_addr want, have;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!pciBusId || !device)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (mig_pci_parse(&want, pciBusId) != MIG_SUCCESS)
		return nv_leave(NVML_ERROR_NOT_FOUND);
	for (unsigned g = 0; g < nv_gpu_count(); g++) {
		nv_gpu_pci(&have, g);
		if (have.domain == want.domain && have.bus == want.bus &&
		    have.device == want.device && have.function == want.function) {
			*device = nv_gpu_handle(g);
			return nv_leave(NVML_SUCCESS);
		}
	}
	return nv_leave(NVML_ERROR_NOT_FOUND);
}

nvmlReturn_t nvmlDeviceGetHandleByPciBusId(const char *pciBusId, nvmlDevice_t *device)
{
	return by_pci(pciBusId, device);
}

nvmlReturn_t nvmlDeviceGetHandleByPciBusId_v2(const char *pciBusId, nvmlDevice_t *device)
{
	return by_pci(pciBusId, device);
}

nvmlReturn_t nvmlDeviceGetHandleBySerial(const char *serial, nvmlDevice_t *device)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!serial || !device)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	for (unsigned g = 0; g < nv_gpu_count(); g++) {
		mig_gpu_info gi;

		nv_gpu_info(&gi, g);
		if (!strcmp(serial, gi.serial)) {
			*device = nv_gpu_handle(g);
			return nv_leave(NVML_SUCCESS);
		}
	}
	return nv_leave(NVML_ERROR_NOT_FOUND);
}

