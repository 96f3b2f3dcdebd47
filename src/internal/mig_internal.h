/*
 * mig_internal.h - what libmig lends the project's own upper layers
 * (src/layout, src/plan and the tools built on them), not its users.
 *
 * Not part of the public API: nothing here is exported from libmig.so
 * (tests/install/test_exports.sh), and it may change with any commit.
 * Upper layers link the static library (mig_static) and report failures
 * the way libmig does: a mig_error code returned, the sentence in this
 * thread's mig_errmsg() (docs/architecture.md, "Errors").
 */
#ifndef MIG_INTERNAL_H
#define MIG_INTERNAL_H

#include "mig.h"

/*
 * Record "<what failed>: <why>" as this thread's mig_errmsg() and return
 * `code`, so a refusal reads: return mig__fail(MIG_ERROR_IN_USE, "...").
 * The arguments may include mig_errmsg() itself, to prefix the detail of
 * a failure further down: mig__fail(rc, "reading %s: %s", f, mig_errmsg()).
 */
int mig__fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The texts of a return code, from the one table (src/core/errtext.c):
 * libmig's (mig_strerror), our libnvidia-ml.so.1's (nvmlErrorString) and
 * nvidia-smi's on r535, with r470's and r580's where they differ.  A NULL
 * text is "Unknown Error"; NULL for a code the table lacks.
 */
typedef struct mig_code_text {
	int code;
	const char *lib, *nvml, *smi, *smi_r470, *smi_r580;
	int nvml_unconfirmed; /* NVML's text is our wording: not seen from NVIDIA's library */
} mig_code_text;

const mig_code_text *mig__code_text(int code);

/*
 * Write a whole file or nothing (util_write_durable: a temp file beside it,
 * fsync, rename, fsync of the directory), failing with MIG_ERROR_IO
 * "writing PATH: <errno text>".
 */
int mig__write_durable(const char *path, const char *text, unsigned mode);

/* ------------------------------------------------------------------ */
/* Node transactions (src/node/txn.c; docs/layouts.md "All or nothing") */
/* ------------------------------------------------------------------ */

struct json_t;

/*
 * Changes to a node as one transaction, all or nothing whatever the
 * backend.  The emulated node takes them as one batch, written at the end
 * or never.  On real GPUs every change reaches the driver as it is made,
 * so the node keeps a journal: the inverse of each change, saved before
 * the change, replayed newest first when a change fails or, after a crash,
 * by mig__node_recover.  The state is read from the driver once, when the
 * transaction begins; each change then updates it from what the driver
 * returned.
 *
 *   mig__txn_begin          lock, recover a dead transaction, read the state
 *   mig__txn_state          the state to plan from (and, but for STEPWISE, to change)
 *   mig__txn_start          journaled: the journal, with the caller's members
 *   mig__txn_step ...       each change, its inverse saved first
 *   mig__txn_commit or mig__txn_rollback, then mig__txn_free
 *
 * Inverses are JSON records the node knows how to undo (src/node/undo.c):
 * {"op": "destroy-gi"|"destroy-ci"|"create-gi"|"create-ci"|"set-mode"|
 * "reset", "gpu", "gi", "ci", "profile", "start", "size", "enable",
 * "step": the change in words}.
 */
typedef struct mig_txn mig_txn;

enum {
	/*
	 * The emulated node changed as real GPUs are: each change its own
	 * batch, with the journal (how tests kill a transaction at every step).
	 */
	MIG_TXN_STEPWISE = 1u << 0
};

int mig__txn_begin(mig_txn **out, mig_node *node, unsigned flags);
/* 1 when the transaction keeps a journal (real GPUs, STEPWISE). */
int mig__txn_journaled(const mig_txn *t);
/* The state as the transaction began (on the emulated batch and real GPUs: the one it changes). */
mig_state *mig__txn_state(mig_txn *t);
/*
 * Journaled: write the journal, `members` (an object, stolen) joining the
 * node's own (format, what, node, pid, state, next_step, done, doing).
 * Otherwise a no-op.
 */
int mig__txn_start(mig_txn *t, const char *what, struct json_t *members);

typedef struct mig_txn_change {
	/* The change's inverse, from st just before it; NULL with mig_errmsg set. */
	struct json_t *(*inverse)(const mig_state *st, void *arg);
	/* Make the change on st. */
	int (*make)(mig_state *st, void *arg);
	void *arg;
} mig_txn_change;

/* One change; its inverse saved first when journaled.  A failure changed nothing. */
int mig__txn_step(mig_txn *t, const mig_txn_change *c);
/* Every change made: write the batch (nothing when there was no change), drop the journal. */
int mig__txn_commit(mig_txn *t);

enum {
	MIG_TXN_ABORTED = 0,     /* the batch was never written: nothing changed */
	MIG_TXN_ROLLED_BACK = 1, /* the changes made were undone; the journal is gone */
	MIG_TXN_ROLLBACK_FAILED = 2 /* an undo failed: the journal stays for the next recovery */
};
/*
 * A change failed: undo the ones made.  `said` gets what the rollback adds
 * to the failure ("; undid ... but left ...", "; rolling back failed too
 * (...): the journal ... stays"), "" when nothing.  Returns MIG_TXN_*.
 */
int mig__txn_rollback(mig_txn *t, char *said, size_t len);
/* Release the lock and the state (an open batch is aborted). */
void mig__txn_free(mig_txn *t);

/*
 * Finish a transaction that died (kill -9, power loss): if the node's
 * journal names one whose lock is free, undo its changes and remove the
 * journal.  *report gets a sentence for the user ("" when there was
 * nothing to do).  Fails when an undo failed (the journal stays).
 */
int mig__node_recover(mig_node *node, char *report, size_t reportlen);

#endif
