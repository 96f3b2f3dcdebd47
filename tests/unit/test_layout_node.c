/*
 * test_layout_node.c - layouts on real (emulated) nodes, through migctl.
 *
 *  - Every preset of mig-parted's default file and every example of the
 *    spec applies on each catalog model it is meant for, asserts clean,
 *    exports, and the export applied to a fresh node gives the same export.
 *  - A second apply changes nothing: not one byte of the state file.
 *  - An instance a process uses survives a re-layout with its MIG UUID;
 *    when it is in the way the apply is refused (state untouched) unless
 *    --force.
 *  - Malformed files and unknown profiles: the right message, no change.
 *  - A batch that fails at step N changes nothing.
 *  - Killed with SIGKILL after each step of a step-by-step apply (the
 *    emulated node with MIGCTL_LAYOUT_STEPWISE=1, and the NVML backend over
 *    our own libnvidia-ml.so.1): the next migctl rolls the node back to the
 *    exact layout it had; a failing step rolls back the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/node/node_hooks.h"
#include "layout.h"
#include "testutil.h"

extern char **environ;

static char *node_dir;

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

typedef struct result {
	int status;   /* exit status, or 128 + signal */
	char *out, *err;
} result;

static void result_free(result *r)
{
	free(r->out);
	free(r->err);
}

