/*
 * main.c - migctl's command table.
 *
 * migctl speaks nvidia-smi's MIG command line: with no command word (or
 * options first) it is nvidia-smi's top level; `migctl mig ...` is
 * `nvidia-smi mig ...`.  Its own commands (show, run, emulate) sit beside.
 *
 * This file makes two executables (docs/architecture.md, "Two
 * executables"): migctl-full, built with MIGCTL_FULL, links every command;
 * migctl links all but advise, exporter and sim, the three that need
 * libcurl, cairo or libmicrohttpd, and runs migctl-full for them (and for
 * the manual pages, which describe every command).  So the nvidia-smi
 * commands start without loading some fifty shared libraries they never use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt no_opts[] = {{0}};

#ifdef MIGCTL_FULL
#define FULL_ONLY(opts, run) opts, run
#else
#define FULL_ONLY(opts, run) no_opts, cli_run_full
#endif

static int cmd_version(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	/* migctl links libmig statically: the two are one build, one version. */
	printf("migctl %s (libmig, state format %d)\n", mig_version(), MIG_STATE_FORMAT);
	return 0;
}

static const cli_cmd commands[] = {
	{"mig", "[-i GPUS] OPTIONS",
	 "nvidia-smi mig: list, create and destroy GPU and compute instances.", smig_opts, cmd_mig},
	{"show", "[-i GPUS] [--json] [--color=auto|always|never]",
	 "Draw each GPU's memory and compute slices and what occupies them.",
	 show_opts, cmd_show},
	{"run",
	 "[-i GPU] (--profile P | --device UUID | --gi N --ci M) [--create [--rm]] [--wait[=S]] [--load FILE] [--json] -- CMD [ARGS]",
	 "Run a command on a free MIG device, recorded as a process there while it runs.", run_opts,
	 cmd_run},
	{"exporter", "[--listen ADDR:PORT] [--interval SECONDS] [--once]",
	 "Serve the node's GPU and MIG metrics to Prometheus (dcgm-exporter's names, jobs, usage).",
	 FULL_ONLY(exporter_opts, cmd_exporter)},
	{"share", "conf (--k8s [--share mps|timeslice] [--replicas N] | --slurm [--node NAME])",
	 "Print the Kubernetes device plugin's or Slurm's configuration for sharing this node's devices by MPS or time-slicing.",
	 share_opts, cmd_share},
	{"emulate", "SUBCOMMAND [ARGS]",
	 "Create, inspect and remove emulated nodes; list the GPU catalog.\n"
	 "Subcommands: models, figures, create, add, remove-gpu, list, remove, pin-uuid, reboot, exec.",
	 emulate_opts, cmd_emulate},
	{"apply", "-f FILE [-c NAME] [--dry-run] [--mode-only] [--force] [-k HOOKS] [--json]",
	 "Make the GPUs hold a mig-parted config's layout: plan the fewest changes, print them, apply them all or nothing.",
	 apply_opts, cmd_apply},
	{"assert", "-f FILE [-c NAME] [--mode-only] [--valid-config]",
	 "Check that the GPUs hold a mig-parted config's layout; print the differences.", assert_opts,
	 cmd_assert},
	{"export", "[-l NAME] [-o yaml|json] [--placements]",
	 "Print the node's layout as a mig-parted config.", export_opts, cmd_export},
	{"checkpoint", "[-o FILE]",
	 "Save the exact layout (placements, GI and CI IDs) as mig-parted checkpoint JSON.",
	 checkpoint_opts, cmd_checkpoint},
	{"restore", "-f FILE [--dry-run] [--mode-only] [--force] [-k HOOKS] [--json]",
	 "Bring back a checkpointed layout exactly.", restore_opts, cmd_restore},
	{"presets", "[-i GPUS] [-o yaml|json]",
	 "Print mig-parted's named presets for the GPU models of the node, as a config file.",
	 presets_opts, cmd_presets},
	{"plan", "-f DEMAND [--fleet FLEET [--out DIR]] [--json] [--apply] [--defrag [--free-gpus N]]",
	 "Place demand (profiles or resource needs) on this node or a fleet, without touching busy instances; optionally apply it.",
	 plan_opts, cmd_plan},
	{"fleet", "snapshot [--node NAME] | synth --gpus N [--models LIST] [--fill F] [--idle I] [--seed S]",
	 "Print this node as fleet JSON, or a synthetic fleet.\nSubcommands: snapshot, synth.",
	 fleet_opts, cmd_fleet},
	{"sim", "(-t TRACE | --synth N) (--fleet FLEET | --gpus N [--model M]) [-p POLICIES] [--layout L] [--json]",
	 "Simulate sharing policies (whole, static and dynamic MIG, MPS, time-slicing, MIG+MPS) on a job trace.",
	 FULL_ONLY(sim_cli_opts, cmd_sim)},
	{"slurm", "conf|agent [OPTIONS]",
	 "Print the Slurm configuration (gres.conf, slurm.conf Gres=) of this node's GPUs, or run\n"
	 "the agent that repartitions idle GPUs for pending jobs.  Subcommands: conf, agent\n"
	 "(docs/slurm.md).",
	 slurm_opts, cmd_slurm},
	{"advise", "[LOG...] [--format F] [--prometheus URL --job ID] [--model LIST | --fleet FILE] [--json] [--chart DIR] [--report DIR]",
	 "Recommend the smallest MIG profile that serves each job of a metrics log, on each GPU model.",
	 FULL_ONLY(advise_opts, cmd_advise)},
	{"nvml-env", "",
	 "Print the shell assignment that points NVML programs at our libnvidia-ml.so.1.\n"
	 "After eval \"$(migctl nvml-env)\", nvidia-smi, pynvml or mig-parted see the emulated node.",
	 nvml_env_opts, cmd_nvml_env},
	{"exec", "-- CMD [ARGS]",
	 "Run CMD with our libnvidia-ml.so.1 first in LD_LIBRARY_PATH.\n"
	 "CMD sees the emulated node ($MIGCTL_STATE_DIR or the default one) through NVML.",
	 exec_opts, cmd_exec},
	{"version", "", "Print migctl's version.", no_opts, cmd_version},
};

