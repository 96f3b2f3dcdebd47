/*
 * plot.h - small charts drawn with cairo, as PNG or SVG: lines over time
 * with horizontal limit lines, CDFs, axes with ticks, a legend.  Used by
 * `migctl advise` (a job's memory, SM activity and power against the
 * limits of candidate profiles) and by the simulator (JCT CDFs, allocation
 * and queue length over time).
 *
 * Why cairo (docs/advise.md#plotting): one well-kept Debian library
 * (libcairo2) that writes both PNG and SVG from the same drawing calls,
 * antialiased, with text, in C with no toolkit around it; gnuplot or
 * matplotlib would mean a second process and language, libgd has no SVG.
 *
 * A chart copies what it is given; nothing points into the caller's data.
 * Functions that can fail return 0 or -1 with plot_error() set.  Not
 * thread-safe per chart; distinct charts are independent.
 */
#ifndef MIG_PLOT_H
#define MIG_PLOT_H

#include <stddef.h>

typedef struct plot plot;

typedef enum plot_format { PLOT_PNG = 1, PLOT_SVG = 2 } plot_format;

/* Red, green, blue in 0..1. */
typedef struct plot_rgb {
	double r, g, b;
} plot_rgb;

/* A new empty chart; NULL when out of memory.  Texts may be NULL. */
plot *plot_new(const char *title, const char *xlabel, const char *ylabel);
void plot_free(plot *p);

/* What went wrong in the last failing call on p ("" when nothing did). */
const char *plot_error(const plot *p);

/*
 * A line through (x[i], y[i]), drawn in the next colour of the palette
 * (plot_palette).  Points with a NaN coordinate break the line.
 */
int plot_line(plot *p, const char *label, const double *x, const double *y, size_t n);
/*
 * The empirical CDF of values[0..n) as a step line: y = share of values <= x,
 * 0..1.  NaNs are left out.
 */
int plot_cdf(plot *p, const char *label, const double *values, size_t n);
/* A dashed horizontal line at y across the chart, its label at the right end. */
int plot_hline(plot *p, double y, const char *label);

/* A logarithmic x axis (base 10, ticks at powers of ten): x <= 0 is left out. */
void plot_xlog(plot *p);

/* Fix an axis range instead of fitting the data (lo < hi). */
void plot_xrange(plot *p, double lo, double hi);
void plot_yrange(plot *p, double lo, double hi);

/* The colour of the i-th line (and of the i-th limit line, offset by 3). */
plot_rgb plot_palette(size_t i);

/*
 * Render charts stacked top to bottom into one file of width x height
 * pixels (SVG: points), each chart height/n tall.  Overwrites path.
 */
int plot_write(plot *const *charts, size_t n, const char *path, plot_format fmt,
	       unsigned width, unsigned height);

/*
 * Where data point (x, y) of chart `index` of n lands in such a file, in
 * pixels from the top left; for tests and for image maps.  0, or -1 when
 * the chart has nothing to draw.
 */
int plot_locate(const plot *const *charts, size_t n, size_t index, unsigned width,
		unsigned height, double x, double y, double *px, double *py);

/*
 * Release the font caches that cairo and fontconfig keep for the life of
 * the process, so leak checkers see a clean exit.  Call at most once, at
 * the end, when no chart is being drawn in any thread.
 */
void plot_cleanup(void);

#endif
