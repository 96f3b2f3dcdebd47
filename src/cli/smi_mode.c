/*
 * smi_mode.c - `nvidia-smi [-i N] -mig 0|1` (§smi-9.1):
 * set the MIG mode of each selected GPU and say what came of it, with
 * nvidia-smi's messages on stdout.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "smi.h"

/* 1 if s is an optionally signed decimal number. */
static int numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int smi_parse_mode(int *mode, FILE *f, const char *value, uint32_t driver)
{
	int r470 = cli_gen_of(driver)->r470_texts;
	unsigned v;

	if (!numeric(value)) {
		/* §smi-9.1: exit 2; R470's wording differs */
		if (r470)
			fprintf(f,
				"Provided [-mig | --multi-instance-gpu=] value is not a valid or is out of range: %s. Please run 'nvidia-smi -h' for help.\n\n",
				value);
		else
			fprintf(f, "ERROR: Option %s is invalid for -mig. Please run 'nvidia-smi -h' for help.\n\n",
				value);
		return 2;
	}
	/* nvidia-smi reads the number as an unsigned int ("%u"), wrapping like strtoul */
	v = (unsigned)strtoul(value, NULL, 10);
	if (value[0] == '-')
		v = (unsigned)-(unsigned)strtoul(value + 1, NULL, 10);
	if (v > 1) {
		/* R470 took any non-zero value for "enable" (§smi-9.1) */
		if (r470) {
			*mode = 1;
			return 0;
		}
		fprintf(f, "Invalid MIG Mode: %u\nTerminating early due to previous errors.\n", v);
		return 2;
	}
	*mode = (int)v;
	return 0;
}

int smi_render_mode_result(FILE *f, const smi_mode_result *r, int enable, uint32_t driver)
{
	const char *verb = enable ? "enable" : "disable";

	if (r->set_rc == MIG_ERROR_NOT_SUPPORTED) {
		fprintf(f, "Unable to %s MIG Mode for GPU %s: %s\nTreating as warning and moving on.\n",
			verb, r->bus_id, smi_error_text(r->set_rc, driver));
		return 0;
	}
	if (r->set_rc != MIG_SUCCESS) {
		fprintf(f, "Unable to %s MIG Mode for GPU %s: %s\nTerminating early due to previous errors.\n",
			verb, r->bus_id, smi_error_text(r->set_rc, driver));
		return 1;
	}
	if (r->activation == MIG_ERROR_IN_USE) {
		fprintf(f,
			"Warning: MIG mode is in pending %s state for GPU %s:%s\n"
			"%s is currently being used by one or more other processes (e.g. CUDA application or a monitoring application such as another instance of nvidia-smi). Please first kill all processes using the device and retry the command or reboot the system to make MIG mode effective.\n",
			verb, r->bus_id, smi_error_text(r->activation, driver), r->bus_id);
		return 0;
	}
	if (r->activation != MIG_SUCCESS) {
		/* no space after the second colon (§smi-9.1) */
		fprintf(f,
			"Warning: MIG mode is in pending %s state for GPU %s:%s\n"
			"Reboot the system or try nvidia-smi --gpu-reset to make MIG mode effective on GPU %s\n",
			verb, r->bus_id, smi_error_text(r->activation, driver), r->bus_id);
		return 0;
	}
	fprintf(f, "%s MIG Mode for GPU %s\n", enable ? "Enabled" : "Disabled", r->bus_id);
	/* not on the pending paths [B] */
	if (!r->persistence)
		fprintf(f,
			"\nWarning: persistence mode is disabled on device %s. See the Known Issues section of the nvidia-smi(1) man page for more information. Run with [--help | -h] switch to get more information on how to enable persistence mode.\n",
			r->bus_id);
	return 0;
}

static int fill_result(smi_mode_result *r, const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;
	mig_gpu_telemetry_info t;
	int rc;

	if ((rc = mig_gpu_get(&g, st, gpu)) || (rc = mig_gpu_telemetry(&t, st, gpu)))
		return rc;
	r->gpu = gpu;
	snprintf(r->bus_id, sizeof(r->bus_id), "%s", g.pci_bus_id);
	r->persistence = t.persistence_mode;
	r->current = g.mig_current;
	r->pending = g.mig_pending;
	return 0;
}

int smi_run_mode(const char *gpu_arg, const char *value, int json)
{
	mig_node *node = NULL;
	mig_state *st = NULL;
	smi_mode_result res[MIG_MAX_GPUS];
	unsigned gpus[MIG_MAX_GPUS];
	size_t n = 0, done = 0;
	uint32_t driver;
	int mode = 0, rc, status = 0, stop = 0, changed = 0;

	if ((rc = cli_open_node(&node)))
		return CLI_EXIT_FAIL;
	/* Validate everything before the batch: a bad value changes nothing. */
	if ((rc = mig_node_read(&st, node))) {
		mig_node_close(node);
		return cli_fail("reading the node", rc);
	}
	driver = cli_driver(st);
	status = smi_parse_mode(&mode, json ? stderr : stdout, value, driver);
	if (!status)
		status = smi_select(gpus, &n, st, gpu_arg, driver);
	mig_state_free(st);
	st = NULL;
	if (status) {
		mig_node_close(node);
		return status;
	}
	if ((rc = mig_node_begin(&st, node))) {
		mig_node_close(node);
		return cli_fail("opening the node", rc);
	}
	for (size_t i = 0; i < n && !stop; i++) {
		smi_mode_result *r = &res[done++];

		memset(r, 0, sizeof(*r));
		r->set_rc = mig_set_mig_mode(st, gpus[i], mode, &r->activation);
		changed |= r->set_rc == MIG_SUCCESS;
		if ((rc = fill_result(r, st, gpus[i])))
			break;
		stop = r->set_rc != MIG_SUCCESS && r->set_rc != MIG_ERROR_NOT_SUPPORTED;
		if (stop)
			status = smi_exit_status(r->set_rc, driver);
	}
	/*
	 * What nvidia-smi changed before it stopped stays changed (it talks to
	 * the driver GPU by GPU); the batch keeps those changes.
	 */
	if (rc)
		mig_node_abort(node, st);
	else if (changed && (rc = mig_node_commit(node, st)))
		status = cli_fail("writing the node", rc);
	else if (!changed)
		mig_node_abort(node, st);
	mig_node_close(node);
	if (rc && !status)
		return cli_fail("reading the GPU", rc);
	if (rc)
		return status; /* nothing was saved: no line may say otherwise */
	/* Only now that the changes are saved; --json: the document tells every outcome. */
	for (size_t i = 0; i < done; i++)
		if (!json || (stop && i == done - 1))
			smi_render_mode_result(json ? stderr : stdout, &res[i], mode, driver);
	if (json)
		smi_json_mode(res, done, mode, !stop, driver);
	else if (!stop)
		printf("All done.\n");
	return status;
}
