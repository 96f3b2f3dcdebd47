/*
 * test_layout_parse.c - mig-parted config files as mig-parted reads them:
 * every refusal of §parted-1.5 with its exact text and location, the YAML 1.1
 * and Go-decoder rules of §parted-1.1-§parted-1.3, profile names (§parted-2), device filters
 * (§parted-1.4), config selection, hooks files (§parted-3.7), checkpoints (§parted-5.2), and
 * printing configs as mig-parted prints them (§parted-5.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "testutil.h"
#include "ytree.h"

#define P "Error parsing config file: unmarshal error: error unmarshaling JSON: while decoding JSON: "
#define V "error validating values in 'mig-devices' field: "
#define ENTRY(body) "version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: true\n    mig-devices: " body "\n"

static void expect_error(const char *text, const char *want)
{
	layout_config *c = NULL;
	int rc = layout_parse(&c, text, strlen(text), "t.yaml");

	if (rc == 0 || strcmp(mig_errmsg(), want))
		print_error("input:\n%s\ngot:  %s\nwant: %s\n", text, rc ? mig_errmsg() : "(accepted)", want);
	assert_int_not_equal(rc, 0);
	assert_null(c);
	assert_string_equal(mig_errmsg(), want);
}

static layout_config *expect_ok(const char *text)
{
	layout_config *c = NULL;
	int rc = layout_parse(&c, text, strlen(text), "t.yaml");

	if (rc)
		print_error("input:\n%s\nrefused: %s\n", text, mig_errmsg());
	assert_int_equal(rc, 0);
	assert_non_null(c);
	return c;
}

/* §parted-1.5, row by row */
static void test_spec_errors(void **state)
{
	(void)state;
	expect_error("version: v2", "t.yaml:1:10: " P "unknown version: v2");
	expect_error("mig-configs: {}", "t.yaml:1:1: " P "unable to parse with missing 'version' field");
	expect_error("version: 1", "t.yaml:1:10: " P "json: cannot unmarshal number into Go value of type string");
	expect_error("version: v1\nfoo: 1", "t.yaml:2:1: " P "unexpected field: foo");
	expect_error("version: v1\nmig-configs: {}", "t.yaml:2:14: " P "at least one entry in 'mig-configs' is required");
	expect_error("version: v1\nmig-configs:", "t.yaml:2:13: " P "at least one entry in 'mig-configs' is required");
	expect_error("{}", "t.yaml:1:1: " P "unknown version: ");
	expect_error("version: v1\nmig-configs:\n  c: []", "t.yaml:3:6: " P "at least one entry in 'c' is required");
	expect_error("version: v1\nmig-configs:\n  c:", "t.yaml:3:5: " P "at least one entry in 'c' is required");
	expect_error("version: v1\nmig-configs:\n  c:\n  - mig-enabled: true",
		     "t.yaml:4:5: " P "missing required field: devices");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all",
		     "t.yaml:4:5: " P "missing required field: mig-enabled");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: ALL\n    mig-enabled: true",
		     "t.yaml:4:14: " P "invalid string input for 'devices': ALL");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: 0\n    mig-enabled: true",
		     "t.yaml:4:14: " P "(json: cannot unmarshal number into Go value of type string, json: cannot unmarshal number into Go value of type []int)");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: [\"0\"]\n    mig-enabled: true",
		     "t.yaml:4:15: " P "(json: cannot unmarshal array into Go value of type string, json: cannot unmarshal string into Go value of type int)");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: \"true\"",
		     "t.yaml:5:18: " P "json: cannot unmarshal string into Go value of type bool");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: true",
		     "t.yaml:4:5: " P "missing required field 'mig-devices' when 'mig-enabled' is true");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: true\n    mig-devices:",
		     "t.yaml:4:5: " P "missing required field 'mig-devices' when 'mig-enabled' is true");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: false\n    mig-devices: {1g.5gb: 1}",
		     "t.yaml:6:18: " P "MIG devices included when 'mig-enabled' is false");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    mig-enabled: false\n    mig-devices: {1g.5gb: 0}",
		     "t.yaml:6:18: " P V "all counts for all MigProfiles are 0");
	expect_error(ENTRY("{1g.5gb: 0}"), "t.yaml:6:18: " P V "all counts for all MigProfiles are 0");
	expect_error(ENTRY("{1g.5gb: -1}"), "t.yaml:6:27: " P V "invalid count for '-1': <nil>");
	expect_error(ENTRY("{1g.5gb: 1.5}"), "t.yaml:6:27: " P "json: cannot unmarshal number 1.5 into Go value of type int");
	expect_error(ENTRY("{1g.5gb: \"2\"}"), "t.yaml:6:27: " P "json: cannot unmarshal string into Go value of type int");
	expect_error(ENTRY("{bogus: 1}"),
		     "t.yaml:6:19: " P V "invalid format for 'bogus': cannot parse fields of 'bogus': parsed wrong number of fields, expected 2 or 3");
	expect_error(ENTRY("{1G.5GB: 1}"),
		     "t.yaml:6:19: " P V "invalid format for '1G.5GB': cannot parse fields of '1G.5GB': missing 'g' from '%dg'");
	expect_error(ENTRY("{1g.24gb+me-gfx: 1}"),
		     "t.yaml:6:19: " P V "invalid format for '1g.24gb+me-gfx': profile '1g.24gb+me-gfx' contains both '+/-' attributes");
	expect_error(ENTRY("{\"1g.24gb+me,me\": 1}"),
		     "t.yaml:6:19: " P V "invalid format for '1g.24gb+me,me': cannot parse attributes of '1g.24gb+me,me': non unique attribute in list");
	expect_error(ENTRY("{\"1g.5gb \": 1}"),
		     "t.yaml:6:19: " P V "invalid format for '1g.5gb ': cannot parse fields of '1g.5gb ': leading or trailing spaces on '%dgb'");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    foo: 1\n    mig-enabled: true",
		     "t.yaml:5:5: " P "unexpected field: foo");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    device-filter: 0x20B010DE\n    mig-enabled: false",
		     "t.yaml:5:20: " P "(json: cannot unmarshal number into Go value of type string, json: cannot unmarshal number into Go value of type []string)");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices: all\n    device-filter: [0x20B010DE]\n    mig-enabled: false",
		     "t.yaml:5:21: " P "(json: cannot unmarshal array into Go value of type string, json: cannot unmarshal number into Go value of type string)");
	/* a YAML syntax error, with yaml.v2's line number (§parted-1.5's tab example) */
	expect_error("version: v1\n\tmig-configs: {}",
		     "t.yaml:2:1: Error parsing config file: unmarshal error: error converting YAML to JSON: yaml: line 2: found a tab character that violates indentation");
}

