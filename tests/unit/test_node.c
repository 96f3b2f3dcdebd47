/*
 * test_node.c - the emulated node on disk, through the public API: where it
 * lives, how it is created, which files it refuses to load (and that it
 * leaves them untouched), and that a batch is all-or-nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define H100 "H100-SXM5-80GB"
#define A100 "A100-SXM4-40GB"
/* Any uid that is neither ours nor root, to look at the node as another user. */
#define NOBODY 65534

/* Helpers ------------------------------------------------------------------ */

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* printf into a fresh buffer; free() it. */
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	assert_true(n >= 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

static void write_bytes(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static int exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Temp files of an interrupted or refused write (.state.json.XXXXXX). */
static int count_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, ".state.json.", 12) == 0;
	closedir(d);
	return n;
}

static const mig_model *model(const char *key)
{
	const mig_model *m = mig_catalog_find(key);

	assert_non_null(m);
	return m;
}

/* A state of one GPU per key, MIG enabled on each when `mig`. */
static mig_state *new_state(int mig, const char *key0, const char *key1)
{
	mig_gpu_spec spec = {0};
	mig_state *st;

	assert_ok(mig_state_new(&st));
	spec.model = model(key0);
	assert_ok(mig_state_add_gpu(st, &spec));
	if (key1) {
		spec.model = model(key1);
		assert_ok(mig_state_add_gpu(st, &spec));
	}
	for (unsigned g = 0; mig && g < mig_state_gpu_count(st); g++) {
		int act = -1;

		assert_ok(mig_set_mig_mode(st, g, 1, &act));
		assert_int_equal(act, MIG_SUCCESS);
	}
	return st;
}

/*
 * Not inlined: gcc 12 -O2 then takes the returned string for a pointer into
 * the local `s` (whose address mig_state_to_json got) and reports a dangling
 * pointer in its callers, a false positive.
 */
__attribute__((noinline)) static char *to_json(const mig_state *st)
{
	char *s = NULL;

	assert_ok(mig_state_to_json(&s, st));
	assert_non_null(s);
	return s;
}

/* The JSON with its generation zeroed, to compare states that differ only there. */
static char *without_generation(const char *json)
{
	static const char key[] = "\"generation\": ";
	const char *g = strstr(json, key);
	size_t at, end;

	assert_non_null(g);
	at = (size_t)(g - json) + strlen(key);
	end = at + strspn(json + at, "0123456789");
	assert_true(end > at);
	return fmt("%.*s0%s", (int)at, json, json + end);
}

/* assert_string_equal for long texts: cmocka cuts them, so name the first differing line. */
static void assert_same_text(const char *a, const char *b)
{
	int line = 1;
	size_t i = 0, start = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	if (a[i] != b[i])
		print_error("texts differ at line %d:\n  %.*s\nvs\n  %.*s\n", line,
			    (int)strcspn(a + start, "\n"), a + start,
			    (int)strcspn(b + start, "\n"), b + start);
	assert_true(a[i] == b[i]);
}

static int msg_has(const char *needle)
{
	return strstr(mig_errmsg(), needle) != NULL;
}

#define assert_msg_has(needle)                                                         \
	do {                                                                           \
		if (!msg_has(needle))                                                  \
			print_error("message \"%s\" lacks \"%s\"\n", mig_errmsg(), (needle)); \
		assert_true(msg_has(needle));                                          \
	} while (0)

/* Each test gets its own empty directory and a known umask. */
static int setup(void **state)
{
	char *dir = tu_mkdtemp();

	umask(022);
	*state = dir;
	return dir ? 0 : -1;
}

static int teardown(void **state)
{
	char *dir = *state;

	/* Tests chmod directories shut; open them again so rmtree can work. */
	chmod(dir, 0700);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* Where the node lives ------------------------------------------------------- */

static void test_default_dir_state_dir(void **state)
{
	static const char *const refused[] = {
		"relative/node", "node", "./node", "../node", "/srv/../etc",
		"/srv/..", "/srv/mig/../../x", "/srv/mig/..//x",
	};
	char buf[PATH_MAX];

	(void)state;
	setenv("MIGCTL_STATE_DIR", "/srv/mig/node", 1);
	assert_ok(mig_node_default_dir(buf, sizeof(buf)));
	assert_string_equal(buf, "/srv/mig/node");
	/* ".." inside a name is not a parent reference. */
	setenv("MIGCTL_STATE_DIR", "/srv/a..b/..node", 1);
	assert_ok(mig_node_default_dir(buf, sizeof(buf)));
	assert_string_equal(buf, "/srv/a..b/..node");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		setenv("MIGCTL_STATE_DIR", refused[i], 1);
		strcpy(buf, "untouched");
		assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_default_dir(buf, sizeof(buf)));
		assert_msg_has("MIGCTL_STATE_DIR");
	}
	setenv("MIGCTL_STATE_DIR", "/srv/mig/node", 1);
	assert_mig(MIG_ERROR_INSUFFICIENT_SIZE, mig_node_default_dir(buf, 8));
	unsetenv("MIGCTL_STATE_DIR");
}

/*
 * The per-user fallbacks, as plain checks that return 0 or 1 (after saying
 * which failed) so a child that gave up root can run them too.
 */
#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", \
				__FILE__, __LINE__, #cond, mig_errmsg());            \
			return 1;                                                    \
		}                                                                    \
	} while (0)

static int check_user_fallbacks(void)
{
	char buf[PATH_MAX];

	unsetenv("MIGCTL_STATE_DIR");
	setenv("XDG_STATE_HOME", "/home/u/.state", 1);
	setenv("HOME", "/home/u", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_SUCCESS);
	CHECK(strcmp(buf, "/home/u/.state/migctl") == 0);
	unsetenv("XDG_STATE_HOME");
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_SUCCESS);
	CHECK(strcmp(buf, "/home/u/.local/state/migctl") == 0);
	/* Empty means unset (XDG base directory spec). */
	setenv("XDG_STATE_HOME", "", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_SUCCESS);
	CHECK(strcmp(buf, "/home/u/.local/state/migctl") == 0);
	setenv("XDG_STATE_HOME", "state", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_ERROR_INVALID_ARGUMENT);
	CHECK(strstr(mig_errmsg(), "XDG_STATE_HOME") != NULL);
	setenv("XDG_STATE_HOME", "/home/u/../v", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_ERROR_INVALID_ARGUMENT);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "home/u", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_ERROR_INVALID_ARGUMENT);
	CHECK(strstr(mig_errmsg(), "HOME") != NULL);
	setenv("HOME", "/home/..", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_ERROR_INVALID_ARGUMENT);
	unsetenv("HOME");
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_ERROR_NOT_FOUND);
	/* MIGCTL_STATE_DIR wins over both. */
	setenv("XDG_STATE_HOME", "/home/u/.state", 1);
	setenv("HOME", "/home/u", 1);
	setenv("MIGCTL_STATE_DIR", "/srv/node", 1);
	CHECK(mig_node_default_dir(buf, sizeof(buf)) == MIG_SUCCESS);
	CHECK(strcmp(buf, "/srv/node") == 0);
	unsetenv("MIGCTL_STATE_DIR");
	return 0;
}

