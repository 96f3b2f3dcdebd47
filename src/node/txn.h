/*
 * txn.h - undoing a transaction's changes (internal to src/node; the
 * transaction API is in mig_internal.h).
 */
#ifndef MIG_TXN_H
#define MIG_TXN_H

#include <jansson.h>
#include <stddef.h>

#include "mig_internal.h"

#define MIG_UNDO_MAX_GPUS 64

/* What one rollback has seen so far (records are replayed newest first). */
typedef struct mig_undo_ctx {
	unsigned char reset[MIG_UNDO_MAX_GPUS]; /* the transaction reset this GPU */
} mig_undo_ctx;

enum {
	MIG_UNDO_DONE = 0,    /* undone: commit the state */
	MIG_UNDO_NOTHING = 1, /* nothing of the transaction's left to undo */
	MIG_UNDO_SKIPPED = 2, /* undoing would touch another client's work; `note` says what */
	MIG_UNDO_FAILED = -1, /* the driver refused; `note` says why */
};

/* Undo one record on `st`, only if what it names is still the transaction's. */
int mig__undo_do(mig_state *st, const json_t *rec, mig_undo_ctx *ctx, char *note,
		 size_t notelen);

#endif