/* Go decoder corners: types, nulls, numbers that read as integers. */
static void test_go_decoding(void **state)
{
	layout_config *c;

	(void)state;
	expect_error("[1]", "t.yaml:1:1: " P "json: cannot unmarshal array into Go value of type map[string]json.RawMessage");
	expect_error("version: v1\nmig-configs: [a]",
		     "t.yaml:2:14: " P "json: cannot unmarshal array into Go value of type map[string]v1.MigConfigSpecSlice");
	expect_error("version: v1\nmig-configs:\n  b: {}\n  a: 1",
		     "t.yaml:4:6: " P "json: cannot unmarshal number into Go value of type v1.MigConfigSpecSlice");
	expect_error("version: v1\nmig-configs:\n  c:\n  - 7", "t.yaml:4:5: " P "json: cannot unmarshal number into Go value of type map[string]json.RawMessage");
	expect_error("version: v1\nmig-configs:\n  c:\n  -", "t.yaml:4:4: " P "missing required field: devices");
	expect_error("version: v1\nmig-configs:\n  c:\n  - devices:\n    mig-enabled: true",
		     "t.yaml:4:13: " P "invalid string input for 'devices': ");
	expect_error(ENTRY("[]"), "t.yaml:6:18: " P "json: cannot unmarshal array into Go value of type types.MigConfig");
	expect_error(ENTRY("{1g.5gb: 1e21}"), "t.yaml:6:27: " P "json: cannot unmarshal number 1e+21 into Go value of type int");
	expect_error(ENTRY("{1g.5gb: 18446744073709551615}"),
		     "t.yaml:6:27: " P "json: cannot unmarshal number 18446744073709551615 into Go value of type int");
	expect_error("version: v1\nx: .inf",
		     "t.yaml:2:4: Error parsing config file: unmarshal error: error converting YAML to JSON: json: unsupported value: +Inf");
	/* integral floats are integers once they went through JSON */
	c = expect_ok(ENTRY("{1g.10gb: 1e0, \"2g.20gb\": 2.0}"));
	assert_int_equal(c->configs[0].entries[0].keys[0].count, 1);
	assert_int_equal(c->configs[0].entries[0].keys[1].count, 2);
	layout_config_free(c);
	/* null mig-enabled is false; null devices list elements are 0 */
	c = expect_ok("version: v1\nmig-configs:\n  c:\n  - devices: [~, 3, -1]\n    mig-enabled:\n");
	assert_false(c->configs[0].entries[0].mig_enabled);
	assert_int_equal(c->configs[0].entries[0].ndevices, 3);
	assert_int_equal(c->configs[0].entries[0].devices[0], 0);
	assert_int_equal(c->configs[0].entries[0].devices[2], -1);
	layout_config_free(c);
}

/* §parted-1.1-§parted-1.2: YAML 1.1, duplicates, keys, JSON, empty documents. */
static void test_yaml_rules(void **state)
{
	layout_config *c;

	(void)state;
	c = expect_ok("version: v1\nmig-configs:\n  1:\n  - {devices: all, mig-enabled: yes, mig-devices: {}}\n  on:\n  - {devices: all, mig-enabled: off}\n");
	assert_int_equal(c->nconfigs, 2);
	assert_string_equal(c->configs[0].name, "1");
	assert_string_equal(c->configs[1].name, "true");
	assert_true(c->configs[0].entries[0].mig_enabled);
	assert_false(c->configs[1].entries[0].mig_enabled);
	assert_non_null(layout_select(c, "1"));
	layout_config_free(c);
	/* the last duplicate wins, for config names and profile keys */
	c = expect_ok("version: v1\nmig-configs:\n  c:\n  - {devices: all, mig-enabled: false}\n  c:\n  - {devices: all, mig-enabled: true, mig-devices: {3g.40gb: 1, 3g.40gb: 2}}\n");
	assert_int_equal(c->nconfigs, 1);
	assert_true(c->configs[0].entries[0].mig_enabled);
	assert_int_equal(c->configs[0].entries[0].nkeys, 1);
	assert_int_equal(c->configs[0].entries[0].keys[0].count, 2);
	layout_config_free(c);
	/* JSON is YAML */
	c = expect_ok("{\"version\":\"v1\",\"mig-configs\":{\"a\":[{\"devices\":\"all\",\"mig-enabled\":false}]}}");
	assert_int_equal(c->nconfigs, 1);
	layout_config_free(c);
	/* only the two top-level fields exist, anchors or not */
	expect_error("version: v1\nbase: &b {devices: all, mig-enabled: true}\n",
		     "t.yaml:2:1: " P "unexpected field: base");
}

