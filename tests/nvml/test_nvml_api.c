/*
 * test_nvml_api.c - libnvidia-ml.so.1 as a client sees it: the exported
 * names, init and shutdown, error strings, and the basic device calls
 * (§nvml-A.1 to §nvml-A.5) on emulated nodes, checked against libmig.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nvmltest.h"
#include "testutil.h"

#define MIB (1024ull * 1024ull)

/* Any symbol, called with zeros: every one takes at most six integer or pointer arguments. */
typedef nvmlReturn_t (*any_fn)(uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t,
			       uintptr_t);

/* The tsv's symbol names (NVML_TSV_PATH); free each and the array. */
static char **tsv_symbols(size_t *count)
{
	char *text = tu_read_file(NVML_TSV_PATH, NULL), *line, *save = NULL;
	char **out = NULL;
	size_t n = 0;

	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');

		if (!tab || !strncmp(line, "symbol\t", 7))
			continue;
		*tab = '\0';
		out = realloc(out, (n + 1) * sizeof(*out));
		assert_non_null(out);
		out[n++] = strdup(line);
	}
	free(text);
	*count = n;
	return out;
}

static void free_symbols(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

/* Calls that change the init count, or return a string. */
static int special(const char *name)
{
	return !strcmp(name, "nvmlInit") || !strcmp(name, "nvmlInit_v2") ||
	       !strcmp(name, "nvmlInitWithFlags") || !strcmp(name, "nvmlShutdown") ||
	       !strcmp(name, "nvmlErrorString");
}

static any_fn resolve_any(const char *name)
{
	void *sym = dlsym(nt_lib, name);
	any_fn f;

	if (!sym)
		print_error("dlsym %s: not exported\n", name);
	assert_non_null(sym);
	memcpy(&f, &sym, sizeof(f));
	return f;
}

/* Names and init ------------------------------------------------------------------ */

static void test_every_symbol_uninitialized_then_safe(void **state)
{
	size_t n;
	char **syms = tsv_symbols(&n);
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	unsigned unsupported = 0;

	(void)state;
	assert_true(n >= 400);
	/* Before init: every entry point answers UNINITIALIZED. */
	for (size_t i = 0; i < n; i++) {
		any_fn f = resolve_any(syms[i]);

		if (special(syms[i]))
			continue;
		if (f(0, 0, 0, 0, 0, 0) != NVML_ERROR_UNINITIALIZED)
			print_error("%s before init\n", syms[i]);
		assert_int_equal(f(0, 0, 0, 0, 0, 0), NVML_ERROR_UNINITIALIZED);
	}
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlShutdown());
	/* Initialized: NULL handles and outputs are refused, never dereferenced. */
	nt_init(dir);
	for (size_t i = 0; i < n; i++) {
		nvmlReturn_t rc;

		if (special(syms[i]))
			continue;
		rc = resolve_any(syms[i])(0, 0, 0, 0, 0, 0);
		if (rc != NVML_ERROR_INVALID_ARGUMENT && rc != NVML_ERROR_NOT_SUPPORTED)
			print_error("%s(0...) returned %d\n", syms[i], rc);
		assert_true(rc == NVML_ERROR_INVALID_ARGUMENT || rc == NVML_ERROR_NOT_SUPPORTED);
		unsupported += rc == NVML_ERROR_NOT_SUPPORTED;
	}
	/* Most of the API is not emulated; Part A is (some 80 symbols). */
	assert_true(unsupported > 300 && unsupported < n - 60);
	nt_done();
	/* After the last shutdown: UNINITIALIZED again. */
	for (size_t i = 0; i < n; i++)
		if (!special(syms[i]))
			assert_int_equal(resolve_any(syms[i])(0, 0, 0, 0, 0, 0),
					 NVML_ERROR_UNINITIALIZED);
	free_symbols(syms, n);
	nt_node_free(dir);
}

