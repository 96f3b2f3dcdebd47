/*
 * own_files.c - the files that travel with migctl, found relative to its own
 * executable: our libnvidia-ml.so.1 and migctl-full (docs/architecture.md,
 * "Two executables").
 *
 * Installed, they live in migctl's private directory ${libdir}/migctl/, which
 * MIGCTL_PRIVATE_RELDIR names relative to ${bindir} (CMake computes it from
 * the install layout, so the tree can move).  In a build tree each lies at
 * its own place beside the migctl executable.  Nothing comes from the
 * environment: /proc/self/exe is the kernel's answer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef MIGCTL_PRIVATE_RELDIR
#define MIGCTL_PRIVATE_RELDIR "../lib/migctl"
#endif

/* migctl's own directory into dir; 0, or -1 after saying why. */
static int own_dir(char *dir, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", dir, len - 1);
	char *slash;

	if (n <= 0) {
		fprintf(stderr, "migctl: cannot find migctl's own executable: %s\n",
			n < 0 ? strerror(errno) : "empty /proc/self/exe");
		return -1;
	}
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	return 0;
}

int cli_own_file(const char *name, const char *build_rel, char *out, size_t len)
{
	const char *const rel[] = {MIGCTL_PRIVATE_RELDIR, build_rel};
	char dir[PATH_MAX], path[2 * PATH_MAX];

	if (own_dir(dir, sizeof(dir)))
		return -1;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		struct stat sb;
		char *real;

		snprintf(path, sizeof(path), "%s/%s/%s", dir, rel[i], name);
		if (stat(path, &sb) || !S_ISREG(sb.st_mode) || !(real = realpath(path, NULL)))
			continue;
		if (strlen(real) >= len) {
			free(real);
			break;
		}
		strcpy(out, real);
		free(real);
		return 0;
	}
	fprintf(stderr, "migctl: no %s in %s/%s (the install's private directory) nor in %s/%s (a build tree)\n",
		name, dir, MIGCTL_PRIVATE_RELDIR, dir, build_rel);
	return -1;
}

int cli_exec_full(const char *command, int argc, char **argv)
{
	char path[PATH_MAX], backend[64];
	char **args = calloc((size_t)argc + 4, sizeof(*args));
	int n = 0;

	if (!args)
		return cli_fail(command ? command : "migctl", MIG_ERROR_MEMORY);
	if (cli_own_file("migctl-full", ".", path, sizeof(path))) {
		free(args);
		return CLI_EXIT_FAIL;
	}
	/* The backend as this process resolved it, option or environment. */
	snprintf(backend, sizeof(backend), "--backend=%s", mig_backend_name(cli_backend));
	args[n++] = "migctl";
	args[n++] = backend;
	if (command)
		args[n++] = (char *)command;
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	execv(path, args);
	fprintf(stderr, "migctl: %s: %s\n", path, strerror(errno));
	free(args);
	return CLI_EXIT_FAIL;
}

int cli_run_full(const cli_cmd *cmd, int argc, char **argv)
{
	return cli_exec_full(cmd->name, argc, argv);
}
