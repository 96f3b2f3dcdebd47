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

#endif