/* Run migctl ARGS with MIGCTL_STATE_DIR=node_dir and extra "NAME=VALUE"s. */
static result migctl(const char *const *env, const char *const *args)
{
	char opath[] = "/tmp/layout-out.XXXXXX", epath[] = "/tmp/layout-err.XXXXXX";
	int ofd = mkstemp(opath), efd = mkstemp(epath), status = 0;
	result r = {0};
	pid_t pid;

	assert_true(ofd >= 0 && efd >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[32];
		size_t n = 0;

		setenv("MIGCTL_STATE_DIR", node_dir, 1);
		unsetenv("MIGCTL_BACKEND");
		for (const char *const *e = env; e && *e; e++)
			putenv((char *)*e);
		argv[n++] = (char *)MIGCTL_BIN;
		for (const char *const *a = args; *a && n < 31; a++)
			argv[n++] = (char *)*a;
		argv[n] = NULL;
		dup2(ofd, 1);
		dup2(efd, 2);
		execv(MIGCTL_BIN, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	close(ofd);
	close(efd);
	r.out = tu_read_file(opath, NULL);
	r.err = tu_read_file(epath, NULL);
	unlink(opath);
	unlink(epath);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return r;
}

static void make_node(const char *const *keys, size_t n)
{
	mig_state *st;

	assert_ok(mig_state_new(&st));
	for (size_t i = 0; i < n; i++) {
		mig_gpu_spec spec = {0};

		spec.model = mig_catalog_find(keys[i]);
		assert_non_null(spec.model);
		assert_ok(mig_state_add_gpu(st, &spec));
	}
	assert_ok(mig_node_create(node_dir, st, 1));
	mig_state_free(st);
}

static char *state_bytes(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/state.json", node_dir);
	return tu_read_file(path, NULL);
}

/* The node's exact layout (checkpoint JSON); free() it. */
static char *layout_now(void)
{
	mig_node *node;
	mig_state *st;
	layout_snapshot *s;
	char *text;

	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_ok(layout_snapshot_take(&s, st, NULL, 0));
	assert_ok(layout_snapshot_json(&text, s));
	layout_snapshot_free(s);
	mig_state_free(st);
	mig_node_close(node);
	return text;
}

static int journal_exists(const char *sub)
{
	char path[512];
	struct stat sb;

	snprintf(path, sizeof(path), "%s%s/layout.journal", node_dir, sub);
	return stat(path, &sb) == 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	node_dir = tu_mkdtemp();
	return node_dir ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(node_dir);
	free(node_dir);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Presets and examples, on every model                               */
/* ------------------------------------------------------------------ */

/* Apply a config on a state in memory: 0 done, 1 not meant for these GPUs, -1 failed. */
static int apply_in_memory(mig_state *st, const layout_named *nm)
{
	unsigned n = mig_state_gpu_count(st);
	layout_target *t = calloc(n, sizeof(*t));
	layout_plan *p = NULL;
	int covered = 0, rc;

	assert_non_null(t);
	rc = layout_targets(t, nm, st, NULL);
	for (unsigned g = 0; g < n; g++)
		covered |= t[g].covered;
	if (rc || !covered) {
		free(t);
		return 1; /* a profile this model lacks, or no entry selects it */
	}
	if (layout_plan_targets(&p, st, t, NULL)) {
		free(t);
		return -1;
	}
	for (size_t i = 0; i < p->n; i++)
		if (layout_step_do(st, &p->step[i])) {
			rc = -1;
			break;
		}
	/* assert: every covered GPU matches; a second plan is empty */
	for (unsigned g = 0; g < n && !rc; g++) {
		layout_gpu_have h;

		assert_ok(layout_gpu_read(&h, st, g));
		if (t[g].covered && !layout_matches(&h, &t[g], 0, NULL)) {
			print_error("GPU %u does not match after the apply\n", g);
			rc = -1;
		}
	}
	layout_plan_free(p);
	if (!rc) {
		assert_int_equal(layout_plan_targets(&p, st, t, NULL), 0);
		assert_int_equal(p->n, 0);
		layout_plan_free(p);
	}
	free(t);
	return rc;
}

static char *export_text(const mig_state *st)
{
	layout_config *c;
	char *text;

	assert_int_equal(layout_export(&c, st, "current", 0, NULL), 0);
	assert_int_equal(layout_config_yaml(&text, c), 0);
	layout_config_free(c);
	return text;
}

static mig_state *fresh(const mig_model *m, unsigned count)
{
	mig_state *st;
	mig_gpu_spec spec = {0};

	spec.model = m;
	assert_ok(mig_state_new(&st));
	for (unsigned i = 0; i < count; i++)
		assert_ok(mig_state_add_gpu(st, &spec));
	return st;
}

/* Round trip: export, parse, apply on a fresh node, same export. */
static void round_trip(const mig_state *st, const mig_model *m, unsigned count, const char *what)
{
	char *a = export_text(st), *b;
	layout_config *c;
	mig_state *st2 = fresh(m, count);
	int rc;

	assert_int_equal(layout_parse(&c, a, strlen(a), "export.yaml"), 0);
	rc = apply_in_memory(st2, &c->configs[0]);
	if (rc)
		print_error("%s on %s: re-applying the export: %s\n", what, mig_model_key(m), mig_errmsg());
	assert_int_equal(rc, 0);
	b = export_text(st2);
	assert_string_equal(a, b);
	free(a);
	free(b);
	layout_config_free(c);
	mig_state_free(st2);
}

typedef struct coverage {
	const char *preset, *model;
} coverage;

/* Read off the §parted-6.1 table: a few (preset, catalog model) pairs that must apply. */
static const coverage must[] = {
	{"all-1g.5gb", "A100-SXM4-40GB"},     {"all-1g.5gb.me", "A100-PCIE-40GB"},
	{"all-7g.40gb", "A100-SXM4-40GB"},    {"all-1g.24gb.gfx", "RTX-PRO-6000"},
	{"all-1g.24gb.me.all", "RTX-PRO-6000"}, {"all-1g.24gb-me", "RTX-PRO-6000"},
	{"all-2g.48gb.me.all", "RTX-PRO-6000"}, {"all-4g.96gb.gfx", "RTX-PRO-6000"},
	{"all-1g.10gb", "H100-SXM5-80GB"},    {"all-1g.10gb", "A100-SXM4-40GB"},
	{"all-1g.10gb", "A100-PCIE-80GB"},    {"all-1g.10gb.me", "H100-PCIE-80GB"},
	{"all-1g.20gb", "A100-SXM4-80GB"},    {"all-7g.80gb", "H100-SXM5-80GB"},
	{"all-1g.6gb", "A30-24GB"},           {"all-2g.12gb.me", "A30-24GB"},
	{"all-1g.12gb", "H100-NVL-94GB"},     {"all-1g.24gb", "GH200-96GB"},
	{"all-1g.24gb", "RTX-PRO-6000"},      {"all-3g.47gb", "H100-NVL-94GB"},
	{"all-7g.96gb", "H20-96GB"},          {"all-1g.47gb", "GB200-186GB"},
	{"all-7g.186gb", "GB200-186GB"},      {"all-1g.18gb", "H200-SXM-141GB"},
	{"all-1g.35gb", "H200-SXM-141GB"},    {"all-7g.141gb", "H200-SXM-141GB"},
	{"all-1g.23gb", "B200-180GB"},        {"all-1g.45gb", "B200-180GB"},
	{"all-7g.180gb", "B200-180GB"},       {"all-1g.36gb", "GH200-144GB"},
	{"all-7g.144gb", "GH200-144GB"},      {"all-disabled", "A30-24GB"},
	{"all-enabled", "B200-180GB"},
};

static void apply_file_on_all_models(const char *file, unsigned count, int require_balanced)
{
	char path[512], *buf;
	size_t len;
	layout_config *c;
	unsigned applied = 0;
	int *seen = calloc(sizeof(must) / sizeof(must[0]), sizeof(int));

	snprintf(path, sizeof(path), "%s/%s", MIG_LAYOUT_DATA, file);
	buf = tu_read_file(path, &len);
	assert_non_null(buf);
	if (layout_parse(&c, buf, len, file))
		print_error("%s\n", mig_errmsg());
	assert_non_null(c);
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);
		int balanced = 0;

		for (size_t k = 0; k < c->nconfigs; k++) {
			mig_state *st = fresh(m, count);
			int rc = apply_in_memory(st, &c->configs[k]);

			if (rc < 0)
				print_error("%s: %s on %s: %s\n", file, c->configs[k].name, mig_model_key(m),
					    mig_errmsg());
			assert_true(rc >= 0);
			if (rc == 0) {
				applied++;
				balanced |= !strcmp(c->configs[k].name, "all-balanced");
				for (size_t w = 0; w < sizeof(must) / sizeof(must[0]); w++)
					if (!strcmp(must[w].preset, c->configs[k].name) &&
					    !strcmp(must[w].model, mig_model_key(m)))
						seen[w] = 1;
				round_trip(st, m, count, c->configs[k].name);
			}
			mig_state_free(st);
		}
		/* §parted-6.1: all-balanced applies on every model its filters name */
		if (require_balanced) {
			const layout_named *b = layout_select(c, "all-balanced");
			mig_state *st = fresh(m, 1);
			int named = 0;

			for (size_t e = 0; b && e < b->nentries; e++)
				for (size_t f = 0; f < b->entries[e].nfilter; f++)
					named |= layout_filter_matches(b->entries[e].filter[f], st, 0);
			mig_state_free(st);
			if (named && !balanced)
				print_error("all-balanced did not apply on %s\n", mig_model_key(m));
			assert_true(!named || balanced);
		}
	}
	if (require_balanced)
		for (size_t w = 0; w < sizeof(must) / sizeof(must[0]); w++) {
			if (!seen[w])
				print_error("%s was never applied on %s\n", must[w].preset, must[w].model);
			assert_true(seen[w]);
		}
	print_message("%s: %u (config, model) pairs applied, asserted and round-tripped\n", file, applied);
	free(seen);
	free(buf);
	layout_config_free(c);
}

static void test_presets(void **state)
{
	(void)state;
	apply_file_on_all_models("config-default.yaml", 1, 1);
}

static void test_examples(void **state)
{
	(void)state;
	/* five GPUs so that the DGX Station example's indices 2 and 4 exist */
	apply_file_on_all_models("spec-examples.yaml", 5, 0);
}

/* What migctl presets prints applies everywhere too, and matches the spec's counts. */
static void test_generated_presets(void **state)
{
	(void)state;
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);
		mig_state *st = fresh(m, 1);
		layout_config *c;
		char *text;
		layout_config *back;

		assert_int_equal(layout_presets(&c, st, NULL, 0), 0);
		assert_int_equal(layout_config_yaml(&text, c), 0);
		assert_int_equal(layout_parse(&back, text, strlen(text), "presets.yaml"), 0);
		for (size_t k = 0; k < back->nconfigs; k++) {
			mig_state *s2 = fresh(m, 1);
			int rc = apply_in_memory(s2, &back->configs[k]);

			if (rc)
				print_error("%s: %s: %d %s\n", mig_model_key(m), back->configs[k].name, rc,
					    mig_errmsg());
			assert_int_equal(rc, 0);
			mig_state_free(s2);
		}
		free(text);
		layout_config_free(back);
		layout_config_free(c);
		mig_state_free(st);
	}
	/* the H100's, against §parted-6.1 */
	{
		static const char *const keys[] = {"H100-SXM5-80GB"};
		mig_state *st = fresh(mig_catalog_find(keys[0]), 1);
		layout_config *c;
		char *text;

		assert_int_equal(layout_presets(&c, st, NULL, 0), 0);
		assert_int_equal(layout_config_yaml(&text, c), 0);
		assert_non_null(strstr(text, "  all-1g.10gb:\n  - devices: all\n    mig-enabled: true\n    mig-devices:\n      1g.10gb: 7\n"));
		assert_non_null(strstr(text, "  all-1g.10gb.me:\n  - devices: all\n    mig-enabled: true\n    mig-devices:\n      1g.10gb+me: 1\n"));
		assert_non_null(strstr(text, "  all-1g.20gb:\n  - devices: all\n    mig-enabled: true\n    mig-devices:\n      1g.20gb: 4\n"));
		assert_non_null(strstr(text, "  all-balanced:\n  - devices: all\n    mig-enabled: true\n    mig-devices:\n      1g.10gb: 2\n      2g.20gb: 1\n      3g.40gb: 1\n"));
		free(text);
		layout_config_free(c);
		mig_state_free(st);
	}
}

