/*
 * test_share_conf.c - `migctl share conf` (src/share): the Kubernetes
 * device plugin's config file, parsed back with libyaml and checked
 * against the plugin's schema as its api/config/v1 documents it, and
 * Slurm's gres/mps lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include "share_conf.h"
#include "testutil.h"

/* YAML ----------------------------------------------------------------------- */

static yaml_node_t *get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	assert_int_equal(map->type, YAML_MAPPING_NODE);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n)
{
	assert_non_null(n);
	assert_int_equal(n->type, YAML_SCALAR_NODE);
	return (const char *)n->data.scalar.value;
}

/* Every key of map is one of `allowed` (NULL-terminated). */
static void only_keys(yaml_document_t *doc, yaml_node_t *map, const char *const *allowed)
{
	assert_int_equal(map->type, YAML_MAPPING_NODE);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *key = scalar(yaml_document_get_node(doc, p->key));
		int ok = 0;

		for (size_t i = 0; allowed[i]; i++)
			ok |= !strcmp(key, allowed[i]);
		if (!ok)
			print_error("key '%s' is not in the device plugin's schema\n", key);
		assert_true(ok);
	}
}

/*
 * Check `text` against the plugin's config schema (api/config/v1:
 * Config, Flags, Sharing, ReplicatedResources, ReplicatedResource) and
 * return its resources as "name=replicas;..." in `got`.
 */
static void check_schema(const char *text, const char *sharing_key, const char *strategy,
			 char *got, size_t len)
{
	static const char *const top[] = {"version", "flags", "resources", "sharing", "imex", NULL};
	static const char *const sharing[] = {"timeSlicing", "mps", NULL};
	static const char *const replicated[] = {"renameByDefault", "failRequestsGreaterThanOne",
						 "resources", NULL};
	static const char *const resource[] = {"name", "rename", "devices", "replicas", NULL};
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *flags, *share, *shared, *list;
	size_t used = 0;

	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
	assert_true(yaml_parser_load(&parser, &doc));
	root = yaml_document_get_root_node(&doc);
	assert_non_null(root);
	only_keys(&doc, root, top);
	assert_string_equal(scalar(get(&doc, root, "version")), "v1");
	flags = get(&doc, root, "flags");
	assert_non_null(flags);
	assert_string_equal(scalar(get(&doc, flags, "migStrategy")), strategy);
	share = get(&doc, root, "sharing");
	assert_non_null(share);
	only_keys(&doc, share, sharing);
	assert_int_equal(share->data.mapping.pairs.top - share->data.mapping.pairs.start, 1);
	shared = get(&doc, share, sharing_key);
	assert_non_null(shared);
	only_keys(&doc, shared, replicated);
	assert_string_equal(scalar(get(&doc, shared, "failRequestsGreaterThanOne")), "true");
	list = get(&doc, shared, "resources");
	assert_non_null(list);
	assert_int_equal(list->type, YAML_SEQUENCE_NODE);
	assert_true(list->data.sequence.items.top > list->data.sequence.items.start);
	got[0] = '\0';
	for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top;
	     i++) {
		yaml_node_t *r = yaml_document_get_node(&doc, *i);
		const char *name, *replicas;
		char *end;

		only_keys(&doc, r, resource);
		name = scalar(get(&doc, r, "name"));
		replicas = scalar(get(&doc, r, "replicas"));
		/* The plugin: a resource name, replicas an integer > 0 */
		assert_true(!strncmp(name, "nvidia.com/", 11));
		assert_true(strtol(replicas, &end, 10) > 0 && *end == '\0');
		used += (size_t)snprintf(got + used, len - used, "%s=%s;", name, replicas);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
}

/* Nodes ------------------------------------------------------------------------ */

/* Two H100s: GPU 0 in MIG mode with 3g.40gb, a 2g.20gb GI holding a 1c CI only, 1g.10gb twice; GPU 1 whole. */
static mig_state *node(void)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	unsigned gi;

	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("H100-SXM5-80GB");
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_ok(mig_create_gi(&gi, st, 0, 9, NULL));
	assert_ok(mig_create_ci(NULL, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	assert_ok(mig_create_gi(&gi, st, 0, 14, NULL));
	assert_ok(mig_create_ci(NULL, st, 0, gi, 0, NULL)); /* 1c.2g.20gb: not advertised */
	for (int i = 0; i < 2; i++) {
		assert_ok(mig_create_gi(&gi, st, 0, 19, NULL));
		assert_ok(mig_create_ci(NULL, st, 0, gi, MIG_CI_PROFILE_DEFAULT, NULL));
	}
	return st;
}

static void test_resources(void **state)
{
	mig_state *st = node();
	share_resource r[8];
	size_t n;
	unsigned skipped;
	int mig;

	(void)state;
	assert_int_equal(share_resources(r, 8, &n, &skipped, &mig, st), 0);
	assert_int_equal(mig, 1);
	assert_int_equal(skipped, 1);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].name, "nvidia.com/gpu");
	assert_int_equal(r[0].devices, 1);
	assert_int_equal(r[0].client_limit, 60);
	assert_string_equal(r[1].name, "nvidia.com/mig-1g.10gb");
	assert_int_equal(r[1].devices, 2);
	assert_int_equal(r[1].client_limit, 8);
	assert_string_equal(r[2].name, "nvidia.com/mig-3g.40gb");
	assert_int_equal(r[2].devices, 1);
	assert_int_equal(r[2].client_limit, 25);
	mig_state_free(st);
}