/* Run fn as uid NOBODY in a child; returns its exit status, or -1 when we cannot switch. */
static int as_nobody(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
			_exit(77);
		_exit(fn(arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		return -1;
	return WEXITSTATUS(status);
}

static int run_user_fallbacks(void *arg)
{
	(void)arg;
	return check_user_fallbacks();
}

static void test_default_dir_fallbacks(void **state)
{
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char buf[PATH_MAX];

	(void)state;
	if (geteuid() == 0) {
		int rc;

		/* Root's node is the system one, whatever the per-user variables say. */
		unsetenv("MIGCTL_STATE_DIR");
		setenv("XDG_STATE_HOME", "/home/u/.state", 1);
		setenv("HOME", "/home/u", 1);
		assert_ok(mig_node_default_dir(buf, sizeof(buf)));
		assert_string_equal(buf, "/var/lib/migctl");
		setenv("MIGCTL_STATE_DIR", "", 1);
		assert_ok(mig_node_default_dir(buf, sizeof(buf)));
		assert_string_equal(buf, "/var/lib/migctl");
		rc = as_nobody(run_user_fallbacks, NULL);
		if (rc < 0)
			print_message("cannot switch to uid %d; per-user fallbacks not run\n",
				      NOBODY);
		else
			assert_int_equal(rc, 0);
	} else {
		assert_int_equal(check_user_fallbacks(), 0);
	}
	unsetenv("XDG_STATE_HOME");
	unsetenv("MIGCTL_STATE_DIR");
	if (home) {
		setenv("HOME", home, 1);
		free(home);
	}
}

/* A refused environment path must not leave directories behind. */
static void test_open_env_dir(void **state)
{
	const char *tmp = *state;
	char cwd[PATH_MAX], *p, *q;
	mig_node *node = NULL;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmp), 0);
	setenv("MIGCTL_STATE_DIR", "rel/node", 1);
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_open(&node, NULL, MIG_NODE_CREATE));
	assert_null(node);
	assert_false(exists("rel"));
	p = fmt("%s/a/../b", tmp);
	setenv("MIGCTL_STATE_DIR", p, 1);
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_open(&node, NULL, MIG_NODE_CREATE));
	free(p);
	p = fmt("%s/a", tmp);
	q = fmt("%s/b", tmp);
	assert_false(exists(p));
	assert_false(exists(q));
	free(p);
	free(q);
	assert_int_equal(chdir(cwd), 0);

	p = fmt("%s/envnode", tmp);
	setenv("MIGCTL_STATE_DIR", p, 1);
	assert_ok(mig_node_open(&node, NULL, MIG_NODE_CREATE));
	assert_int_equal(mig_node_created(node), 1);
	q = fmt("%s/state.json", p);
	assert_string_equal(mig_node_path(node), q);
	assert_true(exists(q));
	mig_node_close(node);
	unsetenv("MIGCTL_STATE_DIR");
	free(p);
	free(q);
}

/* Creating the default node -------------------------------------------------- */

static void test_create_default(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/deep/er/node", tmp), *path = fmt("%s/state.json", dir);
	char *top = fmt("%s/deep", tmp), *slash = fmt("%s//", dir), *before, *after;
	mig_node *node = NULL;
	mig_gpu_info gi;
	mig_state *st;
	size_t n, count = 99;

	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_open(&node, dir, 0));
	assert_null(node);
	assert_false(exists(top));

	assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
	assert_int_equal(mig_node_created(node), 1);
	assert_string_equal(mig_node_path(node), path);
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_gpu_count(st), 1);
	assert_int_equal(mig_state_generation(st), 1);
	assert_ok(mig_gpu_get(&gi, st, 0));
	assert_string_equal(mig_model_key(gi.model), H100);
	assert_string_equal(gi.driver, mig_model_driver(gi.model, 0));
	assert_int_equal(gi.mig_current, 0);
	assert_int_equal(gi.mig_pending, 0);
	assert_int_equal(gi.mirrored, 0);
	assert_int_equal(gi.reset, MIG_RESET_AUTO);
	assert_int_equal(gi.gi_count, 0);
	assert_ok(mig_process_list(NULL, 0, &count, st, (unsigned)-1));
	assert_int_equal(count, 0);
	mig_state_free(st);
	mig_node_close(node);

	before = tu_read_file(path, &n);
	assert_non_null(before);
	assert_non_null(strstr(before, "\"format\": \"migctl-node\""));
	assert_true(n > 2 && before[0] == '{' && before[n - 2] == '}' && before[n - 1] == '\n');

	/* A second open, with or without CREATE, finds it and writes nothing. */
	assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
	assert_int_equal(mig_node_created(node), 0);
	mig_node_close(node);
	assert_ok(mig_node_open(&node, slash, 0));
	assert_int_equal(mig_node_created(node), 0);
	assert_string_equal(mig_node_path(node), path);
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_generation(st), 1);
	mig_state_free(st);
	mig_node_close(node);
	after = tu_read_file(path, NULL);
	assert_same_text(before, after);
	assert_int_equal(count_temps(dir), 0);

	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_open(&node, "", MIG_NODE_CREATE));

	free(before);
	free(after);
	free(slash);
	free(top);
	free(path);
	free(dir);
}

static void test_missing_node(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/empty", tmp), *path = fmt("%s/state.json", dir);
	mig_node *node = NULL;

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_open(&node, dir, 0));
	assert_null(node);
	assert_msg_has(path);
	assert_false(exists(path));
	free(path);
	free(dir);
}

/* File modes and ownership --------------------------------------------------- */

static void assert_mode(const char *path, mode_t want)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	if ((sb.st_mode & 07777) != want)
		print_error("%s: mode %04o, expected %04o\n", path,
			    (unsigned)(sb.st_mode & 07777), (unsigned)want);
	assert_int_equal(sb.st_mode & 07777, want);
}

static void assert_not_writable_by_others(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0022, 0);
}

