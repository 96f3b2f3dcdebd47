/*
 * system.c - nvmlSystem*: driver, NVML and CUDA versions, process names.
 *
 * The emulated "driver" is the node: its version is GPU 0's driver (a node
 * mixes branches only if someone built it so), and the CUDA version is the
 * one that driver branch supports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvml_internal.h"

/* The node's driver version; the catalog default when the node has no GPU. */
static void driver_version(char *buf, size_t len)
{
	mig_gpu_info g;
	const mig_model *m;

	if (nv_gpu_count() > 0) {
		nv_gpu_info(&g, 0);
		snprintf(buf, len, "%s", g.driver);
		return;
	}
	m = mig_catalog_find("H100-SXM5-80GB");
	snprintf(buf, len, "%s", m ? mig_model_driver(m, 0) : "580.173.02");
}

unsigned nv_driver_major(void)
{
	char buf[32];
	unsigned major = 0;

	driver_version(buf, sizeof(buf));
	for (const char *p = buf; *p >= '0' && *p <= '9'; p++)
		major = major * 10 + (unsigned)(*p - '0');
	return major;
}

/*
 * CUDA driver API version: what libmig's telemetry model says GPU 0's
 * driver supports ("13.0" for R580, the "CUDA Version" of nvidia-smi's
 * header), as NVML's integer (13000).  A node without GPUs answers for
 * the default board under the catalog's newest driver.
 */
static int cuda_version(void)
{
	mig_gpu_telemetry_info t;
	mig_gpu_spec spec = {0};
	mig_state *tmp = NULL;
	unsigned major = 0, minor = 0;
	int ok;

	if (nv_gpu_count() > 0) {
		ok = mig_gpu_telemetry(&t, nv_state(), 0) == MIG_SUCCESS;
	} else {
		spec.model = mig_catalog_find("H100-SXM5-80GB");
		ok = spec.model && mig_state_new(&tmp) == MIG_SUCCESS &&
		     mig_state_add_gpu(tmp, &spec) == MIG_SUCCESS &&
		     mig_gpu_telemetry(&t, tmp, 0) == MIG_SUCCESS;
		mig_state_free(tmp);
	}
	if (!ok || sscanf(t.cuda_version, "%u.%u", &major, &minor) < 1)
		return 0;
	return (int)(major * 1000 + minor * 10);
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length)
{
	char drv[32];
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	driver_version(drv, sizeof(drv));
	return nv_leave(nv_copy_string(version, length, drv));
}

nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length)
{
	char drv[32], text[48];
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	/* "<CUDA major>.<driver>", e.g. "12.550.54.15" (§nvml-A.5). */
	driver_version(drv, sizeof(drv));
	snprintf(text, sizeof(text), "%d.%s", cuda_version() / 1000, drv);
	return nv_leave(nv_copy_string(version, length, text));
}

static nvmlReturn_t get_cuda_version(int *out)
{
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!out)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*out = cuda_version();
	return nv_leave(NVML_SUCCESS);
}

nvmlReturn_t nvmlSystemGetCudaDriverVersion(int *cudaDriverVersion)
{
	return get_cuda_version(cudaDriverVersion);
}

nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion)
{
	return get_cuda_version(cudaDriverVersion);
}

/* argv[0] of a live process from /proc, else its comm; 0 if it is gone. */
static int proc_name(char *buf, size_t len, unsigned pid)
{
	char path[64];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/cmdline", pid);
	f = fopen(path, "re");
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
		buf[n] = '\0';
		if (n > 0 && buf[0])
			return 1;
	}
	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return n > 0;
}

/* The name the node recorded for an emulated process, or "" (mutex held). */
static void node_process_name(char *buf, size_t len, unsigned pid)
{
	mig_process *procs;
	size_t n = 0;

	buf[0] = '\0';
	if (!nv_state() || mig_process_list(NULL, 0, &n, nv_state(), MIG_ALL_GPUS) || n == 0)
		return;
	procs = calloc(n, sizeof(*procs));
	if (!procs)
		return;
	if (mig_process_list(procs, n, &n, nv_state(), MIG_ALL_GPUS) == MIG_SUCCESS)
		for (size_t i = 0; i < n && !buf[0]; i++)
			if (procs[i].pid == pid)
				snprintf(buf, len, "%s", procs[i].name);
	free(procs);
}

nvmlReturn_t nvmlSystemGetProcessName(unsigned int pid, char *name, unsigned int length)
{
	char found[256];
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if (!name || length == 0)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	node_process_name(found, sizeof(found), pid);
	if (!found[0] && !proc_name(found, sizeof(found), pid))
		return nv_leave(NVML_ERROR_NOT_FOUND);
	/* Like the driver, a short buffer gets the name truncated, not an error. */
	snprintf(name, length, "%s", found);
	return nv_leave(NVML_SUCCESS);
}
