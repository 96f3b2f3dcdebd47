/*
 * bench_plan.c - the demand planner's speed and quality (docs/planning.md
 * "Performance and quality"); prints figures, asserts nothing.
 *
 *   mig-bench-plan speed            10,000 mixed GPUs x 100,000 requests, one GPU's re-plan,
 *                                   and the growth table (4 fleet sizes x 4 demand sizes)
 *   mig-bench-plan quality [CSV]    the planner against a static preset, a nos-like
 *                                   canned-geometry greedy and first-fit, on synthetic
 *                                   mixes and, given the Alibaba openb pod list, on a
 *                                   mix derived from it
 *
 * Single-threaded; time is the thread's CPU time around migplan_plan alone
 * (the fleet and demand are built beforehand); memory is the process's
 * peak RSS (getrusage), which includes the fleet and demand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "migplan.h"
#include "plan_int.h"

/*
 * CPU time of this thread: the machine may be shared, and the goal is
 * "on one core"; wall time is printed beside the headline figure.
 */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double wall(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static long peak_rss_mib(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss / 1024;
}

static uint64_t rs = 42;

static unsigned rnd(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)(rs % n);
}

static const char *const mixed_models = "A100-SXM4-80GB,H100-SXM5-80GB,H200-SXM-141GB,B200-180GB";

static migplan_fleet *fleet(unsigned gpus, double fill, double idle, uint64_t seed,
			    const char *models)
{
	migplan_synth_opts o = {MIGPLAN_SYNTH_OPTS_VERSION, gpus, 8, models, fill, idle, seed};
	migplan_fleet *f;

	if (migplan_fleet_synth(&f, &o)) {
		fprintf(stderr, "bench: %s\n", mig_errmsg());
		exit(1);
	}
	return f;
}

static migplan_demand *demand_new(size_t n)
{
	migplan_demand *d = calloc(1, sizeof(*d));

	d->req = calloc(n ? n : 1, sizeof(*d->req));
	return d;
}

static mp_req *demand_add(migplan_demand *d, unsigned count, unsigned prio)
{
	mp_req *r = &d->req[d->n];
	char id[32];

	snprintf(id, sizeof(id), "r%zu", d->n++);
	r->id = strdup(id);
	r->count = count;
	r->priority = prio;
	return r;
}

/*
 * A synthetic mix: shares of small (<= 1/7), medium (2-3/7), large (4/7)
 * and whole-GPU needs, expressed as resources so that every model can take
 * them; a few by profile name.
 */
typedef struct mix {
	const char *name;
	unsigned small, medium, large, whole; /* percent */
} demand_mix;

static migplan_demand *synth_demand(size_t n, const demand_mix *m, uint64_t seed)
{
	migplan_demand *d = demand_new(n);

	rs = seed;
	for (size_t i = 0; i < n; i++) {
		unsigned x = rnd(100);
		mp_req *r = demand_add(d, 1, 1 + rnd(3));

		if (x < m->small) {
			r->compute = 0.1;
			r->memory_mib = 8192;
		} else if (x < m->small + m->medium) {
			r->compute = rnd(2) ? 0.25 : 0.4;
			r->memory_mib = 16384;
		} else if (x < m->small + m->medium + m->large) {
			r->compute = 0.5;
			r->memory_mib = 32768;
		} else {
			r->compute = 1;
		}
	}
	return d;
}

static double plan_once(migplan_fleet *f, const migplan_demand *d, migplan_summary *s)
{
	migplan_result *r;
	double t0 = now(), t1;

	if (migplan_plan(&r, f, d, NULL)) {
		fprintf(stderr, "bench: %s\n", mig_errmsg());
		exit(1);
	}
	t1 = now();
	if (s)
		migplan_result_summary(s, r);
	migplan_result_free(r);
	return t1 - t0;
}

static const demand_mix default_mix = {"mixed", 40, 30, 15, 15};

