/*
 * test_backend.c - the NVML backend against a fake libnvidia-ml.so.1
 * (fake_nvml.c): loading and its refusals, AUTO, the snapshot the driver's
 * answers give, changes forwarded to the driver with its return codes, a
 * model for a board the catalog lacks, and old drivers' legacy symbols.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "nvml_backend.h"
#include "state.h"

static void (*fake_scenario)(int);
static void (*fake_fail)(const char *, int);
static unsigned (*fake_calls)(const char *);
static void (*fake_activation)(int);

/* Bind the steering calls of one fake library (kept loaded, so its state lives). */
static void *bind_fake(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	assert_non_null(h);
	*(void **)&fake_scenario = dlsym(h, "fake_nvml_scenario");
	*(void **)&fake_fail = dlsym(h, "fake_nvml_fail");
	*(void **)&fake_calls = dlsym(h, "fake_nvml_calls");
	*(void **)&fake_activation = dlsym(h, "fake_nvml_activation");
	assert_non_null(fake_scenario);
	assert_non_null(fake_fail);
	assert_non_null(fake_calls);
	assert_non_null(fake_activation);
	return h;
}

static void *full_fake;

static int group_setup(void **state)
{
	(void)state;
	full_fake = bind_fake(FAKE_NVML);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dlclose(full_fake);
	return 0;
}

/* Each test starts from scenario `which` of the full fake. */
static void use_fake(int which)
{
	setenv("MIGCTL_NVML_LIBRARY", FAKE_NVML, 1);
	full_fake = full_fake ? full_fake : bind_fake(FAKE_NVML);
	fake_scenario(which);
}

