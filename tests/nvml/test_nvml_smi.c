/*
 * test_nvml_smi.c - what the real nvidia-smi needs from libnvidia-ml.so.1
 * (docs/nvml.md "The real nvidia-smi"): the private export table and its
 * slots, event sets, and the main screen's modes and BAR1.
 *
 * The real binaries themselves are run by real_smi.sh; these check the
 * same calls by their documented contract, in poisoned buffers.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nvmltest.h"

#define MIB (1024ull * 1024ull)
#define PROC_STRIDE 4128u

typedef nvmlReturn_t (*slot_fn)(uintptr_t, uintptr_t, uintptr_t, uintptr_t);

/* Entry points this suite alone calls, resolved by name like nvmltest's. */
static void *sym(const char *name)
{
	void *p = dlsym(nt_lib, name);

	if (!p)
		fail_msg("dlsym %s: %s", name, dlerror());
	return p;
}
#define CALL(f) ((__typeof__(f) *)sym(#f))

/* 6c3efec4-8fc9-4e6c-a327-ee696e12f7c4 in the Windows GUID byte order. */
static const unsigned char smi_guid[16] = {0xc4, 0xfe, 0x3e, 0x6c, 0xc9, 0x8f, 0x6c, 0x4e,
					   0xa3, 0x27, 0xee, 0x69, 0x6e, 0x12, 0xf7, 0xc4};

static const uint64_t *export_table(void)
{
	const void *t = NULL;

	assert_nvml_ok(CALL(nvmlInternalGetExportTable)(&t, smi_guid));
	assert_non_null(t);
	return t;
}

static slot_fn slot(unsigned i)
{
	slot_fn f;
	uint64_t w = export_table()[i];

	assert_true(w != 0);
	memcpy(&f, &w, sizeof(f));
	return f;
}

/* The export table ------------------------------------------------------------------------ */

static void test_export_table(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:2", NULL);
	unsigned char other[16];
	const void *t = (const void *)&t;
	const uint64_t *table;
	nvmlDevice_t h = NULL;
	unsigned count;

	(void)state;
	nt_init(dir);
	/* Another GUID: NOT_SUPPORTED, nothing written. */
	memcpy(other, smi_guid, sizeof(other));
	other[15] ^= 1;
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, CALL(nvmlInternalGetExportTable)(&t, other));
	assert_ptr_equal(t, (const void *)&t);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlInternalGetExportTable)(NULL, smi_guid));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlInternalGetExportTable)(&t, NULL));
	/* Word 0 is the size in bytes, above 648; every word after it is an entry point. */
	table = export_table();
	assert_true(table[0] > 648);
	assert_true(table[0] % 8 == 0);
	for (size_t i = 1; i < table[0] / 8; i++)
		assert_true(table[i] != 0);
	/* Slot 81: the handle by index, exactly the public call's. */
	for (unsigned i = 0; i < 2; i++) {
		assert_nvml_ok(slot(81)(i, (uintptr_t)&h, 0x22, 0));
		assert_ptr_equal(h, nt_gpu(i));
	}
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, slot(81)(2, (uintptr_t)&h, 0x22, 0));
	/* Slot 230: the host's PCIe generation, Gen 5 for Hopper. */
	count = 0xA5A5A5A5u;
	assert_nvml_ok(slot(230)((uintptr_t)nt_gpu(0), (uintptr_t)&count, 0, 0));
	assert_int_equal(count, 5);
	/* Unknown slots: the count beside a device cleared, success; no device: success. */
	count = 7;
	assert_nvml_ok(slot(100)((uintptr_t)nt_gpu(1), (uintptr_t)&count, 0, 0));
	assert_int_equal(count, 0);
	assert_nvml_ok(slot(100)(0, 0, 0, 0));
	assert_nvml_ok(slot(100)(12345, (uintptr_t)&count, 0, 0));
	/* A small integer where a count would be is not written through. */
	assert_nvml_ok(slot(100)((uintptr_t)nt_gpu(0), 1, 0, 0));
	/* Slot 197 (reset completion): its second argument is not an output. */
	count = 0xA5A5A5A5u;
	assert_nvml_ok(slot(197)((uintptr_t)nt_gpu(0), (uintptr_t)&count, 0, 0));
	assert_int_equal(count, 0xA5A5A5A5u);
	nt_done();
	nt_node_free(dir);
	/* A100: Gen 4. */
	dir = nt_node("A100-SXM4-40GB", NULL);
	nt_init(dir);
	assert_nvml_ok(slot(230)((uintptr_t)nt_gpu(0), (uintptr_t)&count, 0, 0));
	assert_int_equal(count, 4);
	nt_done();
	nt_node_free(dir);
}