static void test_go_nvml_probes(void **state)
{
	/* The versioned names go-nvml probes with dlsym (§nvml-A.1). */
	static const char *const probes[] = {
		"nvmlInit_v2", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo_v3",
		"nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2",
		"nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetNvLinkRemotePciInfo_v2",
		"nvmlDeviceGetGridLicensableFeatures_v2", "nvmlDeviceGetGridLicensableFeatures_v3",
		"nvmlDeviceGetGridLicensableFeatures_v4", "nvmlEventSetWait_v2",
		"nvmlDeviceGetAttributes_v2", "nvmlComputeInstanceGetInfo_v2",
		"nvmlDeviceGetComputeRunningProcesses_v2", "nvmlDeviceGetComputeRunningProcesses_v3",
		"nvmlDeviceGetGraphicsRunningProcesses_v2", "nvmlDeviceGetGraphicsRunningProcesses_v3",
		"nvmlDeviceGetMPSComputeRunningProcesses_v2", "nvmlDeviceGetMPSComputeRunningProcesses_v3",
		"nvmlDeviceGetGpuInstancePossiblePlacements_v2", "nvmlVgpuInstanceGetLicenseInfo_v2",
		"nvmlDeviceGetDriverModel_v2", "nvmlDeviceGetGpuInstanceProfileInfoV",
		"nvmlGpuInstanceGetComputeInstanceProfileInfoV", "nvmlSystemGetCudaDriverVersion_v2",
		"nvmlDeviceGetMemoryInfo_v2", "nvmlInternalGetExportTable",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		assert_non_null(dlsym(nt_lib, probes[i]));
	/* Nothing but NVML: libmig's own API stays inside. */
	assert_null(dlsym(nt_lib, "mig_node_open"));
	assert_null(dlsym(nt_lib, "mig_strerror"));
	assert_null(dlsym(nt_lib, "nv_enter"));
}

static void test_error_strings(void **state)
{
	static const struct {
		nvmlReturn_t code;
		const char *text;
	} texts[] = {
		{NVML_SUCCESS, "Success"},
		{NVML_ERROR_UNINITIALIZED, "Uninitialized"},
		{NVML_ERROR_INVALID_ARGUMENT, "Invalid Argument"},
		{NVML_ERROR_NOT_SUPPORTED, "Not Supported"},
		{NVML_ERROR_NO_PERMISSION, "Insufficient Permissions"},
		{NVML_ERROR_ALREADY_INITIALIZED, "Already Initialized"},
		{NVML_ERROR_NOT_FOUND, "Not Found"},
		{NVML_ERROR_INSUFFICIENT_SIZE, "Insufficient Size"},
		{NVML_ERROR_INSUFFICIENT_POWER, "Insufficient External Power"},
		{NVML_ERROR_DRIVER_NOT_LOADED, "Driver Not Loaded"},
		{NVML_ERROR_TIMEOUT, "Timeout"},
		{NVML_ERROR_IRQ_ISSUE, "Interrupt Request Issue"},
		{NVML_ERROR_LIBRARY_NOT_FOUND, "NVML Shared Library Not Found"},
		{NVML_ERROR_FUNCTION_NOT_FOUND, "Function Not Found"},
		{NVML_ERROR_CORRUPTED_INFOROM, "Corrupted infoROM"},
		{NVML_ERROR_GPU_IS_LOST, "GPU is lost"},
		{NVML_ERROR_RESET_REQUIRED, "GPU requires restart"},
		{NVML_ERROR_OPERATING_SYSTEM, "The operating system has blocked the request."},
		{NVML_ERROR_LIB_RM_VERSION_MISMATCH, "RM has detected an NVML/RM version mismatch."},
		{NVML_ERROR_IN_USE, "In use by another client"},
		{NVML_ERROR_MEMORY, "Insufficient Memory"},
		{NVML_ERROR_NO_DATA, "No data"},
		{NVML_ERROR_INSUFFICIENT_RESOURCES, "Insufficient Resources"},
		{NVML_ERROR_UNKNOWN, "Unknown Error"},
	};
	const char *before[32];
	char *dir = nt_node("A100-SXM4-40GB", NULL);

	(void)state;
	/* Callable without init; static, so the same pointers after init and shutdown. */
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_string_equal(nv.nvmlErrorString(texts[i].code), texts[i].text);
	for (int c = 0; c <= 30; c++) {
		before[c] = nv.nvmlErrorString((nvmlReturn_t)c);
		assert_non_null(before[c]);
		assert_true(strlen(before[c]) > 0);
	}
	assert_string_equal(nv.nvmlErrorString((nvmlReturn_t)12345), "Unknown Error");
	nt_init(dir);
	nt_done();
	for (int c = 0; c <= 30; c++)
		assert_ptr_equal(nv.nvmlErrorString((nvmlReturn_t)c), before[c]);
	nt_node_free(dir);
}

static void test_init_nesting(void **state)
{
	unsigned n;
	char *dir = nt_node("H100-SXM5-80GB:2", NULL);

	(void)state;
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetCount_v2(&n));
	/* Reference-counted across all three init entry points (mig-parted nests them). */
	assert_nvml_ok(nv.nvmlInit_v2());
	assert_nvml_ok(nv.nvmlInit());
	assert_nvml_ok(nv.nvmlInitWithFlags(0));
	for (int i = 0; i < 3; i++) {
		assert_nvml_ok(nv.nvmlDeviceGetCount_v2(&n));
		assert_int_equal(n, 2);
		assert_nvml_ok(nv.nvmlShutdown());
	}
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetCount_v2(&n));
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetCount(&n));
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlShutdown());
	/* And again from zero. */
	nt_init(dir);
	assert_nvml_ok(nv.nvmlDeviceGetCount(&n));
	assert_int_equal(n, 2);
	nt_done();
	nt_node_free(dir);
}

static void test_init_creates_default_node(void **state)
{
	char *tmp = tu_mkdtemp(), path[512], name[96];
	mig_state *st;
	mig_gpu_info g;
	unsigned n;

	(void)state;
	/* A node directory that does not exist yet: init makes the default node, silently. */
	snprintf(path, sizeof(path), "%s/node", tmp);
	nt_init(path);
	assert_nvml_ok(nv.nvmlDeviceGetCount_v2(&n));
	assert_int_equal(n, 1);
	assert_nvml_ok(nv.nvmlDeviceGetName(nt_gpu(0), name, sizeof(name)));
	assert_string_equal(name, "NVIDIA H100 80GB HBM3");
	st = nt_read();
	assert_int_equal(mig_state_gpu_count(st), 1);
	assert_mig_ok(mig_gpu_get(&g, st, 0));
	assert_string_equal(mig_model_key(g.model), "H100-SXM5-80GB");
	assert_int_equal(g.mig_current, 0);
	mig_state_free(st);
	nt_done();
	tu_rmtree(tmp);
	free(tmp);
}