static void test_yaml_rules_2(void **state)
{
	layout_config *c;

	(void)state;
	c = expect_ok("version: v1\nmig-configs:\n  c:\n  - &e {devices: all, mig-enabled: true, mig-devices: {1g.10gb: 7}}\n  d:\n  - <<: *e\n    mig-devices: {3g.40gb: 2}\n");
	assert_int_equal(c->configs[1].entries[0].nkeys, 1);
	assert_string_equal(c->configs[1].entries[0].keys[0].text, "3g.40gb");
	layout_config_free(c);
	/* empty documents parse to no configs; selection fails later (§parted-1.2) */
	c = expect_ok("");
	assert_int_equal(c->nconfigs, 0);
	assert_null(layout_select(c, NULL));
	assert_string_equal(mig_errmsg(), "Error selecting MIG config: selected mig-config not present: ");
	layout_config_free(c);
	c = expect_ok("# only a comment\n");
	layout_config_free(c);
	c = expect_ok("version: v1\n");
	assert_null(layout_select(c, "x"));
	assert_string_equal(mig_errmsg(), "Error selecting MIG config: selected mig-config not present: x");
	layout_config_free(c);
	/* only the first document counts */
	c = expect_ok("version: v1\nmig-configs:\n  a:\n  - {devices: all, mig-enabled: false}\n---\nversion: v2\n");
	layout_config_free(c);
	/* two configs need -c */
	c = expect_ok("version: v1\nmig-configs:\n  a:\n  - {devices: all, mig-enabled: false}\n  b:\n  - {devices: all, mig-enabled: false}\n");
	assert_null(layout_select(c, NULL));
	assert_string_equal(mig_errmsg(), "Error selecting MIG config: missing required flag 'selected-config' when more than one config available");
	assert_non_null(layout_select(c, "b"));
	layout_config_free(c);
	/*
	 * A bomb of aliases is refused before anything walks it, where yaml.v2
	 * stops: at the third *c, 4,983 of 5,026 decodes come through aliases.
	 */
	expect_error("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
		     "t.yaml:4:16: Error parsing config file: unmarshal error: error converting YAML to JSON: yaml: document contains excessive aliasing");
}

/* doc is refused with yaml.v2's message `want`, at line:col. */
static void expect_yaml_error(const char *doc, const char *want, unsigned line, unsigned col)
{
	ydoc *d = NULL;
	unsigned l = 0, c = 0;
	int rc = ytree_parse(&d, doc, strlen(doc), &l, &c);

	if (rc == 0 || strcmp(mig_errmsg(), want))
		print_error("input:\n%s\ngot:  %s\nwant: %s\n", doc, rc ? mig_errmsg() : "(accepted)", want);
	assert_int_equal(rc, MIG_ERROR_INVALID_ARGUMENT);
	assert_null(d);
	assert_string_equal(mig_errmsg(), want);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
}

/*
 * Anchors as yaml.v2 v2.4 has them (decode.go): its parser registers an
 * anchor when the node starts, so an alias inside the node it names points
 * at that node, and its decoder refuses the alias when it meets it a second
 * time, inside itself; an alias to an anchor not yet seen is a parse error.
 */
static void test_alias_itself(void **state)
{
	const char *itself = "yaml: anchor 'a' value contains itself";
	const char *redefined = "x: &a [&a w, *a]\nz: *a\n", *after = "a: &a [1]\nb: [*a, {k: *a}]\n";
	ydoc *d = NULL;
	const ynode *root;

	(void)state;
	expect_yaml_error("a: &a [*a]\n", itself, 1, 8);
	expect_yaml_error("&a {k: *a}\n", itself, 1, 8);
	expect_yaml_error("&a {*a: 1}\n", itself, 1, 5);
	expect_yaml_error("&a {<<: *a}\n", itself, 1, 9);
	expect_yaml_error("a: &a\n  - x\n  - [y, *a]\n", itself, 3, 9);
	/* a redefined anchor names the new node from its start */
	expect_yaml_error("b: &a 1\na: &a [*a]\n", itself, 2, 8);
	expect_yaml_error("a: &a [1]\nb: *a\nc: &a {k: [*a]}\n", itself, 3, 12);
	/* the first alias met inside itself is the one named */
	expect_yaml_error("&a [&b [*b, *a]]\n", "yaml: anchor 'b' value contains itself", 1, 9);
	expect_yaml_error("a: &a [*b]\nb: &b 1\n", "yaml: unknown anchor 'b' referenced", 1, 8);
	expect_error("version: v1\nmig-configs: &m\n  a:\n  - *m\n",
		     "t.yaml:4:5: Error parsing config file: unmarshal error: error converting YAML to JSON: "
		     "yaml: anchor 'm' value contains itself");

	/* Redefined inside the node, the anchor keeps its new node after it. */
	assert_int_equal(ytree_parse(&d, redefined, strlen(redefined), NULL, NULL), 0);
	root = ytree_root(d);
	assert_int_equal(ytree_get(root, "x")->n, 2);
	assert_string_equal(ytree_get(root, "x")->item[1]->s, "w");
	assert_int_equal(ytree_get(root, "z")->kind, Y_STR);
	assert_string_equal(ytree_get(root, "z")->s, "w");
	ytree_free(d);
	/* once closed, a node may be aliased anywhere after it */
	assert_int_equal(ytree_parse(&d, after, strlen(after), NULL, NULL), 0);
	assert_int_equal(ytree_get(ytree_root(d), "b")->item[0]->kind, Y_SEQ);
	ytree_free(d);
}

