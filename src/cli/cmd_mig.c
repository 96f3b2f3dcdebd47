/*
 * cmd_mig.c - `migctl mig ...`, nvidia-smi's `mig` subcommand byte for
 * byte (public nvidia-smi transcripts; docs/cli-mig.md), plus --json.
 *
 * This file reads and checks the command line, opens the node, and hands
 * the work to smig_*.c (see smig.h).  Every check of the command line is
 * done before the node is touched.
 */
#include <stdlib.h>
#include <string.h>

#include "smig.h"
#include "util.h"

enum {
	OPT_I = 1, OPT_LGIP, OPT_LGIPP, OPT_LCIP, OPT_LCIPP, OPT_LGI, OPT_LCI, OPT_CGI,
	OPT_CCI, OPT_DCI, OPT_DGI, OPT_C, OPT_GI, OPT_CI, OPT_JSON
};

/* nvidia-smi's short spellings (-lgip) and long ones (--list-gpu-instance-profiles). */
const cli_opt smig_opts[] = {
	{OPT_I, 'i', "id", "GPUS", "GPUs to work on: indices, UUIDs or PCI bus ids, comma-separated (default: all)"},
	{OPT_LGIP, 0, "lgip", NULL, "list GPU instance profiles"},
	{OPT_LGIP, 0, "list-gpu-instance-profiles", NULL, "  (same as -lgip)"},
	{OPT_LGIPP, 0, "lgipp", NULL, "list the possible placements of each GPU instance profile"},
	{OPT_LGIPP, 0, "list-gpu-instance-possible-placements", NULL, "  (same as -lgipp)"},
	{OPT_LCIP, 0, "lcip", NULL, "list compute instance profiles [-gi IDS]"},
	{OPT_LCIP, 0, "list-compute-instance-profiles", NULL, "  (same as -lcip)"},
	{OPT_LCIPP, 0, "lcipp", NULL, "list the possible placements of compute instance profiles [-gi IDS]"},
	{OPT_LCIPP, 0, "list-compute-instance-possible-placements", NULL, "  (same as -lcipp)"},
	{OPT_LGI, 0, "lgi", NULL, "list GPU instances"},
	{OPT_LGI, 0, "list-gpu-instances", NULL, "  (same as -lgi)"},
	{OPT_LCI, 0, "lci", NULL, "list compute instances [-gi IDS]"},
	{OPT_LCI, 0, "list-compute-instances", NULL, "  (same as -lci)"},
	{OPT_CGI, 0, "cgi", "LIST", "create GPU instances: PROFILE[:START],... (ID, 3g.40gb or 'MIG 3g.40gb')"},
	{OPT_CGI, 0, "create-gpu-instance", "LIST", "  (same as -cgi)"},
	{OPT_CCI, 0, "cci", "[LIST]", "create compute instances: PROFILE[:START],... in the -gi GPU instances (every GI without -gi; no LIST: the * profile of -lcip)"},
	{OPT_CCI, 0, "create-compute-instance", "[LIST]", "  (same as -cci)"},
	{OPT_DCI, 0, "dci", NULL, "destroy compute instances [-ci IDS] [-gi IDS]"},
	{OPT_DCI, 0, "destroy-compute-instance", NULL, "  (same as -dci)"},
	{OPT_DGI, 0, "dgi", NULL, "destroy GPU instances [-gi IDS]"},
	{OPT_DGI, 0, "destroy-gpu-instance", NULL, "  (same as -dgi)"},
	{OPT_C, 'C', "default-compute-instance", NULL, "with -cgi: also create each GPU instance's default compute instance"},
	{OPT_GI, 0, "gi", "IDS", "GPU instance IDs, comma-separated"},
	{OPT_GI, 0, "gpu-instance-id", "IDS", "  (same as -gi)"},
	{OPT_CI, 0, "ci", "IDS", "compute instance IDs, comma-separated (with -dci)"},
	{OPT_CI, 0, "compute-instance-id", "IDS", "  (same as -ci)"},
	{OPT_JSON, 0, "json", NULL, "print one JSON document instead of nvidia-smi's text (docs/cli-mig.md)"},
	{0}};