static mig_node *open_nvml(void)
{
	mig_node *node = NULL;

	assert_ok(mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_int_equal(mig_node_backend(node), MIG_BACKEND_NVML);
	return node;
}

static const mig_gi_profile *profile(const mig_state *st, unsigned id)
{
	const mig_gi_profile *p = NULL;

	assert_ok(mig_gpu_gi_profile_by_id(&p, st, 0, id));
	return p;
}

/* Loading ---------------------------------------------------------------------- */

static void test_library_env(void **state)
{
	mig_node *node = NULL;

	(void)state;
	use_fake(0);
	setenv("MIGCTL_NVML_LIBRARY", "libnvidia-ml.so.1", 1);
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_non_null(strstr(mig_errmsg(), "absolute"));
	setenv("MIGCTL_NVML_LIBRARY", "/usr/lib/../lib/libnvidia-ml.so.1", 1);
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_non_null(strstr(mig_errmsg(), ".."));
	setenv("MIGCTL_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", 1);
	assert_mig(MIG_ERROR_LIBRARY_NOT_FOUND,
		   mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_non_null(strstr(mig_errmsg(), "/nonexistent/libnvidia-ml.so.1"));
	setenv("MIGCTL_NVML_LIBRARY", FAKE_NVML_INCOMPLETE, 1);
	assert_mig(MIG_ERROR_FUNCTION_NOT_FOUND,
		   mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_non_null(strstr(mig_errmsg(), "nvmlDeviceGetMigMode"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT,
		   mig_node_open_backend(&node, (mig_backend)7, NULL, 0));

	/* nvmlInit's own code passes through (9: Driver Not Loaded). */
	use_fake(0);
	fake_fail("init", MIG_ERROR_DRIVER_NOT_LOADED);
	assert_mig(MIG_ERROR_DRIVER_NOT_LOADED,
		   mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_string_equal(mig_strerror(MIG_ERROR_DRIVER_NOT_LOADED), "Driver Not Loaded");

	node = open_nvml();
	assert_string_equal(mig_node_path(node), FAKE_NVML);
	assert_int_equal(mig_node_created(node), 0);
	mig_node_close(node);
	unsetenv("MIGCTL_NVML_LIBRARY");
}

static void test_backend_names(void **state)
{
	mig_backend b;

	(void)state;
	assert_ok(mig_backend_parse(&b, "nvml"));
	assert_int_equal(b, MIG_BACKEND_NVML);
	assert_ok(mig_backend_parse(&b, "emulated"));
	assert_int_equal(b, MIG_BACKEND_EMULATED);
	assert_ok(mig_backend_parse(&b, "auto"));
	assert_int_equal(b, MIG_BACKEND_AUTO);
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_backend_parse(&b, "NVML"));
	assert_non_null(strstr(mig_errmsg(), "auto, emulated, nvml"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_backend_parse(&b, NULL));
	assert_string_equal(mig_backend_name(MIG_BACKEND_NVML), "nvml");
	assert_string_equal(mig_backend_name((mig_backend)9), "");
}

/* AUTO looks for a loaded driver; the probe is pointed at a temp file. */
static void test_auto(void **state)
{
	char *dir = tu_mkdtemp(), probe[512], nodedir[512];
	const char *saved = mig__nvml_driver_probe;
	mig_node *node = NULL;
	FILE *f;

	(void)state;
	use_fake(0);
	snprintf(probe, sizeof(probe), "%s/version", dir);
	snprintf(nodedir, sizeof(nodedir), "%s/node", dir);
	mig__nvml_driver_probe = probe;
	assert_int_equal(mig__nvml_driver_loaded(), 0);
	assert_ok(mig_node_open_backend(&node, MIG_BACKEND_AUTO, nodedir, MIG_NODE_CREATE));
	assert_int_equal(mig_node_backend(node), MIG_BACKEND_EMULATED);
	assert_int_equal(mig_node_created(node), 1);
	mig_node_close(node);

	f = fopen(probe, "w");
	assert_non_null(f);
	fputs("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.173.02\n", f);
	fclose(f);
	assert_int_equal(mig__nvml_driver_loaded(), 1);
	assert_ok(mig_node_open_backend(&node, MIG_BACKEND_AUTO, nodedir, MIG_NODE_CREATE));
	assert_int_equal(mig_node_backend(node), MIG_BACKEND_NVML);
	/* Real GPUs change call by call; their journal lives in the state directory. */
	{
		char jdir[4096], want[600];

		assert_int_equal(mig_node_transactional(node), 0);
		setenv("MIGCTL_JOURNAL_DIR", dir, 1);
		assert_ok(mig_node_journal_dir(jdir, sizeof(jdir), node));
		assert_string_equal(jdir, dir);
		setenv("MIGCTL_JOURNAL_DIR", "relative/dir", 1);
		assert_int_not_equal(mig_node_journal_dir(jdir, sizeof(jdir), node), MIG_SUCCESS);
		unsetenv("MIGCTL_JOURNAL_DIR");
		setenv("MIGCTL_STATE_DIR", nodedir, 1);
		snprintf(want, sizeof(want), "%s/journal", nodedir);
		assert_ok(mig_node_journal_dir(jdir, sizeof(jdir), node));
		assert_string_equal(jdir, want);
		unsetenv("MIGCTL_STATE_DIR");
	}
	mig_node_close(node);

	/* EMULATED never looks at the driver; its batches are all or nothing. */
	assert_ok(mig_node_open_backend(&node, MIG_BACKEND_EMULATED, nodedir, 0));
	assert_int_equal(mig_node_backend(node), MIG_BACKEND_EMULATED);
	assert_int_equal(mig_node_transactional(node), 1);
	{
		char jdir[4096];

		assert_ok(mig_node_journal_dir(jdir, sizeof(jdir), node));
		assert_string_equal(jdir, nodedir);
	}
	mig_node_close(node);
	mig__nvml_driver_probe = saved;
	unsetenv("MIGCTL_NVML_LIBRARY");
	tu_rmtree(dir);
	free(dir);
}

/* Snapshots -------------------------------------------------------------------- */

static void test_snapshot_mig_off(void **state)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	mig_gi_info gis[8];
	mig_gpu_info info;
	mig_node *node;
	mig_state *st;
	size_t n, want = 0;

	(void)state;
	use_fake(0);
	node = open_nvml();
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_gpu_count(st), 1);
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_string_equal(mig_model_key(info.model), "H100-SXM5-80GB");
	assert_string_equal(mig_model_name(info.model), "NVIDIA H100 80GB HBM3");
	assert_int_equal(mig_model_pci_device_id(info.model), 0x2330);
	assert_int_equal(mig_model_memory_mib(info.model), 81559);
	assert_int_equal(mig_model_placement_units(info.model), 8);
	assert_string_equal(info.driver, "580.173.02");
	assert_string_equal(info.serial, "1650000000042");
	assert_string_equal(info.uuid, "GPU-11111111-2222-3333-4444-555555555555");
	assert_string_equal(info.pci_bus_id, "00000000:18:00.0");
	assert_int_equal(info.mig_current, 0);
	assert_int_equal(info.mig_pending, 0);
	/* NVML lists no profiles with MIG off: the catalog's, for a board it knows. */
	assert_mig(MIG_SUCCESS, mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, 0));
	assert_mig(MIG_SUCCESS, mig_model_gi_profiles(NULL, 0, &want, mig_catalog_find("H100-SXM5-80GB"),
						      "580.173.02"));
	assert_int_equal(n, want);
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_gi_list(gis, 8, &n, st, 0));
	assert_int_equal(fake_calls("DeviceGetGpuInstanceProfileInfoV"), 0);
	mig_state_free(st);
	mig_node_close(node);
}

static void test_snapshot_mig_on(void **state)
{
	mig_ci_profile_info cps[10];
	mig_device_info devs[8];
	mig_process procs[8];
	mig_gi_info gis[8];
	mig_ci_info cis[8];
	mig_gi_profile_info pi;
	mig_placement pl[8];
	unsigned left;
	mig_node *node;
	mig_state *st;
	size_t n;

	(void)state;
	use_fake(1);
	node = open_nvml();
	assert_ok(mig_node_read(&st, node));

	/* Profiles as the driver reports them. */
	mig_gi_profile_get(profile(st, 9), &pi);
	assert_string_equal(pi.name, "3g.40gb");
	assert_int_equal(pi.memory_mib, 40320);
	assert_int_equal(pi.placements, 0x11);
	assert_int_equal(pi.placement_size, 4);
	assert_int_equal(pi.unconfirmed, 0);
	assert_ok(mig_gi_possible_placements(pl, 8, &n, st, 0, 19));
	assert_int_equal(n, 7);

	/* The driver's GIs, IDs and placements. */
	assert_ok(mig_gi_list(gis, 8, &n, st, 0));
	assert_int_equal(n, 2);
	assert_int_equal(gis[0].id, 2);
	assert_int_equal(gis[0].placement.start, 4);
	assert_int_equal(gis[0].ci_count, 2);
	assert_int_equal(gis[1].id, 10);
	assert_int_equal(gis[1].placement.start, 3);

	/* CI profiles inside GI 2: the driver's figures (11 SMs a slice). */
	assert_ok(mig_ci_profiles(cps, 10, &n, st, 0, 2));
	assert_int_equal(n, 3);
	assert_string_equal(cps[0].name, "1c.3g.40gb");
	assert_int_equal(cps[0].sm, 11);
	assert_int_equal(cps[2].sm, 33);
	assert_int_equal(cps[2].is_default, 1);
	assert_string_equal(cps[2].name, "3g.40gb");

	assert_ok(mig_ci_list(cis, 8, &n, st, 0, 2));
	assert_int_equal(n, 2);
	assert_int_equal(cis[1].id, 1);
	assert_int_equal(cis[1].placement.start, 2);
	/* MIG device UUIDs are the driver's. */
	assert_string_equal(cis[1].uuid, "MIG-00000000-0000-5000-8000-000000000021");
	assert_ok(mig_device_list(devs, 8, &n, st, (unsigned)-1));
	assert_int_equal(n, 3);
	assert_string_equal(devs[2].ci.uuid, "MIG-00000000-0000-5000-8000-0000000000a0");

	/*
	 * Free counts are the driver's: it has room for a +me GI at each of
	 * three free starts, where libmig's engine budget would say 0.
	 */
	assert_ok(mig_gi_remaining(&left, st, 0, 20));
	assert_int_equal(left, 3);
	assert_ok(mig_gi_remaining(&left, st, 0, 19));
	assert_int_equal(left, 3);
	assert_ok(mig_ci_remaining(&left, st, 0, 2, 0));
	assert_int_equal(left, 1);

	/*
	 * Processes with the driver's names: a graphics client on the whole
	 * GPU, then the compute ones, found on their MIG devices.
	 */
	assert_ok(mig_process_list(procs, 8, &n, st, (unsigned)-1));
	assert_int_equal(n, 3);
	assert_int_equal(procs[0].pid, 2019);
	assert_string_equal(procs[0].name, "Xorg");
	assert_int_equal(procs[0].gi, MIG_NONE);
	assert_int_equal(mig_process_kind_of(st, &procs[0]), MIG_PROCESS_GRAPHICS);
	assert_int_equal(procs[1].pid, 4242);
	assert_string_equal(procs[1].name, "python3");
	assert_int_equal(procs[1].gi, 2);
	assert_int_equal(procs[1].ci, 1);
	assert_int_equal(procs[1].used_mib, 1024);
	assert_int_equal(mig_process_kind_of(st, &procs[1]), MIG_PROCESS_COMPUTE);
	assert_int_equal(procs[2].gi, 10);

	/* The driver's sensor figures, for mig_gpu_telemetry. */
	{
		mig_gpu_telemetry_info t;

		assert_ok(mig_gpu_telemetry(&t, st, 0));
		assert_int_equal(t.persistence_mode, 1);
		memset(&t, 0, sizeof(t));
		st->ops->telemetry(st, 0, &t);
		assert_int_equal(t.temperature_c, 47);
		assert_int_equal(t.power_draw_mw, 123456);
		assert_int_equal(t.power_limit_mw, 700000);
		assert_int_equal(t.gpu_util_percent, MIG_NA); /* MIG is enabled */
		assert_int_equal(t.memory_total_mib, 81559);
		assert_int_equal(t.memory_used_mib, 100);
	}

	/* A snapshot is a what-if: changes stay in memory, the model answers. */
	assert_ok(mig_create_gi(NULL, st, 0, 14, NULL));
	assert_int_equal(fake_calls("DeviceCreateGpuInstance"), 0);
	/* The driver's answer no longer holds: the model's count now. */
	assert_ok(mig_gi_remaining(&left, st, 0, 20));
	assert_int_equal(left, 0);
	mig_state_free(st);
	mig_node_close(node);
}

/* Changes ---------------------------------------------------------------------- */

static void test_forwarding(void **state)
{
	mig_placement at = {0, 1};
	mig_ci_info cis[8];
	mig_gi_info gi;
	unsigned id, ci, left;
	mig_node *node;
	mig_state *st, *copy;
	size_t n;

	(void)state;
	use_fake(1);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));

	/* The driver places it: its rule takes the highest free start (2 -> GI 9). */
	assert_ok(mig_create_gi(&id, st, 0, 19, NULL));
	assert_int_equal(fake_calls("DeviceCreateGpuInstance"), 1);
	assert_int_equal(id, 9);
	assert_ok(mig_gi_get(&gi, st, 0, 9));
	assert_int_equal(gi.placement.start, 2);
	assert_ok(mig_create_gi(&id, st, 0, 19, &at));
	assert_int_equal(fake_calls("DeviceCreateGpuInstanceWithPlacement"), 1);
	assert_int_equal(id, 7);

	/* Remaining capacity is asked of the driver each time. */
	assert_ok(mig_gi_remaining(&left, st, 0, 19));
	assert_int_equal(left, 1);
	assert_int_equal(fake_calls("DeviceGetGpuInstanceRemainingCapacity"), 8);

	/* The default CI, its ID and UUID read back. */
	assert_ok(mig_create_ci(&ci, st, 0, 9, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_int_equal(ci, 0);
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, 9));
	assert_int_equal(n, 1);
	assert_string_equal(cis[0].uuid, "MIG-00000000-0000-5000-8000-000000000090");
	assert_ok(mig_ci_remaining(&left, st, 0, 9, 0));
	assert_int_equal(left, 0);

	/* A copy is a what-if: nothing reaches the driver from it. */
	assert_ok(mig_state_clone(&copy, st));
	assert_ok(mig_destroy_ci(copy, 0, 9, 0));
	assert_int_equal(fake_calls("ComputeInstanceDestroy"), 0);
	mig_state_free(copy);

	assert_ok(mig_destroy_ci(st, 0, 9, 0));
	assert_int_equal(fake_calls("ComputeInstanceDestroy"), 1);
	assert_ok(mig_destroy_gi(st, 0, 9));
	assert_int_equal(fake_calls("GpuInstanceDestroy"), 1);
	assert_mig(MIG_ERROR_NOT_FOUND, mig_gi_get(&gi, st, 0, 9));
	assert_ok(mig_node_commit(node, st));

	/* The driver kept what was done: a new snapshot shows it. */
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_gi_get(&gi, st, 0, 7));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_gi_get(&gi, st, 0, 9));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_commit(node, st));
	mig_node_close(node);
}

