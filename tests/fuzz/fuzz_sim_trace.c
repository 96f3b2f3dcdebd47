/*
 * fuzz_sim_trace.c - the simulator's trace readers (src/sim/trace.c,
 * src/sim/openb.c) and the node list reader (src/sim/fgd.c) on arbitrary
 * bytes.  A refusal returns a mig_error code and says why in
 * mig_errmsg(); what is accepted passes the job checks and, when small, runs
 * through the whole-GPU and dynamic policies with every job accounted for, on
 * one model and on a mixed fleet.  Short inputs are also tried as a static
 * layout of a mixed fleet (--layout's "MODEL=PROFILES,..." reader).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every policy run either refuses saying why or accounts for every job. */
static void run_checked(const sim_trace *t, const sim_opts *o)
{
	sim_result *r = NULL;

	mig_errclear();
	if (sim_run(&r, t, o)) {
		if (!*mig_errmsg())
			abort(); /* a refusal always says why */
		return;
	}
	if (r->ran + r->never != t->n)
		abort();
	sim_result_free(r);
}

/* One A100 80GB and one A30 (a mixed fleet, docs/simulator.md#mixed-fleets). */
static void mixed(sim_opts *o)
{
	sim_opts_default(o);
	o->samples = 4;
	o->nparts = 2;
	o->part[0] = (sim_part){mig_catalog_find("A100-SXM4-80GB"), 1};
	o->part[1] = (sim_part){mig_catalog_find("A30-24GB"), 1};
}

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
		o.policy = (sim_policy)p;
		run_checked(t, &o);
	}
	mixed(&o);
	o.check = 1;
	for (int p = SIM_WHOLE; p <= SIM_DYNAMIC; p += SIM_DYNAMIC) {
		o.policy = (sim_policy)p;
		run_checked(t, &o);
	}
}

/* The input as a mixed fleet's static layout, on a fixed trace. */
static void layout(const uint8_t *data, size_t size)
{
	static const char jobs[] = "arrival,duration,compute\n0,10,0.5\n1,10,1\n";
	sim_trace *t = NULL;
	char buf[256];
	sim_opts o;

	if (size >= sizeof(buf) || memchr(data, 0, size) ||
	    sim_trace_parse(&t, jobs, sizeof(jobs) - 1, "jobs"))
		return;
	memcpy(buf, data, size);
	buf[size] = 0;
	mixed(&o);
	o.policy = SIM_STATIC;
	o.layout = buf;
	o.check = 1;
	run_checked(t, &o);
	sim_trace_free(t);
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
	layout(data, size);
	return 0;
}
