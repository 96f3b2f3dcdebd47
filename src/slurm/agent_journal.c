/*
 * agent_journal.c - the agent's own journal: for each node it is changing,
 * which step it finished, the jobs the change serves, the layout it goes
 * to and the Gres= it registers with (docs/slurm.md, "Crash recovery").
 *
 * One file per node, agent-<node>.json in the agent's state directory,
 * replaced whole: a temporary file created 0600 with O_EXCL|O_NOFOLLOW
 * (never through a link an attacker left), fsync'd, renamed over the old
 * one, the directory fsync'd.  A kill -9 at any instant leaves the old
 * entry or the new one; an agent that starts finds them and goes on from
 * the step after the one recorded (each step can be done twice safely).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "agent.h"
#include "mig_internal.h"
#include "util.h"

const char *const agent_step_name[AGENT_STEPS] = {"drain", "applied", "stopped", "deleted",
						  "started"};

#define PREFIX "agent-"
#define SUFFIX ".json"

/* MIG_ERROR_IO, "<what> <path>: <errno text>" in mig_errmsg(). */
static int fail(const char *what, const char *path)
{
	return mig__fail(MIG_ERROR_IO, "%s %s: %s", what, path, strerror(errno));
}

static int entry_path(char *out, size_t len, const char *dir, const char *node, const char *tail)
{
	int n = snprintf(out, len, "%s/" PREFIX "%s" SUFFIX "%s", dir, node, tail);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int write_all(int fd, const char *text)
{
	size_t len = strlen(text);

	while (len) {
		ssize_t w = write(fd, text, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		text += w;
		len -= (size_t)w;
	}
	return 0;
}

static char *entry_json(const agent_entry *e)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s, s:f, s:f}", "node", e->ch.node,
			      "step", agent_step_name[e->step], "jobs", e->ch.jobs, "types",
			      e->ch.types, "layout", e->ch.layout, "gres", e->ch.gres, "since",
			      e->since, "step_at", e->step_at);
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return text;
}

int agent_file_write(const char *dir, const char *name, const char *text)
{
	char path[512], tmp[520];
	int fd, rc, n = snprintf(path, sizeof(path), "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= sizeof(path) - 8) {
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s/%s: path too long", dir, name);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	(void)unlink(tmp);  /* a temporary file a crash left */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail("creating", tmp);
	rc = write_all(fd, text) || fsync(fd);
	rc |= close(fd);
	if (rc || rename(tmp, path) || util_fsync_dir(dir)) {
		int saved = errno;

		(void)unlink(tmp);
		errno = saved;
		return fail("writing", path);
	}
	return 0;
}

int agent_journal_write(const char *dir, const agent_entry *e)
{
	char name[AGENT_NAME_MAX + 16];
	char *text = entry_json(e);
	int rc;

	if (!text)
		return mig__fail(MIG_ERROR_MEMORY, "journal of node %s: out of memory", e->ch.node);
	snprintf(name, sizeof(name), PREFIX "%s" SUFFIX, e->ch.node);
	rc = agent_file_write(dir, name, text);
	free(text);
	return rc;
}

int agent_journal_remove(const char *dir, const char *node)
{
	char path[512];

	if (entry_path(path, sizeof(path), dir, node, ""))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "journal directory %s: path too long", dir);
	if (unlink(path) && errno != ENOENT)
		return fail("removing", path);
	return util_fsync_dir(dir) ? fail("syncing", dir) : 0;
}

static int step_of(const char *name)
{
	for (int i = 0; i < AGENT_STEPS; i++)
		if (!strcmp(name, agent_step_name[i]))
			return i;
	return -1;
}

/* Read one entry file (opened without following links). */
static int load_one(agent_entry *e, int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	const char *node, *step, *jobs, *types, *layout = NULL, *gres;
	json_error_t je;
	json_t *o;
	int s;

	memset(e, 0, sizeof(*e));
	if (fd < 0)
		return fail("opening journal", name);
	o = json_loadfd(fd, 0, &je);
	close(fd);
	e->step_at = -1;
	if (!o || json_unpack(o, "{s:s, s:s, s:s, s:s, s?s, s:s, s:F, s?F}", "node", &node, "step",
			      &step, "jobs", &jobs, "types", &types, "layout", &layout, "gres", &gres,
			      "since", &e->since, "step_at", &e->step_at) ||
	    (s = step_of(step)) < 0 || strlen(node) >= sizeof(e->ch.node) ||
	    strlen(jobs) >= sizeof(e->ch.jobs) || strlen(types) >= sizeof(e->ch.types) ||
	    strlen(gres) >= sizeof(e->ch.gres) || (layout && !(e->ch.layout = strdup(layout)))) {
		int rc = mig__fail(MIG_ERROR_STATE_CORRUPT, "journal %s is not an agent journal entry "
				   "(%s); move it away after checking the node by hand", name,
				   o ? "fields" : je.text);

		json_decref(o);
		return rc;
	}
	if (e->step_at < 0)
		e->step_at = e->since;  /* written before step_at was recorded */
	strcpy(e->ch.node, node);
	strcpy(e->ch.jobs, jobs);
	strcpy(e->ch.types, types);
	strcpy(e->ch.gres, gres);
	e->step = (agent_step)s;
	json_decref(o);
	return 0;
}

static int wanted(const char *name)
{
	size_t n = strlen(name), p = strlen(PREFIX), s = strlen(SUFFIX);

	return n > p + s && !strncmp(name, PREFIX, p) && !strcmp(name + n - s, SUFFIX);
}

int agent_journal_load(agent_entry **out, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : fail("opening", dir);
	while (!rc && (de = readdir(d))) {
		if (!wanted(de->d_name))
			continue;
		if (UTIL_GROW(*out, cap, *n + 1)) {
			rc = mig__fail(MIG_ERROR_MEMORY, "journal: out of memory");
			break;
		}
		if (!(rc = load_one(&(*out)[*n], dirfd(d), de->d_name)))
			(*n)++;
	}
	closedir(d);
	if (rc) {
		agent_entries_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void agent_entries_free(agent_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		free(e[i].ch.layout);
	free(e);
}
