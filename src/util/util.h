/*
 * util.h - the project's one home for what every layer needs and none owns:
 * files (mkdir -p, a durable write, a lock file, a trusted directory),
 * growable arrays, and strict number parsing.
 *
 * Internal: built into libmig's objects and the layers above, compiled with
 * hidden visibility and never exported from libmig.so
 * (tests/install/test_exports.sh).  Depends on libc alone, and never prints,
 * exits or aborts: libmig and the NVML library link it.
 *
 * Failures are reported through errno (0 or a descriptor on success, -1 with
 * errno on failure), so that each caller words its own message in its own
 * error model; the numbers say which rule was broken (EINVAL, ERANGE).
 */
#ifndef MIG_UTIL_H
#define MIG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Files ------------------------------------------------------------------ */

/*
 * mkdir -p: the missing parents are made 0755, `path` itself `mode` whatever
 * the umask (chmod after mkdir).  An existing `path` is left as it is.
 * 0, or -1 with errno (of the component that failed).
 */
int util_mkdirs(const char *path, mode_t mode);

/* fsync a directory, so that a rename or unlink in it survives a crash. */
int util_fsync_dir(const char *dir);

/* Points inside util_write_durable where a crash test may kill the process. */
enum util_write_stage {
	UTIL_WRITE_TEMP_CREATED = 1,
	UTIL_WRITE_HALF_WRITTEN,
	UTIL_WRITE_WRITTEN,
	UTIL_WRITE_SYNCED,
	UTIL_WRITE_RENAMED
};

/*
 * Write `len` bytes as the whole file `path`, or leave the old one: a
 * temporary ".NAME.XXXXXX" beside it (O_EXCL, mode `mode` whatever the
 * umask), write, fsync, rename over `path` (which replaces a link, never
 * writes through one), fsync the directory.  A reader sees the old file or
 * the new one, never a torn one.  `stage`, when not NULL, is called at each
 * point of enum util_write_stage (tests only).  0 once the new file is in
 * place (the directory's fsync is tried, not required), or -1 with errno;
 * the temporary file is removed on failure.
 */
int util_write_durable(const char *path, const void *buf, size_t len, mode_t mode,
		       void (*stage)(enum util_write_stage));

/*
 * Remove the temporary files util_write_durable left for `path` when its
 * writer was killed.  Only safe under a lock that every writer of `path`
 * holds, so that none of them is live.
 */
void util_sweep_temps(const char *path);

/*
 * Open `path` (created 0600, never through a symbolic link) and flock it,
 * shared or exclusive, without waiting.  The file locked is the one still
 * at `path`: a holder that unlinks it on release makes this try again.
 * Returns the descriptor; -1 with errno EWOULDBLOCK when another holds it,
 * or the failure's errno.
 */
int util_lock_try(const char *path, int shared);

/*
 * util_lock_try, retried with a growing nap (0.1 ms to 10 ms) until it
 * succeeds or `wait_s` seconds have passed (then -1, EWOULDBLOCK).
 */
int util_lock_wait(const char *path, int shared, unsigned wait_s);

/* What util_check_dir found wrong with a directory. */
enum util_dir_trust {
	UTIL_DIR_OK = 0,
	UTIL_DIR_MISSING,         /* nothing there */
	UTIL_DIR_FOREIGN_LINK,    /* a symbolic link of another user's: not followed */
	UTIL_DIR_NOT_DIR,         /* something else than a directory */
	UTIL_DIR_FOREIGN_OWNER,   /* owned by another user than us or root */
	UTIL_DIR_WRITABLE,        /* others may write it and it is not sticky */
	UTIL_DIR_UNREADABLE       /* stat failed for another reason (errno) */
};

/*
 * Whether `dir` may hold our state (docs/state-file.md): ours or root's, a
 * directory, not writable by others unless sticky, and not a symbolic link
 * planted by someone else.  `*owner`, when not NULL, gets the owner of what
 * was found (of the link for UTIL_DIR_FOREIGN_LINK).
 */
enum util_dir_trust util_check_dir(const char *dir, uid_t *owner);

/* Rules stricter than util_check_dir's, for util_check_dir_as (or'ed). */
enum util_dir_rule {
	UTIL_DIR_NO_LINK = 1,     /* no symbolic link at all, ours included: UTIL_DIR_NOT_DIR */
	UTIL_DIR_OURS_ONLY = 2,   /* ours, not root's: UTIL_DIR_FOREIGN_OWNER */
	UTIL_DIR_NOT_SHARED = 4   /* nobody else may write it, sticky or not: UTIL_DIR_WRITABLE */
};

/*
 * util_check_dir with `rules` (enum util_dir_rule) on top.  With
 * UTIL_DIR_NO_LINK the directory is examined without following anything
 * (lstat alone), so a link swapped in between two looks is not trusted.
 */
enum util_dir_trust util_check_dir_as(const char *dir, unsigned rules, uid_t *owner);

/*
 * A directory of our own: make `dir` (not its parents) with `mode` whatever
 * the umask, or accept the one already there when util_check_dir_as(dir,
 * rules) trusts it.  0, or -1 with errno (EPERM for one it does not trust).
 */
int util_own_dir(const char *dir, mode_t mode, unsigned rules);

/* Growable arrays --------------------------------------------------------- */

/*
 * Make the array `*arrp` (a pointer to any object pointer, whose element
 * size is `elem`) hold at least `need` elements, doubling its capacity
 * `*cap` (at least 8).  The new elements are not initialised.  0, or -1 with
 * ENOMEM and the array and capacity unchanged (also on size overflow).
 */
int util_grow(void *arrp, size_t *cap, size_t need, size_t elem);

/* util_grow for an array pointer `arr` and its size_t capacity `cap`. */
#define UTIL_GROW(arr, cap, need) util_grow(&(arr), &(cap), (need), sizeof(*(arr)))

/* Strict numbers ----------------------------------------------------------- */

/*
 * Parse the whole of `s` as a decimal integer: digits only (a leading '-'
 * for the signed form), no spaces, no '+', no hex or octal prefix, no
 * locale.  0 with *out set, or -1 with errno EINVAL (not such a number,
 * NULL or empty) or ERANGE (outside [min, max]); *out unchanged then.
 */
int util_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int util_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* util_parse_u64 into an unsigned. */
int util_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

/*
 * Parse the whole of `s` as a finite decimal real: [-]digits[.digits][e[+-]digits]
 * (".5" and "5." too); no spaces, no '+', no hex, no "inf"/"nan", '.' as the
 * decimal point whatever the locale.  0 with *out set, or -1 with errno
 * EINVAL (not such a number) or ERANGE (overflows a double, or outside
 * [min, max]); *out unchanged then.
 */
int util_parse_double(const char *s, double min, double max, double *out);

/* Hex digits -------------------------------------------------------------- */

/* The value of hex digit `c` (either case), or -1. */
int util_hexval(int c);

#endif
