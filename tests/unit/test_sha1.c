/*
 * test_sha1.c - known answers for libmig's SHA-1 (src/core/sha1.c).
 *
 * The first three vectors are FIPS 180's own examples ("abc", the 448-bit
 * two-block message, one million 'a'; NIST FIPS 180-2 appendix A, also
 * RFC 3174 section 7.3).  The others exercise the padding boundaries
 * (55, 56, 63, 64, 65, 119, 120 bytes: the length field fits, spills
 * into a new block, or the message fills a block exactly); their digests
 * come from an independent implementation (Python's hashlib).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha1.h"

static void hex(char out[41], const uint8_t d[20])
{
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const void *data, size_t len, const char *want)
{
	uint8_t d[20];
	char got[41];

	mig__sha1(d, data, len);
	hex(got, d);
	assert_string_equal(got, want);
}

static void test_fips180_examples(void **state)
{
	char *million = malloc(1000000);

	(void)state;
	check("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	      "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	check(million, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
}

static void test_empty(void **state)
{
	(void)state;
	check("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void test_padding_boundaries(void **state)
{
	static const struct {
		size_t n;
		const char *want;
	} v[] = {
		{55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
		{56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
		{63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
		{64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
		{65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
		{119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
		{120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
	};
	char buf[128];

	(void)state;
	memset(buf, 'a', sizeof(buf));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check(buf, v[i].n, v[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips180_examples),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_padding_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
