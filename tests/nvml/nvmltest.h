/*
 * nvmltest.h - helpers of the libnvidia-ml.so.1 conformance suites.
 *
 * The suites call the library as real clients do: dlopen() of the built
 * file (NVML_LIB_PATH) with RTLD_LAZY | RTLD_LOCAL and dlsym() of each
 * symbol, never by linking.  The prototypes come from the library's
 * generated declarations (the tsv's signatures); struct layouts are checked
 * against raw offsets from the spec, not against the library's own types.
 * libmig is linked directly, to set up nodes and to check what NVML did.
 */
#ifndef NVMLTEST_H
#define NVMLTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mig.h"
#include "nvml_decls.h"

/* Every entry point the suites call by name. */
#define NVML_FUNCS(X)                                                                        \
	X(nvmlInit) X(nvmlInit_v2) X(nvmlInitWithFlags) X(nvmlShutdown) X(nvmlErrorString)  \
	X(nvmlSystemGetDriverVersion) X(nvmlSystemGetNVMLVersion)                            \
	X(nvmlSystemGetCudaDriverVersion) X(nvmlSystemGetCudaDriverVersion_v2)               \
	X(nvmlSystemGetProcessName) X(nvmlDeviceGetCount) X(nvmlDeviceGetCount_v2)           \
	X(nvmlDeviceGetHandleByIndex) X(nvmlDeviceGetHandleByIndex_v2)                       \
	X(nvmlDeviceGetHandleByUUID) X(nvmlDeviceGetHandleByUUIDV)                           \
	X(nvmlDeviceGetHandleByPciBusId) X(nvmlDeviceGetHandleByPciBusId_v2)                 \
	X(nvmlDeviceGetHandleBySerial) X(nvmlDeviceGetName) X(nvmlDeviceGetUUID)             \
	X(nvmlDeviceGetSerial) X(nvmlDeviceGetBoardPartNumber) X(nvmlDeviceGetPciInfo)       \
	X(nvmlDeviceGetPciInfo_v2) X(nvmlDeviceGetPciInfo_v3) X(nvmlDeviceGetPciInfoExt)     \
	X(nvmlDeviceGetMemoryInfo) X(nvmlDeviceGetMemoryInfo_v2) X(nvmlDeviceGetIndex)       \
	X(nvmlDeviceGetMinorNumber) X(nvmlDeviceGetCudaComputeCapability)                    \
	X(nvmlDeviceGetAttributes) X(nvmlDeviceGetAttributes_v2)                             \
	X(nvmlDeviceGetArchitecture) X(nvmlDeviceGetBrand) X(nvmlDeviceGetUtilizationRates)  \
	X(nvmlDeviceGetPowerUsage) X(nvmlDeviceGetPersistenceMode) X(nvmlDeviceGetEnforcedPowerLimit)                        \
	X(nvmlDeviceGetPowerManagementLimit) X(nvmlDeviceGetTemperature)                     \
	X(nvmlDeviceGetTemperatureV) X(nvmlDeviceGetComputeRunningProcesses)                 \
	X(nvmlDeviceGetComputeRunningProcesses_v2) X(nvmlDeviceGetComputeRunningProcesses_v3) \
	X(nvmlDeviceGetGraphicsRunningProcesses_v3) X(nvmlDeviceGetMPSComputeRunningProcesses_v3) \
	X(nvmlDeviceSetMigMode) X(nvmlDeviceGetMigMode)                                      \
	X(nvmlDeviceGetGpuInstanceProfileInfo) X(nvmlDeviceGetGpuInstanceProfileInfoV)       \
	X(nvmlDeviceGetGpuInstanceProfileInfoByIdV)                                          \
	X(nvmlDeviceGetGpuInstancePossiblePlacements)                                        \
	X(nvmlDeviceGetGpuInstancePossiblePlacements_v2)                                     \
	X(nvmlDeviceGetGpuInstanceRemainingCapacity) X(nvmlDeviceCreateGpuInstance)          \
	X(nvmlDeviceCreateGpuInstanceWithPlacement) X(nvmlGpuInstanceDestroy)                \
	X(nvmlDeviceGetGpuInstances) X(nvmlDeviceGetGpuInstanceById) X(nvmlGpuInstanceGetInfo) \
	X(nvmlGpuInstanceGetComputeInstanceProfileInfo)                                      \
	X(nvmlGpuInstanceGetComputeInstanceProfileInfoV)                                     \
	X(nvmlGpuInstanceGetComputeInstanceRemainingCapacity)                                \
	X(nvmlGpuInstanceGetComputeInstancePossiblePlacements)                               \
	X(nvmlGpuInstanceCreateComputeInstance)                                              \
	X(nvmlGpuInstanceCreateComputeInstanceWithPlacement) X(nvmlComputeInstanceDestroy)   \
	X(nvmlGpuInstanceGetComputeInstances) X(nvmlGpuInstanceGetComputeInstanceById)       \
	X(nvmlComputeInstanceGetInfo) X(nvmlComputeInstanceGetInfo_v2)                       \
	X(nvmlDeviceIsMigDeviceHandle) X(nvmlDeviceGetGpuInstanceId)                         \
	X(nvmlDeviceGetComputeInstanceId) X(nvmlDeviceGetMaxMigDeviceCount)                  \
	X(nvmlDeviceGetMigDeviceHandleByIndex) X(nvmlDeviceGetDeviceHandleFromMigDeviceHandle) \
	X(nvmlEventSetCreate) X(nvmlDeviceGetFanSpeed)                                       \
	X(nvmlDeviceGetCpuAffinity) X(nvmlDeviceGetCpuAffinityWithinScope)                   \
	X(nvmlDeviceGetMemoryAffinity)