static void speed(void)
{
	static const unsigned gpus[4] = {1250, 2500, 5000, 10000};
	static const unsigned reqs[4] = {12500, 25000, 50000, 100000};
	migplan_summary s;
	double best = 1e9;

	printf("## Planning speed (one core)\n\n");
	{
		migplan_fleet *f = fleet(10000, 0.3, 0.1, 1, mixed_models);
		migplan_demand *d = synth_demand(100000, &default_mix, 7);

		double w = 0;

		for (int i = 0; i < 3; i++) {
			double w0 = wall(), t = plan_once(f, d, &s);

			if (t < best) {
				best = t;
				w = wall() - w0;
			}
		}
		printf("10,000 GPUs (%s; 30%% busy, 10%% idle) x 100,000 requests: %.3f s CPU (best of 3; %.3f s wall), "
		       "peak RSS %ld MiB; %zu of %zu units placed, %zu GPUs changed\n\n",
		       mixed_models, best, w, peak_rss_mib(), s.units_placed, s.units, s.gpus_changed);
		migplan_demand_free(d);
		migplan_fleet_free(f);
	}
	/* one GPU's optimal re-plan: mp_gpu_best over the whole lattice */
	{
		migplan_fleet *f = fleet(1000, 0.3, 0.2, 3, "H100-SXM5-80GB");
		mp_ask ask;
		mp_best b;
		size_t n = 0;
		double t0, t;
		uint64_t served = 0;

		memset(&ask, 0, sizeof(ask));
		for (size_t p = 0; p < f->lat[0]->nprof; p++) {
			ask.k[p] = 3;
			for (unsigned u = 0; u < 3; u++)
				ask.prefix[p][u + 1] = ask.prefix[p][u] + (3 - u) * f->lat[0]->info[p].slices;
			ask.mix[p] = 1;
		}
		t0 = now();
		for (int rep = 0; rep < 20; rep++)
			for (size_t g = 0; g < f->ngpu; g++, n++) {
				mp_gpu_best(&b, &f->gpu[g], &ask);
				served += b.value;
			}
		t = now() - t0;
		printf("one GPU's optimal re-plan (H100, %zu layouts searched, every profile asked): %.1f us mean over %zu GPUs (demand served: %llu)\n\n",
		       f->lat[0]->n, t / (double)n * 1e6, n, (unsigned long long)served);
		migplan_fleet_free(f);
	}
	printf("growth, CPU seconds (rows: GPUs; columns: requests)\n\n| GPUs \\ requests |");
	for (int j = 0; j < 4; j++)
		printf(" %u |", reqs[j]);
	printf("\n|---|---|---|---|---|\n");
	for (int i = 0; i < 4; i++) {
		migplan_fleet *f = fleet(gpus[i], 0.3, 0.1, 1, mixed_models);

		printf("| %u |", gpus[i]);
		for (int j = 0; j < 4; j++) {
			migplan_demand *d = synth_demand(reqs[j], &default_mix, 7);

			printf(" %.3f |", plan_once(f, d, NULL));
			fflush(stdout);
			migplan_demand_free(d);
		}
		printf("\n");
		migplan_fleet_free(f);
	}
	printf("\n");
}

/* ------------------------------------------------------------------ */
/* Baselines                                                          */
/* ------------------------------------------------------------------ */

typedef struct outcome {
	uint64_t satisfied, slices;
	size_t placed, touched, busy_touched, gpus_changed;
	double frag;
} outcome;

/* Per request and lattice, the profile (the planner's own resolution). */
static int16_t *resolve(const migplan_fleet *f, const migplan_demand *d)
{
	int16_t *p = malloc(d->n * f->nlat * sizeof(*p));
	char why[1024];

	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < f->nlat; k++)
			p[i * f->nlat + k] = (int16_t)mp_resolve(&d->req[i], f->lat[k], why, sizeof(why));
	return p;
}

static void mixes(double (*mix)[MP_MAX_PROF], const migplan_fleet *f, const migplan_demand *d,
		  const int16_t *prof)
{
	for (size_t k = 0; k < f->nlat; k++) {
		double sum = 0;

		for (size_t i = 0; i < d->n; i++)
			if (prof[i * f->nlat + k] >= 0)
				mix[k][prof[i * f->nlat + k]] += d->req[i].count;
		for (size_t p = 0; p < f->lat[k]->nprof; p++)
			sum += mix[k][p];
		if (!sum)
			for (size_t p = 0; p < f->lat[k]->nprof; p++)
				mix[k][p] = 1;
	}
}

