/*
 * fuzz_state.c - the state-file parser on arbitrary bytes.
 *
 * Whatever mig_state_from_json accepts must encode, and its encoding must
 * parse back to the same encoding: a file the library loads but cannot
 * write, or writes differently each time, would wedge or churn a node.
 * Crashes and sanitizer reports are the other half of what this finds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mig_state *st = NULL, *again = NULL;
	char *first = NULL, *second = NULL;

	if (mig_state_from_json(&st, (const char *)data, size) != MIG_SUCCESS)
		return 0;
	/* Only the target aborts: the library itself never may. */
	if (mig_state_to_json(&first, st) != MIG_SUCCESS)
		abort();
	if (mig_state_from_json(&again, first, strlen(first)) != MIG_SUCCESS)
		abort();
	if (mig_state_to_json(&second, again) != MIG_SUCCESS)
		abort();
	if (strcmp(first, second) != 0)
		abort();
	if (mig_state_generation(again) != mig_state_generation(st) ||
	    mig_state_gpu_count(again) != mig_state_gpu_count(st))
		abort();
	free(second);
	free(first);
	mig_state_free(again);
	mig_state_free(st);
	return 0;
}