typedef struct nvml_api {
#define NT_FIELD(f) __typeof__(f) *f;
	NVML_FUNCS(NT_FIELD)
#undef NT_FIELD
} nvml_api;

/* Resolved by nt_load(). */
extern nvml_api nv;
extern void *nt_lib;

/* dlopen the library and resolve NVML_FUNCS; a cmocka group setup. */
int nt_load(void **state);
int nt_unload(void **state);

/* Assert an NVML call's return code, naming the call when it differs. */
#define assert_nvml(code, call)                                                          \
	do {                                                                             \
		int rc_ = (int)(call);                                                   \
		if (rc_ != (int)(code))                                                  \
			print_error("%s returned %d (%s), expected %d\n", #call, rc_,    \
				    nv.nvmlErrorString((nvmlReturn_t)rc_), (int)(code)); \
		assert_int_equal(rc_, (int)(code));                                      \
	} while (0)
#define assert_nvml_ok(call) assert_nvml(NVML_SUCCESS, call)

#define assert_mig_ok(call)                                                              \
	do {                                                                             \
		int rc_ = (call);                                                        \
		if (rc_ != MIG_SUCCESS)                                                  \
			print_error("%s returned %d: %s\n", #call, rc_, mig_errmsg());   \
		assert_int_equal(rc_, MIG_SUCCESS);                                      \
	} while (0)

/*
 * A fresh node of the given GPUs, one request per argument
 * ("A100-SXM4-40GB", "H100-SXM5-80GB:2@535.104.12,mirrored", NULL-terminated),
 * in a new temporary directory that becomes $MIGCTL_STATE_DIR.  Returns the
 * directory; nt_node_free removes it.
 */
char *nt_node(const char *gpu, ...);
void nt_node_free(char *dir);

/* libmig's view of the node in $MIGCTL_STATE_DIR (mig_state_free it). */
mig_state *nt_read(void);
/* Run a libmig batch on the node: begin, fn, commit (asserting success). */
void nt_change(int (*fn)(mig_state *st, void *arg), void *arg);
/* Enable MIG mode on a GPU of the node through libmig. */
void nt_enable_mig(unsigned gpu);

/* Initialize NVML on the node in `dir`; nt_done shuts it down to count 0. */
void nt_init(const char *dir);
void nt_done(void);

nvmlDevice_t nt_gpu(unsigned index);

/* Poisoned buffers: fill, and check bytes [from, len) are untouched. */
#define NT_POISON 0xA5
void nt_poison(void *buf, size_t len);
void nt_assert_poisoned(const void *buf, size_t from, size_t len);

/* Little-endian readers at raw offsets (x86_64). */
unsigned nt_u32(const void *buf, size_t off);
unsigned long long nt_u64(const void *buf, size_t off);
void *nt_ptr(const void *buf, size_t off);

#endif
