/*
 * fuzz_sim_trace.c - the simulator's trace readers (src/sim/trace.c,
 * src/sim/openb.c) and the node list reader (src/sim/fgd.c) on arbitrary
 * bytes.  A refusal is one NUL-terminated
 * message; what is accepted passes the job checks and, when small, runs
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
	char err[SIM_ERR_MAX];

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
		if (sim_run(&r, t, &o, err, sizeof(err))) {
			if (!memchr(err, '\0', sizeof(err)))
				abort();
			continue;
		}
		if (r->ran + r->never != t->n)
			abort();
		sim_result_free(r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[SIM_ERR_MAX];
	sim_trace *t = NULL;
	sim_openb_opts ob = {0, 0, (int)(size & 1)};

	memset(err, 'x', sizeof(err));
	if (sim_trace_parse(&t, (const char *)data, size, "fuzz", err, sizeof(err)) == 0)
		accepted(t);
	else if (!memchr(err, '\0', sizeof(err)))
		abort();
	sim_trace_free(t);
	t = NULL;
	memset(err, 'x', sizeof(err));
	if (sim_openb_parse(&t, (const char *)data, size, "fuzz", &ob, err, sizeof(err)) == 0)
		accepted(t);
	else if (!memchr(err, '\0', sizeof(err)))
		abort();
	sim_trace_free(t);
	memset(err, 'x', sizeof(err));
	{
		sim_nodes *n = NULL;

		if (sim_nodes_parse(&n, (const char *)data, size, "fuzz", err, sizeof(err)) == 0) {
			if (!sim_nodes_gpus(n))
				abort();
		} else if (!memchr(err, '\0', sizeof(err))) {
			abort();
		}
		sim_nodes_free(n);
	}
	return 0;
}