static const struct {
	int opt;
	smig_verb verb;
	const char *name;
} verbs[] = {
	{OPT_LGIP, MV_LGIP, "-lgip"},   {OPT_LGIPP, MV_LGIPP, "-lgipp"}, {OPT_LCIP, MV_LCIP, "-lcip"},
	{OPT_LCIPP, MV_LCIPP, "-lcipp"}, {OPT_LGI, MV_LGI, "-lgi"},       {OPT_LCI, MV_LCI, "-lci"},
	{OPT_CGI, MV_CGI, "-cgi"},       {OPT_CCI, MV_CCI, "-cci"},       {OPT_DCI, MV_DCI, "-dci"},
	{OPT_DGI, MV_DGI, "-dgi"},
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

/*
 * --help in nvidia-smi's spelling: "-lgip, --list-gpu-instance-profiles".
 * An entry whose help starts with "  (same as" is the long alias of the one
 * before it.
 */
static void help(const cli_cmd *cmd)
{
	printf("usage: migctl mig [-i GPUS] VERB [-gi IDS] [-ci IDS] [-C] [--json]\n\n%s\n"
	       "The text is nvidia-smi's, byte for byte, for the node's driver (docs/cli-mig.md).\n\n"
	       "verbs and options:\n",
	       cmd->summary);
	for (const cli_opt *o = smig_opts; o->id; o++) {
		const cli_opt *alias = o[1].id == o->id ? &o[1] : NULL;
		char left[96];
		int n;

		if (!strncmp(o->help, "  (same as", 10))
			continue;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, --%s", o->short_name, o->long_name);
		else if (alias)
			n = snprintf(left, sizeof(left), "-%s, --%s", o->long_name, alias->long_name);
		else
			n = snprintf(left, sizeof(left), "--%s", o->long_name);
		if (o->arg && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->arg);
		printf("  %s\n      %s\n", left, o->help);
	}
	printf("  -h, --help\n      show this help\n");
}

static int is_cci(const char *a)
{
	return !strcmp(a, "-cci") || !strcmp(a, "--cci") || !strcmp(a, "-create-compute-instance") ||
	       !strcmp(a, "--create-compute-instance");
}

/* "-gi 1,2" -> ids; 0, or a usage error naming the bad token. */
static int parse_ids(const cli_cmd *cmd, const char *opt, const char *arg, unsigned *ids,
		     size_t *n)
{
	const char *p = arg;

	*n = 0;
	while (1) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char tok[16];
		uint64_t v;

		if (len == 0 || len >= sizeof(tok) || strspn(p, "0123456789") < len)
			return cli_usage_error(cmd,
					       "%s: '%.*s' is not an instance ID (give numbers, comma-separated, e.g. %s 1,2)",
					       opt, (int)(len < 40 ? len : 40), p, opt);
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (util_parse_u64(tok, 0, 0xFFFFFFFEu, &v) || *n >= MIGCLI_MAX_IDS)
			return cli_usage_error(cmd, "%s: '%s' is out of range (at most %d IDs below %lu)",
					       opt, tok, MIGCLI_MAX_IDS, 0xFFFFFFFFul);
		ids[(*n)++] = (unsigned)v;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* Turn the parsed options into ctx; every check happens here, before the node is opened. */
static int check(smig_ctx *ctx, const cli_cmd *cmd, const cli_args *a)
{
	const char *verb_name = NULL;
	int rc;

	for (size_t i = 0; i < NVERBS; i++) {
		if (!a->count[verbs[i].opt])
			continue;
		if (ctx->verb)
			return cli_usage_error(cmd, "%s and %s cannot be combined: give one of -lgip, -lgipp, -lcip, -lcipp, -lgi, -lci, -cgi, -cci, -dci, -dgi",
					       verb_name, verbs[i].name);
		ctx->verb = verbs[i].verb;
		verb_name = verbs[i].name;
	}
	if (a->npos) {
		/* §smi-8.2: nvidia-smi's own words, on stdout, exit 2. */
		printf("Option \"%s\" is not recognized.\n", a->pos[0]);
		return CLI_EXIT_USAGE;
	}
	if (!ctx->verb)
		return cli_usage_error(cmd, "nothing to do: give one of -lgip, -lgipp, -lcip, -lcipp, -lgi, -lci, -cgi, -cci, -dci, -dgi");
	ctx->json = a->count[OPT_JSON] > 0;
	ctx->gpu_arg = a->value[OPT_I];
	if (ctx->gpu_arg && !*ctx->gpu_arg)
		return cli_usage_error(cmd, "-i: empty GPU list (give indices, UUIDs or PCI bus ids, comma-separated)");
	ctx->default_ci = a->count[OPT_C] > 0;
	if (ctx->default_ci && ctx->verb != MV_CGI)
		return cli_usage_error(cmd, "-C (--default-compute-instance) goes with -cgi, not %s", verb_name);
	if (ctx->verb == MV_CGI || ctx->verb == MV_CCI)
		ctx->list = a->value[ctx->verb == MV_CGI ? OPT_CGI : OPT_CCI];
	if (a->count[OPT_GI]) {
		if (ctx->verb != MV_LCIP && ctx->verb != MV_LCIPP && ctx->verb != MV_LCI &&
		    ctx->verb != MV_CCI && ctx->verb != MV_DCI && ctx->verb != MV_DGI)
			return cli_usage_error(cmd, "-gi goes with -lcip, -lcipp, -lci, -cci, -dci or -dgi, not %s",
					       verb_name);
		ctx->have_gi = 1;
		if ((rc = parse_ids(cmd, "-gi", a->value[OPT_GI], ctx->gi_ids, &ctx->ngi_ids)))
			return rc;
	}
	if (a->count[OPT_CI]) {
		if (ctx->verb != MV_DCI)
			return cli_usage_error(cmd, "-ci goes with -dci, not %s", verb_name);
		ctx->have_ci = 1;
		if ((rc = parse_ids(cmd, "-ci", a->value[OPT_CI], ctx->ci_ids, &ctx->nci_ids)))
			return rc;
	}
	return 0;
}

/* A list verb's "nothing to show" ending: nvidia-smi's line, or in JSON mode stderr. */
static int outcome(const smig_ctx *ctx, smig_outcome o, int code)
{
	smig_result r = {0};

	r.outcome = o;
	r.code = code;
	smig_print_outcome(ctx->json ? stderr : stdout, ctx, o, code);
	return smig_result_exit(ctx, &r);
}

static void json_empty(const smig_ctx *ctx)
{
	smig_rows none = {0};

	switch (ctx->verb) {
	case MV_LGIP: smig_json_gip(ctx, &none); break;
	case MV_LGIPP: smig_json_gipp(ctx, &none); break;
	case MV_LCIP: smig_json_cip(ctx, &none); break;
	case MV_LCIPP: smig_json_cipp(ctx, &none); break;
	case MV_LGI: smig_json_gis(ctx, NULL, 0); break;
	case MV_LCI: smig_json_cis(ctx, NULL, 0); break;
	default: break;
	}
}

static int list_profiles(smig_ctx *ctx)
{
	unsigned gpus[MIG_MAX_GPUS];
	size_t n;
	smig_rows rows;
	int rc;

	/* §smi-3.3, §smi-9.4: R550+ lists profiles of GPUs whose MIG mode is disabled too. */
	if (ctx->gen.disabled_lists_profiles) {
		memcpy(gpus, ctx->gpus, ctx->ngpus * sizeof(gpus[0]));
		n = ctx->ngpus;
	} else {
		n = smig_enabled_gpus(ctx, gpus, MIG_MAX_GPUS);
	}
	if (!n) {
		/* --json: the empty document whatever the exit status (exit 6 up to R545). */
		rc = outcome(ctx, SMIG_NO_MIG, MIG_ERROR_NOT_FOUND);
		if (ctx->json && rc >= 0)
			json_empty(ctx);
		return rc;
	}
	if ((rc = smig_rows_gip(&rows, ctx, gpus, n)))
		return cli_fail("listing GPU instance profiles", rc);
	if (ctx->json)
		(ctx->verb == MV_LGIP ? smig_json_gip : smig_json_gipp)(ctx, &rows);
	else if (ctx->verb == MV_LGIP)
		smig_print_lgip(stdout, ctx, &rows);
	else
		smig_print_lgipp(stdout, &rows);
	smig_rows_free(&rows);
	return 0;
}

static int list_instances(smig_ctx *ctx)
{
	unsigned gpus[MIG_MAX_GPUS];
	size_t n = smig_enabled_gpus(ctx, gpus, MIG_MAX_GPUS), ngis = 0, ncis = 0;
	smig_gi_ref *gis = NULL;
	smig_ci_ref *cis = NULL;
	smig_rows rows = {0};
	int rc;

	if (!n) {
		/* --json: the empty document whatever the exit status (exit 6 up to R545). */
		rc = outcome(ctx, SMIG_NO_MIG, MIG_ERROR_NOT_FOUND);
		if (ctx->json && rc >= 0)
			json_empty(ctx);
		return rc;
	}
	if ((rc = smig_collect_gis(&gis, &ngis, ctx, gpus, n)))
		return cli_fail("listing GPU instances", rc);
	if (!ngis) {
		/* §smi-5, §smi-6, §smi-7: no GIs (or none matching -gi). */
		rc = outcome(ctx, SMIG_NO_GIS, MIG_ERROR_NOT_FOUND);
		goto done;
	}
	switch (ctx->verb) {
	case MV_LGI:
		if (ctx->json)
			smig_json_gis(ctx, gis, ngis);
		else
			smig_print_lgi(stdout, ctx, gis, ngis);
		break;
	case MV_LCI:
		if ((rc = smig_collect_cis(&cis, &ncis, ctx, gis, ngis))) {
			rc = cli_fail("listing compute instances", rc);
			goto done;
		}
		if (!ncis) {
			rc = outcome(ctx, SMIG_NO_CIS, MIG_ERROR_NOT_FOUND);
			goto done;
		}
		if (ctx->json)
			smig_json_cis(ctx, cis, ncis);
		else
			smig_print_lci(stdout, ctx, cis, ncis);
		break;
	default: /* -lcip, -lcipp */
		if ((rc = smig_rows_cip(&rows, ctx, gis, ngis))) {
			rc = cli_fail("listing compute instance profiles", rc);
			goto done;
		}
		if (ctx->json)
			(ctx->verb == MV_LCIP ? smig_json_cip : smig_json_cipp)(ctx, &rows);
		else if (ctx->verb == MV_LCIP)
			smig_print_lcip(stdout, &rows);
		else
			smig_print_lcipp(stdout, &rows);
		break;
	}
done:
	smig_rows_free(&rows);
	free(gis);
	free(cis);
	return rc;
}

static int list(smig_ctx *ctx, mig_node *node)
{
	int rc = mig_node_read(&ctx->st, node);

	if (rc)
		return cli_fail("reading the node", rc);
	ctx->driver = cli_driver(ctx->st);
	smig_gen_for(&ctx->gen, ctx->driver);
	if (ctx->verb == MV_LCIPP && !ctx->gen.has_lcipp) {
		/* §smi-nvml-3: the option does not exist before R525 (stdout, exit 2). */
		printf("Option \"%s\" is not recognized.\n", ctx->lcipp_spelling);
		rc = CLI_EXIT_USAGE;
	} else if ((rc = smig_select_gpus(ctx)) == 0)
		rc = ctx->verb == MV_LGIP || ctx->verb == MV_LGIPP ? list_profiles(ctx)
								   : list_instances(ctx);
	mig_state_free(ctx->st);
	ctx->st = NULL;
	return rc;
}

/* One batch: run the verb, keep what succeeded (§smi-8.2), then print. */
static int mutate(smig_ctx *ctx, mig_node *node)
{
	smig_result r = {0};
	int rc = mig_node_begin(&ctx->st, node), status;

	if (rc)
		return cli_fail("opening the node for changes", rc);
	ctx->driver = cli_driver(ctx->st);
	smig_gen_for(&ctx->gen, ctx->driver);
	rc = smig_select_gpus(ctx);
	if (rc) {
		mig_node_abort(node, ctx->st);
		return rc;
	}
	switch (ctx->verb) {
	case MV_CGI: smig_do_cgi(&r, ctx); break;
	case MV_CCI: smig_do_cci(&r, ctx); break;
	case MV_DCI: smig_do_dci(&r, ctx); break;
	default: smig_do_dgi(&r, ctx); break;
	}
	if (r.n) {
		rc = mig_node_commit(node, ctx->st);
		if (rc) {
			smig_result_free(&r);
			return cli_fail("saving the node", rc);
		}
	} else {
		mig_node_abort(node, ctx->st);
	}
	ctx->st = NULL;
	status = smig_result_exit(ctx, &r);
	if (ctx->json) {
		smig_json_changes(ctx, &r);
		smig_print_failure(stderr, ctx, &r);
	} else {
		smig_print_result(stdout, ctx, &r);
	}
	smig_result_free(&r);
	return status;
}

int cmd_mig(const cli_cmd *cmd, int argc, char **argv)
{
	smig_ctx ctx;
	cli_args a;
	mig_node *node = NULL;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc;

	if (!args)
		return cli_fail("migctl mig", MIG_ERROR_MEMORY);
	/*
	 * -cci takes an optional list: "-cci -gi 1" and "-cci 0,0 -gi 1" (§smi-8.3).
	 * A -cci followed by an option (or nothing) becomes "-cci=" (the default).
	 */
	for (int i = 0; i < argc; i++)
		args[i] = is_cci(argv[i]) && (i + 1 >= argc || argv[i + 1][0] == '-') ? "-cci="
										      : argv[i];
	memset(&ctx, 0, sizeof(ctx));
	ctx.lcipp_spelling = "-lcipp";
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--list-compute-instance-possible-placements"))
			ctx.lcipp_spelling = argv[i];
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help(cmd);
			free(args);
			return 0;
		}
	}
	rc = cli_parse(&a, cmd, argc, args);
	if (rc == 0)
		rc = check(&ctx, cmd, &a);
	if (rc == 0 && cli_open_node(&node) != 0)
		rc = CLI_EXIT_FAIL;
	if (rc == 0)
		rc = ctx.verb >= MV_CGI ? mutate(&ctx, node) : list(&ctx, node);
	mig_node_close(node);
	free(args);
	return rc < 0 ? 0 : rc;
}
