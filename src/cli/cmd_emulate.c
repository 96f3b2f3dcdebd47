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
 *   migctl emulate reboot [--dir D]
 *   migctl emulate pin-uuid [--dir D] GPU GI CI MIG-UUID|none
 *   migctl emulate process attach [--dir D] PID GPU [GI CI] NAME MIB
 *   migctl emulate process detach [--dir D] PID
 *   migctl emulate exec [--dir D] -- CMD [ARGS]   (emulate_exec.c)
 *
 * GPU is MODEL[:COUNT][@DRIVER][,OPTION]... (mig_gpu_spec_parse).  pin-uuid
 * and the identity options (uuid=, serial=, bus=) let a node mirror a real
 * capture's identities; `process` records processes without running them
 * (golden tests, demos): see docs/cli-smi.md.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

static int end_batch(mig_node *node, mig_state *st, const char *done, ...)
	__attribute__((format(printf, 3, 4)));

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
	"GPU is MODEL[:COUNT][@DRIVER][,OPTION]..., e.g. H100-SXM5-80GB:8 or\n" \
	"A100-SXM4-40GB@535.183.01,mirrored ('migctl emulate models' lists MODELs).  OPTIONs:\n" \
	"  mirrored                        half-mirrored board\n" \
	"  reset=auto|passthrough|passthrough-no-reset\n" \
	"  uuid=GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, serial=TEXT, bus=00000000:36:00.0\n" \
	"                                  a real board's identity (COUNT 1)\n" \
	"  persistence=on|off              persistence mode (default on)\n" \
	"  numa=N | cpus=LIST              CPU affinity: host NUMA node N, or CPUs such as\n" \
	"                                  0-15+32-47 (default: by platform, docs/nvml.md)"

static int sub_models(const cli_cmd *cmd, int argc, char **argv);
static int sub_figures(const cli_cmd *cmd, int argc, char **argv);
static int sub_create(const cli_cmd *cmd, int argc, char **argv);
static int sub_add(const cli_cmd *cmd, int argc, char **argv);
static int sub_remove_gpu(const cli_cmd *cmd, int argc, char **argv);
static int sub_list(const cli_cmd *cmd, int argc, char **argv);
static int sub_remove(const cli_cmd *cmd, int argc, char **argv);
static int sub_pin_uuid(const cli_cmd *cmd, int argc, char **argv);
static int sub_reboot(const cli_cmd *cmd, int argc, char **argv);
static int sub_process(const cli_cmd *cmd, int argc, char **argv);
static int sub_exec(const cli_cmd *cmd, int argc, char **argv);

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
	{"emulate reboot", "[--dir DIR]",
	 "Reboot the node: pending MIG modes take effect, GPU and compute instances are gone\n"
	 "(the only way a pending mode takes effect in a VM that cannot reset a GPU).",
	 dir_opts, sub_reboot},
	{"emulate pin-uuid", "[--dir DIR] GPU GI CI MIG-UUID|none",
	 "Fix the UUID of MIG device (GI, CI) of a GPU, to mirror a real node; 'none' unpins.\n"
	 "The pin belongs to the (GI ID, CI ID) pair and survives the CI being re-created.",
	 dir_opts, sub_pin_uuid},
	{"emulate process", "attach [--dir DIR] PID GPU [GI CI] NAME MIB | detach [--dir DIR] PID",
	 "Record a process on a GPU (or on MIG device GI/CI) without running it, or drop it.\n"
	 "PID must be a live process (its start time is recorded; it is dropped once it ends),\n"
	 "e.g. 1 in tests.  NAME is what nvidia-smi shows, MIB the memory it uses.  'migctl run'\n"
	 "records real processes; this is for tests and demonstrations.",
	 dir_opts, sub_process},
	{"emulate exec", "[--dir DIR] -- CMD [ARGS]",
	 "Run CMD in a private view of the node's device files: /dev/nvidia*, /dev/nvidia-caps\n"
	 "and /proc/driver/nvidia-caps/mig-minors as the driver makes them, our libnvidia-ml\n"
	 "first on LD_LIBRARY_PATH and MIGCTL_STATE_DIR set to the node (e.g. slurmd with\n"
	 "AutoDetect=nvml).  Nothing on the host changes.  Needs root or unprivileged user\n"
	 "namespaces (docs/slurm.md).",
	 dir_opts, sub_exec},
};

