/*
 * table.c - nvidia-smi's placeholder templates (§smi-2,
 * §smi-B): format, cut with "...", pad.
 */
#include <stdarg.h>
#include <string.h>

#include "table.h"

static void field(char *dst, size_t width, const char *text, int align)
{
	size_t n = text ? strlen(text) : 0;

	if (!text)
		text = "";
	if (n > width) {
		/* §smi-2: keep width-3 characters and append "..." (process names
		 * keep the last width-3 instead, §smi-2 / §smi-B) */
		size_t keep = width >= 3 ? width - 3 : 0;
		size_t dots = width - keep;

		if (align == TBL_TAIL) {
			memset(dst, '.', dots);
			memcpy(dst + dots, text + n - keep, keep);
		} else {
			memcpy(dst, text, keep);
			memset(dst + keep, '.', dots);
		}
	} else if (align == TBL_RIGHT) {
		memset(dst, ' ', width - n);
		memcpy(dst + width - n, text, n);
	} else {
		memcpy(dst, text, n);
		memset(dst + n, ' ', width - n);
	}
	dst[width] = '\0';
}

void smi_field(char *dst, size_t width, const char *text)
{
	field(dst, width, text, TBL_LEFT);
}

void smi_field_right(char *dst, size_t width, const char *text)
{
	field(dst, width, text, TBL_RIGHT);
}

void smi_field_tail(char *dst, size_t width, const char *text)
{
	field(dst, width, text, TBL_TAIL);
}

void smi_field_align(char *dst, size_t width, const char *text, int align)
{
	field(dst, width, text, align == TBL_RIGHT || align == TBL_TAIL ? align : TBL_LEFT);
}

/* A placeholder starts at '<' and ends at the next '>'. */
static const char *next_placeholder(const char *p, size_t *width)
{
	const char *open = strchr(p, '<'), *close;

	if (!open || !(close = strchr(open, '>')))
		return NULL;
	*width = (size_t)(close - open) + 1;
	return open;
}

size_t smi_placeholders(const char *tmpl)
{
	size_t n = 0, w;

	for (const char *p = tmpl; (p = next_placeholder(p, &w)) != NULL; p += w)
		n++;
	return n;
}

size_t smi_placeholder_width(const char *tmpl, size_t index)
{
	size_t i = 0, w;

	for (const char *p = tmpl; (p = next_placeholder(p, &w)) != NULL; p += w)
		if (i++ == index)
			return w;
	return 0;
}

int smi_fill(char *out, size_t cap, const char *tmpl, const char *const *vals, size_t nvals,
	     const char *align)
{
	size_t o = 0, i = 0, alen = align ? strlen(align) : 0, w;
	const char *p = tmpl, *ph;
	char buf[512];

	if (cap == 0)
		return -1;
	while (1) {
		size_t lit;

		ph = next_placeholder(p, &w);
		lit = ph ? (size_t)(ph - p) : strlen(p);
		if (lit > cap - 1 - o)
			lit = cap - 1 - o;
		memcpy(out + o, p, lit);
		o += lit;
		if (!ph)
			break;
		if (w >= sizeof(buf))
			w = sizeof(buf) - 1;
		field(buf, w, i < nvals ? vals[i] : NULL, i < alen ? align[i] : TBL_LEFT);
		if (w > cap - 1 - o)
			w = cap - 1 - o;
		memcpy(out + o, buf, w);
		o += w;
		p = ph + smi_placeholder_width(ph, 0);
		i++;
	}
	out[o] = '\0';
	return i == nvals ? (int)i : -1;
}

void tbl_rule(FILE *f, size_t w, char fill)
{
	char edge = fill == '=' ? '|' : '+';

	fputc(edge, f);
	for (size_t i = 2; i < w; i++)
		fputc(fill, f);
	fputc(edge, f);
	fputc('\n', f);
}

void tbl_title(FILE *f, size_t w, const char *title)
{
	int n = fprintf(f, "| %s", title);

	for (size_t i = n > 0 ? (size_t)n : 0; i + 1 < w; i++)
		fputc(' ', f);
	fputs("|\n", f);
}

char *tbl_fmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return buf;
}
