/*
 * test_catalog.c - the GPU catalog checked against every -lgip / -lgipp
 * transcript and every §geometry-2 table row, through the public API only.
 *
 * Data: tests/data/catalog/lgip-*.txt and lgipp-*.txt are spec transcripts
 * copied byte for byte under a "# model: K driver: V source: ..." header;
 * spec-tables.tsv holds the §geometry-2 rows that have no verbatim transcript.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "mig.h"

#define DATA_DIR MIG_TEST_DATA_DIR "/catalog"
#define MAXP 32

/* Driver versions that, with each model's own list, reach every branch. */
static const char *const probe_drivers[] = {
	"450.80.02", "460", "470", "510.47.03", "515.86.01", "525", "525.125.06", "530",
	"534.999.999", "535", "535.104.12", "550", "570", "570.123.999", "570.124", "570.169",
	"575", "579.999.999", "580", "580.65.06", "580.173.02", "610.43.02", "4293.999.999",
};
#define NPROBES (sizeof(probe_drivers) / sizeof(probe_drivers[0]))

/* ---- helpers ----------------------------------------------------------- */

static void fail_at(const char *ctx, const char *what)
{
	print_error("%s: %s\n", ctx, what);
	fail();
}

static void expect_uint(const char *ctx, const char *what, unsigned got, unsigned want)
{
	if (got != want) {
		print_error("%s: %s is %u, expected %u\n", ctx, what, got, want);
		fail();
	}
}

static void expect_str(const char *ctx, const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		print_error("%s: %s is \"%s\", expected \"%s\"\n", ctx, what, got, want);
		fail();
	}
}

/* The profile set of a model under a driver, as infos. */
static size_t profile_set(const mig_model *m, const char *driver, mig_gi_profile_info *info,
			  const mig_gi_profile **prof)
{
	const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
	size_t n, i;

	if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &n, m, driver) != MIG_SUCCESS)
		n = 0;
	assert_true(n <= MAXP);
	for (i = 0; i < n; i++) {
		mig_gi_profile_get(p[i], &info[i]);
		if (prof)
			prof[i] = p[i];
	}
	return n;
}

static const mig_model *model_or_fail(const char *key)
{
	const mig_model *m = mig_catalog_find(key);

	if (!m)
		fail_at(key, "model not in the catalog");
	return m;
}

static int find_id(const mig_gi_profile_info *info, size_t n, unsigned id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (info[i].id == id)
			return (int)i;
	return -1;
}

static void gib_text(char *buf, size_t len, unsigned mib)
{
	snprintf(buf, len, "%.2f", mib / 1024.0); /* §geometry-1.8: nvidia-smi's "%0.2f" */
}

static void placements_text(char *buf, size_t len, uint32_t starts, unsigned size)
{
	size_t used = (size_t)snprintf(buf, len, "{");
	unsigned s;

	for (s = 0; s < 32; s++)
		if (starts & (1u << s))
			used += (size_t)snprintf(buf + used, len - used, used > 1 ? ",%u" : "%u", s);
	snprintf(buf + used, len - used, "}:%u", size);
}

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* nvidia-smi's -lgip order (R535+, §smi-3.3): slices, memory, ID. */
static int lgip_cmp(const void *a, const void *b)
{
	const mig_gi_profile_info *x = a, *y = b;

	if (x->slices != y->slices)
		return x->slices < y->slices ? -1 : 1;
	if (x->memory_mib != y->memory_mib)
		return x->memory_mib < y->memory_mib ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Header "# model: K driver: V source: ..." -> K, V. */
static void parse_header(const char *text, const char *file, char *model, char *driver)
{
	if (sscanf(text, "# model: %63s driver: %31s source:", model, driver) != 2)
		fail_at(file, "bad header line");
}

/* Split a table line "|  a  b  c |" into whitespace tokens. */
static size_t tokens(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " |", &save); t && n < max; t = strtok_r(NULL, " |", &save))
		tok[n++] = t;
	return n;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Files of the data directory whose name starts with `prefix`, sorted. */
static size_t data_files(const char *prefix, char names[][128], size_t max)
{
	DIR *d = opendir(DATA_DIR);
	struct dirent *e;
	size_t n = 0, i, j;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL && n < max)
		if (!strncmp(e->d_name, prefix, strlen(prefix)) && strlen(e->d_name) < 128)
			memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j], names[j - 1]) < 0; j--) {
			char t[128];
			memcpy(t, names[j], 128);
			memcpy(names[j], names[j - 1], 128);
			memcpy(names[j - 1], t, 128);
		}
	return n;
}

static char *read_data(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	text = tu_read_file(path, NULL);
	if (!text)
		fail_at(path, "cannot read");
	return text;
}

/* ---- find, getters, driver parsing -------------------------------------- */

static void test_find(void **state)
{
	size_t i, n = mig_catalog_count();
	char buf[64];

	(void)state;
	assert_true(n >= 17);
	for (i = 0; i < n; i++) {
		const mig_model *m = mig_catalog_model(i);
		const char *key = mig_model_key(m);
		size_t k;

		assert_non_null(m);
		assert_ptr_equal(mig_catalog_find(key), m);
		for (k = 0; key[k] && k < sizeof(buf) - 1; k++)
			buf[k] = (char)(key[k] >= 'A' && key[k] <= 'Z' ? key[k] + 32 : key[k]);
		buf[k] = '\0';
		assert_ptr_equal(mig_catalog_find(buf), m);
		assert_ptr_equal(mig_catalog_find(mig_model_name(m)), m);
		snprintf(buf, sizeof(buf), "0x%04x", mig_model_pci_device_id(m));
		assert_ptr_equal(mig_catalog_find(buf), m);
		snprintf(buf, sizeof(buf), "0x%04X", mig_model_pci_device_id(m));
		assert_ptr_equal(mig_catalog_find(buf), m);
		assert_true(mig_model_placement_units(m) == 4 || mig_model_placement_units(m) == 8 ||
			    mig_model_placement_units(m) == 12);
		expect_uint(key, "max MIG devices", mig_model_max_mig_devices(m),
			    mig_model_placement_units(m) == 8 ? 7 : 4);
	}
	assert_null(mig_catalog_model(n));
	assert_null(mig_catalog_find(NULL));
	assert_null(mig_catalog_find(""));
	assert_null(mig_catalog_find("H100"));
	assert_null(mig_catalog_find("NVIDIA H100 80GB"));
	assert_null(mig_catalog_find("nvidia h100 80gb hbm3")); /* names are exact */
	assert_null(mig_catalog_find("0x9999"));
	assert_null(mig_catalog_find("0x"));
	assert_null(mig_catalog_find("2330"));
	assert_null(mig_catalog_find("0x23300"));

	/* The figures the brief and spec pin down. */
	assert_ptr_equal(mig_catalog_find("h100-sxm5-80gb"), mig_catalog_find("0x2330"));
	assert_ptr_equal(mig_catalog_find("NVIDIA H100 80GB HBM3"), mig_catalog_find("0x2330"));
	expect_uint("H100-SXM5-80GB", "memory", mig_model_memory_mib(model_or_fail("H100-SXM5-80GB")), 81559);
	expect_uint("RTX-PRO-6000", "memory", mig_model_memory_mib(model_or_fail("RTX-PRO-6000")), 97887);
	expect_uint("RTX-PRO-6000", "units", mig_model_placement_units(model_or_fail("RTX-PRO-6000")), 12);
	expect_uint("A30-24GB", "units", mig_model_placement_units(model_or_fail("A30-24GB")), 4);
	assert_int_equal(mig_model_arch(model_or_fail("GB200-186GB")), MIG_ARCH_BLACKWELL);
	assert_int_equal(mig_model_arch(model_or_fail("RTX-PRO-6000")), MIG_ARCH_BLACKWELL_RTX);
	assert_int_equal(mig_model_arch(model_or_fail("A30-24GB")), MIG_ARCH_AMPERE);
	assert_int_equal(mig_model_arch(model_or_fail("H20-96GB")), MIG_ARCH_HOPPER);
	expect_str("A30", "name", mig_model_name(model_or_fail("0x20B7")), "NVIDIA A30");
	expect_str("A100 80GB PCIe", "name", mig_model_name(model_or_fail("0x20B5")), "NVIDIA A100 80GB PCIe");
	expect_str("RTX", "name", mig_model_name(model_or_fail("0x2BB5")),
		   "NVIDIA RTX PRO 6000 Blackwell Server Edition");
}

