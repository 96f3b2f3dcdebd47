/*
 * test_nvml_mig.c - the MIG calls of libnvidia-ml.so.1 (§nvml-A.6,
 * §nvml-A.7): MIG mode, versioned profile info, profile index vs ID on several
 * boards, placements, GPU and compute instances, MIG device handles, every
 * call's error cases; and that NVML and libmig (in this process and in
 * another) see each other's changes at once.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nvmltest.h"
#include "testutil.h"

#define MIB (1024ull * 1024ull)
#define GI_V2 0x02000098u
#define GI_V3 0x03000098u
#define CI_V2 0x02000088u
#define CI_V3 0x0300008Cu

/* libmig's GI list of GPU 0 in the node. */
static size_t node_gis(mig_gi_info *out, size_t cap)
{
	mig_state *st = nt_read();
	size_t n = 0;

	assert_mig_ok(mig_gi_list(out, cap, &n, st, 0));
	mig_state_free(st);
	return n;
}

static nvmlGpuInstance_t create_gi(unsigned profile_id)
{
	nvmlGpuInstance_t gi = NULL;

	assert_nvml_ok(nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), profile_id, &gi));
	assert_non_null(gi);
	return gi;
}

static unsigned gi_id(nvmlGpuInstance_t gi)
{
	nvmlGpuInstanceInfo_t info;

	assert_nvml_ok(nv.nvmlGpuInstanceGetInfo(gi, &info));
	return info.id;
}

/* MIG mode ------------------------------------------------------------------------------- */

static void test_mig_disabled_answers(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB@535.261.03", NULL);
	unsigned cur = 9, pend = 9, n = 9, id;
	nvmlGpuInstanceProfileInfo_t info;
	unsigned char v2[152];
	nvmlGpuInstance_t gis[8];
	nvmlGpuInstance_t gi;
	nvmlDevice_t mig;
	nvmlDeviceAttributes_t attr;
	nvmlGpuInstancePlacement_t pl[8];
	nvmlGpuInstancePlacement_t at = {0, 1};

	(void)state;
	nt_init(dir);
	/* §nvml-A.7, "With MIG disabled". */
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(0), &cur, &pend));
	assert_int_equal(cur, 0);
	assert_int_equal(pend, 0);
	assert_nvml_ok(nv.nvmlDeviceGetMaxMigDeviceCount(nt_gpu(0), &n));
	assert_int_equal(n, 0);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(0), 0, &info));
	memcpy(v2, &(unsigned){GI_V2}, 4);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstanceProfileInfoV(
						      nt_gpu(0), 0, (nvmlGpuInstanceProfileInfo_v2_t *)v2));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 19, &n));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 19, &gi));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 19, &at, &gi));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 19, gis, &n));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstanceById(nt_gpu(0), 7, &gi));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 0, &mig));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstanceId(nt_gpu(0), &id));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetComputeInstanceId(nt_gpu(0), &id));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetAttributes_v2(nt_gpu(0), &attr));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nt_gpu(0), &mig));
	assert_nvml_ok(nv.nvmlDeviceIsMigDeviceHandle(nt_gpu(0), &n));
	assert_int_equal(n, 0);
	/* Possible placements are static: answered in every mode. */
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(nt_gpu(0), 19, pl, &n));
	assert_int_equal(n, 7);
	nt_done();
	nt_node_free(dir);
	/*
	 * From R550 the profile calls answer with MIG disabled (the real 550 and
	 * 555 nvidia-smi print -lgip from them), nothing taken: Free = Total.
	 * The instance calls still refuse.
	 */
	dir = nt_node("H100-SXM5-80GB@550.163.01", NULL);
	nt_init(dir);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(0), 0, &info));
	assert_int_equal(info.id, 19);
	assert_int_equal(info.instanceCount, 7);
	memcpy(v2, &(unsigned){GI_V2}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfoV(
		nt_gpu(0), 0, (nvmlGpuInstanceProfileInfo_v2_t *)v2));
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 19, &n));
	assert_int_equal(n, 7);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 99, &n));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 19, &gi));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 19, gis, &n));
	nt_done();
	nt_node_free(dir);
}

static int attach_self(mig_state *st, void *arg)
{
	mig_process p;
	unsigned *where = arg;

	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "holder");
	p.used_mib = 512;
	p.gpu = where[0];
	p.gi = where[1];
	p.ci = where[2];
	return mig_process_attach(st, &p);
}

static int detach_self(mig_state *st, void *arg)
{
	(void)arg;
	return mig_process_detach(st, (unsigned)getpid());
}

static void test_set_mig_mode(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", "A100-SXM4-40GB,reset=passthrough",
			    "A100-SXM4-40GB,reset=passthrough-no-reset", NULL);
	unsigned cur, pend, n, where[3] = {0, MIG_NONE, MIG_NONE};
	nvmlReturn_t act;
	nvmlGpuInstance_t gi;
	mig_state *st;
	mig_gpu_info g;

	(void)state;
	nt_init(dir);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceSetMigMode(nt_gpu(0), 2, &act));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceSetMigMode(nt_gpu(0), 1, NULL));
	/* A GPU something holds: the call succeeds, the change stays pending (IN_USE). */
	nt_change(attach_self, where);
	act = NVML_SUCCESS;
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(0), 1, &act));
	assert_int_equal(act, NVML_ERROR_IN_USE);
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(0), &cur, &pend));
	assert_int_equal(cur, 0);
	assert_int_equal(pend, 1);
	/* Pending enable: instance calls answer NOT_SUPPORTED, no MIG devices. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 19, &gi));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstanceById(nt_gpu(0), 1, &gi));
	assert_nvml_ok(nv.nvmlDeviceGetMaxMigDeviceCount(nt_gpu(0), &n));
	assert_int_equal(n, 0);
	nt_change(detach_self, NULL);
	/* Idle: applied at once (the driver resets the GPU itself). */
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(0), 1, &act));
	assert_int_equal(act, NVML_SUCCESS);
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(0), &cur, &pend));
	assert_int_equal(cur, 1);
	assert_int_equal(pend, 1);
	st = nt_read();
	assert_mig_ok(mig_gpu_get(&g, st, 0));
	assert_int_equal(g.mig_current, 1);
	mig_state_free(st);
	assert_nvml_ok(nv.nvmlDeviceGetMaxMigDeviceCount(nt_gpu(0), &n));
	assert_int_equal(n, 7);
	/* Disabling under GPU instances is refused (libmig's documented choice). */
	gi = create_gi(19);
	assert_nvml(NVML_ERROR_IN_USE, nv.nvmlDeviceSetMigMode(nt_gpu(0), 0, &act));
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(gi));
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(0), 0, &act));
	assert_int_equal(act, NVML_SUCCESS);
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(0), &cur, &pend));
	assert_int_equal(cur + pend, 0);
	/* Passthrough VMs keep it pending: RESET_REQUIRED, or NOT_SUPPORTED. */
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(1), 1, &act));
	assert_int_equal(act, NVML_ERROR_RESET_REQUIRED);
	assert_nvml_ok(nv.nvmlDeviceSetMigMode(nt_gpu(2), 1, &act));
	assert_int_equal(act, NVML_ERROR_NOT_SUPPORTED);
	assert_nvml_ok(nv.nvmlDeviceGetMigMode(nt_gpu(2), &cur, &pend));
	assert_int_equal(cur, 0);
	assert_int_equal(pend, 1);
	nt_done();
	nt_node_free(dir);
}

