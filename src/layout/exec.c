/*
 * exec.c - applying a plan to a node, all or nothing (docs/layouts.md
 * "All or nothing").
 *
 * The emulated node takes a whole plan as one batch: mig_node_begin, every
 * step on the locked state, mig_node_commit - or mig_node_abort at the
 * first refusal, and nothing was ever written.
 *
 * Real GPUs (the NVML backend) change call by call: a failure halfway
 * leaves half a layout, and so does a killed migctl.  There the apply keeps
 * a journal: before each step, the step's inverse (undo.c), taken from the
 * state the step is about to change; after it, that inverse joins the list
 * of steps done.  A failed step undoes the steps done, newest first; an
 * apply that was killed is found by the next migctl that opens the node and
 * undone the same way (layout_recover), the step in flight included when
 * its effect is there.  Only the apply's own steps are undone: not "back to
 * the layout before", which would destroy what other clients created since
 * (on GPUs the apply never reached, too).  Rolling back, not forward: the
 * interrupted command did not report success, so returning to where it
 * started is what its caller expects.  MIGCTL_LAYOUT_STEPWISE=1 runs the emulated node this way too,
 * which is how the tests kill an apply at every step.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mig_internal.h"
#include "layout.h"

#define JOURNAL_NAME "layout.journal"
#define LOCK_NAME "layout.lock"

int layout_node_stepwise(mig_node *node)
{
	const char *v = getenv("MIGCTL_LAYOUT_STEPWISE");

	if (!mig_node_transactional(node))
		return 1;
	return v && !strcmp(v, "1");
}

static int mkdirs(const char *path, mode_t mode)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) == 0)
		return chmod(buf, mode); /* the documented mode, whatever the umask */
	return errno == EEXIST ? 0 : -1;
}

int layout_journal_dir(char *buf, size_t len, mig_node *node)
{
	return mig_node_journal_dir(buf, len, node);
}

/*
 * The journal directory is trusted like the node's (docs/state-file.md):
 * ours or root's, not writable by others unless sticky, not a link
 * someone else planted.
 */
static int check_dir(const char *dir)
{
	struct stat sb;

	if (lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode) && sb.st_uid != geteuid())
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: a symbolic link owned by uid %u, not by you; refusing to follow it",
				 dir, (unsigned)sb.st_uid);
	if (stat(dir, &sb) != 0)
		return 0; /* not there: nothing to trust yet */
	if (!S_ISDIR(sb.st_mode) || (sb.st_uid != geteuid() && sb.st_uid != 0) ||
	    ((sb.st_mode & 0022) && !(sb.st_mode & S_ISVTX)))
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: not a directory of yours or root's that only its owner can change; refusing to keep the apply journal there",
				 dir);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The journal file                                                   */
/* ------------------------------------------------------------------ */

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Like the node's state file: a temp file beside `path`, fsync, rename,
 * fsync the directory.  A reader sees the old file or the new one.
 */
int layout_write_durable(const char *path, const char *text, unsigned mode)
{
	char dir[4200], tmp[4200 + 4200 + 16];
	const char *slash = strrchr(path, '/');
	size_t len = strlen(text), off = 0;
	int fd;

	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	else
		snprintf(dir, sizeof(dir), ".");
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return mig__fail(MIG_ERROR_IO, "writing %.512s: %s", path, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off < len || fchmod(fd, (mode_t)mode) || fsync(fd) || close(fd) || rename(tmp, path) ||
	    fsync_dir(dir)) {
		int rc = mig__fail(MIG_ERROR_IO, "writing %.512s: %s", path, strerror(errno));

		unlink(tmp);
		return rc;
	}
	return 0;
}

typedef struct journal {
	char dir[4096];
	int own_dir;             /* a directory of its own (real GPUs), not the node's */
	int lock_fd;
	json_t *doc;
} journal;