/* ------------------------------------------------------------------ */
/* Through migctl                                                     */
/* ------------------------------------------------------------------ */

static const char *cfg_path(void)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s.yaml", node_dir);
	return path;
}

static const char config_text[] =
	"version: v1\n"
	"mig-configs:\n"
	"  all-1g:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {1g.10gb: 7}\n"
	"  mixed:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2}\n"
	"  keep-2g:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {2g.20gb: 1, 1g.10gb: 5}\n"
	"  all-7g:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {7g.80gb: 1}\n"
	"  unknown:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {9g.999gb: 1}\n"
	"  a100-only:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {1g.5gb: 1}\n"
	"  off:\n  - devices: all\n    mig-enabled: false\n"
	"  crash-pre:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2}\n"
	"  - devices: [1]\n    mig-enabled: false\n"
	"  crash:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {3g.40gb: 1, 1c.2g.20gb: 2, 1g.10gb: 1}\n"
	"  - devices: [1]\n    mig-enabled: true\n    mig-devices: {4g.40gb: 1}\n";

static void test_idempotent_cli(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "H100-SXM5-80GB"};
	const char *apply[] = {"apply", "-f", cfg_path(), "-c", "mixed", NULL};
	char *before, *after;
	result r;

	(void)state;
	make_node(keys, 2);
	write_file(cfg_path(), config_text);
	r = migctl(NULL, apply);
	assert_int_equal(r.status, 0);
	result_free(&r);
	before = state_bytes();
	r = migctl(NULL, apply);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "GPU 0 (NVIDIA H100 80GB HBM3): already as configured\n"
				   "GPU 1 (NVIDIA H100 80GB HBM3): already as configured\n"
				   "MIG configuration applied successfully\n");
	result_free(&r);
	after = state_bytes();
	assert_string_equal(before, after); /* generation unchanged: nothing written */
	free(before);
	free(after);
	{
		const char *as[] = {"assert", "-f", cfg_path(), "-c", "mixed", NULL};

		r = migctl(NULL, as);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.out, "Selected MIG configuration currently applied\n");
		result_free(&r);
	}
	unlink(cfg_path());
}

/* A CI whose MIG UUID we record, with this test's own pid attached to it. */
static void attach_self_to_2g(char *uuid, size_t len)
{
	mig_node *node;
	mig_state *st;
	mig_device_info dev[16];
	size_t n = 0;

	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_device_list(dev, 16, &n, st, 0));
	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(dev[i].gi_profile, &info);
		if (!strcmp(info.name, "2g.20gb")) {
			mig_process p = {0};

			p.pid = (unsigned)getpid();
			snprintf(p.name, sizeof(p.name), "layout-test");
			p.gpu = 0;
			p.gi = dev[i].ci.gi;
			p.ci = dev[i].ci.id;
			p.used_mib = 100;
			assert_ok(mig_process_attach(st, &p));
			snprintf(uuid, len, "%s", dev[i].ci.uuid);
		}
	}
	assert_ok(mig_node_commit(node, st));
	mig_node_close(node);
}

