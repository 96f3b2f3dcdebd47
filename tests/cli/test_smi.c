/*
 * test_smi.c - the renderers of nvidia-smi's top level (src/cli/smi_*.c)
 * against the [B] captures of §smi-9 - §smi-11: nvidia-smi
 * binaries run against a stub NVML whose data no catalog GPU has (GI 2 is a
 * 2g.10gb, CUDA 12.2 under 580), so the rows are fed in directly.  The
 * captures are in tests/data/smi/ (see its README).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "smi.h"
#include "testutil.h"

/* Capture what a renderer writes. */
typedef struct capture {
	char *text;
	size_t len;
	FILE *f;
} capture;

static FILE *cap_open(capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	return c->f;
}

/* Close the stream; the text stays in c->text (free it). */
static char *cap_close(capture *c)
{
	fclose(c->f);
	return c->text;
}

static char *data(const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/smi/%s", MIG_TEST_DATA_DIR, name);
	text = tu_read_file(path, NULL);
	if (!text)
		fail_msg("cannot read %s", path);
	return text;
}

static void assert_text(const char *got, const char *want)
{
	if (strcmp(got, want)) {
		print_error("--- got\n%s--- want\n%s", got, want);
		fail();
	}
}

/* ---- the stub's A100 of §smi-11.5 ----------------------------------------------- */

static smi_gpu_row stub_gpu(const char *driver)
{
	smi_gpu_row g;

	memset(&g, 0, sizeof(g));
	g.index = 0;
	snprintf(g.name, sizeof(g.name), "NVIDIA A100-SXM4-40GB");
	snprintf(g.uuid, sizeof(g.uuid), "GPU-9e4aeb94-01c0-5173-4811-4ca60f77b3a9");
	snprintf(g.bus_id, sizeof(g.bus_id), "00000000:10:1C.0");
	snprintf(g.driver, sizeof(g.driver), "%s", driver);
	snprintf(g.cuda, sizeof(g.cuda), "12.2");
	g.persistence = 1;
	g.fan = MIG_NA;
	g.temp_c = 40;
	g.pstate = 0;
	g.power_mw = 43000;
	g.limit_mw = 400000;
	g.mem_used = 249;
	g.mem_total = 40960;
	g.util = MIG_NA;
	g.ecc_mode = 1;
	g.mig_supported = 1;
	g.mig_current = g.mig_pending = 1;
	return g;
}

static smi_mig_row mig(unsigned gi, unsigned ci, unsigned dev, int first, int next_same,
		       unsigned long long total, unsigned long long bar1, unsigned sm, unsigned ce,
		       unsigned dec)
{
	smi_mig_row m;

	memset(&m, 0, sizeof(m));
	m.gi = gi;
	m.ci = ci;
	m.dev = dev;
	m.first_of_gi = first;
	m.next_same_gi = next_same;
	m.mem_used = 11;
	m.mem_total = total;
	m.bar1_total = bar1;
	m.sm = sm;
	m.ce = ce;
	m.dec = dec;
	return m;
}

/* GI 1 = 3g.20gb, GI 2 = 2g.10gb with two 1c CIs, GI 3 = 1g.5gb (stub data). */
static void stub_screen(smi_screen *s, smi_gpu_row *g, smi_mig_row *m, const char *driver)
{
	memset(s, 0, sizeof(*s));
	*g = stub_gpu(driver);
	m[0] = mig(1, 0, 0, 1, 0, 19968, 32767, 42, 3, 2);
	m[1] = mig(2, 0, 1, 1, 1, 9856, 16383, 14, 2, 1);
	m[2] = mig(2, 1, 2, 0, 0, 9856, 16383, 14, 2, 1);
	m[3] = mig(3, 0, 3, 1, 0, 4864, 8191, 14, 1, 0);
	{
		uint32_t v = 0;

		mig_driver_parse(&v, driver);
		s->gen = smi_gen_of(v);
	}
	s->when = 1795250878; /* Sat Nov 21 08:47:58 2026 UTC */
	snprintf(s->driver, sizeof(s->driver), "%s", driver);
	snprintf(s->cuda, sizeof(s->cuda), "12.2");
	s->show_mig = 1;
	s->gpus = g;
	s->ngpu = 1;
	s->migs = m;
	s->nmig = 4;
	s->node_gpus = 1;
}

