/*
 * test_nvml_stress.c - libnvidia-ml.so.1 under concurrent callers and
 * repeated init/shutdown: 8 threads doing init/query/change/shutdown
 * loops, callers racing the last shutdown, and 100 init/shutdown cycles
 * that must not leak (LeakSanitizer in the sanitizer build, malloc
 * statistics otherwise), and fork() from a process whose threads are
 * busy in the library (Python multiprocessing with a monitoring thread).
 */
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nvmltest.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define NT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NT_ASAN 1
#endif
#endif
#ifdef NT_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#define THREADS 8
#define LOOPS 20

static atomic_int failures;
static char failure[256];
static pthread_mutex_t failure_mu = PTHREAD_MUTEX_INITIALIZER;

static void note_failure(unsigned t, const char *what, int rc)
{
	if (atomic_fetch_add(&failures, 1) == 0) {
		pthread_mutex_lock(&failure_mu);
		snprintf(failure, sizeof(failure), "thread %u: %s returned %d", t, what, rc);
		pthread_mutex_unlock(&failure_mu);
	}
}

#define CHECK(t, call, want)                                   \
	do {                                                   \
		int rc_ = (int)(call);                         \
		if (rc_ != (int)(want)) {                      \
			note_failure(t, #call, rc_);                   \
			goto out;                              \
		}                                              \
	} while (0)

/* Thread t owns GPU t: init, look around, make and destroy a GI there, shut down. */
static void *worker(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;

	for (int i = 0; i < LOOPS; i++) {
		nvmlDevice_t h, mig;
		nvmlGpuInstance_t gi, list[8];
		nvmlComputeInstance_t ci;
		nvmlGpuInstanceInfo_t info;
		nvmlGpuInstanceProfileInfo_t pinfo;
		unsigned n, cur, pend;
		char name[96];

		CHECK(t, nv.nvmlInit_v2(), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceGetCount_v2(&n), NVML_SUCCESS);
		CHECK(t, n, THREADS);
		CHECK(t, nv.nvmlDeviceGetHandleByIndex_v2(t, &h), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceGetName(h, name, sizeof(name)), NVML_SUCCESS);
		CHECK(t, strcmp(name, "NVIDIA H100 80GB HBM3"), 0);
		CHECK(t, nv.nvmlDeviceGetMigMode(h, &cur, &pend), NVML_SUCCESS);
		CHECK(t, cur, 1);
		CHECK(t, nv.nvmlDeviceGetGpuInstanceProfileInfo(h, 0, &pinfo), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceCreateGpuInstance(h, pinfo.id, &gi), NVML_SUCCESS);
		CHECK(t, nv.nvmlGpuInstanceGetInfo(gi, &info), NVML_SUCCESS);
		CHECK(t, info.device == h, 1);
		CHECK(t, nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &ci), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceGetMigDeviceHandleByIndex(h, 0, &mig), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceGetName(mig, name, sizeof(name)), NVML_SUCCESS);
		CHECK(t, nv.nvmlDeviceGetGpuInstances(h, pinfo.id, list, &n), NVML_SUCCESS);
		CHECK(t, n, 1);
		CHECK(t, nv.nvmlComputeInstanceDestroy(ci), NVML_SUCCESS);
		CHECK(t, nv.nvmlGpuInstanceDestroy(gi), NVML_SUCCESS);
		CHECK(t, nv.nvmlShutdown(), NVML_SUCCESS);
	}
	return NULL;
out:
	nv.nvmlShutdown();
	return NULL;
}

static int enable_all(mig_state *st, void *arg)
{
	(void)arg;
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		int act, rc = mig_set_mig_mode(st, g, 1, &act);

		if (rc || act)
			return rc ? rc : act;
	}
	return MIG_SUCCESS;
}

