/*
 * cmd_checkpoint.c - `migctl checkpoint`: the exact layout (placements, GI and CI IDs)
 * as mig-parted checkpoint JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"
#include "mig_internal.h"

const cli_opt checkpoint_opts[] = {
	{OPT_OUTPUT, 'o', "output", "FILE", "write the checkpoint here (default: standard output) [$MIG_PARTED_CHECKPOINT_FILE]"},
	{OPT_OUTPUT, 'f', "checkpoint-file", "FILE", "same as --output"},
	{0}};

int cmd_checkpoint(const cli_cmd *cmd, int argc, char **argv)
{
	layout_snapshot *s = NULL;
	mig_node *node = NULL;
	mig_state *st = NULL;
	char *text = NULL;
	const char *out;
	int ret = CLI_EXIT_FAIL, rc;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	out = layout_cli_opt_env(&a, OPT_OUTPUT, "MIG_PARTED_CHECKPOINT_FILE");
	if (cli_open_node(&node))
		goto done;
	if ((rc = mig_node_read(&st, node)) || (rc = layout_snapshot_take(&s, st, NULL, 0)) ||
	    (rc = layout_snapshot_json(&text, s))) {
		ret = cli_fail("checkpointing", rc);
		goto done;
	}
	if (!out || !strcmp(out, "-")) {
		printf("%s\n", text);
		ret = CLI_EXIT_OK;
		goto done;
	}
	if (mig__write_durable(out, text, 0644)) {
		fprintf(stderr, "migctl: Error checkpointing MIG configuration: %s\n", mig_errmsg());
		goto done;
	}
	printf("MIG configuration checkpointed successfully\n");
	ret = CLI_EXIT_OK;
done:
	free(text);
	layout_snapshot_free(s);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}
