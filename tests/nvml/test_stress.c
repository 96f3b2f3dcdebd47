/*
 * test_stress.c - everything at once, for a bounded time (STRESS_SECONDS,
 * default 8): nothing lost, nobody's instance destroyed by another.
 *
 * On a node of two H100s with MIG on:
 *  - NVML_CLIENTS processes, each with NVML_THREADS threads creating and
 *    destroying their own 1g GIs on GPU 1 through libnvidia-ml.so.1 (and
 *    reading GPU 0), while the process's main thread forks children that
 *    must answer nvmlDeviceGetCount_v2 at once;
 *  - CLI_CLIENTS processes doing the same with `migctl mig -i 1 -cgi/-dgi`;
 *  - an apply loop on GPU 0 (stepwise, with the journal), each apply
 *    killed with SIGKILL after a random delay or left to finish.
 * Every successful create and destroy is logged by the one who did it.  At
 * the end GPU 1 must hold exactly the GIs created and not destroyed by
 * their creators, every fork child must have answered, and after any
 * command recovers the last killed apply, GPU 0 must hold the layout of the
 * last apply that succeeded.  Prints the figures.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nvmltest.h"
#include "testutil.h"

#define NVML_CLIENTS 2
#define NVML_THREADS 3
#define CLI_CLIENTS 2
#define MAX_IDS 16

static char *node_dir;
static char stop_path[600];

static int stopping(void)
{
	return access(stop_path, F_OK) == 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Append one line to a log: O_APPEND writes of a line are whole. */
static void log_line(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600), n;

	if (fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)!write(fd, buf, (size_t)n);
	close(fd);
}

/* NVML clients ------------------------------------------------------------------ */

typedef struct client {
	const char *log;
	atomic_int ops, errors;
} client;

static void *nvml_thread(void *arg)
{
	client *c = arg;
	nvmlDevice_t g0, g1;
	nvmlGpuInstanceProfileInfo_t pinfo;
	nvmlGpuInstance_t held = NULL;
	unsigned held_id = 0;

	if (nv.nvmlDeviceGetHandleByIndex_v2(0, &g0) || nv.nvmlDeviceGetHandleByIndex_v2(1, &g1) ||
	    nv.nvmlDeviceGetGpuInstanceProfileInfo(g1, 0, &pinfo)) {
		atomic_fetch_add(&c->errors, 1);
		return NULL;
	}
	while (!stopping()) {
		nvmlGpuInstance_t gi;
		nvmlGpuInstanceInfo_t info;
		unsigned n, cur, pend;
		char name[96];

		nv.nvmlDeviceGetCount_v2(&n);
		nv.nvmlDeviceGetName(g0, name, sizeof(name));
		nv.nvmlDeviceGetMigMode(g0, &cur, &pend);
		if (held) {
			if (nv.nvmlGpuInstanceDestroy(held) == NVML_SUCCESS) {
				log_line(c->log, "D %u\n", held_id);
				atomic_fetch_add(&c->ops, 1);
			} else {
				atomic_fetch_add(&c->errors, 1);
			}
			held = NULL;
		}
		if (nv.nvmlDeviceCreateGpuInstance(g1, pinfo.id, &gi) == NVML_SUCCESS) {
			if (nv.nvmlGpuInstanceGetInfo(gi, &info) != NVML_SUCCESS) {
				atomic_fetch_add(&c->errors, 1);
				continue;
			}
			log_line(c->log, "C %u\n", info.id);
			atomic_fetch_add(&c->ops, 1);
			held = gi;
			held_id = info.id;
		}
	}
	return NULL; /* the GI held last stays: the end state is not empty */
}

