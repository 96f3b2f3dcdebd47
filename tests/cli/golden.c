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
 * ARGS split on blanks; '...' quotes.  Every case runs in a node directory
 * of its own in MIGCTL_STATE_DIR (under $TMPDIR, else /tmp); "$NODE" in
 * expected output stands for that directory.  Lines with other keys
 * (schema: ...) are for other tools.
 *
 * Node fixtures: the node a sequence of env: and setup: lines leaves is
 * kept (copied aside after each setup line), and a later case whose lines
 * start with the same sequence starts from a copy of it instead of running
 * those setups again.  A case with pid: lines runs all its setups (its
 * setups may attach those processes).  GOLDEN_NO_FIXTURES=1 turns the reuse
 * off, to check that a case passes from scratch.
 *
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
#include <sys/stat.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64
#define MAX_ENV 16
#define MAX_PIDS 16
#define MAX_STEPS 64

/* The case's env: lines, "NAME=VALUE", pointing into the case text. */static char *case_env[MAX_ENV];
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

/* Where the nodes and captures go: $TMPDIR (tests/CMakeLists.txt may point it at a tmpfs), else /tmp. */
static const char *scratch(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

/* path = scratch()/name.XXXXXX */
static void scratch_path(char *path, size_t cap, const char *name)
{
	snprintf(path, cap, "%s/%s.XXXXXX", scratch(), name);
}

/*
 * Under ASan, a setup step runs without LeakSanitizer: its exit scan costs
 * about 65 ms per migctl process on CI's machine, setups are 503 of the
 * 1,075 processes of a golden pass, and the commands setups run are also
 * cases' run: steps (the same command and options, all but one of 20
 * shapes in December 2026), which keep the leak check.  Called in the child.
 */
static void setup_env_no_leak_check(void)
{
	const char *asan = getenv("ASAN_OPTIONS");
	char opts[4096];

	if (!asan)
		return;
	snprintf(opts, sizeof(opts), "%s%sdetect_leaks=0", asan, *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
}

/* Run migctl with args (a setup step when is_setup); capture stdout and stderr into malloc'd strings. */
static int run(const char *bin, char *args, const char *node, int is_setup, char **out, char **err)
{
	char *argv[MAX_ARGS + 1];
	char opath[4096], epath[4096];
	int ofd, efd, status = -1;
	pid_t pid;

	scratch_path(opath, sizeof(opath), "golden-out");
	scratch_path(epath, sizeof(epath), "golden-err");
	ofd = mkstemp(opath);
	efd = mkstemp(epath);
	argv[0] = (char *)bin;
	if (ofd < 0 || efd < 0 || split(args, argv + 1, MAX_ARGS) < 0) {
		if (ofd >= 0) {
			close(ofd);
			unlink(opath);
		}
		if (efd >= 0) {
			close(efd);
			unlink(epath);
		}
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		setenv("MIGCTL_STATE_DIR", node, 1);
		for (int i = 0; i < case_nenv; i++)
			putenv(case_env[i]);
		if (is_setup)
			setup_env_no_leak_check();
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

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------------ */
/* Node fixtures                                                      */
/* ------------------------------------------------------------------ */

/* A node directory kept aside, and the env:/setup: lines that made it. */
typedef struct fixture {
	char *key;
	char *dir;
} fixture;

static fixture *fixtures;
static size_t nfixtures, cap_fixtures;

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out, ok = 1;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
	if (out < 0) {
		close(in);
		return -1;
	}
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	ok = ok && n == 0;
	close(in);
	return close(out) == 0 && ok ? 0 : -1;
}

/* Copy what a node directory holds (files and directories only) into the existing dir `to`. */
static int copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return -1;
	while (rc == 0 && (e = readdir(d))) {
		char src[4096], dst[4096];
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(src, sizeof(src), "%s/%s", from, e->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, e->d_name);
		if (lstat(src, &sb) != 0)
			rc = -1;
		else if (S_ISREG(sb.st_mode))
			rc = copy_file(src, dst, sb.st_mode);
		else if (S_ISDIR(sb.st_mode))
			rc = mkdir(dst, sb.st_mode & 07777) || copy_tree(src, dst);
		else
			rc = -1; /* a socket or link: not something to copy; run the setups */
	}
	closedir(d);
	return rc;
}

static const fixture *fixture_find(const char *key)
{
	for (size_t i = 0; i < nfixtures; i++)
		if (!strcmp(fixtures[i].key, key))
			return &fixtures[i];
	return NULL;
}

/* Keep a copy of node as the fixture for key (a failure only loses the reuse). */
static void fixture_keep(const char *key, const char *node)
{
	char dir[4096];

	if (fixture_find(key))
		return;
	if (nfixtures == cap_fixtures) {
		size_t cap = cap_fixtures ? 2 * cap_fixtures : 64;
		fixture *f = realloc(fixtures, cap * sizeof(*f));

		if (!f)
			return;
		fixtures = f;
		cap_fixtures = cap;
	}
	scratch_path(dir, sizeof(dir), "golden-fixture");
	if (!mkdtemp(dir))
		return;
	if (copy_tree(node, dir) != 0) {
		remove_tree(dir);
		return;
	}
	fixtures[nfixtures].key = strdup(key);
	fixtures[nfixtures].dir = strdup(dir);
	if (!fixtures[nfixtures].key || !fixtures[nfixtures].dir) {
		free(fixtures[nfixtures].key);
		free(fixtures[nfixtures].dir);
		remove_tree(dir);
		return;
	}
	nfixtures++;
}

static void fixtures_free(void)
{
	for (size_t i = 0; i < nfixtures; i++) {
		remove_tree(fixtures[i].dir);
		free(fixtures[i].key);
		free(fixtures[i].dir);
	}
	free(fixtures);
}

/* ------------------------------------------------------------------ */
/* One case                                                           */
/* ------------------------------------------------------------------ */

/* What a case file says, pointing into its text. */
typedef struct golden_case {
	const char *path;
	char *step[MAX_STEPS];  /* its env: and setup: lines, in order */
	size_t nsteps;
	pid_t pids[MAX_PIDS];   /* the pid: placeholders started */
	int npids;
	char *cmd;              /* the run: line's arguments */
	int want_exit;
	char *want_out, *want_err;
} golden_case;

/* A pid: line: start the placeholder.  0, -1 to skip the case, -2 on a bad line. */
static int start_pid(golden_case *c, const char *arg)
{
	pid_t want = (pid_t)atoi(arg), got_pid;

	if (c->npids >= MAX_PIDS || want <= 1) {
		fprintf(stderr, "%s: bad or too many pid: lines\n", c->path);
		return -2;
	}
	got_pid = spawn_at(want);
	if (got_pid < 0) {
		fprintf(stderr, "SKIP %s: cannot run a process as pid %d: %s\n", c->path, (int)want,
			strerror(errno));
		return -1;
	}
	c->pids[c->npids++] = got_pid;
	return 0;
}

/* The expected output from the "--- stdout" line on (next: the text after it). */
static void expected(golden_case *c, char *next)
{
	char *end = next ? strstr(next, "\n--- stderr\n") : NULL;

	c->want_out = next ? next : "";
	if (next && !strncmp(next, "--- stderr\n", 11)) {
		/* empty stdout */
		c->want_err = next + 11;
		*next = '\0';
	} else if (end) {
		end[1] = '\0';
		c->want_err = end + strlen("\n--- stderr\n");
	}
}

/* Read the case's lines.  1 to run it, -1 to skip it, 0 if malformed. */
static int parse_case(golden_case *c, char *text)
{
	char *line, *next;

	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "backend: ", 9)) {
			const char *b = getenv("MIGCTL_BACKEND");

			if (b && *b && strcmp(b, line + 9)) {
				fprintf(stderr, "SKIP %s: for the %s backend only\n", c->path, line + 9);
				return -1;
			}
		} else if (!strncmp(line, "env: ", 5) || !strncmp(line, "setup: ", 7)) {
			if (c->nsteps >= MAX_STEPS ||
			    (line[0] == 'e' && !strchr(line + 5, '='))) {
				fprintf(stderr, "%s: bad or too many env:/setup: lines\n", c->path);
				return 0;
			}
			c->step[c->nsteps++] = line;
		} else if (!strncmp(line, "pid: ", 5)) {
			int rc = start_pid(c, line + 5);

			if (rc)
				return rc == -1 ? -1 : 0;
		} else if (!strncmp(line, "run:", 4)) {
			/* "run:" alone runs migctl without arguments (the main screen) */
			c->cmd = line + 4 + (line[4] == ' ');
		} else if (!strncmp(line, "exit: ", 6)) {
			c->want_exit = atoi(line + 6);
		} else if (!strcmp(line, "--- stdout")) {
			expected(c, next);
			break;
		}
	}
	if (!c->cmd || !c->want_out) {
		fprintf(stderr, "%s: needs 'run:' and '--- stdout'\n", c->path);
		return 0;
	}
	return 1;
}

