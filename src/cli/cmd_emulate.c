/*
 * cmd_emulate.c - `migctl emulate`: emulated nodes and the GPU catalog.
 *
 *   migctl emulate models
 *   migctl emulate figures MODEL [--driver V] [--unconfirmed]
 *   migctl emulate create [--dir D] [--force] GPU...
 *   migctl emulate add [--dir D] GPU...
 *   migctl emulate remove-gpu [--dir D]
 *   migctl emulate list [--dir D]
 *   migctl emulate remove [--dir D]
 *
 * GPU is MODEL[:COUNT][@DRIVER][,mirrored][,reset=POLICY] (mig_gpu_spec_parse).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_DIR = 1, OPT_FORCE, OPT_DRIVER, OPT_UNCONFIRMED };

const cli_opt emulate_opts[] = {{0}};

static const cli_opt dir_opts[] = {
	{OPT_DIR, 0, "dir", "DIR", "node directory (default: $MIGCTL_STATE_DIR, see docs/state-file.md)"},
	{0}};
static const cli_opt create_opts[] = {
	{OPT_DIR, 0, "dir", "DIR", "node directory (default: $MIGCTL_STATE_DIR, see docs/state-file.md)"},
	{OPT_FORCE, 'f', "force", NULL, "replace an existing node (its instances are lost)"},
	{0}};
static const cli_opt figure_opts[] = {
	{OPT_DRIVER, 0, "driver", "VERSION", "driver branch (default: the newest the catalog knows)"},
	{OPT_UNCONFIRMED, 0, "unconfirmed", NULL, "only the figures no transcript confirms"},
	{0}};

#define GPU_HELP \
	"GPU is MODEL[:COUNT][@DRIVER][,mirrored][,reset=auto|passthrough|passthrough-no-reset],\n" \
	"e.g. H100-SXM5-80GB:8 or A100-SXM4-40GB@535.183.01,mirrored ('migctl emulate models' lists MODELs)."

static int sub_models(const cli_cmd *cmd, int argc, char **argv);
static int sub_figures(const cli_cmd *cmd, int argc, char **argv);
static int sub_create(const cli_cmd *cmd, int argc, char **argv);
static int sub_add(const cli_cmd *cmd, int argc, char **argv);
static int sub_remove_gpu(const cli_cmd *cmd, int argc, char **argv);
static int sub_list(const cli_cmd *cmd, int argc, char **argv);
static int sub_remove(const cli_cmd *cmd, int argc, char **argv);

static const cli_opt none[] = {{0}};

static const cli_cmd subs[] = {
	{"emulate models", "", "List the GPU models of the catalog.", none, sub_models},
	{"emulate figures", "MODEL [--driver VERSION] [--unconfirmed]",
	 "List every figure of a model and whether a real transcript confirms it.", figure_opts,
	 sub_figures},
	{"emulate create", "[--dir DIR] [--force] GPU...",
	 "Create an emulated node with these GPUs, MIG disabled.\n" GPU_HELP, create_opts,
	 sub_create},
	{"emulate add", "[--dir DIR] GPU...", "Add GPUs to the node.\n" GPU_HELP, dir_opts, sub_add},
	{"emulate remove-gpu", "[--dir DIR]",
	 "Remove the node's last GPU (it must have no instances and no processes).", dir_opts,
	 sub_remove_gpu},
	{"emulate list", "[--dir DIR]", "Show the node's file and GPUs.", dir_opts, sub_list},
	{"emulate remove", "[--dir DIR]", "Delete the node's state.", dir_opts, sub_remove},
};

int cmd_emulate(const cli_cmd *cmd, int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
		cli_usage(argc < 1 ? stderr : stdout, cmd);
		for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
			fprintf(argc < 1 ? stderr : stdout, "  migctl %s %s\n", subs[i].name,
				subs[i].args);
		return argc < 1 ? CLI_EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[0], subs[i].name + strlen("emulate ")))
			return subs[i].run(&subs[i], argc - 1, argv + 1);
	return cli_usage_error(cmd, "unknown subcommand '%s' (models, figures, create, add, remove-gpu, list, remove)",
			       argv[0]);
}

static int parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv, int min_pos,
		 int max_pos)
{
	int rc = cli_parse(a, cmd, argc, argv);

	if (rc)
		return rc;
	if (a->npos < min_pos)
		return cli_usage_error(cmd, "missing %s", cmd->args);
	if (max_pos >= 0 && a->npos > max_pos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a->pos[max_pos]);
	return 0;
}

/* Finish a parse result: -1 (help shown) exits 0. */
#define PARSE_OR_RETURN(...)                          \
	do {                                          \
		int prc_ = parse(__VA_ARGS__);        \
		if (prc_)                             \
			return prc_ < 0 ? 0 : prc_;   \
	} while (0)