typedef struct proc_arg {
	const char *name;
	unsigned gi, ci;
	unsigned long long mib;
} proc_arg;

static int attach_self(mig_state *st, void *arg)
{
	const proc_arg *a = arg;
	mig_process p;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "%s", a->name);
	p.used_mib = a->mib;
	p.gpu = 0;
	p.gi = a->gi;
	p.ci = a->ci;
	return mig_process_attach(st, &p);
}

static int detach_self(mig_state *st, void *arg)
{
	(void)arg;
	return mig_process_detach(st, (unsigned)getpid());
}

/* A GI of profile arg[1] on GPU arg[0], and its default CI. */
static int make_gi_ci(mig_state *st, void *arg)
{
	const unsigned *a = arg;
	unsigned gi, ci;
	int rc = mig_create_gi(&gi, st, a[0], a[1], NULL);

	return rc ? rc : mig_create_ci(&ci, st, a[0], gi, MIG_CI_PROFILE_DEFAULT, NULL);
}

/* Slots 213-215: 4128-byte entries with the GI/CI IDs and the name inline. */
static void test_process_slots(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	unsigned char *buf = malloc(4 * PROC_STRIDE);
	unsigned profile[2] = {0, 19}, n;
	mig_gi_info gis[8];
	size_t ngi;
	mig_state *st;
	nvmlDevice_t mig = NULL;
	proc_arg a = {"python3", 0, 0, 2048};

	(void)state;
	assert_non_null(buf);
	nt_enable_mig(0);
	nt_change(make_gi_ci, profile);
	st = nt_read();
	assert_mig_ok(mig_gi_list(gis, 8, &ngi, st, 0));
	mig_state_free(st);
	a.gi = gis[0].id;
	nt_init(dir);
	for (unsigned s = 213; s <= 215; s++) {
		/* Nothing running: the count becomes 0. */
		n = 4;
		assert_nvml_ok(slot(s)((uintptr_t)nt_gpu(0), (uintptr_t)&n, (uintptr_t)buf, 0));
		assert_int_equal(n, 0);
	}
	/* A CUDA process on a MIG device: in the compute list (213) only. */
	nt_change(attach_self, &a);
	assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 0, &mig));
	{
		nvmlDevice_t devs[2] = {nt_gpu(0), mig};

		for (int k = 0; k < 2; k++) {
			nt_poison(buf, 4 * PROC_STRIDE);
			n = 4;
			assert_nvml_ok(slot(213)((uintptr_t)devs[k], (uintptr_t)&n, (uintptr_t)buf, 0));
			assert_int_equal(n, 1);
			assert_int_equal(nt_u32(buf, 0), (unsigned)getpid());
			assert_true(nt_u64(buf, 8) == 2048 * MIB);
			assert_int_equal(nt_u32(buf, 16), a.gi);
			assert_int_equal(nt_u32(buf, 20), 0);
			assert_string_equal((const char *)buf + 32, "python3");
			/* one entry written, the rest untouched */
			nt_assert_poisoned(buf, PROC_STRIDE, 4 * PROC_STRIDE);
		}
	}
	for (unsigned s = 214; s <= 215; s++) {
		n = 4;
		assert_nvml_ok(slot(s)((uintptr_t)nt_gpu(0), (uintptr_t)&n, (uintptr_t)buf, 0));
		assert_int_equal(n, 0);
	}
	/* No room: nothing written, the count says so. */
	n = 0;
	nt_poison(buf, PROC_STRIDE);
	assert_nvml_ok(slot(213)((uintptr_t)nt_gpu(0), (uintptr_t)&n, (uintptr_t)buf, 0));
	assert_int_equal(n, 0);
	nt_assert_poisoned(buf, 0, PROC_STRIDE);
	nt_change(detach_self, NULL);
	/*
	 * On the whole GPU while MIG is on: a graphics client (214), its IDs
	 * 0xFFFFFFFF, not on the MIG device.
	 */
	a.gi = a.ci = MIG_NONE;
	nt_change(attach_self, &a);
	n = 4;
	assert_nvml_ok(slot(213)((uintptr_t)nt_gpu(0), (uintptr_t)&n, (uintptr_t)buf, 0));
	assert_int_equal(n, 0);
	n = 4;
	assert_nvml_ok(slot(214)((uintptr_t)nt_gpu(0), (uintptr_t)&n, (uintptr_t)buf, 0));
	assert_int_equal(n, 1);
	assert_int_equal(nt_u32(buf, 16), 0xFFFFFFFFu);
	assert_int_equal(nt_u32(buf, 20), 0xFFFFFFFFu);
	n = 4;
	assert_nvml_ok(slot(214)((uintptr_t)mig, (uintptr_t)&n, (uintptr_t)buf, 0));
	assert_int_equal(n, 0);
	nt_change(detach_self, NULL);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, slot(213)((uintptr_t)nt_gpu(0), 0, 0, 0));
	nt_done();
	free(buf);
	nt_node_free(dir);
}

