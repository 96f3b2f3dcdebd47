/*
 * plot_draw.c - rendering charts with cairo (PNG through an image surface,
 * SVG through cairo's SVG surface; the same drawing calls for both).
 */
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_int.h"

#define FONT "DejaVu Sans"

typedef struct ranges {
	const plot *p;
	double x0, x1, y0, y1;
} ranges;

static double map_x(const plot_frame *f, const ranges *r, double x)
{
	return f->left + plot__xfrac(r->p, x, r->x0, r->x1) * f->width;
}

static double map_y(const plot_frame *f, const ranges *r, double y)
{
	return f->top + f->height - (y - r->y0) / (r->y1 - r->y0) * f->height;
}

/* A tick label: integers plainly, else up to 3 significant digits. */
static void format_tick(char *buf, size_t len, double v, double step)
{
	if (fabs(v) < step * 1e-9)
		v = 0;
	if (step >= 1 && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.3g", v);
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - (e.width + e.x_bearing) * align, y);
	cairo_show_text(cr, s);
}

static void draw_axes(cairo_t *cr, const plot *p, const plot_frame *f, const ranges *r)
{
	double xs = plot__tick_step(r->x0, r->x1, 7), ys = plot__tick_step(r->y0, r->y1, 5);
	char buf[48];

	cairo_set_font_size(cr, 11);
	cairo_set_line_width(cr, 1);
	for (double v = ceil(r->y0 / ys) * ys; v <= r->y1 + ys * 1e-9; v += ys) {
		double y = floor(map_y(f, r, v)) + 0.5;

		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, f->left, y);
		cairo_line_to(cr, f->left + f->width, y);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		format_tick(buf, sizeof(buf), v, ys);
		text_at(cr, f->left - 6, y + 4, buf, 1);
	}
	if (p->xlog)
		xs = 1;          /* the loop below steps decades */
	for (double v = p->xlog ? r->x0 : ceil(r->x0 / xs) * xs; v <= r->x1 * (1 + 1e-9) + xs * 1e-9;
	     v = p->xlog ? v * 10 : v + xs) {
		double x = floor(map_x(f, r, v)) + 0.5;

		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		cairo_move_to(cr, x, f->top + f->height);
		cairo_line_to(cr, x, f->top + f->height + 4);
		cairo_stroke(cr);
		if (p->xlog && v >= 1e6)
			snprintf(buf, sizeof(buf), "1e%.0f", log10(v));
		else
			format_tick(buf, sizeof(buf), v, p->xlog ? fmin(v, 1) : xs);
		text_at(cr, x, f->top + f->height + 16, buf, 0.5);
	}
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_rectangle(cr, floor(f->left) + 0.5, floor(f->top) + 0.5, floor(f->width),
			floor(f->height));
	cairo_stroke(cr);
	text_at(cr, f->left + f->width / 2, f->top + f->height + 33, p->xlabel, 0.5);
	cairo_save(cr);
	cairo_translate(cr, 16, f->top + f->height / 2);
	cairo_rotate(cr, -M_PI / 2);
	text_at(cr, 0, 0, p->ylabel, 0.5);
	cairo_restore(cr);
}

static void draw_series(cairo_t *cr, const plot_series *s, const plot_frame *f, const ranges *r,
			plot_rgb c)
{
	int pen_down = 0;
	double last_y = 0;

	cairo_set_source_rgb(cr, c.r, c.g, c.b);
	cairo_set_line_width(cr, 2);
	for (size_t i = 0; i < s->n; i++) {
		double x, y;

		x = map_x(f, r, s->x[i]);
		if (isnan(x) || isnan(s->y[i])) {
			pen_down = 0;
			continue;
		}
		y = map_y(f, r, s->y[i]);
		if (!pen_down)
			cairo_move_to(cr, x, s->step ? map_y(f, r, 0) : y);
		if (s->step)
			cairo_line_to(cr, x, pen_down ? last_y : map_y(f, r, 0));
		cairo_line_to(cr, x, y);
		pen_down = 1;
		last_y = y;
	}
	cairo_stroke(cr);
}