static void test_driver_parse(void **state)
{
	static const char *const bad[] = {
		"", "580.", ".580", "580..95", "580.95.05.1", "a580", "580a", " 580", "580 ", "-580",
		"+580", "580.1000", "580.95.1000", "0", "0.95.05", "12345", "4294", "9999.1.1", "580,95", "580.95.",
		"r580", "580.-1", "580.0x1",
	};
	uint32_t a, b, c, v;
	size_t i;

	(void)state;
	assert_ok(mig_driver_parse(&a, "580"));
	assert_ok(mig_driver_parse(&b, "580.95"));
	assert_ok(mig_driver_parse(&c, "580.95.05"));
	assert_true(a < b && b < c);
	assert_ok(mig_driver_parse(&v, "580.0.0"));
	assert_int_equal(v, a);
	assert_ok(mig_driver_parse(&v, "580.95.0"));
	assert_int_equal(v, b);
	assert_ok(mig_driver_parse(&v, "580.95.5"));
	assert_int_equal(v, c);
	assert_ok(mig_driver_parse(&v, "579.999.999"));
	assert_true(v < a);
	assert_ok(mig_driver_parse(&v, "580.96"));
	assert_true(v > c);
	assert_ok(mig_driver_parse(&v, "1000.1.1"));
	assert_true(v > c);
	assert_ok(mig_driver_parse(&v, "535.104.12"));
	assert_true(v < a);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 12345;
		assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_driver_parse(&v, bad[i]));
		assert_int_equal(v, 12345); /* untouched on failure */
		if (!strstr(mig_errmsg(), bad[i]) || !strstr(mig_errmsg(), "<major>[.<minor>[.<patch>]]")) {
			print_error("message for \"%s\": %s\n", bad[i], mig_errmsg());
			fail();
		}
	}
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_driver_parse(&v, NULL));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_driver_parse(NULL, "580"));
}

/* ---- every driver gives a sound set ------------------------------------ */

static void check_set(const mig_model *m, const char *driver)
{
	mig_gi_profile_info info[MAXP];
	const mig_gi_profile *prof[MAXP];
	size_t n = profile_set(m, driver, info, prof), i, j;
	char ctx[128];
	unsigned units = mig_model_placement_units(m);
	int full = 0;

	snprintf(ctx, sizeof(ctx), "%s @ %s", mig_model_key(m), driver ? driver : "(default)");
	if (n == 0)
		fail_at(ctx, "no GI profiles");
	for (i = 0; i < n; i++) {
		const mig_gi_profile_info *p = &info[i];
		unsigned g = 0;
		uint32_t s;

		for (j = i + 1; j < n; j++) {
			if (info[j].id == p->id)
				fail_at(ctx, "duplicate profile ID");
			if (!strcmp(info[j].name, p->name))
				fail_at(ctx, "duplicate profile name");
		}
		/* NVML enum order, then ID */
		if (i > 0 && (info[i - 1].nvml_index > p->nvml_index ||
			      (info[i - 1].nvml_index == p->nvml_index && info[i - 1].id >= p->id)))
			fail_at(ctx, "profiles not in NVML enum order");
		if (sscanf(p->name, "%ug.", &g) != 1 || g != p->slices)
			fail_at(ctx, "profile name does not start with <slices>g.");
		if (p->placement_size == units)
			full = 1;
		if (p->instance_count == 0 || p->instance_count > popcount32(p->placements))
			fail_at(ctx, "instance count exceeds the placements");
		for (s = 0; s < 32; s++)
			if (p->placements & (1u << s)) {
				if (s + p->placement_size > units)
					fail_at(ctx, "placement beyond the last unit");
				if (s % p->placement_size)
					fail_at(ctx, "placement not aligned to its size");
			}
		if (p->sm == 0 || p->memory_mib == 0 || p->memory_mib > mig_model_memory_mib(m))
			fail_at(ctx, "zero SM or memory, or memory above the board's");
		if (!(p->unconfirmed & MIG_FIG_NVML_INDEX))
			fail_at(ctx, "NVML enum pairing is [I] everywhere (§geometry-1.3)");
		if (!p->note)
			fail_at(ctx, "note must never be NULL");
		/* the public pointer and its info agree */
		{
			mig_gi_profile_info again;
			mig_gi_profile_get(prof[i], &again);
			assert_int_equal(again.id, p->id);
		}
	}
	if (!full)
		fail_at(ctx, "no full-GPU profile");
}

/*
 * The public maximums of include/mig.h hold for every model under every
 * driver it knows: an array of that size always takes a whole list.
 */
static void test_public_maximums(void **state)
{
	(void)state;
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (size_t d = 0; mig_model_driver(m, d); d++) {
			const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
			size_t np = 0;

			assert_int_equal(mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &np, m,
							       mig_model_driver(m, d)),
					 MIG_SUCCESS);
			for (size_t k = 0; k < np; k++) {
				mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
				mig_gi_profile_info gi;
				size_t nci = 0;

				mig_gi_profile_get(p[k], &gi);
				assert_true(gi.instance_count <= MIG_MAX_GIS);
				assert_true((unsigned)__builtin_popcount(gi.placements) <=
					    MIG_MAX_PLACEMENTS);
				assert_int_equal(mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES,
									    &nci, p[k]),
						 MIG_SUCCESS);
				for (size_t c = 0; c < nci; c++) {
					assert_true(ci[c].instance_count <= MIG_MAX_CIS);
					assert_true((unsigned)__builtin_popcount(ci[c].placements) <=
						    MIG_MAX_PLACEMENTS);
				}
			}
		}
	}
}