/*
 * "[" PLAIN scalars, then `anchor` (NULL: "&a [" K scalars "]", nothing when
 * K is 0), then ALIASES times "*a", then TAIL scalars, "]": one line.
 */
static char *alias_doc(size_t plain, size_t k, const char *anchor, size_t aliases, size_t tail)
{
	size_t cap = 16 + 3 * (plain + k + tail) + (anchor ? strlen(anchor) : 0) + 4 * aliases;
	size_t n = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	s[n++] = '[';
	for (size_t i = 0; i < plain; i++)
		n += (size_t)sprintf(s + n, "%sx", n > 1 ? ", " : "");
	if (anchor) {
		n += (size_t)sprintf(s + n, "%s%s", n > 1 ? ", " : "", anchor);
	} else if (k) {
		n += (size_t)sprintf(s + n, "%s&a [", n > 1 ? ", " : "");
		for (size_t i = 0; i < k; i++)
			n += (size_t)sprintf(s + n, "%sx", i ? ", " : "");
		s[n++] = ']';
	}
	for (size_t i = 0; i < aliases; i++)
		n += (size_t)sprintf(s + n, ", *a");
	for (size_t i = 0; i < tail; i++)
		n += (size_t)sprintf(s + n, ", x");
	s[n++] = ']';
	s[n] = '\0';
	assert_true(n < cap);
	return s;
}

/* doc (freed) loads, a root list of `items` items. */
static void expect_loads(char *doc, size_t items)
{
	ydoc *d = NULL;
	int rc = ytree_parse(&d, doc, strlen(doc), NULL, NULL);

	if (rc)
		print_error("refused: %s\n", mig_errmsg());
	assert_int_equal(rc, 0);
	assert_int_equal(ytree_root(d)->kind, Y_SEQ);
	assert_int_equal(ytree_root(d)->n, items);
	ytree_free(d);
	free(doc);
}

/* doc (freed) is refused for its aliasing, at line 1, column `col`. */
static void expect_refused(char *doc, size_t col)
{
	ydoc *d = NULL;
	unsigned line = 0, c = 0;

	assert_int_equal(ytree_parse(&d, doc, strlen(doc), &line, &c), MIG_ERROR_INVALID_ARGUMENT);
	assert_null(d);
	assert_string_equal(mig_errmsg(), "yaml: document contains excessive aliasing");
	assert_int_equal(line, 1);
	assert_int_equal(c, col);
	free(doc);
}

/* Refused at its last alias ("*a]" ends the line). */
static void expect_refused_at_last_alias(char *doc)
{
	expect_refused(doc, strlen(doc) - 2);
}

/*
 * yaml.v2's alias budget (src/layout/ytree.c, count_decodes): what is
 * decoded through aliases may be 99 % of all decodes up to 400,000, then
 * less along a line to 10 % at 4,000,000; size alone refuses nothing.  The
 * figures are yaml.v2's decodeCount and aliasCount for each document,
 * counted by hand (docs/layouts.md#aliases).
 */
static void test_alias_ratio(void **state)
{
	(void)state;
	/* 1,200,000 scalars, no alias: 1,200,002 decodes, none through an alias */
	expect_loads(alias_doc(1200000, 0, NULL, 0, 0), 1200000);
	/*
	 * Decodes: the document, the root list, the anchored list and its 199
	 * scalars (202), then per alias itself and 200 through it: 198 aliases
	 * make 40,000 with 39,600 through aliases, exactly 99 %: not above it.
	 * The 199th makes 39,800 of 40,201: refused, at that alias.
	 */
	expect_loads(alias_doc(0, 199, NULL, 198, 0), 199);
	expect_refused_at_last_alias(alias_doc(0, 199, NULL, 199, 0));
	/*
	 * The same figures through a map with a merge: neither the key "<<" nor
	 * the list after it is decoded, so the map is 200 decodes like the list
	 * above (the map, the {} merged, key k, its list and 196 scalars).
	 * Counting either would make 40,398 with 39,996 through aliases: refused.
	 */
	{
		char anchor[1024] = "&a {<<: [{}], k: [x";

		for (int i = 1; i < 196; i++)
			strcat(anchor, ", x");
		strcat(anchor, "]}");
		expect_loads(alias_doc(0, 0, anchor, 198, 0), 199);
		expect_refused_at_last_alias(alias_doc(0, 0, anchor, 199, 0));
	}
	/*
	 * Past 400,000 the share allowed falls: after 1,000,000 scalars and a
	 * list of 999, each alias adds 1,001 decodes, 1,000 through it.  1,199
	 * aliases: 1,199,000 of 2,201,201 (0.5447026), allowed 0.5447031; the
	 * 1,200th: 1,200,000 of 2,202,202 (0.5449091), allowed 0.5444556.
	 */
	expect_loads(alias_doc(1000000, 999, NULL, 1199, 0), 1000000 + 1 + 1199);
	expect_refused_at_last_alias(alias_doc(1000000, 999, NULL, 1200, 0));
	/*
	 * Past 2,200,000 the share allowed falls faster than plain nodes thin
	 * the aliases out, so a plain scalar can trip the rule (yaml.v2 checks
	 * at every decode): after those 1,199 aliases, 3,293 more scalars load
	 * (2,204,494 decodes); the 3,294th is refused, 0.5438887364 of them
	 * through aliases against 0.5438887361 allowed.
	 */
	expect_loads(alias_doc(1000000, 999, NULL, 1199, 3293), 1000000 + 1 + 1199 + 3293);
	{
		char *doc = alias_doc(1000000, 999, NULL, 1199, 3294);

		expect_refused(doc, strlen(doc) - 1);
	}
}

