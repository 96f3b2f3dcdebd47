/*
 * txn.c - a node's transactions, and the journal that makes them all or
 * nothing on real GPUs (docs/layouts.md "All or nothing"; the API is in
 * mig_internal.h).
 *
 * Three ways, chosen here and nowhere else:
 *  - the emulated node: one batch, mig_node_begin .. mig_node_commit, or
 *    mig_node_abort at the first refusal: nothing was ever written;
 *  - real GPUs: the state is read from the driver once, each change goes
 *    to the driver as it is made and updates the state from the driver's
 *    answer, and the journal holds the inverse of each change;
 *  - the emulated node with MIG_TXN_STEPWISE: each change its own batch,
 *    with the journal, as real GPUs would be (the tests' crash points).
 *
 * With a journal: before each change, its inverse is saved as "doing";
 * after it, the inverse joins "done".  A failed change undoes the done
 * ones, newest first; a transaction that was killed is found by the next
 * mig__node_recover (every migctl command that opens a node) and undone the
 * same way, the change in flight included when its effect is there.  Only
 * the transaction's own changes are undone, not "back to the layout
 * before", which would destroy what other clients created since.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "txn.h"
#include "util.h"

#define JOURNAL_NAME "layout.journal"
#define LOCK_NAME "layout.lock"

/* mig__txn_begin's ways. */
enum { TXN_BATCH, TXN_LIVE, TXN_STEPWISE };

typedef struct journal {
	char dir[4096];
	int own_dir; /* a directory of its own (real GPUs), not the node's */
	int lock_fd;
	json_t *doc;
} journal;

struct mig_txn {
	mig_node *node;
	int way;          /* TXN_* */
	mig_state *st;    /* BATCH, LIVE: the state being changed; STEPWISE: a read */
	size_t changes;   /* changes made */
	journal j;
};

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

int mig__write_durable(const char *path, const char *text, unsigned mode)
{
	if (util_write_durable(path, text, strlen(text), (mode_t)mode, NULL))
		return mig__fail(MIG_ERROR_IO, "writing %.512s: %s", path, strerror(errno));
	return 0;
}

/*
 * The journal directory is trusted like the node's (docs/state-file.md):
 * ours or root's, not writable by others unless sticky, not a link
 * someone else planted.
 */
static int check_dir(const char *dir)
{
	uid_t owner = 0;

	switch (util_check_dir(dir, &owner)) {
	case UTIL_DIR_OK:
	case UTIL_DIR_MISSING:
	case UTIL_DIR_UNREADABLE:
		return 0; /* not there: nothing to trust yet */
	case UTIL_DIR_FOREIGN_LINK:
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: a symbolic link owned by uid %u, not by you; refusing to follow it",
				 dir, (unsigned)owner);
	default:
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: not a directory of yours or root's that only its owner can change; refusing to keep the apply journal there",
				 dir);
	}
}

/* ------------------------------------------------------------------ */
/* The journal file                                                   */
/* ------------------------------------------------------------------ */

static int journal_save(journal *j)
{
	char *text = json_dumps(j->doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char path[4200];
	int rc;

	if (!text)
		return mig__fail(MIG_ERROR_MEMORY, "writing the journal: out of memory");
	snprintf(path, sizeof(path), "%s/%s", j->dir, JOURNAL_NAME);
	rc = mig__write_durable(path, text, 0600);
	free(text);
	return rc;
}

static void journal_remove(journal *j)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", j->dir, JOURNAL_NAME);
	unlink(path);
	util_fsync_dir(j->dir);
}

/* journal_lock(): another process holds the apply lock (not a mig_error code). */
#define JOURNAL_BUSY (-1)

/* Take the lock at `path` once: 0, JOURNAL_BUSY, a mig_error code, or 1 to try again. */
static int lock_once(journal *j, const char *path, int create)
{
	char journal_path[4200];
	struct stat held;

	if (create && util_mkdirs(j->dir, geteuid() == 0 ? 0755 : 0700))
		return mig__fail(MIG_ERROR_IO, "creating %s: %s", j->dir, strerror(errno));
	j->lock_fd = util_lock_try(path, 0);
	if (j->lock_fd < 0) {
		if (errno == ENOENT && create)
			return 1; /* the directory went away under us */
		if (errno == EWOULDBLOCK) {
			mig__fail(MIG_ERROR_IN_USE,
				  "another apply is in progress on this node (%s is locked)", path);
			return JOURNAL_BUSY;
		}
		return mig__fail(MIG_ERROR_IO, "locking %s: %s", path, strerror(errno));
	}
	if (fstat(j->lock_fd, &held) == 0 && held.st_uid != geteuid() && held.st_uid != 0) {
		close(j->lock_fd);
		j->lock_fd = -1;
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "%s: owned by uid %u, not by you or root; refusing to trust it", path,
				 (unsigned)held.st_uid);
	}
	/* Temporaries a killed apply left halfway through a journal write: none is live now. */
	snprintf(journal_path, sizeof(journal_path), "%s/%s", j->dir, JOURNAL_NAME);
	util_sweep_temps(journal_path);
	return 0;
}

