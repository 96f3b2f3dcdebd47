/*
 * error.c - error codes, their NVML texts, and the per-thread detail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/*
 * Per thread, so the NVML library can serve concurrent callers.  Room for
 * the longest sentence the upper layers build (a mig-parted config error
 * with its file:line:column and Go's prefixes).
 */
static _Thread_local char last_error[1024];

const char *mig_strerror(int code)
{
	/* NVML's own wording (§nvml-A.2), so nvidia-smi texts match. */
	switch (code) {
	case MIG_SUCCESS: return "Success";
	case MIG_ERROR_UNINITIALIZED: return "Uninitialized";
	case MIG_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
	case MIG_ERROR_NOT_SUPPORTED: return "Not Supported";
	case MIG_ERROR_NO_PERMISSION: return "Insufficient Permissions";
	case MIG_ERROR_NOT_FOUND: return "Not Found";
	case MIG_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
	/* Codes only the driver gives (NVML backend) pass through with their text. */
	case 5: return "Already Initialized";
	case 8: return "Insufficient External Power";
	case MIG_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
	case 10: return "Timeout";
	case 11: return "Interrupt Request Issue";
	case MIG_ERROR_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
	case MIG_ERROR_FUNCTION_NOT_FOUND: return "Function Not Found";
	case 14: return "Corrupted infoROM";
	case 15: return "GPU is lost";
	case 18: return "RM has detected an NVML/RM version mismatch.";
	case 21: return "No data";
	/* NVML's text; nvidia-smi prints its own, "GPU requires reset" (smi_error_text). */
	case MIG_ERROR_RESET_REQUIRED: return "GPU requires restart";
	case MIG_ERROR_OPERATING_SYSTEM:
		return "The operating system has blocked the request.";
	case MIG_ERROR_IN_USE: return "In use by another client";
	case MIG_ERROR_MEMORY: return "Insufficient Memory";
	case MIG_ERROR_INSUFFICIENT_RESOURCES: return "Insufficient Resources";
	case MIG_ERROR_UNKNOWN: return "Unknown Error";
	case MIG_ERROR_STATE_CORRUPT: return "State file is corrupt or inconsistent";
	case MIG_ERROR_STATE_VERSION: return "State file is from a newer version";
	case MIG_ERROR_IO: return "I/O error";
	default: return "Unknown Error";
	}
}

const char *mig_errmsg(void)
{
	return last_error;
}

void mig_errclear(void)
{
	last_error[0] = '\0';
}

void mig_free(void *p)
{
	free(p);
}

int mig__fail(int code, const char *fmt, ...)
{
	va_list ap;
	char text[sizeof(last_error)];

	/* Through a copy: the arguments may include mig_errmsg() itself. */
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memcpy(last_error, text, sizeof(last_error));
	return code;
}