/* Finish an outcome from final masks: touched instances and fragmentation. */
static void account(outcome *o, const migplan_fleet *f, const uint32_t *mask,
		    double (*mix)[MP_MAX_PROF])
{
	for (size_t g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];
		uint32_t have = gp->busy | gp->idle;
		int32_t idx = mp_lattice_find(gp->lat, mask[g]);

		o->touched += 2 * (size_t)__builtin_popcount(mask[g] & ~have);
		for (uint32_t x = gp->idle & ~mask[g]; x; x &= x - 1)
			o->touched += mp_destroy_cost(gp, (uint32_t)__builtin_ctz(x));
		o->busy_touched += (mask[g] & gp->busy) != gp->busy;
		o->gpus_changed += mask[g] != have;
		o->frag += idx >= 0 ? mp_lattice_frag(gp->lat, (size_t)idx, mix[mp_lat_index(f, gp->lat)]) : 0;
	}
}

/* Units by priority, best first (what every baseline serves first). */
static size_t *units_by_priority(const migplan_demand *d, size_t *n)
{
	size_t total = 0, k = 0;
	size_t *u;

	for (size_t i = 0; i < d->n; i++)
		total += d->req[i].count;
	u = malloc(total * sizeof(*u));
	for (unsigned prio = 1000; prio >= 1; prio--)
		for (size_t i = 0; i < d->n; i++)
			if (d->req[i].priority == prio)
				for (unsigned c = 0; c < d->req[i].count; c++)
					u[k++] = i;
	*n = total;
	return u;
}

/* The first free item of profile p beside mask (lowest start), or -1. */
static int first_fit_item(const mp_lattice *l, uint32_t mask, unsigned p)
{
	int32_t idx = mp_lattice_find(l, mask);

	for (uint32_t x = l->pmask[p] & ~mask; idx >= 0 && x; x &= x - 1) {
		int it = __builtin_ctz(x);

		if (l->succ[(size_t)idx * l->nitem + (size_t)it] >= 0)
			return it;
	}
	return -1;
}

/* Serve units from free idle instances of their profile: static and nos do this. */
static void serve_from(outcome *o, const migplan_fleet *f, const migplan_demand *d,
		       const int16_t *prof, uint32_t *avail, const size_t *units, size_t nu,
		       unsigned char *done)
{
	for (size_t j = 0; j < nu; j++) {
		size_t i = units[j];

		if (done[j])
			continue;
		for (size_t g = 0; g < f->ngpu; g++) {
			int p = prof[i * f->nlat + mp_lat_index(f, f->gpu[g].lat)];
			uint32_t x;

			if (p < 0 || !mp_gpu_allowed(f, &d->req[i], &f->gpu[g]))
				continue;
			x = avail[g] & f->gpu[g].lat->pmask[p];
			if (x) {
				avail[g] &= ~(x & -x);
				done[j] = 1;
				o->placed++;
				o->satisfied += d->req[i].priority;
				o->slices += (uint64_t)d->req[i].priority * f->gpu[g].lat->info[p].slices;
				break;
			}
		}
	}
}

/* A preset: the most GIs of one profile, or the balanced mix, placed first-fit on an empty GPU. */
static uint32_t preset(const mp_lattice *l, int which)
{
	uint32_t m = 0;

	if (which < (int)l->nprof) {
		int it;

		while ((it = first_fit_item(l, m, (unsigned)which)) >= 0)
			m |= 1u << it;
		return m;
	}
	/* all-balanced (mig-parted): 1 x 3g, 1 x 2g, 2 x 1g by slices, base profiles */
	{
		static const unsigned want_slices[] = {3, 2, 1, 1};

		for (size_t w = 0; w < 4; w++)
			for (size_t p = 0; p < l->nprof; p++)
				if (l->info[p].slices == want_slices[w] && l->info[p].jpeg == 0 &&
				    l->info[p].placement_size * l->total_slices <=
					    l->info[p].slices * mig_model_placement_units(l->model) + l->info[p].slices) {
					int it = first_fit_item(l, m, (unsigned)p);

					if (it >= 0) {
						m |= 1u << it;
						break;
					}
				}
	}
	return m;
}

/*
 * (i) Static: every GPU without busy instances holds one preset per model
 * (idle instances replaced), busy GPUs keep their layout; units take free
 * instances of their profile.  The best preset per model for the mix.
 */
