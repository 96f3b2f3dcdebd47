/*
 * table.h - nvidia-smi's table rendering engine (§smi-2).
 *
 * nvidia-smi draws every table row from a template in which each variable
 * field is a placeholder token `<...>`; the token's length, brackets
 * included, is the field width.  A value is formatted with the field's own
 * printf format (which carries the leading blanks, "%3u"), cut to
 * width-3 characters + "..." when longer than the field, then padded.
 *
 * Shared by `migctl mig` (mig_*.c) and the top-level screens (smi_*.c).
 * Nothing here allocates; every output is NUL-terminated.
 */
#ifndef MIGCTL_TABLE_H
#define MIGCTL_TABLE_H

#include <stddef.h>
#include <stdio.h>

/* How a value sits in its placeholder. */
enum {
	TBL_LEFT = 'l',  /* value then blanks; cut at the end (every `mig` table) */
	TBL_RIGHT = 'r', /* blanks then value; cut at the end (some main-screen fields) */
	TBL_TAIL = 't'   /* value then blanks; cut at the start: "...inux/release/X" (process names) */
};

/*
 * One field: write exactly `width` characters of `text` to dst (which holds
 * width + 1 bytes), left-aligned, "..."-truncated at the end (§smi-2).
 */
void smi_field(char *dst, size_t width, const char *text);
/* The same, right-aligned. */
void smi_field_right(char *dst, size_t width, const char *text);
/* The same, left-aligned but truncated at the start: "..." + the last width-3 characters. */
void smi_field_tail(char *dst, size_t width, const char *text);
/* Any of the three by TBL_* code (anything else: TBL_LEFT). */
void smi_field_align(char *dst, size_t width, const char *text, int align);

/*
 * Fill a whole template line: the i-th placeholder `<...>` of tmpl gets
 * vals[i] (NULL: blanks), aligned per align[i] (a string of TBL_* codes;
 * NULL or shorter than the placeholders: TBL_LEFT).  Text outside the
 * placeholders is copied as is.  out holds cap bytes; the line is cut to
 * cap - 1 if it does not fit.  Returns the number of placeholders filled,
 * or -1 when nvals does not match the template's placeholder count (out
 * then holds the line with the missing fields blank).
 */
int smi_fill(char *out, size_t cap, const char *tmpl, const char *const *vals, size_t nvals,
	     const char *align);

/* Number of placeholders in a template, and the width of the i-th (0 if none). */
size_t smi_placeholders(const char *tmpl);
size_t smi_placeholder_width(const char *tmpl, size_t index);

/* "+-----...-----+" of total width w, newline-terminated; fill '-' or '=' (with '|' edges). */
void tbl_rule(FILE *f, size_t w, char fill);
/* "| <title>" padded with blanks to w - 1, then "|\n". */
void tbl_title(FILE *f, size_t w, const char *title);

/* printf into a fixed buffer (a field value); returns buf. */
char *tbl_fmt(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
