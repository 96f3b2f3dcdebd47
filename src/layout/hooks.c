/*
 * hooks.c - mig-parted's hooks file and how hooks run (§parted-3.7).
 *
 * The file decodes into plain Go structs: field names match without regard
 * to case, unknown fields and unknown phases are ignored, `version` is not
 * checked.  A hook runs with execve (no shell), its `workdir` as current
 * directory, and an environment made of its `envs` plus the apply's
 * MIG_PARTED_* values and nothing else.  Failures read as Go's os/exec
 * errors ("exit status 1", `exec: "x": executable file not found in $PATH`).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mig_internal.h"
#include "layout.h"
#include "ytree.h"

const char *const layout_hook_phase[LAYOUT_HOOK_PHASES] = {
	"apply-start", "pre-apply-mode", "pre-apply-config", "apply-exit"};

#define H_PREFIX "Error parsing hooks file: "

static void hook_free(layout_hook *h)
{
	free(h->command);
	free(h->workdir);
	for (size_t i = 0; i < h->nargs; i++)
		free(h->args[i]);
	free(h->args);
	for (size_t i = 0; i < h->nenvs; i++)
		free(h->envs[i]);
	free(h->envs);
}

void layout_hooks_free(layout_hooks *h)
{
	if (!h)
		return;
	for (int p = 0; p < LAYOUT_HOOK_PHASES; p++) {
		for (size_t i = 0; i < h->n[p]; i++)
			hook_free(&h->hook[p][i]);
		free(h->hook[p]);
	}
	free(h);
}

/* A struct field: case-insensitive, the last match wins (encoding/json). */
static const ynode *sfield(const ynode *m, const char *name)
{
	const ynode *v = NULL;

	for (size_t i = 0; m && m->kind == Y_MAP && i < m->n; i++)
		if (m->key[i]->len == strlen(name) && !strncasecmp(m->key[i]->s, name, m->key[i]->len))
			v = m->item[i];
	return v;
}

static int bad(const char *file, const ynode *n, const char *field, const char *type)
{
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "%s:%u:%u: " H_PREFIX "json: cannot unmarshal %s into Go struct field %s of type %s",
			 file, n->line, n->col, ytree_json_kind(n), field, type);
}

static int oom(const char *file)
{
	return mig__fail(MIG_ERROR_MEMORY, "%s: out of memory", file);
}

static int str_field(char **out, const ynode *m, const char *name, const char *file,
		     const char *gofield)
{
	const ynode *v = sfield(m, name);

	*out = NULL;
	if (!v || v->kind == Y_NULL)
		return (*out = strdup("")) ? 0 : oom(file);
	if (v->kind != Y_STR)
		return bad(file, v, gofield, "string");
	return (*out = strdup(v->s)) ? 0 : oom(file);
}

static int parse_hook(layout_hook *h, const ynode *n, const char *file)
{
	const ynode *args, *envs;
	int rc;

	memset(h, 0, sizeof(*h));
	if (n->kind == Y_NULL)
		n = NULL;
	else if (n->kind != Y_MAP)
		return bad(file, n, "HooksSpec.hooks", "v1.HookSpec");
	if ((rc = str_field(&h->command, n, "command", file, "HookSpec.command")) != 0 ||
	    (rc = str_field(&h->workdir, n, "workdir", file, "HookSpec.workdir")) != 0)
		return rc;
	args = sfield(n, "args");
	if (args && args->kind != Y_NULL) {
		if (args->kind != Y_SEQ)
			return bad(file, args, "HookSpec.args", "[]string");
		h->args = calloc(args->n ? args->n : 1, sizeof(*h->args));
		if (!h->args)
			return oom(file);
		for (size_t i = 0; i < args->n; i++) {
			const ynode *a = args->item[i];

			if (a->kind != Y_STR && a->kind != Y_NULL)
				return bad(file, a, "HookSpec.args", "string");
			if (!(h->args[i] = strdup(a->kind == Y_STR ? a->s : "")))
				return oom(file);
			h->nargs++;
		}
	}
	envs = sfield(n, "envs");
	if (envs && envs->kind != Y_NULL) {
		if (envs->kind != Y_MAP)
			return bad(file, envs, "HookSpec.envs", "map[string]string");
		h->envs = calloc(envs->n ? envs->n : 1, sizeof(*h->envs));
		if (!h->envs)
			return oom(file);
		for (size_t i = 0; i < envs->n; i++) {
			const ynode *v = envs->item[i];
			size_t len;

			if (v->kind != Y_STR && v->kind != Y_NULL)
				return bad(file, v, "HookSpec.envs", "string");
			len = envs->key[i]->len + (v->kind == Y_STR ? v->len : 0) + 2;
			if (!(h->envs[i] = malloc(len)))
				return oom(file);
			snprintf(h->envs[i], len, "%s=%s", envs->key[i]->s, v->kind == Y_STR ? v->s : "");
			h->nenvs++;
		}
	}
	return 0;
}

