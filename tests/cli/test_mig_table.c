/*
 * test_mig_table.c - the table engine (src/cli/table.c) and the row
 * formatters of `migctl mig` (src/cli/smig_list.c) against the synthetic
 * [B] samples of §smi-3.4, §smi-5 and §smi-7, which no catalog GPU
 * can produce (made-up names, 3-5 digit counters, GI IDs >= 10).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "smig.h"
#include "table.h"

#define L 256

/* ---- table.c ------------------------------------------------------------- */

static void test_field_pad_and_cut(void **state)
{
	char b[32];

	(void)state;
	smi_field(b, 4, " 5");
	assert_string_equal(b, " 5  ");
	smi_field(b, 4, "1234");
	assert_string_equal(b, "1234");
	/* §smi-2: a 5-digit SM count prints "1..." in the 4-wide field */
	smi_field(b, 4, "12345");
	assert_string_equal(b, "1...");
	smi_field(b, 17, "MIG 1g.24gb+me.all");
	assert_string_equal(b, "MIG 1g.24gb+me...");
	smi_field(b, 19, "MIG 1g.24gb+me.all");
	assert_string_equal(b, "MIG 1g.24gb+me.all ");
	smi_field(b, 3, "abcd");
	assert_string_equal(b, "...");
	smi_field(b, 2, "abcd");
	assert_string_equal(b, "..");
	smi_field(b, 0, "abcd");
	assert_string_equal(b, "");
	smi_field(b, 3, NULL);
	assert_string_equal(b, "   ");
}

static void test_field_right_and_tail(void **state)
{
	char b[64];

	(void)state;
	smi_field_right(b, 6, "42");
	assert_string_equal(b, "    42");
	smi_field_right(b, 4, "12345");
	assert_string_equal(b, "1...");
	/* §smi-2: process names keep their end ("...inux/release/BlackScholes") */
	smi_field_tail(b, 28, "/usr/local/cuda/samples/bin/x86_64/linux/release/BlackScholes");
	assert_string_equal(b, "...inux/release/BlackScholes");
	smi_field_tail(b, 12, "short");
	assert_string_equal(b, "short       ");
	smi_field_align(b, 4, "x", TBL_RIGHT);
	assert_string_equal(b, "   x");
	smi_field_align(b, 4, "x", '?');
	assert_string_equal(b, "x   ");
}

static void test_fill_template(void **state)
{
	char out[L];
	const char *vals[] = {"  0", "MIG 1g.5gb", "19"};
	const char *tmpl = "| <N > <NAME           > <P > |";

	(void)state;
	assert_int_equal(smi_placeholders(tmpl), 3);
	assert_int_equal(smi_placeholder_width(tmpl, 0), 4);
	assert_int_equal(smi_placeholder_width(tmpl, 1), 17);
	assert_int_equal(smi_placeholder_width(tmpl, 3), 0);
	assert_int_equal(smi_fill(out, sizeof(out), tmpl, vals, 3, NULL), 3);
	assert_string_equal(out, "|   0  MIG 1g.5gb        19   |");
	assert_int_equal(strlen(out), strlen(tmpl));
	/* alignment per placeholder */
	assert_int_equal(smi_fill(out, sizeof(out), tmpl, vals, 3, "rlr"), 3);
	assert_string_equal(out, "|    0 MIG 1g.5gb          19 |");
	/* too few values: blanks, and -1 */
	assert_int_equal(smi_fill(out, sizeof(out), tmpl, vals, 1, NULL), -1);
	assert_string_equal(out, "|   0                         |");
	/* a small buffer cuts the line */
	assert_int_equal(smi_fill(out, 10, tmpl, vals, 3, NULL), 3);
	assert_string_equal(out, "|   0  MI");
}

static char *capture(void (*fn)(FILE *, size_t, const char *), size_t w, const char *arg)
{
	static char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	fn(f, w, arg);
	fclose(f);
	return buf;
}

static void rule_dash(FILE *f, size_t w, const char *arg)
{
	(void)arg;
	tbl_rule(f, w, '-');
}

static void rule_eq(FILE *f, size_t w, const char *arg)
{
	(void)arg;
	tbl_rule(f, w, '=');
}

static void test_rules_and_title(void **state)
{
	(void)state;
	assert_string_equal(capture(rule_dash, 8, NULL), "+------+\n");
	assert_string_equal(capture(rule_eq, 8, NULL), "|======|\n");
	assert_string_equal(capture(tbl_title, 16, "GPU x:"), "| GPU x:       |\n");
}

/* ---- -lgip rows, §smi-3.4 edge values (535.261.03 [B], 79 columns) -------------- */