/* What the static layout `choice` (a preset per lattice) serves; with mask != NULL, the layouts. */
static outcome static_eval(const migplan_fleet *f, const migplan_demand *d, const int16_t *prof,
			   const int *choice, const size_t *units, size_t nu, uint32_t *mask)
{
	uint32_t *avail = calloc(f->ngpu, sizeof(*avail));
	unsigned char *done = calloc(nu, 1);
	outcome o = {0};

	for (size_t g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];
		uint32_t m = gp->busy ? gp->busy | gp->idle : preset(gp->lat, choice[mp_lat_index(f, gp->lat)]);

		avail[g] = gp->busy ? gp->reuse : m;
		if (mask)
			mask[g] = m;
	}
	serve_from(&o, f, d, prof, avail, units, nu, done);
	free(avail);
	free(done);
	return o;
}

static outcome baseline_static(const migplan_fleet *f, const migplan_demand *d,
			       const int16_t *prof, double (*mix)[MP_MAX_PROF])
{
	size_t nu;
	size_t *units = units_by_priority(d, &nu);
	int choice[64] = {0};
	uint32_t *mask = calloc(f->ngpu, sizeof(*mask));
	outcome best;

	/* per model in turn, the preset that serves the most with the others fixed */
	for (size_t k = 0; k < f->nlat; k++) {
		uint64_t top = 0;
		int bw = 0;

		for (int w = 0; w <= (int)f->lat[k]->nprof; w++) {
			outcome o;

			choice[k] = w;
			o = static_eval(f, d, prof, choice, units, nu, NULL);
			if (o.satisfied > top) {
				top = o.satisfied;
				bw = w;
			}
		}
		choice[k] = bw;
	}
	best = static_eval(f, d, prof, choice, units, nu, mask);
	account(&best, f, mask, mix);
	free(mask);
	free(units);
	return best;
}

/*
 * (ii) nos-like: per GPU, the canned geometries (the presets) whose profile
 * counts can hold the busy instances (counts only, as nos checks); the one
 * serving the most pending units wins; it is then made beside the busy
 * GIs with first-fit placements - which fails when the busy GIs sit in the
 * way (nos does not look at placements), and the GPU stays as it was.
 */
static outcome baseline_nos(const migplan_fleet *f, const migplan_demand *d, const int16_t *prof,
			    double (*mix)[MP_MAX_PROF])
{
	outcome o = {0};
	size_t nu;
	size_t *units = units_by_priority(d, &nu);
	uint32_t *mask = calloc(f->ngpu, sizeof(*mask)), *avail = calloc(f->ngpu, sizeof(*avail));
	unsigned char *done = calloc(nu, 1);

	for (size_t g = 0; g < f->ngpu; g++) {
		const mp_gpu *gp = &f->gpu[g];
		const mp_lattice *l = gp->lat;
		size_t k = mp_lat_index(f, l);
		unsigned pending[MP_MAX_PROF] = {0}, busyc[MP_MAX_PROF] = {0};
		int bestw = -1;
		unsigned bestserve = 0;

		for (size_t j = 0; j < nu; j++) {
			int p = prof[units[j] * f->nlat + k];

			if (!done[j] && p >= 0 && mp_gpu_allowed(f, &d->req[units[j]], gp))
				pending[p]++;
		}
		for (uint32_t x = gp->busy; x; x &= x - 1)
			busyc[l->item[__builtin_ctz(x)].prof]++;
		for (int w = 0; w <= (int)l->nprof; w++) {
			uint32_t geo = preset(l, w);
			unsigned cnt[MP_MAX_PROF] = {0}, serve = 0, ok = 1;

			for (uint32_t x = geo; x; x &= x - 1)
				cnt[l->item[__builtin_ctz(x)].prof]++;
			for (size_t p = 0; p < l->nprof; p++) {
				if (cnt[p] < busyc[p])
					ok = 0;
				serve += cnt[p] - (cnt[p] >= busyc[p] ? busyc[p] : cnt[p]) < pending[p]
						 ? cnt[p] - (cnt[p] >= busyc[p] ? busyc[p] : cnt[p])
						 : pending[p];
			}
			if (ok && serve > bestserve) {
				bestserve = serve;
				bestw = w;
			}
		}
		mask[g] = gp->busy | gp->idle;
		avail[g] = gp->reuse;
		if (bestw >= 0) {
			uint32_t geo = preset(l, bestw), m = gp->busy;
			unsigned cnt[MP_MAX_PROF] = {0};
			int fits = 1;

			for (uint32_t x = geo; x; x &= x - 1)
				cnt[l->item[__builtin_ctz(x)].prof]++;
			for (size_t p = 0; p < l->nprof; p++)
				cnt[p] -= busyc[p];
			/* largest first, lowest free start */
			for (unsigned sz = 8; sz >= 1 && fits; sz--)
				for (size_t p = 0; p < l->nprof && fits; p++)
					while (l->info[p].slices == sz && cnt[p] && fits) {
						int it = first_fit_item(l, m, (unsigned)p);

						if (it < 0)
							fits = 0;
						else
							m |= 1u << it;
						cnt[p]--;
					}
			if (fits) {
				mask[g] = m;
				avail[g] = m & ~gp->busy;
			}
		}
		/* serve this GPU's instances now, as nos's scheduler would */
		for (size_t j = 0; j < nu; j++) {
			size_t i = units[j];
			int p = prof[i * f->nlat + k];
			uint32_t x;

			if (done[j] || p < 0 || !mp_gpu_allowed(f, &d->req[i], gp))
				continue;
			x = avail[g] & l->pmask[p];
			if (x) {
				avail[g] &= ~(x & -x);
				done[j] = 1;
				o.placed++;
				o.satisfied += d->req[i].priority;
				o.slices += (uint64_t)d->req[i].priority * l->info[p].slices;
			}
		}
	}
	account(&o, f, mask, mix);
	free(mask);
	free(avail);
	free(done);
	free(units);
	return o;
}

