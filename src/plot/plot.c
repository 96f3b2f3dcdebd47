/*
 * plot.c - a chart's data: lines, CDFs, limit lines and ranges.  Drawing
 * lives in plot_draw.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

plot *plot_new(const char *title, const char *xlabel, const char *ylabel)
{
	plot *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->title = dup_or_empty(title);
	p->xlabel = dup_or_empty(xlabel);
	p->ylabel = dup_or_empty(ylabel);
	if (!p->title || !p->xlabel || !p->ylabel) {
		plot_free(p);
		return NULL;
	}
	return p;
}

void plot_free(plot *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nseries; i++) {
		free(p->series[i].label);
		free(p->series[i].x);
		free(p->series[i].y);
	}
	for (size_t i = 0; i < p->nlimits; i++)
		free(p->limits[i].label);
	free(p->series);
	free(p->limits);
	free(p->title);
	free(p->xlabel);
	free(p->ylabel);
	free(p);
}

const char *plot_error(const plot *p)
{
	return p ? p->error : "no chart";
}

static int fail(plot *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(plot *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* A new series slot holding copies of label, x and y (n points). */
static plot_series *add_series(plot *p, const char *label, size_t n)
{
	plot_series *grown = realloc(p->series, (p->nseries + 1) * sizeof(*grown)), *s;

	if (!grown)
		return NULL;
	p->series = grown;
	s = &grown[p->nseries];
	memset(s, 0, sizeof(*s));
	s->label = dup_or_empty(label);
	s->x = malloc((n ? n : 1) * sizeof(double));
	s->y = malloc((n ? n : 1) * sizeof(double));
	if (!s->label || !s->x || !s->y) {
		free(s->label);
		free(s->x);
		free(s->y);
		return NULL;
	}
	s->n = n;
	p->nseries++;
	return s;
}

