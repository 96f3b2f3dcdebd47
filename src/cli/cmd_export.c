/*
 * cmd_export.c - `migctl export`: the node's layout as a mig-parted config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

const cli_opt export_opts[] = {
	{OPT_LABEL, 'l', "config-name", "NAME", "name of the config written (default: current) [$MIG_PARTED_CONFIG_LABEL]"},
	{OPT_FORMAT, 'o', "output-format", "FORMAT", "yaml (default) or json [$MIG_PARTED_OUTPUT_FORMAT]"},
	{OPT_PLACEMENTS, 0, "placements", NULL, "write GI placements (\"3g.40gb@4\") so apply reproduces them"},
	{0}};

int cmd_export(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *c = NULL;
	layout_notes notes = {0};
	mig_node *node = NULL;
	mig_state *st = NULL;
	const char *label, *format;
	int ret = CLI_EXIT_FAIL;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	label = layout_cli_opt_env(&a, OPT_LABEL, "MIG_PARTED_CONFIG_LABEL");
	format = layout_cli_opt_env(&a, OPT_FORMAT, "MIG_PARTED_OUTPUT_FORMAT");
	if (format && strcmp(format, "yaml") && strcmp(format, "json"))
		return cli_usage_error(cmd, "Unrecognized 'output-format': %s", format);
	if (layout_cli_read_node(&node, &st))
		goto out;
	if (layout_export(&c, st, label ? label : "current", a.count[OPT_PLACEMENTS] > 0, &notes)) {
		ret = cli_fail("exporting", MIG_ERROR_MEMORY);
		goto out;
	}
	layout_cli_notes(&notes);
	ret = layout_cli_print_config(cmd, c, format);
out:
	layout_notes_clear(&notes);
	layout_config_free(c);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}