/* mig_model_gi_profile_infos is mig_model_gi_profiles + mig_gi_profile_get, one list call. */
static void test_gi_profile_infos(void **state)
{
	(void)state;
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (size_t d = 0; mig_model_driver(m, d); d++) {
			const char *drv = mig_model_driver(m, d);
			const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
			mig_gi_profile_info info[MIG_MAX_GI_PROFILES], one, sentinel[3];
			size_t np = 0, ni = 0, nc = 0;

			assert_ok(mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &np, m, drv));
			assert_ok(mig_model_gi_profile_infos(info, MIG_MAX_GI_PROFILES, &ni, m, drv));
			assert_int_equal(ni, np);
			for (size_t k = 0; k < np; k++) {
				mig_gi_profile_get(p[k], &one);
				assert_memory_equal(&info[k], &one, sizeof(one));
			}
			/* NULL asks for the count; a short array is filled and refused */
			assert_ok(mig_model_gi_profile_infos(NULL, 0, &nc, m, drv));
			assert_int_equal(nc, np);
			assert_true(np > 2); /* every MIG GPU has more than two GI profiles */
			memset(sentinel, 0xa5, sizeof(sentinel));
			nc = 0;
			assert_int_equal(mig_model_gi_profile_infos(sentinel, 2, &nc, m, drv),
					 MIG_ERROR_INSUFFICIENT_SIZE);
			assert_int_equal(nc, np);
			assert_memory_equal(&sentinel[0], &info[0], sizeof(info[0]));
			assert_memory_equal(&sentinel[1], &info[1], sizeof(info[1]));
			assert_int_equal(((unsigned char *)&sentinel[2])[0], 0xa5);
		}
		assert_int_equal(mig_model_gi_profile_infos(NULL, 0, NULL, m, NULL),
				 MIG_ERROR_INVALID_ARGUMENT);
	}
}

static void test_known_drivers(void **state)
{
	size_t i, k, count = 0;

	(void)state;
	for (i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);
		size_t nd = mig_model_driver_count(m);
		mig_gi_profile_info a[MAXP], b[MAXP];
		size_t na, nb;
		uint32_t prev = 0xFFFFFFFFu;

		assert_true(nd >= 1);
		assert_null(mig_model_driver(m, nd));
		for (k = 0; k < nd; k++) {
			uint32_t v;
			assert_ok(mig_driver_parse(&v, mig_model_driver(m, k)));
			if (v >= prev)
				fail_at(mig_model_key(m), "drivers not newest first");
			prev = v;
			check_set(m, mig_model_driver(m, k));
		}
		for (k = 0; k < NPROBES; k++)
			check_set(m, probe_drivers[k]);
		check_set(m, NULL);

		/* NULL is drivers[0] */
		na = profile_set(m, NULL, a, NULL);
		nb = profile_set(m, mig_model_driver(m, 0), b, NULL);
		assert_int_equal(na, nb);
		for (k = 0; k < na; k++) {
			assert_int_equal(a[k].id, b[k].id);
			assert_int_equal(a[k].memory_mib, b[k].memory_mib);
		}
		/* an unparsable driver gives nothing and says why */
		assert_int_equal(mig_model_gi_profiles(NULL, 0, &count, m, "5x0"),
				 MIG_ERROR_INVALID_ARGUMENT);
		assert_non_null(strstr(mig_errmsg(), "5x0"));
		/* cap smaller than the set: count still returned, nothing beyond cap written */
		{
			const mig_gi_profile *p[3] = { NULL, NULL, NULL };
			size_t n = 0;
			assert_int_equal(mig_model_gi_profiles(p, 2, &n, m, NULL),
					 MIG_ERROR_INSUFFICIENT_SIZE);
			assert_true(n > 2);
			assert_non_null(p[0]);
			assert_non_null(p[1]);
			assert_null(p[2]);
			assert_int_equal(mig_model_gi_profiles(NULL, 0, &count, m, NULL), MIG_SUCCESS);
			assert_int_equal(count, n);
		}
	}
}

/* ---- driver gating ---------------------------------------------------- */

static void expect_has(const char *key, const char *driver, unsigned id, int present)
{
	mig_gi_profile_info info[MAXP];
	size_t n = profile_set(model_or_fail(key), driver, info, NULL);
	char ctx[128];

	snprintf(ctx, sizeof(ctx), "%s @ %s, profile %u", key, driver, id);
	if ((find_id(info, n, id) >= 0) != present)
		fail_at(ctx, present ? "missing" : "should not exist yet");
}

static unsigned mib_of(const char *key, const char *driver, unsigned id)
{
	mig_gi_profile_info info[MAXP];
	size_t n = profile_set(model_or_fail(key), driver, info, NULL);
	int i = find_id(info, n, id);

	assert_true(i >= 0);
	return info[i].memory_mib;
}

static void test_driver_gating(void **state)
{
	(void)state;
	/* UG: 1g+me from R470, A100 ID 15 and A30 ID 6 from R525 (§geometry-2.1, §geometry-2.2) */
	expect_has("A100-SXM4-40GB", "450.80.02", 20, 0);
	expect_has("A100-SXM4-40GB", "470", 20, 1);
	expect_has("A100-SXM4-40GB", "524.999.999", 15, 0);
	expect_has("A100-SXM4-40GB", "525", 15, 1);
	expect_has("A100-PCIE-80GB", "515.86.01", 15, 0);
	expect_has("A100-PCIE-80GB", "580.173.02", 15, 1);
	expect_has("A30-24GB", "470.256.02", 6, 0);
	expect_has("A30-24GB", "535.183.01", 6, 1);
	/* B200: 4g.90gb only from the March 2025 driver (§geometry-2.11) */
	expect_has("B200-180GB", "570", 5, 0);
	expect_has("B200-180GB", "580.173.02", 5, 1);
	/* memory branches */
	expect_uint("A100-40GB 7g", "R450", mib_of("A100-SXM4-40GB", "450.80.02", 0), 40448);
	expect_uint("A100-40GB 7g", "R535", mib_of("A100-SXM4-40GB", "535.261.03", 0), 40192);
	expect_uint("A100-40GB 7g", "R580", mib_of("A100-SXM4-40GB", "580.126.09", 0), 40320);
	expect_uint("H100 PCIe 1g", "525.125.06", mib_of("H100-PCIE-80GB", "525.125.06", 19), 9856);
	expect_uint("H100 PCIe 1g", "570.169", mib_of("H100-PCIE-80GB", "570.169", 19), 9984);
	expect_uint("H200 7g", "570", mib_of("H200-SXM-141GB", "570", 0), 143104);
	expect_uint("H200 7g", "580.173.02", mib_of("H200-SXM-141GB", "580.173.02", 0), 143360);
	expect_uint("B200 1g", "Jan 2025", mib_of("B200-180GB", "570", 19), 22528);
	expect_uint("B200 1g", "Mar 2025", mib_of("B200-180GB", "580.173.02", 19), 20992);
	/* MIG device totals of real main screens (§smi-11.5) */
	expect_uint("H100 3g", "535.104.12", mib_of("H100-SXM5-80GB", "535.104.12", 9), 40448);
	expect_uint("H100 2g", "535.104.12", mib_of("H100-SXM5-80GB", "535.104.12", 14), 20096);
	expect_uint("H100 1g", "535.104.12", mib_of("H100-SXM5-80GB", "535.104.12", 19), 9984);
	expect_uint("H100 3g", "580.65.06", mib_of("H100-SXM5-80GB", "580.65.06", 9), 40448);
	expect_uint("H100 1g+me", "580.173.02", mib_of("H100-SXM5-80GB", "580.173.02", 20), 9984);
	expect_uint("A100 4g", "580.126.09", mib_of("A100-SXM4-40GB", "580.126.09", 5), 20096);
	expect_uint("A100 2g", "580.126.09", mib_of("A100-SXM4-40GB", "580.126.09", 14), 9984);
	expect_uint("A100 1g", "580.126.09", mib_of("A100-SXM4-40GB", "580.126.09", 19), 4864);
}