static int journal_save(journal *j)
{
	char *text = json_dumps(j->doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc;

	if (!text)
		return mig__fail(MIG_ERROR_MEMORY, "writing the journal: out of memory");
	{
		char path[4200];

		snprintf(path, sizeof(path), "%s/%s", j->dir, JOURNAL_NAME);
		rc = layout_write_durable(path, text, 0600);
	}
	free(text);
	return rc;
}

static void journal_remove(journal *j)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", j->dir, JOURNAL_NAME);
	unlink(path);
	fsync_dir(j->dir);
}

/*
 * Remove journal temp files (.layout.journal.XXXXXX) that a killed apply
 * left halfway through a write; only under the apply lock, so none is live.
 */
static void sweep_temps(const char *dir)
{
	static const char prefix[] = "." JOURNAL_NAME ".";
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4200];

		if (strncmp(e->d_name, prefix, sizeof(prefix) - 1) ||
		    strlen(e->d_name) != sizeof(prefix) - 1 + 6)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/*
 * The apply lock, held for the whole stepwise apply; a dead holder frees
 * it.  `create`: make the journal directory first (an apply; recovery only
 * looks where a journal already is).  Returns 0, JOURNAL_BUSY when another
 * process holds it, or a mig_error code.  The file is removed when no journal is left (journal_unlock), so the
 * lock taken must be on the file still at the path: else try again.
 */
/* journal_lock(): another process holds the apply lock (not a mig_error code). */
#define JOURNAL_BUSY (-1)

static int journal_lock(journal *j, mig_node *node, int create)
{
	char path[4200];
	int rc;

	j->lock_fd = -1;
	j->own_dir = !mig_node_transactional(node);
	if (layout_journal_dir(j->dir, sizeof(j->dir), node))
		return mig__fail(MIG_ERROR_NOT_FOUND, "no directory for the apply journal: %s",
				 mig_errmsg());
	if ((rc = check_dir(j->dir)) != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/%s", j->dir, LOCK_NAME);
	for (int tries = 0; tries < 20; tries++) {
		struct stat held, there;

		if (create && mkdirs(j->dir, geteuid() == 0 ? 0755 : 0700))
			return mig__fail(MIG_ERROR_IO, "creating %s: %s", j->dir, strerror(errno));
		j->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (j->lock_fd < 0) {
			if (errno == ENOENT && create)
				continue; /* the directory went away under us */
			return mig__fail(MIG_ERROR_IO, "opening %s: %s", path, strerror(errno));
		}
		if (flock(j->lock_fd, LOCK_EX | LOCK_NB)) {
			int e = errno;

			close(j->lock_fd);
			j->lock_fd = -1;
			if (e == EWOULDBLOCK) {
				mig__fail(MIG_ERROR_IN_USE,
					  "another apply is in progress on this node (%s is locked)", path);
				return JOURNAL_BUSY;
			}
			return mig__fail(MIG_ERROR_IO, "locking %s: %s", path, strerror(e));
		}
		if (fstat(j->lock_fd, &held) == 0 && stat(path, &there) == 0 &&
		    held.st_ino == there.st_ino && held.st_dev == there.st_dev) {
			if (held.st_uid != geteuid() && held.st_uid != 0) {
				close(j->lock_fd);
				j->lock_fd = -1;
				return mig__fail(MIG_ERROR_NO_PERMISSION,
						 "%s: owned by uid %u, not by you or root; refusing to trust it",
						 path, (unsigned)held.st_uid);
			}
			sweep_temps(j->dir);
			return 0;
		}
		close(j->lock_fd);
		j->lock_fd = -1;
	}
	return mig__fail(MIG_ERROR_IN_USE, "locking %s: it keeps being replaced", path);
}

/* Release the lock; with no journal left, leave no file (or directory) behind. */
static void journal_unlock(journal *j)
{
	if (j->lock_fd >= 0) {
		char path[4200];
		struct stat sb;

		snprintf(path, sizeof(path), "%s/%s", j->dir, JOURNAL_NAME);
		if (stat(path, &sb) != 0) {
			snprintf(path, sizeof(path), "%s/%s", j->dir, LOCK_NAME);
			unlink(path);
			if (j->own_dir)
				rmdir(j->dir); /* only when empty */
		}
		close(j->lock_fd);
	}
	j->lock_fd = -1;
	json_decref(j->doc);
	j->doc = NULL;
}

/* ------------------------------------------------------------------ */
/* Running steps                                                      */
/* ------------------------------------------------------------------ */

static long env_step(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 10) : 0;
}

