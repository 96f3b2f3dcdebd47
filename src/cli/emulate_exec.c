/*
 * emulate_exec.c - `migctl emulate exec [--dir DIR] -- CMD [ARGS]`: run a
 * command inside a private view of an emulated node's device files.
 *
 * What a program such as slurmd's gpu/nvml plugin looks for besides NVML
 * (docs/slurm.md, "The node as Slurm sees it"):
 *   /dev/nvidiaN, /dev/nvidiactl               char 195:N, 195:255
 *   /dev/nvidia-caps/nvidia-capM               the MIG capability files
 *   /proc/driver/nvidia-caps/mig-minors        "gpuG/giI/access M" lines
 * The minor table is the driver's fixed one (NVIDIA MIG user guide, "Device
 * Nodes and Capabilities"): config 1, monitor 2, then for every GPU 0-31
 * and GI ID 0-14 the GI's access file and its CI IDs 0-7, in that order,
 * from 3 up: 135 minors per GPU.  Every minor of every GPU of the node is
 * served, so instances created later are there already, as nvidia-modprobe
 * would make them.
 *
 * The view is a mount namespace of our own: a tmpfs over /dev and over
 * /proc/driver holding the host's own entries (bind-mounted back, the
 * host's nvidia* entries left out) and the node's.  Nothing on the host
 * changes; the namespace ends with its last process.  It needs root, or
 * unprivileged user namespaces (then the files are empty regular files, not
 * device nodes: mknod is a root's right).  The command runs with our
 * libnvidia-ml.so.1 first on LD_LIBRARY_PATH and MIGCTL_STATE_DIR set to
 * the node.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cli.h"

#define NV_MAJOR 195u          /* /dev/nvidiaN (Linux devices.txt) */
#define NV_CTL_MINOR 255u
#define CAPS_MAX_GPUS 32u      /* rows of the driver's minor table */
#define CAPS_PER_GI 9u         /* the GI's access file and CI IDs 0-7 */
#define CAPS_PER_GPU (15u * CAPS_PER_GI)
/* The caps' major is dynamic on a real host; 511 is the first a kernel hands out. */
#define CAPS_MAJOR 511u

static int fail_errno(const char *what, const char *path)
{
	fprintf(stderr, "migctl emulate exec: %s %s: %s\n", what, path, strerror(errno));
	return CLI_EXIT_FAIL;
}

/* GI access minor of (gpu, gi); its CI ci's is that + 1 + ci. */
static unsigned gi_minor(unsigned gpu, unsigned gi)
{
	return 3 + gpu * CAPS_PER_GPU + gi * CAPS_PER_GI;
}

/* A char device, or an empty regular file where mknod is not ours to call. */
static int make_dev(const char *path, unsigned major, unsigned minor)
{
	int fd;

	if (!mknod(path, S_IFCHR | 0666, makedev(major, minor)))
		return chmod(path, 0666) ? fail_errno("cannot open up", path) : 0;
	if (errno != EPERM)
		return fail_errno("cannot create", path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0)
		return fail_errno("cannot create", path);
	close(fd);
	return 0;
}

/* One host entry NAME of the directory open as `dir` (and as `src`, O_PATH) into PATH/NAME. */
static int carry_entry(const char *path, int dir, int src, const char *name)
{
	char to[PATH_MAX], from[64 + NAME_MAX], target[PATH_MAX];
	struct stat sb;
	ssize_t n;
	int fd;

	snprintf(to, sizeof(to), "%s/%s", path, name);
	snprintf(from, sizeof(from), "/proc/self/fd/%d/%s", src, name);
	if (fstatat(dir, name, &sb, AT_SYMLINK_NOFOLLOW))
		return fail_errno("cannot stat the host's", to);
	if (S_ISLNK(sb.st_mode)) {
		if ((n = readlinkat(dir, name, target, sizeof(target) - 1)) < 0)
			return fail_errno("cannot read the host's link", to);
		target[n] = '\0';
		return symlink(target, to) ? fail_errno("cannot link", to) : 0;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (mkdir(to, sb.st_mode & 07777))
			return fail_errno("cannot create", to);
	} else {
		fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			return fail_errno("cannot create", to);
		close(fd);
	}
	if (mount(from, to, NULL, MS_BIND | MS_REC, NULL))
		return fail_errno("cannot bind the host's", to);
	return 0;
}

/* A tmpfs over PATH holding the host's entries there, but those named nvidia*. */
static int shadow_dir(const char *path)
{
	int src = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dir >= 0 ? fdopendir(dir) : NULL;
	struct dirent *e;
	int rc = 0;

	if (src < 0 || !d) {
		rc = fail_errno("cannot open", path);
		goto out;
	}
	if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755")) {
		rc = fail_errno("cannot mount a tmpfs over", path);
		goto out;
	}
	while (!rc && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strncmp(e->d_name, "nvidia", 6))
			rc = carry_entry(path, dir, src, e->d_name);
