/*
 * dynamic_plan.c - the dynamic policy's reconfigurations, decided by the
 * planner (include/migplan.h, docs/planning.md): when a job's instance can
 * be neither reused nor created beside the others, the simulator hands a
 * few candidate GPUs, their instances (busy or idle) and one request for
 * the job's profile to migplan_plan, and carries out what it decides: the
 * GPU, its final layout, or the busy instances to move to make room.  The
 * fleet is built in memory and cleared between calls, so each model's
 * lattice of legal layouts is built once per run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migplan.h"
#include "sim_int.h"

struct sim_planner {
	migplan_fleet *f;
	migplan_demand *d;
	unsigned cand[SIM_PLAN_CAND];
	size_t ncand;
};

int sim_planner_new(sim_planner **out)
{
	sim_planner *p = calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (!p)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	if ((rc = migplan_fleet_new(&p->f)) != 0 || (rc = migplan_demand_new(&p->d)) != 0) {
		sim_planner_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void sim_planner_free(sim_planner *p)
{
	if (!p)
		return;
	migplan_fleet_free(p->f);
	migplan_demand_free(p->d);
	free(p);
}

void sim_planner_reset(sim_planner *p)
{
	p->ncand = 0;
}

int sim_planner_add(sim_planner *p, unsigned g)
{
	for (size_t i = 0; i < p->ncand; i++)
		if (p->cand[i] == g)
			return 1;
	if (p->ncand == SIM_PLAN_CAND)
		return 0;
	p->cand[p->ncand++] = g;
	return 1;
}

size_t sim_planner_count(const sim_planner *p)
{
	return p->ncand;
}

/* The planner's fleet: the candidates as they are now, busy instances aged by their jobs. */
static int load(simr *s, sim_planner *p)
{
	int rc;

	migplan_fleet_clear(p->f);
	if ((rc = migplan_fleet_add_node(p->f, "sim")) != 0)
		return rc;
	for (size_t c = 0; c < p->ncand; c++) {
		const sim_gpu *gp = &s->gpu[p->cand[c]];
		const sim_model *m = gp->m;
		size_t idx;

		if ((rc = migplan_fleet_add_gpu(&idx, p->f, m->model, NULL)) != 0)
			return rc;
		for (unsigned i = 0; i < m->nitem; i++) {
			int busy = (int)(gp->busy >> i & 1), head = gp->dev[i].head;
			migplan_gi_spec gi = {m->prof[m->item[i].prof].p, m->item[i].start, busy, 1,
					      busy && head >= 0 ? s->now - s->rt[head].start : 0, NULL};

			if ((gp->layout >> i & 1) && (rc = migplan_fleet_add_gi(p->f, idx, &gi)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The simulator's item for an instance the planner names; -1 if it has none (never for plain profiles). */
static int item_of(const sim_model *m, const mig_gi_profile *prof, unsigned start)
{
	for (unsigned i = 0; i < m->nitem; i++)
		if (m->prof[m->item[i].prof].p == prof && m->item[i].start == start)
			return (int)i;
	return -1;
}

static int placed(simr *s, const sim_planner *p, const migplan_result *r, sim_planned *out)
{
	const migplan_placement *pl = migplan_result_placement(r, 0);
	migplan_gi_out gis[SIM_MAX_ITEMS];
	const sim_model *m;
	size_t n;
	int it;

	out->g = p->cand[pl->fleet_gpu];
	m = s->gpu[out->g].m;
	out->layout = 0;
	if (migplan_result_gpu_instances(gis, SIM_MAX_ITEMS, &n, r, pl->fleet_gpu) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((it = item_of(m, gis[i].profile, gis[i].start)) < 0)
			return -1;
		out->layout |= 1u << it;
		if (gis[i].start == pl->start && !strcmp(m->prof[m->item[it].prof].name, pl->profile))
			out->item = (unsigned)it;
	}
	return 1;
}

static int moves(simr *s, const sim_planner *p, const migplan_result *r, sim_planned *out)
{
	size_t n = migplan_result_move_count(r);

	out->nmove = 0;
	for (size_t i = 0; i < n && out->nmove < SIM_PLAN_MOVES; i++) {
		migplan_move_info mv;
		sim_plan_move *o = &out->mv[out->nmove];
		int from, to;

		if (migplan_result_move(&mv, r, i) != 0 || !mv.for_request)
			continue;
		o->from_g = p->cand[mv.from_gpu];
		o->to_g = p->cand[mv.to_gpu];
		from = item_of(s->gpu[o->from_g].m, mv.profile, mv.from_start);
		to = item_of(s->gpu[o->to_g].m, mv.profile, mv.to_start);
		if (from < 0 || to < 0)
			return -1;
		o->from_i = (unsigned)from;
		o->to_i = (unsigned)to;
		out->nmove++;
	}
	return n && out->nmove == n ? 2 : 0;
}

int sim_planner_place(simr *s, sim_planner *p, const char *profile, int defrag, sim_planned *out)
{
	migplan_request_spec req = {"job", 1, 1, profile, 0, 0};
	migplan_opts opts = {MIGPLAN_OPTS_VERSION, defrag, 0};
	migplan_result *r = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!p->ncand)
		return 0;
	s->res->planner_calls++;
	migplan_demand_clear(p->d);
	if ((rc = load(s, p)) != 0 || (rc = migplan_demand_add(p->d, &req)) != 0 ||
	    (rc = migplan_plan(&r, p->f, p->d, &opts)) != 0) {
		s->failed = rc;
		return -1;
	}
	if (migplan_result_placement_count(r))
		rc = placed(s, p, r, out);
	else
		rc = moves(s, p, r, out);
	migplan_result_free(r);
	if (rc < 0)
		s->failed = mig__fail(MIG_ERROR_UNKNOWN, "the planner named an instance the simulator lacks");
	return rc;
}