/* The modes of a fresh node in dir, for whoever we run as. */
static int check_modes(const char *dir, int root)
{
	char state[PATH_MAX], lock[PATH_MAX];
	mig_node *node;
	mig_state *st;
	struct stat sb;

	snprintf(state, sizeof(state), "%s/state.json", dir);
	snprintf(lock, sizeof(lock), "%s/state.lock", dir);
	CHECK(mig_node_open(&node, dir, MIG_NODE_CREATE) == MIG_SUCCESS);
	CHECK(mig_node_created(node) == 1);
	CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 07777) == (root ? 0755u : 0700u));
	CHECK(stat(state, &sb) == 0 && S_ISREG(sb.st_mode));
	CHECK((sb.st_mode & 07777) == (root ? 0644u : 0600u));
	/* Only writers open the lock: nobody else can hold it (docs/state-file.md). */
	CHECK(stat(lock, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0600u);
	/* A commit rewrites the file through a temp file: same mode afterwards. */
	CHECK(mig_node_begin(&st, node) == MIG_SUCCESS);
	CHECK(mig_set_mig_mode(st, 0, 1, NULL) == MIG_SUCCESS);
	CHECK(mig_node_commit(node, st) == MIG_SUCCESS);
	CHECK(stat(state, &sb) == 0 && (sb.st_mode & 07777) == (root ? 0644u : 0600u));
	CHECK(sb.st_uid == geteuid());
	mig_node_close(node);
	return 0;
}

static int run_check_modes(void *dir)
{
	return check_modes(dir, 0);
}

static void test_modes(void **state)
{
	const char *tmp = *state;
	int root = geteuid() == 0;
	char *dir = fmt("%s/node", tmp), *loose = fmt("%s/loose", tmp);
	char *p;

	assert_int_equal(check_modes(dir, root), 0);

	/* The modes are the library's, not the caller's umask. */
	umask(0);
	assert_int_equal(check_modes(loose, root), 0);
	/* Root's usual 077 must not make the node unreadable to other users' NVML clients. */
	umask(077);
	p = fmt("%s/tight", tmp);
	assert_int_equal(check_modes(p, root), 0);
	free(p);
	umask(022);
	p = fmt("%s/state.lock", loose);
	assert_not_writable_by_others(p);
	free(p);

	if (root) {
		/* A user's node is private: check it as one. */
		char *user = fmt("%s/user", tmp), *node = fmt("%s/user/node", tmp);
		int rc;

		/* The test directory is root's 0700; let the user reach its own part. */
		assert_int_equal(chmod(tmp, 0755), 0);
		assert_int_equal(mkdir(user, 0755), 0);
		assert_int_equal(chown(user, NOBODY, NOBODY), 0);
		rc = as_nobody(run_check_modes, node);
		if (rc < 0)
			print_message("cannot switch to uid %d; user modes not checked\n", NOBODY);
		else
			assert_int_equal(rc, 0);
		if (rc == 0) {
			p = fmt("%s/state.json", node);
			assert_mode(node, 0700);
			assert_mode(p, 0600);
			free(p);
		}
		free(node);
		free(user);
	}
	free(loose);
	free(dir);
}

static void test_world_writable_refused(void **state)
{
	const char *tmp = *state;
	char *ww = fmt("%s/ww", tmp), *wwstate = fmt("%s/ww/state.json", tmp);
	char *dir = fmt("%s/node", tmp), *path = fmt("%s/node/state.json", tmp);
	char *before, *after;
	mig_node *node = NULL;
	mig_state *st;

	assert_int_equal(mkdir(ww, 0755), 0);
	assert_int_equal(chmod(ww, 0777), 0);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_open(&node, ww, MIG_NODE_CREATE));
	assert_null(node);
	assert_msg_has(ww);
	assert_msg_has("writable");
	assert_false(exists(wwstate));

	/* A node whose directory became group- or world-writable afterwards. */
	assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
	mig_node_close(node);
	node = NULL;
	before = tu_read_file(path, NULL);
	st = new_state(0, H100, NULL);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_open(&node, dir, 0));
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_create(dir, st, 1));
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_remove(dir));
	assert_int_equal(chmod(dir, 0775), 0);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_open(&node, dir, 0));
	assert_null(node);
	after = tu_read_file(path, NULL);
	assert_non_null(after);
	assert_same_text(before, after);
	free(after);

	assert_int_equal(chmod(dir, 0755), 0);
	assert_ok(mig_node_open(&node, dir, 0));
	mig_node_close(node);

	if (geteuid() == 0) {
		/* Root does not trust a directory another user owns. */
		assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
		assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_open(&node, dir, 0));
		assert_msg_has("owned by uid");
		assert_int_equal(chown(dir, 0, 0), 0);
	}
	mig_state_free(st);
	free(before);
	free(path);
	free(dir);
	free(wwstate);
	free(ww);
}

