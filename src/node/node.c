/*
 * node.c - the emulated node on disk: where it lives, how processes share
 * it, and how a write survives a crash at any instant.
 *
 * Layout of a node directory:
 *   state.json          the state (docs/state-file.md)
 *   state.lock          flock()ed by writers only, mode 0600 always
 *   .state.json.XXXXXX  a write in progress (removed, or left by a crash
 *                       and swept by the next writer)
 *
 * A write goes to a temporary file in the same directory, is fsync()ed,
 * renamed over state.json, and the directory is fsync()ed: readers see the
 * old or the new file, never a torn one.  Every operation opens its own
 * lock descriptor, so threads and processes exclude each other alike.
 *
 * Readers take no lock: the file they open is a complete snapshot that a
 * rename may replace but never changes.  So the lock is needed only by
 * those who may write the node, it is 0600, and nobody who can merely read
 * the node can hold its writers hostage.  A writer waits for the lock a
 * bounded time ($MIGCTL_LOCK_WAIT seconds, default 30), then fails naming
 * the holder (from /proc/locks).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "node_hooks.h"
#include "nvml_backend.h"
#include "state.h"
#include "util.h"

#define STATE_NAME "state.json"
#define LOCK_NAME "state.lock"
/* A state file is a few KiB; anything this large is not ours. */
#define STATE_MAX_BYTES (64u << 20)
#define LOCK_MODE 0600
#define LOCK_WAIT_DEFAULT 30
#define LOCK_WAIT_MAX 86400

void (*mig__node_write_hook)(enum mig_write_stage stage);

struct mig_node {
	char dir[PATH_MAX];
	char path[PATH_MAX];
	char lock[PATH_MAX];
	int created;
	mig_nvml *nvml;     /* an NVML node: the loaded library (nvml_backend.c), else NULL */
};

static void hook(enum mig_write_stage stage)
{
	if (mig__node_write_hook)
		mig__node_write_hook(stage);
}

static int io_fail(const char *what, const char *path)
{
	int e = errno;

	return mig__fail(e == EACCES || e == EPERM ? MIG_ERROR_NO_PERMISSION : MIG_ERROR_IO,
			 "%s %s: %s", what, path, strerror(e));
}

/* Paths ------------------------------------------------------------------- */

/* An environment path must be absolute, printable, and free of "..". */
int mig__check_env_path(const char *name, const char *value)
{
	size_t n = strlen(value);

	if (value[0] != '/')
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "$%s=\"%s\": must be an absolute path", name, value);
	if (n > PATH_MAX - 64)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "$%s: longer than %d bytes", name,
				 PATH_MAX - 64);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "$%s: contains a control character", name);
	for (const char *p = value; (p = strstr(p, "..")) != NULL; p += 2)
		if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "$%s=\"%s\": must not contain '..' components", name,
					 value);
	return MIG_SUCCESS;
}

int mig_node_default_dir(char *buf, size_t len)
{
	const char *v;
	int rc, n;

	if ((v = getenv("MIGCTL_STATE_DIR")) && *v) {
		if ((rc = mig__check_env_path("MIGCTL_STATE_DIR", v)))
			return rc;
		n = snprintf(buf, len, "%s", v);
	} else if (geteuid() == 0) {
		n = snprintf(buf, len, "/var/lib/migctl");
	} else if ((v = getenv("XDG_STATE_HOME")) && *v) {
		if ((rc = mig__check_env_path("XDG_STATE_HOME", v)))
			return rc;
		n = snprintf(buf, len, "%s/migctl", v);
	} else if ((v = getenv("HOME")) && *v) {
		if ((rc = mig__check_env_path("HOME", v)))
			return rc;
		n = snprintf(buf, len, "%s/.local/state/migctl", v);
	} else {
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "no node directory: set MIGCTL_STATE_DIR, XDG_STATE_HOME or HOME");
	}
	if (n < 0 || (size_t)n >= len)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "node directory path too long");
	return MIG_SUCCESS;
}

static mode_t dir_mode(void)
{
	/* Root's node is readable by NVML clients of any user; a user's is private. */
	return geteuid() == 0 ? 0755 : 0700;
}

