/*
 * buf.c - the growing text the exporter writes its scrapes into.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"

static int reserve(exp_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *grown;

	if (b->failed)
		return -1;
	while (cap - b->len <= more)
		cap *= 2;
	if (cap == b->cap)
		return 0;
	grown = realloc(b->text, cap);
	if (!grown) {
		b->failed = 1;
		return -1;
	}
	b->text = grown;
	b->cap = cap;
	return 0;
}

void exp_buf_printf(exp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->text + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The text format's label value escapes: \\, \" and \n. */
void exp_buf_label(exp_buf *b, const char *s)
{
	for (; *s; s++) {
		if (reserve(b, 3))
			return;
		if (*s == '\\' || *s == '"') {
			b->text[b->len++] = '\\';
			b->text[b->len++] = *s;
		} else if (*s == '\n') {
			b->text[b->len++] = '\\';
			b->text[b->len++] = 'n';
		} else {
			b->text[b->len++] = *s;
		}
		b->text[b->len] = '\0';
	}
}

void exp_buf_free(exp_buf *b)
{
	free(b->text);
	memset(b, 0, sizeof(*b));
}
