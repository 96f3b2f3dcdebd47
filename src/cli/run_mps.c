/*
 * run_mps.c - `migctl run --share mps` on real GPUs: start or join the
 * MPS control daemon of the chosen device, and the client's environment.
 *
 * One daemon per device, as NVIDIA's MIG user guide runs MPS on MIG: each
 * with CUDA_VISIBLE_DEVICES set to its device's UUID and a pipe directory
 * of its own (CUDA_MPS_PIPE_DIRECTORY), where its clients find it; its log
 * directory beside it (CUDA_MPS_LOG_DIRECTORY).  The daemon (`-d`) forks
 * itself into the background, so starting it is a short command.  The
 * daemon admits clients itself: it starts a server for the first client's
 * user, makes other users wait, and refuses clients past its limit
 * (nvidia-cuda-mps-control(1), the MPS guide; docs/sharing.md).
 *
 * Nothing goes through a shell: the daemon is run by absolute path with an
 * environment of its own (run_spawn_wait, replaced by the tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"
#include "util.h"

#define DEFAULT_CONTROL "/usr/bin/nvidia-cuda-mps-control"

int run_spawn_wait(void *ctx, char *const argv[], char *const envp[])
{
	pid_t pid, r;
	int status;

	(void)ctx;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Ours or root's, no link, nobody else may write it. */
#define MPS_DIR_RULES (UTIL_DIR_NO_LINK | UTIL_DIR_NOT_SHARED)

int run_mps_dirs(run_mps *out, const char *root, const char *uuid)
{
	mode_t mode = geteuid() == 0 ? 0755 : 0700;
	char dir[PATH_MAX - 16];
	int n;

	if (!uuid[0] || strchr(uuid, '/') || uuid[0] == '.') {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(dir, sizeof(dir), "%s/%s", root, uuid);
	if (n < 0 || (size_t)n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (util_own_dir(root, mode, MPS_DIR_RULES) || util_own_dir(dir, mode, MPS_DIR_RULES))
		return -1;
	snprintf(out->pipe_dir, sizeof(out->pipe_dir), "%s/pipe", dir);
	snprintf(out->log_dir, sizeof(out->log_dir), "%s/log", dir);
	if (util_own_dir(out->pipe_dir, mode, MPS_DIR_RULES) ||
	    util_own_dir(out->log_dir, mode, MPS_DIR_RULES))
		return -1;
	return 0;
}

void run_mps_root(char *out, size_t len, const run_claims *c)
{
	/* Root's claim directory is private; its daemons serve every user. */
	if (geteuid() == 0)
		snprintf(out, len, "/run/migctl-mps");
	else
		snprintf(out, len, "%s/mps", c->runtime);
}

/* Does the daemon of this pipe directory run?  Its control socket is there. */
static int daemon_runs(const run_mps *m)
{
	char path[PATH_MAX + 16];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/control", m->pipe_dir);
	return lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode);
}

int run_mps_start(const run_mps *m, const char *uuid, const char *control, run_spawn_fn spawn,
		  void *ctx, char *why, size_t len)
{
	char visible[128], pipe[PATH_MAX + 32], log[PATH_MAX + 32];
	char *argv[] = {(char *)control, "-d", NULL};
	char *envp[] = {visible, pipe, log, NULL};
	int rc;

	if (daemon_runs(m))
		return 0;
	snprintf(visible, sizeof(visible), "CUDA_VISIBLE_DEVICES=%s", uuid);
	snprintf(pipe, sizeof(pipe), "CUDA_MPS_PIPE_DIRECTORY=%s", m->pipe_dir);
	snprintf(log, sizeof(log), "CUDA_MPS_LOG_DIRECTORY=%s", m->log_dir);
	rc = spawn(ctx, argv, envp);
	if (rc < 0) {
		snprintf(why, len, "cannot run %s: %s", control, strerror(errno));
		return -1;
	}
	if (rc != 0) {
		snprintf(why, len,
			 "%s -d for %s exited with status %d%s (its log: %s/control.log)", control,
			 uuid, rc, rc == 127 ? ", not found or not runnable" : "", m->log_dir);
		return -1;
	}
	return 0;
}

void run_mps_client_env(char *out, size_t len, const mig_share *s, const run_mps *m)
{
	size_t used = 0;

	out[0] = '\0';
	if (m)
		used += (size_t)snprintf(out, len,
					 "CUDA_MPS_PIPE_DIRECTORY=%s\nCUDA_MPS_LOG_DIRECTORY=%s\n",
					 m->pipe_dir, m->log_dir);
	if (s->threads && used < len)
		used += (size_t)snprintf(out + used, len - used,
					 "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=%u\n", s->threads);
	if (s->mem_mib && used < len)
		used += (size_t)snprintf(out + used, len - used,
					 "CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=%lluM\n", s->mem_mib);
	if (used > 0 && used < len)
		out[used - 1] = '\0'; /* no trailing newline */
}

const char *run_mps_control_path(void)
{
	const char *env = getenv("MIGCTL_MPS_CONTROL");
	size_t n;

	if (!env || !*env)
		return DEFAULT_CONTROL;
	n = strlen(env);
	if (env[0] != '/' || strstr(env, "/../") || (n >= 3 && !strcmp(env + n - 3, "/..")))
		return NULL;
	return env;
}