/* Profile info ------------------------------------------------------------------------------ */

static void test_gi_profile_info_layouts(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	unsigned char buf[176];
	unsigned char v2[152];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	/* v1 (unversioned), 48 bytes; index 0 = 1g.10gb, ID 19. */
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(0), 0,
							      (nvmlGpuInstanceProfileInfo_t *)buf));
	assert_int_equal(nt_u32(buf, 0), 19);  /* id */
	assert_int_equal(nt_u32(buf, 4), 0);   /* isP2pSupported */
	assert_int_equal(nt_u32(buf, 8), 1);   /* sliceCount */
	assert_int_equal(nt_u32(buf, 12), 7);  /* instanceCount */
	assert_int_equal(nt_u32(buf, 16), 16); /* multiprocessorCount */
	assert_int_equal(nt_u32(buf, 20), 1);  /* copyEngineCount */
	assert_int_equal(nt_u32(buf, 24), 1);  /* decoderCount */
	assert_int_equal(nt_u32(buf, 28), 0);  /* encoderCount */
	assert_int_equal(nt_u32(buf, 32), 1);  /* jpegCount */
	assert_int_equal(nt_u32(buf, 36), 0);  /* ofaCount */
	assert_true(nt_u64(buf, 40) == 9984);  /* memorySizeMB */
	nt_assert_poisoned(buf, 48, sizeof(buf));

	/* v2: version@0, id@4, isP2pSupported@8, ..., ofaCount@40, memory@48, name@56. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){GI_V2}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfoV(
		nt_gpu(0), 2, (nvmlGpuInstanceProfileInfo_v2_t *)buf));
	assert_int_equal(nt_u32(buf, 0), GI_V2);
	assert_int_equal(nt_u32(buf, 4), 9);   /* 3g.40gb */
	assert_int_equal(nt_u32(buf, 8), 0);
	assert_int_equal(nt_u32(buf, 12), 3);  /* sliceCount */
	assert_int_equal(nt_u32(buf, 16), 2);  /* instanceCount */
	assert_int_equal(nt_u32(buf, 20), 60); /* SMs */
	assert_int_equal(nt_u32(buf, 24), 3);  /* CE */
	assert_int_equal(nt_u32(buf, 40), 0);  /* OFA */
	assert_true(nt_u64(buf, 48) == 40448);
	assert_string_equal((char *)buf + 56, "MIG 3g.40gb");
	nt_assert_poisoned(buf, 152, sizeof(buf));

	/* v3: same size, no isP2pSupported: sliceCount@8, memory@40, name@48, capabilities@144. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){GI_V3}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfoV(
		nt_gpu(0), 2, (nvmlGpuInstanceProfileInfo_v2_t *)buf));
	assert_int_equal(nt_u32(buf, 0), GI_V3);
	assert_int_equal(nt_u32(buf, 4), 9);
	assert_int_equal(nt_u32(buf, 8), 3);   /* sliceCount */
	assert_int_equal(nt_u32(buf, 12), 2);  /* instanceCount */
	assert_int_equal(nt_u32(buf, 16), 60); /* SMs */
	assert_int_equal(nt_u32(buf, 20), 3);  /* CE */
	assert_true(nt_u64(buf, 40) == 40448);
	assert_string_equal((char *)buf + 48, "MIG 3g.40gb");
	assert_int_equal(nt_u32(buf, 144), 0); /* capabilities */
	nt_assert_poisoned(buf, 152, sizeof(buf));

	/* ByIdV takes the ID: 9 is what index 2 gave. */
	nt_poison(v2, sizeof(v2));
	memcpy(v2, &(unsigned){GI_V2}, 4);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfoByIdV(
		nt_gpu(0), 9, (nvmlGpuInstanceProfileInfo_v2_t *)v2));
	assert_string_equal((char *)v2 + 56, "MIG 3g.40gb");
	memcpy(v2, &(unsigned){GI_V2}, 4);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstanceProfileInfoByIdV(
						      nt_gpu(0), 2, (nvmlGpuInstanceProfileInfo_v2_t *)v2));

	/* An unknown version word: refused, nothing written past it. */
	static const unsigned bad[] = {0, 0x01000098u, 0x04000098u, 0x02000090u, GI_V2 + 1};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nt_poison(buf, sizeof(buf));
		memcpy(buf, &bad[i], 4);
		assert_nvml(NVML_ERROR_ARGUMENT_VERSION_MISMATCH,
			    nv.nvmlDeviceGetGpuInstanceProfileInfoV(
				    nt_gpu(0), 0, (nvmlGpuInstanceProfileInfo_v2_t *)buf));
		nt_assert_poisoned(buf, 4, sizeof(buf));
	}
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetGpuInstanceProfileInfoV(nt_gpu(0), 0, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(0), 0, NULL));
	nt_done();
	nt_node_free(dir);
}

/* Expected index -> ID pairs of a board; the rest NOT_SUPPORTED / INVALID_ARGUMENT. */
typedef struct pair {
	unsigned index, id;
} pair;

/* The profile IDs of a board's +gfx profiles: graphics-capable in v3 (0-terminated). */
static int is_gfx(const unsigned *gfx, unsigned id)
{
	for (; *gfx; gfx++)
		if (*gfx == id)
			return 1;
	return 0;
}

