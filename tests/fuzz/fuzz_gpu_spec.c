/*
 * fuzz_gpu_spec.c - the GPU request parser (mig_gpu_spec_parse) on
 * arbitrary bytes.
 *
 * Whatever it accepts names a catalog model, a count in 1..64 and options
 * pointing into the parsed text; adding such a GPU to a state either
 * succeeds or is refused with a message, never crashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	mig_gpu_spec spec;
	mig_state *st = NULL;
	unsigned count = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (mig_gpu_spec_parse(&spec, &count, text) == MIG_SUCCESS) {
		/* Only the target aborts: the library itself never may. */
		if (!spec.model || count < 1 || count > 64)
			abort();
		if (mig_state_new(&st) == MIG_SUCCESS) {
			if (mig_state_add_gpu(st, &spec) == MIG_SUCCESS) {
				mig_gpu_telemetry_info t;

				if (mig_gpu_telemetry(&t, st, 0) != MIG_SUCCESS)
					abort();
			}
			mig_state_free(st);
		}
	}
	free(text);
	return 0;
}