static void test_init_without_node(void **state)
{
	char buf[80];
	unsigned n;
	nvmlDevice_t h;

	(void)state;
	/* libmig refuses a relative $MIGCTL_STATE_DIR: no node, no "driver". */
	assert_int_equal(setenv("MIGCTL_STATE_DIR", "relative/dir", 1), 0);
	assert_nvml(NVML_ERROR_DRIVER_NOT_LOADED, nv.nvmlInit_v2());
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetCount_v2(&n));
	/* NVML_INIT_FLAG_NO_GPUS: init succeeds with no GPUs. */
	assert_nvml_ok(nv.nvmlInitWithFlags(NVML_INIT_FLAG_NO_GPUS));
	assert_nvml_ok(nv.nvmlDeviceGetCount_v2(&n));
	assert_int_equal(n, 0);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByIndex_v2(0, &h));
	assert_nvml_ok(nv.nvmlSystemGetDriverVersion(buf, sizeof(buf)));
	assert_true(strlen(buf) > 0);
	nt_done();
}

/* Identity ------------------------------------------------------------------------- */

static void test_identity_and_lookup(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB,serial=ABC123,bus=0000ABCD:3B:00.0",
			    "H100-SXM5-80GB", NULL);
	mig_state *st = nt_read();
	char buf[128], upper[64];
	nvmlDevice_t h0, h1, h;
	unsigned n, u;
	int major, minor;
	nvmlDeviceArchitecture_t arch;
	nvmlBrandType_t brand;

	(void)state;
	nt_init(dir);
	assert_nvml_ok(nv.nvmlDeviceGetCount(&n));
	assert_int_equal(n, 2);
	h0 = nt_gpu(0);
	h1 = nt_gpu(1);
	assert_ptr_not_equal(h0, h1);
	/* v1 and v2 give the same handles. */
	assert_nvml_ok(nv.nvmlDeviceGetHandleByIndex(1, &h));
	assert_ptr_equal(h, h1);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByIndex_v2(2, &h));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByIndex_v2(0, NULL));

	for (unsigned i = 0; i < 2; i++) {
		mig_gpu_info g;
		mig_gpu_telemetry_info t;
		nvmlDevice_t hi = i ? h1 : h0;

		assert_mig_ok(mig_gpu_get(&g, st, i));
		assert_mig_ok(mig_gpu_telemetry(&t, st, i));
		assert_nvml_ok(nv.nvmlDeviceGetName(hi, buf, sizeof(buf)));
		assert_string_equal(buf, t.name);
		assert_string_equal(buf, mig_model_name(g.model));
		assert_nvml_ok(nv.nvmlDeviceGetUUID(hi, buf, sizeof(buf)));
		assert_string_equal(buf, g.uuid);
		assert_nvml_ok(nv.nvmlDeviceGetSerial(hi, buf, sizeof(buf)));
		assert_string_equal(buf, g.serial);
		/* Back from each identity to the same handle. */
		assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(g.uuid, &h));
		assert_ptr_equal(h, hi);
		for (size_t k = 0; k <= strlen(g.uuid); k++)
			upper[k] = (char)(g.uuid[k] >= 'a' && g.uuid[k] <= 'z' ? g.uuid[k] - 32
									   : g.uuid[k]);
		assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(upper, &h));
		assert_ptr_equal(h, hi);
		assert_nvml_ok(nv.nvmlDeviceGetHandleBySerial(g.serial, &h));
		assert_ptr_equal(h, hi);
		assert_nvml_ok(nv.nvmlDeviceGetIndex(hi, &u));
		assert_int_equal(u, i);
		assert_nvml_ok(nv.nvmlDeviceGetMinorNumber(hi, &u));
		assert_int_equal(u, i);
	}
	assert_nvml_ok(nv.nvmlDeviceGetSerial(h0, buf, sizeof(buf)));
	assert_string_equal(buf, "ABC123");
	assert_nvml(NVML_ERROR_NOT_FOUND,
		    nv.nvmlDeviceGetHandleByUUID("GPU-00000000-0000-0000-0000-000000000000", &h));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByUUID("nonsense", &h));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByUUID(NULL, &h));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleBySerial("nope", &h));

	/* PCI bus ids: NVML's 8-digit form, sysfs's 4-digit lower-case form, no domain. */
	static const char *const ids0[] = {"0000ABCD:3B:00.0", "0000abcd:3b:00.0", "abcd:3b:00.0",
					   "ABCD:3B:00.0"};
	for (size_t k = 0; k < sizeof(ids0) / sizeof(ids0[0]); k++) {
		h = NULL;
		assert_nvml_ok(nv.nvmlDeviceGetHandleByPciBusId_v2(ids0[k], &h));
		assert_ptr_equal(h, h0);
	}
	static const char *const ids1[] = {"00000000:2A:00.0", "0000:2a:00.0", "2a:00.0"};
	for (size_t k = 0; k < sizeof(ids1) / sizeof(ids1[0]); k++) {
		h = NULL;
		assert_nvml_ok(nv.nvmlDeviceGetHandleByPciBusId(ids1[k], &h));
		assert_ptr_equal(h, h1);
	}
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByPciBusId_v2("0000:2a:00.1", &h));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByPciBusId_v2("0000:99:00.0", &h));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByPciBusId_v2("zz:yy", &h));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByPciBusId_v2("", &h));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByPciBusId_v2(NULL, &h));

	/* GA100: Ampere 8.0; GH100: Hopper 9.0; both branded "NVIDIA". */
	assert_nvml_ok(nv.nvmlDeviceGetArchitecture(h0, &arch));
	assert_int_equal(arch, 7);
	assert_nvml_ok(nv.nvmlDeviceGetArchitecture(h1, &arch));
	assert_int_equal(arch, 9);
	assert_nvml_ok(nv.nvmlDeviceGetCudaComputeCapability(h0, &major, &minor));
	assert_int_equal(major * 10 + minor, 80);
	assert_nvml_ok(nv.nvmlDeviceGetCudaComputeCapability(h1, &major, &minor));
	assert_int_equal(major * 10 + minor, 90);
	assert_nvml_ok(nv.nvmlDeviceGetBrand(h1, &brand));
	assert_int_equal(brand, 14);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetBrand(h1, NULL));
	nt_done();
	mig_state_free(st);
	nt_node_free(dir);
}