static void check_board(const char *request, const pair *pairs, size_t n, const unsigned *gfx)
{
	char *dir = nt_node(request, NULL);
	unsigned char buf[152];

	nt_enable_mig(0);
	nt_init(dir);
	for (unsigned index = 0; index < 40; index++) {
		nvmlGpuInstanceProfileInfo_t info;
		const pair *want = NULL;
		nvmlReturn_t rc;

		for (size_t k = 0; k < n; k++)
			if (pairs[k].index == index)
				want = &pairs[k];
		rc = nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(0), index, &info);
		if (want) {
			assert_nvml_ok(rc);
			if (info.id != want->id)
				print_error("%s index %u: ID %u, expected %u\n", request, index,
					    info.id, want->id);
			assert_int_equal(info.id, want->id);
			/* The ID, not the index, is what creation takes. */
			nvmlGpuInstance_t gi;
			nvmlGpuInstanceInfo_t gii;

			assert_nvml_ok(nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), info.id, &gi));
			assert_nvml_ok(nv.nvmlGpuInstanceGetInfo(gi, &gii));
			assert_int_equal(gii.profileId, want->id);
			assert_nvml_ok(nv.nvmlGpuInstanceDestroy(gi));
			/* v3's capabilities: graphics on the +gfx profiles only. */
			memcpy(buf, &(unsigned){GI_V3}, 4);
			assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceProfileInfoV(
				nt_gpu(0), index, (nvmlGpuInstanceProfileInfo_v2_t *)buf));
			assert_int_equal(nt_u32(buf, 144), is_gfx(gfx, want->id) ? 2u : 0u);
		} else {
			/* Clients loop to their header's COUNT: absent entries are skipped. */
			assert_nvml(index < 18 ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_INVALID_ARGUMENT,
				    rc);
		}
	}
	nt_done();
	nt_node_free(dir);
}

static void test_profile_index_vs_id(void **state)
{
	/* §nvml-A.7 (GA100/GH100) and the catalog's A30 / RTX PRO 6000 rows. */
	static const pair ga100[] = {{0, 19}, {1, 14}, {2, 9}, {3, 5}, {4, 0}, {7, 20}, {9, 15}};
	static const pair a30[] = {{0, 14}, {1, 5}, {3, 0}, {7, 21}, {8, 6}};
	static const pair rtx[] = {{0, 14},  {1, 5},  {3, 0},  {7, 21},  {10, 47}, {11, 35},
				   {12, 32}, {13, 67}, {14, 66}, {15, 65}, {16, 64}};

	static const unsigned none[] = {0}, rtx_gfx[] = {47, 35, 32, 0};

	(void)state;
	check_board("A100-SXM4-40GB", ga100, sizeof(ga100) / sizeof(ga100[0]), none);
	check_board("H100-SXM5-80GB", ga100, sizeof(ga100) / sizeof(ga100[0]), none);
	check_board("A30-24GB", a30, sizeof(a30) / sizeof(a30[0]), none);
	check_board("RTX-PRO-6000", rtx, sizeof(rtx) / sizeof(rtx[0]), rtx_gfx);
}

static int enable_all(mig_state *st, void *arg)
{
	(void)arg;
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		int act, rc = mig_set_mig_mode(st, g, 1, &act);

		if (rc || act)
			return rc ? rc : act;
	}
	return MIG_SUCCESS;
}

static void test_every_catalog_profile(void **state)
{
	char *dir = nt_node("A30-24GB", NULL);
	mig_state *st;

	(void)state;
	/* One node with every board of the catalog, each under its default driver. */
	assert_mig_ok(mig_state_new(&st));
	for (size_t m = 0; m < mig_catalog_count(); m++) {
		mig_gpu_spec spec = {0};

		spec.model = mig_catalog_model(m);
		assert_mig_ok(mig_state_add_gpu(st, &spec));
	}
	assert_mig_ok(mig_node_create(dir, st, 1));
	mig_state_free(st);
	nt_change(enable_all, NULL);
	st = nt_read();
	nt_init(dir);
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
		size_t np = 0;

		if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &np, st, g) != MIG_SUCCESS)
			np = 0;

		for (unsigned index = 0; index < 24; index++) {
			nvmlGpuInstanceProfileInfo_t info;
			mig_gi_profile_info p;
			int found = 0;
			nvmlReturn_t rc = nv.nvmlDeviceGetGpuInstanceProfileInfo(nt_gpu(g), index, &info);

			for (size_t k = 0; k < np && !found; k++) {
				mig_gi_profile_get(list[k], &p);
				found = p.nvml_index == index;
			}
			if (!found) {
				assert_int_equal(rc, index < 18 ? NVML_ERROR_NOT_SUPPORTED
								: NVML_ERROR_INVALID_ARGUMENT);
				continue;
			}
			assert_nvml_ok(rc);
			assert_int_equal(info.id, p.id);
			assert_int_equal(info.sliceCount, p.slices);
			assert_int_equal(info.instanceCount, p.instance_count);
			assert_int_equal(info.multiprocessorCount, p.sm);
			assert_int_equal(info.copyEngineCount, p.ce);
			assert_int_equal(info.decoderCount, p.dec);
			assert_int_equal(info.encoderCount, p.enc);
			assert_int_equal(info.jpegCount, p.jpeg);
			assert_int_equal(info.ofaCount, p.ofa);
			assert_true(info.memorySizeMB == p.memory_mib);
		}
	}
	nt_done();
	mig_state_free(st);
	nt_node_free(dir);
}

/* Placements and capacity ------------------------------------------------------------------ */