static int has_uuid(const char *uuid)
{
	mig_node *node;
	mig_state *st;
	mig_device_info dev[16];
	size_t n = 0;
	int found = 0;

	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_device_list(dev, 16, &n, st, 0));
	for (size_t i = 0; i < n; i++)
		found |= !strcmp(dev[i].ci.uuid, uuid);
	mig_state_free(st);
	mig_node_close(node);
	return found;
}

static void test_busy_cli(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB"};
	const char *mixed[] = {"apply", "-f", cfg_path(), "-c", "mixed", NULL};
	const char *keep[] = {"apply", "-f", cfg_path(), "-c", "keep-2g", NULL};
	const char *seven[] = {"apply", "-f", cfg_path(), "-c", "all-7g", NULL};
	const char *forced[] = {"apply", "-f", cfg_path(), "-c", "all-7g", "--force", NULL};
	char uuid[64] = "", *before, *after;
	result r;

	(void)state;
	make_node(keys, 1);
	write_file(cfg_path(), config_text);
	r = migctl(NULL, mixed);
	assert_int_equal(r.status, 0);
	result_free(&r);
	attach_self_to_2g(uuid, sizeof(uuid));
	assert_true(uuid[0]);
	/* 2g + 5 x 1g: the busy 2g stays, with its UUID and its process */
	r = migctl(NULL, keep);
	if (r.status)
		print_error("%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "(2g.20gb)"));
	result_free(&r);
	assert_true(has_uuid(uuid));
	/* 7g needs it gone: refused, nothing written */
	before = state_bytes();
	r = migctl(NULL, seven);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "the layout cannot be reached without destroying instances in use: CI 0 of GI"));
	assert_non_null(strstr(r.err, "(2g.20gb): pid"));
	assert_non_null(strstr(r.err, "(layout-test); stop those processes or use --force"));
	result_free(&r);
	after = state_bytes();
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* --force: done */
	r = migctl(NULL, forced);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "(forced: 1 process detached)"));
	result_free(&r);
	assert_false(has_uuid(uuid));
	unlink(cfg_path());
}

static void test_refusals_change_nothing(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB"};
	const char *all1g[] = {"apply", "-f", cfg_path(), "-c", "all-1g", NULL};
	const char *unknown[] = {"apply", "-f", cfg_path(), "-c", "unknown", NULL};
	const char *a100[] = {"apply", "-f", cfg_path(), "-c", "a100-only", NULL};
	const char *bad[] = {"apply", "-f", "", "-c", "x", NULL};
	const char *mixed[] = {"apply", "-f", cfg_path(), "-c", "mixed", NULL};
	const char *fail3[] = {"MIGCTL_LAYOUT_FAIL_AT_STEP=3", NULL};
	char badpath[600], *before, *after;
	result r;

	(void)state;
	make_node(keys, 1);
	write_file(cfg_path(), config_text);
	r = migctl(NULL, all1g);
	assert_int_equal(r.status, 0);
	result_free(&r);
	before = state_bytes();
	r = migctl(NULL, unknown);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "MIG profile \"9g.999gb\" not found on this GPU, nor on any GPU of the node"));
	result_free(&r);
	r = migctl(NULL, a100);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "MIG profile \"1g.5gb\" not found on this GPU"));
	result_free(&r);
	snprintf(badpath, sizeof(badpath), "%s.bad.yaml", node_dir);
	write_file(badpath, "version: v1\nmig-configs:\n  x:\n  - devices: all\n\t  mig-enabled: true\n");
	bad[2] = badpath;
	r = migctl(NULL, bad);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, ":5:1: Error parsing config file: unmarshal error: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation\n"));
	result_free(&r);
	/* a batch that fails at its third step: nothing */
	r = migctl(fail3, mixed);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "failure injected by MIGCTL_LAYOUT_FAIL_AT_STEP; nothing was changed\n"));
	result_free(&r);
	after = state_bytes();
	assert_string_equal(before, after);
	free(before);
	free(after);
	unlink(badpath);
	unlink(cfg_path());
}

/* ------------------------------------------------------------------ */
/* kill -9 at every step, and rollback                                */
/* ------------------------------------------------------------------ */