static void test_uuid_struct_lookup(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:2", NULL);
	mig_state *st = nt_read();
	unsigned char u[52];
	mig_gpu_info g;
	nvmlDevice_t h = NULL;
	unsigned hex = 0;

	(void)state;
	assert_mig_ok(mig_gpu_get(&g, st, 1));
	nt_init(dir);
	/* nvmlUUID_v1_t: version@0, type@4, value@8 (ASCII[41] or 16 bytes), 52 bytes. */
	memset(u, 0, sizeof(u));
	memcpy(u, &(unsigned){0x01000034}, 4);
	memcpy(u + 4, &(unsigned){1}, 4);
	memcpy(u + 8, g.uuid, strlen(g.uuid));
	assert_nvml_ok(nv.nvmlDeviceGetHandleByUUIDV((const nvmlUUID_t *)u, &h));
	assert_ptr_equal(h, nt_gpu(1));
	memset(u + 8, 0, 44);
	memcpy(u + 4, &(unsigned){2}, 4);
	for (size_t i = 4, k = 0; g.uuid[i] && k < 16; i++) {
		if (g.uuid[i] == '-')
			continue;
		sscanf(g.uuid + i, "%2x", &hex);
		u[8 + k++] = (unsigned char)hex;
		i++;
	}
	h = NULL;
	assert_nvml_ok(nv.nvmlDeviceGetHandleByUUIDV((const nvmlUUID_t *)u, &h));
	assert_ptr_equal(h, nt_gpu(1));
	memcpy(u + 4, &(unsigned){0}, 4);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetHandleByUUIDV((const nvmlUUID_t *)u, &h));
	memcpy(u, &(unsigned){0x02000034}, 4);
	assert_nvml(NVML_ERROR_ARGUMENT_VERSION_MISMATCH,
		    nv.nvmlDeviceGetHandleByUUIDV((const nvmlUUID_t *)u, &h));
	nt_done();
	mig_state_free(st);
	nt_node_free(dir);
}

static void test_string_buffers(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	char buf[128];
	size_t len;

	(void)state;
	nt_init(dir);
	/* Too short: INSUFFICIENT_SIZE and the buffer untouched; exactly enough: fine. */
	nt_poison(buf, sizeof(buf));
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlDeviceGetName(nt_gpu(0), buf, 5));
	nt_assert_poisoned(buf, 0, sizeof(buf));
	len = strlen("NVIDIA H100 80GB HBM3");
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE,
		    nv.nvmlDeviceGetName(nt_gpu(0), buf, (unsigned)len));
	assert_nvml_ok(nv.nvmlDeviceGetName(nt_gpu(0), buf, (unsigned)len + 1));
	nt_assert_poisoned(buf, len + 1, sizeof(buf));
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlDeviceGetName(nt_gpu(0), buf, 0));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetName(nt_gpu(0), NULL, 96));
	/* "GPU-" + 36 + NUL = 41 */
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlDeviceGetUUID(nt_gpu(0), buf, 40));
	assert_nvml_ok(nv.nvmlDeviceGetUUID(nt_gpu(0), buf, 41));
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlDeviceGetSerial(nt_gpu(0), buf, 3));
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlSystemGetDriverVersion(buf, 4));
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE, nv.nvmlSystemGetNVMLVersion(buf, 4));
	nt_done();
	nt_node_free(dir);
}

/* Versions by driver branch: driver, NVML "<CUDA major>.<driver>", CUDA, and names. */
static void check_versions(const char *request, const char *driver, int cuda, const char *name)
{
	char *dir = nt_node(request, NULL);
	char buf[96], want[96];
	int v = 0;

	nt_init(dir);
	assert_nvml_ok(nv.nvmlSystemGetDriverVersion(buf, sizeof(buf)));
	assert_string_equal(buf, driver);
	snprintf(want, sizeof(want), "%d.%s", cuda / 1000, driver);
	assert_nvml_ok(nv.nvmlSystemGetNVMLVersion(buf, sizeof(buf)));
	assert_string_equal(buf, want);
	assert_nvml_ok(nv.nvmlSystemGetCudaDriverVersion(&v));
	assert_int_equal(v, cuda);
	v = 0;
	assert_nvml_ok(nv.nvmlSystemGetCudaDriverVersion_v2(&v));
	assert_int_equal(v, cuda);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlSystemGetCudaDriverVersion_v2(NULL));
	assert_nvml_ok(nv.nvmlDeviceGetName(nt_gpu(0), buf, sizeof(buf)));
	assert_string_equal(buf, name);
	nt_done();
	nt_node_free(dir);
}