static void test_lgip_edge_values_79(void **state)
{
	char a[L], b[L];

	(void)state;
	/* 139.65 GiB = 143002 MiB; 1396.48 = 1429995; 97656.25 = 100000000 */
	smig_format_lgip_row(a, b, L, 79, 0, "MIG 7g.141gb", 5, 1, 12, 143002, 0, 132, 7, 10, 8,
			    12, 1);
	assert_string_equal(a, "|   0  MIG 7g.141gb       5     1/12       139.65     No     132    7    10   |");
	assert_string_equal(b, "|                                                             8    12     1   |");
	smig_format_lgip_row(a, b, L, 79, 0, "MIG 2g.xx", 123, 2, 7, 1429995, 0, 1234, 17, 110,
			    18, 112, 11);
	assert_string_equal(a, "|   0  MIG 2g.xx         123    2/7        1396.48    No     1234  17    110  |");
	assert_string_equal(b, "|                                                            18    112   11   |");
	smig_format_lgip_row(a, b, L, 79, 0, "MIG 3g.yy", 12345, 1, 12345, 100000000, 0, 12345,
			    12345, 12345, 12345, 12345, 12345);
	assert_string_equal(a, "|   0  MIG 3g.yy         1...   1/12345    97656.25   No     1...  1...  1... |");
	assert_string_equal(b, "|                                                            1...  1...  1... |");
}

static void test_lgip_18_char_name(void **state)
{
	char a[L], b[L];

	(void)state;
	/* §smi-3.4 (535.261.03 [B]): 18 characters in the 17-wide field */
	smig_format_lgip_row(a, b, L, 79, 0, "MIG 1g.24gb+me.all", 65, 1, 1, 24192, 0, 46, 4, 4,
			    1, 4, 1);
	assert_string_equal(a, "|   0  MIG 1g.24gb+me... 65     1/1        23.62      No     46     4     4   |");
	assert_string_equal(b, "|                                                             1     4     1   |");
	smig_format_lgip_row(a, b, L, 79, 0, "MIG 1g.24gb-me", 66, 4, 4, 24192, 0, 46, 0, 0, 1,
			    0, 0);
	assert_string_equal(a, "|   0  MIG 1g.24gb-me    66     4/4        23.62      No     46     0     0   |");
	/* §smi-7 (580.178.04 [B]): the same in 81 columns */
	smig_format_lgip_row(a, b, L, 81, 0, "MIG 1g.24gb+me.all", 65, 1, 1, 24192, 0, 46, 4, 4,
			    1, 4, 1);
	assert_string_equal(a, "|   0  MIG 1g.24gb+me.all  65     1/1        23.62      No     46     4     4   |");
	assert_string_equal(b, "|                                                               1     4     1   |");
	/* §smi-3.2: GPU 11 -> " 11 ", P2P Yes rendered as "Yes  " */
	smig_format_lgip_row(a, b, L, 81, 11, "MIG 1g.5gb", 19, 7, 7, 4864, 1, 14, 0, 0, 1, 0, 0);
	assert_string_equal(a, "|  11  MIG 1g.5gb          19     7/7        4.75       Yes    14     0     0   |");
}

static void test_glibc_rounding(void **state)
{
	char a[L], b[L];

	(void)state;
	/* §smi-2: 9856 -> 9.62, 20096 -> 19.62, 40320 -> 39.38 (ties to even) */
	smig_format_lgip_row(a, b, L, 79, 0, "x", 0, 0, 0, 9856, 0, 0, 0, 0, 0, 0, 0);
	assert_non_null(strstr(a, " 9.62 "));
	smig_format_lgip_row(a, b, L, 79, 0, "x", 0, 0, 0, 20096, 0, 0, 0, 0, 0, 0, 0);
	assert_non_null(strstr(a, " 19.62 "));
	smig_format_lgip_row(a, b, L, 79, 0, "x", 0, 0, 0, 40320, 0, 0, 0, 0, 0, 0, 0);
	assert_non_null(strstr(a, " 39.38 "));
}

