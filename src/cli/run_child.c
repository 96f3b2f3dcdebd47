/*
 * run_child.c - the command of `migctl run`, held on a pipe until it has
 * its device.
 *
 * Why a held child: the device must be recorded under the pid that will
 * use it, in the same batch that chose it, or two runs could choose the
 * same device.  So the child exists first (its pid is known), the parent
 * chooses and attaches it under the node's exclusive lock, and only then
 * does the child learn its device and exec the command (no shell).
 *
 * Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH
 * sent to migctl are forwarded to the child.  Those the terminal sends
 * (si_code SI_KERNEL) are not: the terminal sends them to the whole
 * foreground process group, which the child is part of, so forwarding
 * would deliver them twice (sudo does the same).  A signal migctl ignored
 * when it started (nohup) stays ignored and is not forwarded.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
#define NFORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

static volatile sig_atomic_t child_pid;

static void forward(int sig, siginfo_t *si, void *ctx)
{
	int saved = errno;

	(void)ctx;
	if (child_pid > 0 && !(si && si->si_code == SI_KERNEL))
		kill((pid_t)child_pid, sig);
	errno = saved;
}

/*
 * execvp without its surprises: a PATH element that is empty or relative
 * ("", ".", "bin") would run CMD from the working directory - a file
 * someone else may have put there - so only absolute elements are
 * searched.  A CMD with a slash is run as given.  Returns with errno set:
 * EACCES if some candidate was not runnable, else the last error.
 */
static void exec_path(char *const argv[])
{
	const char *path = getenv("PATH"), *p;
	int denied = 0;

	if (strchr(argv[0], '/')) {
		execv(argv[0], argv);
		return;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	errno = ENOENT;
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char file[4096];

		if (n > 0 && p[0] == '/' && n + 1 + strlen(argv[0]) < sizeof(file)) {
			memcpy(file, p, n);
			file[n] = '/';
			strcpy(file + n + 1, argv[0]);
			execv(file, argv);
			denied |= errno == EACCES;
		}
		if (!end)
			break;
		p = end;
	}
	errno = denied ? EACCES : ENOENT;
}

/*
 * The lines after the UUID: NAME=VALUE settings of the MPS client
 * (run_mps.c).  Only CUDA_MPS_* names are taken.  0, or -1.
 */
static int set_extra_env(char *lines)
{
	for (char *line = lines, *next; line && *line; line = next) {
		char *eq;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		eq = strchr(line, '=');
		if (!eq || strncmp(line, "CUDA_MPS_", 9))
			return -1;
		*eq = '\0';
		if (setenv(line, eq + 1, 1))
			return -1;
	}
	return 0;
}

/* Child side: wait for the device, then become the command. */
static void child_main(int fd, char *const argv[], int stdout_to_stderr)
{
	char uuid[4096], *extra;
	size_t n = 0;
	ssize_t r;

	while (n < sizeof(uuid) - 1 && (r = read(fd, uuid + n, sizeof(uuid) - 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	if (n == 0)
		_exit(125); /* cancelled: no device; the parent reports why */
	uuid[n] = '\0';
	extra = strchr(uuid, '\n');
	if (extra)
		*extra++ = '\0';
	if (setenv("CUDA_VISIBLE_DEVICES", uuid, 1) || setenv("NVIDIA_VISIBLE_DEVICES", uuid, 1) ||
	    set_extra_env(extra))
		_exit(125);
	if (stdout_to_stderr && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(125);
	exec_path(argv);
	/* As shells report it: 127 not found, 126 found but not runnable. */
	fprintf(stderr, "migctl run: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT || errno == ENOTDIR ? 127 : 126);
}

int run_child_spawn(run_child *out, char *const argv[], int stdout_to_stderr)
{
	sigset_t block, old;
	int fds[2];

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (pipe(fds))
		return -1;
	/* Neither end may leak into the command. */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	sigemptyset(&block);
	for (size_t i = 0; i < NFORWARDED; i++)
		sigaddset(&block, forwarded[i]);
	/* Held until the handlers know the child's pid; the child restores the mask. */
	sigprocmask(SIG_BLOCK, &block, &old);
	fflush(NULL);
	out->pid = fork();
	if (out->pid < 0) {
		int saved = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	if (out->pid == 0) {
		close(fds[1]);
		sigprocmask(SIG_SETMASK, &old, NULL);
		child_main(fds[0], argv, stdout_to_stderr);
	}
	close(fds[0]);
	out->fd = fds[1];
	child_pid = out->pid;
	for (size_t i = 0; i < NFORWARDED; i++) {
		struct sigaction sa, was;

		if (sigaction(forwarded[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN &&
		    !(was.sa_flags & SA_SIGINFO))
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = forward;
		sa.sa_flags = SA_SIGINFO | SA_RESTART;
		sigemptyset(&sa.sa_mask);
		sigaction(forwarded[i], &sa, NULL);
	}
	/* A write to a child that died while held must not kill migctl. */
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

void run_child_release(run_child *c, const char *uuid, const char *env)
{
	char msg[4096];
	size_t n, done = 0;

	n = (size_t)snprintf(msg, sizeof(msg), "%s%s%s", uuid, env && *env ? "\n" : "",
			     env ? env : "");
	if (n >= sizeof(msg))
		n = strlen(uuid); /* cannot happen (run_mps.c's lines are short): the device alone */
	while (c->fd >= 0 && done < n) {
		ssize_t w = write(c->fd, msg + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the child is gone: its status tells */
		done += (size_t)w;
	}
	run_child_cancel(c);
}

void run_child_cancel(run_child *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int run_child_ended(run_child *c)
{
	pid_t r;

	if (c->reaped)
		return 1;
	while ((r = waitpid(c->pid, &c->status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (r == c->pid || r < 0)
		c->reaped = 1;
	return c->reaped;
}

void run_child_wait(run_child *c)
{
	while (!c->reaped) {
		pid_t r = waitpid(c->pid, &c->status, 0);

		if (r == c->pid || (r < 0 && errno != EINTR))
			c->reaped = 1;
	}
}

int run_child_exit_status(const run_child *c)
{
	if (WIFEXITED(c->status))
		return WEXITSTATUS(c->status);
	if (WIFSIGNALED(c->status))
		return 128 + WTERMSIG(c->status);
	return 1;
}