/*
 * The apply lock, held for the whole journaled transaction; a dead holder
 * frees it.  `create`: make the journal directory first (a transaction;
 * recovery only looks where a journal already is).
 */
static int journal_lock(journal *j, mig_node *node, int create)
{
	char path[4200];
	int rc;

	j->lock_fd = -1;
	j->own_dir = !mig_node_transactional(node);
	if (mig_node_journal_dir(j->dir, sizeof(j->dir), node))
		return mig__fail(MIG_ERROR_NOT_FOUND, "no directory for the apply journal: %s",
				 mig_errmsg());
	if ((rc = check_dir(j->dir)) != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/%s", j->dir, LOCK_NAME);
	for (int tries = 0; tries < 20; tries++)
		if ((rc = lock_once(j, path, create)) != 1)
			return rc;
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
/* Undoing                                                            */
/* ------------------------------------------------------------------ */

/* Undo one record on st; a mig_error code only when the driver refused. */
static int undo_one(mig_state *st, json_t *rec, mig_undo_ctx *ctx, int *undone, char *notes,
		    size_t noteslen)
{
	char note[512];
	int rc = mig__undo_do(st, rec, ctx, note, sizeof(note));

	*undone = rc == MIG_UNDO_DONE;
	if (rc == MIG_UNDO_FAILED)
		return mig__fail(MIG_ERROR_UNKNOWN, "%s", note);
	if (rc == MIG_UNDO_SKIPPED) {
		size_t l = strlen(notes);

		snprintf(notes + l, noteslen - l, "%s%s", l ? "; " : "", note);
	}
	return 0;
}

/*
 * Undo the changes a journal lists as done (and the one in flight), newest
 * first; what would touch other clients' work is left and described in
 * `notes`.  The emulated node: each undo its own batch.  Real GPUs: the
 * driver's state read once, each undo reaching the driver as it is made.
 * A mig_error code when the driver refused an undo.
 */
static int undo_changes(mig_node *node, json_t *doc, size_t *nundone, char *notes,
			size_t noteslen)
{
	json_t *done = json_object_get(doc, "done"), *doing = json_object_get(doc, "doing");
	size_t n = json_array_size(done);
	int batches = mig_node_transactional(node), rc = 0;
	mig_state *live = NULL;
	mig_undo_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	*nundone = 0;
	notes[0] = '\0';
	for (size_t k = 0; k <= n && !rc; k++) {
		json_t *rec = k == 0 ? doing : json_array_get(done, n - k);
		mig_state *st = live;
		int undone;

		if (!json_is_object(rec))
			continue;
		if (!st && (rc = mig_node_begin(&st, node))) {
			rc = mig__fail(rc, "opening the node: %s", mig_errmsg());
			break;
		}
		if (!batches)
			live = st;
		rc = undo_one(st, rec, &ctx, &undone, notes, noteslen);
		if (batches && (rc || !undone))
			mig_node_abort(node, st);
		else if (batches && (rc = mig_node_commit(node, st)))
			rc = mig__fail(rc, "writing the node: %s", mig_errmsg());
		*nundone += !rc && undone;
	}
	mig_node_abort(node, live); /* real GPUs: every undo reached the driver already */
	return rc;
}

/* ------------------------------------------------------------------ */
/* Recovery                                                           */
/* ------------------------------------------------------------------ */

/* The journal at `path`, if it is a regular file of ours or root's. */
static int journal_load(json_t **out, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;
	json_error_t je;
	json_t *doc;

	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (sb.st_uid != geteuid() && sb.st_uid != 0)) {
		if (fd >= 0)
			close(fd);
		return mig__fail(MIG_ERROR_NO_PERMISSION,
				 "the apply journal %s is not a regular file of yours or root's; not trusted, left as is",
				 path);
	}
	doc = json_loadfd(fd, 0, &je);
	close(fd);
	if (!doc || !json_is_array(json_object_get(doc, "done"))) {
		char why[512];

		snprintf(why, sizeof(why), "%s", doc ? "no record of the steps done" : je.text);
		json_decref(doc);
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "the apply journal %s is unreadable (%s); remove it after checking the node",
				 path, why);
	}
	*out = doc;
	return MIG_SUCCESS;
}