static mode_t file_mode(void)
{
	return geteuid() == 0 ? 0644 : 0600;
}

/* mkdir -p, then insist the directory cannot be changed by other users. */
static int ensure_dir(const char *dir, int create)
{
	uid_t owner = 0;

	/* The documented mode whatever the umask: other users' NVML clients read root's node. */
	if (create && util_mkdirs(dir, dir_mode()) != 0)
		return io_fail("creating directory", dir);
	switch (util_check_dir(dir, &owner)) {
	case UTIL_DIR_OK:
		return MIG_SUCCESS;
	case UTIL_DIR_FOREIGN_LINK:
		/* A symbolic link planted by someone else (in /tmp, say) is not followed. */
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: a symbolic link owned by uid %u, not by you; refusing to follow it",
				 dir, (unsigned)owner);
	case UTIL_DIR_MISSING:
		return mig__fail(MIG_ERROR_NOT_FOUND, "no emulated node in %s (directory missing)",
				 dir);
	case UTIL_DIR_NOT_DIR:
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "%s: not a directory", dir);
	case UTIL_DIR_FOREIGN_OWNER:
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: owned by uid %u, not by you or root; refusing to trust it",
				 dir, (unsigned)owner);
	case UTIL_DIR_WRITABLE:
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: writable by other users; refusing to keep state there", dir);
	case UTIL_DIR_UNREADABLE:
		break;
	}
	return io_fail("reading", dir);
}

/* Locking ----------------------------------------------------------------- */

/* A file in the node must be ours (or root's): in a sticky /tmp, another user may have made it. */
static int check_owner(const struct stat *sb, const char *path)
{
	if (sb->st_uid != geteuid() && sb->st_uid != 0)
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: owned by uid %u, not by you or root; refusing to trust it", path,
				 (unsigned)sb->st_uid);
	return MIG_SUCCESS;
}

static int lock_wait_seconds(unsigned *out)
{
	const char *v = getenv("MIGCTL_LOCK_WAIT");

	*out = LOCK_WAIT_DEFAULT;
	if (!v || !*v)
		return MIG_SUCCESS;
	if (util_parse_uint(v, 0, LOCK_WAIT_MAX, out) != 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "$MIGCTL_LOCK_WAIT=\"%.40s\": must be a number of seconds, 0 to %d",
				 v, LOCK_WAIT_MAX);
	return MIG_SUCCESS;
}

/* Who holds a flock on the file of `sb`: "pid 123 (migctl)", from /proc/locks. */
static void lock_holder(char *buf, size_t len, const struct stat *sb)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256];

	snprintf(buf, len, "another process");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned maj, mnr;
		unsigned long long ino;
		int pid;
		char kind[16], comm[64] = "?", path[64];

		/* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a "->" marks a waiter) */
		if (strstr(line, "->") ||
		    sscanf(line, "%*d: %15s %*s %*s %d %x:%x:%llu", kind, &pid, &maj, &mnr, &ino) != 5 ||
		    strcmp(kind, "FLOCK") || ino != (unsigned long long)sb->st_ino ||
		    maj != major(sb->st_dev) || mnr != minor(sb->st_dev))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		{
			FILE *c = fopen(path, "re");

			if (c) {
				if (fgets(comm, sizeof(comm), c))
					comm[strcspn(comm, "\n")] = '\0';
				fclose(c);
			}
		}
		snprintf(buf, len, "pid %d (%s)", pid, comm);
		break;
	}
	fclose(f);
}