static void join_drivers(char *buf, size_t len, const mig_model *m)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < mig_model_driver_count(m) && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "",
					 mig_model_driver(m, i));
}

static int sub_models(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 0, 0);
	printf("%-16s %-6s %-8s %-5s %-11s %-44s %s\n", "MODEL", "PCI", "MEM_MIB", "UNITS",
	       "UNCONFIRMED", "DRIVERS", "NAME");
	for (size_t i = 0; i < mig_catalog_count(); i++) {
		const mig_model *m = mig_catalog_model(i);
		mig_figure *figs = NULL;
		size_t nfig = 0, doubtful = 0;
		char drivers[128];

		if (mig_model_figures(&figs, &nfig, m, NULL) != MIG_SUCCESS)
			return cli_fail("listing figures", MIG_ERROR_UNKNOWN);
		for (size_t f = 0; f < nfig; f++)
			doubtful += !figs[f].confirmed;
		free(figs);
		join_drivers(drivers, sizeof(drivers), m);
		printf("%-16s 0x%04X %-8u %-5u %-11zu %-44s %s\n", mig_model_key(m),
		       mig_model_pci_device_id(m), mig_model_memory_mib(m),
		       mig_model_placement_units(m), doubtful, drivers, mig_model_name(m));
	}
	return 0;
}

static int sub_figures(const cli_cmd *cmd, int argc, char **argv)
{
	const mig_model *m;
	mig_figure *figs = NULL;
	size_t nfig = 0, doubtful = 0;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 1, 1);
	m = mig_catalog_find(a.pos[0]);
	if (!m)
		return cli_usage_error(cmd, "unknown model '%s'; 'migctl emulate models' lists them",
				       a.pos[0]);
	if (a.value[OPT_DRIVER]) {
		uint32_t drv;

		if ((rc = mig_driver_parse(&drv, a.value[OPT_DRIVER])))
			return cli_usage_error(cmd, "%s", mig_errmsg());
	}
	rc = mig_model_figures(&figs, &nfig, m, a.value[OPT_DRIVER]);
	if (rc)
		return cli_fail("listing figures", rc);
	printf("%s (%s), driver %s\n", mig_model_name(m), mig_model_key(m),
	       a.value[OPT_DRIVER] ? a.value[OPT_DRIVER] : mig_model_driver(m, 0));
	printf("%-22s %-20s %-44s %s\n", "SUBJECT", "FIELD", "VALUE", "STATUS");
	for (size_t i = 0; i < nfig; i++) {
		doubtful += !figs[i].confirmed;
		if (a.count[OPT_UNCONFIRMED] && figs[i].confirmed)
			continue;
		printf("%-22s %-20s %-44s %s\n", figs[i].subject, figs[i].field, figs[i].value,
		       figs[i].confirmed ? "confirmed" : "UNCONFIRMED");
	}
	printf("%zu figures, %zu unconfirmed\n", nfig, doubtful);
	free(figs);
	return 0;
}

/* Parse every GPU argument into st, all before anything is written. */
static int add_gpus(mig_state *st, const cli_cmd *cmd, char **gpus, int n)
{
	for (int i = 0; i < n; i++) {
		mig_gpu_spec spec;
		unsigned count;
		char *copy = strdup(gpus[i]);
		int rc;

		if (!copy)
			return cli_fail("parsing GPUs", MIG_ERROR_MEMORY);
		rc = mig_gpu_spec_parse(&spec, &count, copy);
		if (rc) {
			free(copy);
			return cli_usage_error(cmd, "%s", mig_errmsg());
		}
		for (unsigned c = 0; c < count && !rc; c++)
			rc = mig_state_add_gpu(st, &spec);
		free(copy);
		if (rc)
			return cli_usage_error(cmd, "GPU '%s': %s", gpus[i], mig_errmsg());
	}
	return 0;
}

