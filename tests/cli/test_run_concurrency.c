/*
 * test_run_concurrency.c - `migctl run` against real processes.
 *
 *   test_run_concurrency MIGCTL
 *
 * A node with N = 4 free 1g.10gb devices; N + 1 runs started at once must
 * get N distinct devices (the +1 fails as documented), show up as
 * processes while they run, and leave none behind; with --wait the extra
 * run gets the device the first finisher frees.  Also: signal forwarding
 * (SIGTERM, SIGINT, SIGUSR1 to migctl reach the command; exit 128 + sig),
 * exit status passthrough, exec failure, and migctl killed with SIGKILL.
 * With MIGCTL_BACKEND=nvml the same races run through the NVML backend,
 * where runs claim devices with lock files (run_claim.c).
 *
 * The command each run starts is this program again in helper mode:
 *   test_run_concurrency --helper DIR NAME [EXIT]
 * It writes DIR/NAME.started ("<pid> <CUDA_VISIBLE_DEVICES> <NVIDIA_VISIBLE_DEVICES>"),
 * waits for DIR/NAME.go or DIR/all.go, and exits with EXIT (default 0).
 * A forwarded signal is written to DIR/NAME.signal, then kills it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mig.h"

#define NDEV 4
#define TIMEOUT_MS 30000

static const char *migctl;
static char self[4096];
static char dir[256];  /* scratch: helper files, run outputs */
static char node[300]; /* the node */
static int failures;
/* MIGCTL_BACKEND=nvml (through src/nvml's libnvidia-ml over the node):
 * runs claim devices with lock files instead of being recorded, so they
 * are not listed as processes. */
static int nvml;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "FAIL %s:%d: %s: ", __func__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			failures++;                                             \
		}                                                               \
	} while (0)

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static char *path_of(char *buf, size_t len, const char *name, const char *ext)
{
	snprintf(buf, len, "%s/%s%s", dir, name, ext);
	return buf;
}

static int exists(const char *name, const char *ext)
{
	char p[512];

	return access(path_of(p, sizeof(p), name, ext), F_OK) == 0;
}

static void touch(const char *name, const char *ext)
{
	char p[512];
	int fd = open(path_of(p, sizeof(p), name, ext), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0)
		close(fd);
}