static void test_versions_by_branch(void **state)
{
	(void)state;
	check_versions("H100-SXM5-80GB@580.173.02", "580.173.02", 13000, "NVIDIA H100 80GB HBM3");
	check_versions("H100-SXM5-80GB@535.104.12", "535.104.12", 12020, "NVIDIA H100 80GB HBM3");
	/* Before R470 boards were named without "NVIDIA " (libmig's telemetry model). */
	check_versions("A100-SXM4-40GB@450.80.02", "450.80.02", 11000, "A100-SXM4-40GB");
}

/* PCI ---------------------------------------------------------------------------------- */

static void test_pci_info_layouts(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB,bus=0000ABCD:3B:00.0", NULL);
	unsigned char buf[96];

	(void)state;
	nt_init(dir);
	/* _v3: the 68-byte struct. */
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlDeviceGetPciInfo_v3(nt_gpu(0), (nvmlPciInfo_t *)buf));
	assert_string_equal((char *)buf, "ABCD:3B:00.0");             /* busIdLegacy @0 */
	assert_int_equal(nt_u32(buf, 16), 0xABCD);                   /* domain */
	assert_int_equal(nt_u32(buf, 20), 0x3B);                     /* bus */
	assert_int_equal(nt_u32(buf, 24), 0);                        /* device */
	assert_int_equal(nt_u32(buf, 28), 0x20B010DE);               /* pciDeviceId */
	assert_int_equal(nt_u32(buf, 32) & 0xFFFF, 0x10DE);          /* subsystem vendor */
	assert_string_equal((char *)buf + 36, "0000ABCD:3B:00.0");   /* busId @36 */
	nt_assert_poisoned(buf, 68, sizeof(buf));
	/* The legacy names: the pre-_v3 52-byte struct, reserved words zeroed, nothing past. */
	for (int v = 1; v <= 2; v++) {
		nt_poison(buf, sizeof(buf));
		if (v == 1)
			assert_nvml_ok(nv.nvmlDeviceGetPciInfo(nt_gpu(0), (nvmlPciInfo_t *)buf));
		else
			assert_nvml_ok(nv.nvmlDeviceGetPciInfo_v2(nt_gpu(0), (nvmlPciInfo_t *)buf));
		assert_string_equal((char *)buf, "ABCD:3B:00.0");
		assert_int_equal(nt_u32(buf, 28), 0x20B010DE);
		for (int k = 36; k < 52; k++)
			assert_int_equal(buf[k], 0);
		nt_assert_poisoned(buf, 52, sizeof(buf));
	}
	/* PciInfoExt: versioned (0x01000040), 64 bytes. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){0x01000040}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetPciInfoExt(nt_gpu(0), (nvmlPciInfoExt_t *)buf));
	assert_int_equal(nt_u32(buf, 0), 0x01000040);
	assert_int_equal(nt_u32(buf, 4), 0xABCD);
	assert_int_equal(nt_u32(buf, 8), 0x3B);
	assert_int_equal(nt_u32(buf, 16), 0x20B010DE);
	assert_int_equal(nt_u32(buf, 24), 3); /* base class: display controller */
	assert_int_equal(nt_u32(buf, 28), 2); /* 3D controller */
	assert_string_equal((char *)buf + 32, "0000ABCD:3B:00.0");
	nt_assert_poisoned(buf, 64, sizeof(buf));
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){0x02000040}, 4);
	assert_nvml(NVML_ERROR_ARGUMENT_VERSION_MISMATCH,
		    nv.nvmlDeviceGetPciInfoExt(nt_gpu(0), (nvmlPciInfoExt_t *)buf));
	nt_assert_poisoned(buf, 4, sizeof(buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetPciInfo_v3(nt_gpu(0), NULL));
	nt_done();
	nt_node_free(dir);
}

/* Memory and sensors ----------------------------------------------------------------------- */