/* Slot 20: nvidia-smi -r, by the node's reset rules. */
static void test_reset_slot(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB", "A100-SXM4-40GB,reset=passthrough-no-reset", NULL);
	proc_arg a = {"trainer", MIG_NONE, MIG_NONE, 100};
	nvmlReturn_t activation;
	unsigned cur, pend;
	mig_gpu_info g;
	mig_state *st;

	(void)state;
	nt_init(dir);
	/* A held GPU keeps the enable pending; the reset is refused while held. */
	nt_change(attach_self, &a);
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(0), 1, &activation));
	assert_int_equal(activation, NVML_ERROR_IN_USE);
	assert_nvml(NVML_ERROR_IN_USE, slot(20)((uintptr_t)nt_gpu(0), 0, 0, 0));
	nt_change(detach_self, NULL);
	assert_nvml_ok(slot(20)((uintptr_t)nt_gpu(0), 0, 0, 0));
	assert_nvml_ok(slot(197)((uintptr_t)nt_gpu(0), 0, 0, 0));
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(0), &cur, &pend));
	assert_int_equal(cur, 1);
	assert_int_equal(pend, 1);
	st = nt_read();
	assert_mig_ok(mig_gpu_get(&g, st, 0));
	assert_int_equal(g.mig_current, 1);
	mig_state_free(st);
	/* A VM that cannot reset: NOT_SUPPORTED, the mode stays pending. */
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(1), 1, &activation));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, slot(20)((uintptr_t)nt_gpu(1), 0, 0, 0));
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(1), &cur, &pend));
	assert_int_equal(cur, 0);
	assert_int_equal(pend, 1);
	/* Not a device. */
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, slot(20)(0, 0, 0, 0));
	nt_done();
	nt_node_free(dir);
}

/* Event sets ------------------------------------------------------------------------------ */

#define EV_MIG_CONFIG_CHANGE 0x100ull

