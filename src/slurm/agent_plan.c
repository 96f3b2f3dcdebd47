/*
 * agent_plan.c - which idle node gets which new layout (docs/slurm.md,
 * "How the agent decides").
 *
 * Demand is the pending jobs' typed GPU requests, less what free
 * instances of their type already hold (Slurm will start those jobs by
 * itself) and less the jobs another change already serves (the claim in
 * a node's drain Reason).  Each node that has no job, is not drained and
 * is not already changing is planned alone by the fleet planner
 * (include/migplan.h) with the requests its model can hold; the node that
 * places the most units (then the one destroying least, then the first
 * configured) is chosen, its jobs leave the demand, and so on.  A node
 * whose new layout would leave a MIG GPU without instances is skipped:
 * slurmd exits on such a node.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "mig_internal.h"
#include "layout.h"
#include "migplan.h"

#define REASON_TAG "migctl-agent: jobs "

void agent_reason(char *out, size_t len, const agent_change *ch)
{
	snprintf(out, len, REASON_TAG "%s (%s)", ch->jobs, ch->types);
}

int agent_reason_claims(const char *reason, const char *id)
{
	const char *s = strstr(reason, REASON_TAG);
	size_t n = strlen(id);

	if (!s)
		return 0;
	for (s += strlen(REASON_TAG); *s && *s != ' ';) {
		size_t w = strcspn(s, ", ");

		if (w == n && !strncmp(s, id, n))
			return 1;
		s += w + (s[w] == ',');
	}
	return 0;
}

void agent_changes_free(agent_change *ch, size_t n)
{
	for (size_t i = 0; ch && i < n; i++)
		free(ch[i].layout);
	free(ch);
}

/* Apply checkpoint `layout` to a copy of st; the Gres= slurmd will register with. */
static int preview_gres(char *gres, size_t len, const mig_state *st, const char *layout,
			const agent_conf *c)
{
	slurm_conf_opts o = {.version = c->version, .short_whole = c->short_whole,
			     .alias = c->alias, .nalias = c->nalias};
	slurm_type t[SLURM_MAX_TYPES];
	layout_snapshot *snap = NULL;
	layout_plan *plan = NULL;
	mig_state *copy = NULL;
	size_t nt;
	int rc;

	if ((rc = mig_state_clone(&copy, st)))
		return mig__fail(rc, "copying the node's state: %s", mig_errmsg());
	rc = layout_snapshot_parse(&snap, layout, strlen(layout));
	if (!rc)
		rc = layout_plan_exact(&plan, copy, snap, NULL);
	for (size_t i = 0; !rc && i < plan->n; i++)
		rc = layout_step_do(copy, &plan->step[i]);
	if (!rc && (rc = slurm_node_types(t, SLURM_MAX_TYPES, &nt, copy, &o)))
		rc = mig__fail(rc, "the new layout cannot be declared to Slurm: %s", mig_errmsg());
	if (!rc)
		rc = slurm_gres_value(gres, len, t, nt);
	layout_plan_free(plan);
	layout_snapshot_free(snap);
	mig_state_free(copy);
	return rc;
}

/* One pass's demand: per job request, the units still to serve. */
typedef struct want {
	const agent_job *job;
	unsigned left;
} want;

/* The requests of `w` that node v's GPUs can hold, as demand JSON ("j<index>" ids). */
static char *demand_json(const want *w, size_t nw, const agent_view *v, const agent_conf *c,
			 agent_log_fn log, void *arg)
{
	size_t cap = 64 + nw * 96, used = 0;
	char *s = malloc(cap);
	int any = 0;

	if (!s)
		return NULL;
	used += (size_t)snprintf(s, cap, "{\"requests\": [");
	for (size_t i = 0; i < nw; i++) {
		const mig_gi_profile *p = NULL;
		mig_gpu_info g;
		mig_gi_profile_info pi;

		for (unsigned k = 0; !p && w[i].left && k < mig_state_gpu_count(v->st); k++)
			if (!mig_gpu_get(&g, v->st, k))
				agent_type_profile(&p, g.model, w[i].job->type, c);
		if (!p)
			continue;
		mig_gi_profile_get(p, &pi);
		if (!agent_profile_allowed(c, pi.name)) {
			log(arg, "job %s: %s is profile %s, which the configuration does not allow "
			    "(allow %s)", w[i].job->id, w[i].job->type, pi.name, c->allow);
			continue;
		}
		used += (size_t)snprintf(s + used, cap - used,
					 "%s{\"id\": \"j%zu\", \"profile\": \"%s\", \"count\": %u}",
					 any ? ", " : "", i, pi.name, w[i].left);
		any = 1;
	}
	snprintf(s + used, cap - used, "]}");
	if (!any) {
		free(s);
		return NULL;
	}
	return s;
}

