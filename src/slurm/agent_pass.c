/*
 * agent_pass.c - one pass of `migctl slurm agent` (docs/slurm.md, "The agent").
 *
 * A change goes drain -> (idle) apply -> stop slurmd -> delete the node
 * -> start slurmd -Z with the new Gres= -> (registered) resume, and the
 * journal records each step before the next begins, so an agent killed
 * anywhere starts again from the step after the last one recorded.  Every
 * step may run twice: draining a drained node, restoring a layout that is
 * there, stopping a slurmd that is gone and deleting a node slurmctld no
 * longer has all succeed.  Waiting (for jobs to end, for slurmd to
 * register) never blocks a pass: the next pass looks again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

typedef struct pass {
	const agent_opts *o;
	agent_node *nodes;
	size_t nn;
} pass;

#define LOG(p, ...) (p)->o->log((p)->o->log_arg, __VA_ARGS__)

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const agent_node *slurm_node(const pass *p, const char *name)
{
	for (size_t i = 0; i < p->nn; i++)
		if (!strcmp(p->nodes[i].name, name))
			return &p->nodes[i];
	return NULL;
}

static const agent_node_conf *node_conf(const agent_conf *c, const char *name)
{
	for (size_t i = 0; i < c->nnodes; i++)
		if (!strcmp(c->node[i].name, name))
			return &c->node[i];
	return NULL;
}

/* Run a Slurm command; 0 if it exited 0 (its output logged otherwise). */
static int slurm_cmd(pass *p, char *const *argv, char **out)
{
	char err[AGENT_ERR_MAX], *text = NULL;
	int rc = agent_exec(&text, argv, NULL, p->o->timeout_s);

	if (rc) {
		if (rc > 0)
			snprintf(err, sizeof(err), "exit status %d: %.300s", rc, text ? text : "");
		else
			snprintf(err, sizeof(err), "%s", mig_errmsg());
		err[strcspn(err, "\n")] = '\0';
		LOG(p, "%s %s: %s (retried next pass)", argv[0], argv[1], err);
		free(text);
		return -1;
	}
	if (out)
		*out = text;
	else
		free(text);
	return 0;
}

