/*
 * events.c - event sets: nvmlEventSetCreate, nvmlDeviceRegisterEvents,
 * nvmlEventSetWait(_v2), nvmlEventSetFree, nvmlDeviceGetSupportedEventTypes.
 *
 * The real nvidia-smi creates an event set for its main screen and prints
 * only "Internal NVML error" without one.  The emulated GPUs raise one kind
 * of event: a MIG configuration change (nvmlEventMigConfigChange), when the
 * GPU instances or compute instances of a registered GPU differ from what
 * the set last saw - whoever changed them, this process or another one
 * through the node.  The other types a data-centre GPU supports (ECC,
 * P-state, Xid, clocks) are accepted and never fire: the model has no
 * errors and no clock changes.
 *
 * Sets live in a static table (a handle is a slot's address, checked like
 * every other handle), under the library's one mutex; no thread is started.
 * A wait polls the node between short sleeps without holding the mutex,
 * so other threads keep calling NVML meanwhile.  The last nvmlShutdown
 * frees every set.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "nvml_internal.h"

#define EV_SINGLE_BIT_ECC 0x1ull
#define EV_DOUBLE_BIT_ECC 0x2ull
#define EV_PSTATE 0x4ull
#define EV_XID 0x8ull
#define EV_CLOCK 0x10ull
#define EV_MIG_CONFIG_CHANGE 0x100ull
#define EV_SUPPORTED                                                                      \
	(EV_SINGLE_BIT_ECC | EV_DOUBLE_BIT_ECC | EV_PSTATE | EV_XID | EV_CLOCK |           \
	 EV_MIG_CONFIG_CHANGE)

#define NV_EVENT_SETS 64u
/* How often a wait looks at the node again. */
#define POLL_NS 20000000L

struct nvmlEventSet_st {
	int used;
	unsigned long long types[NV_MAX_GPUS]; /* registered types, per GPU */
	uint64_t seen[NV_MAX_GPUS];            /* MIG configuration last seen */
};

static struct nvmlEventSet_st sets[NV_EVENT_SETS];

/* FNV-1a over the GPU's GIs and CIs: IDs, profiles, placements. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (i * 8)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t mig_config(unsigned gpu)
{
	mig_gi_info gis[NV_GI_IDS];
	mig_ci_info cis[NV_CI_IDS];
	mig_gpu_info g;
	size_t ngi = 0, nci;
	uint64_t h = 0xcbf29ce484222325ull;

	nv_gpu_info(&g, gpu);
	h = mix(h, (uint64_t)g.mig_current);
	if (mig_gi_list(gis, NV_GI_IDS, &ngi, nv_state(), gpu) != MIG_SUCCESS)
		return h;
	for (size_t i = 0; i < ngi && i < NV_GI_IDS; i++) {
		h = mix(h, gis[i].id);
		h = mix(h, (uint64_t)(uintptr_t)gis[i].profile);
		h = mix(h, ((uint64_t)gis[i].placement.start << 32) | gis[i].placement.size);
		if (mig_ci_list(cis, NV_CI_IDS, &nci, nv_state(), gpu, gis[i].id) != MIG_SUCCESS)
			continue;
		for (size_t j = 0; j < nci && j < NV_CI_IDS; j++) {
			h = mix(h, ((uint64_t)cis[j].id << 32) | cis[j].profile.id);
			h = mix(h, ((uint64_t)cis[j].placement.start << 32) |
					   cis[j].placement.size);
		}
	}
	return h;
}

/* The set behind a handle (mutex held); NULL if it is not a live set. */
static struct nvmlEventSet_st *set_of(nvmlEventSet_t set)
{
	uintptr_t b = (uintptr_t)sets, p = (uintptr_t)set;

	if (p < b || (p - b) % sizeof(sets[0]) != 0 || (p - b) / sizeof(sets[0]) >= NV_EVENT_SETS)
		return NULL;
	return sets[(p - b) / sizeof(sets[0])].used ? &sets[(p - b) / sizeof(sets[0])] : NULL;
}