static void check_screen(const smi_screen *s, const char *file)
{
	capture c;
	char *want = data(file), *got;

	smi_render_screen(cap_open(&c), s);
	got = cap_close(&c);
	assert_text(got, want);
	free(got);
	free(want);
}

static void test_screen_b535(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];

	(void)state;
	stub_screen(&s, &g, m, "535.261.03");
	check_screen(&s, "b535-screen.txt");
}

static void test_screen_b580(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];

	(void)state;
	stub_screen(&s, &g, m, "580.178.04");
	check_screen(&s, "b580-screen.txt");
}

static void test_screen_b470_processes(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];
	smi_proc_row p[2];

	(void)state;
	stub_screen(&s, &g, m, "470.256.02");
	s.when -= 1; /* the 470 run was a second earlier */
	memset(p, 0, sizeof(p));
	p[0] = (smi_proc_row){.gpu = 0, .gi = 1, .ci = 0, .pid = 58866, .type = "C",
			      .name = "./BlackScholes", .used_mib = 253};
	p[1] = (smi_proc_row){.gpu = 0, .gi = 2, .ci = 1, .pid = 58856, .type = "C",
			      .name = "/usr/bin/python3", .used_mib = 1253};
	s.procs = p;
	s.nproc = 2;
	check_screen(&s, "b470-screen.txt");
}

/* "rest of the screen omitted": the date line and the GPU table. */
static void check_gpu_table(const smi_screen *s, const char *file)
{
	capture c;
	char *want = data(file), *got;
	FILE *f = cap_open(&c);

	smi_render_date(f, s->when);
	smi_render_gpu_table(f, s);
	got = cap_close(&c);
	assert_text(got, want);
	free(got);
	free(want);
}

static void test_pending_states(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];

	(void)state;
	/* §smi-11.2: current Disabled, pending Enabled: "Enabled*", ECC count, 0 % */
	stub_screen(&s, &g, m, "580.178.04");
	g.mig_current = 0;
	g.util = 0;
	check_gpu_table(&s, "b580-pending-enable.txt");
	/* current Enabled, pending Disabled: "Disabled*", ECC mode, N/A */
	stub_screen(&s, &g, m, "535.261.03");
	g.mig_pending = 0;
	check_gpu_table(&s, "b535-pending-disable.txt");
}

/* ---- cells the captures do not show ------------------------------------------ */

static char *render(void (*fn)(FILE *, const smi_screen *), const smi_screen *s)
{
	capture c;

	fn(cap_open(&c), s);
	return cap_close(&c);
}

static void test_cells(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];
	smi_proc_row p;
	char *t;

	(void)state;
	/* R470: an 18-wide name cut with "...", N/A MIG on a GPU without MIG */
	stub_screen(&s, &g, m, "470.256.02");
	g.mig_supported = 0;
	g.mig_current = g.mig_pending = 0;
	g.util = 0;
	t = render(smi_render_gpu_table, &s);
	assert_non_null(strstr(t, "|   0  NVIDIA A100-SXM...  On   |"));
	assert_non_null(strstr(t, "|                               |                      |                  N/A |"));
	free(t);
	/* N/A memory (a pod), ECC off, a fan */
	stub_screen(&s, &g, m, "535.261.03");
	g.memory_na = 1;
	g.ecc_mode = 0;
	g.mig_current = g.mig_pending = 0;
	g.fan = 30;
	g.util = 100;
	t = render(smi_render_gpu_table, &s);
	assert_non_null(strstr(t, "| 30%   40C    P0              43W / 400W |                  N/A |    100%      Default |"));
	assert_non_null(strstr(t, " Off |                  Off |\n"));
	free(t);
	/* §smi-2: a long process name keeps its end; N/A GI/CI; an ECC of N/A */
	stub_screen(&s, &g, m, "580.178.04");
	memset(&p, 0, sizeof(p));
	p = (smi_proc_row){.gpu = 0, .gi = MIG_NONE, .ci = MIG_NONE, .pid = 1234567, .type = "G",
			   .name = "/usr/local/cuda/samples/bin/x86_64/linux/release/BlackScholes",
			   .used_mib = 123456};
	s.procs = &p;
	s.nproc = 1;
	t = render(smi_render_processes, &s);
	/* §smi-2: a value wider than its placeholder is cut too ("12345...") */
	assert_non_null(strstr(t, "|    0   N/A  N/A         1234567      G   ...64/linux/release/BlackScholes      12345... |\n"));
	free(t);
	m[0].ecc = MIG_NA;
	t = render(smi_render_mig_table, &s);
	assert_non_null(strstr(t, "| 42    N/A |"));
	free(t);
	/* no MIG devices: the message and a border without joints */
	s.nmig = 0;
	t = render(smi_render_mig_table, &s);
	assert_non_null(strstr(t, "|==================+==================================+===========+=======================|\n"
				  "|  No MIG devices found                                                                   |\n"
				  "+-----------------------------------------------------------------------------------------+\n"));
	free(t);
}