static void test_driver_decides(void **state)
{
	mig_node *node;
	mig_state *st, *snap;
	unsigned id;

	(void)state;
	use_fake(0);
	fake_scenario(1);
	node = open_nvml();
	/*
	 * libmig's engine budget (the whole GPU's engines) has no OFA on this
	 * board, so its model refuses a +me GI; the driver accepts it, and the
	 * model must not stand in the way.
	 */
	assert_ok(mig_node_read(&snap, node));
	assert_mig(MIG_ERROR_INSUFFICIENT_RESOURCES, mig_create_gi(&id, snap, 0, 20, NULL));
	mig_state_free(snap);
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_create_gi(&id, st, 0, 20, NULL));
	assert_int_equal(id, 9);
	mig_node_abort(node, st);
	mig_node_close(node);
}

static void test_error_passthrough(void **state)
{
	mig_placement bad = {1, 4};
	mig_node *node;
	mig_state *st;
	unsigned id;

	(void)state;
	use_fake(1);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));

	/* A code the model would never give: the driver's, in its words. */
	fake_fail("DeviceCreateGpuInstance", MIG_ERROR_NO_PERMISSION);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_create_gi(&id, st, 0, 19, NULL));
	assert_non_null(strstr(mig_errmsg(), "the driver answered: Insufficient Permissions"));
	/* An unusual code passes through unchanged too. */
	fake_fail("DeviceCreateGpuInstance", 15);
	assert_mig(15, mig_create_gi(&id, st, 0, 19, NULL));
	assert_non_null(strstr(mig_errmsg(), "GPU is lost"));

	/* Where the model refuses alike, its sentence says why. */
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_create_gi(&id, st, 0, 9, &bad));
	assert_non_null(strstr(mig_errmsg(), "not a legal placement"));
	assert_mig(MIG_ERROR_IN_USE, mig_destroy_gi(st, 0, 2));
	assert_non_null(strstr(mig_errmsg(), "process(es) run on it"));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_destroy_gi(st, 0, 5));
	assert_mig(MIG_ERROR_IN_USE, mig_destroy_ci(st, 0, 2, 1));
	/* The state is unchanged by refusals. */
	{
		mig_gpu_info info;

		assert_ok(mig_gpu_get(&info, st, 0));
		assert_int_equal(info.gi_count, 2);
		assert_int_equal(info.ci_count, 3);
	}
	/* A remaining-capacity refusal too. */
	fake_fail("DeviceGetGpuInstanceRemainingCapacity", MIG_ERROR_NO_PERMISSION);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_gi_remaining(&id, st, 0, 19));
	mig_node_abort(node, st);

	/* A snapshot that cannot be read fails with the driver's code. */
	fake_fail("DeviceGetGpuInstances", MIG_ERROR_NO_PERMISSION);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_read(&st, node));
	mig_node_close(node);
}