static void test_memory_layouts(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", "A100-SXM4-40GB@450.80.02", NULL);
	mig_state *st = nt_read();
	mig_gpu_telemetry_info t;
	unsigned char buf[64];

	(void)state;
	assert_mig_ok(mig_gpu_telemetry(&t, st, 0));
	nt_init(dir);
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlDeviceGetMemoryInfo(nt_gpu(0), (nvmlMemory_t *)buf));
	assert_true(nt_u64(buf, 0) == t.memory_total_mib * MIB);
	assert_true(nt_u64(buf, 8) == t.memory_free_mib * MIB);
	assert_true(nt_u64(buf, 16) == t.memory_used_mib * MIB);
	nt_assert_poisoned(buf, 24, sizeof(buf));
	/* v2: version@0, total@8, reserved@16, free@24, used@32. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){0x02000028}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetMemoryInfo_v2(nt_gpu(0), (nvmlMemory_v2_t *)buf));
	assert_true(nt_u64(buf, 8) == t.memory_total_mib * MIB);
	assert_true(nt_u64(buf, 16) == 0);
	assert_true(nt_u64(buf, 24) + nt_u64(buf, 32) == nt_u64(buf, 8));
	assert_true(nt_u64(buf, 32) == t.memory_used_mib * MIB);
	nt_assert_poisoned(buf, 40, sizeof(buf));
	/* An unknown version word writes nothing: NVML 12+ says so with its own code... */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){0x01000018}, 4);
	assert_nvml(NVML_ERROR_ARGUMENT_VERSION_MISMATCH,
		    nv.nvmlDeviceGetMemoryInfo_v2(nt_gpu(0), (nvmlMemory_v2_t *)buf));
	nt_assert_poisoned(buf, 4, sizeof(buf));
	nt_done();
	/* ...which did not exist before R525: INVALID_ARGUMENT on an R450 node. */
	{
		char *old = nt_node("A100-SXM4-40GB@450.80.02", NULL);

		nt_init(old);
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlDeviceGetMemoryInfo_v2(nt_gpu(0), (nvmlMemory_v2_t *)buf));
		nt_done();
		nt_node_free(old);
	}
	mig_state_free(st);
	nt_node_free(dir);
}

static void test_sensors(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB", NULL);
	mig_state *st = nt_read();
	mig_gpu_telemetry_info t;
	nvmlUtilization_t util;
	unsigned v;
	unsigned char tv[16];

	(void)state;
	assert_mig_ok(mig_gpu_telemetry(&t, st, 0));
	nt_init(dir);
	assert_nvml_ok(nv.nvmlDeviceGetPowerUsage(nt_gpu(0), &v));
	assert_int_equal(v, t.power_draw_mw);
	{
		nvmlEnableState_t pm = (nvmlEnableState_t)7;

		assert_nvml_ok(nv.nvmlDeviceGetPersistenceMode(nt_gpu(0), &pm));
		assert_int_equal(pm, t.persistence_mode ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED);
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlDeviceGetPersistenceMode(nt_gpu(0), NULL));
	}
	assert_nvml_ok(nv.nvmlDeviceGetEnforcedPowerLimit(nt_gpu(0), &v));
	assert_int_equal(v, t.power_limit_mw);
	assert_int_equal(v, 400000);
	assert_nvml_ok(nv.nvmlDeviceGetPowerManagementLimit(nt_gpu(0), &v));
	assert_int_equal(v, t.power_limit_mw);
	assert_nvml_ok(nv.nvmlDeviceGetTemperature(nt_gpu(0), NVML_TEMPERATURE_GPU, &v));
	assert_int_equal(v, t.temperature_c);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetTemperature(nt_gpu(0), (nvmlTemperatureSensors_t)1, &v));
	/* nvmlTemperature_v1_t: version@0, sensorType@4, temperature@8. */
	nt_poison(tv, sizeof(tv));
	memcpy(tv, &(unsigned){0x0100000C}, 4);
	memcpy(tv + 4, &(unsigned){0}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetTemperatureV(nt_gpu(0), (nvmlTemperature_t *)tv));
	assert_int_equal(nt_u32(tv, 8), t.temperature_c);
	nt_assert_poisoned(tv, 12, sizeof(tv));
	/* MIG off: utilization answers; MIG on: NOT_SUPPORTED (§nvml-A.7). */
	assert_nvml_ok(nv.nvmlDeviceGetUtilizationRates(nt_gpu(0), &util));
	assert_int_equal(util.gpu, t.gpu_util_percent);
	nt_enable_mig(0);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetUtilizationRates(nt_gpu(0), &util));
	assert_nvml_ok(nv.nvmlDeviceGetPowerUsage(nt_gpu(0), &v));
	nt_done();
	mig_state_free(st);
	nt_node_free(dir);
}

/*
 * CPU affinity (docs/nvml.md): an explicit list as given, cut to the
 * caller's words; numa=0 and the platform default name CPUs this host has
 * (Slurm drops the others and stops when none is left); bad arguments.
 */
static void test_cpu_affinity(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB,cpus=0-1+3+64", "A100-SXM4-40GB,numa=0",
			    "A100-SXM4-40GB", NULL);
	unsigned long set[4], node[1], one[4];
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	(void)state;
	nt_init(dir);
	nt_poison(set, sizeof(set));
	assert_nvml_ok(nv.nvmlDeviceGetCpuAffinity(nt_gpu(0), 2, set));
	assert_true(set[0] == 0xBUL && set[1] == 1UL);
	nt_assert_poisoned(set, 2 * sizeof(set[0]), sizeof(set));
	assert_nvml_ok(nv.nvmlDeviceGetCpuAffinity(nt_gpu(0), 1, set));
	assert_true(set[0] == 0xBUL);
	for (unsigned gpu = 1; gpu < 3; gpu++) {
		assert_nvml_ok(nv.nvmlDeviceGetCpuAffinity(nt_gpu(gpu), 4, set));
		assert_true(set[0] != 0);
		for (long c = ncpu; c < 256; c++)
			assert_false(set[c / 64] >> (c % 64) & 1);
		assert_nvml_ok(nv.nvmlDeviceGetCpuAffinityWithinScope(nt_gpu(gpu), 4, one, 1));
		assert_memory_equal(one, set, sizeof(set));
		assert_nvml_ok(nv.nvmlDeviceGetMemoryAffinity(nt_gpu(gpu), 1, node, 0));
		assert_true(node[0] == 1UL);
	}
	/* this host's node 0 (or every CPU) for both: the defaults agree on a one-node host */
	assert_nvml_ok(nv.nvmlDeviceGetCpuAffinity(nt_gpu(1), 4, one));
	if (access("/sys/devices/system/node/node1", F_OK) != 0)
		assert_memory_equal(one, set, sizeof(set));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetCpuAffinity(nt_gpu(0), 0, set));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetCpuAffinity(nt_gpu(0), 1, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetCpuAffinityWithinScope(nt_gpu(0), 1, set, 2));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetCpuAffinity(NULL, 1, set));
	nt_done();
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetCpuAffinity(NULL, 1, set));
	nt_node_free(dir);
}