static void crash_at_every_step(const char *const *backend_env, const char *journal_sub)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "A100-SXM4-80GB"};
	const char *all1g[] = {"apply", "-f", cfg_path(), "-c", "crash-pre", NULL};
	const char *mixed[] = {"apply", "-f", cfg_path(), "-c", "crash", NULL};
	const char *look[] = {"export", NULL};
	char fail_env[64];
	char *pre, *now;
	unsigned nsteps = 0;
	result r;

	make_node(keys, 2);
	write_file(cfg_path(), config_text);
	r = migctl(backend_env, all1g);
	if (r.status)
		print_error("%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	result_free(&r);
	pre = layout_now();
	{
		const char *dry[] = {"apply", "-f", cfg_path(), "-c", "crash", "--dry-run", NULL};

		r = migctl(backend_env, dry);
		assert_int_equal(r.status, 0);
		for (char *p = r.out; (p = strstr(p, "\n  ")); p++)
			nsteps++;
		result_free(&r);
	}
	/* a mode change, destroys and creates on two GPUs */
	assert_true(nsteps >= 8);
	for (unsigned k = 1; k <= nsteps; k++) {
		char kill_env[64], stepwise[] = "MIGCTL_LAYOUT_STEPWISE=1";
		const char *env[8];
		size_t ne = 0;

		for (const char *const *e = backend_env; e && *e; e++)
			env[ne++] = *e;
		snprintf(kill_env, sizeof(kill_env), "MIGCTL_LAYOUT_KILL_AFTER_STEP=%u", k);
		env[ne++] = kill_env;
		env[ne++] = stepwise;
		env[ne] = NULL;
		r = migctl(env, mixed);
		assert_int_equal(r.status, 128 + SIGKILL);
		result_free(&r);
		assert_true(journal_exists(journal_sub));
		/* any command that opens the node rolls it back first */
		env[ne - 2] = stepwise;
		env[ne - 1] = NULL;
		r = migctl(env, look);
		assert_int_equal(r.status, 0);
		if (!strstr(r.err, "rolled back an interrupted apply"))
			print_error("after a kill at step %u: %s", k, r.err);
		assert_non_null(strstr(r.err, "migctl: rolled back an interrupted apply (apply -f "));
		result_free(&r);
		assert_false(journal_exists(journal_sub));
		now = layout_now();
		if (strcmp(pre, now))
			print_error("kill at step %u:\nwant %s\ngot  %s\n", k, pre, now);
		assert_string_equal(pre, now);
		free(now);
	}
	/* a failing step rolls back at once */
	{
		const char *env[8];
		size_t ne = 0;

		for (const char *const *e = backend_env; e && *e; e++)
			env[ne++] = *e;
		env[ne++] = "MIGCTL_LAYOUT_STEPWISE=1";
		snprintf(fail_env, sizeof(fail_env), "MIGCTL_LAYOUT_FAIL_AT_STEP=%u", nsteps - 1);
		env[ne++] = fail_env;
		env[ne] = NULL;
		r = migctl(env, mixed);
		assert_int_equal(r.status, 1);
		assert_non_null(strstr(r.err, "; rolled back to the layout before the apply\n"));
		result_free(&r);
		assert_false(journal_exists(journal_sub));
		now = layout_now();
		assert_string_equal(pre, now);
		free(now);
		/* and then it goes through */
		env[ne - 1] = NULL;
		r = migctl(env, mixed);
		assert_int_equal(r.status, 0);
		result_free(&r);
		now = layout_now();
		assert_string_not_equal(pre, now);
		free(now);
	}
	free(pre);
	print_message("killed after each of %u steps; rolled back every time\n", nsteps);
	unlink(cfg_path());
}

static void test_kill_emulated(void **state)
{
	(void)state;
	crash_at_every_step(NULL, "");
}

static void test_kill_nvml(void **state)
{
#ifdef MIG_NVML_LIBRARY
	char lib[600];
	const char *env[] = {"MIGCTL_BACKEND=nvml", lib, NULL};
	struct stat sb;

	(void)state;
	if (stat(MIG_NVML_LIBRARY, &sb)) {
		print_message("skipped: %s not built\n", MIG_NVML_LIBRARY);
		skip();
	}
	snprintf(lib, sizeof(lib), "MIGCTL_NVML_LIBRARY=%s", MIG_NVML_LIBRARY);
	crash_at_every_step(env, "/journal");
#else
	(void)state;
	print_message("skipped: no libnvidia-ml.so.1 in this tree\n");
	skip();
#endif
}

/* ------------------------------------------------------------------ */
/* Rollbacks undo the apply's own steps, never other clients' work    */
/* ------------------------------------------------------------------ */

static const char foreign_config[] =
	"version: v1\n"
	"mig-configs:\n"
	"  two-1g:\n  - devices: all\n    mig-enabled: true\n    mig-devices: {1g.10gb: 2}\n"
	"  seven-1g:\n  - devices: [0]\n    mig-enabled: true\n    mig-devices: {1g.10gb: 7}\n";

/* Another client (libmig on the same node) creates a 1g.10gb GI at the highest free placement. */
static unsigned foreign_gi(unsigned gpu, unsigned *start)
{
	mig_node *node;
	mig_state *st;
	mig_placement pl[16];
	size_t n = 0;
	unsigned id = 0;
	int made = 0;

	*start = 0;
	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_begin(&st, node));
	assert_ok(mig_gi_possible_placements(pl, 16, &n, st, gpu, 19));
	for (size_t i = n; i-- > 0 && !made;)
		if (mig_create_gi(&id, st, gpu, 19, &pl[i]) == MIG_SUCCESS) {
			*start = pl[i].start;
			made = 1;
		}
	assert_true(made);
	assert_ok(mig_node_commit(node, st));
	mig_node_close(node);
	return id;
}

/* The GIs on a GPU: count, and whether GI `id` is there at `start`. */
static unsigned gis_on(unsigned gpu, unsigned id, unsigned start, int *found)
{
	mig_node *node;
	mig_state *st;
	mig_gi_info gi[16];
	size_t n = 0;

	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_gi_list(gi, 16, &n, st, gpu));
	*found = 0;
	for (size_t i = 0; i < n; i++)
		if (gi[i].id == id && gi[i].placement.start == start)
			*found = 1;
	mig_state_free(st);
	mig_node_close(node);
	return (unsigned)n;
}

static void make_mig_node(void)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "H100-SXM5-80GB"};
	mig_node *node;
	mig_state *st;
	int act;

	make_node(keys, 2);
	assert_ok(mig_node_open(&node, node_dir, 0));
	assert_ok(mig_node_begin(&st, node));
	for (unsigned g = 0; g < 2; g++)
		assert_ok(mig_set_mig_mode(st, g, 1, &act));
	assert_ok(mig_node_commit(node, st));
	mig_node_close(node);
}

static size_t env_copy(const char **env, const char *const *backend_env)
{
	size_t ne = 0;

	for (const char *const *e = backend_env; e && *e; e++)
		env[ne++] = *e;
	env[ne++] = "MIGCTL_LAYOUT_STEPWISE=1";
	env[ne] = NULL;
	return ne;
}

/*
 * Killed after each step, then other clients create GIs on both GPUs (one
 * the dead apply never reached for early kills), then an unrelated command
 * (migctl mig -lgi) recovers: it undoes the apply's steps and nothing else.
 */
