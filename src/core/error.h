/*
 * error.h - recording why a call failed (internal).
 */
#ifndef MIG_ERROR_H
#define MIG_ERROR_H

#include "mig.h"

/*
 * Record "<what failed>: <why>" as this thread's mig_errmsg() and return
 * `code`, so a refusal reads: return mig__fail(MIG_ERROR_IN_USE, "...").
 */
int mig__fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