static void test_threads(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:8", NULL);
	pthread_t th[THREADS];
	mig_state *st;
	mig_gpu_info g;

	(void)state;
	nt_change(enable_all, NULL);
	atomic_store(&failures, 0);
	for (unsigned t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, worker, (void *)(uintptr_t)t), 0);
	for (unsigned t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	if (atomic_load(&failures))
		print_error("%d failures; first: %s\n", atomic_load(&failures), failure);
	assert_int_equal(atomic_load(&failures), 0);
	/* Every change was written and undone: no GI left, nothing torn. */
	st = nt_read();
	for (unsigned i = 0; i < THREADS; i++) {
		assert_mig_ok(mig_gpu_get(&g, st, i));
		assert_int_equal(g.gi_count, 0);
	}
	assert_true(mig_state_generation(st) >= 1 + 1 + THREADS * LOOPS * 4);
	mig_state_free(st);
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlShutdown());
	nt_node_free(dir);
}

/* Callers racing init and the last shutdown: SUCCESS or UNINITIALIZED, nothing else. */
static atomic_int stop;

static void *churner(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;

	while (!atomic_load(&stop)) {
		int rc = nv.nvmlInit_v2();

		if (rc != NVML_SUCCESS) {
			note_failure(t, "nvmlInit_v2", rc);
			break;
		}
		rc = nv.nvmlShutdown();
		if (rc != NVML_SUCCESS) {
			note_failure(t, "nvmlShutdown", rc);
			break;
		}
	}
	return NULL;
}

static void *prober(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;

	while (!atomic_load(&stop)) {
		unsigned n;
		nvmlDevice_t h;
		char name[96];
		int rc = nv.nvmlDeviceGetCount_v2(&n);

		if (rc == NVML_ERROR_UNINITIALIZED)
			continue;
		if (rc != NVML_SUCCESS || n != 2) {
			note_failure(t, "nvmlDeviceGetCount_v2", rc);
			break;
		}
		rc = nv.nvmlDeviceGetHandleByIndex_v2(1, &h);
		if (rc == NVML_ERROR_UNINITIALIZED)
			continue;
		rc = nv.nvmlDeviceGetName(h, name, sizeof(name));
		if (rc != NVML_SUCCESS && rc != NVML_ERROR_UNINITIALIZED) {
			note_failure(t, "nvmlDeviceGetName", rc);
			break;
		}
	}
	return NULL;
}

static void test_race_last_shutdown(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB:2", NULL);
	pthread_t th[THREADS];

	(void)state;
	atomic_store(&failures, 0);
	atomic_store(&stop, 0);
	for (unsigned t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, t % 2 ? prober : churner,
						(void *)(uintptr_t)t), 0);
	usleep(1500000);
	atomic_store(&stop, 1);
	for (unsigned t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	if (atomic_load(&failures))
		print_error("%d failures; first: %s\n", atomic_load(&failures), failure);
	assert_int_equal(atomic_load(&failures), 0);
	assert_nvml(NVML_ERROR_UNINITIALIZED, nv.nvmlShutdown());
	nt_node_free(dir);
}

/*
 * fork() while other threads are inside the library: 4 threads loop
 * getters and GI create/destroy on GPU 0, the main thread forks 20 times,
 * and each child calls nvmlDeviceGetCount_v2 once.  Without fork handlers
 * a child inherits the library's mutex locked by a thread that does not
 * exist there (it hangs), and may inherit the node's lock descriptor.
 */
#define FORK_THREADS 4
#define FORKS 20

static void *fork_busy(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;
	nvmlDevice_t h;

	if (nv.nvmlDeviceGetHandleByIndex_v2(0, &h) != NVML_SUCCESS) {
		note_failure(t, "nvmlDeviceGetHandleByIndex_v2", -1);
		return NULL;
	}
	while (!atomic_load(&stop)) {
		nvmlGpuInstance_t gi;
		unsigned n, cur, pend;
		char name[96];
		int rc;

		nv.nvmlDeviceGetCount_v2(&n);
		nv.nvmlDeviceGetName(h, name, sizeof(name));
		nv.nvmlDeviceGetMigMode(h, &cur, &pend);
		/* 1g.10gb: the threads compete for seven slots, so some are refused. */
		rc = nv.nvmlDeviceCreateGpuInstance(h, 19, &gi);
		if (rc == NVML_SUCCESS)
			nv.nvmlGpuInstanceDestroy(gi);
	}
	return NULL;
}

