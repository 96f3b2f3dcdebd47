/*
 * golden.c - run migctl's golden transcripts (curl's tests/data idea).
 *
 * Each tests/cli/cases/NAME.case is:
 *
 *   # free text
 *   setup: ARGS        (any number; run first, must exit 0, output ignored)
 *   run: ARGS          (the command under test)
 *   exit: N
 *   --- stdout
 *   exact expected bytes...
 *   --- stderr         (optional; exact expected bytes)
 *
 * ARGS split on blanks; '...' quotes.  Every case runs with a fresh empty
 * node directory in MIGCTL_STATE_DIR; "$NODE" in expected output stands for
 * that directory.  Usage: golden MIGCTL CASE...; prints "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 64

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

static int run_case(const char *bin, const char *path)
{
	char *text = slurp(path, NULL), *line, *next, *out = NULL, *err = NULL;
	char *want_out = NULL, *want_err = NULL, *cmd = NULL;
	char node[] = "/tmp/golden-node.XXXXXX";
	int want_exit = 0, got = -1, ok = 0;

	if (!text || !mkdtemp(node)) {
		fprintf(stderr, "%s: cannot read case or make a directory: %s\n", path, strerror(errno));
		free(text);
		return 0;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "setup: ", 7)) {
			char *o, *e;
			int rc = run(bin, line + 7, node, &o, &e);

			if (rc != 0)
				fprintf(stderr, "%s: setup '%s' exited %d: %s", path, line + 7, rc,
					e ? e : "");
			free(o);
			free(e);
			if (rc != 0)
				goto done;
		} else if (!strncmp(line, "run: ", 5)) {
			cmd = line + 5;
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
	{
		/* The node directory holds at most state.json and state.lock. */
		char p[256];

		snprintf(p, sizeof(p), "%s/state.json", node);
		unlink(p);
		snprintf(p, sizeof(p), "%s/state.lock", node);
		unlink(p);
		rmdir(node);
	}
	free(out);
	free(err);
	free(text);
	return ok;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: golden MIGCTL CASE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (run_case(argv[1], argv[i]))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