static void test_gi_placements(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", "A30-24GB", "RTX-PRO-6000", NULL);
	unsigned char buf[16 * 8];
	unsigned n;

	(void)state;
	nt_init(dir);
	/* _v2 count query with NULL. */
	n = 99;
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(nt_gpu(0), 19, NULL, &n));
	assert_int_equal(n, 7);
	/* nvidia-smi passes *count == 0 with a real buffer: every placement is written. */
	nt_poison(buf, sizeof(buf));
	n = 0;
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(
		nt_gpu(0), 19, (nvmlGpuInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 7);
	for (unsigned i = 0; i < 7; i++) {
		assert_int_equal(nt_u32(buf, 8 * i), i);
		assert_int_equal(nt_u32(buf, 8 * i + 4), 1);
	}
	nt_assert_poisoned(buf, 7 * 8, sizeof(buf));
	/* 3g: {0,4}:4; 7g: {0}:8; v1 wants a buffer. */
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements(
		nt_gpu(0), 9, (nvmlGpuInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 2);
	assert_int_equal(nt_u32(buf, 0), 0);
	assert_int_equal(nt_u32(buf, 8), 4);
	assert_int_equal(nt_u32(buf, 12), 4);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(
		nt_gpu(0), 0, (nvmlGpuInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 1);
	assert_int_equal(nt_u32(buf, 4), 8);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetGpuInstancePossiblePlacements(nt_gpu(0), 19, NULL, &n));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(nt_gpu(0), 19, NULL, NULL));
	/* A profile ID the board does not offer. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(nt_gpu(0), 3, NULL, &n));
	/* A30: four 1g starts; RTX PRO 6000: 1g.24gb at 0, 3, 6, 9 in twelfths. */
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(
		nt_gpu(1), 14, (nvmlGpuInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 4);
	assert_int_equal(nt_u32(buf, 24), 3);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstancePossiblePlacements_v2(
		nt_gpu(2), 14, (nvmlGpuInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 4);
	assert_int_equal(nt_u32(buf, 8), 3);
	assert_int_equal(nt_u32(buf, 12), 3);
	assert_int_equal(nt_u32(buf, 24), 9);
	nt_done();
	nt_node_free(dir);
}

/* GPU instances ------------------------------------------------------------------------------ */

static void test_gi_lifecycle(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	nvmlGpuInstance_t a, b, c, list[8];
	nvmlGpuInstancePlacement_t at;
	unsigned char buf[40];
	mig_gi_info gis[8];
	unsigned n;

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 9, &n));
	assert_int_equal(n, 2);
	/* The first 3g lands at start 4: GI 2 (§nvml-A.7). */
	a = create_gi(9);
	assert_int_equal(gi_id(a), 2);
	at.start = 0;
	at.size = 4;
	assert_nvml_ok(nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 9, &at, &b));
	assert_int_equal(gi_id(b), 1);
	assert_nvml(NVML_ERROR_INSUFFICIENT_RESOURCES,
		    nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 9, &c));
	assert_nvml(NVML_ERROR_INSUFFICIENT_RESOURCES,
		    nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 9, &at, &c));
	at.start = 1;
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 9, &at, &c));
	at.start = 0;
	at.size = 8;
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 9, &at, &c));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceCreateGpuInstanceWithPlacement(nt_gpu(0), 9, NULL, &c));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 9, NULL));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 3, &c));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(nt_gpu(0), 4000000000u, &c));
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 9, &n));
	assert_int_equal(n, 0);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetGpuInstanceRemainingCapacity(nt_gpu(0), 3, &n));

	/* libmig sees both, with the IDs and placements NVML gave. */
	assert_int_equal(node_gis(gis, 8), 2);
	assert_int_equal(gis[0].id, 1);
	assert_int_equal(gis[0].placement.start, 0);
	assert_int_equal(gis[1].id, 2);
	assert_int_equal(gis[1].placement.start, 4);

	/* GetGpuInstances: *count is an output; exactly the instances are written. */
	nt_poison(list, sizeof(list));
	n = 0;
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 9, list, &n));
	assert_int_equal(n, 2);
	assert_true((list[0] == a && list[1] == b) || (list[0] == b && list[1] == a));
	nt_assert_poisoned(list, 2 * sizeof(list[0]), sizeof(list));
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 19, list, &n));
	assert_int_equal(n, 0);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 9, NULL, &n));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 9, list, NULL));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetGpuInstances(nt_gpu(0), 3, list, &n));
	assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceById(nt_gpu(0), 2, &c));
	assert_ptr_equal(c, a);
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetGpuInstanceById(nt_gpu(0), 7, &c));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetGpuInstanceById(nt_gpu(0), 999, &c));

	/* nvmlGpuInstanceInfo_t: parent@0, id@8, profileId@12, placement@16. */
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlGpuInstanceGetInfo(a, (nvmlGpuInstanceInfo_t *)buf));
	assert_ptr_equal(nt_ptr(buf, 0), nt_gpu(0));
	assert_int_equal(nt_u32(buf, 8), 2);
	assert_int_equal(nt_u32(buf, 12), 9);
	assert_int_equal(nt_u32(buf, 16), 4);
	assert_int_equal(nt_u32(buf, 20), 4);
	nt_assert_poisoned(buf, 24, sizeof(buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetInfo(a, NULL));

	/* Destroyed: gone from the node, and its handle refused. */
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(a));
	assert_int_equal(node_gis(gis, 8), 1);
	assert_int_equal(gis[0].id, 1);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceDestroy(a));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetInfo(a, (nvmlGpuInstanceInfo_t *)buf));
	/* Re-created with the same ID: the same handle, valid again. */
	c = create_gi(9);
	assert_ptr_equal(c, a);
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(c));
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(b));
	assert_int_equal(node_gis(gis, 8), 0);
	nt_done();
	nt_node_free(dir);
}

/* Compute instances ---------------------------------------------------------------------------- */