/*
 * One step as its own batch (the stepwise way).  With a journal, the
 * step's inverse is saved as "doing" first, and moves to "done" after.
 */
static int one_step(mig_node *node, const layout_step *s, journal *j)
{
	mig_state *st;
	int rc = mig_node_begin(&st, node);

	if (rc)
		return mig__fail(rc, "opening the node: %s", mig_errmsg());
	if (j) {
		json_t *rec = layout_undo_record(st, s);

		if (!rec) {
			char text[256];

			layout_step_text(text, sizeof(text), s);
			mig_node_abort(node, st);
			return mig__fail(MIG_ERROR_NOT_FOUND,
					 "%s: it names nothing on the node now", text);
		}
		json_object_set_new(j->doc, "doing", rec);
		if ((rc = journal_save(j)) != 0) {
			json_object_set_new(j->doc, "doing", json_null());
			mig_node_abort(node, st);
			return rc;
		}
	}
	if ((rc = layout_step_do(st, s)) != 0)
		mig_node_abort(node, st);
	else if ((rc = mig_node_commit(node, st)) != 0)
		mig__fail(rc, "writing the node: %s", mig_errmsg());
	if (!j)
		return rc;
	if (!rc) {
		json_array_append(json_object_get(j->doc, "done"), json_object_get(j->doc, "doing"));
		json_object_set_new(j->doc, "doing", json_null());
		/* Not saved now: until the next save, recovery finds the step as "doing", and sees it done. */
	} else {
		/* The step did not happen: its inverse must not undo someone else's instance. */
		json_object_set_new(j->doc, "doing", json_null());
	}
	return rc;
}

/*
 * Undo the steps a journal lists as done (and the one in flight), newest
 * first, each as its own batch; what would touch other clients' work is
 * left and described in `notes`.  A mig_error code when the driver refused an undo.
 */
static int undo_steps(mig_node *node, json_t *doc, size_t *nundone, char *notes, size_t noteslen)
{
	json_t *done = json_object_get(doc, "done"), *doing = json_object_get(doc, "doing");
	size_t n = json_array_size(done);
	layout_undo_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	*nundone = 0;
	notes[0] = '\0';
	for (size_t k = 0; k <= n; k++) {
		json_t *rec = k == 0 ? doing : json_array_get(done, n - k);
		char note[512];
		mig_state *st;
		int rc;

		if (!json_is_object(rec))
			continue;
		if ((rc = mig_node_begin(&st, node)))
			return mig__fail(rc, "opening the node: %s", mig_errmsg());
		rc = layout_undo_do(st, rec, &ctx, note, sizeof(note));
		if (rc != LAYOUT_UNDO_DONE) {
			mig_node_abort(node, st);
			if (rc == LAYOUT_UNDO_FAILED)
				return mig__fail(MIG_ERROR_UNKNOWN, "%s", note);
			if (rc == LAYOUT_UNDO_SKIPPED) {
				size_t l = strlen(notes);

				snprintf(notes + l, noteslen - l, "%s%s", l ? "; " : "", note);
			}
			continue;
		}
		if ((rc = mig_node_commit(node, st)))
			return mig__fail(rc, "writing the node: %s", mig_errmsg());
		(*nundone)++;
	}
	return 0;
}