/* ---- -lgip transcripts --------------------------------------------------- */

typedef struct lgip_row {
	char name[32];
	unsigned id, free, total, sm, dec, enc, ce, jpeg, ofa;
	char gib[16], p2p[8];
} lgip_row;

static size_t parse_lgip(char *text, lgip_row *rows, size_t max)
{
	size_t n = 0;
	char *save = NULL, *line;
	int want_second = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char copy[256], *tok[16];
		size_t nt;

		if (line[0] != '|')
			continue;
		snprintf(copy, sizeof(copy), "%s", line);
		nt = tokens(copy, tok, 16);
		if (nt == 10 && !strcmp(tok[1], "MIG") && n < max) {
			lgip_row *r = &rows[n];
			snprintf(r->name, sizeof(r->name), "%s", tok[2]);
			r->id = (unsigned)atoi(tok[3]);
			if (sscanf(tok[4], "%u/%u", &r->free, &r->total) != 2)
				return 0;
			snprintf(r->gib, sizeof(r->gib), "%s", tok[5]);
			snprintf(r->p2p, sizeof(r->p2p), "%s", tok[6]);
			r->sm = (unsigned)atoi(tok[7]);
			r->dec = (unsigned)atoi(tok[8]);
			r->enc = (unsigned)atoi(tok[9]);
			want_second = 1;
		} else if (want_second && nt == 3 && all_digits(tok[0]) && all_digits(tok[1]) &&
			   all_digits(tok[2])) {
			rows[n].ce = (unsigned)atoi(tok[0]);
			rows[n].jpeg = (unsigned)atoi(tok[1]);
			rows[n].ofa = (unsigned)atoi(tok[2]);
			n++;
			want_second = 0;
		}
	}
	return n;
}

static void test_lgip_transcripts(void **state)
{
	char files[32][128];
	size_t nf = data_files("lgip-", files, 32), f, checked = 0;

	(void)state;
	assert_true(nf >= 6);
	for (f = 0; f < nf; f++) {
		char model[64], driver[32], ctx[256], gib[16];
		char *text = read_data(files[f]);
		lgip_row rows[MAXP];
		mig_gi_profile_info info[MAXP];
		size_t nr, np, i;
		const mig_model *m;

		parse_header(text, files[f], model, driver);
		m = model_or_fail(model);
		nr = parse_lgip(strchr(text, '\n') + 1, rows, MAXP);
		if (nr == 0)
			fail_at(files[f], "no -lgip rows parsed");
		np = profile_set(m, driver, info, NULL);
		snprintf(ctx, sizeof(ctx), "%s (%s @ %s)", files[f], model, driver);
		expect_uint(ctx, "number of profiles", (unsigned)np, (unsigned)nr);
		qsort(info, np, sizeof(info[0]), lgip_cmp);
		for (i = 0; i < nr; i++) {
			const lgip_row *r = &rows[i];
			const mig_gi_profile_info *p = &info[i];
			char rctx[300];

			snprintf(rctx, sizeof(rctx), "%.200s row %zu (MIG %.31s)", ctx, i + 1, r->name);
			expect_uint(rctx, "ID in -lgip order", p->id, r->id);
			expect_str(rctx, "name", p->name, r->name);
			expect_uint(rctx, "Total", p->instance_count, r->total);
			if (r->free == r->total)
				expect_uint(rctx, "Free (nothing created)", p->instance_count, r->free);
			else if (r->free > r->total)
				fail_at(rctx, "Free above Total");
			gib_text(gib, sizeof(gib), p->memory_mib);
			expect_str(rctx, "memory GiB", gib, r->gib);
			expect_str(rctx, "P2P", r->p2p, "No");
			expect_uint(rctx, "SM", p->sm, r->sm);
			expect_uint(rctx, "DEC", p->dec, r->dec);
			expect_uint(rctx, "ENC", p->enc, r->enc);
			expect_uint(rctx, "CE", p->ce, r->ce);
			expect_uint(rctx, "JPEG", p->jpeg, r->jpeg);
			expect_uint(rctx, "OFA", p->ofa, r->ofa);
			checked++;
		}
		free(text);
	}
	assert_true(checked >= 40);
}

/* ---- -lgipp transcripts -------------------------------------------------- */