/* §parted-2.1: the profile grammar's error texts */
static void expect_profile_error(const char *key, const char *want)
{
	layout_profile p;

	assert_int_not_equal(layout_profile_parse(&p, key, strlen(key)), 0);
	assert_string_equal(mig_errmsg(), want);
}

static void expect_profile(const char *key, const char *canonical)
{
	layout_profile p;
	char name[64];
	int rc = layout_profile_parse(&p, key, strlen(key));

	if (rc)
		print_error("%s: %s\n", key, mig_errmsg());
	assert_int_equal(rc, 0);
	layout_profile_name(name, sizeof(name), &p);
	assert_string_equal(name, canonical);
}

static void test_profiles(void **state)
{
	(void)state;
	expect_profile("1g.5gb", "1g.5gb");
	expect_profile("1c.1g.5gb", "1g.5gb");
	expect_profile("01g.05gb", "1g.5gb");
	expect_profile("1c.3g.40gb", "1c.3g.40gb");
	expect_profile("1g.10gb+me", "1g.10gb+me");
	expect_profile("1g.24gb+me.all", "1g.24gb+me.all");
	expect_profile("1g.24gb-me", "1g.24gb-me");
	expect_profile("2g.48gb+gfx,me", "2g.48gb+gfx,me");
	expect_profile("2g.48gb+me,gfx", "2g.48gb+gfx,me");
	expect_profile("0c.0g.0gb", "0g.0gb");
	expect_profile("3g.40gb@4", "3g.40gb@4");
	expect_profile_error("", "profile is the empty string");
	expect_profile_error("bogus", "cannot parse fields of 'bogus': parsed wrong number of fields, expected 2 or 3");
	expect_profile_error("1c.1g.5gb.x", "cannot parse fields of '1c.1g.5gb.x': missing 'gb' from '%dgb'");
	expect_profile_error("7g.40GB", "cannot parse fields of '7g.40GB': missing 'gb' from '%dgb'");
	expect_profile_error("xg.5gb", "cannot parse fields of 'xg.5gb': malformed number in '%dg'");
	expect_profile_error("1x.1g.5gb", "cannot parse fields of '1x.1g.5gb': missing 'c' from '%dc'");
	expect_profile_error(" 1g.5gb", "cannot parse fields of ' 1g.5gb': leading or trailing spaces on '%dg'");
	expect_profile_error("1g.5gb+", "cannot parse attributes of '1g.5gb+': empty attribute in list");
	expect_profile_error("1g.5gb+me,,gfx", "cannot parse attributes of '1g.5gb+me,,gfx': empty attribute in list");
	expect_profile_error("1g.5gb+1me", "cannot parse attributes of '1g.5gb+1me': attribute begins with a number");
	expect_profile_error("1g.5gb+me.", "cannot parse attributes of '1g.5gb+me.': attribute begins/ends with a dot");
	expect_profile_error("1g.5gb+.me", "cannot parse attributes of '1g.5gb+.me': attribute begins/ends with a dot");
	expect_profile_error("1g.5gb+m_e", "cannot parse attributes of '1g.5gb+m_e': non alpha-numeric character or digit in attribute");
	expect_profile_error("1g.5gb+ me", "cannot parse attributes of '1g.5gb+ me': leading or trailing spaces in attribute");
	expect_profile_error("3g.40gb@x",
			     "cannot parse placement of '3g.40gb@x': expected '@' and a start in placement units (0-15)");
	expect_profile_error("3g.40gb@16",
			     "cannot parse placement of '3g.40gb@16': expected '@' and a start in placement units (0-15)");
}

static mig_state *node_of(const char *const *keys, size_t n)
{
	mig_state *st;

	assert_ok(mig_state_new(&st));
	for (size_t i = 0; i < n; i++) {
		mig_gpu_spec spec = {0};

		spec.model = mig_catalog_find(keys[i]);
		assert_non_null(spec.model);
		assert_ok(mig_state_add_gpu(st, &spec));
	}
	return st;
}

/* §parted-2.5: names resolve on a GPU numerically, C must be a CI size of the GI */
static void test_resolve(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "A100-SXM4-40GB", "RTX-PRO-6000"};
	mig_state *st = node_of(keys, 3);
	struct {
		const char *name;
		unsigned gpu;
		int ok;
		unsigned gi_id, ci_slices;
	} v[] = {
		{"1g.10gb", 0, 1, 19, 1},   {"01g.010gb", 0, 1, 19, 1}, {"1c.1g.10gb", 0, 1, 19, 1},
		{"1g.10gb", 1, 1, 15, 1},   {"1g.20gb", 0, 1, 15, 1},   {"1g.10gb+me", 0, 1, 20, 1},
		{"1c.3g.40gb", 0, 1, 9, 1}, {"2c.3g.40gb", 0, 1, 9, 2}, {"3c.7g.80gb", 0, 1, 0, 3},
		{"5c.7g.80gb", 0, 0, 0, 0}, {"4c.3g.40gb", 0, 0, 0, 0}, {"3g.40gb", 1, 0, 0, 0},
		{"1g.24gb+me.all", 2, 1, 65, 1}, {"1g.24gb-me", 2, 1, 67, 1}, {"1g.24gb+me", 2, 1, 21, 1},
		{"2g.48gb+gfx", 2, 1, 35, 2}, {"1g.24gb+gfx,me", 2, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		layout_profile p;
		const mig_gi_profile *gi = NULL;
		mig_ci_profile_info ci;
		int rc;

		assert_int_equal(layout_profile_parse(&p, v[i].name, strlen(v[i].name)), 0);
		rc = layout_profile_resolve(&gi, &ci, &p, st, v[i].gpu);
		if ((rc == 0) != v[i].ok)
			print_error("%s on GPU %u: rc %d\n", v[i].name, v[i].gpu, rc);
		assert_int_equal(rc == 0, v[i].ok);
		if (rc == 0) {
			mig_gi_profile_info info;

			mig_gi_profile_get(gi, &info);
			assert_int_equal(info.id, v[i].gi_id);
			assert_int_equal(ci.slices, v[i].ci_slices);
		}
	}
	mig_state_free(st);
}