static void test_stubs_not_supported(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	char buf[80];
	unsigned v;

	(void)state;
	nt_init(dir);
	/* Not part of the emulation: NOT_SUPPORTED, as a board without the feature says. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetBoardPartNumber(nt_gpu(0), buf, sizeof(buf)));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetFanSpeed(nt_gpu(0), &v));
	nt_done();
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetFanSpeed(NULL, &v));
	nt_node_free(dir);
}

/* Processes ------------------------------------------------------------------------------- */

static int attach_self(mig_state *st, void *arg)
{
	mig_process p;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "%s", (const char *)arg);
	p.used_mib = 1024;
	p.gpu = 0;
	p.gi = p.ci = MIG_NONE;
	return mig_process_attach(st, &p);
}

static int detach_self(mig_state *st, void *arg)
{
	(void)arg;
	return mig_process_detach(st, (unsigned)getpid());
}

static void test_running_processes(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	unsigned char buf[96];
	char name[64];
	unsigned n;

	(void)state;
	nt_init(dir);
	/* None: a count query succeeds with 0. */
	n = 0;
	assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(nt_gpu(0), &n, NULL));
	assert_int_equal(n, 0);
	nt_change(attach_self, "trainer");
	/* One: 0/NULL answers INSUFFICIENT_SIZE with the count needed. */
	n = 0;
	assert_nvml(NVML_ERROR_INSUFFICIENT_SIZE,
		    nv.nvmlDeviceGetComputeRunningProcesses_v3(nt_gpu(0), &n, NULL));
	assert_int_equal(n, 1);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetComputeRunningProcesses_v3(nt_gpu(0), NULL, NULL));
	/* v3 and v2: 24-byte entries, pid@0, usedGpuMemory@8, GI@16, CI@20. */
	for (int v = 2; v <= 3; v++) {
		nt_poison(buf, sizeof(buf));
		n = 3;
		if (v == 2)
			assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v2(
				nt_gpu(0), &n, (nvmlProcessInfo_v2_t *)buf));
		else
			assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(
				nt_gpu(0), &n, (nvmlProcessInfo_t *)buf));
		assert_int_equal(n, 1);
		assert_int_equal(nt_u32(buf, 0), (unsigned)getpid());
		assert_true(nt_u64(buf, 8) == 1024 * MIB);
		assert_int_equal(nt_u32(buf, 16), 0xFFFFFFFFu);
		assert_int_equal(nt_u32(buf, 20), 0xFFFFFFFFu);
		nt_assert_poisoned(buf, 24, sizeof(buf));
	}
	/* The unversioned name: 16-byte v1 entries. */
	nt_poison(buf, sizeof(buf));
	n = 3;
	assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses(nt_gpu(0), &n,
							       (nvmlProcessInfo_v1_t *)buf));
	assert_int_equal(n, 1);
	assert_int_equal(nt_u32(buf, 0), (unsigned)getpid());
	assert_true(nt_u64(buf, 8) == 1024 * MIB);
	nt_assert_poisoned(buf, 16, sizeof(buf));
	/* A CUDA process: no graphics or MPS entries. */
	n = 0;
	assert_nvml_ok(nv.nvmlDeviceGetGraphicsRunningProcesses_v3(nt_gpu(0), &n, NULL));
	assert_int_equal(n, 0);
	assert_nvml_ok(nv.nvmlDeviceGetMPSComputeRunningProcesses_v3(nt_gpu(0), &n, NULL));
	assert_int_equal(n, 0);
	/* Its name is the node's record; a short buffer truncates. */
	assert_nvml_ok(nv.nvmlSystemGetProcessName((unsigned)getpid(), name, sizeof(name)));
	assert_string_equal(name, "trainer");
	assert_nvml_ok(nv.nvmlSystemGetProcessName((unsigned)getpid(), name, 4));
	assert_string_equal(name, "tra");
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlSystemGetProcessName((unsigned)getpid(), NULL, 10));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlSystemGetProcessName(0x7ffffff0u, name, 64));
	nt_change(detach_self, NULL);
	n = 0;
	assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(nt_gpu(0), &n, NULL));
	assert_int_equal(n, 0);
	nt_done();
	nt_node_free(dir);
}

/* Bad handles ------------------------------------------------------------------------------- */

static int remove_last_gpu(mig_state *st, void *arg)
{
	(void)arg;
	return mig_state_remove_gpu(st, mig_state_gpu_count(st) - 1);
}