static void test_mig_mode(void **state)
{
	mig_gi_profile_info pi;
	mig_gpu_info info;
	mig_node *node;
	mig_state *st;
	int act = -1;

	(void)state;
	use_fake(0);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_int_equal(info.mig_current, 1);
	/* Now NVML lists profiles, and the state took them from it. */
	mig_gi_profile_get(profile(st, 15), &pi);
	assert_string_equal(pi.note, "reported by the driver (NVML)");
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_set_mig_mode(st, 0, 2, &act));
	mig_node_abort(node, st);

	/* A busy GPU: the change stays pending, as the driver says. */
	use_fake(0);
	fake_activation(MIG_ERROR_IN_USE);
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_ERROR_IN_USE);
	assert_non_null(strstr(mig_errmsg(), "stays pending"));
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_int_equal(info.mig_current, 0);
	assert_int_equal(info.mig_pending, 1);
	mig_node_abort(node, st);

	/* Disabling under GIs: the driver's answer (this one refuses). */
	use_fake(1);
	assert_ok(mig_node_begin(&st, node));
	assert_mig(MIG_ERROR_IN_USE, mig_set_mig_mode(st, 0, 0, &act));
	mig_node_abort(node, st);
	mig_node_close(node);
}

static void test_not_on_real_gpus(void **state)
{
	mig_gpu_spec spec = {0};
	mig_process p;
	mig_node *node;
	mig_state *st;

	(void)state;
	use_fake(1);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_reset_gpu(st, 0));
	assert_non_null(strstr(mig_errmsg(), "real GPUs"));
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_state_reboot(st));
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	p.gi = p.ci = MIG_NONE;
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_process_attach(st, &p));
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_process_detach(st, 4242));
	spec.model = mig_catalog_find("A100-SXM4-40GB");
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_state_add_gpu(st, &spec));
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_state_remove_gpu(st, 0));
	mig_node_abort(node, st);
	mig_node_close(node);
}