/* §parted-2.4: the catalog's names are the ones go-nvlib derives from memory */
static void test_gb_formula(void **state)
{
	(void)state;
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);

		for (size_t d = 0; d < mig_model_driver_count(m); d++) {
			const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
			size_t n = 0;
			unsigned long long total = (unsigned long long)mig_model_memory_mib(m) << 20;
			unsigned long long total_gb = (total + (1ull << 30) - 1) >> 30;

			assert_int_equal(mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, m,
							       mig_model_driver(m, d)),
					 MIG_SUCCESS);
			for (size_t k = 0; k < n && k < 32; k++) {
				mig_gi_profile_info info;
				layout_profile p;
				unsigned long long eighths;

				mig_gi_profile_get(list[k], &info);
				assert_int_equal(layout_profile_parse(&p, info.name, strlen(info.name)), 0);
				/* frac rounded up to 1/8, times the total in GB, rounded */
				eighths = ((unsigned long long)info.memory_mib * 8 * (1ull << 20) + total - 1) / total;
				if ((unsigned long long)p.gb != (eighths * total_gb + 4) / 8)
					print_error("%s %s: %s vs %llu\n", mig_model_key(m), mig_model_driver(m, d),
						    info.name, (eighths * total_gb + 4) / 8);
				assert_int_equal((unsigned long long)p.gb, (eighths * total_gb + 4) / 8);
				assert_int_equal((unsigned long long)p.g, info.slices);
			}
		}
	}
}

/* §parted-1.4 */
static void test_device_filter(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "A30-24GB"};
	mig_state *st = node_of(keys, 2);

	(void)state;
	assert_true(layout_filter_matches("0x233010DE", st, 0));
	assert_true(layout_filter_matches("0X233010de", st, 0));
	assert_true(layout_filter_matches("0x2330_10DE", st, 0));
	assert_true(layout_filter_matches("590352606", st, 0));  /* decimal */
	assert_true(layout_filter_matches("04314010336", st, 0)); /* leading 0: octal */
	assert_true(layout_filter_matches("0o4314010336", st, 0));
	assert_true(layout_filter_matches("0x233010DE:0x00000000", st, 0));
	assert_false(layout_filter_matches("0x233010DE:0x16C110DE", st, 0));
	assert_false(layout_filter_matches("0x233010DE", st, 1));
	assert_true(layout_filter_matches("0x20B710DE", st, 1));
	assert_false(layout_filter_matches("233010DE", st, 0));
	assert_false(layout_filter_matches("H100-SXM5-80GB", st, 0));
	assert_false(layout_filter_matches("0x233010DE:0x0:0x0", st, 0));
	assert_false(layout_filter_matches("0x_233010DE_", st, 0));
	assert_false(layout_filter_matches("0x1233010DE", st, 0)); /* above 32 bits */
	assert_false(layout_filter_matches("", st, 0));
	mig_state_free(st);
}