static int run_batch(layout_run_result *res, mig_node *node, const layout_plan *plan,
		     layout_replan_fn replan, void *arg, layout_plan **replanned)
{
	mig_state *st;
	layout_plan *np = NULL;
	const layout_plan *use = plan;
	long fail_at = env_step("MIGCTL_LAYOUT_FAIL_AT_STEP");
	int rc = mig_node_begin(&st, node);

	if (rc) {
		snprintf(res->why, sizeof(res->why), "opening the node: %s", mig_errmsg());
		return rc;
	}
	if (replan) {
		if ((rc = replan(&np, st, arg)) != 0) {
			snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
			mig_node_abort(node, st);
			return rc;
		}
		if (!layout_plan_equal(np, plan)) {
			*replanned = np;
			np = NULL;
			use = *replanned;
		}
	}
	for (size_t i = 0; i < use->n; i++) {
		if (fail_at == (long)i + 1) {
			char text[256];

			layout_step_text(text, sizeof(text), &use->step[i]);
			rc = mig__fail(MIG_ERROR_UNKNOWN,
				       "%s: failure injected by MIGCTL_LAYOUT_FAIL_AT_STEP", text);
		} else {
			rc = layout_step_do(st, &use->step[i]);
		}
		if (rc) {
			snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
			mig_node_abort(node, st);
			layout_plan_free(np);
			return rc;
		}
		res->steps_done++;
	}
	layout_plan_free(np);
	if (use->n == 0) {
		/* nothing to change: nothing written, the generation stays */
		mig_node_abort(node, st);
	} else if ((rc = mig_node_commit(node, st))) {
		snprintf(res->why, sizeof(res->why), "writing the node: %s", mig_errmsg());
		res->steps_done = 0;
		return rc;
	}
	res->done = 1;
	return 0;
}

static json_t *journal_doc(const layout_plan *plan, const layout_snapshot *pre, const char *what,
			   const char *node_path)
{
	json_t *doc = json_object(), *steps = json_array(), *prej;
	char *text = NULL;

	if (layout_snapshot_json(&text, pre) != MIG_SUCCESS || !doc || !steps) {
		free(text);
		json_decref(doc);
		json_decref(steps);
		return NULL;
	}
	prej = json_loads(text, 0, NULL);
	free(text);
	json_object_set_new(doc, "format", json_string("migctl-layout-journal"));
	json_object_set_new(doc, "version", json_integer(2));
	json_object_set_new(doc, "what", json_string(what ? what : "apply"));
	json_object_set_new(doc, "node", json_string(node_path));
	json_object_set_new(doc, "pid", json_integer(getpid()));
	json_object_set_new(doc, "state", json_string("applying"));
	json_object_set_new(doc, "next_step", json_integer(0));
	for (size_t i = 0; i < plan->n; i++) {
		char t[256];

		layout_step_text(t, sizeof(t), &plan->step[i]);
		json_array_append_new(steps, json_string(t));
	}
	json_object_set_new(doc, "steps", steps);
	json_object_set_new(doc, "pre_apply", prej ? prej : json_null());
	json_object_set_new(doc, "done", json_array());
	json_object_set_new(doc, "doing", json_null());
	return doc;
}

/* The GPUs a plan's steps touch, each once, in step order. */
static size_t plan_gpus(unsigned *gpus, size_t cap, const layout_plan *use)
{
	size_t ngpus = 0;

	for (size_t i = 0; i < use->n; i++) {
		size_t k;

		for (k = 0; k < ngpus && gpus[k] != use->step[i].gpu; k++)
			;
		if (k == ngpus && ngpus < cap)
			gpus[ngpus++] = use->step[i].gpu;
	}
	return ngpus;
}

/*
 * The plan's steps in order, the journal saved with each; the tests' crash,
 * pause and failure at step N (MIGCTL_LAYOUT_*_STEP) happen here.
 */