static void test_ci_profiles(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", "RTX-PRO-6000", NULL);
	nvmlGpuInstance_t gi, gfx;
	unsigned char buf[160];
	mig_state *st;
	mig_ci_profile_info cps[8];
	mig_gi_info gii;
	mig_gi_profile_info gp;
	size_t ncp;

	(void)state;
	nt_enable_mig(0);
	nt_enable_mig(1);
	nt_init(dir);
	gi = create_gi(9); /* 3g.40gb: CI profiles 0 (1c), 1 (2c), 2 (3c) */
	st = nt_read();
	assert_mig_ok(mig_ci_profiles(cps, 8, &ncp, st, 0, 2));
	assert_mig_ok(mig_gi_get(&gii, st, 0, 2));
	mig_gi_profile_get(gii.profile, &gp);
	mig_state_free(st);
	assert_int_equal(ncp, 3);

	/* v1: nine unsigned words, 36 bytes. */
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
		gi, 0, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_int_equal(nt_u32(buf, 0), 0);                /* id */
	assert_int_equal(nt_u32(buf, 4), 1);                /* sliceCount */
	assert_int_equal(nt_u32(buf, 8), cps[0].instance_count);
	assert_int_equal(nt_u32(buf, 8), 3);
	assert_int_equal(nt_u32(buf, 12), cps[0].sm);
	assert_int_equal(nt_u32(buf, 16), gp.ce);           /* shared with the GI */
	assert_int_equal(nt_u32(buf, 20), gp.dec);
	assert_int_equal(nt_u32(buf, 24), gp.enc);
	assert_int_equal(nt_u32(buf, 28), gp.jpeg);
	assert_int_equal(nt_u32(buf, 32), gp.ofa);
	nt_assert_poisoned(buf, 36, sizeof(buf));

	/* v2: version@0, the nine words @4, name@40; 136 bytes. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){CI_V2}, 4);
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceProfileInfoV(
		gi, 1, 0, (nvmlComputeInstanceProfileInfo_v2_t *)buf));
	assert_int_equal(nt_u32(buf, 0), CI_V2);
	assert_int_equal(nt_u32(buf, 4), 1);
	assert_int_equal(nt_u32(buf, 8), 2);
	assert_string_equal((char *)buf + 40, "MIG 2c.3g.40gb");
	nt_assert_poisoned(buf, 136, sizeof(buf));
	/* v3: v2 plus capabilities@136; 140 bytes.  The full CI bears the GI's name. */
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){CI_V3}, 4);
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceProfileInfoV(
		gi, 2, 0, (nvmlComputeInstanceProfileInfo_v2_t *)buf));
	assert_int_equal(nt_u32(buf, 4), 2);
	assert_int_equal(nt_u32(buf, 16), gp.sm);
	assert_string_equal((char *)buf + 40, "MIG 3g.40gb");
	assert_int_equal(nt_u32(buf, 136), 0);
	nt_assert_poisoned(buf, 140, sizeof(buf));
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){0x0100008Cu}, 4);
	assert_nvml(NVML_ERROR_ARGUMENT_VERSION_MISMATCH,
		    nv.nvmlGpuInstanceGetComputeInstanceProfileInfoV(
			    gi, 0, 0, (nvmlComputeInstanceProfileInfo_v2_t *)buf));
	nt_assert_poisoned(buf, 4, sizeof(buf));

	/* 4c and 7c do not fit a 3g GI; past NVML's table, or another engine profile, is invalid. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
						      gi, 3, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
						      gi, 4, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
						      gi, 8, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
							 gi, 9, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
			    gi, 0xFFFFFFFFu, 0, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(
							 gi, 0, 1, (nvmlComputeInstanceProfileInfo_t *)buf));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceGetComputeInstanceProfileInfo(gi, 0, 0, NULL));

	/* RTX PRO 6000: a +gfx GI's compute instance can do graphics (v3 capabilities). */
	assert_nvml_ok(nv.nvmlDeviceCreateGpuInstance(nt_gpu(1), 47, &gfx));
	nt_poison(buf, sizeof(buf));
	memcpy(buf, &(unsigned){CI_V3}, 4);
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceProfileInfoV(
		gfx, 0, 0, (nvmlComputeInstanceProfileInfo_v2_t *)buf));
	assert_int_equal(nt_u32(buf, 136), 1);
	nt_done();
	nt_node_free(dir);
}

static size_t node_cis(mig_ci_info *out, size_t cap, unsigned gi)
{
	mig_state *st = nt_read();
	size_t n = 0;

	assert_mig_ok(mig_ci_list(out, cap, &n, st, 0, gi));
	mig_state_free(st);
	return n;
}

static void test_ci_lifecycle(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	nvmlGpuInstance_t gi;
	nvmlComputeInstance_t ci[4], c, list[8];
	nvmlComputeInstancePlacement_t at;
	unsigned char buf[48];
	mig_ci_info cis[8];
	unsigned n, where[3], starts[3];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	gi = create_gi(9);
	/* Placements of 1c in a 3g GI: {0,1,2}:1, with the NULL count query. */
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstancePossiblePlacements(gi, 0, NULL, &n));
	assert_int_equal(n, 3);
	nt_poison(buf, sizeof(buf));
	n = 0;
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstancePossiblePlacements(
		gi, 0, (nvmlComputeInstancePlacement_t *)buf, &n));
	assert_int_equal(n, 3);
	assert_int_equal(nt_u32(buf, 16), 2);
	assert_int_equal(nt_u32(buf, 20), 1);
	nt_assert_poisoned(buf, 24, sizeof(buf));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlGpuInstanceGetComputeInstancePossiblePlacements(gi, 4, NULL, &n));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceGetComputeInstancePossiblePlacements(gi, 0, NULL, NULL));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gi, 0, &n));
	assert_int_equal(n, 3);
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gi, 0xFFFFFFFFu, &n));

	/* Three 1c CIs take IDs 0, 1, 2 (wherever libmig's placement puts them); a fourth does not fit. */
	for (unsigned i = 0; i < 3; i++) {
		nvmlComputeInstanceInfo_t info;

		assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &ci[i]));
		assert_nvml_ok(nv.nvmlComputeInstanceGetInfo_v2(ci[i], &info));
		assert_int_equal(info.id, i);
		starts[i] = info.placement.start;
		assert_int_equal(info.placement.size, 1);
	}
	assert_int_equal(starts[0] + starts[1] + starts[2], 0 + 1 + 2);
	assert_nvml(NVML_ERROR_INSUFFICIENT_RESOURCES,
		    nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &c));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlGpuInstanceCreateComputeInstance(gi, 4, &c));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlGpuInstanceCreateComputeInstance(gi, 0xFFFFFFFFu, &c));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, NULL));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gi, 0, &n));
	assert_int_equal(n, 0);
	assert_int_equal(node_cis(cis, 8, 2), 3);

	/* Listing: exactly the CIs of the profile. */
	nt_poison(list, sizeof(list));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstances(gi, 0, list, &n));
	assert_int_equal(n, 3);
	assert_ptr_equal(list[0], ci[0]);
	assert_ptr_equal(list[2], ci[2]);
	nt_assert_poisoned(list, 3 * sizeof(list[0]), sizeof(list));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstances(gi, 2, list, &n));
	assert_int_equal(n, 0);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetComputeInstances(gi, 0, NULL, &n));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlGpuInstanceGetComputeInstances(gi, 4, list, &n));
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceById(gi, 1, &c));
	assert_ptr_equal(c, ci[1]);
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlGpuInstanceGetComputeInstanceById(gi, 5, &c));
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlGpuInstanceGetComputeInstanceById(gi, 500, &c));

	/* nvmlComputeInstanceInfo_t: device@0, GI@8, id@16, profileId@20, placement@24 (v2 only). */
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlComputeInstanceGetInfo_v2(ci[2], (nvmlComputeInstanceInfo_t *)buf));
	assert_ptr_equal(nt_ptr(buf, 0), nt_gpu(0));
	assert_ptr_equal(nt_ptr(buf, 8), gi);
	assert_int_equal(nt_u32(buf, 16), 2);
	assert_int_equal(nt_u32(buf, 20), 0);
	assert_int_equal(nt_u32(buf, 24), starts[2]);
	assert_int_equal(nt_u32(buf, 28), 1);
	nt_assert_poisoned(buf, 32, sizeof(buf));
	assert_int_equal(node_cis(cis, 8, 2), 3);
	assert_int_equal(cis[2].placement.start, starts[2]);
	nt_poison(buf, sizeof(buf));
	assert_nvml_ok(nv.nvmlComputeInstanceGetInfo(ci[2], (nvmlComputeInstanceInfo_t *)buf));
	assert_int_equal(nt_u32(buf, 16), 2);
	nt_assert_poisoned(buf, 24, sizeof(buf));

	/* A GI with CIs is in use; a CI with a process too. */
	assert_nvml(NVML_ERROR_IN_USE, nv.nvmlGpuInstanceDestroy(gi));
	where[0] = 0;
	where[1] = 2;
	where[2] = 1;
	nt_change(attach_self, where);
	assert_nvml(NVML_ERROR_IN_USE, nv.nvmlComputeInstanceDestroy(ci[1]));
	nt_change(detach_self, NULL);
	assert_nvml_ok(nv.nvmlComputeInstanceDestroy(ci[1]));
	assert_int_equal(node_cis(cis, 8, 2), 2);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlComputeInstanceDestroy(ci[1]));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlComputeInstanceGetInfo_v2(ci[1], (nvmlComputeInstanceInfo_t *)buf));
	/* Placement: not in the list, then the free slot; the lowest free ID comes back. */
	at.start = 1;
	at.size = 2;
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi, 0, &at, &c));
	at.start = starts[0];
	at.size = 1;
	assert_nvml(NVML_ERROR_INSUFFICIENT_RESOURCES,
		    nv.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi, 0, &at, &c));
	at.start = starts[1];
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi, 0, &at, &c));
	assert_ptr_equal(c, ci[1]);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi, 0, NULL, &c));
	for (unsigned i = 0; i < 3; i++)
		assert_nvml_ok(nv.nvmlComputeInstanceDestroy(ci[i]));
	assert_nvml_ok(nv.nvmlGpuInstanceDestroy(gi));
	/* Handles of a destroyed GI's CIs are refused too. */
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &c));
	nt_done();
	nt_node_free(dir);
}