static void test_symlinks_refused(void **state)
{
	const char *tmp = *state;
	char *real = fmt("%s/real", tmp), *real_state = fmt("%s/real/state.json", tmp);
	char *link = fmt("%s/link", tmp), *link_state = fmt("%s/link/state.json", tmp);
	char *dangling = fmt("%s/dangling", tmp), *dangling_state = fmt("%s/dangling/state.json", tmp);
	char *target = fmt("%s/nowhere.json", tmp), *lock = fmt("%s/real/state.lock", tmp);
	char *lock_target = fmt("%s/lock-target", tmp);
	char *before, *after;
	mig_node *node = NULL;
	mig_state *st = NULL;
	struct stat sb;
	int rc;

	assert_ok(mig_node_open(&node, real, MIG_NODE_CREATE));
	mig_node_close(node);
	node = NULL;
	before = tu_read_file(real_state, NULL);
	assert_non_null(before);

	assert_int_equal(mkdir(link, 0755), 0);
	assert_int_equal(symlink(real_state, link_state), 0);
	rc = mig_node_open(&node, link, 0);
	/* Refusing at open is as good as refusing at the first read. */
	if (rc == MIG_SUCCESS) {
		assert_mig(MIG_ERROR_IO, mig_node_read(&st, node));
		assert_msg_has(link_state);
		assert_mig(MIG_ERROR_IO, mig_node_begin(&st, node));
		assert_msg_has(link_state);
		mig_node_close(node);
	} else {
		assert_int_equal(rc, MIG_ERROR_IO);
	}
	assert_int_equal(lstat(link_state, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	after = tu_read_file(real_state, NULL);
	assert_same_text(before, after);
	free(after);

	/* A dangling link is replaced by the node's own file, never written through. */
	assert_int_equal(mkdir(dangling, 0755), 0);
	assert_int_equal(symlink(target, dangling_state), 0);
	rc = mig_node_open(&node, dangling, MIG_NODE_CREATE);
	if (rc == MIG_SUCCESS) {
		assert_int_equal(lstat(dangling_state, &sb), 0);
		assert_true(S_ISREG(sb.st_mode));
		mig_node_close(node);
	}
	assert_false(exists(target));

	/* The lock file is opened without following links too. */
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(symlink(lock_target, lock), 0);
	assert_ok(mig_node_open(&node, real, 0));
	/* Readers take no lock (docs/state-file.md); writers refuse the link. */
	assert_ok(mig_node_read(&st, node));
	mig_state_free(st);
	assert_mig(MIG_ERROR_IO, mig_node_begin(&st, node));
	assert_msg_has(lock);
	mig_node_close(node);
	assert_false(exists(lock_target));

	free(before);
	free(lock_target);
	free(lock);
	free(target);
	free(dangling_state);
	free(dangling);
	free(link_state);
	free(link);
	free(real_state);
	free(real);
}

/* Locks no one can hold hostage ------------------------------------------------ */

/* As another user: the lock of root's node cannot even be opened; the state reads. */
static int hostile_reader(void *dir)
{
	char lock[PATH_MAX];
	mig_node *node;
	mig_state *st;
	int fd;

	snprintf(lock, sizeof(lock), "%s/state.lock", (const char *)dir);
	fd = open(lock, O_RDONLY);
	if (fd >= 0) {
		/* What `flock -s state.lock sleep` did: would root's writers wait? */
		close(fd);
		return 1;
	}
	if (mig_node_open(&node, dir, 0) != MIG_SUCCESS)
		return 2;
	if (mig_node_read(&st, node) != MIG_SUCCESS)
		return 3;
	mig_state_free(st);
	mig_node_close(node);
	return 0;
}

/* In a child (so a wait that never ends cannot hang the suite): 0 if begin gave up in time. */
static int begin_gives_up(const char *dir, pid_t holder)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		mig_node *node;
		mig_state *st;
		char want[64];

		alarm(20);
		setenv("MIGCTL_LOCK_WAIT", "1", 1);
		if (mig_node_open(&node, dir, 0))
			_exit(2);
		if (mig_node_read(&st, node)) /* readers never wait */
			_exit(3);
		mig_state_free(st);
		if (mig_node_begin(&st, node) != MIG_ERROR_IN_USE)
			_exit(4);
		snprintf(want, sizeof(want), "held by pid %d", (int)holder);
		if (!strstr(mig_errmsg(), want) || !strstr(mig_errmsg(), "MIGCTL_LOCK_WAIT")) {
			fprintf(stderr, "message: %s\n", mig_errmsg());
			_exit(5);
		}
		setenv("MIGCTL_LOCK_WAIT", "soon", 1);
		if (mig_node_begin(&st, node) != MIG_ERROR_INVALID_ARGUMENT ||
		    !strstr(mig_errmsg(), "MIGCTL_LOCK_WAIT"))
			_exit(6);
		mig_node_close(node);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void test_lock_not_hostage(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *lock = fmt("%s/node/state.lock", tmp);
	mig_node *node;
	int rc, pipefd[2];
	pid_t holder;
	char c;

	assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
	mig_node_close(node);
	if (geteuid() == 0) {
		assert_int_equal(chmod(tmp, 0755), 0);
		/* An older migctl left the lock 0644: the next writer closes it. */
		assert_int_equal(chmod(lock, 0644), 0);
		{
			mig_state *st;

			assert_ok(mig_node_open(&node, dir, 0));
			assert_ok(mig_node_begin(&st, node));
			mig_node_abort(node, st);
			mig_node_close(node);
		}
		rc = as_nobody(hostile_reader, dir);
		if (rc < 0)
			print_message("cannot switch to uid %d; other users not checked\n", NOBODY);
		else
			assert_int_equal(rc, 0);
	}
	/* A process that holds the lock and never lets go: writers give up, naming it. */
	assert_int_equal(pipe(pipefd), 0);
	holder = fork();
	assert_true(holder >= 0);
	if (holder == 0) {
		int fd = open(lock, O_RDWR);

		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	rc = begin_gives_up(dir, holder);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	assert_int_equal(rc, 0);
	free(lock);
	free(dir);
}

/* Files another user planted are not trusted, nor followed. */
static void test_foreign_files(void **state)
{
	const char *tmp = *state;
	char *sticky = fmt("%s/sticky", tmp), *node_dir = fmt("%s/sticky/node", tmp);
	char *st_path = fmt("%s/sticky/node/state.json", tmp);
	char *lock = fmt("%s/sticky/node/state.lock", tmp);
	char *victim = fmt("%s/victim", tmp), *victim_state = fmt("%s/victim/state.json", tmp);
	char *link = fmt("%s/sticky/link", tmp), *before, *after;
	mig_node *node;
	mig_state *st;

	if (geteuid() != 0) {
		print_message("skipped: needs root to play another user\n");
		skip();
	}
	/* A /tmp-like directory: world-writable and sticky, which the node rules allow. */
	assert_int_equal(mkdir(sticky, 0755), 0);
	assert_int_equal(chmod(sticky, 01777), 0);
	assert_int_equal(chmod(tmp, 0755), 0);
	assert_ok(mig_node_open(&node, node_dir, MIG_NODE_CREATE));
	mig_node_close(node);
	/* The node directory stays root's, but a file in it is another user's. */
	assert_int_equal(chown(st_path, NOBODY, NOBODY), 0);
	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_read(&st, node));
	assert_msg_has("owned by uid");
	assert_int_equal(chown(st_path, 0, 0), 0);
	assert_int_equal(chown(lock, NOBODY, NOBODY), 0);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_begin(&st, node));
	assert_msg_has("owned by uid");
	assert_int_equal(chown(lock, 0, 0), 0);
	mig_node_close(node);

	/* A link another user planted to root's other node: create --force and remove refuse it. */
	assert_ok(mig_node_open(&node, victim, MIG_NODE_CREATE));
	mig_node_close(node);
	before = tu_read_file(victim_state, NULL);
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(lchown(link, NOBODY, NOBODY), 0);
	st = new_state(1, H100, NULL);
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_create(link, st, 1));
	assert_msg_has("symbolic link");
	assert_mig(MIG_ERROR_NO_PERMISSION, mig_node_remove(link));
	mig_state_free(st);
	after = tu_read_file(victim_state, NULL);
	assert_non_null(after);
	assert_same_text(before, after);
	free(after);
	free(before);
	free(link);
	free(victim_state);
	free(victim);
	free(lock);
	free(st_path);
	free(node_dir);
	free(sticky);
}

/* Refused state files ---------------------------------------------------------- */

/* One GPU of a hand-written state file. */
static char *gpu_json(const char *key, const char *serial, const char *bus, int mig,
		      const char *gis)
{
	return fmt("{\"model\": \"%s\", \"driver\": \"%s\", \"serial\": \"%s\", "
		   "\"pci_bus_id\": \"%s\", \"mirrored\": false, \"reset\": \"auto\", "
		   "\"mig_current\": %s, \"mig_pending\": %s, \"gpu_instances\": [%s]}",
		   key, mig_model_driver(model(key), 0), serial, bus, mig ? "true" : "false",
		   mig ? "true" : "false", gis);
}