/* The writers' lock: exclusive, waited for a bounded time. */
static int take_lock(int *out, const mig_node *node)
{
	struct stat sb;
	unsigned wait;
	int fd, rc;

	if ((rc = lock_wait_seconds(&wait)))
		return rc;
	fd = util_lock_wait(node->lock, 0, wait);
	if (fd < 0 && errno == EWOULDBLOCK) {
		char who[128] = "another process";

		if (lstat(node->lock, &sb) == 0) {
			if ((rc = check_owner(&sb, node->lock)))
				return rc;
			lock_holder(who, sizeof(who), &sb);
		}
		return mig__fail(MIG_ERROR_IN_USE,
				 "%s is held by %s: waited %u s for it ($MIGCTL_LOCK_WAIT); "
				 "the node is being changed, or that process is stuck",
				 node->lock, who, wait);
	}
	if (fd < 0)
		return io_fail("locking", node->lock);
	if (fstat(fd, &sb) != 0 || (rc = check_owner(&sb, node->lock))) {
		rc = rc ? rc : io_fail("reading", node->lock);
		close(fd);
		return rc;
	}
	/* An older migctl made it 0644: nobody but the writers may open it. */
	if ((sb.st_mode & 07777) != LOCK_MODE && sb.st_uid == geteuid() && fchmod(fd, LOCK_MODE) != 0) {
		rc = io_fail("setting the mode of", node->lock);
		close(fd);
		return rc;
	}
	*out = fd;
	return MIG_SUCCESS;
}

/* Reading and writing the state file ----------------------------------------- */

static int load(mig_state **out, const mig_node *node)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd, rc;

	fd = open(node->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT
			       ? mig__fail(MIG_ERROR_NOT_FOUND, "no emulated node at %s", node->path)
			       : io_fail("opening", node->path);
	if (fstat(fd, &sb) == 0 && (rc = check_owner(&sb, node->path))) {
		close(fd);
		return rc;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > STATE_MAX_BYTES) {
		close(fd);
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s: not a regular file of at most %u bytes", node->path,
				 STATE_MAX_BYTES);
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return mig__fail(MIG_ERROR_MEMORY, "reading %s: out of memory", node->path);
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	rc = mig_state_from_json(out, buf, got);
	free(buf);
	if (rc) {
		char why[400];

		snprintf(why, sizeof(why), "%s", mig_errmsg());
		/* Refuse, and leave the file as it is for a person to look at. */
		return mig__fail(rc, "%s: %s; the file was left untouched", node->path, why);
	}
	return MIG_SUCCESS;
}

_Static_assert(MIG_WRITE_TEMP_CREATED == (int)UTIL_WRITE_TEMP_CREATED &&
		       MIG_WRITE_HALF_WRITTEN == (int)UTIL_WRITE_HALF_WRITTEN &&
		       MIG_WRITE_WRITTEN == (int)UTIL_WRITE_WRITTEN &&
		       MIG_WRITE_SYNCED == (int)UTIL_WRITE_SYNCED &&
		       MIG_WRITE_RENAMED == (int)UTIL_WRITE_RENAMED,
	       "the crash test's stages are the durable write's");

static void write_stage(enum util_write_stage stage)
{
	hook((enum mig_write_stage)stage);
}

/* Write the state durably (util_write_durable); temporaries of killed writers are swept. */
static int store(const mig_node *node, const mig_state *st)
{
	char *text, *line;
	size_t len;
	int rc;

	if ((rc = mig_state_to_json(&text, st)))
		return rc;
	len = strlen(text);
	if (!(line = realloc(text, len + 2))) {
		free(text);
		return mig__fail(MIG_ERROR_MEMORY, "writing %s: out of memory", node->path);
	}
	memcpy(line + len, "\n", 2);
	rc = util_write_durable(node->path, line, len + 1, file_mode(),
				mig__node_write_hook ? write_stage : NULL);
	if (rc != 0)
		rc = io_fail("writing", node->path);
	free(line);
	return rc;
}

/* The node ------------------------------------------------------------------ */

static int default_state(mig_state **out)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	int rc = mig_state_new(&st);

	if (rc)
		return rc;
	/* The embedded default: one H100 80GB HBM3 with MIG disabled. */
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	if (!spec.model) {
		mig_state_free(st);
		return mig__fail(MIG_ERROR_UNKNOWN, "the catalog lacks the default H100-SXM5-80GB");
	}
	if ((rc = mig_state_add_gpu(st, &spec))) {
		mig_state_free(st);
		return rc;
	}
	*out = st;
	return MIG_SUCCESS;
}

