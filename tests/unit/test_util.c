/*
 * test_util.c - the internal utility module (src/util): directories,
 * durable writes, lock files, trusted directories, growable arrays,
 * strict numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

/* Directories --------------------------------------------------------------- */

static void test_mkdirs_modes(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX];
	struct stat sb;
	mode_t old = umask(077);

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", root);
	assert_int_equal(util_mkdirs(path, 0755), 0);
	assert_int_equal(stat(path, &sb), 0);
	/* the leaf gets the mode asked for whatever the umask */
	assert_int_equal(sb.st_mode & 07777, 0755);
	/* an existing directory is fine, and keeps its mode */
	assert_int_equal(util_mkdirs(path, 0700), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0755);
	umask(old);
	/* a file in the way is an error naming the component */
	snprintf(path, sizeof(path), "%s/file", root);
	assert_int_equal(util_write_durable(path, "x", 1, 0600, NULL), 0);
	snprintf(path, sizeof(path), "%s/file/sub", root);
	errno = 0;
	assert_int_equal(util_mkdirs(path, 0700), -1);
	assert_int_equal(errno, ENOTDIR);
	tu_rmtree(root);
	free(root);
}

static void test_check_dir(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX], link[PATH_MAX];
	uid_t owner = 0;

	(void)state;
	assert_int_equal(util_check_dir(root, &owner), UTIL_DIR_OK);
	assert_int_equal(owner, geteuid());
	snprintf(path, sizeof(path), "%s/none", root);
	assert_int_equal(util_check_dir(path, NULL), UTIL_DIR_MISSING);
	snprintf(path, sizeof(path), "%s/file", root);
	assert_int_equal(util_write_durable(path, "x", 1, 0600, NULL), 0);
	assert_int_equal(util_check_dir(path, NULL), UTIL_DIR_NOT_DIR);
	snprintf(path, sizeof(path), "%s/open", root);
	assert_int_equal(util_mkdirs(path, 0777), 0);
	assert_int_equal(util_check_dir(path, NULL), UTIL_DIR_WRITABLE);
	/* sticky, like /tmp: others may not remove what is ours */
	assert_int_equal(chmod(path, 01777), 0);
	assert_int_equal(util_check_dir(path, NULL), UTIL_DIR_OK);
	/* our own link to a good directory is followed */
	snprintf(link, sizeof(link), "%s/link", root);
	assert_int_equal(symlink(root, link), 0);
	assert_int_equal(util_check_dir(link, NULL), UTIL_DIR_OK);
	if (geteuid() == 0) {
		/* someone else's link is not, nor someone else's directory */
		assert_int_equal(lchown(link, 12345, 12345), 0);
		assert_int_equal(util_check_dir(link, &owner), UTIL_DIR_FOREIGN_LINK);
		assert_int_equal(owner, 12345);
		assert_int_equal(chmod(path, 0755), 0);
		assert_int_equal(chown(path, 12345, 12345), 0);
		assert_int_equal(util_check_dir(path, &owner), UTIL_DIR_FOREIGN_OWNER);
		assert_int_equal(owner, 12345);
	}
	tu_rmtree(root);
	free(root);
}

