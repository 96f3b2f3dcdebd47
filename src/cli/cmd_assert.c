/*
 * cmd_assert.c - `migctl assert`: check that the GPUs hold a mig-parted config's
 * layout and print the differences (docs/layouts.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_cmd.h"

const cli_opt assert_opts[] = {
	{OPT_FILE, 'f', "config-file", "FILE", "the mig-parted config (- reads standard input) [$MIG_PARTED_CONFIG_FILE]"},
	{OPT_CONFIG, 'c', "selected-config", "NAME", "the config to check [$MIG_PARTED_SELECTED_CONFIG]"},
	{OPT_MODE_ONLY, 'm', "mode-only", NULL, "only check MIG modes [$MIG_PARTED_MODE_CHANGE_ONLY]"},
	{OPT_VALID, 'a', "valid-config", NULL, "only check that the file and config are valid [$MIG_PARTED_VALID_CONFIG]"},
	{0}};

int cmd_assert(const cli_cmd *cmd, int argc, char **argv)
{
	layout_config *cfg = NULL;
	const layout_named *nm;
	layout_target *targets = NULL;
	layout_notes notes = {0};
	mig_node *node = NULL;
	mig_state *st = NULL;
	const char *file;
	int mode_only, valid, ok = 1, ret;
	cli_args a;

	LAYOUT_CLI_PARSE_OR_RETURN(&a, cmd, argc, argv);
	if ((ret = layout_cli_opt_bool(cmd, &a, OPT_MODE_ONLY, "MIG_PARTED_MODE_CHANGE_ONLY", &mode_only)) ||
	    (ret = layout_cli_opt_bool(cmd, &a, OPT_VALID, "MIG_PARTED_VALID_CONFIG", &valid)))
		return ret;
	if ((ret = layout_cli_read_selected(&cfg, &nm, &file, cmd, &a)) != 0) {
		if (ret == CLI_EXIT_USAGE)
			return ret;
		goto out;
	}
	ret = CLI_EXIT_FAIL;
	if (valid) {
		/* §parted-4: syntax and selection only, no hardware */
		printf("Selected MIG configuration is valid\n");
		ret = CLI_EXIT_OK;
		goto out;
	}
	if (layout_cli_read_node(&node, &st))
		goto out;
	targets = calloc(mig_state_gpu_count(st) ? mig_state_gpu_count(st) : 1, sizeof(*targets));
	if (!targets) {
		ret = cli_fail("asserting", MIG_ERROR_MEMORY);
		goto out;
	}
	if (layout_targets(targets, nm, st, &notes)) {
		layout_cli_notes(&notes);
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		fprintf(stderr, "migctl: Assertion failure: selected configuration not currently applied\n");
		goto out;
	}
	layout_cli_notes(&notes);
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		layout_gpu_have h;
		layout_notes diff = {0};
		mig_gpu_info info;

		/* --mode-only checks the GPUs the config visits; a full assert, every GPU (§parted-4) */
		if (mode_only && !targets[g].covered)
			continue;
		if (layout_gpu_read(&h, st, g) || mig_gpu_get(&info, st, g)) {
			ret = cli_fail("reading the node", MIG_ERROR_UNKNOWN);
			goto out;
		}
		if (!layout_matches(&h, &targets[g], mode_only, &diff)) {
			ok = 0;
			for (size_t i = 0; i < diff.n; i++)
				printf("GPU %u (%s): %s\n", g, mig_model_name(info.model), diff.text[i]);
		}
		layout_notes_clear(&diff);
	}
	if (!ok) {
		fflush(stdout);
		fprintf(stderr, "migctl: Assertion failure: selected configuration not currently applied\n");
		goto out;
	}
	printf("%s\n", mode_only ? "Selected MIG mode settings from configuration currently applied"
				 : "Selected MIG configuration currently applied");
	ret = CLI_EXIT_OK;
out:
	layout_notes_clear(&notes);
	free(targets);
	mig_state_free(st);
	mig_node_close(node);
	layout_config_free(cfg);
	return ret;
}
