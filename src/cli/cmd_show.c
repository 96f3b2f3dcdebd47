/*
 * cmd_show.c - `migctl show [-i GPUS] [--json] [--color=auto|always|never]`:
 * a picture of each GPU's memory and compute slices, what occupies them,
 * the processes on them, and which profiles still fit where.
 *
 * Read-only (mig_node_read).  Rows (show_rows.c), then rendering: the
 * picture (show_draw.c) or one JSON document (show_json.c).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "show.h"

enum { OPT_GPU = 1, OPT_JSON, OPT_COLOR };

const cli_opt show_opts[] = {
	{OPT_GPU, 'i', "id", "GPUS", "only these GPUs: indices, UUIDs or PCI bus ids, comma-separated"},
	{OPT_JSON, 0, "json", NULL, "print one JSON document (schema migctl.show/1)"},
	{OPT_COLOR, 0, "color", "WHEN",
	 "auto (default: when stdout is a terminal and NO_COLOR is unset), always, never"},
	{0}};

/* --color: auto follows the terminal and the NO_COLOR convention (no-color.org). */
static int want_color(const char *when, int *out)
{
	if (!when || !strcmp(when, "auto")) {
		const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

		*out = isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
		return 0;
	}
	if (!strcmp(when, "always") || !strcmp(when, "never")) {
		*out = !strcmp(when, "always");
		return 0;
	}
	return -1;
}

/* The rows as one JSON document, or a picture each: CLI_EXIT_OK or the failure's exit status. */
static int render(const show_gpu *rows, size_t ngpu, int json, int color)
{
	json_t *doc, *arr;

	if (!json) {
		for (size_t i = 0; i < ngpu; i++) {
			if (i)
				fputc('\n', stdout);
			show_draw(stdout, &rows[i], color);
		}
		return fflush(stdout) ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	}
	doc = json_pack("{s:s,s:[]}", "schema", "migctl.show/1", "gpus");
	arr = doc ? json_object_get(doc, "gpus") : NULL;
	for (size_t i = 0; arr && i < ngpu; i++)
		if (json_array_append_new(arr, show_json_gpu(&rows[i])))
			arr = NULL;
	if (!arr) {
		json_decref(doc);
		return cli_fail("show", MIG_ERROR_MEMORY);
	}
	cli_json_print(doc);
	return fflush(stdout) ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_show(const cli_cmd *cmd, int argc, char **argv)
{
	unsigned gpus[64];
	size_t ngpu = 0;
	mig_node *node = NULL;
	mig_state *st = NULL;
	show_gpu *rows = NULL;
	int color = 0, ret = CLI_EXIT_FAIL, rc;
	cli_args a;

	rc = cli_parse(&a, cmd, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(cmd, "unexpected argument '%s'", a.pos[0]);
	if (want_color(a.value[OPT_COLOR], &color))
		return cli_usage_error(cmd, "unknown --color '%s' (auto, always, never)",
				       a.value[OPT_COLOR]);
	if (cli_open_node(&node))
		return CLI_EXIT_FAIL;
	rc = mig_node_read(&st, node);
	if (rc) {
		ret = cli_fail("reading the node", rc);
		goto fail;
	}
	if (a.value[OPT_GPU]) {
		const char *bad = NULL;

		if (cli_gpu_list(gpus, &ngpu, 64, st, a.value[OPT_GPU], &bad)) {
			ret = cli_usage_error(cmd, "no GPU '%s' (the node has %u GPU(s))", bad,
					      mig_state_gpu_count(st));
			goto fail;
		}
	} else {
		for (unsigned i = 0; i < mig_state_gpu_count(st) && i < 64; i++)
			gpus[ngpu++] = i;
	}
	/* All rows first: never print half a picture before failing. */
	rows = calloc(ngpu ? ngpu : 1, sizeof(*rows));
	if (!rows) {
		ret = cli_fail("show", MIG_ERROR_MEMORY);
		goto fail;
	}
	for (size_t i = 0; i < ngpu; i++) {
		rc = show_gpu_build(&rows[i], st, gpus[i]);
		if (rc) {
			char what[32];

			snprintf(what, sizeof(what), "GPU %u", gpus[i]);
			ret = cli_fail(what, rc);
			goto fail;
		}
	}
	ret = render(rows, ngpu, a.value[OPT_JSON] != NULL, color);
fail:
	for (size_t i = 0; rows && i < ngpu; i++)
		show_gpu_release(&rows[i]);
	free(rows);
	mig_state_free(st);
	mig_node_close(node);
	return ret;
}
