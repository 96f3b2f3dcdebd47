/*
 * cmd_nvml.c - `migctl nvml-env` and `migctl exec`: point unmodified NVML
 * programs at our libnvidia-ml.so.1 (docs/install.md#nvml).
 *
 * The library is installed in migctl's private directory, ${libdir}/migctl/,
 * never where the system's NVML lives, so that nothing loads it by accident;
 * migctl finds it there relative to its own executable (own_files.c), or in
 * src/nvml beside a migctl run from its build tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const cli_opt nvml_env_opts[] = {{0}};
const cli_opt exec_opts[] = {{0}};

int cli_nvml_dir(char *out, size_t len)
{
	char *slash;

	if (cli_own_file("libnvidia-ml.so.1", "src/nvml", out, len))
		return -1;
	slash = strrchr(out, '/');
	*slash = '\0'; /* an absolute path: there is one */
	return 0;
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
