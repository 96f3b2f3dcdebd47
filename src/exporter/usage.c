/*
 * usage.c - instance-seconds by GPU instance profile, job and user, for
 * accounting: how long each profile was held, and by whom.
 *
 * A GPU instance counts all the time it exists.  While processes run on it
 * its seconds are split evenly between their distinct (job, user) pairs;
 * while none does they go to job "" and user "" (held, idle).  The counter
 * starts at the exporter's start (Prometheus' rate() and increase() handle
 * the reset a restart is).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"
#include "util.h"

typedef struct usage_row {
	char profile[40];
	exp_owner who;
	double seconds;
} usage_row;

struct exp_usage {
	usage_row *rows;
	size_t n, cap;
};

int exp_usage_new(exp_usage **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -1;
}

void exp_usage_free(exp_usage *u)
{
	if (u)
		free(u->rows);
	free(u);
}

static usage_row *find_row(exp_usage *u, const char *profile, const exp_owner *who)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->rows[i].profile, profile) && !strcmp(u->rows[i].who.job, who->job) &&
		    !strcmp(u->rows[i].who.user, who->user))
			return &u->rows[i];
	if (UTIL_GROW(u->rows, u->cap, u->n + 1))
		return NULL;
	memset(&u->rows[u->n], 0, sizeof(usage_row));
	snprintf(u->rows[u->n].profile, sizeof(u->rows[u->n].profile), "%s", profile);
	u->rows[u->n].who = *who;
	return &u->rows[u->n++];
}

/* The distinct owners of the processes on GPU gpu, GI gi; at most cap. */
static size_t gi_owners(exp_owner *out, size_t cap, const mig_process *procs, size_t nproc,
			unsigned gpu, unsigned gi, exp_owner_fn owner, void *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < nproc; i++) {
		exp_owner o = {"", ""};
		size_t k;

		if (procs[i].gpu != gpu || procs[i].gi != gi)
			continue;
		if (owner)
			owner(&o, procs[i].pid, ctx);
		for (k = 0; k < n && (strcmp(out[k].job, o.job) || strcmp(out[k].user, o.user)); k++)
			;
		if (k == n && n < cap)
			out[n++] = o;
	}
	return n;
}

static int add_gpu(exp_usage *u, const mig_state *st, unsigned gpu, double dt,
		   const mig_process *procs, size_t nproc, exp_owner_fn owner, void *ctx)
{
	mig_gi_info gis[MIG_MAX_GIS];
	size_t ngi = 0;

	if (mig_gi_list(gis, MIG_MAX_GIS, &ngi, st, gpu) != MIG_SUCCESS)
		return 0; /* MIG off: no instances */
	for (size_t i = 0; i < ngi && i < MIG_MAX_GIS; i++) {
		exp_owner who[16], idle = {"", ""};
		size_t n = gi_owners(who, 16, procs, nproc, gpu, gis[i].id, owner, ctx);
		mig_gi_profile_info pi;

		mig_gi_profile_get(gis[i].profile, &pi);
		if (n == 0) {
			who[0] = idle;
			n = 1;
		}
		for (size_t k = 0; k < n; k++) {
			usage_row *r = find_row(u, pi.name, &who[k]);

			if (!r)
				return -1;
			r->seconds += dt / (double)n;
		}
	}
	return 0;
}

int exp_usage_add(exp_usage *u, const mig_state *st, double dt, exp_owner_fn owner, void *ctx)
{
	mig_process *procs = NULL;
	size_t nproc = 0;
	int rc = -1;

	if (!(dt > 0))
		return 0;
	if (mig_process_list(NULL, 0, &nproc, st, (unsigned)-1) != MIG_SUCCESS)
		return -1;
	if (nproc && (!(procs = calloc(nproc, sizeof(*procs))) ||
		      mig_process_list(procs, nproc, &nproc, st, (unsigned)-1) != MIG_SUCCESS))
		goto done;
	rc = 0;
	for (unsigned g = 0; g < mig_state_gpu_count(st) && !rc; g++)
		rc = add_gpu(u, st, g, dt, procs, nproc, owner, ctx);
done:
	free(procs);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const usage_row *x = a, *y = b;
	int c = strcmp(x->profile, y->profile);

	if (!c)
		c = strcmp(x->who.job, y->who.job);
	return c ? c : strcmp(x->who.user, y->who.user);
}

void exp_usage_render(exp_buf *out, const exp_usage *u, const char *hostname)
{
	usage_row *sorted = u->n ? malloc(u->n * sizeof(*sorted)) : NULL;

	if (u->n && !sorted) {
		out->failed = 1;
		return;
	}
	if (u->n) {
		memcpy(sorted, u->rows, u->n * sizeof(*sorted));
		qsort(sorted, u->n, sizeof(*sorted), by_key);
	}
	exp_buf_printf(out, "# HELP migctl_instance_seconds_total Seconds GPU instances were held, "
			    "by profile, job and user (job and user empty: held idle).\n"
			    "# TYPE migctl_instance_seconds_total counter\n");
	for (size_t i = 0; i < u->n; i++) {
		exp_buf_printf(out, "migctl_instance_seconds_total{Hostname=\"");
		exp_buf_label(out, hostname);
		exp_buf_printf(out, "\",GPU_I_PROFILE=\"");
		exp_buf_label(out, sorted[i].profile);
		exp_buf_printf(out, "\",hpc_job=\"");
		exp_buf_label(out, sorted[i].who.job);
		exp_buf_printf(out, "\",user=\"");
		exp_buf_label(out, sorted[i].who.user);
		exp_buf_printf(out, "\"} %.3f\n", sorted[i].seconds);
	}
	free(sorted);
}
