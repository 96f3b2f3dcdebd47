/*
 * main.c - migctl's command table.
 *
 * This first cut carries `migctl emulate`, which makes and inspects
 * emulated nodes and lists the catalog; the nvidia-smi compatible verbs
 * join the table next (see README).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_opt no_opts[] = {{0}};

static int cmd_version(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	printf("migctl %s (libmig, state format %d)\n", MIG_VERSION, MIG_STATE_FORMAT);
	return 0;
}

static const cli_cmd commands[] = {
	{"emulate", "SUBCOMMAND [ARGS]",
	 "Create, inspect and remove emulated nodes; list the GPU catalog.\n"
	 "Subcommands: models, figures, create, add, remove-gpu, list, remove.",
	 emulate_opts, cmd_emulate},
	{"version", "", "Print migctl's version.", no_opts, cmd_version},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: migctl COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *nl = strchr(commands[i].summary, '\n');
		int len = nl ? (int)(nl - commands[i].summary) : (int)strlen(commands[i].summary);

		fprintf(f, "  %-10s %.*s\n", commands[i].name, len, commands[i].summary);
	}
	fprintf(f, "\n'migctl COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(&commands[i], argc - 2, argv + 2);
	fprintf(stderr, "migctl: unknown command '%s'\ntry 'migctl --help'\n", argv[1]);
	return CLI_EXIT_USAGE;
}
