/*
 * ytree.h - a YAML document as the generic value mig-parted sees
 * (internal to src/layout).
 *
 * mig-parted reads configs through sigs.k8s.io/yaml: yaml.v2 turns the
 * first document into Go values under YAML 1.1 rules, which are then
 * marshalled to JSON and decoded (§parted-1.1).  This module does the first
 * half with libyaml (the C library yaml.v2 was ported from, so scanner
 * and parser errors are the same texts) and keeps, for every node, where
 * it starts in the file so that errors can say file:line:column.
 */
#ifndef LAYOUT_YTREE_H
#define LAYOUT_YTREE_H

#include <stddef.h>
#include <stdint.h>

typedef enum ykind {
	Y_NULL,
	Y_BOOL,
	Y_INT,   /* fits int64: .i */
	Y_UINT,  /* above INT64_MAX, fits uint64: .u */
	Y_FLOAT, /* .f */
	Y_STR,   /* .s (NUL-terminated, .len bytes, may hold NULs) */
	Y_SEQ,   /* .item[0..n) */
	Y_MAP    /* .key[0..n) -> .item[0..n): keys are strings (stringified as
		  * sigs.k8s.io/yaml does), unique, last duplicate wins, in order
		  * of first appearance */
} ykind;

typedef struct ynode {
	ykind kind;
	unsigned line, col;  /* 1-based start of the node */
	int b;
	int64_t i;
	uint64_t u;
	double f;
	char *s;
	size_t len;
	size_t n;
	struct ynode **key;  /* Y_MAP: Y_STR nodes, placed where the key was written */
	struct ynode **item;
} ynode;

typedef struct ydoc ydoc;

/*
 * Parse the first YAML document of buf[0..len).  Returns 0 and *out
 * (whose root is NULL for an empty document), or a mig_error code
 * (INVALID_ARGUMENT, MEMORY) with mig_errmsg() set to yaml.v2's text ("yaml: line 2: found a tab character that violates
 * indentation") and *line, *col to where libyaml found the problem (1-based;
 * 0 when unknown).
 */
int ytree_parse(ydoc **out, const char *buf, size_t len, unsigned *line, unsigned *col);
const ynode *ytree_root(const ydoc *d);
void ytree_free(ydoc *d);

/* Go's encoding/json name for the JSON type a node becomes: number, string, and so on. */
const char *ytree_json_kind(const ynode *n);
/* The JSON literal a number node becomes (encoding/json's float formatting). */
void ytree_number_text(char *buf, size_t len, const ynode *n);
/* Go's strconv.FormatFloat(f, fmt, -1, 64) for fmt 'g', 'e' or 'f'. */
void ytree_go_float(char *buf, size_t len, double f, char fmt);

/* Would this text, written as a plain scalar, read back as a string? */
int ytree_plain_is_string(const char *s);

/* Internal to ytree*.c: give a plain scalar node its yaml.v2 type (ytree_resolve.c). */
void ytree__resolve_plain(ynode *n, const char *in, int allow_hints);

/* The value of key `name` in a map (exact, case-sensitive), or NULL. */
const ynode *ytree_get(const ynode *map, const char *name);

#endif