/* The stricter rules of a directory of our own (run claims, MPS pipes). */
static void test_own_dir(void **state)
{
	const unsigned all = UTIL_DIR_NO_LINK | UTIL_DIR_OURS_ONLY | UTIL_DIR_NOT_SHARED;
	char *root = tu_mkdtemp(), path[PATH_MAX], link[PATH_MAX];
	struct stat sb;
	mode_t old = umask(0077);

	(void)state;
	/* made with the mode asked for, whatever the umask; accepted again */
	snprintf(path, sizeof(path), "%s/own", root);
	assert_int_equal(util_own_dir(path, 0755, all), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0755);
	assert_int_equal(util_own_dir(path, 0700, all), 0);
	umask(old);
	/* our own link to it: followed by util_check_dir, refused with NO_LINK */
	snprintf(link, sizeof(link), "%s/link", root);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(util_check_dir_as(link, 0, NULL), UTIL_DIR_OK);
	assert_int_equal(util_check_dir_as(link, UTIL_DIR_NO_LINK, NULL), UTIL_DIR_NOT_DIR);
	errno = 0;
	assert_int_equal(util_own_dir(link, 0700, all), -1);
	assert_int_equal(errno, EPERM);
	/* sticky and world-writable, like /tmp: enough for state, not for a directory of our own */
	assert_int_equal(chmod(path, 01777), 0);
	assert_int_equal(util_check_dir_as(path, 0, NULL), UTIL_DIR_OK);
	assert_int_equal(util_check_dir_as(path, UTIL_DIR_NOT_SHARED, NULL), UTIL_DIR_WRITABLE);
	assert_int_equal(chmod(path, 0720), 0);
	errno = 0;
	assert_int_equal(util_own_dir(path, 0700, all), -1);
	assert_int_equal(errno, EPERM);
	/* something else than a directory */
	snprintf(path, sizeof(path), "%s/file", root);
	assert_int_equal(util_write_durable(path, "x", 1, 0600, NULL), 0);
	assert_int_equal(util_own_dir(path, 0700, all), -1);
	assert_int_equal(errno, EPERM);
	/* a parent that is not there is errno's, not a refusal */
	snprintf(path, sizeof(path), "%s/none/own", root);
	assert_int_equal(util_own_dir(path, 0700, all), -1);
	assert_int_equal(errno, ENOENT);
	if (geteuid() == 0) {
		/* root's directory: ours when we are root; someone else's never */
		snprintf(path, sizeof(path), "%s/theirs", root);
		assert_int_equal(util_own_dir(path, 0755, all), 0);
		assert_int_equal(chown(path, 12345, 12345), 0);
		assert_int_equal(util_check_dir_as(path, UTIL_DIR_OURS_ONLY, NULL),
				 UTIL_DIR_FOREIGN_OWNER);
		assert_int_equal(util_own_dir(path, 0755, UTIL_DIR_NO_LINK), -1);
		assert_int_equal(errno, EPERM);
	}
	tu_rmtree(root);
	free(root);
}

/* Durable writes ------------------------------------------------------------- */

static int stages_seen[8];
static int nstages;

static void note_stage(enum util_write_stage s)
{
	if (nstages < 8)
		stages_seen[nstages++] = (int)s;
}

static void test_write_durable(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX], *text;
	static const char body[] = "{\"a\": 1}\n";
	struct stat sb;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/state.json", root);
	nstages = 0;
	assert_int_equal(util_write_durable(path, body, strlen(body), 0640, note_stage), 0);
	assert_non_null(text = tu_read_file(path, &len));
	assert_int_equal(len, strlen(body));
	assert_memory_equal(text, body, len);
	free(text);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(nstages, 5);
	assert_int_equal(stages_seen[0], UTIL_WRITE_TEMP_CREATED);
	assert_int_equal(stages_seen[1], UTIL_WRITE_HALF_WRITTEN);
	assert_int_equal(stages_seen[2], UTIL_WRITE_WRITTEN);
	assert_int_equal(stages_seen[3], UTIL_WRITE_SYNCED);
	assert_int_equal(stages_seen[4], UTIL_WRITE_RENAMED);
	/* a second write replaces the first whole */
	assert_int_equal(util_write_durable(path, "x", 1, 0600, NULL), 0);
	assert_non_null(text = tu_read_file(path, &len));
	assert_int_equal(len, 1);
	free(text);
	/* an empty file is a file */
	assert_int_equal(util_write_durable(path, "", 0, 0600, NULL), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	/* a directory that is not there: an error, nothing left */
	snprintf(path, sizeof(path), "%s/none/state.json", root);
	assert_int_equal(util_write_durable(path, "x", 1, 0600, NULL), -1);
	assert_int_equal(errno, ENOENT);
	tu_rmtree(root);
	free(root);
}