static void foreign_after_kill(const char *const *backend_env)
{
	const char *apply[] = {"apply", "-f", cfg_path(), "-c", "two-1g", NULL};
	const char *lgi[] = {"mig", "-lgi", NULL};

	for (unsigned k = 1; k <= 8; k++) {
		char kill_env[64];
		const char *env[8];
		size_t ne;
		unsigned id[2], start[2];
		result r;

		make_mig_node();
		write_file(cfg_path(), foreign_config);
		ne = env_copy(env, backend_env);
		snprintf(kill_env, sizeof(kill_env), "MIGCTL_LAYOUT_KILL_AFTER_STEP=%u", k);
		env[ne] = kill_env;
		env[ne + 1] = NULL;
		r = migctl(env, apply);
		assert_int_equal(r.status, 128 + SIGKILL);
		result_free(&r);
		for (unsigned g = 0; g < 2; g++)
			id[g] = foreign_gi(g, &start[g]);
		env[ne] = NULL;
		r = migctl(env, lgi);
		if (r.status || !strstr(r.err, "rolled back an interrupted apply"))
			print_error("kill after step %u: %s%s", k, r.out, r.err);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.err, "rolled back an interrupted apply"));
		result_free(&r);
		for (unsigned g = 0; g < 2; g++) {
			int found;
			unsigned n = gis_on(g, id[g], start[g], &found);

			if (!found || n != 1)
				print_error("kill after step %u, GPU %u: other client's GI %u %s, %u GIs\n", k,
					    g, id[g], found ? "kept" : "DESTROYED", n);
			assert_true(found);
			assert_int_equal(n, 1); /* the apply's own GIs are gone */
		}
	}
	unlink(cfg_path());
}

/*
 * Another client takes a placement the apply needs while it runs: the
 * apply fails and rolls back its own steps, and the other client's GI stays.
 */
static void foreign_during_apply(const char *const *backend_env)
{
	const char *env[8];
	size_t ne;
	int status, found;
	unsigned id, start, n;
	pid_t pid;

	make_mig_node();
	write_file(cfg_path(), foreign_config);
	ne = env_copy(env, backend_env);
	env[ne] = "MIGCTL_LAYOUT_PAUSE_AFTER_STEP=2";
	env[ne + 1] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		setenv("MIGCTL_STATE_DIR", node_dir, 1);
		unsetenv("MIGCTL_BACKEND");
		for (const char *const *e = env; *e; e++)
			putenv((char *)*e);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execl(MIGCTL_BIN, MIGCTL_BIN, "apply", "-f", cfg_path(), "-c", "seven-1g",
		      (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, WUNTRACED), pid);
	assert_true(WIFSTOPPED(status));
	id = foreign_gi(0, &start);
	kill(pid, SIGCONT);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1); /* the apply failed, and rolled back */
	assert_false(journal_exists(backend_env ? "/journal" : ""));
	n = gis_on(0, id, start, &found);
	if (!found || n != 1)
		print_error("the other client's GI %u was %s; %u GIs left\n", id,
			    found ? "kept" : "DESTROYED", n);
	assert_true(found);
	assert_int_equal(n, 1);
	unlink(cfg_path());
}

static void test_foreign_emulated(void **state)
{
	(void)state;
	foreign_after_kill(NULL);
	foreign_during_apply(NULL);
}

static void test_foreign_nvml(void **state)
{
#ifdef MIG_NVML_LIBRARY
	char lib[600];
	const char *env[] = {"MIGCTL_BACKEND=nvml", lib, NULL};
	struct stat sb;

	(void)state;
	if (stat(MIG_NVML_LIBRARY, &sb)) {
		print_message("skipped: %s not built\n", MIG_NVML_LIBRARY);
		skip();
	}
	snprintf(lib, sizeof(lib), "MIGCTL_NVML_LIBRARY=%s", MIG_NVML_LIBRARY);
	foreign_after_kill(env);
	foreign_during_apply(env);
#else
	(void)state;
	print_message("skipped: no libnvidia-ml.so.1 in this tree\n");
	skip();
#endif
}

/* ------------------------------------------------------------------ */
/* Success is said only once it is saved                              */
/* ------------------------------------------------------------------ */

/* migctl ARGS where no file can be written (RLIMIT_FSIZE 0): stdout+stderr, exit status. */
static int migctl_unwritable(char **out, const char *const *args)
{
	int fds[2], status;
	size_t len = 0, cap = 65536;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = {0, 0};
		char *argv[16];
		size_t n = 0;

		setenv("MIGCTL_STATE_DIR", node_dir, 1);
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		argv[n++] = (char *)MIGCTL_BIN;
		for (const char *const *a = args; *a && n < 15; a++)
			argv[n++] = (char *)*a;
		argv[n] = NULL;
		execv(MIGCTL_BIN, argv);
		_exit(127);
	}
	close(fds[1]);
	*out = calloc(1, cap + 1);
	assert_non_null(*out);
	for (ssize_t r; len < cap && (r = read(fds[0], *out + len, cap - len)) > 0;)
		len += (size_t)r;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void test_success_after_commit(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB"};
	static const char *const mig1[] = {"-mig", "1", NULL}, *const reset[] = {"-r", NULL};
	static const char *const add[] = {"emulate", "add", "H100-SXM5-80GB", NULL};
	static const char *const reboot[] = {"emulate", "reboot", NULL};
	const char *const *cmds[] = {mig1, reset, add, reboot};
	static const char *const claims[] = {"Enabled MIG Mode", "All done", "successfully reset",
					     "Added ", "Rebooted ", NULL};
	char *before, *after, *out;

	(void)state;
	make_node(keys, 1);
	before = state_bytes();
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int rc = migctl_unwritable(&out, cmds[i]);

		for (const char *const *c = claims; *c; c++)
			if (strstr(out, *c)) {
				print_error("migctl %s %s: says \"%s\" though nothing was saved:\n%s",
					    cmds[i][0], cmds[i][1] ? cmds[i][1] : "", *c, out);
				fail();
			}
		assert_int_not_equal(rc, 0);
		assert_non_null(strstr(out, "writing the node"));
		free(out);
	}
	after = state_bytes();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ------------------------------------------------------------------ */
