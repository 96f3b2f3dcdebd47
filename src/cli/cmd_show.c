/*
 * cmd_show.c - placeholder until the command lands.
 */
#include "cli.h"

const cli_opt show_opts[] = {{0}};

int cmd_show(const cli_cmd *cmd, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "migctl: '%s' is not implemented yet\n", cmd->name);
	return CLI_EXIT_USAGE;
}