static void test_lgipp_transcripts(void **state)
{
	char files[32][128];
	size_t nf = data_files("lgipp-", files, 32), f, checked = 0;

	(void)state;
	assert_true(nf >= 3);
	for (f = 0; f < nf; f++) {
		char model[64], driver[32], ctx[256];
		char *text = read_data(files[f]), *save = NULL, *line;
		mig_gi_profile_info info[MAXP];
		size_t np, i = 0;

		parse_header(text, files[f], model, driver);
		np = profile_set(model_or_fail(model), driver, info, NULL);
		qsort(info, np, sizeof(info[0]), lgip_cmp); /* -lgipp uses -lgip's order */
		snprintf(ctx, sizeof(ctx), "%s (%s @ %s)", files[f], model, driver);
		for (line = strtok_r(strchr(text, '\n') + 1, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			unsigned gpu, id, size, s;
			uint32_t starts = 0;
			char *p, *q, rctx[300];
			int multi;

			if (sscanf(line, "GPU %u Profile ID %u", &gpu, &id) != 2)
				continue;
			snprintf(rctx, sizeof(rctx), "%.200s line for ID %u", ctx, id);
			if (i >= np)
				fail_at(rctx, "more lines than profiles");
			multi = strstr(line, " Placements: {") != NULL;
			if (!multi && !strstr(line, " Placement : {"))
				fail_at(rctx, "neither \"Placements:\" nor \"Placement :\"");
			p = strchr(line, '{') + 1;
			q = strchr(p, '}');
			if (!q || sscanf(q, "}:%u", &size) != 1)
				fail_at(rctx, "bad placement list");
			while (p < q) {
				s = (unsigned)strtoul(p, &p, 10);
				starts |= 1u << s;
				if (*p == ',')
					p++;
			}
			expect_uint(rctx, "ID in -lgipp order", info[i].id, id);
			expect_uint(rctx, "placements", info[i].placements, starts);
			expect_uint(rctx, "placement size", info[i].placement_size, size);
			expect_uint(rctx, "\"Placements\" iff more than one", (unsigned)multi,
				    popcount32(info[i].placements) > 1);
			i++;
			checked++;
		}
		expect_uint(ctx, "lines", (unsigned)i, (unsigned)np);
		free(text);
	}
	assert_true(checked >= 20);
}

/* ---- §geometry-2 table rows ------------------------------------------------- */

static void tsv_uint(const char *ctx, const char *what, const char *field, unsigned got)
{
	if (strcmp(field, "-") != 0)
		expect_uint(ctx, what, got, (unsigned)strtoul(field, NULL, 10));
}

static void test_spec_tables(void **state)
{
	char *text = read_data("spec-tables.tsv");
	char *save = NULL, *line;
	size_t rows = 0;

	(void)state;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[16], *s2 = NULL, *t, ctx[256], buf[64];
		mig_gi_profile_info info[MAXP];
		size_t nf = 0, np;
		int i;

		if (line[0] == '#' || !strncmp(line, "model\t", 6))
			continue;
		for (t = strtok_r(line, "\t", &s2); t && nf < 16; t = strtok_r(NULL, "\t", &s2))
			f[nf++] = t;
		if (nf != 13)
			fail_at(line, "expected 13 tab-separated fields");
		snprintf(ctx, sizeof(ctx), "spec-tables.tsv %s @ %s %s", f[0], f[1], f[2]);
		np = profile_set(model_or_fail(f[0]), f[1], info, NULL);
		i = find_id(info, np, (unsigned)atoi(f[3]));
		if (i < 0)
			fail_at(ctx, "profile ID not offered under this driver");
		expect_str(ctx, "name", info[i].name, f[2]);
		tsv_uint(ctx, "Total", f[4], info[i].instance_count);
		gib_text(buf, sizeof(buf), info[i].memory_mib);
		if (strcmp(f[5], "-") != 0)
			expect_str(ctx, "memory GiB", buf, f[5]);
		tsv_uint(ctx, "SM", f[6], info[i].sm);
		tsv_uint(ctx, "CE", f[7], info[i].ce);
		tsv_uint(ctx, "DEC", f[8], info[i].dec);
		tsv_uint(ctx, "ENC", f[9], info[i].enc);
		tsv_uint(ctx, "JPEG", f[10], info[i].jpeg);
		tsv_uint(ctx, "OFA", f[11], info[i].ofa);
		if (strcmp(f[12], "-") != 0) {
			placements_text(buf, sizeof(buf), info[i].placements, info[i].placement_size);
			expect_str(ctx, "placements", buf, f[12]);
		}
		rows++;
	}
	free(text);
	assert_true(rows >= 90);
}

/* ---- §geometry-1.8 name rule -------------------------------------------------- */

/*
 * go-nvlib getMigMemorySizeGB (§geometry-1.8): frac = memorySizeMB·MiB / total
 * bytes, rounded up to eighths; GB = round-half-away(frac · ceil(total GiB)).
 * Done in integers: the byte factors cancel, and everything is >= 0.
 */
static unsigned name_gb(unsigned mib, unsigned total_mib)
{
	unsigned long long eighths = ((unsigned long long)mib * 8 + total_mib - 1) / total_mib;
	unsigned long long total_gib = (total_mib + 1023ull) / 1024;

	return (unsigned)((eighths * total_gib * 2 + 8) / 16); /* (e/8)·G rounded half up */
}

static void test_name_formula(void **state)
{
	size_t i, k, j, checked = 0;

	(void)state;
	/* the spec's own examples */
	assert_int_equal(name_gb(9984, 81559), 10);
	assert_int_equal(name_gb(4864, 40960), 5);
	assert_int_equal(name_gb(16384, 143771), 18);  /* 17.625 -> 18 */
	assert_int_equal(name_gb(71168, 143771), 71);  /* 70.5 -> 71 */
	assert_int_equal(name_gb(22528, 183359), 23);  /* 22.5 -> 23 */
	for (i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (k = 0; k < NPROBES + mig_model_driver_count(m); k++) {
			const char *drv = k < NPROBES ? probe_drivers[k] : mig_model_driver(m, k - NPROBES);
			mig_gi_profile_info info[MAXP];
			size_t n = profile_set(m, drv, info, NULL);

			for (j = 0; j < n; j++) {
				unsigned g, gb;
				char ctx[160];

				snprintf(ctx, sizeof(ctx), "%s @ %s %s (%u MiB of %u)", mig_model_key(m), drv,
					 info[j].name, info[j].memory_mib, mig_model_memory_mib(m));
				if (sscanf(info[j].name, "%ug.%ugb", &g, &gb) != 2)
					fail_at(ctx, "name is not <g>g.<N>gb");
				expect_uint(ctx, "GB of the name", name_gb(info[j].memory_mib,
									    mig_model_memory_mib(m)), gb);
				checked++;
			}
		}
	}
	assert_true(checked > 1000);
}

/* ---- engine budget -------------------------------------------------------- */

enum { PLAIN, ME, ALL, NOME };

static int media_kind(const char *name)
{
	size_t n = strlen(name);

	if (n > 7 && !strcmp(name + n - 7, "+me.all"))
		return ALL;
	if (n > 3 && !strcmp(name + n - 3, "-me"))
		return NOME;
	if (strstr(name, "+me"))
		return ME;
	return PLAIN;
}

typedef struct budget {
	const mig_gi_profile_info *info;
	size_t n;
	unsigned pair_prof[64], pair_start[64];
	size_t npairs;
	unsigned limit[5];
	unsigned count[MAXP];
	unsigned sum[5];
	uint32_t used;
	int media, with_all, non_nome;
	size_t combos;
	const char *ctx;
} budget;

static void engines(const mig_gi_profile_info *p, unsigned e[5])
{
	e[0] = p->ce;
	e[1] = p->dec;
	e[2] = p->enc;
	e[3] = p->jpeg;
	e[4] = p->ofa;
}

/*
 * Every set of disjoint placements with at most one media-extension GI
 * (and only -me GIs beside a +me.all) must fit the full profile's engines:
 * those are the layouts the driver allows, so the budget may not refuse one.
 */
static void budget_dfs(budget *b, size_t k)
{
	static const char *const names[5] = { "CE", "DEC", "ENC", "JPEG", "OFA" };

	for (; k < b->npairs; k++) {
		const mig_gi_profile_info *p = &b->info[b->pair_prof[k]];
		uint32_t span = ((1u << p->placement_size) - 1) << b->pair_start[k];
		int kind = media_kind(p->name);
		unsigned e[5], i;

		if ((b->used & span) || b->count[b->pair_prof[k]] >= p->instance_count)
			continue;
		if ((kind == ME || kind == ALL) && b->media)
			continue;
		if (kind == ALL && b->non_nome)
			continue;
		if (kind != NOME && kind != ALL && b->with_all)
			continue;
		engines(p, e);
		b->used |= span;
		b->count[b->pair_prof[k]]++;
		b->media += kind == ME || kind == ALL;
		b->with_all += kind == ALL;
		b->non_nome += kind != NOME && kind != ALL;
		for (i = 0; i < 5; i++) {
			b->sum[i] += e[i];
			if (b->sum[i] > b->limit[i]) {
				print_error("%s: a legal layout needs %u %s, the full profile has %u\n", b->ctx,
					    b->sum[i], names[i], b->limit[i]);
				fail();
			}
		}
		b->combos++;
		budget_dfs(b, k + 1);
		for (i = 0; i < 5; i++)
			b->sum[i] -= e[i];
		b->used &= ~span;
		b->count[b->pair_prof[k]]--;
		b->media -= kind == ME || kind == ALL;
		b->with_all -= kind == ALL;
		b->non_nome -= kind != NOME && kind != ALL;
	}
}