/* "rolled back an interrupted apply (...): N steps[; left ...]" */
static void recovery_report(char *report, size_t reportlen, const json_t *doc, size_t nsteps,
			    const char *notes)
{
	json_t *w = json_object_get(doc, "what"), *n = json_object_get(doc, "next_step"),
	       *s = json_object_get(doc, "steps");

	snprintf(report, reportlen,
		 "rolled back an interrupted apply (%s, stopped at step %lld of %zu): %zu step%s",
		 json_is_string(w) ? json_string_value(w) : "apply",
		 json_is_integer(n) ? (long long)json_integer_value(n) : 0LL,
		 json_is_array(s) ? json_array_size(s) : (size_t)0, nsteps, nsteps == 1 ? "" : "s");
	if (*notes) {
		size_t l = strlen(report);

		snprintf(report + l, reportlen - l, "; left what other clients use: %s", notes);
	}
}

/* Roll back what the journal in `dir` describes; the apply lock is held. */
static int recover_locked(mig_node *node, const char *dir, char *report, size_t reportlen)
{
	char path[4200], notes[1024];
	size_t nsteps = 0;
	struct stat sb;
	json_t *doc = NULL;
	int rc;

	report[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	if (stat(path, &sb))
		return 0;
	if ((rc = journal_load(&doc, path)) != 0)
		return rc;
	if ((rc = undo_changes(node, doc, &nsteps, notes, sizeof(notes))) != 0) {
		mig__fail(rc, "an interrupted apply (journal %s) could not be rolled back: %s", path,
			  mig_errmsg());
		json_decref(doc);
		return rc;
	}
	unlink(path);
	util_fsync_dir(dir);
	recovery_report(report, reportlen, doc, nsteps, notes);
	json_decref(doc);
	return 0;
}

int mig__node_recover(mig_node *node, char *report, size_t reportlen)
{
	char dir[4096], path[4200];
	journal j = {0};
	struct stat sb;
	int rc;

	report[0] = '\0';
	/* Cheap when there is nothing to do: one stat. */
	if (mig_node_journal_dir(dir, sizeof(dir), node))
		return mig__fail(MIG_ERROR_NOT_FOUND, "no directory for the apply journal: %s",
				 mig_errmsg());
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	if (stat(path, &sb))
		return 0;
	rc = journal_lock(&j, node, 0);
	if (rc == JOURNAL_BUSY)
		return 0; /* a transaction is running: its journal is live */
	if (rc)
		return rc;
	rc = recover_locked(node, j.dir, report, reportlen);
	journal_unlock(&j);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                       */
/* ------------------------------------------------------------------ */

int mig__txn_begin(mig_txn **out, mig_node *node, unsigned flags)
{
	mig_txn *t = calloc(1, sizeof(*t));
	char report[256];
	int rc;

	if (!t)
		return mig__fail(MIG_ERROR_MEMORY, "starting a transaction: out of memory");
	t->node = node;
	t->j.lock_fd = -1;
	t->way = !mig_node_transactional(node)    ? TXN_LIVE
		 : (flags & MIG_TXN_STEPWISE) ? TXN_STEPWISE
					      : TXN_BATCH;
	if (t->way == TXN_BATCH) {
		if ((rc = mig_node_begin(&t->st, node)))
			rc = mig__fail(rc, "opening the node: %s", mig_errmsg());
	} else if ((rc = journal_lock(&t->j, node, 1)) != 0) {
		rc = rc == JOURNAL_BUSY ? MIG_ERROR_IN_USE : rc;
	} else if ((rc = recover_locked(node, t->j.dir, report, sizeof(report))) == 0) {
		/* A journal there and the lock free: its transaction died, and was undone. */
		rc = t->way == TXN_LIVE ? mig_node_begin(&t->st, node) : mig_node_read(&t->st, node);
		if (rc)
			mig__fail(rc, "reading the node: %s", mig_errmsg());
	}
	if (rc) {
		mig__txn_free(t);
		return rc;
	}
	*out = t;
	return MIG_SUCCESS;
}

int mig__txn_journaled(const mig_txn *t)
{
	return t->way != TXN_BATCH;
}

mig_state *mig__txn_state(mig_txn *t)
{
	return t->st;
}

int mig__txn_start(mig_txn *t, const char *what, json_t *members)
{
	json_t *doc;

	if (t->way == TXN_BATCH) {
		json_decref(members);
		return MIG_SUCCESS;
	}
	doc = json_object();
	if (!doc || !json_is_object(members)) {
		json_decref(doc);
		json_decref(members);
		return mig__fail(MIG_ERROR_MEMORY, "writing the journal: out of memory");
	}
	json_object_set_new(doc, "format", json_string("migctl-layout-journal"));
	json_object_set_new(doc, "version", json_integer(2));
	json_object_set_new(doc, "what", json_string(what ? what : "apply"));
	json_object_set_new(doc, "node", json_string(mig_node_path(t->node)));
	json_object_set_new(doc, "pid", json_integer(getpid()));
	json_object_set_new(doc, "state", json_string("applying"));
	json_object_set_new(doc, "next_step", json_integer(0));
	for (void *it = json_object_iter(members); it; it = json_object_iter_next(members, it))
		json_object_set(doc, json_object_iter_key(it), json_object_iter_value(it));
	json_decref(members);
	json_object_set_new(doc, "done", json_array());
	json_object_set_new(doc, "doing", json_null());
	json_decref(t->j.doc);
	t->j.doc = doc;
	return journal_save(&t->j);
}

/* Journaled: the change's inverse saved as "doing" before it is made. */
static int record_inverse(mig_txn *t, const mig_state *st, const mig_txn_change *c)
{
	json_t *rec = c->inverse(st, c->arg);
	int rc;

	if (!rec)
		return MIG_ERROR_NOT_FOUND; /* the message is the inverse's */
	json_object_set_new(t->j.doc, "doing", rec);
	if ((rc = journal_save(&t->j)) != 0)
		json_object_set_new(t->j.doc, "doing", json_null());
	return rc;
}

int mig__txn_step(mig_txn *t, const mig_txn_change *c)
{
	mig_state *st = t->st;
	int rc;

	if (t->j.doc)
		json_object_set_new(t->j.doc, "next_step", json_integer((json_int_t)t->changes + 1));
	if (t->way == TXN_STEPWISE && (rc = mig_node_begin(&st, t->node)))
		return mig__fail(rc, "opening the node: %s", mig_errmsg());
	if (t->j.doc && (rc = record_inverse(t, st, c)) != 0) {
		if (t->way == TXN_STEPWISE)
			mig_node_abort(t->node, st);
		return rc;
	}
	rc = c->make(st, c->arg);
	if (t->way == TXN_STEPWISE && rc)
		mig_node_abort(t->node, st);
	else if (t->way == TXN_STEPWISE && (rc = mig_node_commit(t->node, st)))
		mig__fail(rc, "writing the node: %s", mig_errmsg());
	if (t->j.doc) {
		/* Not saved now: until the next save, recovery finds it as "doing", and sees it done. */
		if (!rc)
			json_array_append(json_object_get(t->j.doc, "done"),
					  json_object_get(t->j.doc, "doing"));
		/* A change that did not happen: its inverse must not undo someone else's instance. */
		json_object_set_new(t->j.doc, "doing", json_null());
	}
	t->changes += !rc;
	return rc;
}

int mig__txn_commit(mig_txn *t)
{
	int rc = MIG_SUCCESS;

	if (t->way == TXN_BATCH && !t->changes) {
		mig_node_abort(t->node, t->st); /* nothing to change: nothing written, the generation stays */
	} else if (t->way != TXN_STEPWISE && (rc = mig_node_commit(t->node, t->st))) {
		/* Real GPUs: every change reached the driver when it was made; nothing is written. */
		rc = mig__fail(rc, "writing the node: %s", mig_errmsg());
	}
	if (t->way != TXN_STEPWISE)
		t->st = NULL;
	if (!rc && t->j.doc)
		journal_remove(&t->j);
	return rc;
}

int mig__txn_rollback(mig_txn *t, char *said, size_t len)
{
	char notes[1024];
	size_t n = 0;

	said[0] = '\0';
	if (t->way != TXN_STEPWISE) {
		/* The batch is dropped; on real GPUs the undo reads the driver afresh. */
		mig_node_abort(t->node, t->st);
		t->st = NULL;
	}
	if (!t->j.doc)
		return MIG_TXN_ABORTED;
	json_object_set_new(t->j.doc, "state", json_string("rolling-back"));
	journal_save(&t->j);
	if (undo_changes(t->node, t->j.doc, &n, notes, sizeof(notes))) {
		snprintf(said, len,
			 "; rolling back failed too (%s): the journal %s/%s stays for the next run",
			 mig_errmsg(), t->j.dir, JOURNAL_NAME);
		return MIG_TXN_ROLLBACK_FAILED;
	}
	if (*notes)
		snprintf(said, len, "; undid the apply's own steps but left what other clients use: %s",
			 notes);
	journal_remove(&t->j);
	return MIG_TXN_ROLLED_BACK;
}

void mig__txn_free(mig_txn *t)
{
	if (!t)
		return;
	mig_node_abort(t->node, t->st);
	journal_unlock(&t->j);
	free(t);
}