int layout_hooks_parse(layout_hooks **out, const char *buf, size_t len, const char *filename)
{
	layout_hooks *h = calloc(1, sizeof(*h));
	ydoc *doc = NULL;
	const ynode *root, *hooks;
	unsigned line, col;
	int rc = MIG_ERROR_INVALID_ARGUMENT;

	*out = NULL;
	if (!h)
		return oom(filename);
	if ((rc = ytree_parse(&doc, buf, len, &line, &col)) != 0) {
		mig__fail(rc, "%s:%u:%u: " H_PREFIX "error converting YAML to JSON: %s", filename,
			  line, col, mig_errmsg());
		goto done;
	}
	root = ytree_root(doc);
	if (root && root->kind != Y_NULL && root->kind != Y_MAP) {
		rc = mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			       "%s:%u:%u: " H_PREFIX "json: cannot unmarshal %s into Go value of type v1.HooksSpec",
			       filename, root->line, root->col, ytree_json_kind(root));
		goto done;
	}
	hooks = sfield(root, "hooks");
	if (hooks && hooks->kind != Y_NULL && hooks->kind != Y_MAP) {
		rc = bad(filename, hooks, "HooksSpec.hooks", "map[string][]v1.HookSpec");
		goto done;
	}
	for (size_t i = 0; hooks && hooks->kind == Y_MAP && i < hooks->n; i++) {
		const ynode *list = hooks->item[i];
		int phase = -1;

		for (int p = 0; p < LAYOUT_HOOK_PHASES; p++)
			if (hooks->key[i]->len == strlen(layout_hook_phase[p]) &&
			    !memcmp(hooks->key[i]->s, layout_hook_phase[p], hooks->key[i]->len))
				phase = p;
		if (list->kind != Y_NULL && list->kind != Y_SEQ) {
			rc = bad(filename, list, "HooksSpec.hooks", "[]v1.HookSpec");
			goto done;
		}
		if (phase < 0 || list->kind == Y_NULL)
			continue; /* other phase names are ignored */
		for (int p = 0; p < LAYOUT_HOOK_PHASES; p++)
			if (p == phase && h->hook[p]) {
				/* a duplicate phase key: the last one wins */
				for (size_t k = 0; k < h->n[p]; k++)
					hook_free(&h->hook[p][k]);
				free(h->hook[p]);
				h->hook[p] = NULL;
				h->n[p] = 0;
			}
		h->hook[phase] = calloc(list->n ? list->n : 1, sizeof(layout_hook));
		if (!h->hook[phase]) {
			rc = oom(filename);
			goto done;
		}
		for (size_t k = 0; k < list->n; k++) {
			h->n[phase]++;
			if ((rc = parse_hook(&h->hook[phase][k], list->item[k], filename)) != 0)
				goto done;
		}
	}
	rc = 0;
done:
	ytree_free(doc);
	if (rc)
		layout_hooks_free(h);
	else
		*out = h;
	return rc;
}

/* exec.LookPath against migctl's own PATH (absolute elements only, docs/layouts.md). */
static int look_path(char *out, size_t len, const char *cmd)
{
	const char *path = getenv("PATH");

	if (strchr(cmd, '/')) {
		snprintf(out, len, "%s", cmd);
		return 0;
	}
	if (!path)
		return -1;
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		struct stat sb;

		/*
		 * Only absolute elements: an empty, "." or relative one would run a
		 * file from the working directory (Go >= 1.19 refuses those too, ErrDot).
		 */
		snprintf(out, len, "%.*s/%s", (int)n, path, cmd);
		if (n && path[0] == '/' && stat(out, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (sb.st_mode & 0111))
			return 0;
		path += n;
		if (*path == ':')
			path++;
	}
	return -1;
}

static void lower_first(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
}

/* What the child reports through the close-on-exec pipe when it cannot run the hook. */
typedef struct child_report {
	int stage; /* 1 chdir, 2 exec */
	int err;
} child_report;