/* Append a step and a newline to the key; -1 when it does not fit. */
static int key_add(char *key, size_t cap, size_t *len, const char *step)
{
	int n = snprintf(key + *len, cap - *len, "%s\n", step);

	if (n < 0 || (size_t)n >= cap - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

/* The fixture of the longest prefix of the case's steps (ending with a setup), and its length. */
static const fixture *longest_fixture(const golden_case *c, size_t *steps)
{
	char key[16384];
	size_t len = 0;
	const fixture *best = NULL;

	*steps = 0;
	for (size_t i = 0; i < c->nsteps; i++) {
		const fixture *f;

		if (key_add(key, sizeof(key), &len, c->step[i]))
			break;
		if (c->step[i][0] == 's' && (f = fixture_find(key))) {
			best = f;
			*steps = i + 1;
		}
	}
	return best;
}

/*
 * Bring node to the state the case's env: and setup: lines describe: from
 * the fixture of the longest prefix already seen, then the setups left
 * (each kept as a fixture in turn).  The env: lines go to case_env.
 * 0, or -1 when a setup failed.
 */
static int set_up(const char *bin, const golden_case *c, const char *node)
{
	int reuse = c->npids == 0 && !getenv("GOLDEN_NO_FIXTURES");
	const fixture *f = NULL;
	char key[16384];
	size_t len = 0, from = 0;

	if (reuse && (f = longest_fixture(c, &from)) && copy_tree(f->dir, node)) {
		fprintf(stderr, "%s: cannot copy the fixture %s: %s\n", c->path, f->dir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < c->nsteps; i++) {
		char *line = c->step[i], *o, *e;
		int rc;

		reuse = reuse && key_add(key, sizeof(key), &len, line) == 0;
		if (line[0] == 'e') {
			if (case_nenv >= MAX_ENV) {
				fprintf(stderr, "%s: too many env: lines\n", c->path);
				return -1;
			}
			case_env[case_nenv++] = line + 5;
			continue;
		}
		if (i < from)
			continue;
		{
			char *args = strdup(line + 7);

			rc = args ? run(bin, args, node, 1, &o, &e) : -1;
			free(args);
		}
		if (rc != 0)
			fprintf(stderr, "%s: setup '%s' exited %d: %s", c->path, line + 7, rc,
				rc != -1 && e ? e : "");
		if (rc != -1) {
			free(o);
			free(e);
		}
		if (rc != 0)
			return -1;
		if (reuse)
			fixture_keep(key, node);
	}
	return 0;
}

/* Run the case's command and compare; 1 if it gave what the case expects. */
static int check(const char *bin, const golden_case *c, const char *node)
{
	char *eo = expand(c->want_out, node), *ee = c->want_err ? expand(c->want_err, node) : NULL;
	char *args = strdup(c->cmd), *out = NULL, *err = NULL;
	int got, ok;

	drop_ignored(ee);
	got = args ? run(bin, args, node, 0, &out, &err) : -1;
	if (got == -1)
		out = err = NULL;
	ok = got == c->want_exit && out && !strcmp(out, eo) && (!ee || (err && !strcmp(err, ee)));
	if (!ok) {
		fprintf(stderr, "FAIL %s: migctl %s\n  exit %d (want %d)\n", c->path, c->cmd, got,
			c->want_exit);
		fprintf(stderr, "--- got stdout\n%s--- want stdout\n%s", out ? out : "", eo);
		if (ee)
			fprintf(stderr, "--- got stderr\n%s--- want stderr\n%s", err ? err : "", ee);
		else if (err && *err)
			fprintf(stderr, "--- stderr\n%s", err);
	}
	free(out);
	free(err);
	free(eo);
	free(ee);
	free(args);
	return ok;
}

/* 1 passed, 0 failed, -1 skipped */
static int run_case(const char *bin, const char *path)
{
	golden_case c = {.path = path};
	char *text = slurp(path, NULL);
	char node[4096];
	int ok;

	scratch_path(node, sizeof(node), "golden-node");
	if (!text || !mkdtemp(node)) {
		fprintf(stderr, "%s: cannot read case or make a directory: %s\n", path, strerror(errno));
		free(text);
		return 0;
	}
	ok = parse_case(&c, text);
	if (ok == 1)
		ok = set_up(bin, &c, node) == 0 && check(bin, &c, node);
	for (int i = 0; i < c.npids; i++) {
		kill(c.pids[i], SIGKILL);
		waitpid(c.pids[i], NULL, 0);
	}
	case_nenv = 0;
	/* whatever the commands left there (state, lock, journals, claims) */
	remove_tree(node);
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
	fixtures_free();
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