/* MIG devices ---------------------------------------------------------------------------------- */

static void test_mig_devices(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	nvmlGpuInstance_t g3, g2, g1;
	nvmlComputeInstance_t c;
	mig_state *st;
	mig_device_info devs[8];
	size_t ndev;
	nvmlDevice_t mig[8], h, parent = NULL;
	unsigned n, v, where[3];
	char buf[128], legacy[128];
	unsigned char attr[48];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	/* A 3g GI with a 2c and a 1c CI; a 2g and a 1g GI with their full CIs. */
	g3 = create_gi(9);
	g2 = create_gi(14);
	g1 = create_gi(19);
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(g3, 1, &c));
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(g3, 0, &c));
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(g2, 1, &c));
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(g1, 0, &c));
	st = nt_read();
	assert_mig_ok(mig_device_list(devs, 8, &ndev, st, 0));
	assert_int_equal(ndev, 4);
	assert_nvml_ok(nv.nvmlDeviceGetMaxMigDeviceCount(nt_gpu(0), &n));
	assert_int_equal(n, 7);
	for (unsigned i = 0; i < ndev; i++) {
		mig_device_telemetry_info t;
		mig_gi_profile_info gp;
		unsigned long long total;

		assert_mig_ok(mig_device_telemetry(&t, st, 0, devs[i].ci.gi, devs[i].ci.id));
		mig_gi_profile_get(devs[i].gi_profile, &gp);
		assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), i, &mig[i]));
		assert_ptr_not_equal(mig[i], nt_gpu(0));
		assert_nvml_ok(nv.nvmlDeviceIsMigDeviceHandle(mig[i], &v));
		assert_int_equal(v, 1);
		/* Ordered by GI ID, then CI ID: the MIG index. */
		assert_nvml_ok(nv.nvmlDeviceGetIndex(mig[i], &v));
		assert_int_equal(v, i);
		assert_nvml_ok(nv.nvmlDeviceGetGpuInstanceId(mig[i], &v));
		assert_int_equal(v, devs[i].ci.gi);
		assert_nvml_ok(nv.nvmlDeviceGetComputeInstanceId(mig[i], &v));
		assert_int_equal(v, devs[i].ci.id);
		assert_nvml_ok(nv.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(mig[i], &parent));
		assert_ptr_equal(parent, nt_gpu(0));
		/* "<GPU name> MIG <CI profile name>" and the MIG- UUID, as libmig derives them. */
		assert_nvml_ok(nv.nvmlDeviceGetName(mig[i], buf, sizeof(buf)));
		assert_string_equal(buf, t.name);
		snprintf(legacy, sizeof(legacy), "NVIDIA H100 80GB HBM3 MIG %s", devs[i].ci.profile.name);
		assert_string_equal(buf, legacy);
		assert_nvml_ok(nv.nvmlDeviceGetUUID(mig[i], buf, sizeof(buf)));
		assert_string_equal(buf, devs[i].ci.uuid);
		assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(devs[i].ci.uuid, &h));
		assert_ptr_equal(h, mig[i]);
		/* Attributes v2: CI SMs, the GI's engines, g, c, the GI's memory. */
		nt_poison(attr, sizeof(attr));
		assert_nvml_ok(nv.nvmlDeviceGetAttributes_v2(mig[i], (nvmlDeviceAttributes_t *)attr));
		assert_int_equal(nt_u32(attr, 0), devs[i].ci.profile.sm);
		assert_int_equal(nt_u32(attr, 4), gp.ce);
		assert_int_equal(nt_u32(attr, 8), gp.dec);
		assert_int_equal(nt_u32(attr, 12), gp.enc);
		assert_int_equal(nt_u32(attr, 16), gp.jpeg);
		assert_int_equal(nt_u32(attr, 20), gp.ofa);
		assert_int_equal(nt_u32(attr, 24), gp.slices);
		assert_int_equal(nt_u32(attr, 28), devs[i].ci.profile.slices);
		assert_true(nt_u64(attr, 32) == gp.memory_mib);
		nt_assert_poisoned(attr, 40, sizeof(attr));
		nt_poison(attr, sizeof(attr));
		assert_nvml_ok(nv.nvmlDeviceGetAttributes(mig[i], (nvmlDeviceAttributes_t *)attr));
		assert_int_equal(nt_u32(attr, 0), devs[i].ci.profile.sm);
		nt_assert_poisoned(attr, 24, sizeof(attr));
		/* Memory: the GI's, shared by its CIs. */
		{
			nvmlMemory_t m;

			assert_nvml_ok(nv.nvmlDeviceGetMemoryInfo(mig[i], &m));
			total = t.memory_total_mib * MIB;
			assert_true(m.total == total);
			assert_true(m.used + m.free == m.total);
		}
	}
	/* The legacy R450 UUID form is still accepted (§nvml-A.7). */
	{
		mig_gpu_info g;

		assert_mig_ok(mig_gpu_get(&g, st, 0));
		snprintf(legacy, sizeof(legacy), "MIG-%s/%u/%u", g.uuid, devs[1].ci.gi, devs[1].ci.id);
		assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(legacy, &h));
		assert_ptr_equal(h, mig[1]);
		snprintf(legacy, sizeof(legacy), "MIG-%s/%u/%u", g.uuid, 13u, 0u);
		assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetHandleByUUID(legacy, &h));
	}
	/* Free slots below the maximum: NOT_FOUND; at or past it: INVALID_ARGUMENT. */
	assert_nvml(NVML_ERROR_NOT_FOUND, nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 4, &h));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 7, &h));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 0, NULL));
	/* The whole-GPU calls refuse a MIG device; board facts come from its GPU. */
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetSerial(mig[0], buf, sizeof(buf)));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetMinorNumber(mig[0], &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetMigMode(mig[0], &v, &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetMaxMigDeviceCount(mig[0], &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceGetPowerUsage(mig[0], &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetTemperature(mig[0], NVML_TEMPERATURE_GPU, &v));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED, nv.nvmlDeviceCreateGpuInstance(mig[0], 19, &g1));
	assert_nvml(NVML_ERROR_NOT_SUPPORTED,
		    nv.nvmlDeviceGetMigDeviceHandleByIndex(mig[0], 0, &h));
	{
		nvmlPciInfo_t a, b;
		nvmlDeviceArchitecture_t arch;

		assert_nvml_ok(nv.nvmlDeviceGetPciInfo_v3(mig[0], &a));
		assert_nvml_ok(nv.nvmlDeviceGetPciInfo_v3(nt_gpu(0), &b));
		assert_string_equal(a.busId, b.busId);
		assert_nvml_ok(nv.nvmlDeviceGetArchitecture(mig[0], &arch));
		assert_int_equal(arch, 9);
	}
	/* Processes: the parent aggregates, each MIG device lists its own. */
	where[0] = 0;
	where[1] = devs[0].ci.gi;
	where[2] = devs[0].ci.id;
	nt_change(attach_self, where);
	{
		nvmlProcessInfo_t p[4];

		n = 4;
		assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(nt_gpu(0), &n, p));
		assert_int_equal(n, 1);
		assert_int_equal(p[0].gpuInstanceId, devs[0].ci.gi);
		assert_int_equal(p[0].computeInstanceId, devs[0].ci.id);
		n = 4;
		assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(mig[0], &n, p));
		assert_int_equal(n, 1);
		assert_int_equal(p[0].pid, (unsigned)getpid());
		n = 4;
		assert_nvml_ok(nv.nvmlDeviceGetComputeRunningProcesses_v3(mig[1], &n, p));
		assert_int_equal(n, 0);
	}
	nt_change(detach_self, NULL);
	mig_state_free(st);
	/* A destroyed CI's MIG device is refused; the others renumber. */
	assert_nvml_ok(nv.nvmlGpuInstanceGetComputeInstanceById(g3, devs[0].ci.id, &c));
	assert_nvml_ok(nv.nvmlComputeInstanceDestroy(c));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetName(mig[0], buf, sizeof(buf)));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetIndex(mig[0], &v));
	assert_nvml_ok(nv.nvmlDeviceGetIndex(mig[1], &v));
	assert_int_equal(v, 0);
	nt_done();
	nt_node_free(dir);
}