/* The outcome of planning one node. */
typedef struct trial {
	migplan_result *res;
	migplan_fleet *fleet;
	migplan_demand *demand;
	size_t placed, destroyed, created;
} trial;

static void trial_free(trial *t)
{
	migplan_result_free(t->res);
	migplan_demand_free(t->demand);
	migplan_fleet_free(t->fleet);
	memset(t, 0, sizeof(*t));
}

static int plan_node(trial *t, const agent_view *v, const char *demand)
{
	migplan_opts o = {.version = MIGPLAN_OPTS_VERSION};
	migplan_summary sum;

	int rc;

	memset(t, 0, sizeof(*t));
	rc = migplan_fleet_from_state(&t->fleet, v->st, v->conf->name);
	if (!rc)
		rc = migplan_demand_parse(&t->demand, demand, strlen(demand), "agent");
	if (!rc)
		rc = migplan_plan(&t->res, t->fleet, t->demand, &o);
	if (rc) {
		trial_free(t);
		return rc;
	}
	migplan_result_summary(&sum, t->res);
	t->placed = sum.units_placed;
	t->destroyed = sum.destroyed;
	t->created = sum.created;
	return 0;
}

/* Is node v free to change now? */
static int candidate(const agent_view *v)
{
	return v->slurm && !v->changing && !agent_node_busy(v->slurm) &&
	       !agent_node_drained(v->slurm) && !agent_node_down(v->slurm);
}

/* Append `item` to a `sep`-separated list unless it is there (or does not fit). */
static void append(char *list, size_t cap, const char *item, char sep)
{
	size_t used = strlen(list);

	if (agent_list_has(list, item, sep) || used + strlen(item) + 2 > cap)
		return;
	if (used)
		list[used++] = sep;
	strcpy(list + used, item);
}

/* Take the placements of trial t out of the demand into change ch. */
static void take(agent_change *ch, want *w, size_t nw, const trial *t)
{
	for (size_t i = 0; i < migplan_result_placement_count(t->res); i++) {
		const migplan_placement *p = migplan_result_placement(t->res, i);
		size_t k = strtoul(p->request + 1, NULL, 10);

		if (k >= nw || !w[k].left)
			continue;
		w[k].left--;
		append(ch->jobs, sizeof(ch->jobs), w[k].job->id, ',');
		append(ch->types, sizeof(ch->types), w[k].job->type, ' ');
	}
}

/*
 * The demand: each job's units less free instances of its type on nodes
 * that run jobs (Gres - GresUsed) and less jobs already claimed.
 */
static want *demand(size_t *nw, const agent_node *all, size_t nall, const agent_job *jobs,
		    size_t njobs, agent_log_fn log, void *arg)
{
	want *w = calloc(njobs ? njobs : 1, sizeof(*w));

	if (!w)
		return NULL;
	*nw = 0;
	for (size_t i = 0; i < njobs; i++) {
		const agent_job *j = &jobs[i];
		unsigned free_units = 0, taken = 0;
		const char *claim = NULL;

		for (size_t k = 0; k < nall; k++) {
			if (agent_reason_claims(all[k].reason, j->id))
				claim = all[k].name;
			if (!agent_node_drained(&all[k]) && !agent_node_down(&all[k])) {
				unsigned have = agent_gres_count(all[k].gres, j->type);
				unsigned used = agent_gres_count(all[k].gres_used, j->type);

				free_units += have > used ? have - used : 0;
			}
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(jobs[k].type, j->type))
				taken += jobs[k].count;  /* earlier jobs use free units first */
		if (claim) {
			log(arg, "job %s (%s x%u): node %s is being changed for it", j->id, j->type,
			    j->count, claim);
			continue;
		}
		if (free_units >= taken + j->count)
			continue;  /* Slurm can start it on a free instance */
		w[*nw].job = j;
		w[(*nw)++].left = j->count;
	}
	return w;
}