static void test_bad_handles(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:2", NULL);
	nvmlDevice_t h0, h1, out;
	nvmlGpuInstance_t gi;
	nvmlComputeInstance_t ci;
	unsigned v, local = 0;
	char buf[96];
	int major, minor;

	(void)state;
	nt_init(dir);
	h0 = nt_gpu(0);
	h1 = nt_gpu(1);
	nvmlDevice_t bad[] = {
		NULL, (nvmlDevice_t)(uintptr_t)1, (nvmlDevice_t)(uintptr_t)~(uintptr_t)0,
		(nvmlDevice_t)&local, (nvmlDevice_t)((char *)h0 + 1), (nvmlDevice_t)((char *)h0 - 8),
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetName(bad[i], buf, 96));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetUUID(bad[i], buf, 96));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetIndex(bad[i], &v));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetMigMode(bad[i], &v, &v));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlDeviceGetCudaComputeCapability(bad[i], &major, &minor));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlDeviceGetMaxMigDeviceCount(bad[i], &v));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceIsMigDeviceHandle(bad[i], &v));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlDeviceCreateGpuInstance(bad[i], 19, &gi));
		/* ...and as GPU- and compute-instance handles. */
		gi = (nvmlGpuInstance_t)bad[i];
		ci = (nvmlComputeInstance_t)bad[i];
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceDestroy(gi));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
			    nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &ci));
		assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlComputeInstanceDestroy(ci));
	}
	/* A GPU handle is not a GPU instance nor a compute instance. */
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceDestroy((nvmlGpuInstance_t)h0));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlComputeInstanceDestroy((nvmlComputeInstance_t)h0));
	/* A GPU removed from the node: its handle is refused, not followed. */
	nt_change(remove_last_gpu, NULL);
	assert_nvml_ok(nv.nvmlDeviceGetCount_v2(&v));
	assert_int_equal(v, 1);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetName(h1, buf, 96));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(h1, &out));
	assert_nvml_ok(nv.nvmlDeviceGetName(h0, buf, 96));
	nt_done();
	nt_node_free(dir);
}

static void test_handles_survive_reinit(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB", NULL);
	nvmlDevice_t h;
	char buf[96];

	(void)state;
	nt_init(dir);
	h = nt_gpu(0);
	nt_done();
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlDeviceGetName(h, buf, 96));
	/* Handles name table slots, so a handle from before means the same GPU again. */
	nt_init(dir);
	assert_ptr_equal(nt_gpu(0), h);
	assert_nvml_ok(nv.nvmlDeviceGetName(h, buf, 96));
	nt_done();
	nt_node_free(dir);
}

/* Permissions ------------------------------------------------------------------------------ */

#define NOBODY 65534

static void test_non_root_reads_but_cannot_change(void **state)
{
	char *tmp, path[512];
	pid_t pid;
	int status;

	(void)state;
	if (geteuid() != 0) {
		skip();
		return;
	}
	/* Root's node: directory 0755, files 0644 - readable by NVML clients of any user. */
	tmp = tu_mkdtemp();
	assert_int_equal(chmod(tmp, 0755), 0);
	snprintf(path, sizeof(path), "%s/node", tmp);
	{
		mig_state *st;
		mig_gpu_spec spec = {0};

		spec.model = mig_catalog_find("H100-SXM5-80GB");
		assert_mig_ok(mig_state_new(&st));
		assert_mig_ok(mig_state_add_gpu(st, &spec));
		assert_mig_ok(mig_node_create(path, st, 0));
		mig_state_free(st);
	}
	assert_int_equal(setenv("MIGCTL_STATE_DIR", path, 1), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		nvmlDevice_t h;
		nvmlGpuInstance_t gi;
		nvmlReturn_t act;
		unsigned cur, pend;
		char name[96];

		if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
			_exit(10);
		if (nv.nvmlInit_v2() != NVML_SUCCESS)
			_exit(11);
		if (nv.nvmlDeviceGetHandleByIndex_v2(0, &h) != NVML_SUCCESS ||
		    nv.nvmlDeviceGetName(h, name, sizeof(name)) != NVML_SUCCESS ||
		    nv.nvmlDeviceGetMigMode(h, &cur, &pend) != NVML_SUCCESS)
			_exit(12);
		if (nv.nvmlDeviceSetMigMode(h, 1, &act) != NVML_ERROR_NO_PERMISSION)
			_exit(13);
		if (nv.nvmlDeviceCreateGpuInstance(h, 19, &gi) != NVML_ERROR_NO_PERMISSION)
			_exit(14);
		nv.nvmlShutdown();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	tu_rmtree(tmp);
	free(tmp);
}

/* Whatever a failed test left initialized, the next starts from zero. */
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
		T(test_every_symbol_uninitialized_then_safe),
		T(test_go_nvml_probes),
		T(test_error_strings),
		T(test_init_nesting),
		T(test_init_creates_default_node),
		T(test_init_without_node),
		T(test_identity_and_lookup),
		T(test_uuid_struct_lookup),
		T(test_string_buffers),
		T(test_versions_by_branch),
		T(test_pci_info_layouts),
		T(test_memory_layouts),
		T(test_sensors),
		T(test_cpu_affinity),
		T(test_stubs_not_supported),
		T(test_running_processes),
		T(test_bad_handles),
		T(test_handles_survive_reinit),
		T(test_non_root_reads_but_cannot_change),
	};

	return cmocka_run_group_tests(tests, nt_load, nt_unload);
}