static char *doc_json(int version, const char *gpus, const char *procs)
{
	return fmt("{\"format\": \"migctl-node\", \"version\": %d, \"generation\": 7, "
		   "\"gpus\": [%s], \"processes\": [%s]}",
		   version, gpus, procs);
}

/* A file of one H100 (GIs `gis`, MIG `mig`) and no processes. */
static char *h100_doc(int mig, const char *gis)
{
	char *g = gpu_json(H100, "1650124000000", "00000000:18:00.0", mig, gis);
	char *d = doc_json(1, g, "");

	free(g);
	return d;
}

/* 3g.40gb at 4:4 (GI 2, full CI) and 1g.10gb at 0:1 (GI 7): a layout the driver can reach. */
#define GOOD_GIS                                                                          \
	"{\"id\": 2, \"profile_id\": 9, \"name\": \"3g.40gb\", \"start\": 4, \"size\": 4, " \
	"\"compute_instances\": [{\"id\": 0, \"profile_id\": 2, \"start\": 0, \"size\": 3}]}, " \
	"{\"id\": 7, \"profile_id\": 19, \"name\": \"1g.10gb\", \"start\": 0, \"size\": 1, " \
	"\"compute_instances\": []}"

/*
 * Put `text` in a node directory and insist it is refused with `code`, by
 * open, read, begin and create alike, with a message naming the file and
 * `why`, and that nothing was written.
 */
static void expect_refused(const char *dir, const char *text, size_t len, int code,
			   const char *why)
{
	char path[PATH_MAX], *after;
	mig_node *node = NULL;
	mig_state *st = NULL, *other;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/state.json", dir);
	write_bytes(path, text, len);
	/* CREATE must not mistake a bad file for a missing one. */
	assert_ok(mig_node_open(&node, dir, MIG_NODE_CREATE));
	assert_int_equal(mig_node_created(node), 0);
	assert_mig(code, mig_node_read(&st, node));
	assert_null(st);
	assert_msg_has(path);
	if (why)
		assert_msg_has(why);
	assert_mig(code, mig_node_begin(&st, node));
	assert_null(st);
	assert_msg_has(path);
	mig_node_close(node);
	other = new_state(0, H100, NULL);
	assert_mig(MIG_ERROR_IN_USE, mig_node_create(dir, other, 0));
	mig_state_free(other);

	after = tu_read_file(path, &n);
	assert_non_null(after);
	assert_int_equal(n, len);
	assert_memory_equal(after, text, len);
	free(after);
	assert_int_equal(count_temps(dir), 0);
}

static void test_refused_files(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp);
	mig_state *st;
	char *good, *g, *g2, *t;
	struct {
		char *text;
		int code;
		const char *why;
	} cases[32];
	size_t n = 0;

	assert_int_equal(mkdir(dir, 0755), 0);
	good = h100_doc(1, GOOD_GIS);
	assert_ok(mig_state_from_json(&st, good, strlen(good)));
	mig_state_free(st);