/* The best node for what is left of the demand; -1 if none helps. */
static long best_node(trial *best, const want *w, size_t nw, const agent_conf *c,
		      const agent_view *nodes, size_t nnodes, const unsigned char *used,
		      agent_log_fn log, void *arg)
{
	long pick = -1;

	memset(best, 0, sizeof(*best));
	for (size_t i = 0; i < nnodes; i++) {
		char *d;
		trial t;

		if (used[i] || !candidate(&nodes[i]) ||
		    !(d = demand_json(w, nw, &nodes[i], c, log, arg)))
			continue;
		if (plan_node(&t, &nodes[i], d)) {
			log(arg, "node %s: not planned: %s", nodes[i].conf->name, mig_errmsg());
			free(d);
			continue;
		}
		free(d);
		if (t.created && (pick < 0 || t.placed > best->placed ||
				  (t.placed == best->placed && t.destroyed < best->destroyed))) {
			trial_free(best);
			*best = t;
			pick = (long)i;
		} else {
			trial_free(&t);
		}
	}
	return pick;
}

/* Turn the chosen trial into a change; -1 (node skipped, logged) if Slurm could not take it. */
static int make_change(agent_change *ch, want *w, size_t nw, const trial *t, const agent_view *v,
		       const agent_conf *c, agent_log_fn log, void *arg)
{
	memset(ch, 0, sizeof(*ch));
	snprintf(ch->node, sizeof(ch->node), "%s", v->conf->name);
	if (migplan_result_node_layout(&ch->layout, t->res, 0) ||
	    preview_gres(ch->gres, sizeof(ch->gres), v->st, ch->layout, c)) {
		log(arg, "node %s: skipped: %s", ch->node, mig_errmsg());
		free(ch->layout);
		ch->layout = NULL;
		return -1;
	}
	take(ch, w, nw, t);
	log(arg, "node %s: repartition for jobs %s (%s): %zu units placed, %zu instances created, "
	    "%zu destroyed; new Gres=%s", ch->node, ch->jobs, ch->types, t->placed, t->created,
	    t->destroyed, ch->gres);
	return 0;
}

int agent_decide(agent_change **out, size_t *n, const agent_conf *c, const agent_view *nodes,
		 size_t nnodes, const agent_node *all, size_t nall, const agent_job *jobs,
		 size_t njobs, agent_log_fn log, void *log_arg)
{
	unsigned char used[AGENT_MAX_NODES] = {0};
	size_t nw;
	want *w = demand(&nw, all, nall, jobs, njobs, log, log_arg);
	long pick;
	trial t;

	*out = NULL;
	*n = 0;
	if (!w || nnodes > AGENT_MAX_NODES || !(*out = calloc(nnodes ? nnodes : 1, sizeof(**out)))) {
		free(w);
		return mig__fail(MIG_ERROR_MEMORY, "deciding: out of memory (or more than %d nodes)",
				 AGENT_MAX_NODES);
	}
	while (nw && (pick = best_node(&t, w, nw, c, nodes, nnodes, used, log, log_arg)) >= 0) {
		used[pick] = 1;
		if (!make_change(&(*out)[*n], w, nw, &t, &nodes[pick], c, log, log_arg))
			(*n)++;
		trial_free(&t);
	}
	for (size_t i = 0; i < nw; i++)
		if (w[i].left)
			log(log_arg, "job %s (%s x%u): %u unit(s) fit on no idle node now", w[i].job->id,
			    w[i].job->type, w[i].job->count, w[i].left);
	free(w);
	return 0;
}