static long long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000LL + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_event_sets(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:2", NULL);
	unsigned char data[40];
	unsigned long long types = 0;
	unsigned profile[2] = {1, 19};
	struct timespec t0;
	nvmlEventSet_t set = NULL, set2 = NULL;
	pid_t child;
	int status;

	(void)state;
	nt_enable_mig(1);
	nt_init(dir);
	assert_nvml_ok(CALL(nvmlDeviceGetSupportedEventTypes)(nt_gpu(1), &types));
	assert_true(types & EV_MIG_CONFIG_CHANGE);
	assert_nvml_ok(nv.nvmlEventSetCreate(&set));
	assert_non_null(set);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlEventSetCreate(NULL));
	assert_nvml_ok(CALL(nvmlDeviceRegisterEvents)(nt_gpu(1), EV_MIG_CONFIG_CHANGE, set));
	/* A type the GPU does not support registers nothing. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    CALL(nvmlDeviceRegisterEvents)(nt_gpu(1), 1ull << 40, set));
	/* Nothing happened: a wait times out, after its timeout. */
	assert_nvml(NVML_ERROR_TIMEOUT, CALL(nvmlEventSetWait_v2)(set, (void *)data, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_nvml(NVML_ERROR_TIMEOUT, CALL(nvmlEventSetWait_v2)(set, (void *)data, 60));
	assert_true(ms_since(&t0) >= 55);
	/* Another process creates a GPU instance on GPU 1: one event for GPU 1. */
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		nt_change(make_gi_ci, profile);
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	nt_poison(data, sizeof(data));
	assert_nvml_ok(CALL(nvmlEventSetWait_v2)(set, (void *)data, 1000));
	assert_ptr_equal(nt_ptr(data, 0), nt_gpu(1));
	assert_true(nt_u64(data, 8) == EV_MIG_CONFIG_CHANGE);
	assert_true(nt_u64(data, 16) == 0);
	assert_int_equal(nt_u32(data, 24), 0xFFFFFFFFu);
	assert_int_equal(nt_u32(data, 28), 0xFFFFFFFFu);
	nt_assert_poisoned(data, 32, sizeof(data));
	/* Reported once. */
	assert_nvml(NVML_ERROR_TIMEOUT, CALL(nvmlEventSetWait_v2)(set, (void *)data, 0));
	/* A change made through NVML itself is one too; the v1 wait writes 24 bytes. */
	{
		nvmlGpuInstance_t gi;
		nvmlGpuInstanceProfileInfo_t info;

		assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(1), 0, &info));
		assert_nvml_ok(nv.nvmlDeviceCreateGpuInstance(nt_gpu(1), info.id, &gi));
	}
	nt_poison(data, sizeof(data));
	assert_nvml_ok(CALL(nvmlEventSetWait)(set, (void *)data, 0));
	assert_true(nt_u64(data, 8) == EV_MIG_CONFIG_CHANGE);
	nt_assert_poisoned(data, 24, sizeof(data));
	/* GPU 0 was not registered: its changes are not this set's. */
	nt_enable_mig(0);
	assert_nvml(NVML_ERROR_TIMEOUT, CALL(nvmlEventSetWait_v2)(set, (void *)data, 0));
	/* A second set sees only what happens after it registers. */
	assert_nvml_ok(nv.nvmlEventSetCreate(&set2));
	assert_true(set2 != set);
	assert_nvml_ok(CALL(nvmlDeviceRegisterEvents)(nt_gpu(0), EV_MIG_CONFIG_CHANGE, set2));
	assert_nvml(NVML_ERROR_TIMEOUT, CALL(nvmlEventSetWait_v2)(set2, (void *)data, 0));
	/* MIG device handles and bad sets are refused. */
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlDeviceRegisterEvents)(
							 nt_gpu(0), EV_MIG_CONFIG_CHANGE, (void *)data));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlEventSetWait_v2)(set, NULL, 0));
	assert_nvml_ok(CALL(nvmlEventSetFree)(set));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlEventSetFree)(set));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlEventSetWait_v2)(set, (void *)data, 0));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlEventSetFree)(NULL));
	/* The last shutdown frees every set. */
	nt_done();
	assert_nvml(NVML_ERROR_UNINITIALIZED, CALL(nvmlEventSetFree)(set2));
	nt_init(dir);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, CALL(nvmlEventSetFree)(set2));
	nt_done();
	nt_node_free(dir);
}

/* The main screen's cells ----------------------------------------------------------------- */