/* A link at the path is replaced by the file, never written through. */
static void test_write_durable_link(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX], target[PATH_MAX], *text;
	struct stat sb;
	size_t len;

	(void)state;
	snprintf(target, sizeof(target), "%s/victim", root);
	assert_int_equal(util_write_durable(target, "keep", 4, 0600, NULL), 0);
	snprintf(path, sizeof(path), "%s/state.json", root);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(util_write_durable(path, "new", 3, 0600, NULL), 0);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_non_null(text = tu_read_file(target, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(text, "keep", 4);
	free(text);
	tu_rmtree(root);
	free(root);
}

static void test_sweep_temps(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX], other[PATH_MAX], keep[PATH_MAX];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/state.json", root);
	snprintf(other, sizeof(other), "%s/.state.json.Ab12Cd", root);
	snprintf(keep, sizeof(keep), "%s/.state.json.toolong", root);
	assert_true((fd = open(other, O_CREAT | O_WRONLY | O_EXCL, 0600)) >= 0);
	close(fd);
	assert_true((fd = open(keep, O_CREAT | O_WRONLY | O_EXCL, 0600)) >= 0);
	close(fd);
	util_sweep_temps(path);
	assert_int_equal(access(other, F_OK), -1);
	/* only the temporaries' exact shape goes */
	assert_int_equal(access(keep, F_OK), 0);
	tu_rmtree(root);
	free(root);
}

/* Locks ------------------------------------------------------------------- */