/* Fork while the threads work; each child answers once and leaves. */
static void nvml_client(const char *log, const char *forks_log)
{
	pthread_t th[NVML_THREADS];
	client c;
	int forks = 0, hung = 0, bad = 0;

	memset(&c, 0, sizeof(c));
	c.log = log;
	if (nv.nvmlInit_v2() != NVML_SUCCESS)
		_exit(3);
	for (int t = 0; t < NVML_THREADS; t++)
		pthread_create(&th[t], NULL, nvml_thread, &c);
	while (!stopping()) {
		pid_t pid;
		int status = 0, i;

		usleep(20000);
		pid = fork();
		if (pid < 0)
			continue;
		if (pid == 0) {
			unsigned n = 0;

			alarm(30);
			_exit(nv.nvmlDeviceGetCount_v2(&n) == NVML_SUCCESS && n == 2 ? 0 : 1);
		}
		forks++;
		/* 20 s: generous for a loaded machine; without fork handlers it never answers. */
		for (i = 0; i < 2000 && waitpid(pid, &status, WNOHANG) == 0; i++)
			usleep(10000);
		if (i == 2000) {
			hung++;
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break; /* one is enough to know */
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			bad++;
		}
	}
	for (int t = 0; t < NVML_THREADS; t++)
		pthread_join(th[t], NULL);
	log_line(forks_log, "%d %d %d %d %d\n", forks, hung, bad, atomic_load(&c.ops),
		 atomic_load(&c.errors));
	_exit(0);
}

/* migctl ------------------------------------------------------------------------ */

/* Run migctl ARGS (NULL-terminated) with extra env; stdout into out (may be NULL). */
static pid_t spawn(const char *const *env, const char *const *args, int *out_fd)
{
	int fds[2] = {-1, -1};
	pid_t pid;

	if (out_fd && pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		const char *argv[16];
		size_t n = 0;
		int devnull = open("/dev/null", O_RDWR);

		for (const char *const *e = env; e && *e; e++)
			putenv((char *)*e);
		argv[n++] = MIGCTL_BIN;
		for (const char *const *a = args; *a && n < 15; a++)
			argv[n++] = *a;
		argv[n] = NULL;
		dup2(out_fd ? fds[1] : devnull, 1);
		dup2(devnull, 2);
		if (out_fd)
			close(fds[0]);
		execv(MIGCTL_BIN, (char **)argv);
		_exit(127);
	}
	if (out_fd) {
		close(fds[1]);
		*out_fd = fds[0];
	}
	return pid;
}