static int exceeds(const unsigned limit[5], const mig_gi_profile_info *x, const mig_gi_profile_info *y)
{
	unsigned ex[5], ey[5], i;

	engines(x, ex);
	engines(y, ey);
	for (i = 0; i < 5; i++)
		if (ex[i] + ey[i] > limit[i])
			return 1;
	return 0;
}

/* Two profiles can coexist by placement alone. */
static int disjoint_somewhere(const mig_gi_profile_info *x, const mig_gi_profile_info *y)
{
	unsigned a, c;

	for (a = 0; a < 32; a++)
		for (c = 0; c < 32; c++)
			if ((x->placements & (1u << a)) && (y->placements & (1u << c)) &&
			    (a + x->placement_size <= c || c + y->placement_size <= a))
				return 1;
	return 0;
}

static void check_budget(const mig_model *m, const char *drv)
{
	mig_gi_profile_info info[MAXP];
	size_t n = profile_set(m, drv, info, NULL), i, j;
	unsigned units = mig_model_placement_units(m);
	const mig_gi_profile_info *full = NULL, *small = NULL, *me = NULL;
	char ctx[128];
	budget b;

	snprintf(ctx, sizeof(ctx), "%s @ %s", mig_model_key(m), drv);
	memset(&b, 0, sizeof(b));
	b.info = info;
	b.n = n;
	b.ctx = ctx;
	for (i = 0; i < n; i++) {
		uint32_t s;
		/* the full profile: first of size == units in NVML order (7g, 4g.24gb, 4g.96gb) */
		if (!full && info[i].placement_size == units)
			full = &info[i];
		if (!small && info[i].slices == 1 && media_kind(info[i].name) == PLAIN)
			small = &info[i];
		if (!me && media_kind(info[i].name) == ME && info[i].slices == 1)
			me = &info[i];
		for (s = 0; s < 32; s++)
			if (info[i].placements & (1u << s)) {
				assert_true(b.npairs < 64);
				b.pair_prof[b.npairs] = (unsigned)i;
				b.pair_start[b.npairs++] = s;
			}
	}
	if (!full || !small)
		fail_at(ctx, "no full or no 1g profile");
	engines(full, b.limit);

	/* the named cases: all-1g, and +me with the other 1g */
	for (j = 0; j < 5; j++) {
		unsigned e1[5], em[5];
		engines(small, e1);
		if (e1[j] * small->instance_count > b.limit[j])
			fail_at(ctx, "all-1g exceeds the full profile's engines");
		if (me) {
			engines(me, em);
			if (em[j] + e1[j] * (small->instance_count - 1) > b.limit[j])
				fail_at(ctx, "+me with the other 1g exceeds the full profile's engines");
		}
	}

	budget_dfs(&b, 0);
	if (b.combos < n)
		fail_at(ctx, "search found too few layouts");

	/* ...and the rule does make media extensions exclusive */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int ki = media_kind(info[i].name), kj = media_kind(info[j].name);
			int clash = (ki == ME || ki == ALL) && (kj == ME || kj == ALL) && i != j;

			clash |= ki == ALL && kj != NOME && kj != ALL;
			if (clash && disjoint_somewhere(&info[i], &info[j]) && !exceeds(b.limit, &info[i], &info[j])) {
				print_error("%s: %s and %s fit the engine budget together\n", ctx, info[i].name,
					    info[j].name);
				fail();
			}
		}
}

static void test_engine_budget(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (k = 0; k < NPROBES; k++)
			check_budget(m, probe_drivers[k]);
		for (k = 0; k < mig_model_driver_count(m); k++)
			check_budget(m, mig_model_driver(m, k));
	}
}

/* ---- CI profiles ----------------------------------------------------------- */

typedef struct ci_want {
	unsigned id, count, slices, sm;
	uint32_t placements;
	const char *name;
} ci_want;

static const mig_gi_profile *profile_named(const char *key, const char *driver, const char *name)
{
	const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
	size_t n = 0, i;

	if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &n, model_or_fail(key), driver) != MIG_SUCCESS)
		n = 0;

	for (i = 0; i < n; i++) {
		mig_gi_profile_info info;
		mig_gi_profile_get(p[i], &info);
		if (!strcmp(info.name, name))
			return p[i];
	}
	fail_at(name, "profile not found");
	return NULL;
}

static void expect_cis(const char *key, const char *gi, const ci_want *w, size_t nw, int flagged)
{
	mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
	size_t n = 0, i;
	char ctx[128];

	assert_int_equal(mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &n,
						    profile_named(key, NULL, gi)),
			 MIG_SUCCESS);
	snprintf(ctx, sizeof(ctx), "%s %s", key, gi);
	expect_uint(ctx, "CI profile count", (unsigned)n, (unsigned)nw);
	for (i = 0; i < n; i++) {
		char c[160];
		snprintf(c, sizeof(c), "%s CI %s", ctx, w[i].name);
		expect_str(c, "name", ci[i].name, w[i].name);
		expect_uint(c, "id", ci[i].id, w[i].id);
		expect_uint(c, "instances", ci[i].instance_count, w[i].count);
		expect_uint(c, "slices", ci[i].slices, w[i].slices);
		expect_uint(c, "placements", ci[i].placements, w[i].placements);
		expect_uint(c, "default", (unsigned)ci[i].is_default, i == n - 1);
		if (w[i].sm)
			expect_uint(c, "SM", ci[i].sm, w[i].sm);
		if (flagged >= 0)
			expect_uint(c, "CI_PROFILES unconfirmed", !!(ci[i].unconfirmed & MIG_FIG_CI_PROFILES),
				    (unsigned)flagged);
	}
}