out:
	if (d)
		closedir(d);
	else if (dir >= 0)
		close(dir);
	if (src >= 0)
		close(src);
	return rc;
}

/* /dev/nvidiactl, /dev/nvidiaN and every capability file of the node's GPUs. */
static int make_devices(unsigned ngpu)
{
	char path[96];
	int rc;

	if ((rc = make_dev("/dev/nvidiactl", NV_MAJOR, NV_CTL_MINOR)))
		return rc;
	if (mkdir("/dev/nvidia-caps", 0755))
		return fail_errno("cannot create", "/dev/nvidia-caps");
	for (unsigned m = 1; m <= 2; m++) {
		snprintf(path, sizeof(path), "/dev/nvidia-caps/nvidia-cap%u", m);
		if ((rc = make_dev(path, CAPS_MAJOR, m)))
			return rc;
	}
	for (unsigned g = 0; g < ngpu; g++) {
		snprintf(path, sizeof(path), "/dev/nvidia%u", g);
		if ((rc = make_dev(path, NV_MAJOR, g)))
			return rc;
		for (unsigned m = gi_minor(g, 0); m < gi_minor(g + 1, 0); m++) {
			snprintf(path, sizeof(path), "/dev/nvidia-caps/nvidia-cap%u", m);
			if ((rc = make_dev(path, CAPS_MAJOR, m)))
				return rc;
		}
	}
	return 0;
}

/* /proc/driver/nvidia-caps/mig-minors: the driver's whole fixed table. */
static int write_minors(void)
{
	const char *path = "/proc/driver/nvidia-caps/mig-minors";
	FILE *f;

	if (mkdir("/proc/driver/nvidia-caps", 0555))
		return fail_errno("cannot create", "/proc/driver/nvidia-caps");
	if (!(f = fopen(path, "wxe")))
		return fail_errno("cannot create", path);
	fprintf(f, "config 1\nmonitor 2\n");
	for (unsigned g = 0; g < CAPS_MAX_GPUS; g++)
		for (unsigned gi = 0; gi < 15; gi++) {
			fprintf(f, "gpu%u/gi%u/access %u\n", g, gi, gi_minor(g, gi));
			for (unsigned ci = 0; ci < 8; ci++)
				fprintf(f, "gpu%u/gi%u/ci%u/access %u\n", g, gi, ci,
					gi_minor(g, gi) + 1 + ci);
		}
	if (fclose(f))
		return fail_errno("cannot write", path);
	return 0;
}

/* Our own mount namespace, as root or through a user namespace mapping us to root. */
static int private_namespace(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];
	int fd;

	if (uid == 0 && !unshare(CLONE_NEWNS))
		goto ours;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
		fprintf(stderr,
			"migctl emulate exec: cannot make a private mount namespace: %s (it needs root, "
			"or unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1)\n",
			strerror(errno));
		return CLI_EXIT_FAIL;
	}
	if ((fd = open("/proc/self/setgroups", O_WRONLY | O_CLOEXEC)) >= 0) {
		(void)!write(fd, "deny", 4);
		close(fd);
	}
	for (int i = 0; i < 2; i++) {
		const char *file = i ? "/proc/self/gid_map" : "/proc/self/uid_map";
		int len = snprintf(map, sizeof(map), "0 %u 1\n", i ? (unsigned)gid : (unsigned)uid);

		fd = open(file, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, map, (size_t)len) != len) {
			if (fd >= 0)
				close(fd);
			return fail_errno("cannot write", file);
		}
		close(fd);
	}
ours:
	/* Nothing mounted from here on reaches the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail_errno("cannot make private the mounts under", "/");
	return 0;
}

int emulate_exec(const char *node_path, unsigned ngpu, char **command)
{
	char lib[PATH_MAX], *path;
	const char *old = getenv("LD_LIBRARY_PATH");
	int rc;

	if (ngpu > CAPS_MAX_GPUS) {
		fprintf(stderr, "migctl emulate exec: the node has %u GPUs; the driver's minor table has %u\n",
			ngpu, CAPS_MAX_GPUS);
		return CLI_EXIT_FAIL;
	}
	if (cli_nvml_dir(lib, sizeof(lib)))
		return CLI_EXIT_FAIL;
	if ((rc = private_namespace()) || (rc = shadow_dir("/dev")) || (rc = make_devices(ngpu)) ||
	    (rc = shadow_dir("/proc/driver")) || (rc = write_minors()))
		return rc;
	if (asprintf(&path, "%s%s%s", lib, old && *old ? ":" : "", old && *old ? old : "") < 0)
		return cli_fail("emulate exec", MIG_ERROR_MEMORY);
	if (setenv("LD_LIBRARY_PATH", path, 1) || setenv("MIGCTL_STATE_DIR", node_path, 1)) {
		free(path);
		return cli_fail("emulate exec", MIG_ERROR_MEMORY);
	}
	free(path);
	execvp(command[0], command);
	fprintf(stderr, "migctl emulate exec: %s: %s\n", command[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
