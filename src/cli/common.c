/*
 * common.c - what every migctl command needs: the node, GPU selection,
 * the output generation, and nvidia-smi's error texts and exit statuses.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "gen.h"
#include "mig_internal.h"

mig_backend cli_backend = MIG_BACKEND_EMULATED;

/* Roll back a transaction (an apply) killed halfway; a recovery that fails is a warning (the command goes on). */
static void recover_node(mig_node *node)
{
	char report[512];

	if (mig__node_recover(node, report, sizeof(report)))
		fprintf(stderr, "migctl: warning: %s\n", mig_errmsg());
	else if (*report)
		fprintf(stderr, "migctl: %s\n", report);
}

int cli_open_node(mig_node **out)
{
	int rc = mig_node_open_backend(out, cli_backend, NULL, MIG_NODE_CREATE);

	if (rc) {
		fprintf(stderr, "migctl: %s\n", mig_errmsg());
		return rc;
	}
	if (mig_node_created(*out))
		fprintf(stderr,
			"migctl: created the default emulated node at %s (one NVIDIA H100 80GB HBM3, MIG disabled)\n",
			mig_node_path(*out));
	recover_node(*out);
	return 0;
}

/* One token of a GPU list: libmig's lookup by index, UUID or bus id (mig_gpu_find). */
static int match_gpu(const mig_state *st, const char *tok, size_t len, unsigned *out)
{
	char buf[96];

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	return mig_gpu_find(out, st, buf) == MIG_SUCCESS ? 0 : -1;
}

int cli_gpu_list(unsigned *out, size_t *n, size_t cap, const mig_state *st, const char *arg,
		 const char **bad)
{
	static _Thread_local char badtok[96];
	const char *p = arg;

	*n = 0;
	while (1) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		unsigned idx;

		if (*n >= cap || match_gpu(st, p, len, &idx) != 0) {
			snprintf(badtok, sizeof(badtok), "%.*s", (int)(len < 90 ? len : 90), p);
			if (bad)
				*bad = badtok;
			return -1;
		}
		out[(*n)++] = idx;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

uint32_t cli_driver(const mig_state *st)
{
	mig_gpu_info g;
	uint32_t v = 0;

	if (mig_state_gpu_count(st) == 0 || mig_gpu_get(&g, st, 0) != MIG_SUCCESS)
		return 0;
	mig_driver_parse(&v, g.driver);
	return v;
}

/* §smi-A: injected codes, 470.256.02 / 535.261.03 / 580.178.04 (the texts: src/core/errtext.c). */
const char *smi_error_text(int code, uint32_t driver)
{
	const mig_code_text *t = mig__code_text(code);
	const char *text = NULL;

	if (t && cli_gen_of(driver)->r470_texts && t->smi_r470)
		text = t->smi_r470;
	else if (t && cli_gen_of(driver)->r580_texts && t->smi_r580)
		text = t->smi_r580;
	else if (t)
		text = t->smi;
	return text ? text : "Unknown Error";
}

int smi_exit_status(int code, uint32_t driver)
{
	switch (code) {
	case 0:
		return 0;
	case 2: case 3: case 4: case 6: case 8: case 9: case 11: case 12: case 13: case 14:
	case 15: case 17: case 19: case 23:
		return code;
	case 18:
		return cli_gen_of(driver)->r470_texts ? 255 : 18;
	default:
		return 255;
	}
}

void cli_json_print(void *json)
{
	json_t *j = json;
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (text) {
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	}
	json_decref(j);
}