static void test_k8s_timeslice(void **state)
{
	mig_state *st = node();
	char *text = NULL, got[512];

	(void)state;
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_TIMESLICE, 20), 0);
	check_schema(text, "timeSlicing", "mixed", got, sizeof(got));
	assert_string_equal(got, "nvidia.com/gpu=20;nvidia.com/mig-1g.10gb=20;nvidia.com/mig-3g.40gb=20;");
	assert_non_null(strstr(text, "1 MIG device(s) smaller than their GPU instance"));
	free(text);
	mig_state_free(st);
}

static void test_k8s_mps(void **state)
{
	mig_state *st = node();
	char *text = NULL, got[512];

	(void)state;
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_MPS, 8), 0);
	check_schema(text, "mps", "mixed", got, sizeof(got));
	assert_string_equal(got, "nvidia.com/gpu=8;nvidia.com/mig-1g.10gb=8;nvidia.com/mig-3g.40gb=8;");
	free(text);
	/* a 1g.10gb device takes 8 MPS clients: 9 replicas cannot be */
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_MPS, 9), MIG_ERROR_INVALID_ARGUMENT);
	assert_null(text);
	assert_string_equal(mig_errmsg(), "9 MPS replicas of nvidia.com/mig-1g.10gb: its devices take at most 8 MPS clients each (docs/sharing.md)");
	/* time-slicing has no such limit */
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_TIMESLICE, 9), 0);
	free(text);
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_TIMESLICE, 0), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_TIMESLICE, 1025), MIG_ERROR_INVALID_ARGUMENT);
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_EXCLUSIVE, 2), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "not exclusive"));
	mig_state_free(st);
}

static void test_k8s_whole_gpus(void **state)
{
	mig_gpu_spec spec = {0};
	mig_state *st;
	char *text = NULL, got[512];

	(void)state;
	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("A30-24GB");
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_MPS, 60), 0);
	check_schema(text, "mps", "none", got, sizeof(got));
	assert_string_equal(got, "nvidia.com/gpu=60;");
	free(text);
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_MPS, 61), MIG_ERROR_INVALID_ARGUMENT);
	/* MIG on with nothing in it: nothing to advertise */
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_int_equal(share_k8s_config(&text, st, MIG_SHARE_TIMESLICE, 2), MIG_ERROR_NOT_FOUND);
	assert_non_null(strstr(mig_errmsg(), "no device"));
	mig_state_free(st);
}

static void test_slurm(void **state)
{
	mig_state *st = node();
	char *text = NULL;
	mig_gpu_spec spec = {0};

	(void)state;
	spec.model = mig_catalog_find("A30-24GB");
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_int_equal(share_slurm_config(&text, st, "gpu-node-7"), 0);
	assert_non_null(strstr(text, "Name=gpu File=/dev/nvidia1\nName=mps Count=100 File=/dev/nvidia1\n"
				     "Name=gpu File=/dev/nvidia2\nName=mps Count=100 File=/dev/nvidia2\n"));
	assert_null(strstr(text, "/dev/nvidia0"));
	assert_non_null(strstr(text, "# GPU 0 ("));
	assert_non_null(strstr(text, "\nGresTypes=gpu,mps\nNodeName=gpu-node-7 Gres=gpu:2,mps:200\n"));
	free(text);
	assert_int_equal(share_slurm_config(&text, st, "bad name"), MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "letters, digits"));
	assert_int_equal(share_slurm_config(&text, st, ""), MIG_ERROR_INVALID_ARGUMENT);
	mig_state_free(st);
	/* every GPU in MIG mode: nothing for gres/mps */
	assert_ok(mig_state_new(&st));
	spec.model = mig_catalog_find("A30-24GB");
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, NULL));
	assert_int_equal(share_slurm_config(&text, st, "n1"), MIG_ERROR_NOT_FOUND);
	assert_null(text);
	assert_non_null(strstr(mig_errmsg(), "no GPU of the node has MIG disabled"));
	mig_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resources),      cmocka_unit_test(test_k8s_timeslice),
		cmocka_unit_test(test_k8s_mps),        cmocka_unit_test(test_k8s_whole_gpus),
		cmocka_unit_test(test_slurm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