/* Wait for pid at most `seconds`; -1 if it did not end (it is killed then). */
static int wait_bounded(pid_t pid, int seconds)
{
	int status;

	for (int i = 0; i < seconds * 100; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static void test_fork_from_threads(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	pthread_t th[FORK_THREADS];
	int hung = 0, failed = 0;
	mig_state *st;
	mig_gpu_info g;

	(void)state;
	nt_enable_mig(0);
	assert_nvml_ok(nv.nvmlInit_v2());
	atomic_store(&failures, 0);
	atomic_store(&stop, 0);
	for (unsigned t = 0; t < FORK_THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, fork_busy, (void *)(uintptr_t)t), 0);
	for (int i = 0; i < FORKS; i++) {
		pid_t pid;

		usleep(2000);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			unsigned n = 0;

			alarm(30); /* a hung child ends itself */
			_exit(nv.nvmlDeviceGetCount_v2(&n) == NVML_SUCCESS && n == 1 ? 0 : 1);
		}
		/* Generous for a loaded machine; a child without fork handlers never answers. */
		switch (wait_bounded(pid, 15)) {
		case 0:
			break;
		case -1:
			hung++;
			break;
		default:
			failed++;
		}
		if (hung)
			break; /* one is enough to know */
	}
	atomic_store(&stop, 1);
	for (unsigned t = 0; t < FORK_THREADS; t++)
		pthread_join(th[t], NULL);
	if (hung || failed)
		print_error("%d children hung (forking stopped there), %d failed\n", hung, failed);
	assert_int_equal(hung, 0);
	assert_int_equal(failed, 0);
	assert_int_equal(atomic_load(&failures), 0);
	/* The node is still usable: nobody kept its lock. */
	st = nt_read();
	assert_mig_ok(mig_gpu_get(&g, st, 0));
	assert_int_equal(g.gi_count, 0);
	mig_state_free(st);
	assert_nvml_ok(nv.nvmlShutdown());
	nt_node_free(dir);
}

/* One init/shutdown cycle that touches every kind of state the library keeps. */
static void cycle(void)
{
	nvmlDevice_t h, mig;
	nvmlGpuInstance_t gi;
	nvmlComputeInstance_t ci;
	nvmlProcessInfo_t p[4];
	unsigned n = 4;
	char buf[96];

	assert_nvml_ok(nv.nvmlInit_v2());
	h = nt_gpu(0);
	assert_nvml_ok(nv.nvmlDeviceGetName(h, buf, sizeof(buf)));
	assert_nvml_ok(nv.nvmlSystemGetNVMLVersion(buf, sizeof(buf)));
	assert_nvml_ok(nv.nvmlDeviceCreateGpuInstance(h, 19, &gi));
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &ci));
	assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(h, 0, &mig));
	assert_nvml_ok(nv.nvmlDeviceGetUUID(mig, buf, sizeof(buf)));
	assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(buf, &mig));
	assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(h, &n, p));
	assert_nvml_ok(nv.nvmlComputeInstanceDestroy(ci));
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(gi));
	assert_nvml_ok(nv.nvmlShutdown());
}

static void test_no_leaks_over_100_cycles(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);

	(void)state;
	nt_enable_mig(0);
	cycle(); /* one-time allocations of libc and the loader happen here */
#ifdef NT_ASAN
	for (int i = 0; i < 100; i++)
		cycle();
	/* Non-zero if anything the library allocated is unreachable now. */
	assert_int_equal(__lsan_do_recoverable_leak_check(), 0);