static char *slurp(const char *name, const char *ext)
{
	char p[512], *buf;
	FILE *f = fopen(path_of(p, sizeof(p), name, ext), "r");
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

/* Helper mode ------------------------------------------------------------ */

static const char *h_dir, *h_name;

static void on_signal(int sig)
{
	char p[512], text[16];
	int fd, n = snprintf(text, sizeof(text), "%d\n", sig);

	snprintf(p, sizeof(p), "%s/%s.signal", h_dir, h_name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, text, (size_t)n) < 0)
			(void)0;
		close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int helper(int argc, char **argv)
{
	const char *cuda = getenv("CUDA_VISIBLE_DEVICES"), *nv = getenv("NVIDIA_VISIBLE_DEVICES");
	char p[512], tmp[520];
	FILE *f;

	h_dir = argv[2];
	h_name = argv[3];
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGUSR1, on_signal);
	/* Written then renamed: the test never reads half a line. */
	snprintf(p, sizeof(p), "%s/%s.started", h_dir, h_name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	f = fopen(tmp, "w");
	if (!f)
		return 100;
	fprintf(f, "%d %s %s\n", (int)getpid(), cuda ? cuda : "-", nv ? nv : "-");
	fclose(f);
	rename(tmp, p);
	for (int waited = 0; waited < TIMEOUT_MS; waited += 10) {
		char go[512], all[512];

		snprintf(go, sizeof(go), "%s/%s.go", h_dir, h_name);
		snprintf(all, sizeof(all), "%s/all.go", h_dir);
		if (access(go, F_OK) == 0 || access(all, F_OK) == 0)
			return argc > 4 ? atoi(argv[4]) : 0;
		sleep_ms(10);
	}
	return 101;
}

/* Running migctl ------------------------------------------------------------ */

/* Start `migctl ARGS...` with stdout/stderr in DIR/NAME.out/.err. */
static pid_t start(const char *name, const char *const *args)
{
	const char *argv[32];
	int n = 0;
	pid_t pid;

	argv[n++] = migctl;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		char p[512];
		int out = open(path_of(p, sizeof(p), name, ".out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(path_of(p, sizeof(p), name, ".err"), O_WRONLY | O_CREAT | O_TRUNC, 0644);

		setenv("MIGCTL_STATE_DIR", node, 1);
		/* Whatever ran us, migctl starts with the signals it forwards at default. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		dup2(out, 1);
		dup2(err, 2);
		execv(migctl, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* `migctl run --profile 1g.10gb [EXTRA] -- SELF --helper DIR NAME [EXIT]` */
static pid_t start_run(const char *name, const char *extra, const char *exit_code)
{
	const char *args[16];
	int n = 0;

	args[n++] = "run";
	args[n++] = "--profile";
	args[n++] = "1g.10gb";
	if (extra)
		args[n++] = extra;
	args[n++] = "--";
	args[n++] = self;
	args[n++] = "--helper";
	args[n++] = dir;
	args[n++] = name;
	if (exit_code)
		args[n++] = exit_code;
	args[n] = NULL;
	return start(name, args);
}

/* Runs that ended while we waited for something else: pid -> status. */
static struct {
	pid_t pid;
	int status;
} ended[64];
static size_t nended;

/* waitpid WNOHANG that remembers what it reaped. */
static int reaped(pid_t pid, int *status)
{
	for (size_t i = 0; i < nended; i++)
		if (ended[i].pid == pid) {
			*status = ended[i].status;
			return 1;
		}
	if (waitpid(pid, status, WNOHANG) != pid)
		return 0;
	if (nended < 64) {
		ended[nended].pid = pid;
		ended[nended].status = *status;
		nended++;
	}
	return 1;
}

/* Exit status as a shell reports it; -1 on timeout. */
static int wait_exit(pid_t pid, int timeout_ms)
{
	int status;

	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		if (reaped(pid, &status))
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		sleep_ms(10);
	}
	return -1;
}

/* 1 once run `pid`'s command has started; 0 if the run ended first (or never started). */
static int wait_started(const char *name, pid_t pid, int timeout_ms)
{
	int status;

	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		if (exists(name, ".started"))
			return 1;
		if (reaped(pid, &status)) {
			char *err = slurp(name, ".err");

			fprintf(stderr, "run %s ended (status %#x) before its command started: %s",
				name, status, err ? err : "\n");
			free(err);
			return 0;
		}
		sleep_ms(10);
	}
	return 0;
}

/* What a started helper saw. */
typedef struct seen {
	int pid;
	char cuda[64], nv[64];
} seen;

static int read_seen(seen *s, const char *name)
{
	char *text = slurp(name, ".started");
	int ok = text && sscanf(text, "%d %63s %63s", &s->pid, s->cuda, s->nv) == 3;

	free(text);
	return ok;
}

/* Processes that `migctl show --json` lists on MIG devices: pid -> uuid. */
static size_t shown_processes(int *pids, char (*uuids)[64], size_t cap)
{
	const char *args[] = {"show", "--json", NULL};
	pid_t pid = start("show", args);
	char *text;
	json_t *doc, *gpus, *gpu, *gis, *gi, *cis, *ci, *procs, *proc;
	size_t n = 0, i, j, k, l;

	CHECK(wait_exit(pid, TIMEOUT_MS) == 0, "migctl show --json failed");
	text = slurp("show", ".out");
	doc = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	CHECK(doc != NULL, "show --json is not JSON");
	gpus = json_object_get(doc, "gpus");
	json_array_foreach(gpus, i, gpu) {
		CHECK(json_array_size(json_object_get(gpu, "processes")) == 0,
		      "a process on the whole GPU");
		gis = json_object_get(gpu, "gpu_instances");
		json_array_foreach(gis, j, gi) {
			cis = json_object_get(gi, "compute_instances");
			json_array_foreach(cis, k, ci) {
				procs = json_object_get(ci, "processes");
				json_array_foreach(procs, l, proc) {
					if (n < cap) {
						pids[n] = (int)json_integer_value(json_object_get(proc, "pid"));
						snprintf(uuids[n], 64, "%s",
							 json_string_value(json_object_get(ci, "uuid")));
						CHECK(!strcmp(json_string_value(json_object_get(proc, "name")),
							      "test_run_concurrency"),
						      "process name %s",
						      json_string_value(json_object_get(proc, "name")));
					}
					n++;
				}
			}
		}
	}
	json_decref(doc);
	return n;
}

/* Does nvidia-smi's main screen (`migctl`) list pid running `name`? */
static int on_main_screen(int pid)
{
	const char *args[] = {NULL};
	pid_t run = start("screen", args);
	char *text, want[32];
	int found = 0;

	CHECK(wait_exit(run, TIMEOUT_MS) == 0, "migctl (the main screen) failed");
	text = slurp("screen", ".out");
	snprintf(want, sizeof(want), " %d ", pid);
	for (char *line = text; line && *line; line = strchr(line, '\n') + 1) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		*end = '\0';
		found |= strstr(line, want) && strstr(line, "test_run_concurrency");
		*end = '\n';
	}
	free(text);
	return found;
}

/* Processes recorded on the node, read with libmig (dead ones pruned). */
static size_t node_processes(void)
{
	mig_node *nd = NULL;
	mig_state *st = NULL;
	size_t n = 0;

	if (mig_node_open(&nd, node, 0) || mig_node_read(&st, nd)) {
		CHECK(0, "reading the node: %s", mig_errmsg());
		mig_node_close(nd);
		return (size_t)-1;
	}
	mig_process_list(NULL, 0, &n, st, (unsigned)-1);
	mig_state_free(st);
	mig_node_close(nd);
	return n;
}

static void reset_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	/* DIR holds only this test's scratch files. */
	while (d && (e = readdir(d)) != NULL) {
		char p[1024];

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
}

/* A node with NDEV free 1g.10gb devices (GIs 7..10 at 0..3), nothing else. */
static void make_node(void)
{
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	int act;

	spec.model = mig_catalog_find("H100-SXM5-80GB");
	if (mig_state_new(&st) || mig_state_add_gpu(st, &spec) ||
	    mig_set_mig_mode(st, 0, 1, &act)) {
		fprintf(stderr, "making the node: %s\n", mig_errmsg());
		exit(2);
	}
	for (unsigned i = 0; i < NDEV; i++) {
		mig_placement at = {i, 1};
		unsigned gi, ci;

		if (mig_create_gi(&gi, st, 0, 19, &at) ||
		    mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL)) {
			fprintf(stderr, "making the node: %s\n", mig_errmsg());
			exit(2);
		}
	}
	if (mig_node_create(node, st, 1)) {
		fprintf(stderr, "making the node: %s\n", mig_errmsg());
		exit(2);
	}
	mig_state_free(st);
}

