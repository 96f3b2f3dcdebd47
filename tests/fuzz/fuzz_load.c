/*
 * fuzz_load.c - the load description parser (mig_load_parse, docs/load.md)
 * on arbitrary bytes.
 *
 * Whatever it accepts has a duration within a year and gives, at any time,
 * an SM activity in 0..1 and at most 16 TiB of memory; its text survives
 * the state file's round trip.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_point(const mig_load *l, double t)
{
	mig_load_point pt;

	mig_load_at(&pt, l, t);
	/* Only the target aborts: the library itself never may. */
	if (!(pt.sm_active >= 0 && pt.sm_active <= 1) || pt.mem_mib > 16ull * 1024 * 1024 ||
	    (!pt.running && pt.sm_active != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mig_load *l = NULL;
	double d;
	size_t len;

	if (mig_load_parse(&l, (const char *)data, size) != MIG_SUCCESS) {
		if (l)
			abort();
		return 0;
	}
	d = mig_load_duration(l);
	if (!(d > 0 && d <= 366.0 * 86400))
		abort();
	if (mig_load_text(l, &len) == NULL || len != size)
		abort();
	for (int i = -1; i <= 8; i++)
		check_point(l, d * i / 4);
	check_point(l, 1e12);
	mig_load_free(l);
	return 0;
}
