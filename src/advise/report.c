/*
 * report.c - the advice as text, and a batch of it as one static HTML page
 * with each job's chart embedded (a data: URL), readable from the file
 * system without a server.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "mig_internal.h"

static void print_choice(FILE *f, const adv_choice *c)
{
	if (c->verdict == ADV_MIG)
		fprintf(f, "  %-18s %-10s %u/%u slices, %u MiB; frees %.0f %% of the GPU; slowdown "
			"%.2f-%.2fx\n", mig_model_key(c->model), c->profile, c->slices,
			c->total_slices, c->memory_mib, c->saved * 100, c->slowdown_lo, c->slowdown_hi);
	else
		fprintf(f, "  %-18s %s\n", mig_model_key(c->model),
			c->verdict == ADV_WHOLE_GPU_MPS ? "whole GPU, light enough to share through MPS" :
							  "whole GPU");
	fprintf(f, "  %-18s %-10s (%s)\n", "", "", c->why);
}

void adv_advice_text(FILE *f, const adv_advice *a)
{
	const adv_series *s = a->series;

	fprintf(f, "%s", s->id);
	if (strcmp(s->id, s->device) && *s->device)
		fprintf(f, " on %s", s->device);
	fprintf(f, " (%s%s%s): %zu sample(s) over %.0f s\n", *s->model ? s->model : "board unknown",
		*s->profile ? ", in " : "", s->profile, a->samples, a->duration_s);
	fprintf(f, "  peak memory %.0f MiB (with headroom %.0f MiB)", a->peak_mem_mib, a->mem_need_mib);
	if (isfinite(a->compute_p95))
		fprintf(f, "; compute p50 %.0f %%, p95 %.0f %%, peak %.0f %% of the board (%s)",
			a->compute_p50 * 100, a->compute_p95 * 100, a->compute_peak * 100,
			adv_basis_name(a->basis));
	fprintf(f, "\n");
	for (size_t i = 0; i < a->nchoices; i++)
		print_choice(f, &a->choices[i]);
	fprintf(f, "  confidence: %s\n", a->confidence);
	for (size_t i = 0; i < a->nreasons; i++)
		fprintf(f, "   - %s\n", a->reasons[i]);
}

static void html_text(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

static int base64_file(FILE *out, const char *path)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	FILE *in = fopen(path, "rb");
	unsigned char b[3];
	size_t n;

	if (!in)
		return -1;
	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = (unsigned)b[0] << 16 | (n > 1 ? (unsigned)b[1] << 8 : 0) | (n > 2 ? b[2] : 0);

		fputc(digits[v >> 18 & 63], out);
		fputc(digits[v >> 12 & 63], out);
		fputc(n > 1 ? digits[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? digits[v & 63] : '=', out);
	}
	fclose(in);
	return 0;
}

static void html_row(FILE *f, const adv_advice *a, size_t index)
{
	fprintf(f, "<tr><td><a href=\"#job%zu\">", index);
	html_text(f, a->series->id);
	fprintf(f, "</a></td><td>%.0f</td><td>", a->peak_mem_mib);
	if (isfinite(a->compute_p95))
		fprintf(f, "%.0f %% (%s)", a->compute_p95 * 100, adv_basis_name(a->basis));
	fprintf(f, "</td><td>");
	for (size_t i = 0; i < a->nchoices; i++) {
		const adv_choice *c = &a->choices[i];

		fprintf(f, "%s%s: <b class=\"verdict\">%s</b>", i ? "<br>" : "", mig_model_key(c->model),
			c->verdict == ADV_MIG ? c->profile :
			c->verdict == ADV_WHOLE_GPU_MPS ? "whole GPU (MPS)" : "whole GPU");
	}
	fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n", a->confidence, a->confidence);
}

static void html_job(FILE *f, const adv_advice *a, const char *chart, size_t index)
{
	fprintf(f, "<section id=\"job%zu\"><h2>", index);
	html_text(f, a->series->id);
	fprintf(f, "</h2>\n<pre>");
	{
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (m) {
			adv_advice_text(m, a);
			fclose(m);
			html_text(f, text);
		}
		free(text);
	}
	fprintf(f, "</pre>\n");
	if (chart) {
		fprintf(f, "<img class=\"chart\" alt=\"memory, compute and power of ");
		html_text(f, a->series->id);
		fprintf(f, "\" src=\"data:image/png;base64,");
		base64_file(f, chart);
		fprintf(f, "\">\n");
	}
	fprintf(f, "</section>\n");
}

int adv_report_html(const char *path, const adv_advice *a, const char *const *charts, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return mig__fail(MIG_ERROR_IO, "%s: %s", path, strerror(errno));
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<title>migctl advise: %zu job(s)</title>\n<style>\n"
		"body{font-family:sans-serif;margin:2em;max-width:960px}pre{white-space:pre-wrap}"
		"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
		"text-align:left;vertical-align:top}.high{color:#060}.medium{color:#a60}"
		".low{color:#a00}img.chart{max-width:100%%;border:1px solid #ddd}\n"
		"</style></head>\n<body data-jobs=\"%zu\">\n<h1>migctl advise</h1>\n"
		"<p>The smallest MIG profile that serves each job on each GPU model "
		"(method: docs/advise.md).</p>\n<table id=\"summary\"><tr><th>job</th>"
		"<th>peak memory (MiB)</th><th>compute p95</th><th>recommendation</th>"
		"<th>confidence</th></tr>\n", n, n);
	for (size_t i = 0; i < n; i++)
		html_row(f, &a[i], i);
	fprintf(f, "</table>\n");
	for (size_t i = 0; i < n; i++)
		html_job(f, &a[i], charts ? charts[i] : NULL, i);
	/* For a browser test: how many charts decoded, once the page has loaded. */
	fprintf(f, "<script>window.addEventListener('load',function(){var k=0;"
		"for(var i of document.images)if(i.complete&&i.naturalWidth>0)k++;"
		"document.body.setAttribute('data-charts-loaded',k)});</script>\n"
		"</body></html>\n");
	if (fclose(f))
		return mig__fail(MIG_ERROR_IO, "%s: %s", path, strerror(errno));
	return 0;
}
