/*
 * cli.h - what migctl's commands share: the option tables that drive
 * parsing, usage and --help, and how errors are reported.
 */
#ifndef MIGCTL_CLI_H
#define MIGCTL_CLI_H

#include <stddef.h>
#include <stdint.h>
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

/* Shared helpers (common.c) ---------------------------------------------- */

/*
 * The backend of the node commands work on: --backend before the command
 * word, else $MIGCTL_BACKEND, else the emulated node (main.c sets it).
 * `migctl emulate` always works on the emulated node's files.
 */
extern mig_backend cli_backend;

/*
 * Open the node migctl works on (docs/backends.md).  The emulated node:
 * $MIGCTL_STATE_DIR or the default (docs/state-file.md), creating the
 * default node on first use and saying so on stderr:
 *   "migctl: created the default emulated node at PATH (one NVIDIA H100 80GB HBM3, MIG disabled)"
 * The NVML backend: the real GPUs through libnvidia-ml.so.1.
 * Then, before the command reads or changes anything, an apply that was
 * killed halfway is rolled back (the layout journal, docs/layouts.md), so
 * no command sees or builds on a half-applied layout.
 * On failure prints "migctl: <why>" and returns non-zero.
 */
int cli_open_node(mig_node **out);


/*
 * Parse nvidia-smi's -i argument: "0", "0,2", a GPU UUID, or a PCI bus id
 * (any of those, comma-separated).  Writes GPU indices in the order given;
 * returns 0, or -1 with *bad set to the token that matched no GPU.
 */
int cli_gpu_list(unsigned *out, size_t *n, size_t cap, const mig_state *st, const char *arg,
		 const char **bad);

/*
 * The driver version that decides the output format: the node's first
 * GPU's (a real node has one driver; all tables of one command share a
 * format).  MIG_DRV() value; 0 for an empty node.
 */
uint32_t cli_driver(const mig_state *st);

/* nvidia-smi's own text for an NVML return code (§smi-A). */
const char *smi_error_text(int code, uint32_t driver);
/* Exit status of a MIG command failing with code (§smi-A; §smi-2). */
int smi_exit_status(int code, uint32_t driver);

/* Print a JSON document (jansson json_t *) to stdout, indented, newline-terminated; decrefs it. */
void cli_json_print(void *json);

/* Commands ------------------------------------------------------------------ */

int cmd_emulate(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt emulate_opts[];
/* nvidia-smi's top level: no arguments (main screen), -L, -mig, -r, --query-gpu (cmd_smi.c). */
int cmd_smi(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt smi_opts[];
/* nvidia-smi mig ... (cmd_mig.c) */
int cmd_mig(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt smig_opts[];
/* migctl show (cmd_show.c) */
int cmd_show(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt show_opts[];
/* migctl run (cmd_run.c) */
int cmd_run(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt run_opts[];
/* migctl exporter (cmd_exporter.c, src/exporter) */
int cmd_exporter(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt exporter_opts[];

/* Declarative layouts, mig-parted's commands (cmd_apply.c, cmd_assert.c, cmd_export.c,
 * cmd_checkpoint.c, cmd_restore.c, cmd_presets.c; docs/layouts.md) */
int cmd_apply(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt apply_opts[];
int cmd_assert(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt assert_opts[];
int cmd_export(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt export_opts[];
int cmd_checkpoint(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt checkpoint_opts[];
int cmd_restore(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt restore_opts[];
int cmd_presets(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt presets_opts[];
/* migctl share conf (cmd_share.c, docs/sharing.md) */
int cmd_share(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt share_opts[];

/* migctl plan, migctl fleet (cmd_plan.c, docs/planning.md) */
int cmd_plan(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt plan_opts[];
int cmd_fleet(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt fleet_opts[];

/* migctl sim: the policy simulator (cmd_sim.c, docs/simulator.md) */
int cmd_sim(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt sim_cli_opts[];
/* migctl advise: the MIG profile a job needs, from its metrics (cmd_advise.c, docs/advise.md) */
int cmd_advise(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt advise_opts[];

/* Our libnvidia-ml.so.1 for other programs (cmd_nvml.c, docs/install.md#nvml) */
int cmd_slurm(const cli_cmd *cmd, int argc, char **argv);
/* migctl slurm agent (cmd_slurm_agent.c) */
int cmd_slurm_agent(int argc, char **argv);
extern const cli_cmd slurm_agent_cmd;
extern const cli_opt slurm_opts[];
int cmd_nvml_env(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt nvml_env_opts[];
int cmd_exec(const cli_cmd *cmd, int argc, char **argv);
extern const cli_opt exec_opts[];
/*
 * The directory holding our libnvidia-ml.so.1, found from migctl's own
 * executable (the install's ${libdir}/migctl, or a build tree's src/nvml);
 * an absolute path.  Returns 0, or prints why not and returns -1.
 */
int cli_nvml_dir(char *out, size_t len);
/*
 * The absolute path of `name`, a file that travels with migctl: in the
 * install's ${libdir}/migctl, or build_rel (relative to migctl's directory)
 * in a build tree.  Returns 0, or prints why not and returns -1 (own_files.c).
 */
int cli_own_file(const char *name, const char *build_rel, char *out, size_t len);
/*
 * migctl-full, the executable that also links the commands needing libcurl,
 * cairo and libmicrohttpd (docs/architecture.md, "Two executables"): run it
 * with `migctl --backend=B [command] ARGS`, in this process.  Returns only on
 * failure, with the exit status.  cli_run_full is the command table's entry
 * for such a command in migctl.
 */
int cli_exec_full(const char *command, int argc, char **argv);
int cli_run_full(const cli_cmd *cmd, int argc, char **argv);
/*
 * Run `command` in a private view of the device files of the node at
 * node_path (ngpu GPUs); returns only on failure, with the exit status
 * (emulate_exec.c).
 */
int emulate_exec(const char *node_path, unsigned ngpu, char **command);

/*
 * The manual pages, made from the commands' --help (man.c, docs/man.md):
 * page NULL lists the page names; else prints that page in man(7) format.
 * top is nvidia-smi's top level, usage prints `migctl --help`.
 */
int cli_help_man(const char *page, const cli_cmd *cmds, size_t n, const cli_cmd *top,
		 void (*usage)(FILE *));

#endif
