/*
 * procinfo.c - who runs a process: its Slurm job and its user.
 *
 * The job is the SLURM_JOB_ID of its environment (readable by its owner
 * and root), else the "job_N" component of its cgroup, which is where
 * Slurm's cgroup plugins put a job's processes (/slurm/uid_U/job_N/step_S
 * on cgroup v1, .../job_N/step_S/... on v2).  The user is the name of the
 * process's real uid.  Nothing here follows a symlink the process controls:
 * /proc/PID files are the kernel's.
 */
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exporter.h"

#define PROC_MAX 65536

/* Read at most PROC_MAX bytes of /proc/PID/<what>; NUL-terminated, or NULL. */
static char *proc_file(unsigned pid, const char *what, size_t *len)
{
	char path[64], *buf = malloc(PROC_MAX + 1);
	ssize_t n;
	size_t got = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/%s", pid, what);
	fd = buf ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while (got < PROC_MAX && (n = read(fd, buf + got, PROC_MAX - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* A job id is digits, optionally "_" and digits (an array task). */
static int job_id_ok(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(((exp_owner *)0)->job))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] == '_' && i > 0 && i + 1 < n)))
			return 0;
	return 1;
}

static void job_from_environ(exp_owner *out, unsigned pid)
{
	size_t len;
	char *env = proc_file(pid, "environ", &len);

	if (!env)
		return;
	for (size_t i = 0; i < len; i += strlen(env + i) + 1)
		if (!strncmp(env + i, "SLURM_JOB_ID=", 13) &&
		    job_id_ok(env + i + 13, strlen(env + i + 13))) {
			snprintf(out->job, sizeof(out->job), "%s", env + i + 13);
			break;
		}
	free(env);
}

static void job_from_cgroup(exp_owner *out, unsigned pid)
{
	size_t len;
	char *cg = proc_file(pid, "cgroup", &len), *p;

	for (p = cg; p && (p = strstr(p, "/job_")); p += 5) {
		size_t n = strcspn(p + 5, "/\n");

		if (job_id_ok(p + 5, n)) {
			snprintf(out->job, sizeof(out->job), "%.*s", (int)n, p + 5);
			break;
		}
	}
	free(cg);
}

static void user_of(exp_owner *out, unsigned pid)
{
	size_t len;
	char *status = proc_file(pid, "status", &len), *uid, pwbuf[1024];
	struct passwd pw, *found = NULL;
	unsigned long id;

	uid = status ? strstr(status, "\nUid:\t") : NULL;
	if (uid) {
		id = strtoul(uid + 6, NULL, 10);
		if (getpwuid_r((uid_t)id, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found)
			snprintf(out->user, sizeof(out->user), "%s", found->pw_name);
		else
			snprintf(out->user, sizeof(out->user), "%lu", id);
	}
	free(status);
}

void exp_owner_from_proc(exp_owner *out, unsigned pid, void *unused)
{
	(void)unused;
	memset(out, 0, sizeof(*out));
	job_from_environ(out, pid);
	if (!out->job[0])
		job_from_cgroup(out, pid);
	user_of(out, pid);
}
