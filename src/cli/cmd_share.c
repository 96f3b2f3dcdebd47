/*
 * cmd_share.c - `migctl share conf (--k8s [--share MODE] [--replicas N] |
 * --slurm [--node NAME])`: the configuration other systems need to share
 * this node's devices (src/share, docs/sharing.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "share_conf.h"
#include "util.h"

enum { OPT_K8S = 1, OPT_SLURM, OPT_SHARE, OPT_REPLICAS, OPT_NODE };

const cli_opt share_opts[] = {
	{OPT_K8S, 0, "k8s", NULL, "the NVIDIA Kubernetes device plugin's config file (YAML)"},
	{OPT_SLURM, 0, "slurm", NULL, "Slurm's gres.conf and slurm.conf lines for gres/mps"},
	{OPT_SHARE, 0, "share", "MODE", "with --k8s: mps (default) or timeslice"},
	{OPT_REPLICAS, 0, "replicas", "N",
	 "with --k8s: pods per device (default 2; for mps at most the devices' MPS client limit)"},
	{OPT_NODE, 0, "node", "NAME", "with --slurm: the node's name (default: the host name)"},
	{0}};

/* The checks of the command line alone: 0, or the usage error's exit code. */
static int check_args(const cli_cmd *cmd, const cli_args *a, mig_share_mode *mode,
		      unsigned *replicas)
{
	const char *r = a->value[OPT_REPLICAS];

	if (a->npos != 1 || strcmp(a->pos[0], "conf"))
		return cli_usage_error(cmd, "give the subcommand 'conf'");
	if (!!a->value[OPT_K8S] + !!a->value[OPT_SLURM] != 1)
		return cli_usage_error(cmd, "give one of --k8s, --slurm");
	if (a->value[OPT_SLURM] && (a->value[OPT_SHARE] || r))
		return cli_usage_error(cmd, "--share and --replicas go with --k8s");
	if (a->value[OPT_K8S] && a->value[OPT_NODE])
		return cli_usage_error(cmd, "--node goes with --slurm");
	*mode = MIG_SHARE_MPS;
	if (a->value[OPT_SHARE]) {
		if (!strcmp(a->value[OPT_SHARE], "timeslice"))
			*mode = MIG_SHARE_TIMESLICE;
		else if (strcmp(a->value[OPT_SHARE], "mps"))
			return cli_usage_error(cmd, "bad --share '%s' (mps or timeslice)",
					       a->value[OPT_SHARE]);
	}
	*replicas = 2;
	if (r && util_parse_uint(r, 1, 1024, replicas))
		return cli_usage_error(cmd, "bad --replicas '%s' (1 to 1024)", r);
	return 0;
}

int cmd_share(const cli_cmd *cmd, int argc, char **argv)
{
	mig_node *node = NULL;
	mig_state *st = NULL;
	mig_share_mode mode = MIG_SHARE_MPS;
	unsigned replicas;
	char host[256] = "localhost", *text = NULL;
	cli_args a;
	int rc = cli_parse(&a, cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = check_args(cmd, &a, &mode, &replicas)))
		return rc;
	if (cli_open_node(&node))
		return CLI_EXIT_FAIL;
	rc = mig_node_read(&st, node);
	mig_node_close(node);
	if (rc)
		return cli_fail("reading the node", rc);
	if (!a.value[OPT_NODE] && gethostname(host, sizeof(host) - 1) == 0)
		host[strcspn(host, ".")] = '\0'; /* Slurm's NodeName is the short name */
	if (a.value[OPT_K8S])
		rc = share_k8s_config(&text, st, mode, replicas);
	else
		rc = share_slurm_config(&text, st, a.value[OPT_NODE] ? a.value[OPT_NODE] : host);
	mig_state_free(st);
	if (rc) {
		fprintf(stderr, "migctl share: %s\n", mig_errmsg());
		return CLI_EXIT_FAIL;
	}
	fputs(text, stdout);
	free(text);
	return 0;
}