/* The journal's files and directory                                  */
/* ------------------------------------------------------------------ */

static void test_journal_hygiene(void **state)
{
	const char *apply[] = {"apply", "-f", cfg_path(), "-c", "two-1g", NULL};
	const char *stepwise[] = {"MIGCTL_LAYOUT_STEPWISE=1", NULL};
	char stale[600];
	struct stat sb;
	result r;

	(void)state;
	make_mig_node();
	write_file(cfg_path(), foreign_config);
	/* What an apply killed in the middle of writing its journal leaves. */
	snprintf(stale, sizeof(stale), "%s/.layout.journal.Ab3dE9", node_dir);
	write_file(stale, "{\"format\": \"migctl-layout-");
	r = migctl(stepwise, apply);
	assert_int_equal(r.status, 0);
	result_free(&r);
	if (lstat(stale, &sb) == 0)
		print_error("%s is still there after the next apply\n", stale);
	assert_int_not_equal(lstat(stale, &sb), 0);
#ifdef MIG_NVML_LIBRARY
	{
		static const char *const bad[] = {"MIGCTL_JOURNAL_DIR=journal",
						  "MIGCTL_JOURNAL_DIR=/tmp/../etc/migctl", NULL};
		const char *off[] = {"apply", "-f", cfg_path(), "-c", "seven-1g", NULL};
		char lib[600];

		snprintf(lib, sizeof(lib), "MIGCTL_NVML_LIBRARY=%s", MIG_NVML_LIBRARY);
		for (const char *const *b = bad; *b; b++) {
			const char *env[] = {"MIGCTL_BACKEND=nvml", lib, *b, NULL};

			r = migctl(env, off);
			if (r.status == 0 || !strstr(r.err, "$MIGCTL_JOURNAL_DIR"))
				print_error("%s: exit %d, %s", *b, r.status, r.err);
			assert_int_not_equal(r.status, 0);
			assert_non_null(strstr(r.err, "$MIGCTL_JOURNAL_DIR"));
			result_free(&r);
		}
	}
#endif
	unlink(cfg_path());
}

/*
 * migctl plan --apply (docs/planning.md) goes through the same journal: a
 * kill after any of its steps is rolled back by the next command.
 */
static void test_kill_plan_apply(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "H100-SXM5-80GB"};
	static const char demand[] =
		"requests:\n"
		"  - {id: train, profile: 3g.40gb, count: 2, priority: 5}\n"
		"  - {id: infer, memory_gib: 18, compute: 0.3, count: 2}\n"
		"  - {id: notebook, profile: 1g.10gb, count: 3}\n";
	const char *pre_cfg[] = {"apply", "-f", cfg_path(), "-c", "crash-pre", NULL};
	const char *plan[] = {"plan", "-f", cfg_path(), NULL};
	const char *apply[] = {"plan", "-f", cfg_path(), "--apply", NULL};
	const char *look[] = {"export", NULL};
	const char *env[] = {"MIGCTL_LAYOUT_STEPWISE=1", NULL, NULL};
	char kill_env[64], *pre, *now;
	unsigned nsteps = 0;
	result r;

	(void)state;
	make_node(keys, 2);
	write_file(cfg_path(), config_text);
	r = migctl(NULL, pre_cfg);
	assert_int_equal(r.status, 0);
	result_free(&r);
	pre = layout_now();
	write_file(cfg_path(), demand);
	r = migctl(NULL, plan);
	assert_int_equal(r.status, 0);
	for (char *p = r.out; (p = strstr(p, "\n  ")); p++)
		if (p[3] >= '1' && p[3] <= '9')
			nsteps++;
	result_free(&r);
	assert_true(nsteps >= 6);
	for (unsigned k = 1; k <= nsteps; k++) {
		snprintf(kill_env, sizeof(kill_env), "MIGCTL_LAYOUT_KILL_AFTER_STEP=%u", k);
		env[1] = kill_env;
		r = migctl(env, apply);
		assert_int_equal(r.status, 128 + SIGKILL);
		result_free(&r);
		env[1] = NULL;
		r = migctl(env, look);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.err, "migctl: rolled back an interrupted apply (plan --apply"));
		result_free(&r);
		now = layout_now();
		assert_string_equal(pre, now);
		free(now);
	}
	r = migctl(env, apply);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Planned layout applied successfully\n"));
	result_free(&r);
	now = layout_now();
	assert_string_not_equal(pre, now);
	free(now);
	free(pre);
	print_message("plan --apply killed after each of %u steps; rolled back every time\n", nsteps);
	unlink(cfg_path());
}

/*
 * The fleet path: this node's snapshot planned as a fleet, the per-node
 * layout written with --out, executed by `migctl restore`; planned again,
 * the node needs nothing more.
 */
