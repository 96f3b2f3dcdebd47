/*
 * golden.c - run migctl's golden transcripts (curl's tests/data idea).
 *
 * Each tests/cli/cases/NAME.case is:
 *
 *   # free text
 *   env: NAME=VALUE    (any number; set for every later setup and the run)
 *   pid: N             (any number; a placeholder process with exactly pid N
 *                       lives while the case runs, so `emulate process attach N`
 *                       can reproduce a capture's pids; needs CAP_SYS_ADMIN and a
 *                       free pid N, else the case is skipped)
 *   backend: emulated  (the case holds on the emulated node only - it resets a
 *                       GPU, say, which migctl never does to real ones; it is
 *                       skipped when $MIGCTL_BACKEND names another backend)
 *   setup: ARGS        (any number; run first, must exit 0, output ignored)
 *   run: ARGS          (the command under test)
 *   exit: N
 *   --- stdout
 *   exact expected bytes...
 *   --- stderr         (optional; exact expected bytes)
 *
 * ARGS split on blanks; '...' quotes.  Every case runs with a fresh empty
 * node directory in MIGCTL_STATE_DIR; "$NODE" in expected output stands for
 * that directory.  Lines with other keys (schema: ...) are for other tools.
 * Usage: golden MIGCTL CASE...; prints "N passed, N failed, N skipped".
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64
#define MAX_ENV 16
#define MAX_PIDS 16

/* The case's env: lines, "NAME=VALUE", pointing into the case text. */
static char *case_env[MAX_ENV];
static int case_nenv;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

/* Split a line into argv in place; returns argc or -1. */
static int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	while (*p) {
		char *out;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (argc >= max - 1)
			return -1;
		argv[argc++] = out = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				p++;
				while (*p && *p != '\'')
					*out++ = *p++;
				if (*p != '\'')
					return -1;
				p++;
			} else {
				*out++ = *p++;
			}
		}
		if (*p)
			p++;
		*out = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* Run migctl with args; capture stdout and stderr into malloc'd strings. */