/* (iii) First-fit: units in file order, first GPU and lowest start with room; idle matches first. */
static outcome baseline_first_fit(const migplan_fleet *f, const migplan_demand *d,
				  const int16_t *prof, double (*mix)[MP_MAX_PROF])
{
	outcome o = {0};
	uint32_t *mask = calloc(f->ngpu, sizeof(*mask)), *avail = calloc(f->ngpu, sizeof(*avail));

	for (size_t g = 0; g < f->ngpu; g++) {
		mask[g] = f->gpu[g].busy | f->gpu[g].idle;
		avail[g] = f->gpu[g].reuse;
	}
	for (size_t i = 0; i < d->n; i++)
		for (unsigned c = 0; c < d->req[i].count; c++)
			for (size_t g = 0; g < f->ngpu; g++) {
				const mp_gpu *gp = &f->gpu[g];
				int p = prof[i * f->nlat + mp_lat_index(f, gp->lat)], it;
				uint32_t x;

				if (p < 0 || !mp_gpu_allowed(f, &d->req[i], gp) || (!gp->mig && gp->gpu_procs))
					continue;
				x = avail[g] & gp->lat->pmask[p];
				if (x) {
					avail[g] &= ~(x & -x);
				} else if ((it = first_fit_item(gp->lat, mask[g], (unsigned)p)) >= 0) {
					mask[g] |= 1u << it;
				} else {
					continue;
				}
				o.placed++;
				o.satisfied += d->req[i].priority;
				o.slices += (uint64_t)d->req[i].priority * gp->lat->info[p].slices;
				break;
			}
	account(&o, f, mask, mix);
	free(mask);
	free(avail);
	return o;
}

static void row(const char *name, const outcome *o)
{
	printf("| %s | %llu | %llu | %zu | %zu | %zu | %.1f | %zu |\n", name,
	       (unsigned long long)o->satisfied, (unsigned long long)o->slices, o->placed, o->touched,
	       o->gpus_changed, o->frag, o->busy_touched);
}

