/*
 * test_show.c - the rows and the picture of `migctl show` (show_rows.c,
 * show_draw.c, show_json.c) on layouts built with libmig directly.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "show.h"
#include "testutil.h"

/* A state with one GPU of `model`, MIG on (unless `off`), and GIs of these
 * profile IDs at these starts, each with its default CI when ci[i]. */
static mig_state *layout(const char *model, int off, const unsigned *profile,
			 const unsigned *start, const int *ci, size_t n)
{
	mig_state *st = NULL;
	mig_gpu_spec spec = {0};
	int act;

	spec.model = mig_catalog_find(model);
	assert_non_null(spec.model);
	assert_ok(mig_state_new(&st));
	assert_ok(mig_state_add_gpu(st, &spec));
	if (!off)
		assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	for (size_t i = 0; i < n; i++) {
		const mig_gi_profile *p;
		mig_gi_profile_info info;
		mig_placement at;
		unsigned gi, c;

		assert_ok(mig_gpu_gi_profile_by_id(&p, st, 0, profile[i]));
		mig_gi_profile_get(p, &info);
		at.start = start[i];
		at.size = info.placement_size;
		assert_ok(mig_create_gi(&gi, st, 0, profile[i], &at));
		if (ci[i])
			assert_ok(mig_create_ci(&c, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	}
	return st;
}

static char *draw(const show_gpu *g, int color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	show_draw(f, g, color);
	fclose(f);
	return buf;
}

static void test_clip(void **state)
{
	char buf[16];

	(void)state;
	show_clip(buf, 7, "1g.10gb");
	assert_string_equal(buf, "1g.10gb");
	show_clip(buf, 7, "1g.10gb+me");
	assert_string_equal(buf, "1g.1...");
	show_clip(buf, 2, "abc");
	assert_string_equal(buf, "ab");
	show_clip(buf, 0, "abc");
	assert_string_equal(buf, "");
}

/* H100: 3g at 4:4 (GI 2), 1g.20gb at 2:2 (GI 4, no CI), 1g at 0 (GI 7). */
static void test_h100_cells(void **state)
{
	static const unsigned prof[] = {9, 15, 19}, start[] = {4, 2, 0};
	static const int ci[] = {1, 0, 1};
	mig_state *st = layout("H100-SXM5-80GB", 0, prof, start, ci, 3);
	show_gpu g;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	assert_int_equal(g.memory_slices, 8);
	assert_int_equal(g.compute_slices, 7);
	assert_int_equal(g.units_per_slice, 1);
	assert_int_equal(g.ngi, 3);
	/* ascending GI ID */
	assert_int_equal(g.gi[0].info.id, 2);
	assert_int_equal(g.gi[1].info.id, 4);
	assert_int_equal(g.gi[2].info.id, 7);
	assert_int_equal(g.memory[0].use, SHOW_GI);
	assert_int_equal(g.memory[1].use, SHOW_FREE);
	assert_int_equal(g.compute[1].use, SHOW_FREE);
	assert_int_equal(g.memory[3].gi, 1);
	assert_int_equal(g.compute[2].use, SHOW_NO_CI);  /* GI 4's GPC, no CI */
	assert_int_equal(g.compute[3].use, SHOW_UNUSED); /* GI 4's 2nd memory slice */
	assert_int_equal(g.compute[4].use, SHOW_GI);
	assert_int_equal(g.compute[6].ci, 0);
	assert_int_equal(g.compute[7].use, SHOW_ABSENT);
	assert_int_equal(g.memory[7].gi, 0);
	/* 1g.10gb (ID 19) fits at 1 only; 2g nowhere. */
	for (size_t i = 0; i < g.nfit; i++) {
		if (g.fit[i].profile.id == 19) {
			assert_int_equal(g.fit[i].nfree, 1);
			assert_int_equal(g.fit[i].free[0].start, 1);
			assert_int_equal(g.fit[i].remaining, 1);
		}
		if (g.fit[i].profile.id == 14)
			assert_int_equal(g.fit[i].nfree, 0);
	}
	show_gpu_release(&g);
	mig_state_free(st);
}

static void test_h100_picture(void **state)
{
	static const unsigned prof[] = {9, 15, 19}, start[] = {4, 2, 0};
	static const int ci[] = {1, 0, 1};
	mig_state *st = layout("H100-SXM5-80GB", 0, prof, start, ci, 3);
	show_gpu g;
	char *text;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	text = draw(&g, 0);
	assert_string_equal(
		text,
		"GPU 0  NVIDIA H100 80GB HBM3\n"
		"  GPU-2bcb2a9d-e698-6a83-f752-f646a82cc863  bus 00000000:18:00.0\n"
		"  driver 580.173.02  MIG mode Enabled\n"
		"\n"
		"         0       1       2       3       4       5       6       7\n"
		"        +-------+-------+---------------+-------------------------------+\n"
		" memory |GI 7   |free   |GI 4           |GI 2                           |\n"
		"        |1g.10gb|       |1g.20gb        |3g.40gb                        |\n"
		"        +-------+-------+-------+-------+-----------------------+-------+\n"
		"compute |CI 0   |free   |no CI  |unused |CI 0                   |n/a    |\n"
		"        |1g.10gb|       |       |       |3g.40gb                |       |\n"
		"        +-------+-------+-------+-------+-----------------------+-------+\n"
		"         free: not in any GPU instance\n"
		"         no CI: in a GPU instance, no compute instance uses it\n"
		"         unused: the GPU instance has the memory slice, not its compute\n"
		"         n/a: no compute slice (7 compute slices for 8 memory slices)\n"
		"\n"
		"  GI 2   3g.40gb           at 4:4    memory 4-7   compute 4-6\n"
		"    CI 0  3g.40gb          at 0:3    MIG-45d6ea33-b06d-50dd-9f2f-d4b6ffcdb705\n"
		"  GI 4   1g.20gb           at 2:2    memory 2-3   compute 2\n"
		"    no compute instance\n"
		"  GI 7   1g.10gb           at 0:1    memory 0     compute 0\n"
		"    CI 0  1g.10gb          at 0:1    MIG-99cf5636-ca83-5133-b03c-7a05d2b1b833\n"
		"\n"
		"  Profiles: free/total, and where each fits now (start:size):\n"
		"    1g.10gb           1/7   1:1\n"
		"    2g.20gb           0/3   -\n"
		"    3g.40gb           0/2   -\n"
		"    4g.40gb           0/1   -\n"
		"    7g.80gb           0/1   -\n"
		"    1g.10gb+me        1/1   1:1\n"
		"    1g.20gb           0/4   -\n");
	free(text);
	/* Colour: SGR codes around cell texts, a GI's colour by its rank. */
	text = draw(&g, 1);
	assert_non_null(strstr(text, "\033[1mGPU 0\033[0m"));
	assert_non_null(strstr(text, "|\033[36mGI 2\033[0m        "));
	assert_non_null(strstr(text, "|\033[2mfree\033[0m   |"));
	free(text);
	show_gpu_release(&g);
	mig_state_free(st);
}

/* RTX PRO 6000: the 12-unit axis is drawn as 4 slices of 3 units. */
static void test_rtx_axis(void **state)
{
	static const unsigned prof[] = {5, 14}, start[] = {6, 0};
	static const int ci[] = {1, 1};
	mig_state *st = layout("RTX-PRO-6000", 0, prof, start, ci, 2);
	show_gpu g;
	char *text;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	assert_int_equal(g.units, 12);
	assert_int_equal(g.units_per_slice, 3);
	assert_int_equal(g.memory_slices, 4);
	assert_int_equal(g.compute_slices, 4);
	assert_int_equal(g.memory[2].use, SHOW_GI);
	assert_int_equal(g.memory[3].gi, g.memory[2].gi);
	assert_int_equal(g.compute[1].use, SHOW_FREE);
	text = draw(&g, 0);
	assert_non_null(strstr(text, "         0               3               6               9\n"));
	assert_non_null(strstr(text, "         slice = 3 placement units (-lgipp)\n"));
	assert_null(strstr(text, "n/a"));
	free(text);
	show_gpu_release(&g);
	mig_state_free(st);
}

/* A30: 4 slices, 4 compute slices, 16-column cells. */
static void test_a30(void **state)
{
	static const unsigned prof[] = {5}, start[] = {2};
	static const int ci[] = {1};
	mig_state *st = layout("A30-24GB", 0, prof, start, ci, 1);
	show_gpu g;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	assert_int_equal(g.memory_slices, 4);
	assert_int_equal(g.compute_slices, 4);
	assert_int_equal(g.gi[0].info.id, 2);
	assert_int_equal(g.compute[3].use, SHOW_GI);
	for (size_t i = 0; i < g.nfit; i++)
		if (g.fit[i].profile.id == 14) /* 1g.6gb */
			assert_int_equal(g.fit[i].nfree, 2);
	show_gpu_release(&g);
	mig_state_free(st);
}

static void test_mig_off(void **state)
{
	mig_state *st = layout("A100-SXM4-40GB", 1, NULL, NULL, NULL, 0);
	show_gpu g;
	char *text;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	assert_int_equal(g.ngi, 0);
	for (size_t i = 0; i < g.nfit; i++) {
		assert_int_equal(g.fit[i].nfree, 0);
		assert_true(g.fit[i].nlegal > 0);
	}
	text = draw(&g, 0);
	assert_string_equal(text,
			    "GPU 0  NVIDIA A100-SXM4-40GB\n"
			    "  GPU-2bcb2a9d-e698-6a83-f752-f646a82cc863  bus 00000000:18:00.0\n"
			    "  driver 580.173.02  MIG mode Disabled\n"
			    "  MIG is disabled: the GPU is one device.\n");
	free(text);
	show_gpu_release(&g);
	mig_state_free(st);
}

/* Processes: under their CI (a third cell line), and on the whole GPU. */
static void test_processes(void **state)
{
	static const unsigned prof[] = {19}, start[] = {0};
	static const int ci[] = {1};
	mig_state *st = layout("H100-SXM5-80GB", 0, prof, start, ci, 1);
	mig_process p = {0};
	show_gpu g;
	char *text, want[256];

	(void)state;
	p.pid = (unsigned)getpid();
	snprintf(p.name, sizeof(p.name), "trainer");
	p.used_mib = 512;
	p.gpu = 0;
	p.gi = 7;
	p.ci = 0;
	assert_ok(mig_process_attach(st, &p));
	p.pid = (unsigned)getppid();
	snprintf(p.name, sizeof(p.name), "monitor");
	p.gi = p.ci = MIG_NONE;
	assert_ok(mig_process_attach(st, &p));
	assert_ok(show_gpu_build(&g, st, 0));
	assert_int_equal(g.gi[0].ci[0].nproc, 1);
	assert_int_equal(g.gpu_nproc, 1);
	text = draw(&g, 0);
	assert_non_null(strstr(text, "        |1 proc |       |"));
	snprintf(want, sizeof(want), "      pid %-7u  %-40s 512 MiB\n", (unsigned)getpid(),
		 "trainer");
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "  Processes on the whole GPU:\n    pid %-7u  %-40s 512 MiB\n",
		 (unsigned)getppid(), "monitor");
	assert_non_null(strstr(text, want));
	free(text);
	show_gpu_release(&g);
	mig_state_free(st);
}

static void test_json(void **state)
{
	static const unsigned prof[] = {14}, start[] = {2};
	static const int ci[] = {1};
	mig_state *st = layout("A100-SXM4-40GB", 0, prof, start, ci, 1);
	show_gpu g;
	json_t *j, *gi, *slice;

	(void)state;
	assert_ok(show_gpu_build(&g, st, 0));
	j = show_json_gpu(&g);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "memory_slices")), 8);
	gi = json_array_get(json_object_get(j, "gpu_instances"), 0);
	assert_string_equal(json_string_value(json_object_get(gi, "profile")), "2g.10gb");
	assert_int_equal(json_array_size(json_object_get(gi, "memory_slices")), 2);
	slice = json_array_get(json_object_get(j, "slices"), 7);
	assert_string_equal(json_string_value(json_object_get(json_object_get(slice, "compute"), "state")),
			    "absent");
	slice = json_array_get(json_object_get(j, "slices"), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(slice, "compute"), "ci")), 0);
	json_decref(j);
	show_gpu_release(&g);
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clip),      cmocka_unit_test(test_h100_cells),
		cmocka_unit_test(test_h100_picture), cmocka_unit_test(test_rtx_axis),
		cmocka_unit_test(test_a30),       cmocka_unit_test(test_mig_off),
		cmocka_unit_test(test_processes), cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
