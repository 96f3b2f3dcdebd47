/*
 * file.c - directories, durable writes and lock files, the way every part
 * of migctl keeps state on disk (docs/state-file.md "Writes").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* The longest temporary name beside a file: "/." + the name + ".XXXXXX". */
#define TEMP_EXTRA 16

int util_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	int n = snprintf(buf, sizeof(buf), "%s", path);

	if (n <= 0 || (size_t)n >= sizeof(buf)) {
		errno = n <= 0 ? ENOENT : ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) == 0)
		return chmod(buf, mode); /* the mode asked for, whatever the umask */
	return errno == EEXIST ? 0 : -1;
}

int util_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The directory of `path` into dir ("." for a bare name); its last component in *base. */
static int split_path(char *dir, size_t len, const char **base, const char *path)
{
	const char *slash = strrchr(path, '/');
	int n;

	if (!slash) {
		*base = path;
		n = snprintf(dir, len, ".");
	} else {
		*base = slash + 1;
		n = snprintf(dir, len, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	}
	if (!**base || n < 0 || (size_t)n >= len) {
		errno = **base ? ENAMETOOLONG : EISDIR;
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *buf, size_t len, void (*stage)(enum util_write_stage))
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
		if (stage && done >= len / 2 && done - (size_t)n < len / 2)
			stage(UTIL_WRITE_HALF_WRITTEN);
	}
	return 0;
}

static void at(void (*stage)(enum util_write_stage), enum util_write_stage s)
{
	if (stage)
		stage(s);
}

int util_write_durable(const char *path, const void *buf, size_t len, mode_t mode,
		       void (*stage)(enum util_write_stage))
{
	char dir[PATH_MAX], tmp[PATH_MAX + TEMP_EXTRA];
	const char *base;
	int fd, e, n;

	if (split_path(dir, sizeof(dir), &base, path))
		return -1;
	n = snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	at(stage, UTIL_WRITE_TEMP_CREATED);
	if (fchmod(fd, mode) != 0 || write_all(fd, buf, len, stage) != 0)
		goto fail;
	at(stage, UTIL_WRITE_WRITTEN);
	if (fsync(fd) != 0)
		goto fail;
	at(stage, UTIL_WRITE_SYNCED);
	e = close(fd);
	fd = -1;
	if (e != 0 || rename(tmp, path) != 0)
		goto fail;
	at(stage, UTIL_WRITE_RENAMED);
	/*
	 * The rename is durable only once the directory entry is on disk; the
	 * new file is in place already, so a failure here is not the write's.
	 */
	util_fsync_dir(dir);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

void util_sweep_temps(const char *path)
{
	char dir[PATH_MAX], name[PATH_MAX + TEMP_EXTRA];
	const char *base;
	size_t plen;
	struct dirent *e;
	DIR *d;

	if (split_path(dir, sizeof(dir), &base, path))
		return;
	plen = (size_t)snprintf(name, sizeof(name), ".%s.", base);
	if (plen >= sizeof(name) || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		char victim[PATH_MAX + TEMP_EXTRA];
		int n;

		if (strncmp(e->d_name, name, plen) || strlen(e->d_name) != plen + 6)
			continue;
		n = snprintf(victim, sizeof(victim), "%s/%s", dir, e->d_name);
		if (n > 0 && (size_t)n < sizeof(victim))
			unlink(victim);
	}
	closedir(d);
}

int util_lock_try(const char *path, int shared)
{
	for (int attempt = 0; attempt < 20; attempt++) {
		struct stat held, named;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

		if (fd < 0)
			return -1;
		if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
			int e = errno == EINTR ? EWOULDBLOCK : errno;

			close(fd);
			errno = e;
			return -1;
		}
		if (fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
			return fd;
		close(fd); /* its holder unlinked it as we opened it: again */
	}
	errno = EWOULDBLOCK;
	return -1;
}

int util_lock_wait(const char *path, int shared, unsigned wait_s)
{
	struct timespec start, now, nap = {0, 100000};
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while ((fd = util_lock_try(path, shared)) < 0) {
		long long waited;

		if (errno != EWOULDBLOCK)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (long long)(now.tv_sec - start.tv_sec) * 1000000000LL +
			 (now.tv_nsec - start.tv_nsec);
		if (waited >= (long long)wait_s * 1000000000LL) {
			errno = EWOULDBLOCK;
			return -1;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 10000000)
			nap.tv_nsec *= 2;
	}
	return fd;
}

enum util_dir_trust util_check_dir_as(const char *dir, unsigned rules, uid_t *owner)
{
	struct stat sb;
	int found = lstat(dir, &sb) == 0;

	if (found && S_ISLNK(sb.st_mode) &&
	    (sb.st_uid != geteuid() || (rules & UTIL_DIR_NO_LINK))) {
		if (owner)
			*owner = sb.st_uid;
		return sb.st_uid != geteuid() ? UTIL_DIR_FOREIGN_LINK : UTIL_DIR_NOT_DIR;
	}
	if (!(rules & UTIL_DIR_NO_LINK))
		found = stat(dir, &sb) == 0;
	if (!found)
		return errno == ENOENT ? UTIL_DIR_MISSING : UTIL_DIR_UNREADABLE;
	if (owner)
		*owner = sb.st_uid;
	if (!S_ISDIR(sb.st_mode))
		return UTIL_DIR_NOT_DIR;
	if (sb.st_uid != geteuid() && (sb.st_uid != 0 || (rules & UTIL_DIR_OURS_ONLY)))
		return UTIL_DIR_FOREIGN_OWNER;
	if ((sb.st_mode & 0022) && (!(sb.st_mode & S_ISVTX) || (rules & UTIL_DIR_NOT_SHARED)))
		return UTIL_DIR_WRITABLE;
	return UTIL_DIR_OK;
}

enum util_dir_trust util_check_dir(const char *dir, uid_t *owner)
{
	return util_check_dir_as(dir, 0, owner);
}

int util_own_dir(const char *dir, mode_t mode, unsigned rules)
{
	enum util_dir_trust t;

	if (mkdir(dir, mode) == 0)
		return chmod(dir, mode); /* the mode asked for, whatever the umask */
	if (errno != EEXIST)
		return -1;
	t = util_check_dir_as(dir, rules, NULL);
	if (t == UTIL_DIR_OK)
		return 0;
	if (t != UTIL_DIR_UNREADABLE && t != UTIL_DIR_MISSING)
		errno = EPERM;
	return -1;
}