static int run_migctl(const char *const *args, char *out, size_t outlen)
{
	int fd = -1, status;
	size_t got = 0;
	ssize_t r;
	pid_t pid = spawn(NULL, args, out ? &fd : NULL);

	if (pid < 0)
		return -1;
	while (out && got + 1 < outlen && (r = read(fd, out + got, outlen - 1 - got)) > 0)
		got += (size_t)r;
	if (out) {
		out[got] = '\0';
		close(fd);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void cli_client(const char *log)
{
	int ops = 0;

	while (!stopping()) {
		static const char *const create[] = {"mig", "-i", "1", "-cgi", "19", NULL};
		static const char *const list[] = {"mig", "-lgi", NULL};
		char out[4096], idbuf[16];
		const char *p;
		unsigned id;

		run_migctl(list, NULL, 0);
		if (run_migctl(create, out, sizeof(out)) != 0 ||
		    !(p = strstr(out, "Successfully created GPU instance ID")) ||
		    sscanf(p, "Successfully created GPU instance ID %u", &id) != 1)
			continue;
		log_line(log, "C %u\n", id);
		ops++;
		snprintf(idbuf, sizeof(idbuf), "%u", id);
		{
			const char *destroy[] = {"mig", "-i", "1", "-dgi", "-gi", idbuf, NULL};

			if (run_migctl(destroy, NULL, 0) == 0) {
				log_line(log, "D %u\n", id);
				ops++;
			}
		}
	}
	_exit(0);
}

/* The logs: which GIs on GPU 1 each creator still holds. */
static int expected_ids(unsigned char live[MAX_IDS], const char *log)
{
	FILE *f = fopen(log, "r");
	char op;
	unsigned id;
	int n = 0;

	if (!f)
		return 0;
	while (fscanf(f, " %c %u", &op, &id) == 2) {
		if (id >= MAX_IDS)
			continue;
		if (op == 'C') {
			live[id]++;
		} else if (live[id]) {
			live[id]--;
		}
		n++;
	}
	fclose(f);
	return n;
}

static const char config_text[] =
	"version: v1\n"
	"mig-configs:\n"
	"  a:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {1g.10gb: 2, 2g.20gb: 1}\n"
	"  b:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {3g.40gb: 1, 1g.10gb: 1}\n"
	"  c:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {4g.40gb: 1}\n";

static void test_stress(void **state)
{
	const char *v = getenv("STRESS_SECONDS");
	double seconds = v && *v ? atof(v) : 8, start;
	char cfg[600], logs[NVML_CLIENTS + CLI_CLIENTS][600], forks_log[600];
	pid_t kids[NVML_CLIENTS + CLI_CLIENTS];
	int applies = 0, applied = 0, kills = 0, failed = 0, forks = 0, hung = 0, bad = 0;
	int nvml_ops = 0, nvml_errors = 0, cli_ops = 0;
	const char *last_ok = NULL;
	unsigned char live[MAX_IDS] = {0};
	unsigned seed = (unsigned)getpid();
	mig_state *st;
	mig_gi_info gis[MAX_IDS];
	size_t ngi = 0;
	FILE *f;

	(void)state;
	node_dir = nt_node("H100-SXM5-80GB:2", NULL);
	nt_enable_mig(0);
	nt_enable_mig(1);
	snprintf(stop_path, sizeof(stop_path), "%s/stop", node_dir);
	snprintf(cfg, sizeof(cfg), "%s/stress.yaml", node_dir);
	snprintf(forks_log, sizeof(forks_log), "%s/forks.log", node_dir);
	f = fopen(cfg, "w");
	assert_non_null(f);
	fputs(config_text, f);
	fclose(f);
	for (int k = 0; k < NVML_CLIENTS + CLI_CLIENTS; k++) {
		snprintf(logs[k], sizeof(logs[k]), "%s/client%d.log", node_dir, k);
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			if (k < NVML_CLIENTS)
				nvml_client(logs[k], forks_log);
			cli_client(logs[k]);
		}
	}
	/* The apply loop, with kill -9 at random instants. */
	start = now();
	while (now() - start < seconds) {
		static const char *const names[] = {"a", "b", "c"};
		const char *name = names[rand_r(&seed) % 3];
		const char *args[] = {"apply", "-f", cfg, "-c", name, NULL};
		const char *env[] = {"MIGCTL_LAYOUT_STEPWISE=1", NULL};
		int status, kill_at = rand_r(&seed) % 3 ? (int)(rand_r(&seed) % 60000) : -1;
		pid_t pid = spawn(env, args, NULL);

		assert_true(pid > 0);
		applies++;
		if (kill_at >= 0) {
			usleep((useconds_t)kill_at);
			kill(pid, SIGKILL);
		}
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			kills++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			applied++, last_ok = name;
		else {
			/* Say why: run it again with the output kept (the node is as it left it). */
			char out[2048];

			failed++;
			if (failed > 3)
				continue;
			/* The run again changes GPU 0 when it succeeds: then it is the last apply done. */
			if (run_migctl(args, out, sizeof(out)) != 0)
				print_message("apply %s refused (exit %d), again: %s\n", name,
					      WIFEXITED(status) ? WEXITSTATUS(status) : -1, out);
			else {
				print_message("apply %s refused (exit %d), then done when run again\n", name,
					      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
				last_ok = name;
			}
		}
	}
	f = fopen(stop_path, "w");
	assert_non_null(f);
	fclose(f);
	for (int k = 0; k < NVML_CLIENTS + CLI_CLIENTS; k++) {
		int status;

		assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	/* Any command recovers a killed apply first. */
	{
		static const char *const lgi[] = {"mig", "-lgi", NULL};

		run_migctl(lgi, NULL, 0);
	}
	f = fopen(forks_log, "r");
	assert_non_null(f);
	for (int k = 0; k < NVML_CLIENTS; k++) {
		int a, b, c, d, e;

		assert_int_equal(fscanf(f, "%d %d %d %d %d", &a, &b, &c, &d, &e), 5);
		forks += a, hung += b, bad += c, nvml_ops += d, nvml_errors += e;
	}
	fclose(f);
	for (int k = 0; k < NVML_CLIENTS + CLI_CLIENTS; k++) {
		int n = expected_ids(live, logs[k]);

		if (k >= NVML_CLIENTS)
			cli_ops += n;
	}
	/* GPU 1: exactly the GIs their creators still hold. */
	st = nt_read();
	assert_ok(mig_gi_list(gis, MAX_IDS, &ngi, st, 1));
	mig_state_free(st);
	{
		unsigned char there[MAX_IDS] = {0};
		int lost = 0, extra = 0, held = 0;

		for (size_t i = 0; i < ngi; i++)
			if (gis[i].id < MAX_IDS)
				there[gis[i].id] = 1;
		for (unsigned id = 0; id < MAX_IDS; id++) {
			held += live[id] != 0;
			if (live[id] && !there[id]) {
				print_error("GPU 1: GI %u was created and never destroyed by its creator, but is gone\n", id);
				lost++;
			}
			if (!live[id] && there[id]) {
				print_error("GPU 1: GI %u is there though its creator destroyed it\n", id);
				extra++;
			}
		}
		print_message("stress, %.0f s: %d applies (%d done, %d killed with SIGKILL, %d refused/rolled back); "
			      "NVML: %d creates/destroys by %d threads in %d processes, %d errors, %d forks (%d hung, %d failed); "
			      "migctl: %d creates/destroys by %d processes; GPU 1 holds %d GIs, as logged: %s\n",
			      seconds, applies, applied, kills, failed, nvml_ops,
			      NVML_CLIENTS * NVML_THREADS, NVML_CLIENTS, nvml_errors, forks, hung, bad,
			      cli_ops, CLI_CLIENTS, held, lost || extra ? "NO" : "yes, nothing lost");
		assert_int_equal(lost, 0);
		assert_int_equal(extra, 0);
	}
	assert_int_equal(hung, 0);
	assert_int_equal(bad, 0);
	assert_int_equal(nvml_errors, 0);
	assert_true(forks > 0);
	assert_true(nvml_ops > 0);
	/* GPU 0: the last apply that succeeded, whatever was killed after it. */
	if (last_ok) {
		static const char *const want[] = {"1g.10gb 1g.10gb 2g.20gb", "1g.10gb 3g.40gb",
						   "4g.40gb"};
		char got[256] = "";
		mig_gi_info g0[MAX_IDS];
		const char *names[MAX_IDS];
		size_t n0 = 0;

		st = nt_read();
		assert_ok(mig_gi_list(g0, MAX_IDS, &n0, st, 0));
		for (size_t i = 0; i < n0; i++) {
			mig_gi_profile_info p;

			mig_gi_profile_get(g0[i].profile, &p);
			names[i] = p.name;
		}
		/* sorted by name, to compare with want[] */
		for (size_t i = 1; i < n0; i++)
			for (size_t j = i; j > 0 && strcmp(names[j], names[j - 1]) < 0; j--) {
				const char *t = names[j];

				names[j] = names[j - 1];
				names[j - 1] = t;
			}
		for (size_t i = 0; i < n0; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "",
				 names[i]);
		mig_state_free(st);
		if (strcmp(got, want[*last_ok - 'a']))
			print_error("GPU 0 holds [%s], not config %s [%s]\n", got, last_ok,
				    want[*last_ok - 'a']);
		assert_string_equal(got, want[*last_ok - 'a']);
	}
	nt_node_free(node_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests(tests, nt_load, nt_unload);
}