static int run(const char *bin, char *args, const char *node, char **out, char **err)
{
	char *argv[MAX_ARGS + 1];
	char opath[] = "/tmp/golden-out.XXXXXX", epath[] = "/tmp/golden-err.XXXXXX";
	int ofd = mkstemp(opath), efd = mkstemp(epath), status = -1;
	pid_t pid;

	argv[0] = (char *)bin;
	if (ofd < 0 || efd < 0 || split(args, argv + 1, MAX_ARGS) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		setenv("MIGCTL_STATE_DIR", node, 1);
		for (int i = 0; i < case_nenv; i++)
			putenv(case_env[i]);
		dup2(ofd, 1);
		dup2(efd, 2);
		execv(bin, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	close(ofd);
	close(efd);
	*out = slurp(opath, NULL);
	*err = slurp(epath, NULL);
	unlink(opath);
	unlink(epath);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Replace every "$NODE" in text by node. */
static char *expand(const char *text, const char *node)
{
	size_t n = strlen(text) + 1, nl = strlen(node);
	char *out, *o;

	for (const char *p = text; (p = strstr(p, "$NODE")); p += 5)
		n += nl;
	out = o = malloc(n);
	while (*text) {
		if (!strncmp(text, "$NODE", 5)) {
			memcpy(o, node, nl);
			o += nl;
			text += 5;
		} else {
			*o++ = *text++;
		}
	}
	*o = '\0';
	return out;
}

/*
 * $GOLDEN_IGNORE_STDERR (the NVML loop test, tests/CMakeLists.txt): expected
 * stderr lines starting with it are not required.  Only the emulated
 * backend creates the default node and says so; through NVML it is not
 * migctl's to create.
 */
static void drop_ignored(char *text)
{
	const char *prefix = getenv("GOLDEN_IGNORE_STDERR");
	char *r = text, *w = text;

	if (!text || !prefix || !*prefix)
		return;
	while (*r) {
		char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r) + 1 : strlen(r);

		if (strncmp(r, prefix, strlen(prefix)) != 0) {
			memmove(w, r, len);
			w += len;
		}
		r += len;
	}
	*w = '\0';
}

/*
 * A process with exactly pid `want` that sleeps until killed: clone3 with
 * set_tid (Linux 5.5+, CAP_SYS_ADMIN in the pid namespace).  Returns its
 * pid, or -1 with errno (EPERM, EEXIST when the pid is taken, ENOSYS).
 */
static pid_t spawn_at(pid_t want)
{
#ifdef SYS_clone3
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
			set_tid, set_tid_size;
	} args;
	long r;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	args.set_tid = (uint64_t)(uintptr_t)&want;
	args.set_tid_size = 1;
	r = syscall(SYS_clone3, &args, sizeof(args));
	if (r == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return r < 0 ? -1 : (pid_t)r;
#else
	(void)want;
	errno = ENOSYS;
	return -1;
#endif
}

/* nftw callback of rm -r: the case's own mkdtemp directory, symlinks not followed. */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* 1 passed, 0 failed, -1 skipped */
static int run_case(const char *bin, const char *path)
{
	char *text = slurp(path, NULL), *line, *next, *out = NULL, *err = NULL;
	char *want_out = NULL, *want_err = NULL, *cmd = NULL;
	char node[] = "/tmp/golden-node.XXXXXX";
	int want_exit = 0, got = -1, ok = 0, npids = 0;
	pid_t pids[MAX_PIDS];

	if (!text || !mkdtemp(node)) {
		fprintf(stderr, "%s: cannot read case or make a directory: %s\n", path, strerror(errno));
		free(text);
		return 0;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "backend: ", 9)) {
			const char *b = getenv("MIGCTL_BACKEND");

			if (b && *b && strcmp(b, line + 9)) {
				fprintf(stderr, "SKIP %s: for the %s backend only\n", path, line + 9);
				ok = -1;
				goto done;
			}
		} else if (!strncmp(line, "env: ", 5)) {
			if (case_nenv >= MAX_ENV || !strchr(line + 5, '=')) {
				fprintf(stderr, "%s: bad or too many env: lines\n", path);
				goto done;
			}
			case_env[case_nenv++] = line + 5;
		} else if (!strncmp(line, "pid: ", 5)) {
			pid_t want = (pid_t)atoi(line + 5), got_pid;

			if (npids >= MAX_PIDS || want <= 1) {
				fprintf(stderr, "%s: bad or too many pid: lines\n", path);
				goto done;
			}
			got_pid = spawn_at(want);
			if (got_pid < 0) {
				fprintf(stderr, "SKIP %s: cannot run a process as pid %d: %s\n", path,
					(int)want, strerror(errno));
				ok = -1;
				goto done;
			}
			pids[npids++] = got_pid;
		} else if (!strncmp(line, "setup: ", 7)) {
			char *o, *e;
			int rc = run(bin, line + 7, node, &o, &e);

			if (rc != 0)
				fprintf(stderr, "%s: setup '%s' exited %d: %s", path, line + 7, rc,
					e ? e : "");
			free(o);
			free(e);
			if (rc != 0)
				goto done;
		} else if (!strncmp(line, "run:", 4)) {
			/* "run:" alone runs migctl without arguments (the main screen) */
			cmd = line + 4 + (line[4] == ' ');
		} else if (!strncmp(line, "exit: ", 6)) {
			want_exit = atoi(line + 6);
		} else if (!strcmp(line, "--- stdout")) {
			char *end = next ? strstr(next, "\n--- stderr\n") : NULL;

			want_out = next ? next : "";
			if (next && !strncmp(next, "--- stderr\n", 11)) {
				/* empty stdout */
				want_err = next + 11;
				*next = '\0';
			} else if (end) {
				end[1] = '\0';
				want_err = end + strlen("\n--- stderr\n");
			}
			break;
		}
	}
	if (!cmd || !want_out) {
		fprintf(stderr, "%s: needs 'run:' and '--- stdout'\n", path);
		goto done;
	}
	{
		char *eo = expand(want_out, node), *ee = want_err ? expand(want_err, node) : NULL;
		char *args = strdup(cmd);

		drop_ignored(ee);

		got = run(bin, args, node, &out, &err);
		ok = got == want_exit && out && !strcmp(out, eo) && (!ee || (err && !strcmp(err, ee)));
		if (!ok) {
			fprintf(stderr, "FAIL %s: migctl %s\n  exit %d (want %d)\n", path, cmd, got,
				want_exit);
			fprintf(stderr, "--- got stdout\n%s--- want stdout\n%s", out ? out : "", eo);
			if (ee)
				fprintf(stderr, "--- got stderr\n%s--- want stderr\n%s", err ? err : "", ee);
			else if (err && *err)
				fprintf(stderr, "--- stderr\n%s", err);
		}
		free(eo);
		free(ee);
		free(args);
	}
done:
	for (int i = 0; i < npids; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	case_nenv = 0;
	/* whatever the commands left there (state, lock, journals, claims) */
	nftw(node, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(out);
	free(err);
	free(text);
	return ok;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: golden MIGCTL CASE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		int r = run_case(argv[1], argv[i]);

		if (r > 0)
			passed++;
		else if (r < 0)
			skipped++;
		else
			failed++;
	}
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