static int read_nodes(pass *p)
{
	char *const argv[] = {"scontrol", "show", "node", "-o", NULL};
	char *text = NULL;

	free(p->nodes);
	p->nodes = NULL;
	p->nn = 0;
	if (slurm_cmd(p, argv, &text))
		return -1;
	if (agent_nodes_parse(&p->nodes, &p->nn, text)) {
		LOG(p, "scontrol show node: %s", mig_errmsg());
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static int set_state(pass *p, const char *node, const char *state, const char *reason)
{
	char n[AGENT_NAME_MAX + 16], s[64], r[640];
	char *argv[] = {"scontrol", "update", n, s, reason ? r : NULL, NULL};

	snprintf(n, sizeof(n), "NodeName=%s", node);
	snprintf(s, sizeof(s), "State=%s", state);
	snprintf(r, sizeof(r), "Reason=%s", reason ? reason : "");
	return slurm_cmd(p, argv, NULL);
}

static int journal(pass *p, agent_entry *e, agent_step step)
{
	e->step = step;
	e->step_at = wall();
	if (agent_journal_write(p->o->state_dir, e)) {
		LOG(p, "node %s: %s", e->ch.node, mig_errmsg());
		return -1;
	}
	return 0;
}

/* Give up a change (apply refused, drain timeout): resume the node, forget it. */
static void abandon(pass *p, agent_entry *e, const char *why)
{
	LOG(p, "node %s: change for jobs %s abandoned: %s; resuming it", e->ch.node, e->ch.jobs, why);
	if (!set_state(p, e->ch.node, "RESUME", NULL) &&
	    agent_journal_remove(p->o->state_dir, e->ch.node))
		LOG(p, "node %s: %s", e->ch.node, mig_errmsg());
}

/* `migctl restore -f` of the journal's layout on the node's directory. */
static int apply(pass *p, agent_entry *e, const agent_node_conf *nc)
{
	char name[AGENT_NAME_MAX + 24], path[512], env[300], err[AGENT_ERR_MAX], *text = NULL;
	char *argv[] = {(char *)p->o->migctl, "restore", "-f", path, NULL};
	int rc;

	snprintf(name, sizeof(name), "agent-%s.layout", e->ch.node);
	snprintf(path, sizeof(path), "%s/%s", p->o->state_dir, name);
	snprintf(env, sizeof(env), "MIGCTL_STATE_DIR=%s", nc->dir);
	if (!e->ch.layout || agent_file_write(p->o->state_dir, name, e->ch.layout)) {
		LOG(p, "node %s: %s", e->ch.node, e->ch.layout ? mig_errmsg() : "the journal has no layout");
		return -1;
	}
	rc = agent_exec(&text, argv, env, p->o->timeout_s);
	if (rc > 0)
		snprintf(err, sizeof(err), "migctl restore: exit status %d: %.300s", rc, text);
	else if (rc)
		snprintf(err, sizeof(err), "%s", mig_errmsg());
	free(text);
	unlink(path);
	if (rc) {
		abandon(p, e, err);
		return -1;
	}
	LOG(p, "node %s: new layout applied (migctl restore, all or nothing)", e->ch.node);
	return 0;
}

/* Is pid a live slurmd (not a recycled PID, not a zombie of ours)? */
static int is_slurmd(pid_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	(void)waitpid(pid, NULL, WNOHANG);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (!(f = fopen(path, "re")))
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return !strncmp(comm, "slurmd", 6) && kill(pid, 0) == 0;
}

/* Stop the node's slurmd: the stop template, or SIGTERM to its PidFile's PID. */
static int stop_slurmd(pass *p, const agent_entry *e, const agent_node_conf *nc)
{
	char *argv[AGENT_MAX_ARGV + 1] = {0}, path[512] = "", buf[32] = "";
	pid_t pid;
	FILE *f;
	int rc;

	if (p->o->conf->nstop) {
		if (agent_argv(argv, AGENT_MAX_ARGV + 1, p->o->conf->stop, p->o->conf->nstop, nc->name, nc->dir, e->ch.gres))
			return -1;
		rc = slurm_cmd(p, argv, NULL);
		agent_argv_free(argv);
		return rc;
	}
	if (agent_argv(argv, 2, &p->o->conf->pidfile, 1, nc->name, nc->dir, ""))
		return -1;
	snprintf(path, sizeof(path), "%s", argv[0]);
	agent_argv_free(argv);
	if (!(f = fopen(path, "re")))
		return 0;  /* no PidFile: no slurmd */
	pid = fgets(buf, sizeof(buf), f) ? (pid_t)strtol(buf, NULL, 10) : 0;
	fclose(f);
	if (pid <= 1 || !is_slurmd(pid))
		return 0;
	kill(pid, SIGTERM);
	for (int i = 0; i < 300 && is_slurmd(pid); i++)
		usleep(50000);
	if (is_slurmd(pid)) {
		LOG(p, "node %s: slurmd %d did not stop within 15 s", nc->name, (int)pid);
		return -1;
	}
	LOG(p, "node %s: slurmd %d stopped", nc->name, (int)pid);
	return 0;
}

/* The node's Gres= as its GPUs are now (after the apply). */
static int node_gres(char *out, size_t len, const agent_conf *c, const char *dir)
{
	slurm_conf_opts o = {.version = c->version, .short_whole = c->short_whole,
			     .alias = c->alias, .nalias = c->nalias};
	slurm_type t[SLURM_MAX_TYPES];
	mig_node *node = NULL;
	mig_state *st = NULL;
	size_t n;
	int rc = mig_node_open(&node, dir, 0);

	if (!rc)
		rc = mig_node_read(&st, node);
	if (!rc)
		rc = slurm_node_types(t, SLURM_MAX_TYPES, &n, st, &o);
	if (!rc)
		rc = slurm_gres_value(out, len, t, n);
	mig_state_free(st);
	mig_node_close(node);
	return rc;
}

static int start_slurmd(pass *p, agent_entry *e, const agent_node_conf *nc)
{
	char *argv[AGENT_MAX_ARGV + 1] = {0};
	pid_t pid;

	if (node_gres(e->ch.gres, sizeof(e->ch.gres), p->o->conf, nc->dir)) {
		LOG(p, "node %s: reading its GPUs in %s: %s", nc->name, nc->dir, mig_errmsg());
		return -1;
	}
	if (agent_argv(argv, AGENT_MAX_ARGV + 1, p->o->conf->start, p->o->conf->nstart, nc->name,
		       nc->dir, e->ch.gres)) {
		LOG(p, "node %s: the start template gives a word longer than 4 KiB", nc->name);
		return -1;
	}
	pid = agent_spawn(argv);
	agent_argv_free(argv);
	if (pid < 0) {
		LOG(p, "node %s: %s", nc->name, mig_errmsg());
		return -1;
	}
	LOG(p, "node %s: slurmd started (pid %d) with Gres=%s", nc->name, (int)pid, e->ch.gres);
	return 0;
}

/* Delete the node from slurmctld (dynamic nodes); done if it is gone already. */
static int delete_node(pass *p, const char *node)
{
	char n[AGENT_NAME_MAX + 16];
	char *argv[] = {"scontrol", "delete", n, NULL};

	snprintf(n, sizeof(n), "NodeName=%s", node);
	if (!slurm_cmd(p, argv, NULL))
		return 0;
	return read_nodes(p) || slurm_node(p, node) ? -1 : 0;
}

/* The drain step: wait for the node to be idle; 1 when it is (go on), 0 to wait. */
static int drained_idle(pass *p, agent_entry *e)
{
	const agent_node *nd = slurm_node(p, e->ch.node);
	char reason[600];
	unsigned limit = p->o->conf->drain_timeout_s;

	if (!nd)
		return 0;
	if (!agent_node_drained(nd)) {
		agent_reason(reason, sizeof(reason), &e->ch);
		if (set_state(p, e->ch.node, "DRAIN", reason))
			return 0;
		LOG(p, "node %s: drained (Reason=%s)", e->ch.node, reason);
		return 0;  /* slurmctld's new state shows next pass */
	}
	if (!agent_node_busy(nd))
		return 1;
	if (limit && wall() - e->since > limit)
		abandon(p, e, "its jobs did not end within drain-timeout");
	return 0;
}

#define UNMAPPED_REASON "migctl-agent: no device map yet (slurmctld restarted)"

/*
 * Keep jobs off a node slurmctld cannot tell the devices of apart
 * (agent_node_unmapped): drain it until its slurmd has registered, then
 * resume it.  Nodes in a change are the change's business.
 */
static void guard_unmapped(pass *p, const agent_entry *e, size_t ne)
{
	for (size_t i = 0; i < p->o->conf->nnodes; i++) {
		const char *name = p->o->conf->node[i].name;
		agent_node *nd = (agent_node *)slurm_node(p, name);
		int ours, changing = 0;

		for (size_t k = 0; k < ne; k++)
			changing |= !strcmp(e[k].ch.node, name);
		if (!nd || changing || agent_node_down(nd))
			continue;
		ours = agent_node_drained(nd) && !strncmp(nd->reason, UNMAPPED_REASON,
							 strlen(UNMAPPED_REASON));
		if (agent_node_unmapped(nd) && !agent_node_drained(nd)) {
			if (p->o->dry_run)
				LOG(p, "dry run: would drain node %s: %s", name, UNMAPPED_REASON);
			else if (!set_state(p, name, "DRAIN", UNMAPPED_REASON))
				LOG(p, "node %s: drained until slurmd registers its GPUs again: slurmctld "
				    "counts %s without a device map", name, nd->gres);
			/* not a candidate for a change in this pass either */
			snprintf(nd->state, sizeof(nd->state), "IDLE+DRAIN");
		} else if (ours && !agent_node_unmapped(nd) && !p->o->dry_run &&
			   !set_state(p, name, "RESUME", NULL)) {
			LOG(p, "node %s: device map back; resumed", name);
		}
	}
}

/*
 * slurmd was started and has not registered (slurmctld does not list the
 * node, or lists it down): wait up to register-timeout, then give the
 * change up - the node left drained with a Reason that says so where
 * slurmctld knows it - rather than wait for ever.
 */
static int not_registered(pass *p, const agent_entry *e, const agent_node *nd)
{
	unsigned limit = p->o->conf->register_timeout_s;
	char reason[300];

	if (!limit || wall() - e->step_at <= limit)
		return 0;
	snprintf(reason, sizeof(reason), "migctl-agent: slurmd did not register within %u s "
		 "after a change (Gres=%.200s)", limit, e->ch.gres);
	if (nd && set_state(p, e->ch.node, "DRAIN", reason))
		return 0;  /* retried next pass */
	LOG(p, "node %s: slurmd did not register within register-timeout (%u s) of its start; "
	    "change given up, %s", e->ch.node, limit,
	    nd ? "node left drained" : "slurmctld does not list the node");
	return agent_journal_remove(p->o->state_dir, e->ch.node) ? -1 : 0;
}

/* Take one journal entry as far as it goes this pass. */
static int advance(pass *p, agent_entry *e)
{
	const agent_node_conf *nc = node_conf(p->o->conf, e->ch.node);
	const agent_node *nd;

	if (!nc) {
		LOG(p, "node %s: in the journal but not in the configuration; left alone", e->ch.node);
		return 0;
	}
	for (;;) {
		switch (e->step) {
		case AGENT_DRAIN:
			if (drained_idle(p, e) <= 0 || apply(p, e, nc) || journal(p, e, AGENT_APPLIED))
				return 0;
			break;
		case AGENT_APPLIED:
			if (stop_slurmd(p, e, nc) || journal(p, e, AGENT_STOPPED))
				return 0;
			break;
		case AGENT_STOPPED:
			if (delete_node(p, nc->name) || journal(p, e, AGENT_DELETED))
				return 0;
			break;
		case AGENT_DELETED:
			if (start_slurmd(p, e, nc) || journal(p, e, AGENT_STARTED))
				return 0;
			return 0;  /* registration shows in a later pass */
		default:
			nd = slurm_node(p, nc->name);
			if (!nd || agent_node_down(nd))
				return not_registered(p, e, nd);
			if (agent_node_drained(nd) && set_state(p, nc->name, "RESUME", NULL))
				return 0;
			LOG(p, "node %s: back in service with Gres=%s, %.1f s after the drain", nc->name,
			    e->ch.gres, wall() - e->since);
			return agent_journal_remove(p->o->state_dir, nc->name) ? -1 : 0;
		}
	}
}

static void views_free(agent_view *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mig_state_free((mig_state *)v[i].st);
}

/* What each configured node is now; nodes whose GPUs cannot be read are left out. */
static size_t views(agent_view *v, pass *p, const agent_entry *e, size_t ne)
{
	size_t n = 0;

	for (size_t i = 0; i < p->o->conf->nnodes; i++) {
		const agent_node_conf *nc = &p->o->conf->node[i];
		mig_node *node = NULL;
		mig_state *st = NULL;

		if (mig_node_open(&node, nc->dir, 0) || mig_node_read(&st, node)) {
			LOG(p, "node %s: reading its GPUs in %s: %s", nc->name, nc->dir, mig_errmsg());
			mig_node_close(node);
			continue;
		}
		mig_node_close(node);
		v[n] = (agent_view){.conf = nc, .slurm = slurm_node(p, nc->name), .st = st};
		for (size_t k = 0; k < ne; k++)
			v[n].changing |= !strcmp(e[k].ch.node, nc->name);
		n++;
	}
	return n;
}

/* Begin a change: journal first, then drain (so a crash between leaves no orphan drain). */
static void begin(pass *p, agent_change *ch)
{
	char reason[600];
	agent_entry e = {.ch = *ch, .step = AGENT_DRAIN, .since = wall()};

	agent_reason(reason, sizeof(reason), ch);
	if (p->o->dry_run) {
		LOG(p, "dry run: would drain node %s (Reason=%s), apply its new layout, stop its "
		    "slurmd, scontrol delete it, start slurmd with Gres=%s, resume it", ch->node, reason,
		    ch->gres);
		return;
	}
	if (journal(p, &e, AGENT_DRAIN))
		return;
	if (!set_state(p, ch->node, "DRAIN", reason))
		LOG(p, "node %s: drained (Reason=%s)", ch->node, reason);
	(void)read_nodes(p);
	(void)advance(p, &e);
}

/* Read the queue, decide, begin the changes. */
static void plan_changes(pass *p, const agent_entry *e, size_t ne)
{
	char *const argv[] = {(char *)agent_squeue_argv[0], (char *)agent_squeue_argv[1],
			      (char *)agent_squeue_argv[2], (char *)agent_squeue_argv[3],
			      (char *)agent_squeue_argv[4], (char *)agent_squeue_argv[5], NULL};
	agent_view v[AGENT_MAX_NODES];
	agent_change *ch = NULL;
	agent_job *jobs = NULL;
	char *text = NULL;
	size_t nj = 0, nv, nch = 0;

	if (slurm_cmd(p, argv, &text))
		return;
	if (agent_squeue_parse(&jobs, &nj, text)) {
		LOG(p, "squeue: %s", mig_errmsg());
		free(text);
		return;
	}
	free(text);
	nv = views(v, p, e, ne);
	if (nj && agent_decide(&ch, &nch, p->o->conf, v, nv, p->nodes, p->nn, jobs, nj, p->o->log,
			       p->o->log_arg))
		LOG(p, "deciding: %s", mig_errmsg());
	views_free(v, nv);
	for (size_t i = 0; i < nch; i++)
		begin(p, &ch[i]);
	agent_changes_free(ch, nch);
	free(jobs);
}

int agent_pass(const agent_opts *o)
{
	pass p = {.o = o};
	agent_entry *e = NULL;
	size_t ne = 0;
	int rc;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;  /* slurmd processes this agent started and stopped */
	if ((rc = agent_journal_load(&e, &ne, o->state_dir)))
		return rc;
	if (read_nodes(&p)) {
		agent_entries_free(e, ne);
		return 0;
	}
	guard_unmapped(&p, e, ne);
	for (size_t i = 0; i < ne; i++) {
		if (o->dry_run)
			LOG(&p, "dry run: node %s is being changed (step %s done); would go on",
			    e[i].ch.node, agent_step_name[e[i].step]);
		else
			(void)advance(&p, &e[i]);
	}
	plan_changes(&p, e, ne);
	agent_entries_free(e, ne);
	free(p.nodes);
	return 0;
}