/* Tests ---------------------------------------------------------------------- */

static void test_exclusive(void)
{
	pid_t runs[NDEV + 1];
	char name[16], uuids[NDEV + 1][64];
	int status[NDEV + 1], failed = -1, started = 0;
	seen s[NDEV + 1];

	reset_files();
	for (int i = 0; i <= NDEV; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		runs[i] = start_run(name, NULL, NULL);
	}
	/* N start; the N+1-th fails on its own, without waiting for anyone. */
	for (int i = 0; i <= NDEV; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		for (int waited = 0; waited < TIMEOUT_MS; waited += 10) {
			if (exists(name, ".started")) {
				started++;
				break;
			}
			if (reaped(runs[i], &status[i])) {
				CHECK(failed < 0, "two runs failed");
				CHECK(WIFEXITED(status[i]) && WEXITSTATUS(status[i]) == 1,
				      "the extra run exits 1, got status %#x", status[i]);
				failed = i;
				break;
			}
			sleep_ms(10);
		}
	}
	CHECK(started == NDEV && failed >= 0, "%d started, failed run %d", started, failed);
	if (failed >= 0) {
		char *err;

		snprintf(name, sizeof(name), "r%d", failed);
		err = slurp(name, ".err");
		CHECK(err && !strcmp(err,
				     "migctl run: no free MIG device with profile 1g.10gb on GPU 0 "
				     "(4 in use; --create makes one)\n"),
		      "its message: %s", err ? err : "(none)");
		free(err);
	}
	/* Distinct devices, both variables set, each listed with its pid. */
	{
		int shown_pids[16];
		char shown_uuids[16][64];
		size_t n = shown_processes(shown_pids, shown_uuids, 16);
		int k = 0;

		CHECK(n == (nvml ? 0 : NDEV), "migctl show lists %zu processes", n);
		for (int i = 0; i <= NDEV; i++) {
			if (i == failed)
				continue;
			snprintf(name, sizeof(name), "r%d", i);
			CHECK(read_seen(&s[k], name), "helper %s wrote nothing", name);
			CHECK(!strcmp(s[k].cuda, s[k].nv) && !strncmp(s[k].cuda, "MIG-", 4),
			      "CUDA_VISIBLE_DEVICES=%s NVIDIA_VISIBLE_DEVICES=%s", s[k].cuda, s[k].nv);
			snprintf(uuids[k], 64, "%s", s[k].cuda);
			for (int j = 0; j < k; j++)
				CHECK(strcmp(uuids[j], uuids[k]), "two runs share %s", uuids[k]);
			{
				int listed = 0;

				for (size_t j = 0; j < n && j < 16; j++)
					listed |= shown_pids[j] == s[k].pid &&
						  !strcmp(shown_uuids[j], s[k].cuda);
				CHECK(listed || nvml, "pid %d on %s is not listed", s[k].pid,
				      s[k].cuda);
				CHECK(nvml || on_main_screen(s[k].pid),
				      "pid %d is not on migctl's main screen", s[k].pid);
			}
			k++;
		}
	}
	touch("all", ".go");
	for (int i = 0; i <= NDEV; i++)
		if (i != failed)
			CHECK(wait_exit(runs[i], TIMEOUT_MS) == 0, "run %d", i);
	CHECK(node_processes() == 0, "processes left on the node");
	{
		int p[4];
		char u[4][64];

		CHECK(shown_processes(p, u, 4) == 0, "migctl show still lists processes");
	}
}