/* A board the catalog lacks is described by the driver alone. */
static void test_dynamic_model(void **state)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	mig_ci_profile_info cps[10];
	mig_gi_profile_info pi;
	mig_gpu_info info;
	mig_node *node;
	mig_state *st, *copy;
	unsigned id, ci;
	size_t n;

	(void)state;
	use_fake(2);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_string_equal(mig_model_key(info.model), "NVML-0x1234");
	assert_string_equal(mig_model_name(info.model), "NVIDIA Mystery GPU");
	assert_int_equal(mig_model_placement_units(info.model), 4);
	assert_int_equal(mig_model_memory_mib(info.model), 24576);
	assert_int_equal(mig_model_driver_count(info.model), 1);
	{
		mig_gpu_telemetry_info t;

		assert_ok(mig_gpu_telemetry(&t, st, 0));
		assert_int_equal(t.persistence_mode, 0);
	}
	assert_string_equal(mig_model_driver(info.model, 0), "580.173.02");
	assert_null(mig_catalog_find("NVML-0x1234"));
	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, 0) != MIG_SUCCESS)
		n = 0;
	assert_int_equal(n, 2);
	mig_gi_profile_get(list[1], &pi);
	assert_int_equal(pi.id, 51);
	assert_string_equal(pi.name, "4g.24gb");
	assert_int_equal(pi.slices, 4);

	assert_ok(mig_create_gi(&id, st, 0, 51, NULL));
	assert_int_equal(id, 0);
	assert_ok(mig_ci_profiles(cps, 10, &n, st, 0, 0));
	assert_int_equal(n, 3); /* 1c, 2c, 4c */
	assert_string_equal(cps[2].name, "4g.24gb");
	assert_ok(mig_create_ci(&ci, st, 0, 0, 1, NULL));

	/* Copies own their models: the original can go first. */
	assert_ok(mig_state_clone(&copy, st));
	mig_node_abort(node, st);
	assert_ok(mig_gpu_get(&info, copy, 0));
	assert_string_equal(mig_model_key(info.model), "NVML-0x1234");
	assert_ok(mig_ci_profiles(cps, 10, &n, copy, 0, 0));
	assert_int_equal(cps[0].sm, 11);
	{
		/* The row alone leads to the driver's CI table (the catalog asks the model's builder). */
		mig_ci_profile_info by_row[10];
		mig_gi_info gi;
		size_t nrow;

		assert_ok(mig_gi_get(&gi, copy, 0, 0));
		assert_ok(mig_gi_profile_ci_profiles(by_row, 10, &nrow, gi.profile));
		assert_int_equal(nrow, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(by_row[i].id, cps[i].id);
			assert_int_equal(by_row[i].sm, cps[i].sm);
			assert_string_equal(by_row[i].name, cps[i].name);
		}
	}
	assert_ok(mig_create_ci(&ci, copy, 0, 0, 1, NULL));
	assert_int_equal(ci, 1);
	mig_state_free(copy);
	mig_node_close(node);
}

