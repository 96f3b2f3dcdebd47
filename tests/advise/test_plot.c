/*
 * test_plot.c - src/plot: charts rendered to PNG are read back with cairo
 * and checked pixel by pixel where a line, a limit line or nothing must be;
 * SVG output is checked for its vector elements; bad sizes and paths fail
 * with a message.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "testutil.h"

/* The RGB of pixel (x, y) of a PNG surface. */
static plot_rgb pixel(cairo_surface_t *s, double x, double y)
{
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	uint32_t v;

	memcpy(&v, d + (int)lround(y) * stride + (int)lround(x) * 4, 4);
	return (plot_rgb){((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0};
}

/* Is some pixel within 1 px of (x, y) close to colour c? (antialiasing) */
static int near_colour(cairo_surface_t *s, double x, double y, plot_rgb c)
{
	for (int dy = -1; dy <= 1; dy++)
		for (int dx = -1; dx <= 1; dx++) {
			plot_rgb p = pixel(s, x + dx, y + dy);

			if (fabs(p.r - c.r) < 0.12 && fabs(p.g - c.g) < 0.12 && fabs(p.b - c.b) < 0.12)
				return 1;
		}
	return 0;
}

static int is_white(cairo_surface_t *s, double x, double y)
{
	plot_rgb p = pixel(s, x, y);

	return p.r > 0.99 && p.g > 0.99 && p.b > 0.99;
}

static char *tmp_path(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* A rising line and a limit at 60: the line's pixels carry colour 0, the
 * limit's colour 3, the empty upper left corner of the area stays white. */
static void test_line_and_limit_png(void **state)
{
	double x[] = {0, 50, 100}, y[] = {0, 50, 100}, px, py;
	char *dir = tu_mkdtemp(), *path = tmp_path(dir, "line.png");
	plot *p = plot_new("Memory", "time (s)", "MiB");
	plot *const charts[] = {p};
	cairo_surface_t *img;

	(void)state;
	assert_int_equal(plot_line(p, "used", x, y, 3), 0);
	assert_int_equal(plot_hline(p, 60, "1g.10gb"), 0);
	plot_yrange(p, 0, 100);
	assert_int_equal(plot_write(charts, 1, path, PLOT_PNG, 640, 360), 0);

	img = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(img), 640);
	assert_int_equal(cairo_image_surface_get_height(img), 360);
	cairo_surface_flush(img);
	assert_int_equal(plot_locate((const plot *const *)charts, 1, 0, 640, 360, 25, 25, &px, &py), 0);
	assert_true(near_colour(img, px, py, plot_palette(0)));
	assert_int_equal(plot_locate((const plot *const *)charts, 1, 0, 640, 360, 20, 60, &px, &py), 0);
	assert_true(near_colour(img, px, py, plot_palette(3)));
	assert_int_equal(plot_locate((const plot *const *)charts, 1, 0, 640, 360, 10, 90, &px, &py), 0);
	assert_true(is_white(img, px, py));
	cairo_surface_destroy(img);
	plot_free(p);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* Two stacked charts: the second one's line lands in the lower half, and
 * a NaN breaks the line (no ink between the points around it). */
static void test_stacked_and_gaps(void **state)
{
	double x[] = {0, 10, 20, 30}, y[] = {5, 5, NAN, 5}, px, py;
	char *dir = tu_mkdtemp(), *path = tmp_path(dir, "two.png");
	plot *a = plot_new("A", "t", "v"), *b = plot_new("B", "t", "v");
	plot *const charts[] = {a, b};
	cairo_surface_t *img;

	(void)state;
	assert_int_equal(plot_line(a, "a", x, y, 4), 0);
	assert_int_equal(plot_line(b, "b", x, y, 4), 0);
	plot_yrange(a, 0, 10);
	plot_yrange(b, 0, 10);
	assert_int_equal(plot_write(charts, 2, path, PLOT_PNG, 500, 600), 0);
	img = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	assert_int_equal(plot_locate((const plot *const *)charts, 2, 1, 500, 600, 5, 5, &px, &py), 0);
	assert_true(py > 300);
	assert_true(near_colour(img, px, py, plot_palette(0)));
	assert_int_equal(plot_locate((const plot *const *)charts, 2, 1, 500, 600, 20, 5, &px, &py), 0);
	assert_true(is_white(img, px, py));
	cairo_surface_destroy(img);
	plot_free(a);
	plot_free(b);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* A CDF of 1..4: y is 0.5 at x = 2.5 (between the 2nd and 3rd values) and
 * the step is drawn in the first colour there. */
static void test_cdf(void **state)
{
	double v[] = {4, 1, 3, NAN, 2}, px, py;
	char *dir = tu_mkdtemp(), *path = tmp_path(dir, "cdf.png");
	plot *p = plot_new("JCT", "seconds", "share of jobs");
	plot *const charts[] = {p};
	cairo_surface_t *img;

	(void)state;
	assert_int_equal(plot_cdf(p, "fifo", v, 5), 0);
	plot_xrange(p, 0, 5);
	plot_yrange(p, 0, 1);
	assert_int_equal(plot_write(charts, 1, path, PLOT_PNG, 400, 300), 0);
	img = cairo_image_surface_create_from_png(path);
	assert_int_equal(plot_locate((const plot *const *)charts, 1, 0, 400, 300, 2.5, 0.5, &px, &py), 0);
	assert_true(near_colour(img, px, py, plot_palette(0)));
	assert_int_equal(plot_locate((const plot *const *)charts, 1, 0, 400, 300, 2.5, 0.9, &px, &py), 0);
	assert_true(is_white(img, px, py));
	cairo_surface_destroy(img);
	plot_free(p);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

/* A log x axis: values 2, 30, 400 span the decades 1..1000 (the 0 cannot be
 * drawn and does not widen the axis), so x = 10 lands a third of the way across
 * and x = 100 two thirds; the CDF still counts the 0: it is 2/4 from 2 to 30,
 * drawn at x = 10. */
static void test_cdf_log(void **state)
{
	double v[] = {400, 0, 2, 30}, px, py, left, right;
	char *dir = tu_mkdtemp(), *path = tmp_path(dir, "log.png");
	plot *p = plot_new("JCT", "seconds", "share of jobs");
	plot *const charts[] = {p};
	const plot *const *cc = (const plot *const *)charts;
	cairo_surface_t *img;

	(void)state;
	assert_int_equal(plot_cdf(p, "fifo", v, 4), 0);
	plot_xlog(p);
	plot_yrange(p, 0, 1);
	assert_int_equal(plot_write(charts, 1, path, PLOT_PNG, 400, 300), 0);
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 1, 0, &left, &py), 0);
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 1000, 0, &right, &py), 0);
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 10, 0, &px, &py), 0);
	assert_true(fabs(px - (left + (right - left) / 3)) < 1e-6);
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 100, 0, &px, &py), 0);
	assert_true(fabs(px - (left + 2 * (right - left) / 3)) < 1e-6);
	img = cairo_image_surface_create_from_png(path);
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 10, 0.5, &px, &py), 0);
	assert_true(near_colour(img, px, py, plot_palette(0)));
	assert_int_equal(plot_locate(cc, 1, 0, 400, 300, 10, 0.8, &px, &py), 0);
	assert_true(is_white(img, px, py));
	cairo_surface_destroy(img);
	plot_free(p);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void test_svg(void **state)
{
	double x[] = {0, 1}, y[] = {1, 2};
	char *dir = tu_mkdtemp(), *path = tmp_path(dir, "c.svg"), *text;
	plot *p = plot_new("Power", "s", "W");
	plot *const charts[] = {p};
	size_t len;

	(void)state;
	assert_int_equal(plot_line(p, "draw", x, y, 2), 0);
	assert_int_equal(plot_write(charts, 1, path, PLOT_SVG, 600, 300), 0);
	text = tu_read_file(path, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "<svg"));
	assert_non_null(strstr(text, "<path"));
	free(text);
	plot_free(p);
	tu_rmtree(dir);
	free(dir);
	free(path);
}

static void test_refusals(void **state)
{
	double x[] = {0, 1}, y[] = {1, 2};
	plot *p = plot_new("t", NULL, NULL);
	plot *const charts[] = {p};

	(void)state;
	assert_int_equal(plot_line(p, "l", x, y, 2), 0);
	assert_int_equal(plot_write(charts, 1, "/nonexistent-dir/x.png", PLOT_PNG, 400, 300), -1);
	assert_non_null(strstr(plot_error(p), "/nonexistent-dir/x.png"));
	assert_int_equal(plot_write(charts, 1, "/tmp/x.png", PLOT_PNG, 10, 10), -1);
	assert_non_null(strstr(plot_error(p), "too small"));
	assert_int_equal(plot_hline(p, INFINITY, "x"), -1);
	assert_int_equal(plot_line(p, "l", NULL, NULL, 3), -1);
	plot_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_and_limit_png),
		cmocka_unit_test(test_stacked_and_gaps),
		cmocka_unit_test(test_cdf),
		cmocka_unit_test(test_cdf_log),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_refusals),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	plot_cleanup();
	return failed;
}
