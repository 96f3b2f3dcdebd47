/*
 * gpu_spec.c - the text form of "which GPUs to emulate".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"

static const char *const policies[] = {"auto", "passthrough", "passthrough-no-reset"};

int mig_gpu_spec_parse(mig_gpu_spec *out, unsigned *count, char *text)
{
	char *opts, *at, *colon, *tok, *save = NULL;
	char shown[96];
	unsigned n = 1;

	if (!text || !*text)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "empty GPU: expected MODEL[:COUNT][@DRIVER][,mirrored][,reset=POLICY]");
	snprintf(shown, sizeof(shown), "%s", text);
	memset(out, 0, sizeof(*out));
	opts = strchr(text, ',');
	if (opts)
		*opts++ = '\0';
	at = strchr(text, '@');
	if (at) {
		uint32_t drv;
		int rc;

		*at++ = '\0';
		if ((rc = mig_driver_parse(&drv, at)))
			return rc;
		out->driver = at;
	}
	colon = strchr(text, ':');
	if (colon) {
		char *end;
		unsigned long v;

		*colon++ = '\0';
		v = strtoul(colon, &end, 10);
		if (!*colon || *end || v < 1 || v > MIG_MAX_GPUS || colon[0] == '-' || colon[0] == '+')
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': count '%s' is not a number from 1 to %d", shown,
					 colon, MIG_MAX_GPUS);
		n = (unsigned)v;
	}
	out->model = mig_catalog_find(text);
	if (!out->model)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "GPU '%s': unknown model '%s' (see the catalog's keys, e.g. H100-SXM5-80GB)",
				 shown, text);
	for (tok = opts ? strtok_r(opts, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		if (!strcmp(tok, "mirrored")) {
			out->mirrored = 1;
			continue;
		}
		if (strncmp(tok, "reset=", 6))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': unknown option '%s' (allowed: mirrored, reset=auto|passthrough|passthrough-no-reset)",
					 shown, tok);
		for (i = 0; i < 3 && strcmp(tok + 6, policies[i]); i++)
			;
		if (i == 3)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': reset policy '%s' is not auto, passthrough or passthrough-no-reset",
					 shown, tok + 6);
		out->reset = (mig_reset_policy)i;
	}
	if (count)
		*count = n;
	return MIG_SUCCESS;
}
