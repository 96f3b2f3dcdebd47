/*
 * cli.h - what migctl's commands share: the option tables that drive
 * parsing, usage and --help, and how errors are reported.
 */
#ifndef MIGCTL_CLI_H
#define MIGCTL_CLI_H

#include <stdio.h>

#include "mig.h"

/* Exit codes of migctl's own (non-nvidia-smi) commands. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,  /* the operation was refused or failed */
	CLI_EXIT_USAGE = 2  /* the command line was wrong */
};

/* One option of a command: `--name`, `-x`, or nvidia-smi's `-name`. */
typedef struct cli_opt {
	int id;               /* returned by cli_parse; 0 ends the table */
	char short_name;      /* 'i' for -i, or 0 */
	const char *long_name; /* "driver" for --driver and -driver, or NULL */
	const char *arg;      /* name of its argument ("VERSION"), NULL for a flag */
	const char *help;
} cli_opt;

/* One command of the command table. */
typedef struct cli_cmd {
	const char *name;
	const char *args;     /* synopsis after the name, for usage */
	const char *summary;
	const cli_opt *opts;
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
} cli_cmd;

/* Options parsed so far; positional arguments are collected in order. */
typedef struct cli_args {
	const char *value[64];   /* by option id (last one wins); flags get "" */
	int count[64];           /* how often each option id was given */
	char **pos;
	int npos;
} cli_args;

/*
 * Parse argv[0..argc) against opts.  Returns 0, or prints
 * "migctl <cmd>: <what>" plus the usage hint to stderr and returns
 * CLI_EXIT_USAGE.  `--help` prints the command's help and returns -1.
 */
int cli_parse(cli_args *out, const cli_cmd *cmd, int argc, char **argv);
void cli_usage(FILE *f, const cli_cmd *cmd);
/* "migctl: <context>: <mig_errmsg()>" to stderr; returns CLI_EXIT_FAIL. */
int cli_fail(const char *context, int rc);
/* A usage error: "migctl <cmd>: <message>" and the --help hint; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int cmd_emulate(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt emulate_opts[];

#endif
