/*
 * gpu_spec.c - the text form of "which GPUs to emulate".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"

static const char *const policies[] = {"auto", "passthrough", "passthrough-no-reset"};

#define OPTIONS_ALLOWED \
	"mirrored, reset=auto|passthrough|passthrough-no-reset, uuid=GPU-..., serial=TEXT, " \
	"bus=DDDDDDDD:BB:DD.F, persistence=on|off, numa=N, cpus=LIST (e.g. 0-15+32-47)"

/* "GPU '<shown>': <the refusal just recorded>", as an invalid argument. */
static int because(const char *shown)
{
	char why[512];

	snprintf(why, sizeof(why), "%s", mig_errmsg());
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU '%s': %s", shown, why);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * A PCI bus id as nvidia-smi prints it: "%08X:%02X:%02X.%X"
 * (§smi-9.1).  Lower-case hex is accepted and upper-cased
 * in place, so the node keeps the printed form.
 */
static int parse_bus_id(char *v)
{
	static const char shape[] = "hhhhhhhh:hh:hh.h";

	if (strlen(v) != sizeof(shape) - 1)
		return -1;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'h' ? !is_hex(v[i]) : v[i] != shape[i])
			return -1;
		if (v[i] >= 'a' && v[i] <= 'f')
			v[i] = (char)(v[i] - 'a' + 'A');
	}
	return 0;
}

/* One ",OPTION" of a GPU request; `shown` is the request for messages. */
static int parse_option(mig_gpu_spec *out, char *tok, const char *shown)
{
	char *eq = strchr(tok, '=');
	char *v = eq ? eq + 1 : NULL;
	size_t i;

	if (!strcmp(tok, "mirrored")) {
		out->mirrored = 1;
		return MIG_SUCCESS;
	}
	if (!v)
		goto unknown;
	*eq = '\0';
	if (!strcmp(tok, "reset")) {
		for (i = 0; i < 3 && strcmp(v, policies[i]); i++)
			;
		if (i == 3)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': reset policy '%s' is not auto, passthrough or passthrough-no-reset",
					 shown, v);
		out->reset = (mig_reset_policy)i;
	} else if (!strcmp(tok, "uuid")) {
		/* the form is checked by mig_state_add_gpu, which says what it wants */
		if (!*v)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU '%s': empty uuid=", shown);
		out->uuid = v;
	} else if (!strcmp(tok, "serial")) {
		if (!*v)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU '%s': empty serial=", shown);
		out->serial = v;
	} else if (!strcmp(tok, "bus")) {
		if (parse_bus_id(v))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': bus id '%s' is not of the form 00000000:36:00.0 (hex domain:bus:device.function)",
					 shown, v);
		out->pci_bus_id = v;
	} else if (!strcmp(tok, "persistence")) {
		if (strcmp(v, "on") && strcmp(v, "off"))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': persistence '%s' is not on or off", shown, v);
		out->persistence_off = !strcmp(v, "off");
	} else if (!strcmp(tok, "numa")) {
		char *end;
		unsigned long n = strtoul(v, &end, 10);

		if (*v < '0' || *v > '9' || *end || n >= MIG_MAX_CPUS)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU '%s': NUMA node '%s' is not a number from 0 to %d",
					 shown, v, MIG_MAX_CPUS - 1);
		out->numa_node = (unsigned)n + 1;
	} else if (!strcmp(tok, "cpus")) {
		uint64_t mask[MIG_MAX_CPUS / 64];

		if (mig_cpulist_parse(mask, MIG_MAX_CPUS / 64, v, '+'))
			return because(shown);
		out->cpus = v;
	} else {
		*eq = '=';
		goto unknown;
	}
	return MIG_SUCCESS;
unknown:
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU '%s': unknown option '%s' (allowed: %s)",
			 shown, tok, OPTIONS_ALLOWED);
}

int mig_gpu_spec_parse(mig_gpu_spec *out, unsigned *count, char *text)
{
	char *opts, *at, *colon, *tok, *save = NULL;
	char shown[160];
	unsigned n = 1;

	if (!text || !*text)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "empty GPU: expected MODEL[:COUNT][@DRIVER][,OPTION]... (options: " OPTIONS_ALLOWED ")");
	snprintf(shown, sizeof(shown), "%s", text);
	memset(out, 0, sizeof(*out));
	out->version = MIG_GPU_SPEC_VERSION;
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
	switch (mig_catalog_resolve(&out->model, text)) {
	case MIG_SUCCESS:
		break;
	case MIG_ERROR_NOT_FOUND:
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "GPU '%s': unknown model '%s' (see the catalog's keys, e.g. H100-SXM5-80GB)",
				 shown, text);
	default:
		return because(shown);
	}
	if (out->driver) {
		uint32_t drv;

		if (mig_driver_parse(&drv, out->driver) || mig_model_driver_check(out->model, drv))
			return because(shown);
	}
	for (tok = opts ? strtok_r(opts, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		int rc = parse_option(out, tok, shown);

		if (rc)
			return rc;
	}
	if (count)
		*count = n;
	return MIG_SUCCESS;
}