static void test_plan_fleet_restore(void **state)
{
	static const char *const keys[] = {"H100-SXM5-80GB", "A100-SXM4-80GB"};
	static const char demand[] =
		"requests:\n"
		"  - {id: big, memory_gib: 30, compute: 0.4, count: 2, priority: 3}\n"
		"  - {id: small, memory_gib: 5, count: 4}\n";
	char fleet[600], out[600], layout[700], dpath[600];
	const char *pre_cfg[] = {"apply", "-f", cfg_path(), "-c", "crash-pre", NULL};
	const char *snap[] = {"fleet", "snapshot", "--node", "n1", NULL};
	const char *plan[] = {"plan", "-f", dpath, "--fleet", fleet, "--out", out, NULL};
	const char *restore[] = {"restore", "-f", layout, NULL};
	result r;

	(void)state;
	snprintf(fleet, sizeof(fleet), "%s.fleet.json", node_dir);
	snprintf(out, sizeof(out), "%s.out", node_dir);
	snprintf(layout, sizeof(layout), "%s/n1.json", out);
	snprintf(dpath, sizeof(dpath), "%s.demand.yaml", node_dir);
	make_node(keys, 2);
	write_file(cfg_path(), config_text);
	write_file(dpath, demand);
	r = migctl(NULL, pre_cfg);
	assert_int_equal(r.status, 0);
	result_free(&r);
	r = migctl(NULL, snap);
	assert_int_equal(r.status, 0);
	write_file(fleet, r.out);
	result_free(&r);
	r = migctl(NULL, plan);
	if (r.status)
		print_error("%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "placed 6 of 6 units"));
	result_free(&r);
	r = migctl(NULL, restore);
	if (r.status)
		print_error("%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "MIG configuration restored successfully\n"));
	result_free(&r);
	/* the node now holds the plan: a new snapshot plans to reuse only */
	r = migctl(NULL, snap);
	assert_int_equal(r.status, 0);
	write_file(fleet, r.out);
	result_free(&r);
	r = migctl(NULL, plan);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "placed 6 of 6 units"));
	assert_non_null(strstr(r.out, "instances: 0 created, 0 destroyed, 6 reused"));
	result_free(&r);
	unlink(layout);
	rmdir(out);
	unlink(fleet);
	unlink(dpath);
	unlink(cfg_path());
}

/* ------------------------------------------------------------------ */
/* Real GPUs: the driver is read once per apply, not once per step    */
/* ------------------------------------------------------------------ */

/* The plan from the node's layout now to config `name` of foreign_config. */
static layout_plan *plan_for(mig_node *node, const layout_config *cfg, const char *name)
{
	layout_target targets[2];
	layout_plan_opts opts = {0};
	layout_notes notes = {0};
	layout_plan *plan;
	mig_state *st;

	assert_ok(mig_node_read(&st, node));
	assert_int_equal(mig_state_gpu_count(st), 2);
	assert_ok(layout_targets(targets, layout_select(cfg, name), st, &notes));
	assert_ok(layout_plan_targets(&plan, st, targets, &opts));
	layout_notes_clear(&notes);
	mig_state_free(st);
	return plan;
}

/*
 * The NVML backend over our own libnvidia-ml.so.1, in this process: an
 * apply reads each GPU from the driver once, when its transaction begins,
 * and follows every step from what the driver answered; the state the
 * steps leave is exactly what a full re-read finds.
 */
static void test_nvml_reads(void **state)
{
#ifdef MIG_NVML_LIBRARY
	layout_plan *plan, *replanned = NULL;
	layout_run_result res;
	layout_config *cfg;
	char *followed, *reread;
	mig_state *st;
	mig_node *node;
	unsigned long reads;
	struct stat sb;

	(void)state;
	if (stat(MIG_NVML_LIBRARY, &sb)) {
		print_message("skipped: %s not built\n", MIG_NVML_LIBRARY);
		skip();
	}
	make_mig_node();
	write_file(cfg_path(), foreign_config);
	setenv("MIGCTL_STATE_DIR", node_dir, 1);
	setenv("MIGCTL_NVML_LIBRARY", MIG_NVML_LIBRARY, 1);
	assert_ok(mig_node_open_backend(&node, MIG_BACKEND_NVML, NULL, 0));
	assert_ok(layout_read(&cfg, cfg_path()));

	plan = plan_for(node, cfg, "two-1g");
	assert_int_equal(plan->n, 8); /* a GI and its CI, twice on each GPU */
	reads = mig__nvml_gpu_reads;
	assert_ok(layout_run(&res, node, plan, NULL, NULL, &replanned, "test"));
	reads = mig__nvml_gpu_reads - reads;
	print_message("an apply of %zu steps on 2 GPUs read %lu GPUs whole from the driver\n",
		      plan->n, reads);
	assert_true(res.done);
	assert_null(replanned);
	assert_int_equal(reads, 2);
	layout_plan_free(plan);

	/* The steps of a second apply on one live state, against a full re-read. */
	plan = plan_for(node, cfg, "seven-1g");
	assert_true(plan->n > 0);
	assert_ok(mig_node_begin(&st, node));
	for (size_t i = 0; i < plan->n; i++)
		assert_ok(layout_step_do(st, &plan->step[i]));
	assert_ok(mig_state_to_json(&followed, st));
	assert_ok(mig_node_commit(node, st));
	assert_ok(mig_node_read(&st, node));
	assert_ok(mig_state_to_json(&reread, st));
	mig_state_free(st);
	assert_string_equal(followed, reread);
	free(followed);
	free(reread);
	layout_plan_free(plan);
	layout_config_free(cfg);
	mig_node_close(node);
	unsetenv("MIGCTL_NVML_LIBRARY");
	unlink(cfg_path());
#else
	(void)state;
	print_message("skipped: no libnvidia-ml.so.1 in this tree\n");
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_generated_presets),
		cmocka_unit_test_setup_teardown(test_idempotent_cli, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_cli, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_emulated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_nvml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_emulated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_nvml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_after_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_hygiene, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_plan_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_fleet_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nvml_reads, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