static void test_date_line(void **state)
{
	capture c;
	char *t;

	(void)state;
	/* %e pads the day with a blank (§smi-11.1: "Mon Feb  2 08:15:54 2026") */
	smi_render_date(cap_open(&c), 1770020154);
	t = cap_close(&c);
	assert_string_equal(t, "Mon Feb  2 08:15:54 2026       \n");
	free(t);
}

/* ---- -L (§smi-10, §smi-9.4) ---------------------------------------------------------- */

static void test_list(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];
	char *t;

	(void)state;
	/* §smi-9.4 [B]: a GPU without MIG lists alone */
	stub_screen(&s, &g, m, "535.261.03");
	s.nmig = 0;
	t = render(smi_render_list, &s);
	assert_string_equal(t, "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-9e4aeb94-01c0-5173-4811-4ca60f77b3a9)\n");
	free(t);
	/* §smi-10: %-15s then one blank, nothing cut; names without MIG are skipped */
	s.nmig = 3;
	snprintf(m[0].name, sizeof(m[0].name), "MIG 1g.24gb+me.all");
	snprintf(m[0].uuid, sizeof(m[0].uuid), "MIG-a");
	snprintf(m[1].name, sizeof(m[1].name), "MIG 1c.2g.10gb");
	snprintf(m[1].uuid, sizeof(m[1].uuid), "MIG-b");
	snprintf(m[2].name, sizeof(m[2].name), "NoName");
	m[1].dev = 12;
	t = render(smi_render_list, &s);
	assert_string_equal(t, "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-9e4aeb94-01c0-5173-4811-4ca60f77b3a9)\n"
			       "  MIG 1g.24gb+me.all Device  0: (UUID: MIG-a)\n"
			       "  MIG 1c.2g.10gb  Device 12: (UUID: MIG-b)\n");
	free(t);
}

/* ---- -mig (§smi-9.1, §smi-9.2) ----------------------------------------------------------- */

static char *mode_text(int set_rc, int activation, int persistence, int enable, const char *driver,
		       int *stop)
{
	smi_mode_result r;
	capture c;
	uint32_t v = 0;

	memset(&r, 0, sizeof(r));
	snprintf(r.bus_id, sizeof(r.bus_id), "00000000:10:1C.0");
	r.set_rc = set_rc;
	r.activation = activation;
	r.persistence = persistence;
	mig_driver_parse(&v, driver);
	*stop = smi_render_mode_result(cap_open(&c), &r, enable, v);
	return cap_close(&c);
}

