/*
 * fuzz_sim_trace.c - the simulator's trace readers (src/sim/trace.c,
 * src/sim/openb.c) and the node list reader (src/sim/fgd.c) on arbitrary
 * bytes.  A refusal returns a mig_error code and says why in
 * mig_errmsg(); what is accepted passes the job checks and, when small, runs
 * through the whole-GPU and dynamic policies with every job accounted for.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void accepted(const sim_trace *t)
{
	sim_opts o;

	for (size_t i = 0; i < t->n; i++) {
		const sim_job *j = &t->jobs[i];

		if (j->duration < 0 || !(j->demand > 0 && j->demand <= 1) || (i && j->arrival < t->jobs[i - 1].arrival))
			abort();
	}
	if (t->n > 32)
		return;
	sim_opts_default(&o);
	o.gpus = 2;
	o.samples = 4;
	o.model = mig_catalog_find("A30-24GB");
	for (int p = SIM_WHOLE; p <= SIM_DYNAMIC; p += SIM_DYNAMIC) {
		sim_result *r = NULL;

		o.policy = (sim_policy)p;
		mig_errclear();
		if (sim_run(&r, t, &o)) {
			if (!*mig_errmsg())
				abort(); /* a refusal always says why */
			continue;
		}
		if (r->ran + r->never != t->n)
			abort();
		sim_result_free(r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sim_trace *t = NULL;
	sim_openb_opts ob = {0, 0, (int)(size & 1)};

	mig_errclear();
	if (sim_trace_parse(&t, (const char *)data, size, "fuzz") == 0)
		accepted(t);
	else if (!*mig_errmsg())
		abort();
	sim_trace_free(t);
	t = NULL;
	mig_errclear();
	if (sim_openb_parse(&t, (const char *)data, size, "fuzz", &ob) == 0)
		accepted(t);
	else if (!*mig_errmsg())
		abort();
	sim_trace_free(t);
	mig_errclear();
	{
		sim_nodes *n = NULL;

		if (sim_nodes_parse(&n, (const char *)data, size, "fuzz") == 0) {
			if (!sim_nodes_gpus(n))
				abort();
		} else if (!*mig_errmsg()) {
			abort();
		}
		sim_nodes_free(n);
	}
	return 0;
}