static void compare(const char *title, migplan_fleet *f, const migplan_demand *d)
{
	int16_t *prof = resolve(f, d);
	double (*mix)[MP_MAX_PROF] = calloc(f->nlat, sizeof(*mix));
	migplan_summary s;
	outcome st, nos, ff;
	uint64_t demanded = 0;
	size_t units = 0;

	mixes(mix, f, d, prof);
	for (size_t i = 0; i < d->n; i++) {
		demanded += (uint64_t)d->req[i].count * d->req[i].priority;
		units += d->req[i].count;
	}
	plan_once(f, d, &s);
	st = baseline_static(f, d, prof, mix);
	nos = baseline_nos(f, d, prof, mix);
	ff = baseline_first_fit(f, d, prof, mix);
	printf("### %s\n\n%zu GPUs, %zu requests, %zu units, demand %llu (priority x units)\n\n", title,
	       f->ngpu, d->n, units, (unsigned long long)demanded);
	printf("| | satisfied (priority x units) | (priority x slices) | units placed | instances touched | GPUs changed | fragmentation after | busy touched |\n");
	printf("|---|---|---|---|---|---|---|---|\n");
	printf("| migctl plan | %llu | %llu | %zu | %zu | %zu | %.1f | %zu |\n",
	       (unsigned long long)s.satisfied, (unsigned long long)s.satisfied_slices, s.units_placed,
	       s.created + s.destroyed, s.gpus_changed, s.frag_after, s.busy_touched);
	row("static best preset", &st);
	row("nos-like canned geometry", &nos);
	row("first-fit", &ff);
	printf("\n");
	printf("(fragmentation before: %.1f)\n\n", s.frag_before);
	free(prof);
	free(mix);
}

/*
 * The openb pod list (Alibaba cluster-trace-gpu-v2023): every task with
 * num_gpu >= 1 becomes a request of num_gpu units, each needing compute
 * gpu_milli/1000 of a GPU and gpu_milli/1000 x 16 GiB of memory (the
 * trace's named GPUs are 16-32 GB parts; 16 GiB is the common size);
 * qos LS and Guaranteed get priority 2, BE and Burstable 1.  Tasks with no
 * GPU are skipped.
 */
static migplan_demand *openb(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	migplan_demand *d;
	size_t cap = 0;

	if (!fp)
		return NULL;
	while (fgets(line, sizeof(line), fp))
		cap++;
	rewind(fp);
	d = demand_new(cap);
	if (!fgets(line, sizeof(line), fp)) {
		fclose(fp);
		return d;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *field[12];
		int nf = 0;
		char *save = NULL;

		for (char *t = strtok_r(line, ",\n", &save); t && nf < 12; t = strtok_r(NULL, ",\n", &save))
			field[nf++] = t;
		/* gpu_spec is empty in this file: strtok skips it, so qos is field 5 */
		if (nf < 6)
			continue;
		{
			unsigned num = (unsigned)atoi(field[3]), milli = (unsigned)atoi(field[4]);
			const char *qos = field[5];
			mp_req *r;

			if (!num || !milli)
				continue;
			r = demand_add(d, num, !strcmp(qos, "LS") || !strcmp(qos, "Guaranteed") ? 2 : 1);
			r->compute = milli / 1000.0;
			r->memory_mib = (uint64_t)ceil(milli / 1000.0 * 16384);
		}
	}
	fclose(fp);
	return d;
}

static void quality(const char *csv)
{
	static const demand_mix mixes_[] = {{"small-heavy", 70, 20, 5, 5}, {"mixed", 40, 30, 15, 15},
				     {"large-heavy", 10, 30, 30, 30}};

	printf("## Quality against baselines\n\n");
	for (size_t i = 0; i < 3; i++) {
		migplan_fleet *f = fleet(1000, 0.3, 0.15, 11, mixed_models);
		migplan_demand *d = synth_demand(6000, &mixes_[i], 100 + i);
		char title[128];

		snprintf(title, sizeof(title), "synthetic %s mix (%u%% <= 1/7, %u%% 2-3/7, %u%% 4/7, %u%% whole)",
			 mixes_[i].name, mixes_[i].small, mixes_[i].medium, mixes_[i].large, mixes_[i].whole);
		compare(title, f, d);
		migplan_demand_free(d);
		migplan_fleet_free(f);
	}
	if (csv) {
		migplan_demand *d = openb(csv);

		if (!d) {
			printf("### openb trace: %s not readable; skipped\n\n", csv);
			return;
		}
		{
			migplan_fleet *f = fleet(4000, 0.3, 0.15, 13, "A100-SXM4-80GB,H100-SXM5-80GB");

			compare("openb_pod_list_default.csv (gpu_milli -> compute share, x 16 GiB memory)", f, d);
			migplan_fleet_free(f);
		}
		migplan_demand_free(d);
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "speed")) {
		speed();
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "quality")) {
		quality(argc >= 3 ? argv[2] : NULL);
		return 0;
	}
	fprintf(stderr, "usage: mig-bench-plan speed | quality [openb_pod_list_default.csv]\n");
	return 2;
}