/* §parted-3.7 */
static void test_hooks(void **state)
{
	layout_hooks *h = NULL;
	char *buf;
	size_t len;
	const char *text = "VERSION: v9\nHooks:\n  apply-start:\n  - Command: /bin/true\n    ARGS: [a, b]\n    envs: {X: \"1\"}\n    Workdir: /tmp\n    other: ignored\n  not-a-phase:\n  - command: x\n";

	(void)state;
	assert_int_equal(layout_hooks_parse(&h, text, strlen(text), "h.yaml"), 0);
	assert_int_equal(h->n[LAYOUT_HOOK_APPLY_START], 1);
	assert_string_equal(h->hook[LAYOUT_HOOK_APPLY_START][0].command, "/bin/true");
	assert_string_equal(h->hook[LAYOUT_HOOK_APPLY_START][0].workdir, "/tmp");
	assert_int_equal(h->hook[LAYOUT_HOOK_APPLY_START][0].nargs, 2);
	assert_string_equal(h->hook[LAYOUT_HOOK_APPLY_START][0].envs[0], "X=1");
	assert_int_equal(layout_hooks_run(h, LAYOUT_HOOK_APPLY_START, NULL, 0, 0), 0);
	layout_hooks_free(h);
	buf = tu_read_file(MIG_LAYOUT_DATA "/hooks-sample.yaml", &len);
	assert_non_null(buf);
	assert_int_equal(layout_hooks_parse(&h, buf, len, "hooks-sample.yaml"), 0);
	assert_int_equal(h->n[LAYOUT_HOOK_APPLY_START], 1);
	assert_int_equal(h->n[LAYOUT_HOOK_PRE_APPLY_MODE], 0);
	assert_int_equal(h->n[LAYOUT_HOOK_APPLY_EXIT], 2);
	assert_string_equal(h->hook[LAYOUT_HOOK_APPLY_EXIT][1].args[2], "source hooks.sh; refresh-cdi");
	/* the workdir does not exist here: Go's words */
	assert_int_equal(layout_hooks_run(h, LAYOUT_HOOK_APPLY_START, NULL, 0, 0), MIG_ERROR_IO);
	assert_string_equal(mig_errmsg(), "chdir /etc/nvidia-mig-manager: no such file or directory");
	layout_hooks_free(h);
	free(buf);
	text = "hooks:\n  apply-exit:\n  - command: /bin/false\n  - command: no-such-command-here\n";
	assert_int_equal(layout_hooks_parse(&h, text, strlen(text), "h.yaml"), 0);
	assert_int_equal(layout_hooks_run(h, LAYOUT_HOOK_APPLY_EXIT, NULL, 0, 0), MIG_ERROR_UNKNOWN);
	assert_string_equal(mig_errmsg(), "exit status 1");
	layout_hooks_free(h);
	text = "hooks:\n  apply-exit:\n  - command: no-such-command-here\n";
	assert_int_equal(layout_hooks_parse(&h, text, strlen(text), "h.yaml"), 0);
	assert_int_equal(layout_hooks_run(h, LAYOUT_HOOK_APPLY_EXIT, NULL, 0, 0), MIG_ERROR_NOT_FOUND);
	assert_string_equal(mig_errmsg(), "exec: \"no-such-command-here\": executable file not found in $PATH");
	layout_hooks_free(h);
	text = "hooks:\n  apply-exit:\n  - command: 7\n";
	assert_int_equal(layout_hooks_parse(&h, text, strlen(text), "h.yaml"), MIG_ERROR_INVALID_ARGUMENT);
	assert_string_equal(mig_errmsg(), "h.yaml:3:14: Error parsing hooks file: json: cannot unmarshal number into Go struct field HookSpec.command of type string");
}

/* §parted-5.2: mig-parted's checkpoints load; ours carry IDs and CI placements */
static void test_checkpoint_json(void **state)
{
	const char *mp = "{\"Version\":\"v1\",\"MigState\":{\"Devices\":[{\"UUID\":\"GPU-1111\",\"MigMode\":1,\"GpuInstances\":[{\"ProfileID\":2,\"Placement\":{\"Start\":0,\"Size\":4},\"ComputeInstances\":[{\"ProfileID\":0,\"EngProfileID\":0},{\"ProfileID\":0,\"EngProfileID\":0}]},{\"ProfileID\":0,\"Placement\":{\"Start\":6,\"Size\":1},\"ComputeInstances\":[{\"ProfileID\":0,\"EngProfileID\":0}]}]},{\"UUID\":\"GPU-6666\",\"MigMode\":0,\"GpuInstances\":null}]}}";
	layout_snapshot *s = NULL;
	char *text = NULL;

	(void)state;
	assert_int_equal(layout_snapshot_parse(&s, mp, strlen(mp)), 0);
	assert_int_equal(s->ngpu, 2);
	assert_int_equal(s->gpu[0].ngi, 2);
	assert_int_equal(s->gpu[0].gi[0].nci, 2);
	assert_int_equal(s->gpu[0].gi[0].ci[1].id, -1);
	assert_int_equal(s->gpu[0].gi[1].at.start, 6);
	assert_int_equal(s->gpu[1].mig, 0);
	assert_int_equal(layout_snapshot_json(&text, s), 0);
	assert_string_equal(text, mp);
	free(text);
	layout_snapshot_free(s);
	mp = "{\"MigState\":{\"Devices\":[{\"UUID\":\"GPU-1\",\"MigMode\":3}]}}";
	assert_int_equal(layout_snapshot_parse(&s, mp, strlen(mp)), MIG_ERROR_INVALID_ARGUMENT);
	assert_string_equal(mig_errmsg(), "Devices[0]: MigMode must be 0 or 1");
	assert_int_equal(layout_snapshot_parse(&s, "[]", 2), MIG_ERROR_INVALID_ARGUMENT);
}

/* §parted-5.1: export and the printers, byte for byte */
static void expect_file(const char *text, const char *file)
{
	char path[512], *want;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", MIG_LAYOUT_DATA, file);
	want = tu_read_file(path, &len);
	assert_non_null(want);
	if (strcmp(text, want))
		print_error("got:\n%s\nwant (%s):\n%s\n", text, file, want);
	assert_string_equal(text, want);
	free(want);
}

static mig_state *layout_node(const char *const *keys, size_t n, const char *cfgtext,
			      const char *name)
{
	mig_state *st = node_of(keys, n);
	layout_config *c = expect_ok(cfgtext);
	layout_target *t = calloc(n, sizeof(*t));
	layout_plan *p = NULL; /* stays NULL when layout_targets fails */

	assert_non_null(t);
	if (layout_targets(t, layout_select(c, name), st, NULL) ||
	    layout_plan_targets(&p, st, t, NULL))
		print_error("%s\n", mig_errmsg());
	else
		for (size_t i = 0; i < p->n; i++)
			assert_int_equal(layout_step_do(st, &p->step[i]), 0);
	layout_plan_free(p);
	free(t);
	layout_config_free(c);
	return st;
}

