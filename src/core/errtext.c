/*
 * errtext.c - the one table of return-code texts: libmig's (mig_strerror),
 * our libnvidia-ml.so.1's (nvmlErrorString) and nvidia-smi's, per driver
 * branch where they differ (the CLI's smi_error_text).
 *
 * libmig's codes are NVML's numbers (include/mig.h), so one row per code
 * serves all three.  Texts: docs/sources.md#nvml-A.2 (NVML's wording),
 * #smi-A (nvidia-smi's, injected codes on 470.256.02, 535.261.03 and
 * 580.178.04).  Every text is a string literal: nvmlErrorString's callers
 * keep the pointer past nvmlShutdown.
 */
#include <stddef.h>

#include "error.h"

/* NULL: "Unknown Error" (libmig and nvidia-smi print it for codes they do not name). */
static const mig_code_text rows[] = {
	/* code, libmig, NVML, nvidia-smi (r535), r470, r580, NVML text unconfirmed */
	{0, "Success", "Success", "Success", NULL, NULL, 0},
	{1, "Uninitialized", "Uninitialized", "Uninitialized", NULL, NULL, 0},
	{2, "Invalid Argument", "Invalid Argument", "Invalid Argument", NULL, NULL, 0},
	{3, "Not Supported", "Not Supported", "Not Supported", NULL, NULL, 0},
	{4, "Insufficient Permissions", "Insufficient Permissions", "Insufficient Permissions",
	 NULL, NULL, 0},
	{5, "Already Initialized", "Already Initialized", "Already Initialized", NULL, NULL, 0},
	{6, "Not Found", "Not Found", "Not Found", NULL, NULL, 0},
	{7, "Insufficient Size", "Insufficient Size", "Insufficient Size", NULL, NULL, 0},
	{8, "Insufficient External Power", "Insufficient External Power",
	 "Insufficient External Power", NULL, NULL, 0},
	{9, "Driver Not Loaded", "Driver Not Loaded", "Driver Not Loaded", NULL, NULL, 0},
	{10, "Timeout", "Timeout", "Timeout", NULL, NULL, 0},
	{11, "Interrupt Request Issue", "Interrupt Request Issue", "Interrupt Request Issue", NULL,
	 NULL, 0},
	{12, "NVML Shared Library Not Found", "NVML Shared Library Not Found",
	 "NVML Shared Library Not Found", NULL, NULL, 0},
	{13, "Function Not Found", "Function Not Found", "Function Not Found", NULL, NULL, 0},
	{14, "Corrupted infoROM", "Corrupted infoROM", "Corrupted infoROM", NULL, NULL, 0},
	{15, "GPU is lost", "GPU is lost", "GPU is lost", NULL, NULL, 0},
	/* nvidia-smi words these three its own way. */
	{16, "GPU requires restart", "GPU requires restart", "GPU requires reset", NULL, NULL, 0},
	{17, "The operating system has blocked the request.",
	 "The operating system has blocked the request.",
	 "GPU access blocked by the operating system", NULL, NULL, 0},
	{18, "RM has detected an NVML/RM version mismatch.",
	 "RM has detected an NVML/RM version mismatch.", "Driver/library version mismatch", NULL,
	 NULL, 0},
	{19, "In use by another client", "In use by another client", "In use by another client",
	 NULL, NULL, 0},
	{20, "Insufficient Memory", "Insufficient Memory", "Insufficient Memory", NULL, NULL, 0},
	{21, "No data", "No data", "No data", NULL, NULL, 0},
	/*
	 * 22 and 24-30: nvidia-smi's texts are captured; NVML's are our own
	 * wording (not verified, docs/sources.md#nvml-A.2), and libmig, which
	 * never returns them itself, says "Unknown Error" as it always has.
	 */
	{22, NULL, "vGPU ECC Not Supported", "vGPU ECC not supported", "Unknown Error", NULL, 1},
	{23, "Insufficient Resources", "Insufficient Resources", "Insufficient Resources", NULL,
	 NULL, 0},
	{24, NULL, "Frequency Not Supported", "Invalid Frequency", NULL, NULL, 1},
	{25, NULL, "Argument Version Mismatch", "Argument version mismatch", "Unknown Error", NULL,
	 1},
	{26, NULL, "Deprecated", "Requested functionality has been deprecated", "Unknown Error",
	 NULL, 1},
	{27, NULL, "Not Ready", "System is not in ready state", "Unknown Error", NULL, 1},
	{28, NULL, "GPU Not Found", NULL, NULL, "No supported GPUs were found", 1},
	{29, NULL, "Invalid State", NULL, NULL,
	 "Resource not in correct state to perform requested operation", 1},
	{30, NULL, "Reset Type Not Supported", NULL, NULL,
	 "Reset type is not supported for given device", 1},
	{999, "Unknown Error", "Unknown Error", "Unknown Error", NULL, NULL, 0},
	/* libmig's own codes: never an NVML return code. */
	{MIG_ERROR_STATE_CORRUPT, "State file is corrupt or inconsistent", NULL, NULL, NULL, NULL, 0},
	{MIG_ERROR_STATE_VERSION, "State file is from a newer version", NULL, NULL, NULL, NULL, 0},
	{MIG_ERROR_IO, "I/O error", NULL, NULL, NULL, NULL, 0},
};

const mig_code_text *mig__code_text(int code)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].code == code)
			return &rows[i];
	return NULL;
}