static void test_mode_messages(void **state)
{
	int stop;
	char *t;

	(void)state;
	/* §smi-9.2 [B] stub: activationStatus = NVML_ERROR_UNKNOWN (999) */
	t = mode_text(0, 999, 1, 1, "535.261.03", &stop);
	assert_string_equal(t, "Warning: MIG mode is in pending enable state for GPU 00000000:10:1C.0:Unknown Error\n"
			       "Reboot the system or try nvidia-smi --gpu-reset to make MIG mode effective on GPU 00000000:10:1C.0\n");
	assert_int_equal(stop, 0);
	free(t);
	/* nvmlDeviceSetMigMode returns NO_PERMISSION: terminates, exit 4 */
	t = mode_text(MIG_ERROR_NO_PERMISSION, 0, 1, 1, "535.261.03", &stop);
	assert_string_equal(t, "Unable to enable MIG Mode for GPU 00000000:10:1C.0: Insufficient Permissions\n"
			       "Terminating early due to previous errors.\n");
	assert_int_equal(stop, 1);
	assert_int_equal(smi_exit_status(MIG_ERROR_NO_PERMISSION, MIG_DRV(535, 261, 3)), 4);
	free(t);
	/* returns NOT_SUPPORTED: a warning, and the command goes on */
	t = mode_text(MIG_ERROR_NOT_SUPPORTED, 0, 1, 1, "535.261.03", &stop);
	assert_string_equal(t, "Unable to enable MIG Mode for GPU 00000000:10:1C.0: Not Supported\n"
			       "Treating as warning and moving on.\n");
	assert_int_equal(stop, 0);
	free(t);
	/* the persistence warning follows a success only [B] */
	t = mode_text(0, 0, 0, 0, "610.43.02", &stop);
	assert_non_null(strstr(t, "Disabled MIG Mode for GPU 00000000:10:1C.0\n\nWarning: persistence mode is disabled on device 00000000:10:1C.0."));
	free(t);
	t = mode_text(0, MIG_ERROR_RESET_REQUIRED, 0, 1, "580.65.06", &stop);
	assert_null(strstr(t, "persistence"));
	free(t);
}

static void test_mode_values(void **state)
{
	capture c;
	char *t;
	int mode = -1;

	(void)state;
	assert_int_equal(smi_parse_mode(&mode, cap_open(&c), "1", MIG_DRV(535, 261, 3)), 0);
	assert_int_equal(mode, 1);
	free(cap_close(&c));
	assert_int_equal(smi_parse_mode(&mode, cap_open(&c), "0", MIG_DRV(535, 261, 3)), 0);
	assert_int_equal(mode, 0);
	free(cap_close(&c));
	/* R470 took -mig 2 as enable (§smi-9.1) */
	assert_int_equal(smi_parse_mode(&mode, cap_open(&c), "2", MIG_DRV(470, 256, 2)), 0);
	assert_int_equal(mode, 1);
	free(cap_close(&c));
	assert_int_equal(smi_parse_mode(&mode, cap_open(&c), "-1", MIG_DRV(580, 0, 0)), 2);
	t = cap_close(&c);
	assert_string_equal(t, "Invalid MIG Mode: 4294967295\nTerminating early due to previous errors.\n");
	free(t);
	assert_int_equal(smi_parse_mode(&mode, cap_open(&c), "on", MIG_DRV(470, 256, 2)), 2);
	t = cap_close(&c);
	assert_string_equal(t, "Provided [-mig | --multi-instance-gpu=] value is not a valid or is out of range: on. Please run 'nvidia-smi -h' for help.\n\n");
	free(t);
}

/* ---- -r (§smi-9.3) ------------------------------------------------------------------- */

static void test_reset_lines(void **state)
{
	smi_reset_result r;
	capture c;
	char *t;
	FILE *f;

	(void)state;
	memset(&r, 0, sizeof(r));
	snprintf(r.bus_id, sizeof(r.bus_id), "00000000:8B:00.0");
	f = cap_open(&c);
	smi_render_reset_result(f, &r, MIG_DRV(580, 0, 0));
	r.rc = MIG_ERROR_NOT_SUPPORTED;
	smi_render_reset_result(f, &r, MIG_DRV(580, 0, 0));
	r.rc = MIG_ERROR_IN_USE;
	smi_render_reset_result(f, &r, MIG_DRV(580, 0, 0));
	r.rc = MIG_ERROR_UNKNOWN;
	smi_render_reset_result(f, &r, MIG_DRV(580, 0, 0));
	t = cap_close(&c);
	assert_string_equal(t, "GPU 00000000:8B:00.0 was successfully reset.\n"
			       "Resetting GPU 00000000:8B:00.0 is not supported.\n"
			       "GPU 00000000:8B:00.0 is currently in use by another process.\n"
			       "Unable to reset GPU 00000000:8B:00.0: Unknown Error\n");
	free(t);
}

/* ---- --query-gpu (§smi-9.2, §smi-9.4) ---------------------------------------------------------- */

static char *query(const char *fields, const char *format, const smi_screen *s)
{
	smi_query q;
	capture c;

	assert_int_equal(smi_query_parse(&q, fields, format), 0);
	smi_render_query(cap_open(&c), &q, s);
	smi_query_free(&q);
	return cap_close(&c);
}

