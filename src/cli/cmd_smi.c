/*
 * cmd_smi.c - nvidia-smi's top level: `migctl` alone is the main screen;
 * -L, -mig, -r and --query-gpu as nvidia-smi has them
 * (§smi-9 - §smi-11; docs/cli-smi.md).
 *
 * Like nvidia-smi, every message of these verbs goes to stdout; migctl's
 * own errors (a GPU that does not exist, a bad command line, a node it
 * cannot read) go to stderr.
 */
#include <string.h>

#include "smi.h"
#include "smi_q.h"

enum { OPT_ID = 1, OPT_LIST, OPT_MIG, OPT_RESET, OPT_QUERY, OPT_FORMAT, OPT_JSON,
       OPT_Q, OPT_XML, OPT_DISPLAY };

const cli_opt smi_opts[] = {
	{OPT_ID, 'i', "id", "GPUS", "GPUs: indices, UUIDs or PCI bus ids, comma-separated"},
	{OPT_LIST, 'L', "list-gpus", NULL, "list the GPUs and their MIG devices"},
	{OPT_MIG, 0, "mig", "0|1", "disable (0) or enable (1) MIG mode"},
	{OPT_MIG, 0, "multi-instance-gpu", "0|1", "the same as -mig"},
	{OPT_RESET, 'r', "gpu-reset", NULL, "reset the GPUs (a pending MIG mode takes effect)"},
	{OPT_QUERY, 0, "query-gpu", "FIELDS",
	 "CSV of these fields (index, name, uuid, pci.bus_id, serial, memory.total, memory.used, "
	 "memory.free, mig.mode.current, mig.mode.pending, driver_version, ...)"},
	{OPT_FORMAT, 0, "format", "csv[,noheader][,nounits]", "the format of --query-gpu"},
	{OPT_JSON, 0, "json", NULL, "print one JSON document instead (docs/cli-smi.md)"},
	{OPT_Q, 'q', "query", NULL, "every GPU property, as nvidia-smi -q prints it"},
	{OPT_XML, 'x', "xml-format", NULL, "-q as XML"},
	{OPT_DISPLAY, 'd', "display", "TYPES",
	 "-q's sections: MEMORY, UTILIZATION, ECC, TEMPERATURE, POWER, CLOCK, COMPUTE, PIDS, ..."},
	{0}};

/* Read the node and resolve -i: *st (free it) and the selected GPUs, or the exit status. */
static int read_selection(mig_state **st, unsigned *gpus, size_t *n, const char *gpu_arg)
{
	mig_node *node = NULL;
	int rc;

	*st = NULL;
	if (cli_open_node(&node))
		return CLI_EXIT_FAIL;
	rc = mig_node_read(st, node);
	mig_node_close(node);
	if (rc)
		return cli_fail("reading the node", rc);
	if (mig_state_gpu_count(*st) == 0) {
		/* nvidia-smi's answer on a machine without GPUs */
		printf("No devices were found\n");
		rc = smi_exit_status(MIG_ERROR_NOT_FOUND, 0);
	} else {
		rc = smi_select(gpus, n, *st, gpu_arg, cli_driver(*st));
	}
	if (rc) {
		mig_state_free(*st);
		*st = NULL;
	}
	return rc;
}

/* Read the node and build the rows of the selected GPUs. */
static int read_screen(smi_screen *s, const char *gpu_arg)
{
	mig_state *st;
	unsigned gpus[MIG_MAX_GPUS];
	size_t n = 0;
	int rc = read_selection(&st, gpus, &n, gpu_arg);

	if (rc)
		return rc;
	rc = smi_screen_build(s, st, gpus, n);
	mig_state_free(st);
	return rc ? cli_fail("reading the GPUs", rc) : 0;
}