static void test_ci_rule(void **state)
{
	/* §geometry-2.2, mig-parted known configs; SMs 14 per GPC on GA100 */
	static const ci_want a7[] = {
		{ 0, 7, 1, 14, 0x7F, "1c.7g.40gb" }, { 1, 3, 2, 28, 0x15, "2c.7g.40gb" },
		{ 2, 2, 3, 42, 0x11, "3c.7g.40gb" }, { 3, 1, 4, 56, 0x01, "4c.7g.40gb" },
		{ 4, 1, 7, 98, 0x01, "7g.40gb" },
	};
	/* ssup2 -lcip on 580.126.09 (§smi-5) */
	static const ci_want a4[] = {
		{ 0, 4, 1, 14, 0x0F, "1c.4g.20gb" }, { 1, 2, 2, 28, 0x05, "2c.4g.20gb" },
		{ 3, 1, 4, 56, 0x01, "4g.20gb" },
	};
	static const ci_want a3[] = {
		{ 0, 3, 1, 14, 0x07, "1c.3g.20gb" }, { 1, 1, 2, 28, 0x01, "2c.3g.20gb" },
		{ 2, 1, 3, 42, 0x01, "3g.20gb" },
	};
	static const ci_want a2[] = { { 0, 2, 1, 14, 0x03, "1c.2g.10gb" }, { 1, 1, 2, 28, 0x01, "2g.10gb" } };
	static const ci_want a1[] = { { 0, 1, 1, 14, 0x01, "1g.5gb" } };
	/*
	 * Double-memory 1-slice GIs offer the plain 1-slice CI (profile 0) beside
	 * their default, profile 7: mig-parted's all-1g.10gb / all-1g.20gb presets
	 * create profile 0 there (docs/libmig.md).
	 */
	static const ci_want a1d[] = { { 0, 1, 1, 14, 0x01, "1g.10gb" }, { 7, 1, 1, 14, 0x01, "1g.10gb" } };
	static const ci_want a30[] = { { 0, 2, 1, 14, 0x03, "1c.2g.12gb" }, { 1, 1, 2, 28, 0x01, "2g.12gb" } };
	static const ci_want h15[] = { { 0, 1, 1, 26, 0x01, "1g.20gb" }, { 7, 1, 1, 26, 0x01, "1g.20gb" } };
	static const ci_want gh15[] = { { 0, 1, 1, 26, 0x01, "1g.24gb" }, { 7, 1, 1, 26, 0x01, "1g.24gb" } };
	static const ci_want h2[] = { { 0, 2, 1, 16, 0x03, "1c.2g.20gb" }, { 1, 1, 2, 32, 0x01, "2g.20gb" } };
	/* 1c = the 1g.24gb's 46 SMs, not half of 94 */
	static const ci_want rtx2[] = { { 0, 2, 1, 46, 0x03, "1c.2g.48gb" }, { 1, 1, 2, 94, 0x01, "2g.48gb" } };
	/* 580.173.02 mixed H100 capture: "MIG 1c.3g.40gb" with 16 SMs (§smi-11.5), 3g ID 2 */
	static const ci_want h3[] = {
		{ 0, 3, 1, 16, 0x07, "1c.3g.40gb" }, { 1, 1, 2, 32, 0x01, "2c.3g.40gb" },
		{ 2, 1, 3, 60, 0x01, "3g.40gb" },
	};
	/* same capture: the CI of GI 11 (1g.10gb+me) is "MIG 1g.10gb", profile 0 (§smi-7, §smi-10) */
	static const ci_want hme[] = { { 0, 1, 1, 16, 0x01, "1g.10gb" } };
	mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
	size_t n;

	(void)state;
	expect_cis("A100-SXM4-40GB", "7g.40gb", a7, 5, 0);
	expect_cis("A100-SXM4-40GB", "4g.20gb", a4, 3, 0);
	expect_cis("A100-SXM4-40GB", "3g.20gb", a3, 3, 0);
	expect_cis("A100-SXM4-40GB", "2g.10gb", a2, 2, 0);
	expect_cis("A100-SXM4-40GB", "1g.5gb", a1, 1, 0);
	expect_cis("A100-SXM4-40GB", "1g.10gb", a1d, 2, 1); /* A100 default CI of ID 15 is [?] */
	expect_cis("A30-24GB", "2g.12gb", a30, 2, 0);
	expect_cis("H100-SXM5-80GB", "1g.20gb", h15, 2, 0);  /* "MIG 1g.20gb (ID 7)" */
	expect_cis("GH200-96GB", "1g.24gb", gh15, 2, 0);     /* -cgi 15,15,15 -C */
	expect_cis("H100-SXM5-80GB", "2g.20gb", h2, 2, 1);
	expect_cis("RTX-PRO-6000", "2g.48gb", rtx2, 2, 1);
	expect_cis("H100-SXM5-80GB", "3g.40gb", h3, 3, 1);
	expect_cis("H100-SXM5-80GB", "1g.10gb+me", hme, 1, 0);

	/* SM of a partial CI is a guess off GA100 */
	assert_int_equal(mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &n,
						    profile_named("H100-SXM5-80GB", NULL, "3g.40gb")),
			 MIG_SUCCESS);
	assert_int_equal(n, 3);
	assert_true(ci[1].unconfirmed & MIG_FIG_SM);
	assert_false(ci[2].unconfirmed & MIG_FIG_SM);
	assert_int_equal(mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &n,
						    profile_named("A100-SXM4-40GB", NULL, "3g.20gb")),
			 MIG_SUCCESS);
	assert_false(ci[0].unconfirmed & MIG_FIG_SM);

	/* cap */
	memset(ci, 0xAB, sizeof(ci));
	assert_int_equal(mig_gi_profile_ci_profiles(ci, 2, &n,
						    profile_named("A100-SXM4-40GB", NULL, "7g.40gb")),
			 MIG_ERROR_INSUFFICIENT_SIZE);
	assert_int_equal(n, 5);
	assert_int_equal(ci[1].id, 1);
	assert_int_equal(ci[2].id, 0xABABABABu);
	assert_int_equal(mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &n, NULL),
			 MIG_ERROR_INVALID_ARGUMENT);

	/*
	 * every GI of every model: exactly one default CI, the full one, and the
	 * plain 1-slice CI (profile 0) offered - what mig-parted asks for in
	 * every 1g GI
	 */
	{
		size_t i, j, k;
		for (i = 0; i < mig_catalog_count(); i++) {
			mig_gi_profile_info info[MAXP];
			const mig_gi_profile *p[MAXP];
			size_t np = profile_set(mig_catalog_model(i), NULL, info, p);
			for (j = 0; j < np; j++) {
				unsigned defaults = 0, plain = 0;
				if (mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &n, p[j]) != MIG_SUCCESS)
					n = 0;
				assert_true(n >= 1);
				for (k = 0; k < n; k++)
					plain += ci[k].id == 0 && ci[k].slices == 1;
				if (plain != 1)
					print_error("%s %s: no CI profile 0\n",
						    mig_model_key(mig_catalog_model(i)), info[j].name);
				assert_int_equal(plain, 1);
				for (k = 0; k < n; k++)
					if (ci[k].is_default) {
						defaults++;
						assert_int_equal(ci[k].slices, info[j].slices);
						assert_int_equal(strncmp(ci[k].name, info[j].name, strlen(ci[k].name)), 0);
						assert_int_equal(ci[k].sm, info[j].sm);
					}
				assert_int_equal(defaults, 1);
			}
		}
	}
}

/* ---- figures -------------------------------------------------------------- */

static const mig_figure *figure(const mig_figure *f, size_t n, const char *subject, const char *field)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(f[i].subject, subject) && !strcmp(f[i].field, field))
			return &f[i];
	print_error("no figure %s/%s\n", subject, field);
	fail();
	return NULL;
}

