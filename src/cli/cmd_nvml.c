/*
 * cmd_nvml.c - `migctl nvml-env` and `migctl exec`: point unmodified NVML
 * programs at our libnvidia-ml.so.1 (docs/install.md#nvml).
 *
 * The library is installed in a directory of its own,
 * ${libdir}/migctl/, never where the system's NVML lives, so that nothing
 * loads it by accident.  migctl finds it relative to its own executable:
 * MIGCTL_NVML_RELDIR (bindir -> that directory, computed by CMake from the
 * install layout), or src/nvml beside a migctl run from its build tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef MIGCTL_NVML_RELDIR
#define MIGCTL_NVML_RELDIR "../lib/migctl"
#endif

const cli_opt nvml_env_opts[] = {{0}};
const cli_opt exec_opts[] = {{0}};

/* Is DIR/libnvidia-ml.so.1 a regular file? */
static int has_library(const char *dir)
{
	char path[PATH_MAX];
	struct stat sb;

	if (snprintf(path, sizeof(path), "%s/libnvidia-ml.so.1", dir) >= (int)sizeof(path))
		return 0;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int cli_nvml_dir(char *out, size_t len)
{
	static const char *const rel[] = {MIGCTL_NVML_RELDIR, "src/nvml"};
	char exe[PATH_MAX], dir[PATH_MAX + sizeof(MIGCTL_NVML_RELDIR) + 2];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0) {
		fprintf(stderr, "migctl: cannot find migctl's own executable: %s\n",
			n < 0 ? strerror(errno) : "empty /proc/self/exe");
		return -1;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char *real;

		snprintf(dir, sizeof(dir), "%s/%s", exe, rel[i]);
		if (!has_library(dir) || !(real = realpath(dir, NULL)))
			continue;
		if (strlen(real) >= len) {
			free(real);
			break;
		}
		strcpy(out, real);
		free(real);
		return 0;
	}
	fprintf(stderr,
		"migctl: no libnvidia-ml.so.1 in %s/%s (the install's private NVML directory) "
		"nor in %s/src/nvml (a build tree)\n",
		exe, MIGCTL_NVML_RELDIR, exe);
	return -1;
}

/* LD_LIBRARY_PATH with DIR first; NULL when out of memory. */
static char *library_path(const char *dir)
{
	const char *old = getenv("LD_LIBRARY_PATH");
	size_t n = strlen(dir) + (old ? strlen(old) : 0) + 2;
	char *v = malloc(n);

	if (v)
		snprintf(v, n, "%s%s%s", dir, old && *old ? ":" : "", old && *old ? old : "");
	return v;
}

/* Print S single-quoted for sh: ' becomes '\''. */
static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

int cmd_nvml_env(const cli_cmd *cmd, int argc, char **argv)
{
	char dir[PATH_MAX], *v;
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a.pos[0]);
	if (cli_nvml_dir(dir, sizeof(dir)))
		return CLI_EXIT_FAIL;
	if (!(v = library_path(dir)))
		return cli_fail("nvml-env", MIG_ERROR_MEMORY);
	fputs("LD_LIBRARY_PATH=", stdout);
	print_quoted(v);
	fputs("; export LD_LIBRARY_PATH\n", stdout);
	free(v);
	return 0;
}

int cmd_exec(const cli_cmd *cmd, int argc, char **argv)
{
	char dir[PATH_MAX], *v;
	int start = 0;

	/* Everything after `--` (or from the first non-option) is the command. */
	if (argc > 0 && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))) {
		cli_usage(stdout, cmd);
		return 0;
	}
	if (argc > 0 && !strcmp(argv[0], "--"))
		start = 1;
	else if (argc > 0 && argv[0][0] == '-')
		return cli_usage_error(cmd, "unknown option '%s'", argv[0]);
	if (start >= argc)
		return cli_usage_error(cmd, "no command given (migctl exec -- CMD [ARGS])");
	if (cli_nvml_dir(dir, sizeof(dir)))
		return CLI_EXIT_FAIL;
	if (!(v = library_path(dir)) || setenv("LD_LIBRARY_PATH", v, 1)) {
		free(v);
		return cli_fail("exec", MIG_ERROR_MEMORY);
	}
	free(v);
	execvp(argv[start], argv + start);
	/* As env(1): 127 when the command is not there, 126 when it cannot run. */
	fprintf(stderr, "migctl exec: %s: %s\n", argv[start], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