static void test_wait(void)
{
	pid_t runs[NDEV], waiter, late;
	char name[16];
	seen first, got;
	char *err;

	reset_files();
	for (int i = 0; i < NDEV; i++) {
		snprintf(name, sizeof(name), "w%d", i);
		runs[i] = start_run(name, NULL, NULL);
		CHECK(wait_started(name, runs[i], TIMEOUT_MS), "%s did not start", name);
	}
	waiter = start_run("waiter", "--wait", NULL);
	late = start_run("late", "--wait=0.3", NULL);
	CHECK(wait_exit(late, TIMEOUT_MS) == 1, "--wait=0.3 gives up with exit 1");
	err = slurp("late", ".err");
	CHECK(err && strstr(err, "; gave up waiting\n"), "its message: %s", err ? err : "(none)");
	free(err);
	CHECK(!exists("waiter", ".started"), "the waiting run started while all were busy");
	{
		int st;

		CHECK(!reaped(waiter, &st), "the waiting run ended");
	}
	/* w2 finishes: the waiter gets its device. */
	CHECK(read_seen(&first, "w2"), "w2");
	touch("w2", ".go");
	CHECK(wait_exit(runs[2], TIMEOUT_MS) == 0, "w2");
	CHECK(wait_started("waiter", waiter, TIMEOUT_MS), "the waiting run never started");
	CHECK(read_seen(&got, "waiter") && !strcmp(got.cuda, first.cuda),
	      "the waiter got %s, the freed device is %s", got.cuda, first.cuda);
	err = slurp("waiter", ".err");
	CHECK(err && !strncmp(err, "migctl run: waiting: ", 21), "waiter said: %s",
	      err ? err : "(none)");
	free(err);
	touch("all", ".go");
	for (int i = 0; i < NDEV; i++)
		if (i != 2)
			CHECK(wait_exit(runs[i], TIMEOUT_MS) == 0, "w%d", i);
	CHECK(wait_exit(waiter, TIMEOUT_MS) == 0, "waiter");
	CHECK(node_processes() == 0, "processes left on the node");
}