static void expect_export(mig_state *st, const char *yaml_file, const char *json_file)
{
	layout_config *c;
	char *text;

	assert_int_equal(layout_export(&c, st, "current", 0, NULL), 0);
	assert_int_equal(layout_config_yaml(&text, c), 0);
	expect_file(text, yaml_file);
	free(text);
	if (json_file) {
		assert_int_equal(layout_config_json(&text, c), 0);
		expect_file(text, json_file);
		free(text);
	}
	layout_config_free(c);
}

/*
 * export -o json writes names as Go's encoder does (docs/layouts.md): HTML
 * characters, U+2028/U+2029 and control characters escaped (\b and \f as
 * \u0008 and \u000c, lower-case hex), other UTF-8 as is.
 */
static void test_json_escapes(void **state)
{
	static const char *const one[] = {"A100-SXM4-40GB"};
	mig_state *st;
	layout_config *c;
	char *text;

	(void)state;
	st = layout_node(one, 1, "version: v1\nmig-configs:\n  o:\n  - devices: all\n    mig-enabled: false\n", "o");
	assert_int_equal(layout_export(&c, st, "a<b>&c\"d\\e\tf\bg\fh\001i\xe2\x80\xa8j\xe2\x80\xa9k\xc3\xa9", 0,
				       NULL), 0);
	assert_int_equal(layout_config_json(&text, c), 0);
	if (!strstr(text, "\n    \"a\\u003cb\\u003e\\u0026c\\\"d\\\\e\\tf\\u0008g\\u000ch\\u0001i\\u2028j\\u2029k\xc3\xa9\": ["))
		print_error("%s\n", text);
	assert_non_null(strstr(text, "\n    \"a\\u003cb\\u003e\\u0026c\\\"d\\\\e\\tf\\u0008g\\u000ch\\u0001i\\u2028j\\u2029k\xc3\xa9\": ["));
	free(text);
	layout_config_free(c);
	mig_state_free(st);
}

static void test_export_samples(void **state)
{
	static const char *const a100x8[] = {"A100-SXM4-40GB", "A100-SXM4-40GB", "A100-SXM4-40GB",
					     "A100-SXM4-40GB", "A100-SXM4-40GB", "A100-SXM4-40GB",
					     "A100-SXM4-40GB", "A100-SXM4-40GB"};
	static const char *const two[] = {"A100-SXM4-80GB", "A30-24GB"};
	mig_state *st;

	(void)state;
	st = layout_node(a100x8, 8, "version: v1\nmig-configs:\n  b:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {1g.5gb: 2, 2g.10gb: 1, 3g.20gb: 1}\n", "b");
	expect_export(st, "export-a100-balanced.yaml", "export-a100-balanced.json");
	mig_state_free(st);
	st = layout_node(a100x8, 8, "version: v1\nmig-configs:\n  s:\n  - devices: [0, 1, 2, 3]\n    mig-enabled: false\n  - devices: [4, 5, 6, 7]\n    mig-enabled: true\n    mig-devices: {1g.5gb: 7}\n", "s");
	expect_export(st, "export-a100-split.yaml", NULL);
	mig_state_free(st);
	st = layout_node(two, 2, "version: v1\nmig-configs:\n  t:\n  - device-filter: \"0x20B210DE\"\n    devices: all\n    mig-enabled: true\n    mig-devices: {1g.10gb: 7}\n", "t");
	expect_export(st, "export-two-models.yaml", NULL);
	mig_state_free(st);
}

/* yaml.v2 prints what would read back as another type in double quotes, keys in natural order */
static void test_printing(void **state)
{
	layout_config *c = expect_ok("version: v1\nmig-configs:\n  \"1\":\n  - device-filter: [\"0x20B010DE\", \"a: b\", \"<<\"]\n    devices: [2, 0]\n    mig-enabled: true\n    mig-devices: {1g.10gb: 1, 1g.5gb: 2, 1c.3g.20gb: 1, 1g.5gb+me: 1}\n  all-3g: [{devices: all, mig-enabled: false}]\n  all-10: [{devices: all, mig-enabled: false}]\n  all-9: [{devices: all, mig-enabled: false}]\n");
	char *text;

	(void)state;
	assert_int_equal(layout_config_yaml(&text, c), 0);
	assert_string_equal(text,
			    "version: v1\n"
			    "mig-configs:\n"
			    "  \"1\":\n"
			    "  - device-filter: [\"0x20B010DE\", 'a: b', \"<<\"]\n"
			    "    devices: [2, 0]\n"
			    "    mig-enabled: true\n"
			    "    mig-devices:\n"
			    "      1c.3g.20gb: 1\n"
			    "      1g.5gb: 2\n"
			    "      1g.5gb+me: 1\n"
			    "      1g.10gb: 1\n"
			    "  all-3g:\n"
			    "  - devices: all\n"
			    "    mig-enabled: false\n"
			    "    mig-devices: {}\n"
			    "  all-9:\n"
			    "  - devices: all\n"
			    "    mig-enabled: false\n"
			    "    mig-devices: {}\n"
			    "  all-10:\n"
			    "  - devices: all\n"
			    "    mig-enabled: false\n"
			    "    mig-devices: {}\n");
	free(text);
	layout_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_go_decoding),
		cmocka_unit_test(test_yaml_rules),
		cmocka_unit_test(test_yaml_rules_2),
		cmocka_unit_test(test_alias_itself),
		cmocka_unit_test(test_alias_ratio),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_gb_formula),
		cmocka_unit_test(test_device_filter),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_checkpoint_json),
		cmocka_unit_test(test_export_samples),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_printing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