static void test_query(void **state)
{
	smi_screen s;
	smi_gpu_row g;
	smi_mig_row m[4];
	char *t;

	(void)state;
	stub_screen(&s, &g, m, "535.261.03");
	/* §smi-9.4 [B]: a GPU without MIG answers [N/A] */
	g.mig_supported = 0;
	t = query("index,name,mig.mode.current,mig.mode.pending", "csv", &s);
	assert_string_equal(t, "index, name, mig.mode.current, mig.mode.pending\n"
			       "0, NVIDIA A100-SXM4-40GB, [N/A], [N/A]\n");
	free(t);
	t = query("index, mig.mode.current,mig.mode.pending", "csv,noheader", &s);
	assert_string_equal(t, "0, [N/A], [N/A]\n");
	free(t);
	/* units in the header and the values; nounits keeps the header's */
	t = query("memory.total,memory.used,memory.free,power.draw,utilization.gpu", "csv", &s);
	assert_string_equal(t, "memory.total [MiB], memory.used [MiB], memory.free [MiB], power.draw [W], utilization.gpu [%]\n"
			       "40960 MiB, 249 MiB, 0 MiB, 43.00 W, [N/A]\n");
	free(t);
	t = query("memory.total,power.limit", "csv,nounits", &s);
	assert_string_equal(t, "memory.total [MiB], power.limit [W]\n40960, 400.00\n");
	free(t);
}

static void test_query_refusals(void **state)
{
	smi_query q;

	(void)state;
	/* the messages go to stdout, as nvidia-smi's do; only the status is checked */
	assert_int_equal(smi_query_parse(&q, "index,bogus", "csv"), 2);
	assert_int_equal(smi_query_parse(&q, "index,,name", "csv"), 2);
	assert_int_equal(smi_query_parse(&q, "index", NULL), 2);
	assert_int_equal(smi_query_parse(&q, "index", "xml"), 2);
	assert_int_equal(smi_query_parse(&q, "index", "noheader"), 2);
	assert_int_equal(smi_query_parse(&q, "index", "csv,noheader,nounits"), 0);
	assert_int_equal(q.header, 0);
	assert_int_equal(q.units, 0);
	smi_query_free(&q);
}

/* ---- generations (§smi-1) --------------------------------------------------------------- */

static void test_generations(void **state)
{
	(void)state;
	assert_int_equal(smi_gen_of(MIG_DRV(450, 51, 6)), SMI_R450);
	assert_int_equal(smi_gen_of(MIG_DRV(450, 80, 2)), SMI_R460);
	assert_int_equal(smi_gen_of(MIG_DRV(460, 80, 0)), SMI_R460);
	assert_int_equal(smi_gen_of(MIG_DRV(470, 256, 2)), SMI_R470);
	assert_int_equal(smi_gen_of(MIG_DRV(525, 125, 6)), SMI_R470);
	assert_int_equal(smi_gen_of(MIG_DRV(530, 30, 2)), SMI_R535);
	assert_int_equal(smi_gen_of(MIG_DRV(545, 29, 6)), SMI_R535);
	assert_int_equal(smi_gen_of(MIG_DRV(550, 67, 0)), SMI_R550);
	assert_int_equal(smi_gen_of(MIG_DRV(555, 58, 2)), SMI_R550);
	assert_int_equal(smi_gen_of(MIG_DRV(565, 57, 1)), SMI_R565);
	assert_int_equal(smi_gen_of(MIG_DRV(570, 169, 0)), SMI_R570);
	assert_int_equal(smi_gen_of(MIG_DRV(580, 65, 6)), SMI_R580);
	assert_int_equal(smi_gen_of(MIG_DRV(610, 43, 2)), SMI_R580);
	assert_int_equal(smi_width(SMI_R470), 79);
	assert_int_equal(smi_width(SMI_R535), 89);
	assert_int_equal(smi_width(SMI_R570), 91);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_b535),
		cmocka_unit_test(test_screen_b580),
		cmocka_unit_test(test_screen_b470_processes),
		cmocka_unit_test(test_pending_states),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_date_line),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_mode_messages),
		cmocka_unit_test(test_mode_values),
		cmocka_unit_test(test_reset_lines),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_query_refusals),
		cmocka_unit_test(test_generations),
	};

	/* the captures' date lines are UTC */
	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