void nv_events_reset(void)
{
	memset(sets, 0, sizeof(sets));
}

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!set)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	for (unsigned i = 0; i < NV_EVENT_SETS; i++) {
		if (sets[i].used)
			continue;
		memset(&sets[i], 0, sizeof(sets[i]));
		sets[i].used = 1;
		*set = &sets[i];
		return nv_leave(NVML_SUCCESS);
	}
	return nv_leave(NVML_ERROR_MEMORY);
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set)
{
	struct nvmlEventSet_st *s;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!(s = set_of(set)))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	memset(s, 0, sizeof(*s));
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetSupportedEventTypes(nvmlDevice_t device, unsigned long long *eventTypes)
{
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!eventTypes)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*eventTypes = EV_SUPPORTED;
	return nv_leave(NVML_SUCCESS);
}

/*
 * Types the GPU does not support answer NOT_SUPPORTED and register nothing
 * (NVML's documented behaviour); registering again adds to what is there.
 */
nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes,
				      nvmlEventSet_t set)
{
	struct nvmlEventSet_st *s;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, device)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!(s = set_of(set)))
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	if (eventTypes & ~EV_SUPPORTED)
		return nv_leave(NVML_ERROR_NOT_SUPPORTED);
	if ((eventTypes & EV_MIG_CONFIG_CHANGE) && !(s->types[gpu] & EV_MIG_CONFIG_CHANGE))
		s->seen[gpu] = mig_config(gpu);
	s->types[gpu] |= eventTypes;
	return nv_leave(NVML_SUCCESS);
}

/* One look at the node (mutex held): 1 and *data filled if an event is due. */
static int poll_set(struct nvmlEventSet_st *s, nvmlEventData_t *data, int v1)
{
	unsigned n = nv_gpu_count();

	for (unsigned gpu = 0; gpu < n; gpu++) {
		uint64_t now;

		if (!(s->types[gpu] & EV_MIG_CONFIG_CHANGE))
			continue;
		now = mig_config(gpu);
		if (now == s->seen[gpu])
			continue;
		s->seen[gpu] = now;
		data->device = nv_gpu_handle(gpu);
		data->eventType = EV_MIG_CONFIG_CHANGE;
		data->eventData = 0;
		if (!v1) {
			/* Not about one instance: the whole GPU's configuration. */
			data->gpuInstanceId = MIG_NONE;
			data->computeInstanceId = MIG_NONE;
		}
		return 1;
	}
	return 0;
}

static long long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

static nvmlReturn_t wait_set(nvmlEventSet_t set, nvmlEventData_t *data, unsigned timeoutms, int v1)
{
	struct timespec start;
	nvmlEventData_t ev;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct nvmlEventSet_st *s;
		struct timespec pause = {0, POLL_NS};
		long long left;
		nvmlReturn_t rc = nv_enter();

		if (rc != NVML_SUCCESS)
			return rc;
		if (!(s = set_of(set)) || !data)
			return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
		memset(&ev, 0, sizeof(ev));
		if (poll_set(s, &ev, v1)) {
			/* The v1 layout is the first 24 bytes (no instance IDs). */
			memcpy(data, &ev, v1 ? 24 : sizeof(ev));
			return nv_leave(NVML_SUCCESS);
		}
		nv_leave(NVML_SUCCESS);
		left = (long long)timeoutms - elapsed_ms(&start);
		if (left <= 0)
			return NVML_ERROR_TIMEOUT;
		if (left * 1000000LL < POLL_NS)
			pause.tv_nsec = (long)(left * 1000000LL);
		while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
			;
	}
}

nvmlReturn_t nvmlEventSetWait(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms)
{
	return wait_set(set, data, timeoutms, 1);
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms)
{
	return wait_set(set, data, timeoutms, 0);
}