static int apply_steps(layout_run_result *res, mig_node *node, const layout_plan *use,
		       journal *j)
{
	long kill_after = env_step("MIGCTL_LAYOUT_KILL_AFTER_STEP");
	long pause_after = env_step("MIGCTL_LAYOUT_PAUSE_AFTER_STEP");
	long fail_at = env_step("MIGCTL_LAYOUT_FAIL_AT_STEP");

	for (size_t i = 0; i < use->n; i++) {
		int rc;

		/* Saved with the step's inverse, by one_step. */
		json_object_set_new(j->doc, "next_step", json_integer((json_int_t)i + 1));
		if (fail_at == (long)i + 1) {
			char text[256];

			layout_step_text(text, sizeof(text), &use->step[i]);
			return mig__fail(MIG_ERROR_UNKNOWN,
					 "%s: failure injected by MIGCTL_LAYOUT_FAIL_AT_STEP", text);
		}
		if ((rc = one_step(node, &use->step[i], j)) != 0)
			return rc;
		res->steps_done++;
		if (kill_after == (long)i + 1)
			raise(SIGKILL); /* the tests' crash at step N */
		if (pause_after == (long)i + 1)
			raise(SIGSTOP); /* the tests' other client acts between steps */
	}
	return 0;
}

/* A step failed: undo the done ones; the journal stays only when that fails too. */
static void roll_back(layout_run_result *res, mig_node *node, journal *j)
{
	char notes[LAYOUT_ERR_MAX];
	size_t n = 0, l;

	snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
	l = strlen(res->why);
	json_object_set_new(j->doc, "state", json_string("rolling-back"));
	journal_save(j);
	if (undo_steps(node, j->doc, &n, notes, sizeof(notes))) {
		res->rollback_failed = 1;
		snprintf(res->why + l, sizeof(res->why) - l,
			 "; rolling back failed too (%s): the journal %s/%s stays for the next run",
			 mig_errmsg(), j->dir, JOURNAL_NAME);
	} else {
		res->rolled_back = 1;
		if (*notes)
			snprintf(res->why + l, sizeof(res->why) - l,
				 "; undid the apply's own steps but left what other clients use: %s",
				 notes);
		journal_remove(j);
	}
}

static int recover_locked(mig_node *node, const char *dir, char *report, size_t reportlen);

static int run_stepwise(layout_run_result *res, mig_node *node, const layout_plan *plan,
			layout_replan_fn replan, void *arg, layout_plan **replanned,
			const char *what)
{
	journal j = {0};
	mig_state *st = NULL;
	layout_plan *np = NULL;
	const layout_plan *use = plan;
	layout_snapshot *pre = NULL;
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = 0;
	int rc;
	char report[256];

	if ((rc = journal_lock(&j, node, 1)) != 0) {
		snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
		return rc == JOURNAL_BUSY ? MIG_ERROR_IN_USE : rc;
	}
	/* A journal here and the lock free: its apply died.  Undo it first. */
	if ((rc = recover_locked(node, j.dir, report, sizeof(report))) != 0)
		goto fail;
	if ((rc = mig_node_read(&st, node))) {
		mig__fail(rc, "reading the node: %s", mig_errmsg());
		goto fail;
	}
	if (replan) {
		if ((rc = replan(&np, st, arg)) != 0)
			goto fail;
		if (!layout_plan_equal(np, plan)) {
			*replanned = np;
			np = NULL;
			use = *replanned;
		}
	}
	if (use->n == 0) {
		res->done = 1;
		goto out;
	}
	ngpus = plan_gpus(gpus, MIG_MAX_GPUS, use);
	if (layout_snapshot_take(&pre, st, gpus, ngpus) ||
	    !(j.doc = journal_doc(use, pre, what, mig_node_path(node)))) {
		rc = mig__fail(MIG_ERROR_MEMORY, "recording the pre-apply layout: out of memory");
		goto fail;
	}
	if ((rc = journal_save(&j)) != 0)
		goto fail;
	if ((rc = apply_steps(res, node, use, &j)) != 0)
		goto rollback;
	journal_remove(&j);
	res->done = 1;
	goto out;
rollback:
	roll_back(res, node, &j);
	goto done;
fail:
	snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
	goto done;
out:
	rc = 0;
done:
	layout_snapshot_free(pre);
	layout_plan_free(np);
	mig_state_free(st);
	journal_unlock(&j);
	return rc;
}