/* Old drivers: only the unversioned symbols (v1 structs). */
static void test_legacy_symbols(void **state)
{
	void *legacy = bind_fake(FAKE_NVML_LEGACY);
	mig_gi_profile_info pi;
	mig_process procs[4];
	mig_ci_info cis[8];
	mig_node *node;
	mig_state *st;
	unsigned id;
	size_t n;

	(void)state;
	setenv("MIGCTL_NVML_LIBRARY", FAKE_NVML_LEGACY, 1);
	fake_scenario(1);
	node = open_nvml();
	assert_ok(mig_node_begin(&st, node));
	/* The v1 profile struct has no name: the catalog's for a board it knows. */
	mig_gi_profile_get(profile(st, 9), &pi);
	assert_string_equal(pi.name, "3g.40gb");
	assert_int_equal(pi.placements, 0x11);
	/* v1 CI info has no placement. */
	assert_ok(mig_ci_list(cis, 8, &n, st, 0, 2));
	assert_int_equal(n, 2);
	assert_ok(mig_process_list(procs, 4, &n, st, (unsigned)-1));
	assert_int_equal(n, 3);
	assert_int_equal(procs[1].gi, 2);
	assert_ok(mig_create_gi(&id, st, 0, 19, NULL));
	assert_int_equal(id, 9);
	mig_node_abort(node, st);
	mig_node_close(node);
	dlclose(legacy);
	/* Back to the full fake's steering calls. */
	dlclose(full_fake);
	full_fake = bind_fake(FAKE_NVML);
	unsetenv("MIGCTL_NVML_LIBRARY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_library_env),
		cmocka_unit_test(test_backend_names),
		cmocka_unit_test(test_auto),
		cmocka_unit_test(test_snapshot_mig_off),
		cmocka_unit_test(test_snapshot_mig_on),
		cmocka_unit_test(test_forwarding),
		cmocka_unit_test(test_driver_decides),
		cmocka_unit_test(test_error_passthrough),
		cmocka_unit_test(test_mig_mode),
		cmocka_unit_test(test_not_on_real_gpus),
		cmocka_unit_test(test_dynamic_model),
		cmocka_unit_test(test_legacy_symbols),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
