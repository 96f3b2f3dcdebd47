/*
 * smi_reset.c - `nvidia-smi [-i N] -r` / `--gpu-reset`
 * (§smi-9.3): reset the selected GPUs, which makes a pending MIG mode current.
 *
 * Decided (docs/cli-smi.md; §smi-9.3 leaves the failure paths open): the
 * reset is all or nothing.  Every GPU is checked first; if one cannot be
 * reset, each refusal is printed, nothing is reset and the exit status is
 * the first refusal's.  Otherwise one success line per GPU, then "All done.".
 */
#include <string.h>

#include "smi.h"

void smi_render_reset_result(FILE *f, const smi_reset_result *r, uint32_t driver)
{
	switch (r->rc) {
	case MIG_SUCCESS:
		fprintf(f, "GPU %s was successfully reset.\n", r->bus_id);
		break;
	case MIG_ERROR_NOT_SUPPORTED:
		/* [P] NVIDIA's MIG guide, an A100 in a VM */
		fprintf(f, "Resetting GPU %s is not supported.\n", r->bus_id);
		break;
	case MIG_ERROR_IN_USE:
		fprintf(f, "GPU %s is currently in use by another process.\n", r->bus_id);
		break;
	default:
		fprintf(f, "Unable to reset GPU %s: %s\n", r->bus_id, smi_error_text(r->rc, driver));
		break;
	}
}

int smi_run_reset(const char *gpu_arg, int json)
{
	mig_node *node = NULL;
	mig_state *st = NULL;
	smi_reset_result res[MIG_MAX_GPUS];
	unsigned gpus[MIG_MAX_GPUS];
	size_t n = 0;
	uint32_t driver;
	int rc, status = 0, first_fail = 0;

	if ((rc = cli_open_node(&node)))
		return CLI_EXIT_FAIL;
	if ((rc = mig_node_begin(&st, node))) {
		mig_node_close(node);
		return cli_fail("opening the node", rc);
	}
	driver = cli_driver(st);
	if ((status = smi_select(gpus, &n, st, gpu_arg, driver))) {
		mig_node_abort(node, st);
		mig_node_close(node);
		return status;
	}
	for (size_t i = 0; i < n; i++) {
		mig_gpu_info g;

		memset(&res[i], 0, sizeof(res[i]));
		res[i].gpu = gpus[i];
		if (mig_gpu_get(&g, st, gpus[i]) == MIG_SUCCESS) {
			snprintf(res[i].bus_id, sizeof(res[i].bus_id), "%s", g.pci_bus_id);
			res[i].current = g.mig_current;
			res[i].pending = g.mig_pending;
		}
		res[i].rc = mig_reset_gpu(st, gpus[i]);
		if (res[i].rc && !first_fail)
			first_fail = res[i].rc;
	}
	/* the modes after the reset: unchanged when it is refused */
	for (size_t i = 0; i < n && !first_fail; i++) {
		mig_gpu_info g;

		if (mig_gpu_get(&g, st, gpus[i]) == MIG_SUCCESS) {
			res[i].current = g.mig_current;
			res[i].pending = g.mig_pending;
		}
	}
	if (first_fail) {
		mig_node_abort(node, st);
		status = smi_exit_status(first_fail, driver);
	} else if ((rc = mig_node_commit(node, st))) {
		status = cli_fail("writing the node", rc);
	}
	mig_node_close(node);
	if (rc)
		return status; /* not saved: no "successfully reset" */
	if (json) {
		for (size_t i = 0; i < n; i++)
			if (res[i].rc)
				smi_render_reset_result(stderr, &res[i], driver);
		if (!status || first_fail)
			smi_json_reset(res, n, !first_fail, driver);
		return status;
	}
	for (size_t i = 0; i < n; i++)
		if (!first_fail || res[i].rc)
			smi_render_reset_result(stdout, &res[i], driver);
	if (!status)
		printf("All done.\n");
	return status;
}
