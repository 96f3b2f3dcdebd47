/*
 * resolve.c - which GI profile serves a request on each GPU model
 * (docs/planning.md "Requests by resources").
 *
 * A request by profile name gets that profile wherever the model has it
 * (names compare numerically: "3g.40gb" is "03g.040gb").  A request by
 * resources gets, on each model, the smallest profile meeting every need:
 * fewest compute slices, then least memory, then fewest placement units,
 * then fewest media engines, so that a job that does not need the media
 * extension does not take the one GI per GPU that has it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"

static int model_allowed(const mp_req *r, const mp_lattice *l)
{
	if (!r->nmodels)
		return 1;
	for (size_t k = 0; k < r->nmodels; k++)
	{
		const mig_model *m = mig_catalog_find(r->models[k]);

		if (m && (m == l->model || !strcmp(mig_model_key(m), mig_model_key(l->model))))
			return 1;
	}
	return 0;
}

static int has_media(const mig_gi_profile_info *i)
{
	return i->dec > 0 && i->jpeg > 0 && i->ofa > 0;
}

/* 1 if profile p falls short of r's needs, and why in buf (when buf is not NULL). */
static int shortfall(char *buf, size_t len, const mp_req *r, const mp_lattice *l, size_t p)
{
	const mig_gi_profile_info *i = &l->info[p];
	int kind = 0;

	if (r->memory_mib && i->memory_mib < r->memory_mib)
		kind = 1;
	else if (r->compute > 0 && (double)i->slices / l->total_slices < r->compute - 1e-9)
		kind = 2;
	else if (r->sms && i->sm < r->sms)
		kind = 3;
	else if (r->media && !has_media(i))
		kind = 4;
	if (!buf)
		return kind != 0;
	*buf = 0;
	if (kind == 1)
		snprintf(buf, len, "%u MiB of memory < %llu", i->memory_mib,
			 (unsigned long long)r->memory_mib);
	else if (kind == 2)
		snprintf(buf, len, "%u/%u of the compute < %.3g", i->slices, l->total_slices,
			 r->compute);
	else if (kind == 3)
		snprintf(buf, len, "%u SMs < %u", i->sm, r->sms);
	else if (kind == 4)
		snprintf(buf, len, "no decode+JPEG+OFA engines");
	return kind != 0;
}

static int smaller(const mp_lattice *l, size_t a, size_t b)
{
	const mig_gi_profile_info *x = &l->info[a], *y = &l->info[b];
	unsigned mx = x->dec + x->enc + x->jpeg + x->ofa, my = y->dec + y->enc + y->jpeg + y->ofa;

	if (x->slices != y->slices)
		return x->slices < y->slices;
	if (x->memory_mib != y->memory_mib)
		return x->memory_mib < y->memory_mib;
	if (x->placement_size != y->placement_size)
		return x->placement_size < y->placement_size;
	if (mx != my)
		return mx < my;
	return x->id < y->id;
}

int mp_resolve(const mp_req *r, const mp_lattice *l, char *why, size_t whylen)
{
	int best = -1;

	if (why)
		*why = 0;
	if (!model_allowed(r, l))
		return -1;
	if (r->profile)
		return mp_lattice_profile(l, r->profile);
	for (size_t p = 0; p < l->nprof; p++)
		if (!shortfall(NULL, 0, r, l, p) && (best < 0 || smaller(l, p, (size_t)best)))
			best = (int)p;
	if (!why)
		return best;
	if (best < 0) {
		size_t big = 0;
		char s[128];

		/* the largest profile, and what it lacks */
		for (size_t p = 1; p < l->nprof; p++)
			if (smaller(l, big, p))
				big = p;
		shortfall(s, sizeof(s), r, l, big);
		snprintf(why, whylen, "%s: no profile meets the needs (the largest, %s, has %s)",
			 mig_model_key(l->model), l->info[big].name, s);
		return -1;
	}
	/* Name the profiles just below the choice and why they fall short. */
	{
		size_t n = 0;

		snprintf(why, whylen, "%s: %s, the smallest with", mig_model_key(l->model),
			 l->info[best].name);
		if (r->memory_mib)
			snprintf(why + strlen(why), whylen - strlen(why), " >= %llu MiB (has %u)",
				 (unsigned long long)r->memory_mib, l->info[best].memory_mib);
		if (r->compute > 0)
			snprintf(why + strlen(why), whylen - strlen(why), " >= %.3g of the compute (%u/%u)",
				 r->compute, l->info[best].slices, l->total_slices);
		if (r->sms)
			snprintf(why + strlen(why), whylen - strlen(why), " >= %u SMs (has %u)", r->sms,
				 l->info[best].sm);
		if (r->media)
			snprintf(why + strlen(why), whylen - strlen(why), " media engines");
		size_t order[MP_MAX_PROF], no = 0;

		/* the ones just below the choice, smallest first */
		for (size_t p = 0; p < l->nprof; p++) {
			if ((int)p == best || !smaller(l, p, (size_t)best) || !shortfall(NULL, 0, r, l, p))
				continue;
			order[no++] = p;
		}
		for (size_t a = 1; a < no; a++)
			for (size_t b = a; b > 0 && smaller(l, order[b], order[b - 1]); b--) {
				size_t t = order[b];

				order[b] = order[b - 1];
				order[b - 1] = t;
			}
		for (size_t j = 0; j < no; j++) {
			char s[128];

			shortfall(s, sizeof(s), r, l, order[j]);
			snprintf(why + strlen(why), whylen - strlen(why), "%s %s: %s", n++ ? ";" : "; smaller",
				 l->info[order[j]].name, s);
		}
	}
	return best;
}

char *mp_choice(const migplan_fleet *f, const mp_req *q)
{
	char why[1024], all[4096] = "";

	if (q->profile)
		return NULL;
	for (size_t k = 0; k < f->nlat; k++) {
		mp_resolve(q, f->lat[k], why, sizeof(why));
		if (*why && strlen(all) + strlen(why) + 3 < sizeof(all))
			snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", *all ? "; " : "", why);
	}
	return *all ? strdup(all) : NULL;
}