/* argv and envp of a hook: its envs, except names the MIG_PARTED_* values take, then those. */
static int hook_vectors(char ***argv, char ***envp, const layout_hook *h, char *const *env,
			size_t nenv)
{
	size_t ne = 0;

	*argv = calloc(h->nargs + 2, sizeof(**argv));
	*envp = calloc(h->nenvs + nenv + 1, sizeof(**envp));
	if (!*argv || !*envp) {
		free(*argv);
		free(*envp);
		return -1;
	}
	(*argv)[0] = h->command;
	for (size_t i = 0; i < h->nargs; i++)
		(*argv)[i + 1] = h->args[i];
	for (size_t i = 0; i < h->nenvs; i++) {
		size_t kl = strcspn(h->envs[i], "=");
		int clash = 0;

		for (size_t j = 0; j < nenv; j++)
			clash |= !strncmp(env[j], h->envs[i], kl) && env[j][kl] == '=';
		if (!clash)
			(*envp)[ne++] = h->envs[i];
	}
	for (size_t j = 0; j < nenv; j++)
		(*envp)[ne++] = env[j];
	return 0;
}

/* In the child: stdin (and unless shown, stdout and stderr) from /dev/null, chdir, exec. */
static _Noreturn void hook_child(const layout_hook *h, const char *path, char **argv, char **envp,
				 int report_fd, int show)
{
	int null = open("/dev/null", O_RDWR);
	child_report report;

	if (null >= 0) {
		dup2(null, 0);
		if (!show) {
			dup2(null, 1);
			dup2(null, 2);
		}
		if (null > 2)
			close(null);
	}
	if (h->workdir[0] && chdir(h->workdir)) {
		report.stage = 1;
		report.err = errno;
		(void)!write(report_fd, &report, sizeof(report));
		_exit(127);
	}
	execve(path, argv, envp);
	report.stage = 2;
	report.err = errno;
	(void)!write(report_fd, &report, sizeof(report));
	_exit(127);
}

/* Go's text for how the hook ended: 0 for exit status 0, else MIG_ERROR_UNKNOWN and the text. */
static int hook_status(int status)
{
	char sig[64];

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return mig__fail(MIG_ERROR_UNKNOWN, "exit status %d", WEXITSTATUS(status));
	snprintf(sig, sizeof(sig), "%s", strsignal(WTERMSIG(status)));
	lower_first(sig);
	return mig__fail(MIG_ERROR_UNKNOWN, "signal: %s", sig);
}

/* One hook: 0, or a mig_error code with Go's text in mig_errmsg(). */
static int run_one(const layout_hook *h, char *const *env, size_t nenv, int show)
{
	char path[4096], **argv, **envp;
	int pfd[2], status;
	child_report report;
	pid_t pid;
	ssize_t got;

	if (look_path(path, sizeof(path), h->command))
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "exec: \"%s\": executable file not found in $PATH", h->command);
	if (hook_vectors(&argv, &envp, h, env, nenv))
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if (pipe(pfd)) {
		int rc = mig__fail(MIG_ERROR_IO, "pipe: %s", strerror(errno));

		free(argv);
		free(envp);
		return rc;
	}
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		hook_child(h, path, argv, envp, pfd[1], show);
	}
	close(pfd[1]);
	free(argv);
	free(envp);
	if (pid < 0) {
		close(pfd[0]);
		return mig__fail(MIG_ERROR_IO, "fork/exec %s: %s", path, strerror(errno));
	}
	do {
		got = read(pfd[0], &report, sizeof(report));
	} while (got < 0 && errno == EINTR);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == (ssize_t)sizeof(report)) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%s", strerror(report.err));
		lower_first(msg);
		if (report.stage == 1)
			return mig__fail(MIG_ERROR_IO, "chdir %s: %s", h->workdir, msg);
		return mig__fail(MIG_ERROR_IO, "fork/exec %s: %s", path, msg);
	}
	return hook_status(status);
}

int layout_hooks_run(const layout_hooks *h, int phase, char *const *env, size_t nenv,
		     int show_output)
{
	int rc;

	if (!h || phase < 0 || phase >= LAYOUT_HOOK_PHASES)
		return 0;
	for (size_t i = 0; i < h->n[phase]; i++)
		if ((rc = run_one(&h->hook[phase][i], env, nenv, show_output)) != 0)
			return rc;
	return 0;
}
