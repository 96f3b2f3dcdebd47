/*
 * run_claim.c - claiming a MIG device for `migctl run` with a lock file,
 * where libmig cannot record the run's process: on real GPUs (the NVML
 * backend) mig_process_attach answers NOT_SUPPORTED, and the driver lists
 * a process only once it has made a CUDA context - too late to keep a
 * second run off the device.
 *
 * A claim is an exclusive flock on RUNTIME/claim-<node>-<MIG-UUID>.lock,
 * held by migctl for as long as the command runs; the kernel drops it if
 * migctl dies, so a claim never outlives its run.  RUNTIME is /run/migctl
 * for root, else $XDG_RUNTIME_DIR/migctl, else /tmp/migctl-<uid>: claims
 * are runtime state and must not litter the node directory.  <node> is a
 * hash of the node directory, so that emulated nodes side by side (whose
 * UUIDs may coincide) do not share claims.
 *
 * A shared run (--share: MPS clients, time-sliced processes) takes a
 * shared flock instead, so shared runs go together and keep exclusive
 * runs off; it leaves the file in place when it ends (other shared
 * holders may still hold it).
 *
 * An exclusive holder unlinks the file before closing it.  A taker that locked a
 * file that was unlinked meanwhile (it opened the name just before)
 * notices that the name no longer leads to its file and tries again, so
 * two runs never hold the same claim.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "util.h"

/* FNV-1a: a short stable name for the node directory. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

int run_claims_init(run_claims *c)
{
	char node[PATH_MAX / 2], base[PATH_MAX / 2];
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	c->fd = -1;
	c->path[0] = '\0';
	if (mig_node_default_dir(node, sizeof(node))) {
		errno = EINVAL;
		return -1;
	}
	if (geteuid() == 0)
		snprintf(base, sizeof(base), "/run/migctl");
	else if (xdg && xdg[0] == '/')
		snprintf(base, sizeof(base), "%s/migctl", xdg);
	else
		snprintf(base, sizeof(base), "/tmp/migctl-%u", (unsigned)geteuid());
	/* Ours alone, no link, nobody else may write it (docs/cli-show-run.md, claims). */
	if (util_own_dir(base, 0700, UTIL_DIR_NO_LINK | UTIL_DIR_OURS_ONLY | UTIL_DIR_NOT_SHARED))
		return -1;
	snprintf(c->runtime, sizeof(c->runtime), "%s", base);
	snprintf(c->dir, sizeof(c->dir), "%s/claim-%08x-", base, fnv1a(node));
	return 0;
}

int run_claim_take(void *ctx, const char *uuid)
{
	run_claims *c = ctx;

	if (c->fd >= 0 || strchr(uuid, '/') || uuid[0] == '.')
		return 0; /* one claim per run */
	for (int attempt = 0; attempt < 8; attempt++) {
		struct stat held, named;
		int fd;

		snprintf(c->path, sizeof(c->path), "%s%s.lock", c->dir, uuid);
		fd = open(c->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			return 0;
		if (flock(fd, (c->shared ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
			close(fd);
			return 0; /* another run has it */
		}
		if (fstat(fd, &held) == 0 && stat(c->path, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
			c->fd = fd;
			return 1;
		}
		close(fd); /* its holder unlinked it as we opened it: again */
	}
	return 0;
}

void run_claim_drop(run_claims *c)
{
	if (c->fd >= 0) {
		if (!c->shared)
			unlink(c->path);
		close(c->fd);
	}
	c->fd = -1;
}