static void test_screen_modes(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB", NULL);
	unsigned profile[2] = {0, 9}, v, v2;
	unsigned long long count;
	unsigned char bar1[32], fields[2 * 40];
	mig_gpu_telemetry_info t;
	mig_device_telemetry_info dt;
	nvmlDevice_t mig = NULL;
	mig_state *st;
	mig_gi_info gis[4];
	size_t ngi;

	(void)state;
	nt_enable_mig(0);
	nt_change(make_gi_ci, profile);
	st = nt_read();
	assert_mig_ok(mig_gpu_telemetry(&t, st, 0));
	assert_mig_ok(mig_gi_list(gis, 4, &ngi, st, 0));
	assert_mig_ok(mig_device_telemetry(&dt, st, 0, gis[0].id, 0));
	mig_state_free(st);
	nt_init(dir);
	/* Disp.A Off, ECC On, the model's P-state, Compute M. Default. */
	assert_nvml_ok(CALL(nvmlDeviceGetDisplayActive)(nt_gpu(0), &v));
	assert_int_equal(v, 0);
	assert_nvml_ok(CALL(nvmlDeviceGetDisplayMode)(nt_gpu(0), &v));
	assert_int_equal(v, 0);
	v = v2 = 7;
	assert_nvml_ok(CALL(nvmlDeviceGetEccMode)(nt_gpu(0), &v, &v2));
	assert_int_equal(v, 1);
	assert_int_equal(v2, 1);
	assert_nvml_ok(CALL(nvmlDeviceGetPerformanceState)(nt_gpu(0), &v));
	assert_int_equal(v, t.perf_state);
	assert_nvml_ok(CALL(nvmlDeviceGetComputeMode)(nt_gpu(0), &v));
	assert_int_equal(v, 0);
	assert_nvml_ok(CALL(nvmlDeviceGetVirtualizationMode)(nt_gpu(0), &v));
	assert_int_equal(v, 0);
	assert_nvml_ok(CALL(nvmlDeviceGetTotalEccErrors)(nt_gpu(0), 1, 0, &count));
	assert_true(count == t.ecc_errors);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    CALL(nvmlDeviceGetEccMode)(nt_gpu(0), &v, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    CALL(nvmlDeviceGetPerformanceState)(nt_gpu(0), NULL));
	/* BAR1 of the GPU and of a MIG device: total, free, used, in bytes. */
	assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 0, &mig));
	nt_poison(bar1, sizeof(bar1));
	assert_nvml_ok(CALL(nvmlDeviceGetBAR1MemoryInfo)(nt_gpu(0), (void *)bar1));
	assert_true(nt_u64(bar1, 0) == t.bar1_total_mib * MIB);
	assert_true(nt_u64(bar1, 16) == t.bar1_used_mib * MIB);
	assert_true(nt_u64(bar1, 8) == (t.bar1_total_mib - t.bar1_used_mib) * MIB);
	nt_assert_poisoned(bar1, 24, sizeof(bar1));
	assert_nvml_ok(CALL(nvmlDeviceGetBAR1MemoryInfo)(mig, (void *)bar1));
	assert_true(nt_u64(bar1, 0) == dt.bar1_total_mib * MIB);
	assert_true(nt_u64(bar1, 0) > 0);
	/* The whole GPU's modes are not a MIG device's. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, CALL(nvmlDeviceGetDisplayActive)(mig, &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, CALL(nvmlDeviceGetComputeMode)(mig, &v));
	assert_nvml_ok(CALL(nvmlDeviceGetTotalEccErrors)(mig, 1, 0, &count));
	assert_true(count == dt.ecc_errors);
	/* Field values: each field NOT_SUPPORTED in its own code, the call succeeds. */
	nt_poison(fields, sizeof(fields));
	memset(fields, 0, 4);
	memset(fields + 40, 0, 4);
	assert_nvml_ok(CALL(nvmlDeviceGetFieldValues)(nt_gpu(0), 2, (void *)fields));
	assert_int_equal(nt_u32(fields, 28), NVML_ERROR_NOT_SUPPORTED);
	assert_int_equal(nt_u32(fields, 40 + 28), NVML_ERROR_NOT_SUPPORTED);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    CALL(nvmlDeviceGetFieldValues)(nt_gpu(0), 1, NULL));
	nt_done();
	assert_nvml(NVML_ERROR_UNINITIALIZED, CALL(nvmlDeviceGetDisplayActive)(NULL, &v));
	nt_node_free(dir);
}

static int teardown(void **state)
{
	(void)state;
	nt_done();
	return 0;
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_export_table),
		T(test_process_slots),
		T(test_reset_slot),
		T(test_event_sets),
		T(test_screen_modes),
	};

	return cmocka_run_group_tests(tests, nt_load, nt_unload);
}