static int sub_create(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	mig_node *node = NULL;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 1, -1);
	if (mig_state_new(&st))
		return cli_fail("creating a node", MIG_ERROR_MEMORY);
	rc = add_gpus(st, cmd, a.pos, a.npos);
	if (!rc && (rc = mig_node_create(a.value[OPT_DIR], st, a.count[OPT_FORCE] > 0))) {
		if (rc == MIG_ERROR_IN_USE)
			fprintf(stderr, "migctl: %s; add --force to replace it\n", mig_errmsg());
		else
			cli_fail("creating a node", rc);
		rc = CLI_EXIT_FAIL;
	}
	if (!rc && !(rc = mig_node_open(&node, a.value[OPT_DIR], 0)))
		printf("Created emulated node %s with %u GPU(s)\n", mig_node_path(node),
		       mig_state_gpu_count(st));
	else if (!rc)
		rc = cli_fail("opening the new node", rc);
	mig_node_close(node);
	mig_state_free(st);
	return rc;
}

static int sub_add(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	mig_node *node = NULL;
	cli_args a;
	unsigned before;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 1, -1);
	/* No node is created here: 'emulate create' makes one deliberately. */
	if ((rc = mig_node_open(&node, a.value[OPT_DIR], 0)) || (rc = mig_node_begin(&st, node))) {
		mig_node_close(node);
		return cli_fail("opening the node", rc);
	}
	before = mig_state_gpu_count(st);
	rc = add_gpus(st, cmd, a.pos, a.npos);
	if (rc) {
		mig_node_abort(node, st);
		mig_node_close(node);
		return rc;
	}
	printf("Added %u GPU(s) to %s (now %u)\n", mig_state_gpu_count(st) - before,
	       mig_node_path(node), mig_state_gpu_count(st));
	rc = mig_node_commit(node, st);
	mig_node_close(node);
	return rc ? cli_fail("writing the node", rc) : 0;
}

static int sub_remove_gpu(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	mig_node *node = NULL;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 0, 0);
	if ((rc = mig_node_open(&node, a.value[OPT_DIR], 0)) || (rc = mig_node_begin(&st, node))) {
		mig_node_close(node);
		return cli_fail("opening the node", rc);
	}
	if (mig_state_gpu_count(st) == 0) {
		mig_node_abort(node, st);
		mig_node_close(node);
		fprintf(stderr, "migctl: the node has no GPU to remove\n");
		return CLI_EXIT_FAIL;
	}
	rc = mig_state_remove_gpu(st, mig_state_gpu_count(st) - 1);
	if (rc) {
		mig_node_abort(node, st);
		mig_node_close(node);
		return cli_fail("removing a GPU", rc);
	}
	printf("Removed GPU %u from %s\n", mig_state_gpu_count(st), mig_node_path(node));
	rc = mig_node_commit(node, st);
	mig_node_close(node);
	return rc ? cli_fail("writing the node", rc) : 0;
}

static const char *const reset_words[] = {"auto", "passthrough", "passthrough-no-reset"};

static int sub_list(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	mig_node *node = NULL;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 0, 0);
	if ((rc = mig_node_open(&node, a.value[OPT_DIR], 0)) || (rc = mig_node_read(&st, node))) {
		mig_node_close(node);
		return cli_fail("reading the node", rc);
	}
	printf("Node %s, generation %llu, %u GPU(s)\n", mig_node_path(node),
	       (unsigned long long)mig_state_generation(st), mig_state_gpu_count(st));
	printf("%-3s %-16s %-11s %-14s %-17s %-17s %-9s %-20s %s\n", "GPU", "MODEL", "DRIVER",
	       "SERIAL", "PCI_BUS_ID", "MIG(CUR/PENDING)", "BOARD", "RESET", "UUID");
	for (unsigned i = 0; i < mig_state_gpu_count(st); i++) {
		mig_gpu_info g;
		char mode[32];

		mig_gpu_get(&g, st, i);
		snprintf(mode, sizeof(mode), "%s/%s", g.mig_current ? "Enabled" : "Disabled",
			 g.mig_pending ? "Enabled" : "Disabled");
		printf("%-3u %-16s %-11s %-14s %-17s %-17s %-9s %-20s %s\n", i,
		       mig_model_key(g.model), g.driver, g.serial, g.pci_bus_id, mode,
		       g.mirrored ? "mirrored" : "canonical", reset_words[g.reset], g.uuid);
	}
	mig_state_free(st);
	mig_node_close(node);
	return 0;
}

static int sub_remove(const cli_cmd *cmd, int argc, char **argv)
{
	char dir[4096];
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 0, 0);
	if (a.value[OPT_DIR])
		snprintf(dir, sizeof(dir), "%s", a.value[OPT_DIR]);
	else if ((rc = mig_node_default_dir(dir, sizeof(dir))))
		return cli_fail("finding the node", rc);
	if ((rc = mig_node_remove(dir)))
		return cli_fail("removing the node", rc);
	printf("Removed the emulated node in %s\n", dir);
	return 0;
}