static void test_figures(void **state)
{
	static const struct {
		const char *field;
		uint32_t bit;
	} per_profile[] = {
		{ "name", MIG_FIG_NAME }, { "id", MIG_FIG_ID }, { "nvml_index", MIG_FIG_NVML_INDEX },
		{ "instance_count", MIG_FIG_COUNT }, { "memory_mib", MIG_FIG_MEMORY },
		{ "placements", MIG_FIG_PLACEMENTS }, { "sm", MIG_FIG_SM }, { "ce", MIG_FIG_CE },
		{ "dec", MIG_FIG_DEC }, { "enc", MIG_FIG_ENC }, { "jpeg", MIG_FIG_JPEG },
		{ "ofa", MIG_FIG_OFA }, { "ci_profiles", MIG_FIG_CI_PROFILES },
		{ "auto_placement", MIG_FIG_AUTO_PLACEMENT }, { "driver_range", MIG_FIG_DRIVER_RANGE },
	};
	size_t i, j, k, d;
	uint32_t seen_model = 0, seen_profile = 0;
	mig_figure *f;
	size_t n;

	(void)state;
	for (i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);
		uint32_t mu = mig_model_unconfirmed(m);

		seen_model |= mu;
		for (d = 0; d <= mig_model_driver_count(m); d++) {
			const char *drv = d ? mig_model_driver(m, d - 1) : NULL;
			mig_gi_profile_info info[MAXP];
			size_t np = profile_set(m, drv, info, NULL);

			assert_ok(mig_model_figures(&f, &n, m, drv));
			expect_uint(mig_model_key(m), "figure count", (unsigned)n, (unsigned)(7 + 15 * np));
			assert_int_equal(figure(f, n, "GPU", "auto_placement")->confirmed,
					 !(mu & MIG_FIG_AUTO_PLACEMENT));
			/* Behaviours the spec leaves unverified are never reported as confirmed. */
			assert_false(figure(f, n, "GPU", "disable_mig_with_gis")->confirmed);
			assert_false(figure(f, n, "GPU", "engine_budget")->confirmed);
			assert_int_equal(figure(f, n, "GPU", "name")->confirmed, !(mu & MIG_FIG_NAME));
			assert_string_equal(figure(f, n, "GPU", "name")->value, mig_model_name(m));
			assert_int_equal(figure(f, n, "GPU", "memory_mib")->confirmed, !(mu & MIG_FIG_TOTAL_MEMORY));
			assert_int_equal(figure(f, n, "GPU", "pci_device_id")->confirmed, !(mu & MIG_FIG_DEVICE_ID));
			for (j = 0; j < np; j++) {
				seen_profile |= info[j].unconfirmed;
				for (k = 0; k < sizeof(per_profile) / sizeof(per_profile[0]); k++) {
					const mig_figure *e = figure(f, n, info[j].name, per_profile[k].field);
					assert_int_equal(e->confirmed, !(info[j].unconfirmed & per_profile[k].bit));
				}
			}
			free(f);
		}
	}
	/* the catalog does report doubts of every kind it holds */
	assert_true(seen_model & MIG_FIG_NAME);
	assert_true(seen_model & MIG_FIG_TOTAL_MEMORY);
	assert_true(seen_profile & MIG_FIG_MEMORY);
	assert_true(seen_profile & MIG_FIG_SM);
	assert_true(seen_profile & MIG_FIG_PLACEMENTS);
	assert_true(seen_profile & MIG_FIG_DRIVER_RANGE);
	assert_true(seen_profile & MIG_FIG_AUTO_PLACEMENT);
	assert_true(seen_profile & MIG_FIG_ID);

	/* specific values */
	assert_ok(mig_model_figures(&f, &n, model_or_fail("H100-SXM5-80GB"), NULL));
	assert_string_equal(figure(f, n, "GPU", "memory_mib")->value, "81559");
	assert_true(figure(f, n, "GPU", "memory_mib")->confirmed);
	assert_string_equal(figure(f, n, "GPU", "pci_device_id")->value, "0x2330");
	assert_string_equal(figure(f, n, "1g.20gb", "placements")->value, "{0,2,4,6}:2");
	assert_string_equal(figure(f, n, "1g.20gb", "ci_profiles")->value, "0:1,7*:1");
	assert_true(figure(f, n, "1g.20gb", "ci_profiles")->confirmed);
	assert_string_equal(figure(f, n, "1g.20gb", "auto_placement")->value, "starts 4,0,2,6");
	assert_false(figure(f, n, "1g.20gb", "auto_placement")->confirmed);
	assert_string_equal(figure(f, n, "7g.80gb", "memory_mib")->value, "81152");
	assert_true(figure(f, n, "7g.80gb", "memory_mib")->confirmed);
	assert_false(figure(f, n, "7g.80gb", "nvml_index")->confirmed);
	assert_string_equal(figure(f, n, "7g.80gb", "ci_profiles")->value, "0:7,1:3,2:2,3:1,4*:1");
	free(f);
	assert_ok(mig_model_figures(&f, &n, model_or_fail("A100-SXM4-40GB"), "580.126.09"));
	assert_string_equal(figure(f, n, "4g.20gb", "ci_profiles")->value, "0:4,1:2,3*:1");
	assert_true(figure(f, n, "4g.20gb", "ci_profiles")->confirmed);
	assert_true(figure(f, n, "4g.20gb", "memory_mib")->confirmed);
	assert_string_equal(figure(f, n, "7g.40gb", "driver_range")->value, "580.0.0..any");
	free(f);
	assert_ok(mig_model_figures(&f, &n, model_or_fail("H20-96GB"), NULL));
	assert_false(figure(f, n, "7g.96gb", "sm")->confirmed);
	assert_false(figure(f, n, "7g.96gb", "id")->confirmed);
	assert_false(figure(f, n, "GPU", "name")->confirmed);
	free(f);
	assert_ok(mig_model_figures(&f, &n, model_or_fail("RTX-PRO-6000"), NULL));
	assert_string_equal(figure(f, n, "1g.24gb+me.all", "placements")->value, "{0,3,6,9}:3");
	assert_string_equal(figure(f, n, "GPU", "placement_units")->value, "12");
	free(f);

	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_model_figures(&f, &n, model_or_fail("A30-24GB"), "x"));
	assert_mig(MIG_ERROR_INVALID_ARGUMENT, mig_model_figures(&f, &n, NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_driver_parse),
		cmocka_unit_test(test_known_drivers),
		cmocka_unit_test(test_public_maximums),
		cmocka_unit_test(test_gi_profile_infos),
		cmocka_unit_test(test_driver_gating),
		cmocka_unit_test(test_lgip_transcripts),
		cmocka_unit_test(test_lgipp_transcripts),
		cmocka_unit_test(test_spec_tables),
		cmocka_unit_test(test_name_formula),
		cmocka_unit_test(test_engine_budget),
		cmocka_unit_test(test_ci_rule),
		cmocka_unit_test(test_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