static void test_lgipp_lines(void **state)
{
	char line[L];
	mig_placement one = {0, 1}, two[2] = {{0, 2}, {2, 2}};

	(void)state;
	/* §smi-3.4 edge values of -lgipp */
	smig_format_placements(line, L, 0, -1, 5, &one, 1);
	assert_string_equal(line, "GPU  0 Profile ID  5 Placement : {0}:1");
	smig_format_placements(line, L, 0, -1, 123, two, 2);
	assert_string_equal(line, "GPU  0 Profile ID 123 Placements: {0,2}:2");
	smig_format_placements(line, L, 0, -1, 12345, &one, 1);
	assert_string_equal(line, "GPU  0 Profile ID 12345 Placement : {0}:1");
	/* §smi-4 -lcipp [B] */
	smig_format_placements(line, L, 0, 3, 0, &one, 1);
	assert_string_equal(line, "GPU  0 GI  3 Profile ID  0 Placement : {0}:1");
	/* a tiny buffer is cut, never overrun */
	smig_format_placements(line, 12, 0, 3, 0, &one, 1);
	assert_string_equal(line, "GPU  0 GI  ");
}

/* ---- -lcip, -lgi, -lci, §smi-5 / §smi-7 synthetic samples (580.178.04 [B]) ---------- */

static void test_lcip_names_and_ids(void **state)
{
	char a[L], b[L];

	(void)state;
	smig_format_lcip_row(a, b, L, 0, 5, "MIG 12345678901234", 0, 1, 0, 1, 14, 0, 0, 0, 1, 0);
	assert_string_equal(a, "|   0      5       MIG 12345678901234   0*     0/1           14        0     0     0   |");
	assert_string_equal(b, "|                                                                      1     0         |");
	smig_format_lcip_row(a, b, L, 0, 6, "MIG 123456789012345", 0, 1, 0, 1, 14, 0, 0, 0, 1, 0);
	assert_string_equal(a, "|   0      6       MIG 12345678901...   0*     0/1           14        0     0     0   |");
	smig_format_lcip_row(a, b, L, 0, 13, "MIG 1c.7g.40gb", 0, 0, 0, 7, 20, 0, 0, 0, 1, 0);
	assert_string_equal(a, "|   0     13       MIG 1c.7g.40gb       0      0/7           20        0     0     0   |");
	smig_format_lcip_row(a, b, L, 0, 13, "MIG 7g.40gb", 4, 1, 0, 1, 140, 0, 0, 0, 1, 0);
	assert_string_equal(a, "|   0     13       MIG 7g.40gb          4*     0/1           140       0     0     0   |");
	assert_string_equal(b, "|                                                                      1     0         |");
}

static void test_lgi_rows(void **state)
{
	char a[L];

	(void)state;
	/* §smi-5 (580.178.04 [B]), 59 columns */
	smig_format_lgi_row(a, L, 59, 0, "MIG 12345678901234", 3, 5, 3, 1);
	assert_string_equal(a, "|   0  MIG 12345678901234     3        5          3:1     |");
	smig_format_lgi_row(a, L, 59, 0, "MIG 123456789012345", 4, 6, 2, 1);
	assert_string_equal(a, "|   0  MIG 123456789012345    4        6          2:1     |");
	smig_format_lgi_row(a, L, 59, 0, "MIG 7g.40gb", 123, 13, 0, 8);
	assert_string_equal(a, "|   0  MIG 7g.40gb           123      13          0:8     |");
	smig_format_lgi_row(a, L, 59, 0, "MIG 1g.24gb+me.all", 65, 1, 0, 1);
	assert_string_equal(a, "|   0  MIG 1g.24gb+me.all    65        1          0:1     |");
	/* §smi-3.4 (535.261.03 [B]), 57 columns */
	smig_format_lgi_row(a, L, 57, 0, "MIG 1g.24gb+me.all", 65, 1, 0, 1);
	assert_string_equal(a, "|   0  MIG 1g.24gb+me...   65        1          0:1     |");
	/* R450, 54 columns, 14-wide name (inferred): "MIG 1g.10gb+me" fits, longer is cut */
	smig_format_lgi_row(a, L, 54, 0, "MIG 1g.10gb+me", 20, 7, 0, 1);
	assert_string_equal(a, "|   0  MIG 1g.10gb+me   20        7          0:1     |");
	smig_format_lgi_row(a, L, 54, 0, "MIG 1g.10gb+me.all", 20, 7, 0, 1);
	assert_string_equal(a, "|   0  MIG 1g.10gb...   20        7          0:1     |");
}