int layout_run(layout_run_result *res, mig_node *node, const layout_plan *plan,
	       layout_replan_fn replan, void *replan_arg, layout_plan **replanned,
	       const char *what)
{
	int rc;

	memset(res, 0, sizeof(*res));
	*replanned = NULL;
	if (layout_node_stepwise(node))
		rc = run_stepwise(res, node, plan, replan, replan_arg, replanned, what);
	else
		rc = run_batch(res, node, plan, replan, replan_arg, replanned);
	/* The whole reason (the step's failure and what the rollback did), in both places. */
	if (rc)
		mig__fail(rc, "%s", res->why);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Recovery                                                           */
/* ------------------------------------------------------------------ */

/* Roll back what the journal in `dir` describes; the apply lock is held. */
static int recover_locked(mig_node *node, const char *dir, char *report, size_t reportlen)
{
	char path[4200], *text = NULL, notes[LAYOUT_ERR_MAX];
	json_t *doc = NULL;
	json_error_t je;
	size_t len, nsteps = 0;
	struct stat sb;
	int rc;

	report[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	if (stat(path, &sb))
		return 0;
	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (sb.st_uid != geteuid() && sb.st_uid != 0)) {
		rc = mig__fail(MIG_ERROR_NO_PERMISSION,
			       "the apply journal %s is not a regular file of yours or root's; not trusted, left as is",
			       path);
		goto done;
	}
	if ((rc = layout_slurp(&text, &len, path)) != 0)
		goto done;
	doc = json_loadb(text, len, 0, &je);
	if (!doc || !json_is_array(json_object_get(doc, "done"))) {
		char why[512];

		snprintf(why, sizeof(why), "%s", doc ? "no record of the steps done" : je.text);
		rc = mig__fail(MIG_ERROR_STATE_CORRUPT,
			       "the apply journal %s is unreadable (%s); remove it after checking the node",
			       path, why);
		goto done;
	}
	if ((rc = undo_steps(node, doc, &nsteps, notes, sizeof(notes))) != 0) {
		mig__fail(rc,
			  "an interrupted apply (journal %s) could not be rolled back: %s", path,
			  mig_errmsg());
		goto done;
	}
	unlink(path);
	fsync_dir(dir);
	{
		json_t *w = json_object_get(doc, "what"), *n = json_object_get(doc, "next_step"),
		       *s = json_object_get(doc, "steps");

		snprintf(report, reportlen,
			 "rolled back an interrupted apply (%s, stopped at step %lld of %zu): %zu step%s",
			 json_is_string(w) ? json_string_value(w) : "apply",
			 json_is_integer(n) ? (long long)json_integer_value(n) : 0LL,
			 json_is_array(s) ? json_array_size(s) : (size_t)0, nsteps,
			 nsteps == 1 ? "" : "s");
		if (*notes) {
			size_t l = strlen(report);

			snprintf(report + l, reportlen - l, "; left what other clients use: %s", notes);
		}
	}
	rc = 0;
done:
	free(text);
	json_decref(doc);
	return rc;
}

int layout_recover(mig_node *node, char *report, size_t reportlen)
{
	char dir[4096], path[4200];
	journal j = {0};
	struct stat sb;
	int rc, locked;

	report[0] = '\0';
	/* Cheap when there is nothing to do: one stat. */
	if (layout_journal_dir(dir, sizeof(dir), node))
		return mig__fail(MIG_ERROR_NOT_FOUND, "no directory for the apply journal: %s",
				 mig_errmsg());
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	if (stat(path, &sb))
		return 0;
	locked = journal_lock(&j, node, 0);
	if (locked == JOURNAL_BUSY)
		return 0; /* an apply is running: its journal is live */
	if (locked)
		return locked;
	rc = recover_locked(node, j.dir, report, reportlen);
	journal_unlock(&j);
	return rc;
}
