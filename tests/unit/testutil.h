/*
 * testutil.h - helpers shared by the unit tests (cmocka).
 */
#ifndef MIG_TESTUTIL_H
#define MIG_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mig.h"

/* Assert a libmig call returned `code`, printing mig_errmsg() otherwise. */
#define assert_mig(code, call)                                                 \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != (code))                                             \
			print_error("%s returned %d (%s), expected %d: %s\n",  \
				    #call, rc_, mig_strerror(rc_), (code),     \
				    mig_errmsg());                             \
		assert_int_equal(rc_, (code));                                 \
	} while (0)

#define assert_ok(call) assert_mig(MIG_SUCCESS, call)

/* A fresh temporary directory under $TMPDIR; free() the result. */
char *tu_mkdtemp(void);
/* rm -r of a directory made by tu_mkdtemp (no shell). */
void tu_rmtree(const char *dir);
/* Read a whole file; NULL when missing.  free() the result. */
char *tu_read_file(const char *path, size_t *len);
/* The ID of GPU 0's GI profile `name` ("3g.20gb"); fails the test if none. */
unsigned tu_gi_profile_id(const mig_state *st, const char *name);
/*
 * A state of one GPU (a spec: "A100-SXM4-40GB@580.126.09"), MIG on, with a
 * GI of profile `name` and its full CI; *gi and *ci get their IDs.
 */
mig_state *tu_mig_gpu(const char *spec, const char *name, unsigned *gi, unsigned *ci);

#endif