static void test_signal(int sig)
{
	pid_t run;
	char *text;

	reset_files();
	run = start_run("sig", NULL, NULL);
	CHECK(wait_started("sig", run, TIMEOUT_MS), "it did not start");
	kill(run, sig);
	CHECK(wait_exit(run, TIMEOUT_MS) == 128 + sig, "migctl exits 128+%d", sig);
	text = slurp("sig", ".signal");
	CHECK(text && atoi(text) == sig, "the command got signal %s, want %d", text ? text : "none",
	      sig);
	free(text);
	CHECK(node_processes() == 0, "processes left on the node");
}

static void test_exit_status(void)
{
	const char *missing[] = {"run", "--profile", "1g.10gb", "--", "/nonexistent/command", NULL};
	pid_t run;
	char *err;

	reset_files();
	touch("all", ".go");
	run = start_run("code", NULL, "42");
	CHECK(wait_exit(run, TIMEOUT_MS) == 42, "exit status 42 passes through");
	run = start("missing", missing);
	CHECK(wait_exit(run, TIMEOUT_MS) == 127, "a missing command exits 127");
	err = slurp("missing", ".err");
	CHECK(err && !strcmp(err, "migctl run: /nonexistent/command: No such file or directory\n"),
	      "its message: %s", err ? err : "(none)");
	free(err);
	CHECK(node_processes() == 0, "processes left on the node");
}

/* migctl killed outright: the command runs on; its record goes when it does. */
static void test_killed(void)
{
	pid_t run;
	seen s;
	int status;

	reset_files();
	run = start_run("orphan", NULL, NULL);
	CHECK(wait_started("orphan", run, TIMEOUT_MS), "it did not start");
	kill(run, SIGKILL);
	CHECK(wait_exit(run, TIMEOUT_MS) == 128 + SIGKILL, "migctl was killed");
	CHECK(node_processes() == 1, "the running command is still recorded");
	CHECK(read_seen(&s, "orphan"), "orphan");
	touch("all", ".go");
	/* This process is the orphan's subreaper (main): reap it. */
	CHECK(waitpid(s.pid, &status, 0) == s.pid, "reaping the orphan");
	CHECK(node_processes() == 0, "the dead command is pruned");
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc >= 4 && !strcmp(argv[1], "--helper"))
		return helper(argc, argv);
	if (argc != 2) {
		fprintf(stderr, "usage: test_run_concurrency MIGCTL\n");
		return 2;
	}
	migctl = argv[1];
	nvml = getenv("MIGCTL_BACKEND") && !strcmp(getenv("MIGCTL_BACKEND"), "nvml");
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 2;
	self[n] = '\0';
	/* Orphaned commands (test_killed) are re-parented to us, not to init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	snprintf(dir, sizeof(dir), "%s/test_run.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 2;
	snprintf(node, sizeof(node), "%s.node", dir);
	make_node();
	test_exclusive();
	if (failures) {
		/* Later tests would only time out the same way. */
		touch("all", ".go");
		printf("FAILED\n");
		return 1;
	}
	test_wait();
	test_signal(SIGTERM);
	test_signal(SIGINT);
	test_signal(SIGUSR1);
	test_exit_status();
	if (!nvml)
		test_killed(); /* a claim dies with migctl: nothing to check */
	reset_files();
	rmdir(dir);
	mig_node_remove(node);
	rmdir(node);
	printf("%s\n", failures ? "FAILED" : "all run tests passed");
	return failures ? 1 : 0;
}