static int node_paths(mig_node *node, const char *dir)
{
	size_t n;

	if (dir) {
		if (!*dir)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "empty node directory");
		snprintf(node->dir, sizeof(node->dir), "%s", dir);
	} else {
		int rc = mig_node_default_dir(node->dir, sizeof(node->dir));

		if (rc)
			return rc;
	}
	n = strlen(node->dir);
	while (n > 1 && node->dir[n - 1] == '/')
		node->dir[--n] = '\0';
	if (snprintf(node->path, sizeof(node->path), "%s/" STATE_NAME, node->dir) >=
		    (int)sizeof(node->path) ||
	    snprintf(node->lock, sizeof(node->lock), "%s/" LOCK_NAME, node->dir) >=
		    (int)sizeof(node->lock))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "node directory path too long");
	return MIG_SUCCESS;
}

int mig_node_open(mig_node **out, const char *dir, unsigned flags)
{
	mig_node *node = calloc(1, sizeof(*node));
	mig_state *st = NULL;
	struct stat sb;
	int rc, fd;

	if (!node)
		return mig__fail(MIG_ERROR_MEMORY, "opening a node: out of memory");
	if ((rc = node_paths(node, dir)) || (rc = ensure_dir(node->dir, flags & MIG_NODE_CREATE)))
		goto fail;
	if (stat(node->path, &sb) != 0) {
		if (errno != ENOENT) {
			rc = io_fail("reading", node->path);
			goto fail;
		}
		if (!(flags & MIG_NODE_CREATE)) {
			rc = mig__fail(MIG_ERROR_NOT_FOUND, "no emulated node at %s", node->path);
			goto fail;
		}
		if ((rc = take_lock(&fd, node)))
			goto fail;
		/* Re-check under the lock: another process may have just made it. */
		if (stat(node->path, &sb) != 0 && errno == ENOENT) {
			rc = default_state(&st);
			if (!rc) {
				st->generation = 1;
				rc = store(node, st);
			}
			mig_state_free(st);
			node->created = !rc;
		}
		close(fd);
		if (rc)
			goto fail;
	}
	*out = node;
	return MIG_SUCCESS;
fail:
	free(node);
	return rc;
}

int mig_node_open_backend(mig_node **out, mig_backend backend, const char *dir, unsigned flags)
{
	mig_node *node;
	int rc;

	if (backend == MIG_BACKEND_AUTO)
		backend = mig__nvml_driver_loaded() ? MIG_BACKEND_NVML : MIG_BACKEND_EMULATED;
	if (backend == MIG_BACKEND_EMULATED)
		return mig_node_open(out, dir, flags);
	if (backend != MIG_BACKEND_NVML)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "opening a node: unknown backend %d",
				 (int)backend);
	node = calloc(1, sizeof(*node));
	if (!node)
		return mig__fail(MIG_ERROR_MEMORY, "opening a node: out of memory");
	if ((rc = mig__nvml_open(&node->nvml))) {
		free(node);
		return rc;
	}
	snprintf(node->path, sizeof(node->path), "%s", mig__nvml_library(node->nvml));
	*out = node;
	return MIG_SUCCESS;
}

int mig_node_transactional(const mig_node *node)
{
	return !node->nvml;
}

int mig_node_journal_dir(char *buf, size_t len, const mig_node *node)
{
	const char *v;
	char tmp[PATH_MAX];
	int rc, n;

	if (!node->nvml) {
		snprintf(tmp, sizeof(tmp), "%s", node->path);
		n = snprintf(buf, len, "%s", dirname(tmp));
	} else if ((v = getenv("MIGCTL_JOURNAL_DIR")) && *v) {
		if ((rc = mig__check_env_path("MIGCTL_JOURNAL_DIR", v)))
			return rc;
		n = snprintf(buf, len, "%s", v);
	} else {
		if ((rc = mig_node_default_dir(tmp, sizeof(tmp))))
			return rc;
		n = snprintf(buf, len, "%s/journal", tmp);
	}
	if (n < 0 || (size_t)n >= len)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "journal directory path too long");
	return MIG_SUCCESS;
}