static void draw_limit(cairo_t *cr, const plot_limit *l, const plot_frame *f, const ranges *r,
		       plot_rgb c)
{
	static const double dash[] = {6, 4};
	double y = map_y(f, r, l->y);

	if (y < f->top - 0.5 || y > f->top + f->height + 0.5)
		return;
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
	cairo_set_line_width(cr, 1.5);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, f->left, y);
	cairo_line_to(cr, f->left + f->width, y);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_font_size(cr, 10);
	/* Above the line, or below it when the line runs along the top. */
	text_at(cr, f->left + f->width - 4, y - 14 < f->top ? y + 12 : y - 3, l->label, 1);
}

/* The title at the left of the top margin, the legend to its right. */
static void draw_header(cairo_t *cr, const plot *p, const plot_frame *f)
{
	cairo_text_extents_t e;
	double x;

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 13);
	cairo_move_to(cr, f->left, f->panel_top + 19);
	cairo_show_text(cr, p->title);
	cairo_text_extents(cr, p->title, &e);
	x = f->left + e.x_advance + 24;
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	for (size_t i = 0; i < p->nseries; i++) {
		plot_rgb c = plot_palette(i);

		if (!*p->series[i].label)
			continue;
		cairo_set_source_rgb(cr, c.r, c.g, c.b);
		cairo_rectangle(cr, x, f->panel_top + 11, 14, 4);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		cairo_move_to(cr, x + 18, f->panel_top + 17);
		cairo_show_text(cr, p->series[i].label);
		cairo_text_extents(cr, p->series[i].label, &e);
		x += 18 + e.x_advance + 16;
	}
}

static void draw_chart(cairo_t *cr, const plot *p, size_t index, size_t n, unsigned width,
		       unsigned height)
{
	plot_frame f;
	ranges r;

	plot__frame(&f, index, n, width, height);
	draw_header(cr, p, &f);
	r.p = p;
	if (plot__ranges(p, &r.x0, &r.x1, &r.y0, &r.y1)) {
		cairo_set_font_size(cr, 12);
		text_at(cr, f.left + f.width / 2, f.top + f.height / 2, "no data", 0.5);
		return;
	}
	draw_axes(cr, p, &f, &r);
	cairo_save(cr);
	cairo_rectangle(cr, f.left, f.top, f.width, f.height);
	cairo_clip(cr);
	for (size_t i = 0; i < p->nlimits; i++)
		draw_limit(cr, &p->limits[i], &f, &r, plot_palette(i + 3));
	for (size_t i = 0; i < p->nseries; i++)
		draw_series(cr, &p->series[i], &f, &r, plot_palette(i));
	cairo_restore(cr);
}

static int write_failed(plot *first, const char *what, const char *path, cairo_status_t st)
{
	if (first)
		snprintf(first->error, sizeof(first->error), "%s %s: %s", what, path,
			 cairo_status_to_string(st));
	return -1;
}

int plot_write(plot *const *charts, size_t n, const char *path, plot_format fmt,
	       unsigned width, unsigned height)
{
	cairo_surface_t *surface;
	cairo_status_t st;
	cairo_t *cr;

	if (!n)
		return -1;
	if (width < 240 || height / n < 140 || width > 8192 || height > 8192) {
		snprintf(charts[0]->error, sizeof(charts[0]->error),
			 "writing %s: %ux%u is too small or too large for %zu chart(s) "
			 "(at least 240 wide and 140 tall per chart, at most 8192)",
			 path, width, height, n);
		return -1;
	}
	if (fmt == PLOT_SVG)
		surface = cairo_svg_surface_create(path, width, height);
	else
		surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)width, (int)height);
	st = cairo_surface_status(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return write_failed(charts[0], "writing", path, st);
	}
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	for (size_t i = 0; i < n; i++)
		draw_chart(cr, charts[i], i, n, width, height);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS && fmt != PLOT_SVG)
		st = cairo_surface_write_to_png(surface, path);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return st == CAIRO_STATUS_SUCCESS ? 0 : write_failed(charts[0], "writing", path, st);
}

void plot_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