static void test_legacy_driver_mig_uuid(void **state)
{
	char *dir = nt_node("A100-SXM4-40GB@450.80.02", NULL);
	nvmlGpuInstance_t gi;
	nvmlComputeInstance_t ci;
	nvmlDevice_t mig, h;
	char buf[128], want[128], gpu_uuid[96];
	unsigned char v2[152];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	gi = create_gi(19);
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(gi, 0, &ci));
	assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(nt_gpu(0), 0, &mig));
	/* R450 spelled MIG devices MIG-GPU-<uuid>/<gi>/<ci> (§nvml-A.7). */
	assert_nvml_ok(nv.nvmlDeviceGetUUID(nt_gpu(0), gpu_uuid, sizeof(gpu_uuid)));
	snprintf(want, sizeof(want), "MIG-%s/%u/0", gpu_uuid, gi_id(gi));
	assert_nvml_ok(nv.nvmlDeviceGetUUID(mig, buf, sizeof(buf)));
	assert_string_equal(buf, want);
	assert_nvml_ok(nv.nvmlDeviceGetHandleByUUID(buf, &h));
	assert_ptr_equal(h, mig);
	assert_nvml_ok(nv.nvmlDeviceGetName(mig, buf, sizeof(buf)));
	assert_string_equal(buf, "A100-SXM4-40GB MIG 1g.5gb");
	/* No ARGUMENT_VERSION_MISMATCH before NVML 12: INVALID_ARGUMENT. */
	memcpy(v2, &(unsigned){0x05000098u}, 4);
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstanceProfileInfoV(
							 nt_gpu(0), 0, (nvmlGpuInstanceProfileInfo_v2_t *)v2));
	nt_done();
	nt_node_free(dir);
}