mig_backend mig_node_backend(const mig_node *node)
{
	return node->nvml ? MIG_BACKEND_NVML : MIG_BACKEND_EMULATED;
}

void mig_node_close(mig_node *node)
{
	if (node)
		mig__nvml_close(node->nvml);
	free(node);
}

const char *mig_node_path(const mig_node *node)
{
	return node->path;
}

int mig_node_created(const mig_node *node)
{
	return node->created;
}

int mig_node_read(mig_state **out, mig_node *node)
{
	int rc;

	if (node->nvml)
		return mig__nvml_snapshot(out, node->nvml, 0);
	/* No lock: the file is a whole snapshot, replaced by rename and never changed in place. */
	rc = load(out, node);
	if (!rc)
		mig_state_prune(*out);
	return rc;
}

int mig_node_begin(mig_state **out, mig_node *node)
{
	int fd, rc;

	if (node->nvml)
		return mig__nvml_snapshot(out, node->nvml, 1);
	rc = take_lock(&fd, node);
	if (rc)
		return rc;
	util_sweep_temps(node->path);
	rc = load(out, node);
	if (rc) {
		close(fd);
		return rc;
	}
	mig_state_prune(*out);
	(*out)->lock_fd = fd;
	return MIG_SUCCESS;
}

int mig_node_commit(mig_node *node, mig_state *st)
{
	int rc;

	if (node->nvml || (st && mig__backend_fixed(st))) {
		/* Real GPUs: every change reached the driver when it was made. */
		rc = st && node->nvml && mig__nvml_live_on(st, node->nvml)
			     ? MIG_SUCCESS
			     : mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "committing: the state does not come from mig_node_begin on this node");
		mig_state_free(st);
		return rc;
	}
	if (!st || st->lock_fd < 0) {
		mig_state_free(st);
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "committing: the state does not come from mig_node_begin");
	}
	st->generation++;
	rc = store(node, st);
	close(st->lock_fd);
	st->lock_fd = -1;
	mig_state_free(st);
	return rc;
}

void mig_node_abort(mig_node *node, mig_state *st)
{
	(void)node;
	if (!st)
		return;
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->lock_fd = -1;
	mig_state_free(st);
}

int mig_node_create(const char *dir, const mig_state *st, int replace)
{
	mig_node node;
	mig_state *copy, *old = NULL;
	struct stat sb;
	int fd, rc;

	memset(&node, 0, sizeof(node));
	if ((rc = node_paths(&node, dir)) || (rc = ensure_dir(node.dir, 1)))
		return rc;
	if ((rc = take_lock(&fd, &node)))
		return rc;
	if (stat(node.path, &sb) == 0) {
		if (!replace) {
			close(fd);
			return mig__fail(MIG_ERROR_IN_USE, "a node already exists at %s", node.path);
		}
		/* Keep generations increasing across a replace; ignore a bad old file. */
		if (load(&old, &node) != MIG_SUCCESS)
			old = NULL;
	}
	rc = mig_state_clone(&copy, st);
	if (!rc) {
		copy->generation = (old ? old->generation : 0) + 1;
		util_sweep_temps(node.path);
		rc = store(&node, copy);
		mig_state_free(copy);
	}
	mig_state_free(old);
	close(fd);
	return rc;
}

int mig_node_remove(const char *dir)
{
	mig_node node;
	int fd, rc;

	memset(&node, 0, sizeof(node));
	if ((rc = node_paths(&node, dir)) || (rc = ensure_dir(node.dir, 0)))
		return rc;
	if ((rc = take_lock(&fd, &node)))
		return rc;
	if (unlink(node.path) != 0)
		rc = errno == ENOENT ? mig__fail(MIG_ERROR_NOT_FOUND, "no emulated node at %s",
						 node.path)
				     : io_fail("removing", node.path);
	util_sweep_temps(node.path);
	/*
	 * The lock file stays: a process blocked on it would otherwise lock a
	 * deleted inode while a new node's writer locks a fresh one.
	 */
	close(fd);
	return rc;
}