static void test_lock(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX];
	struct stat sb;
	int a, b, c;

	(void)state;
	snprintf(path, sizeof(path), "%s/x.lock", root);
	assert_true((a = util_lock_try(path, 0)) >= 0);
	assert_int_equal(fstat(a, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	/* flock is per open file: a second open in this process is another holder */
	errno = 0;
	assert_int_equal(util_lock_try(path, 0), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	assert_int_equal(util_lock_try(path, 1), -1);
	assert_int_equal(util_lock_wait(path, 0, 0), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(a);
	/* shared holders go together and keep an exclusive one out */
	assert_true((b = util_lock_try(path, 1)) >= 0);
	assert_true((c = util_lock_try(path, 1)) >= 0);
	assert_int_equal(util_lock_try(path, 0), -1);
	close(b);
	close(c);
	assert_true((a = util_lock_wait(path, 0, 1)) >= 0);
	close(a);
	tu_rmtree(root);
	free(root);
}

static void test_lock_refuses_link(void **state)
{
	char *root = tu_mkdtemp(), path[PATH_MAX], target[PATH_MAX];

	(void)state;
	snprintf(target, sizeof(target), "%s/elsewhere", root);
	snprintf(path, sizeof(path), "%s/x.lock", root);
	assert_int_equal(symlink(target, path), 0);
	errno = 0;
	assert_int_equal(util_lock_try(path, 0), -1);
	assert_int_equal(errno, ELOOP);
	/* and nothing was created through it */
	assert_int_equal(access(target, F_OK), -1);
	tu_rmtree(root);
	free(root);
}

/* Growable arrays ------------------------------------------------------------ */

static void test_grow(void **state)
{
	long *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(UTIL_GROW(v, cap, 0), 0);
	assert_null(v);
	assert_int_equal(UTIL_GROW(v, cap, 1), 0);
	assert_non_null(v);
	assert_int_equal(cap, 8);
	for (long i = 0; i < 8; i++)
		v[i] = i;
	assert_int_equal(UTIL_GROW(v, cap, 9), 0);
	assert_int_equal(cap, 16);
	assert_int_equal(v[7], 7); /* kept */
	assert_int_equal(UTIL_GROW(v, cap, 100), 0);
	assert_int_equal(cap, 128);
	/* more than memory can hold: refused, the array as it was */
	errno = 0;
	assert_int_equal(UTIL_GROW(v, cap, SIZE_MAX / 2), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(cap, 128);
	assert_int_equal(v[7], 7);
	free(v);
}

/* Strict numbers ------------------------------------------------------------- */

static void test_parse_u64(void **state)
{
	static const char *bad[] = {"", " 1", "1 ", "+1", "-1", "0x10", "1e3", "1.0", "12a", "a"};
	uint64_t v = 77;
	unsigned u = 77;

	(void)state;
	assert_int_equal(util_parse_u64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(util_parse_u64("007", 0, 10, &v), 0); /* decimal, not octal */
	assert_int_equal(v, 7);
	assert_int_equal(util_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	errno = 0;
	assert_int_equal(util_parse_u64("18446744073709551616", 0, UINT64_MAX, &v), -1);
	assert_int_equal(errno, ERANGE);
	/* overflow inside a word that is not a number is the word's fault */
	assert_int_equal(util_parse_u64("99999999999999999999x", 0, UINT64_MAX, &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(util_parse_u64("11", 0, 10, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(util_parse_u64("1", 2, 10, &v), -1);
	assert_int_equal(errno, ERANGE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(util_parse_u64(bad[i], 0, UINT64_MAX, &v), -1);
		assert_int_equal(errno, EINVAL);
	}
	assert_int_equal(util_parse_u64(NULL, 0, 10, &v), -1);
	assert_true(v == UINT64_MAX); /* untouched by the failures */
	assert_int_equal(util_parse_uint("4294967295", 0, UINT_MAX, &u), 0);
	assert_true(u == UINT_MAX);
	assert_int_equal(util_parse_uint("4294967296", 0, UINT_MAX, &u), -1);
	assert_int_equal(errno, ERANGE);
}

static void test_parse_i64(void **state)
{
	int64_t v = 5;

	(void)state;
	assert_int_equal(util_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(util_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(util_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(util_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(util_parse_i64("-3", -2, 2, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(util_parse_i64("-2", -2, 2, &v), 0);
	assert_int_equal(v, -2);
	assert_int_equal(util_parse_i64("-", -2, 2, &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(util_parse_i64("--1", -2, 2, &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(util_parse_i64("+1", -2, 2, &v), -1);
	assert_int_equal(errno, EINVAL);
}

static void test_parse_double(void **state)
{
	static const char *bad[] = {"", ".", "-", "e5", "1e", "1e+", " 1", "1 ", "+1", "0x1p3",
				    "inf", "nan", "1,5", "1.5.2", "--1", "1..2"};
	static const struct {
		const char *s;
		double v;
	} good[] = {{"0", 0}, {"1.5", 1.5}, {"-2.25", -2.25}, {".5", 0.5}, {"5.", 5},
		    {"1e3", 1000}, {"1E-2", 0.01}, {"2.5e+1", 25}};
	double v = 9;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(util_parse_double(good[i].s, -1e9, 1e9, &v), 0);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		v = 9;
		assert_int_equal(util_parse_double(bad[i], -1e9, 1e9, &v), -1);
		assert_int_equal(errno, EINVAL);
		assert_true(v == 9);
	}
	assert_int_equal(util_parse_double("1e400", -1e9, 1e308, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(util_parse_double("2", 0, 1, &v), -1);
	assert_int_equal(errno, ERANGE);
	/* a locale with a decimal comma does not change what '.' means */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		assert_int_equal(util_parse_double("1.5", 0, 10, &v), 0);
		assert_true(v == 1.5);
		assert_int_equal(util_parse_double("1,5", 0, 10, &v), -1);
		setlocale(LC_NUMERIC, "C");
	}
}

static void test_hexval(void **state)
{
	(void)state;
	assert_int_equal(util_hexval('0'), 0);
	assert_int_equal(util_hexval('9'), 9);
	assert_int_equal(util_hexval('a'), 10);
	assert_int_equal(util_hexval('F'), 15);
	assert_int_equal(util_hexval('g'), -1);
	assert_int_equal(util_hexval('/'), -1);
	assert_int_equal(util_hexval('\0'), -1);
	assert_int_equal(util_hexval(0xff), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mkdirs_modes),
		cmocka_unit_test(test_check_dir),
		cmocka_unit_test(test_own_dir),
		cmocka_unit_test(test_write_durable),
		cmocka_unit_test(test_write_durable_link),
		cmocka_unit_test(test_sweep_temps),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_refuses_link),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_i64),
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_hexval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