static void test_lci_rows(void **state)
{
	char a[L];

	(void)state;
	/* §smi-3.4 and §smi-7 [B]: an 18-character CI name fills its field exactly */
	smig_format_lci_row(a, L, 1, 0, 1, "MIG 1g.24gb+me.all", 0, 0, 0, 1);
	assert_string_equal(a, "|   0      1       MIG 1g.24gb+me.all   0         0          0:1     |");
	smig_format_lci_row(a, L, 1, 0, 1, "MIG 1g.24gb+me.all.x", 0, 0, 0, 1);
	assert_string_equal(a, "|   0      1       MIG 1g.24gb+me....   0         0          0:1     |");
	smig_format_lci_row(a, L, 1, 12, 14, "MIG 1g.5gb", 0, 123, 6, 1);
	assert_string_equal(a, "|  12     14       MIG 1g.5gb           0        123         6:1     |");
	/* R450 (57 columns, no Placement) */
	smig_format_lci_row(a, L, 0, 0, 1, "MIG 1c.3g.20gb", 0, 2, 0, 1);
	assert_string_equal(a, "|   0      1       MIG 1c.3g.20gb       0         2     |");
}

/* ---- generations ------------------------------------------------------------ */

static void test_generations(void **state)
{
	smig_gen g;

	(void)state;
	smig_gen_for(&g, MIG_DRV(450, 80, 2));
	assert_int_equal(g.lgip_width, 79);
	assert_int_equal(g.lgi_width, 54);
	assert_false(g.lci_placement);
	assert_false(g.cci_id);
	assert_false(g.sort_by_memory);
	smig_gen_for(&g, MIG_DRV(470, 256, 2));
	assert_int_equal(g.lgi_width, 57);
	assert_int_equal(g.profile_count, 8);
	assert_true(g.lci_placement && g.cci_id);
	assert_false(g.sort_by_memory);
	assert_false(g.has_lcipp);
	assert_false(g.disabled_exit0);
	/* Debian's real 525.147.05 nvidia-smi sorts -lgip like R535 and has -lcipp. */
	smig_gen_for(&g, MIG_DRV(525, 147, 5));
	assert_true(g.sort_by_memory);
	assert_true(g.has_lcipp);
	smig_gen_for(&g, MIG_DRV(535, 261, 3));
	assert_true(g.sort_by_memory);
	assert_int_equal(g.profile_count, 10);
	assert_false(g.disabled_exit0);
	smig_gen_for(&g, MIG_DRV(550, 67, 0));
	assert_true(g.disabled_exit0 && g.disabled_lists_profiles);
	assert_int_equal(g.lgip_width, 79);
	smig_gen_for(&g, MIG_DRV(570, 133, 7));
	assert_int_equal(g.profile_count, 13);
	assert_int_equal(g.lgi_width, 57);
	smig_gen_for(&g, MIG_DRV(580, 82, 7));
	assert_int_equal(g.lgip_width, 81);
	assert_int_equal(g.lgi_width, 59);
	assert_int_equal(g.profile_count, 17);
	smig_gen_for(&g, MIG_DRV(595, 99, 2));
	assert_int_equal(g.profile_count, 18);
}

/* ---- -cgi tuples (§smi-8.2) ------------------------------------------------------ */

static void test_tuples(void **state)
{
	smig_tuples t;

	(void)state;
	assert_int_equal(smig_tuples_parse(&t, "19:3,19:,19:x,:1,MIG 1g.5gb,,19:-1"), 0);
	assert_int_equal(t.n, 7);
	assert_string_equal(t.v[0].typed, "19:3");
	assert_string_equal(t.v[0].profile, "19");
	assert_true(t.v[0].has_start);
	assert_int_equal(t.v[0].start, 3);
	assert_false(t.v[1].has_start);
	assert_false(t.v[1].syntax_error);
	assert_string_equal(t.v[2].profile, "19");
	assert_false(t.v[2].has_start);
	assert_true(t.v[3].syntax_error);
	assert_string_equal(t.v[3].typed, ":1");
	assert_string_equal(t.v[4].profile, "MIG 1g.5gb");
	assert_true(t.v[5].syntax_error);
	assert_string_equal(t.v[5].typed, "");
	assert_int_equal(t.v[6].start, -1);
	smig_tuples_free(&t);
	assert_int_equal(smig_tuples_parse(&t, ""), 0);
	assert_int_equal(t.n, 1);
	assert_true(t.v[0].syntax_error);
	smig_tuples_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_pad_and_cut),
		cmocka_unit_test(test_field_right_and_tail),
		cmocka_unit_test(test_fill_template),
		cmocka_unit_test(test_rules_and_title),
		cmocka_unit_test(test_lgip_edge_values_79),
		cmocka_unit_test(test_lgip_18_char_name),
		cmocka_unit_test(test_glibc_rounding),
		cmocka_unit_test(test_lgipp_lines),
		cmocka_unit_test(test_lcip_names_and_ids),
		cmocka_unit_test(test_lgi_rows),
		cmocka_unit_test(test_lci_rows),
		cmocka_unit_test(test_generations),
		cmocka_unit_test(test_tuples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
