/*
 * fuzz_share_spec.c - the --share spec parser (mig_share_parse) on
 * arbitrary bytes.
 *
 * Whatever it accepts is a known mode with limits in range (threads
 * 1..100 or unset, memory limits only for MPS), prints back under its
 * mode's name, and goes through the admission rules without crashing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	mig_share s;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (mig_share_parse(&s, text) == MIG_SUCCESS) {
		mig_share_usage use = {.client_limit = mig_mps_client_limit(0, 1, 7),
				       .memory_mib = 9856};
		const char *name = mig_share_mode_name(s.mode);
		int rc;

		/* Only the target aborts: the library itself never may. */
		if (strncmp(text, name, strlen(name)) || s.threads > 100 ||
		    (s.mode != MIG_SHARE_MPS && (s.threads || s.mem_mib)))
			abort();
		rc = mig_share_admit(&use, &s);
		if (rc != MIG_SUCCESS && !(rc == MIG_ERROR_INVALID_ARGUMENT && s.mem_mib > 9856))
			abort();
	} else if (!mig_errmsg()[0]) {
		abort();
	}
	free(text);
	return 0;
}