#define CASE(text_, code_, why_)                    \
	do {                                        \
		cases[n].text = (text_);            \
		cases[n].code = (code_);            \
		cases[n].why = (why_);              \
		n++;                                \
	} while (0)

	CASE(fmt("{\"format\": \"migctl-node\", \"version\": 1,"), MIG_ERROR_STATE_CORRUPT,
	     "line 1");
	CASE(fmt("not json at all"), MIG_ERROR_STATE_CORRUPT, "line 1");
	CASE(fmt("[]"), MIG_ERROR_STATE_CORRUPT, "top level");
	CASE(fmt("{\"format\": \"something-else\", \"version\": 1}"), MIG_ERROR_STATE_CORRUPT,
	     "format");
	CASE(doc_json(2, "", ""), MIG_ERROR_STATE_VERSION, "version 2");
	CASE(doc_json(0, "", ""), MIG_ERROR_STATE_CORRUPT, "version");
	/* 3g.40gb at 0:4 and 1g.10gb at 0:1 share slice 0. */
	CASE(h100_doc(1, "{\"id\": 1, \"profile_id\": 9, \"name\": \"3g.40gb\", \"start\": 0, "
			 "\"size\": 4, \"compute_instances\": []}, "
			 "{\"id\": 7, \"profile_id\": 19, \"name\": \"1g.10gb\", \"start\": 0, "
			 "\"size\": 1, \"compute_instances\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "overlaps");
	/* On a canonical board 4:4 is GI 2, not GI 1. */
	CASE(h100_doc(1, "{\"id\": 1, \"profile_id\": 9, \"name\": \"3g.40gb\", \"start\": 4, "
			 "\"size\": 4, \"compute_instances\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "does not name placement");
	CASE(h100_doc(1, "{\"id\": 3, \"profile_id\": 9, \"name\": \"3g.40gb\", \"start\": 2, "
			 "\"size\": 4, \"compute_instances\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "not a legal placement");
	/* A 1g GI has only its full CI: no 3c (CI profile 2). */
	CASE(h100_doc(1, "{\"id\": 7, \"profile_id\": 19, \"name\": \"1g.10gb\", \"start\": 0, "
			 "\"size\": 1, \"compute_instances\": "
			 "[{\"id\": 0, \"profile_id\": 2, \"start\": 0, \"size\": 3}]}"),
	     MIG_ERROR_STATE_CORRUPT, "no compute instance profile 2");
	CASE(h100_doc(1, "{\"id\": 0, \"profile_id\": 0, \"name\": \"7g.80gb\", \"start\": 0, "
			 "\"size\": 8, \"compute_instances\": ["
			 "{\"id\": 0, \"profile_id\": 0, \"start\": 0, \"size\": 1}, "
			 "{\"id\": 0, \"profile_id\": 0, \"start\": 1, \"size\": 1}]}"),
	     MIG_ERROR_STATE_CORRUPT, "appears twice");
	CASE(h100_doc(1, "{\"id\": 2, \"profile_id\": 9, \"name\": \"7g.80gb\", \"start\": 4, "
			 "\"size\": 4, \"compute_instances\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "not 7g.80gb");
	CASE(h100_doc(0, "{\"id\": 7, \"profile_id\": 19, \"name\": \"1g.10gb\", \"start\": 0, "
			 "\"size\": 1, \"compute_instances\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "MIG mode is not enabled");
	t = fmt("{\"model\": \"H999-FAKE\", \"driver\": \"580.95.05\", \"serial\": \"1\", "
		"\"pci_bus_id\": \"00000000:18:00.0\", \"mirrored\": false, \"reset\": \"auto\", "
		"\"mig_current\": false, \"mig_pending\": false, \"gpu_instances\": []}");
	CASE(doc_json(1, t, ""), MIG_ERROR_STATE_CORRUPT, "unknown GPU model \"H999-FAKE\"");
	free(t);
	g = gpu_json(H100, "1650124000000", "00000000:18:00.0", 0, "");
	g2 = gpu_json(A100, "1650124000000", "00000000:2A:00.0", 0, "");
	t = fmt("%s, %s", g, g2);
	CASE(doc_json(1, t, ""), MIG_ERROR_STATE_CORRUPT, "serial 1650124000000");
	free(t);
	CASE(doc_json(1, g, "{\"pid\": 1, \"start_time\": 0, \"name\": \"x\", \"used_mib\": 1, "
			    "\"gpu\": 0, \"gi\": 7, \"ci\": 0}"),
	     MIG_ERROR_STATE_CORRUPT, "no compute instance 7/0");
	CASE(doc_json(1, g, "{\"pid\": 1, \"start_time\": 0, \"name\": \"x\", \"used_mib\": 1, "
			    "\"gpu\": 3, \"gi\": null, \"ci\": null}"),
	     MIG_ERROR_STATE_CORRUPT, "GPU 3 does not exist");
	free(g2);
	free(g);
	CASE(fmt("{\"format\": \"migctl-node\", \"version\": 1, \"generation\": -1, "
		 "\"gpus\": [], \"processes\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "generation");
	CASE(fmt("{\"format\": \"migctl-node\", \"version\": 1, \"version\": 1, "
		 "\"generation\": 1, \"gpus\": [], \"processes\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "duplicate");
	CASE(fmt("{\"format\": \"migctl-node\", \"version\": 1, \"generation\": 1, "
		 "\"gpus\": {}, \"processes\": []}"),
	     MIG_ERROR_STATE_CORRUPT, "must be arrays");
	/* Not UTF-8: jansson refuses the bytes themselves. */
	CASE(fmt("{\"format\": \"migctl-node\xff\", \"version\": 1}"), MIG_ERROR_STATE_CORRUPT,
	     "line 1");
	CASE(fmt("%s", ""), MIG_ERROR_STATE_CORRUPT, NULL);
#undef CASE
	assert_true(n <= sizeof(cases) / sizeof(cases[0]));

	for (size_t i = 0; i < n; i++) {
		print_message("refused file %zu: expecting \"%s\"\n", i,
			      cases[i].why ? cases[i].why : "(any)");
		expect_refused(dir, cases[i].text, strlen(cases[i].text), cases[i].code,
			       cases[i].why);
		free(cases[i].text);
	}
	free(good);
	free(dir);
}

/* Every strict prefix of a valid file lacks its closing brace, so each is torn. */
static void test_truncated_files(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *path = fmt("%s/node/state.json", tmp);
	mig_state *st;
	mig_node *node;
	mig_process p;
	char *full, *last;
	size_t len, upto;
	unsigned gi, ci;

	st = new_state(1, H100, A100);
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_create_gi(NULL, st, 1, 19, NULL));
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "test_node");
	p.used_mib = 512;
	p.gpu = 0;
	p.gi = gi;
	p.ci = ci;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_node_create(dir, st, 0));
	mig_state_free(st);
	full = tu_read_file(path, &len);
	assert_non_null(full);
	last = strrchr(full, '}');
	assert_non_null(last);
	upto = (size_t)(last - full);

	/* The parser on every prefix; the node, with its guarantees, on a spread of them. */
	for (size_t cut = 0; cut < upto; cut++) {
		st = NULL;
		assert_mig(MIG_ERROR_STATE_CORRUPT, mig_state_from_json(&st, full, cut));
		assert_null(st);
	}
	for (size_t cut = 0; cut < upto; cut += cut < 64 ? 1 : 37)
		expect_refused(dir, full, cut, MIG_ERROR_STATE_CORRUPT, NULL);

	/* And the whole file, with or without its newline, still loads. */
	write_bytes(path, full, upto + 1);
	assert_ok(mig_node_open(&node, dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_gpu_count(st), 2);
	mig_state_free(st);
	mig_node_close(node);
	free(full);
	free(path);
	free(dir);
}

/* Batches ------------------------------------------------------------------------ */

static void test_batch_abort_commit(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *path = fmt("%s/node/state.json", tmp);
	static const unsigned profiles[] = {9, 19, 14, 19};
	/* §geometry-1.6 test vector (A100-40GB, UG "Creating GPU Instances"): -cgi 9,19,14,19. */
	static const unsigned want_gi[] = {2, 7, 4, 8};
	unsigned gi[4], ci;
	char *before, *after;
	mig_node *node;
	mig_state *st;
	mig_gpu_info info;
	mig_gi_info gii;

	st = new_state(1, A100, H100);
	assert_ok(mig_node_create(dir, st, 0));
	mig_state_free(st);
	assert_ok(mig_node_open(&node, dir, 0));
	before = tu_read_file(path, NULL);

	for (int round = 0; round < 2; round++) {
		assert_ok(mig_node_begin(&st, node));
		assert_int_equal(mig_state_generation(st), 1);
		for (int i = 0; i < 4; i++) {
			assert_ok(mig_create_gi(&gi[i], st, 0, profiles[i], NULL));
			assert_int_equal(gi[i], want_gi[i]);
		}
		assert_ok(mig_create_ci(&ci, st, 0, gi[0], MIG_CI_PROFILE_DEFAULT, NULL));
		assert_int_equal(ci, 0);
		assert_ok(mig_set_mig_mode(st, 1, 0, NULL));
		if (round == 0) {
			mig_node_abort(node, st);
			after = tu_read_file(path, NULL);
			assert_same_text(before, after);
			free(after);
			assert_int_equal(count_temps(dir), 0);
		} else {
			assert_ok(mig_node_commit(node, st));
		}
	}

	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_generation(st), 2);
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_int_equal(info.gi_count, 4);
	assert_int_equal(info.ci_count, 1);
	assert_ok(mig_gi_get(&gii, st, 0, 2));
	assert_int_equal(gii.placement.start, 4);
	assert_int_equal(gii.ci_count, 1);
	assert_ok(mig_gi_get(&gii, st, 0, 8));
	assert_int_equal(gii.placement.start, 1);
	assert_ok(mig_gpu_get(&info, st, 1));
	assert_int_equal(info.mig_current, 0);
	assert_int_equal(info.mig_pending, 0);
	mig_state_free(st);
	assert_int_equal(count_temps(dir), 0);

	/* A refused step inside a batch leaves the caller free to abort it all. */
	free(before);
	before = tu_read_file(path, NULL);
	assert_ok(mig_node_begin(&st, node));
	assert_int_equal(mig_state_generation(st), 2);
	assert_ok(mig_destroy_ci(st, 0, 2, 0));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_destroy_ci(st, 0, 2, 0));
	assert_mig(MIG_ERROR_INSUFFICIENT_RESOURCES, mig_create_gi(NULL, st, 0, 0, NULL));
	mig_node_abort(node, st);
	after = tu_read_file(path, NULL);
	assert_same_text(before, after);
	free(after);

	/* Only a state from mig_node_begin can be committed. */
	assert_ok(mig_state_new(&st));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_node_commit(node, st));
	mig_node_abort(node, NULL);
	after = tu_read_file(path, NULL);
	assert_same_text(before, after);
	free(after);

	mig_node_close(node);
	free(before);
	free(path);
	free(dir);
}

static void test_node_create_remove(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *path = fmt("%s/node/state.json", tmp);
	char *lock = fmt("%s/node/state.lock", tmp), *nested = fmt("%s/x/y/z", tmp);
	char *missing = fmt("%s/missing", tmp), *before, *after;
	mig_state *one = new_state(1, H100, NULL), *two = new_state(0, H100, A100), *st;
	mig_node *node = NULL;

	assert_ok(mig_node_create(dir, one, 0));
	assert_ok(mig_node_open(&node, dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_generation(st), 1);
	assert_int_equal(mig_state_gpu_count(st), 1);
	mig_state_free(st);

	before = tu_read_file(path, NULL);
	assert_mig(MIG_ERROR_IN_USE, mig_node_create(dir, two, 0));
	assert_msg_has(path);
	after = tu_read_file(path, NULL);
	assert_same_text(before, after);
	free(after);

	/* Replacing keeps generations increasing, so readers see a change. */
	assert_ok(mig_node_create(dir, two, 1));
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_generation(st), 2);
	assert_int_equal(mig_state_gpu_count(st), 2);
	mig_state_free(st);
	assert_int_equal(count_temps(dir), 0);

	assert_ok(mig_node_remove(dir));
	assert_false(exists(path));
	/* The lock file stays, so a process waiting on it never locks a deleted inode. */
	assert_true(exists(lock));
	assert_true(exists(dir));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_read(&st, node));
	mig_node_close(node);
	node = NULL;
	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_open(&node, dir, 0));
	assert_null(node);
	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_remove(dir));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_node_remove(missing));
	assert_false(exists(missing));

	assert_ok(mig_node_create(nested, one, 0));
	assert_ok(mig_node_open(&node, nested, 0));
	assert_int_equal(mig_node_created(node), 0);
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_generation(st), 1);
	mig_state_free(st);
	mig_node_close(node);

	mig_state_free(one);
	mig_state_free(two);
	free(before);
	free(missing);
	free(nested);
	free(lock);
	free(path);
	free(dir);
}

/* Round trips -------------------------------------------------------------------- */

static void test_mixed_roundtrip(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *a, *b, *c, *na, *nc;
	mig_gpu_spec spec = {0};
	mig_state *st, *back, *read;
	mig_gpu_info info;
	mig_process p;
	mig_placement at;
	unsigned gi, ci, g3, g1;
	int act = -1;
	mig_node *node;
	const char *a100_driver = "535.183.01";

	assert_ok(mig_state_new(&st));
	spec.model = model(A100);
	spec.driver = a100_driver;
	if (mig_state_add_gpu(st, &spec) != MIG_SUCCESS) {
		print_message("catalog refuses A100 driver 535.183.01 (%s); using its default\n",
			      mig_errmsg());
		spec.driver = NULL;
		a100_driver = mig_model_driver(spec.model, 0);
		assert_ok(mig_state_add_gpu(st, &spec));
	}
	spec.model = model(H100);
	spec.driver = NULL;
	spec.mirrored = 1;
	assert_ok(mig_state_add_gpu(st, &spec));
	spec.mirrored = 0;
	spec.reset = MIG_RESET_REQUIRED_VM;
	spec.serial = "SN-VM-0042";
	spec.pci_bus_id = "00000000:C1:00.0";
	assert_ok(mig_state_add_gpu(st, &spec));

	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	assert_ok(mig_set_mig_mode(st, 1, 1, &act));
	assert_int_equal(act, MIG_SUCCESS);
	/* A VM that cannot reset keeps the change pending. */
	assert_ok(mig_set_mig_mode(st, 2, 1, &act));
	assert_int_equal(act, MIG_ERROR_RESET_REQUIRED);
	assert_mig(MIG_ERROR_NOT_SUPPORTED, mig_reset_gpu(st, 2));

	assert_ok(mig_create_gi(&g3, st, 0, 9, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, g3, 0, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, g3, 0, NULL));
	assert_int_equal(ci, 1);
	assert_ok(mig_create_gi(&g1, st, 0, 19, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, g1, MIG_CI_PROFILE_DEFAULT, NULL));
	/* §geometry-1.5, DCGM issue #138: on a mirrored H100, 3g at 4:4 is GI 1 and 2g at 0:2 GI 5. */
	at.start = 4;
	at.size = 4;
	assert_ok(mig_create_gi(&gi, st, 1, 9, &at));
	assert_int_equal(gi, 1);
	at.start = 0;
	at.size = 2;
	assert_ok(mig_create_gi(&gi, st, 1, 14, &at));
	assert_int_equal(gi, 5);
	assert_ok(mig_create_ci(&ci, st, 1, gi, MIG_CI_PROFILE_DEFAULT, NULL));

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "python3 train.py");
	p.used_mib = 4096;
	p.gpu = 0;
	p.gi = g3;
	p.ci = 1;
	assert_ok(mig_process_attach(st, &p));
	p.gpu = 2;
	p.gi = p.ci = MIG_NONE;
	assert_ok(mig_process_attach(st, &p));

	a = to_json(st);
	assert_ok(mig_state_from_json(&back, a, strlen(a)));
	b = to_json(back);
	assert_same_text(a, b);

	assert_int_equal(mig_state_gpu_count(back), 3);
	assert_ok(mig_gpu_get(&info, back, 0));
	assert_string_equal(mig_model_key(info.model), A100);
	assert_string_equal(info.driver, a100_driver);
	assert_int_equal(info.gi_count, 2);
	assert_int_equal(info.ci_count, 3);
	assert_int_equal(info.process_count, 1);
	assert_ok(mig_gpu_get(&info, back, 1));
	assert_int_equal(info.mirrored, 1);
	assert_int_equal(info.reset, MIG_RESET_AUTO);
	assert_ok(mig_gpu_get(&info, back, 2));
	assert_int_equal(info.reset, MIG_RESET_REQUIRED_VM);
	assert_int_equal(info.mig_current, 0);
	assert_int_equal(info.mig_pending, 1);
	assert_string_equal(info.serial, "SN-VM-0042");
	assert_string_equal(info.pci_bus_id, "00000000:C1:00.0");

	/* The same state through the node: only the generation differs. */
	assert_ok(mig_node_create(dir, st, 0));
	assert_ok(mig_node_open(&node, dir, 0));
	assert_ok(mig_node_read(&read, node));
	assert_int_equal(mig_state_generation(read), 1);
	c = to_json(read);
	na = without_generation(a);
	nc = without_generation(c);
	assert_same_text(na, nc);
	mig_node_close(node);

	mig_state_free(read);
	mig_state_free(back);
	mig_state_free(st);
	free(nc);
	free(na);
	free(c);
	free(b);
	free(a);
	free(dir);
}

/* A passthrough VM GPU whose MIG mode a VM reboot made current still round-trips. */
static void test_vm_roundtrip(void **state)
{
	char *g, *d, *out;
	mig_state *st;
	mig_gpu_info info;

	(void)state;
	g = fmt("{\"model\": \"%s\", \"driver\": \"%s\", \"serial\": \"1650124000000\", "
		"\"pci_bus_id\": \"00000000:18:00.0\", \"mirrored\": true, "
		"\"reset\": \"passthrough\", \"mig_current\": true, \"mig_pending\": true, "
		"\"gpu_instances\": [{\"id\": 1, \"profile_id\": 9, \"name\": \"3g.40gb\", "
		"\"start\": 4, \"size\": 4, \"compute_instances\": []}]}",
		H100, mig_model_driver(model(H100), 0));
	d = doc_json(1, g, "");
	assert_ok(mig_state_from_json(&st, d, strlen(d)));
	assert_ok(mig_gpu_get(&info, st, 0));
	assert_int_equal(info.reset, MIG_RESET_REQUIRED_VM);
	assert_int_equal(info.mirrored, 1);
	assert_int_equal(info.gi_count, 1);
	out = to_json(st);
	mig_state_free(st);
	assert_ok(mig_state_from_json(&st, out, strlen(out)));
	free(d);
	d = to_json(st);
	assert_same_text(out, d);
	assert_non_null(strstr(out, "\"reset\": \"passthrough\""));
	mig_state_free(st);
	free(out);
	free(d);
	free(g);
}

/* Processes ------------------------------------------------------------------------ */

static void test_processes(void **state)
{
	const char *tmp = *state;
	char *dir = fmt("%s/node", tmp), *path = fmt("%s/node/state.json", tmp);
	char *text, *needle, *a, *b;
	mig_state *st, *back;
	mig_node *node;
	mig_process p, list[4];
	mig_ci_info cis[2];
	size_t n;
	unsigned gi, ci;
	int fds[2], status;
	pid_t child;
	void *big;
	char c;

	st = new_state(1, H100, NULL);
	assert_ok(mig_create_gi(&gi, st, 0, 19, NULL));
	assert_ok(mig_create_ci(&ci, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_node_create(dir, st, 0));
	mig_state_free(st);
	assert_ok(mig_node_open(&node, dir, 0));

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "test_node");
	p.used_mib = 1024;
	p.gpu = 0;
	p.gi = gi;
	p.ci = ci;
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_process_attach(st, &p));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_process_attach(st, &p));
	assert_ok(mig_node_commit(node, st));

	/*
	 * Growing our address space must not make us look like a reused pid:
	 * only the start time identifies a process (proc(5) stat field 22).
	 */
	big = mmap(NULL, 64u << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(big != MAP_FAILED);
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(munmap(big, 64u << 20), 0);
	assert_ok(mig_process_list(list, 4, &n, st, (unsigned)-1));
	assert_int_equal(n, 1);
	assert_int_equal(list[0].pid, p.pid);
	assert_string_equal(list[0].name, "test_node");
	assert_int_equal(list[0].used_mib, 1024);
	assert_int_equal(list[0].gi, gi);
	assert_int_equal(list[0].ci, ci);
	assert_true(list[0].start_time != 0);
	assert_ok(mig_ci_list(cis, 2, &n, st, 0, gi));
	assert_int_equal(n, 1);
	assert_int_equal(cis[0].process_count, 1);
	assert_mig(MIG_ERROR_IN_USE, mig_destroy_ci(st, 0, gi, ci));
	assert_mig(MIG_ERROR_IN_USE, mig_destroy_gi(st, 0, gi));
	a = to_json(st);
	assert_ok(mig_state_from_json(&back, a, strlen(a)));
	b = to_json(back);
	assert_same_text(a, b);
	mig_state_free(back);
	mig_state_free(st);
	free(a);
	free(b);

	/* A child holds the whole GPU while it lives. */
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	p.pid = (unsigned)child;
	snprintf(p.name, sizeof(p.name), "child");
	p.gi = p.ci = MIG_NONE;
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_process_attach(st, &p));
	assert_ok(mig_node_commit(node, st));
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_process_list(list, 4, &n, st, 0));
	assert_int_equal(n, 2);
	assert_int_equal(list[1].pid, (unsigned)child);
	assert_int_equal(list[1].gi, MIG_NONE);
	mig_state_free(st);

	close(fds[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_process_list(list, 4, &n, st, 0));
	assert_int_equal(n, 1);
	assert_int_equal(list[0].pid, (unsigned)getpid());
	mig_state_free(st);
	/* The next write drops it from the file too. */
	needle = fmt("\"pid\": %u,", (unsigned)child);
	text = tu_read_file(path, NULL);
	assert_non_null(strstr(text, needle));
	free(text);
	assert_ok(mig_node_begin(&st, node));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_process_attach(st, &p));
	assert_ok(mig_process_detach(st, (unsigned)getpid()));
	assert_mig(MIG_ERROR_NOT_FOUND, mig_process_detach(st, (unsigned)getpid()));
	assert_ok(mig_node_commit(node, st));
	text = tu_read_file(path, NULL);
	assert_null(strstr(text, needle));
	assert_non_null(strstr(text, "\"processes\": []"));
	free(text);
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_process_list(NULL, 0, &n, st, (unsigned)-1));
	assert_int_equal(n, 0);
	assert_ok(mig_destroy_ci(st, 0, gi, ci));
	mig_state_free(st);

	mig_node_close(node);
	free(needle);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_dir_state_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_dir_fallbacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_env_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_world_writable_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinks_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_not_hostage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_abort_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_create_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vm_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_processes, setup, teardown),
	};

	/* The node must come from the test's directories, never the caller's. */
	unsetenv("MIGCTL_STATE_DIR");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