int cmd_emulate(const cli_cmd *cmd, int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
		cli_usage(argc < 1 ? stderr : stdout, cmd);
		for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
			if (subs[i].run != sub_process) /* test aid: documented, not advertised */
				fprintf(argc < 1 ? stderr : stdout, "  migctl %s %s\n", subs[i].name,
					subs[i].args);
		return argc < 1 ? CLI_EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[0], subs[i].name + strlen("emulate ")))
			return subs[i].run(&subs[i], argc - 1, argv + 1);
	return cli_usage_error(cmd, "unknown subcommand '%s' (models, figures, create, add, remove-gpu, list, remove, reboot, pin-uuid, exec)",
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
	printf("%-17s %-6s %-8s %-5s %-11s %-44s %s\n", "MODEL", "PCI", "MEM_MIB", "UNITS",
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
		printf("%-17s 0x%04X %-8u %-5u %-11zu %-44s %s\n", mig_model_key(m),
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
	return end_batch(node, st, "Added %u GPU(s) to %s (now %u)\n",
			 mig_state_gpu_count(st) - before, mig_node_path(node), mig_state_gpu_count(st));
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
	return end_batch(node, st, "Removed GPU %u from %s\n", mig_state_gpu_count(st),
			 mig_node_path(node));
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

/* A batch on the node (never created here): begin, then mig_node_commit or abort. */
static int begin_batch(mig_node **node, mig_state **st, const char *dir)
{
	int rc;

	*node = NULL;
	*st = NULL;
	if ((rc = mig_node_open(node, dir, 0)) || (rc = mig_node_begin(st, *node))) {
		cli_fail("opening the node", rc);
		mig_node_close(*node);
		return CLI_EXIT_FAIL;
	}
	return 0;
}

/*
 * End a batch: abort it (`done` NULL), or commit it and only then say what
 * was done - a node that could not be written (read-only, full) must not
 * read as changed.
 */
static int end_batch(mig_node *node, mig_state *st, const char *done, ...)
{
	va_list ap;
	int rc = 0;

	if (!done) {
		mig_node_abort(node, st);
		mig_node_close(node);
		return 0;
	}
	/* The arguments may point into `node`: print before closing it. */
	if ((rc = mig_node_commit(node, st)) == MIG_SUCCESS) {
		va_start(ap, done);
		vprintf(done, ap);
		va_end(ap);
	}
	mig_node_close(node);
	return rc ? cli_fail("writing the node", rc) : 0;
}

/* A decimal number below `max`, or -1. */
static long long number(const char *s, unsigned long long max)
{
	uint64_t v;

	return util_parse_u64(s, 0, max, &v) ? -1 : (long long)v;
}

static int sub_pin_uuid(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st;
	mig_node *node;
	long long gpu, gi, ci;
	const char *uuid;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 4, 4);
	gpu = number(a.pos[0], 63);
	gi = number(a.pos[1], 14);
	ci = number(a.pos[2], 7);
	if (gpu < 0 || gi < 0 || ci < 0)
		return cli_usage_error(cmd, "'%s' is not a %s",
				       a.pos[gpu < 0 ? 0 : gi < 0 ? 1 : 2],
				       gpu < 0 ? "GPU index" : gi < 0 ? "GI ID (0-14)" : "CI ID (0-7)");
	uuid = strcmp(a.pos[3], "none") ? a.pos[3] : NULL;
	if ((rc = begin_batch(&node, &st, a.value[OPT_DIR])))
		return rc;
	rc = mig_gpu_pin_mig_uuid(st, (unsigned)gpu, (unsigned)gi, (unsigned)ci, uuid);
	if (rc) {
		end_batch(node, st, NULL);
		return cli_usage_error(cmd, "%s", mig_errmsg());
	}
	if (uuid)
		return end_batch(node, st, "Pinned MIG device GI %lld CI %lld of GPU %lld to %s\n", gi,
				 ci, gpu, uuid);
	return end_batch(node, st, "Unpinned MIG device GI %lld CI %lld of GPU %lld\n", gi, ci, gpu);
}

static int process_attach(const cli_cmd *cmd, const cli_args *a)
{
	mig_process p;
	mig_state *st;
	mig_node *node;
	long long pid, gpu, mib, gi = -2, ci = -2;
	int six = a->npos == 7, rc;

	if (a->npos != 5 && !six)
		return cli_usage_error(cmd, "attach needs PID GPU [GI CI] NAME MIB");
	pid = number(a->pos[1], 0x7fffffff);
	gpu = number(a->pos[2], 63);
	if (six) {
		gi = number(a->pos[3], 14);
		ci = number(a->pos[4], 7);
	}
	mib = number(a->pos[a->npos - 1], 1ull << 40);
	if (pid <= 0 || gpu < 0 || gi == -1 || ci == -1 || mib < 0)
		return cli_usage_error(cmd, "'%s' is not a %s",
				       pid <= 0 ? a->pos[1] : gpu < 0 ? a->pos[2] : gi == -1 ? a->pos[3]
				       : ci == -1 ? a->pos[4] : a->pos[a->npos - 1],
				       pid <= 0 ? "PID" : gpu < 0 ? "GPU index" : gi == -1 ? "GI ID (0-14)"
				       : ci == -1 ? "CI ID (0-7)" : "size in MiB");
	memset(&p, 0, sizeof(p));
	p.pid = (unsigned)pid;
	p.gpu = (unsigned)gpu;
	p.gi = six ? (unsigned)gi : MIG_NONE;
	p.ci = six ? (unsigned)ci : MIG_NONE;
	p.used_mib = (unsigned long long)mib;
	snprintf(p.name, sizeof(p.name), "%s", a->pos[a->npos - 2]);
	if ((rc = begin_batch(&node, &st, a->value[OPT_DIR])))
		return rc;
	if ((rc = mig_process_attach(st, &p))) {
		end_batch(node, st, NULL);
		return cli_fail("attaching the process", rc);
	}
	if (six)
		return end_batch(node, st,
				 "Recorded process %u (%s, %llu MiB) on GPU %u GPU instance %u compute instance %u\n",
				 p.pid, p.name, p.used_mib, p.gpu, p.gi, p.ci);
	return end_batch(node, st, "Recorded process %u (%s, %llu MiB) on GPU %u\n", p.pid, p.name,
			 p.used_mib, p.gpu);
}

static int sub_process(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st;
	mig_node *node;
	long long pid;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 1, -1);
	if (!strcmp(a.pos[0], "attach"))
		return process_attach(cmd, &a);
	if (strcmp(a.pos[0], "detach"))
		return cli_usage_error(cmd, "unknown action '%s' (attach, detach)", a.pos[0]);
	if (a.npos != 2 || (pid = number(a.pos[1], 0x7fffffff)) <= 0)
		return cli_usage_error(cmd, "detach needs one PID");
	if ((rc = begin_batch(&node, &st, a.value[OPT_DIR])))
		return rc;
	if ((rc = mig_process_detach(st, (unsigned)pid))) {
		end_batch(node, st, NULL);
		return cli_fail("detaching the process", rc);
	}
	return end_batch(node, st, "Dropped process %lld\n", pid);
}

static int sub_reboot(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st;
	mig_node *node;
	cli_args a;
	int rc;

	PARSE_OR_RETURN(&a, cmd, argc, argv, 0, 0);
	if ((rc = begin_batch(&node, &st, a.value[OPT_DIR])))
		return rc;
	if ((rc = mig_state_reboot(st))) {
		end_batch(node, st, NULL);
		return cli_fail("rebooting the node", rc);
	}
	return end_batch(node, st, "Rebooted the emulated node %s\n", mig_node_path(node));
}

static int sub_exec(const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	mig_node *node = NULL;
	char path[PATH_MAX];
	unsigned ngpu;
	cli_args a;
	int dash = 0, rc;

	while (dash < argc && strcmp(argv[dash], "--"))
		dash++;
	PARSE_OR_RETURN(&a, cmd, dash, argv, 0, 0);
	if (dash + 1 >= argc)
		return cli_usage_error(cmd, "no command given (migctl emulate exec [--dir DIR] -- CMD [ARGS])");
	if ((rc = mig_node_open(&node, a.value[OPT_DIR], 0)) || (rc = mig_node_read(&st, node))) {
		mig_node_close(node);
		return cli_fail("reading the node", rc);
	}
	ngpu = mig_state_gpu_count(st);
	snprintf(path, sizeof(path), "%s", mig_node_path(node));
	if (strrchr(path, '/'))
		*strrchr(path, '/') = '\0'; /* the node's directory, not its state file */
	mig_state_free(st);
	mig_node_close(node);
	return emulate_exec(path, ngpu, argv + dash + 1);
}