#else
	{
		struct mallinfo2 before = mallinfo2(), after;

		for (int i = 0; i < 100; i++)
			cycle();
		after = mallinfo2();
		if (after.uordblks != before.uordblks)
			print_error("in use before %zu bytes, after %zu\n", before.uordblks,
				    after.uordblks);
		assert_true(after.uordblks == before.uordblks);
	}
#endif
	nt_node_free(dir);
}

/*
 * A client that dlclose()s the library without nvmlShutdown (a plugin
 * unloaded, a script that forgets): nothing may stay allocated.  Run in a
 * fresh process (argv[1] "--dlclose-child") so the suite's own handle does
 * not keep the library loaded: it prints the bytes in use after the
 * dlclose minus before the dlopen, with and without the shutdown, and
 * LeakSanitizer's verdict in the sanitizer build.
 */
#include <dlfcn.h>

static int dlclose_child(const char *dir, int shutdown)
{
	void *h;
	nvmlReturn_t (*init)(void), (*count)(unsigned *), (*down)(void);
	unsigned n;
	long long delta = 0;
#ifndef NT_ASAN
	struct mallinfo2 before = mallinfo2(), after;
#endif

	setenv("MIGCTL_STATE_DIR", dir, 1);
	for (int round = 0; round < 2; round++) {
		h = dlopen(NVML_LIB_PATH, RTLD_LAZY | RTLD_LOCAL);
		if (!h)
			return 2;
		*(void **)&init = dlsym(h, "nvmlInit_v2");
		*(void **)&count = dlsym(h, "nvmlDeviceGetCount_v2");
		*(void **)&down = dlsym(h, "nvmlShutdown");
		if (!init || !count || !down || init() != NVML_SUCCESS || count(&n) != NVML_SUCCESS)
			return 3;
		if (shutdown)
			down();
		dlclose(h);
#ifndef NT_ASAN
		if (round == 0)
			before = mallinfo2(); /* the loader's one-time allocations happened in round 0 */
#endif
	}
#ifdef NT_ASAN
	delta = __lsan_do_recoverable_leak_check() ? 1 : 0;
#else
	after = mallinfo2();
	delta = (long long)after.uordblks - (long long)before.uordblks;
#endif
	printf("%lld\n", delta);
	return 0;
}

static long long run_dlclose_child(const char *self, const char *dir, int shutdown)
{
	char buf[64] = "";
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(self, self, "--dlclose-child", dir, shutdown ? "1" : "0", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	got = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(got > 0);
	return strtoll(buf, NULL, 10);
}

static const char *self_path;

static void test_dlclose_without_shutdown(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	long long with, without;

	(void)state;
	with = run_dlclose_child(self_path, dir, 1);
	without = run_dlclose_child(self_path, dir, 0);
	/*
	 * The loader and libc keep a little per dlopen cycle whatever the
	 * library does (about 2 KB here): the library's share is the difference.
	 */
	if (with != without)
		print_error("bytes left after dlclose: %lld with nvmlShutdown, %lld without\n", with,
			    without);
	assert_true(with == without);
	nt_node_free(dir);
}

static int teardown(void **state)
{
	(void)state;
	nt_done();
	return 0;
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--dlclose-child"))
		return dlclose_child(argv[2], argv[3][0] == '1');
	self_path = "/proc/self/exe";
#ifndef NT_ASAN
	/*
	 * glibc's per-thread cache keeps freed chunks counted as in use, which
	 * would hide or fake a leak in mallinfo2(): run without it.
	 */
	if (!getenv("GLIBC_TUNABLES") || !strstr(getenv("GLIBC_TUNABLES"), "tcache_count=0")) {
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
	}
#else
	(void)argv;
#endif
	const struct CMUnitTest tests[] = {
		T(test_threads),
		T(test_race_last_shutdown),
		T(test_fork_from_threads),
		T(test_no_leaks_over_100_cycles),
		T(test_dlclose_without_shutdown),
	};

	return cmocka_run_group_tests(tests, nt_load, nt_unload);
}
