/*
 * plot_int.h - what plot.c (the data) and plot_draw.c (cairo) share.
 */
#ifndef MIG_PLOT_INT_H
#define MIG_PLOT_INT_H

#include "plot.h"

typedef struct plot_series {
	char *label;
	double *x, *y;
	size_t n;
	int step;        /* a CDF: horizontal then vertical between points */
} plot_series;

typedef struct plot_limit {
	double y;
	char *label;
} plot_limit;

struct plot {
	char *title, *xlabel, *ylabel;
	plot_series *series;
	size_t nseries;
	plot_limit *limits;
	size_t nlimits;
	int xfixed, yfixed, xlog;
	double xlo, xhi, ylo, yhi;
	char error[200];
};

/* The ranges drawn: the fixed ones, else the data's (y from 0 when all y >= 0). */
int plot__ranges(const plot *p, double *xlo, double *xhi, double *ylo, double *yhi);

/* Where x lands across [x0, x1], 0..1 (log10 on a log axis); NAN when it cannot be drawn. */
double plot__xfrac(const plot *p, double x, double x0, double x1);

/* The plotting area of chart `index` of n in a width x height file. */
typedef struct plot_frame {
	double left, top, width, height; /* the area inside the axes */
	double panel_top, panel_height;  /* the whole chart */
} plot_frame;

void plot__frame(plot_frame *out, size_t index, size_t n, unsigned width, unsigned height);

/* Round step for about `want` ticks over [lo, hi]: 1, 2 or 5 times a power of ten. */
double plot__tick_step(double lo, double hi, int want);

#endif
