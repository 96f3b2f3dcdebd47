/*
 * cmd_slurm.c - `migctl slurm conf`: the Slurm configuration of this node's
 * GPUs (src/slurm, docs/slurm.md); `migctl slurm agent` is cmd_slurm_agent.c.
 *
 *   migctl slurm conf [--dir DIR] [--node NAME] [--slurm 22.05|23.02+] [--short-whole]
 *                     [--alias PROFILE=TYPE,...] [--future NAME [--allow PROFILES]]
 *                     [--partition NAME] [--gres]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "slurm.h"

enum { OPT_DIR = 1, OPT_NODE, OPT_SLURM, OPT_SHORT, OPT_ALIAS, OPT_FUTURE, OPT_ALLOW, OPT_PART,
       OPT_GRES };

#define MAX_ALIASES 32

const cli_opt slurm_opts[] = {{0}};

static const cli_opt conf_opts[] = {
	{OPT_DIR, 0, "dir", "DIR", "emulated node directory (default: the node migctl uses)"},
	{OPT_NODE, 0, "node", "NAME", "the NodeName (default: this host's short name)"},
	{OPT_SLURM, 0, "slurm", "VERSION", "22.05 (default) or 23.02+: how slurmd names MIG types"},
	{OPT_SHORT, 0, "short-whole", NULL, "short whole-GPU types (a100, h100) instead of full names"},
	{OPT_ALIAS, 0, "alias", "PROFILE=TYPE,...",
	 "a site's name for a profile's type (gpu=TYPE for whole GPUs), e.g. 3g.20gb=a100_3g.20gb"},
	{OPT_FUTURE, 0, "future", "NAME", "add a State=FUTURE node NAME declaring every allowed type"},
	{OPT_ALLOW, 0, "allow", "PROFILES", "the profiles the FUTURE node declares (default: all)"},
	{OPT_PART, 0, "partition", "NAME", "add partition NAME with TRESBillingWeights by GPU share"},
	{OPT_GRES, 0, "gres", NULL, "print only the node's Gres= value (for slurmd -Z --conf)"},
	{0}};

static const cli_cmd conf_cmd = {
	"slurm conf",
	"[--dir DIR] [--node NAME] [--slurm 22.05|23.02+] [--short-whole] [--alias P=T,...] "
	"[--future NAME [--allow PROFILES]] [--partition NAME] [--gres]",
	"Print gres.conf and the slurm.conf lines that declare this node's GPUs and MIG devices\n"
	"as slurmd's AutoDetect=nvml reports them, so that the node registers valid.",
	conf_opts, NULL};

/* "p=t,p=t" into aliases (split in place); -1 if malformed. */
static int parse_aliases(slurm_alias *out, size_t *n, char *text)
{
	char *save = NULL;

	*n = 0;
	for (char *tok = strtok_r(text, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || eq == tok || !eq[1] || *n >= MAX_ALIASES || strpbrk(eq + 1, ":, \t"))
			return -1;
		*eq = '\0';
		out[*n].profile = tok;
		out[(*n)++].alias = eq + 1;
	}
	return 0;
}

static int read_node(mig_state **st, const char *dir)
{
	mig_node *node = NULL;
	int rc = dir ? mig_node_open(&node, dir, 0) : cli_open_node(&node);

	if (!rc)
		rc = mig_node_read(st, node);
	mig_node_close(node);
	return rc;
}

static int sub_conf(int argc, char **argv)
{
	slurm_alias aliases[MAX_ALIASES];
	slurm_conf_opts o = {0};
	char host[256], *alias_text = NULL, *text = NULL;
	mig_state *st = NULL;
	cli_args a;
	int rc = cli_parse(&a, &conf_cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(&conf_cmd, "unexpected argument '%s'", a.pos[0]);
	if (a.value[OPT_SLURM] && slurm_version_parse(&o.version, a.value[OPT_SLURM]))
		return cli_usage_error(&conf_cmd, "--slurm '%s' is not 22.05 or 23.02+ (23.02, 23.11, 24.05, ...)",
				       a.value[OPT_SLURM]);
	if (a.value[OPT_ALIAS] && (!(alias_text = strdup(a.value[OPT_ALIAS])) ||
				   parse_aliases(aliases, &o.nalias, alias_text))) {
		free(alias_text);
		return cli_usage_error(&conf_cmd, "--alias '%s' is not PROFILE=TYPE[,PROFILE=TYPE]... (TYPE without ':', ',' or blanks)",
				       a.value[OPT_ALIAS]);
	}
	if (a.value[OPT_ALLOW] && !a.value[OPT_FUTURE]) {
		free(alias_text);
		return cli_usage_error(&conf_cmd, "--allow needs --future NAME");
	}
	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	host[strcspn(host, ".")] = '\0';
	o.node = a.value[OPT_NODE] ? a.value[OPT_NODE] : host;
	o.short_whole = a.count[OPT_SHORT] > 0;
	o.alias = aliases;
	o.future = a.value[OPT_FUTURE];
	o.allowed = a.value[OPT_ALLOW];
	o.partition = a.value[OPT_PART];
	if ((rc = read_node(&st, a.value[OPT_DIR]))) {
		free(alias_text);
		return cli_fail("reading the node", rc);
	}
	if (a.count[OPT_GRES]) {
		slurm_type t[SLURM_MAX_TYPES];
		char gres[4096];
		size_t n;

		if (!(rc = slurm_node_types(t, SLURM_MAX_TYPES, &n, st, &o)) &&
		    !(rc = slurm_gres_value(gres, sizeof(gres), t, n)))
			printf("%s\n", gres);
	} else if (!(rc = slurm_conf_text(&text, st, &o))) {
		fputs(text, stdout);
	}
	free(text);
	free(alias_text);
	mig_state_free(st);
	return rc ? CLI_EXIT_FAIL : 0;
}

int cmd_slurm(const cli_cmd *cmd, int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
		cli_usage(argc < 1 ? stderr : stdout, cmd);
		fprintf(argc < 1 ? stderr : stdout, "  migctl %s %s\n", conf_cmd.name, conf_cmd.args);
		fprintf(argc < 1 ? stderr : stdout, "  migctl %s %s\n", slurm_agent_cmd.name,
			slurm_agent_cmd.args);
		return argc < 1 ? CLI_EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "conf"))
		return sub_conf(argc - 1, argv + 1);
	if (!strcmp(argv[0], "agent"))
		return cmd_slurm_agent(argc - 1, argv + 1);
	return cli_usage_error(cmd, "unknown subcommand '%s' (conf, agent)", argv[0]);
}