/* nvidia-smi's top level: migctl alone, or starting with an option (-L, -i 0 -mig 1, ...). */
static const cli_cmd smi = {"", "[-i GPUS] [-L | -mig 0|1 | -r | --query-gpu=FIELDS --format=csv]",
			    "nvidia-smi's top level: the main screen, -L, -mig, -r, --query-gpu.",
			    smi_opts, cmd_smi};

static void usage(FILE *f)
{
	fprintf(f, "usage: migctl COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *nl = strchr(commands[i].summary, '\n');
		int len = nl ? (int)(nl - commands[i].summary) : (int)strlen(commands[i].summary);

		fprintf(f, "  %-10s %.*s\n", commands[i].name, len, commands[i].summary);
	}
	fprintf(f, "\nWith no command, or options first, migctl is nvidia-smi's top level:\n"
		   "  migctl [-i GPUS] [-L | -mig 0|1 | -r | --query-gpu=FIELDS --format=csv]\n"
		   "\n'migctl COMMAND --help' describes a command.\n"
		   "\n--backend=auto|emulated|nvml before the command (or $MIGCTL_BACKEND) picks the\n"
		   "GPUs: the emulated node (default), the real ones through libnvidia-ml.so.1, or\n"
		   "those when an NVIDIA driver is loaded (docs/backends.md).\n");
}

/*
 * The global --backend=NAME (or --backend NAME) before the command word,
 * else $MIGCTL_BACKEND; removes the option from argv.  Returns 0, or
 * CLI_EXIT_USAGE after saying which values are allowed.
 */
static int take_backend(int *argc, char **argv)
{
	const char *name = NULL, *from = "--backend";
	int used = 0;

	while (*argc > 1 + used && !strncmp(argv[1 + used], "--backend", 9) &&
	       (argv[1 + used][9] == '=' || argv[1 + used][9] == '\0')) {
		if (argv[1 + used][9] == '=') {
			name = argv[1 + used] + 10;
			used++;
		} else if (*argc > 2 + used) {
			name = argv[2 + used];
			used += 2;
		} else {
			fprintf(stderr, "migctl: option '--backend' needs auto, emulated or nvml\n"
					"try 'migctl --help'\n");
			return CLI_EXIT_USAGE;
		}
	}
	memmove(argv + 1, argv + 1 + used, (size_t)(*argc - 1 - used + 1) * sizeof(*argv));
	*argc -= used;
	if (!name) {
		name = getenv("MIGCTL_BACKEND");
		from = "$MIGCTL_BACKEND";
		if (!name || !*name)
			return 0;
	}
	if (mig_backend_parse(&cli_backend, name) != MIG_SUCCESS) {
		fprintf(stderr, "migctl: %s: %s\ntry 'migctl --help'\n", from, mig_errmsg());
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int rc = take_backend(&argc, argv);

	if (rc)
		return rc;
	/* Hidden: the manual pages, made from the --help texts (man.c). */
	if (argc >= 2 && !strcmp(argv[1], "--help-man"))
#ifdef MIGCTL_FULL
		return cli_help_man(argc > 2 ? argv[2] : NULL, commands,
				    sizeof(commands) / sizeof(commands[0]), &smi, usage);
#else
		return cli_exec_full(NULL, argc - 1, argv + 1);
#endif
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-')
		return cmd_smi(&smi, argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(&commands[i], argc - 2, argv + 2);
	fprintf(stderr, "migctl: unknown command '%s'\ntry 'migctl --help'\n", argv[1]);
	return CLI_EXIT_USAGE;
}
