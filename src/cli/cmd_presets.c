/*
 * cmd_presets.c - `migctl presets`: mig-parted's named presets for the node's GPU models.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

const cli_opt presets_opts[] = {
	{OPT_GPU, 'i', "id", "GPUS", "only the models of these GPUs (indices, UUIDs or PCI bus ids)"},
	{OPT_FORMAT, 'o', "output-format", "FORMAT", "yaml (default) or json"},
	{0}};

int cmd_presets(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *c = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = 0;
	int ret = CLI_EXIT_FAIL;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	if (a.value[OPT_FORMAT] && strcmp(a.value[OPT_FORMAT], "yaml") &&
	    strcmp(a.value[OPT_FORMAT], "json"))
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", a.value[OPT_FORMAT]);
	if (layout_cli_read_node(&node, &st))
		goto out;
	if (a.value[OPT_GPU]) {
		const char *bad = NULL;

		if (cli_gpu_list(gpus, &ngpus, MIG_MAX_GPUS, st, a.value[OPT_GPU], &bad)) {
			ret = cli_usage_error(cmd, "no GPU '%s' (the node has %u GPU(s))", bad,
					      mig_state_gpu_count(st));
			goto out;
		}
	}
	if (layout_presets(&c, st, a.value[OPT_GPU] ? gpus : NULL, ngpus)) {
		ret = cli_fail("making presets", MIG_ERROR_MEMORY);
		goto out;
	}
	ret = layout_cli_print_config(cmd, c, a.value[OPT_FORMAT]);
out:
	layout_config_free(c);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}