/* -q, -q -x, -q -d TYPES (docs/cli-smi.md "-q"); nvidia-smi's refusals go to stdout. */
static int run_q(const char *gpu_arg, int xml, const char *display)
{
	mig_state *st;
	unsigned gpus[MIG_MAX_GPUS];
	size_t n = 0;
	smi_q_doc d;
	uint32_t driver, groups = 0;
	int rc;

	if (display && xml) {
		printf("Invalid combination of input arguments: --display/-d flags can not be combined "
		       "with -x/--xml-format flags.\n");
		return CLI_EXIT_USAGE;
	}
	if ((rc = read_selection(&st, gpus, &n, gpu_arg)))
		return rc;
	driver = cli_driver(st);
	if (display && smi_q_parse_display(&groups, display, driver)) {
		mig_state_free(st);
		printf("Failed to parse --display/-d flags\n");
		return CLI_EXIT_USAGE;
	}
	rc = smi_q_build(&d, st, gpus, n);
	mig_state_free(st);
	if (rc)
		return cli_fail("reading the GPUs", rc);
	smi_q_render(stdout, &d, driver, xml, groups);
	smi_q_free(&d);
	return 0;
}

static int run_screen(const char *gpu_arg, int json, int list)
{
	smi_screen s;
	int rc = read_screen(&s, gpu_arg);

	if (rc)
		return rc;
	if (json)
		(list ? smi_json_list : smi_json_status)(&s);
	else if (list)
		smi_render_list(stdout, &s);
	else
		smi_render_screen(stdout, &s);
	smi_screen_free(&s);
	return 0;
}

static int run_query(const char *gpu_arg, const char *fields, const char *format, int json)
{
	smi_query q;
	smi_screen s;
	uint32_t driver;
	int rc = smi_query_parse(&q, fields, format);

	if (rc)
		return rc;
	if ((rc = read_screen(&s, gpu_arg))) {
		smi_query_free(&q);
		return rc;
	}
	if (mig_driver_parse(&driver, s.driver) != MIG_SUCCESS)
		driver = 0;
	if ((rc = smi_query_check_driver(&q, driver))) {
		smi_screen_free(&s);
		smi_query_free(&q);
		return rc;
	}
	if (json)
		smi_json_query(&q, &s);
	else
		smi_render_query(stdout, &q, &s);
	smi_screen_free(&s);
	smi_query_free(&q);
	return 0;
}

int cmd_smi(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv), verbs, json;

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(cmd, "unexpected argument '%s' (migctl's commands: mig, show, run, emulate, version)",
				       a.pos[0]);
	verbs = !!a.count[OPT_LIST] + !!a.count[OPT_MIG] + !!a.count[OPT_RESET] + !!a.count[OPT_QUERY] +
		!!a.count[OPT_Q];
	if (verbs > 1)
		return cli_usage_error(cmd, "give one of -L, -mig, -r, -q and --query-gpu");
	if (a.count[OPT_XML] && !a.count[OPT_Q])
		return cli_usage_error(cmd, "-x goes with -q");
	if (a.count[OPT_DISPLAY] && !a.count[OPT_Q])
		return cli_usage_error(cmd, "-d goes with -q");
	if (a.count[OPT_Q] && a.count[OPT_JSON])
		return cli_usage_error(cmd, "-q has no --json form (use -q -x)");
	if (a.count[OPT_FORMAT] && !a.count[OPT_QUERY])
		return cli_usage_error(cmd, "--format goes with --query-gpu");
	if (a.value[OPT_ID] && !*a.value[OPT_ID])
		return cli_usage_error(cmd, "-i needs a GPU index, UUID or PCI bus id");
	json = a.count[OPT_JSON] > 0;
	if (a.count[OPT_MIG])
		return smi_run_mode(a.value[OPT_ID], a.value[OPT_MIG], json);
	if (a.count[OPT_RESET])
		return smi_run_reset(a.value[OPT_ID], json);
	if (a.count[OPT_Q])
		return run_q(a.value[OPT_ID], a.count[OPT_XML] > 0, a.value[OPT_DISPLAY]);
	if (a.count[OPT_QUERY])
		return run_query(a.value[OPT_ID], a.value[OPT_QUERY], a.value[OPT_FORMAT], json);
	return run_screen(a.value[OPT_ID], json, a.count[OPT_LIST] > 0);
}
