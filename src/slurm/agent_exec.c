/*
 * agent_exec.c - running scontrol, squeue, migctl and slurmd for the agent:
 * argv templates, execvp (never a shell: a Gres= value or a node name
 * reaches the program as one argument whatever it holds), bounded waits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "mig_internal.h"

/* Substitute the {node} {dir} {gres} of one word; NULL if too long or out of memory. */
static char *subst(const char *word, const char *node, const char *dir, const char *gres)
{
	static const char *const key[] = {"{node}", "{dir}", "{gres}"};
	const char *val[] = {node, dir, gres};
	char out[4096];
	size_t used = 0;

	while (*word) {
		size_t k = 0, len;

		while (k < 3 && strncmp(word, key[k], strlen(key[k])))
			k++;
		if (k < 3) {
			len = strlen(val[k]);
			if (used + len >= sizeof(out))
				return NULL;
			memcpy(out + used, val[k], len);
			used += len;
			word += strlen(key[k]);
			continue;
		}
		if (used + 1 >= sizeof(out))
			return NULL;
		out[used++] = *word++;
	}
	out[used] = '\0';
	return strdup(out);
}

int agent_argv(char **argv, size_t cap, const char (*tmpl)[256], size_t n, const char *node,
	       const char *dir, const char *gres)
{
	if (n + 1 > cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(argv[i] = subst(tmpl[i], node, dir, gres))) {
			argv[i] = NULL;
			agent_argv_free(argv);
			return -1;
		}
	argv[n] = NULL;
	return 0;
}

void agent_argv_free(char **argv)
{
	for (size_t i = 0; argv[i]; i++) {
		free(argv[i]);
		argv[i] = NULL;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Collect the child's output until EOF or the deadline; 0 at EOF. */
static int drain_pipe(char **out, int fd, double deadline)
{
	size_t used = 0, cap = 4096;
	char *buf = malloc(cap);

	if (!buf)
		return -1;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ms = (int)((deadline - now_s()) * 1000);
		ssize_t r;

		if (ms <= 0 || poll(&p, 1, ms) == 0)
			break;
		r = read(fd, buf + used, cap - used - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			buf[used] = '\0';
			*out = buf;
			return 0;
		}
		used += (size_t)r;
		if (used + 1 == cap) {
			char *p2 = cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;

			if (!p2)
				break;
			buf = p2;
			cap *= 2;
		}
	}
	free(buf);
	return -1;
}

static void child(int fd, char *const *argv, const char *env)
{
	int null = open("/dev/null", O_RDONLY);

	if (null >= 0)
		dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (env && putenv((char *)env))
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

int agent_exec(char **out, char *const *argv, const char *env, unsigned timeout_s)
{
	int fd[2], status = 0, rc;
	char *text = NULL;
	pid_t pid;

	if (out)
		*out = NULL;
	if (pipe2(fd, O_CLOEXEC)) {
		mig__fail(MIG_ERROR_OPERATING_SYSTEM, "running %s: pipe: %s", argv[0], strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		mig__fail(MIG_ERROR_OPERATING_SYSTEM, "running %s: fork: %s", argv[0], strerror(errno));
		return -1;
	}
	if (!pid)
		child(fd[1], argv, env);
	close(fd[1]);
	rc = drain_pipe(&text, fd[0], now_s() + timeout_s);
	close(fd[0]);
	if (rc)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc) {
		free(text);
		mig__fail(MIG_ERROR_UNKNOWN, "%s did not finish within %u s (killed)", argv[0], timeout_s);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		mig__fail(MIG_ERROR_UNKNOWN, "%s could not be run (not installed? %.100s)", argv[0], text);
		free(text);
		return -1;
	}
	if (out)
		*out = text;
	else
		free(text);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

pid_t agent_spawn(char *const *argv)
{
	pid_t pid = fork();

	if (pid < 0) {
		mig__fail(MIG_ERROR_OPERATING_SYSTEM, "starting %s: fork: %s", argv[0], strerror(errno));
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, 0);
		setsid();
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}