int plot_line(plot *p, const char *label, const double *x, const double *y, size_t n)
{
	plot_series *s;

	if (n && (!x || !y))
		return fail(p, "plot_line: %zu points but no coordinates", n);
	s = add_series(p, label, n);
	if (!s)
		return fail(p, "plot_line: out of memory");
	if (n) {
		memcpy(s->x, x, n * sizeof(double));
		memcpy(s->y, y, n * sizeof(double));
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int plot_cdf(plot *p, const char *label, const double *values, size_t n)
{
	size_t kept = 0;
	plot_series *s;

	if (n && !values)
		return fail(p, "plot_cdf: %zu values but no array", n);
	for (size_t i = 0; i < n; i++)
		kept += !isnan(values[i]);
	s = add_series(p, label, kept);
	if (!s)
		return fail(p, "plot_cdf: out of memory");
	s->step = 1;
	kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(values[i]))
			s->x[kept++] = values[i];
	qsort(s->x, kept, sizeof(double), cmp_double);
	for (size_t i = 0; i < kept; i++)
		s->y[i] = (double)(i + 1) / (double)kept;
	return 0;
}

int plot_hline(plot *p, double y, const char *label)
{
	plot_limit *grown;

	if (!isfinite(y))
		return fail(p, "plot_hline: the limit is not a finite number");
	grown = realloc(p->limits, (p->nlimits + 1) * sizeof(*grown));
	if (!grown)
		return fail(p, "plot_hline: out of memory");
	p->limits = grown;
	grown[p->nlimits].y = y;
	grown[p->nlimits].label = dup_or_empty(label);
	if (!grown[p->nlimits].label)
		return fail(p, "plot_hline: out of memory");
	p->nlimits++;
	return 0;
}

void plot_xrange(plot *p, double lo, double hi)
{
	if (lo < hi) {
		p->xfixed = 1;
		p->xlo = lo;
		p->xhi = hi;
	}
}

void plot_xlog(plot *p)
{
	if (p)
		p->xlog = 1;
}

double plot__xfrac(const plot *p, double x, double x0, double x1)
{
	if (!p->xlog)
		return (x - x0) / (x1 - x0);
	if (!(x > 0))
		return NAN;
	return (log10(x) - log10(x0)) / (log10(x1) - log10(x0));
}

/* A log axis from the decade below its lowest positive x to the decade above its highest. */
static int log_range(double *x0, double *x1)
{
	if (!(*x0 > 0) || !(*x0 <= *x1))
		return -1;
	*x0 = pow(10, floor(log10(*x0)));
	*x1 = pow(10, ceil(log10(*x1)));
	if (*x1 <= *x0)
		*x1 = *x0 * 10;
	return 0;
}

void plot_yrange(plot *p, double lo, double hi)
{
	if (lo < hi) {
		p->yfixed = 1;
		p->ylo = lo;
		p->yhi = hi;
	}
}

plot_rgb plot_palette(size_t i)
{
	/* Okabe and Ito's colour-blind-safe palette (2008), then darker repeats. */
	static const plot_rgb colours[] = {
		{0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.000, 0.620, 0.451},
		{0.800, 0.475, 0.655}, {0.902, 0.624, 0.000}, {0.337, 0.706, 0.914},
		{0.941, 0.894, 0.259}, {0.000, 0.000, 0.000}};
	return colours[i % (sizeof(colours) / sizeof(colours[0]))];
}

static void widen(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

int plot__ranges(const plot *p, double *xlo, double *xhi, double *ylo, double *yhi)
{
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;

	for (size_t i = 0; i < p->nseries; i++)
		for (size_t j = 0; j < p->series[i].n; j++) {
			if (isnan(p->series[i].x[j]) || isnan(p->series[i].y[j]) ||
			    (p->xlog && !(p->series[i].x[j] > 0)))
				continue;
			widen(&x0, &x1, p->series[i].x[j]);
			widen(&y0, &y1, p->series[i].y[j]);
		}
	for (size_t i = 0; i < p->nlimits; i++)
		widen(&y0, &y1, p->limits[i].y);
	if (p->xfixed) {
		x0 = p->xlo;
		x1 = p->xhi;
	}
	if (p->yfixed) {
		y0 = p->ylo;
		y1 = p->yhi;
	} else if (y0 >= 0) {
		y0 = 0;
	}
	if (!(x0 <= x1) || !(y0 <= y1) || (p->xlog && log_range(&x0, &x1)))
		return -1;
	if (x0 == x1) {
		x0 -= 1;
		x1 += 1;
	}
	if (y0 == y1)
		y1 = y0 + 1;
	else if (!p->yfixed)
		y1 += (y1 - y0) * 0.05; /* room above the highest line for its label */
	*xlo = x0;
	*xhi = x1;
	*ylo = y0;
	*yhi = y1;
	return 0;
}

double plot__tick_step(double lo, double hi, int want)
{
	double raw = (hi - lo) / (want > 0 ? want : 1), mag, f;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/* Margins around the plotting area: tick labels and axis titles left and
 * below, the title and legend above. */
enum { MARGIN_LEFT = 74, MARGIN_RIGHT = 18, MARGIN_TOP = 30, MARGIN_BOTTOM = 42 };

void plot__frame(plot_frame *out, size_t index, size_t n, unsigned width, unsigned height)
{
	double ph = n ? (double)height / (double)n : (double)height;

	out->panel_top = ph * (double)index;
	out->panel_height = ph;
	out->left = MARGIN_LEFT;
	out->top = out->panel_top + MARGIN_TOP;
	out->width = (double)width - MARGIN_LEFT - MARGIN_RIGHT;
	out->height = ph - MARGIN_TOP - MARGIN_BOTTOM;
}

int plot_locate(const plot *const *charts, size_t n, size_t index, unsigned width,
		unsigned height, double x, double y, double *px, double *py)
{
	double x0, x1, y0, y1;
	plot_frame f;

	if (index >= n || plot__ranges(charts[index], &x0, &x1, &y0, &y1))
		return -1;
	plot__frame(&f, index, n, width, height);
	*px = f.left + plot__xfrac(charts[index], x, x0, x1) * f.width;
	*py = f.top + f.height - (y - y0) / (y1 - y0) * f.height;
	return 0;
}