/* Valid handles, missing outputs: INVALID_ARGUMENT from every MIG call, nothing changed. */
static void test_null_outputs(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	nvmlGpuInstance_t gi;
	nvmlComputeInstance_t ci;
	nvmlDevice_t mig, h;
	unsigned v;
	mig_gi_info gis[8];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	h = nt_gpu(0);
	gi = create_gi(9);
	assert_nvml_ok(nv.nvmlGpuInstanceCreateComputeInstance(gi, 2, &ci));
	assert_nvml_ok(nv.nvmlDeviceGetMigDeviceHandleByIndex(h, 0, &mig));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceSetMigMode(h, 1, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetMigMode(h, NULL, &v));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetMigMode(h, &v, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstanceProfileInfoByIdV(h, 9, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetGpuInstanceRemainingCapacity(h, 9, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstanceById(h, 2, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetInfo(gi, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceGetComputeInstanceProfileInfoV(gi, 0, 0, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceGetComputeInstanceRemainingCapacity(gi, 0, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlGpuInstanceCreateComputeInstanceWithPlacement(gi, 0, NULL, &ci));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetComputeInstances(gi, 2, &ci, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlGpuInstanceGetComputeInstanceById(gi, 0, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlComputeInstanceGetInfo(ci, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlComputeInstanceGetInfo_v2(ci, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceIsMigDeviceHandle(mig, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetGpuInstanceId(mig, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetComputeInstanceId(mig, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetMaxMigDeviceCount(h, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT,
		    nv.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(mig, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetAttributes_v2(mig, NULL));
	assert_nvml(NVML_ERROR_INVALID_ARGUMENT, nv.nvmlDeviceGetAttributes(mig, NULL));
	/* The node is as it was: one GI, one CI. */
	assert_int_equal(node_gis(gis, 8), 1);
	assert_int_equal(gis[0].ci_count, 1);
	nt_done();
	nt_node_free(dir);
}

/* Sharing the node ------------------------------------------------------------------------------ */

static int lib_create_gi(mig_state *st, void *arg)
{
	unsigned id;

	return mig_create_gi(&id, st, 0, *(unsigned *)arg, NULL);
}

static int lib_destroy_all(mig_state *st, void *arg)
{
	mig_gi_info gis[8];
	size_t n;
	int rc;

	(void)arg;
	if ((rc = mig_gi_list(gis, 8, &n, st, 0)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = mig_destroy_gi(st, 0, gis[i].id)))
			return rc;
	return MIG_SUCCESS;
}

static unsigned nvml_gi_count(unsigned profile)
{
	nvmlGpuInstance_t list[8];
	unsigned n = 99;

	assert_nvml_ok(nv.nvmlDeviceGetGpuInstances(nt_gpu(0), profile, list, &n));
	return n;
}

static void test_same_process_both_ways(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	unsigned profile = 19;
	mig_gi_info gis[8];

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	assert_int_equal(nvml_gi_count(19), 0);
	/* libmig changes the node: NVML's next call sees it. */
	nt_change(lib_create_gi, &profile);
	assert_int_equal(nvml_gi_count(19), 1);
	/* NVML changes it: libmig's next read sees it. */
	create_gi(19);
	assert_int_equal(node_gis(gis, 8), 2);
	/* Many quick changes, each seen at once (same size, same second, recycled inodes). */
	for (int i = 0; i < 60; i++) {
		nt_change(lib_create_gi, &profile);
		assert_int_equal(nvml_gi_count(19), 3);
		nt_change(lib_destroy_all, NULL);
		assert_int_equal(nvml_gi_count(19), 0);
		nt_change(lib_create_gi, &profile);
		nt_change(lib_create_gi, &profile);
		assert_int_equal(nvml_gi_count(19), 2);
	}
	nt_change(lib_destroy_all, NULL);
	nt_done();
	nt_node_free(dir);
}

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_other_process_both_ways(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB", NULL);
	mig_gi_info gis[8];
	pid_t pid;

	(void)state;
	nt_enable_mig(0);
	nt_init(dir);
	assert_int_equal(nvml_gi_count(9), 0);
	/* Another process creates a GI through libmig (as migctl would)... */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		mig_node *node;
		mig_state *st;
		unsigned id;

		if (mig_node_open(&node, dir, 0) || mig_node_begin(&st, node) ||
		    mig_create_gi(&id, st, 0, 9, NULL) || mig_node_commit(node, st))
			_exit(1);
		mig_node_close(node);
		_exit(0);
	}
	assert_int_equal(wait_child(pid), 0);
	/* ...and this process's NVML sees it at once. */
	assert_int_equal(nvml_gi_count(9), 1);
	/* Another process creates one through NVML; libmig here sees both. */
	nt_done();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		nvmlDevice_t h;
		nvmlGpuInstance_t gi;

		if (nv.nvmlInit_v2() || nv.nvmlDeviceGetHandleByIndex_v2(0, &h) ||
		    nv.nvmlDeviceCreateGpuInstance(h, 9, &gi))
			_exit(1);
		nv.nvmlShutdown();
		_exit(0);
	}
	assert_int_equal(wait_child(pid), 0);
	assert_int_equal(node_gis(gis, 8), 2);
	nt_init(dir);
	assert_int_equal(nvml_gi_count(9), 2);
	nt_done();
	nt_node_free(dir);
}

/*
 * A call storm reads the state once: with the file unchanged (and old), the
 * calls never touch the node's lock, so they finish while another process
 * holds it exclusively.
 */
static void test_storm_uses_cache(void **state)
{
	char *dir = nt_node("H100-SXM5-80GB:4", NULL), path[512];
	struct timespec old[2];
	int lock, status = -1;
	pid_t pid;

	(void)state;
	nt_enable_mig(0);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	old[0].tv_sec = old[1].tv_sec = time(NULL) - 3600;
	old[0].tv_nsec = old[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	nt_init(dir);
	assert_int_equal(nvml_gi_count(19), 0); /* read and cached */
	snprintf(path, sizeof(path), "%s/state.lock", dir);
	lock = open(path, O_RDWR);
	assert_true(lock >= 0);
	assert_int_equal(flock(lock, LOCK_EX), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		unsigned n;
		char name[96];

		for (int i = 0; i < 20000; i++) {
			nvmlDevice_t h;

			if (nv.nvmlDeviceGetCount_v2(&n) || n != 4 ||
			    nv.nvmlDeviceGetHandleByIndex_v2((unsigned)i % 4, &h) ||
			    nv.nvmlDeviceGetName(h, name, sizeof(name)) ||
			    nv.nvmlDeviceGetMigMode(h, &n, &n))
				_exit(1);
		}
		_exit(0);
	}
	for (int waited = 0; waited < 300; waited++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(100000);
	}
	if (!WIFEXITED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		print_error("the call storm blocked on the node's lock: it re-read the state\n");
		status = -1;
	}
	flock(lock, LOCK_UN);
	close(lock);
	assert_int_equal(status, 0);
	nt_done();
	nt_node_free(dir);
}

static int teardown(void **state)
{
	(void)state;
	nt_done();
	return 0;
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mig_disabled_answers),
		T(test_set_mig_mode),
		T(test_gi_profile_info_layouts),
		T(test_profile_index_vs_id),
		T(test_every_catalog_profile),
		T(test_gi_placements),
		T(test_gi_lifecycle),
		T(test_ci_profiles),
		T(test_ci_lifecycle),
		T(test_mig_devices),
		T(test_legacy_driver_mig_uuid),
		T(test_null_outputs),
		T(test_same_process_both_ways),
		T(test_other_process_both_ways),
		T(test_storm_uses_cache),
	};

	return cmocka_run_group_tests(tests, nt_load, nt_unload);
}
