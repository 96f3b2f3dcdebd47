/*
 * agent.h - `migctl slurm agent`: repartition idle GPUs for the GPU types
 * pending jobs ask for (internal to migctl; docs/slurm.md, "The agent").
 *
 * The pieces are separate so that each can be tested without Slurm:
 *   agent_parse.c   squeue and `scontrol show node -o` output, the config file
 *   agent_map.c     a GRES type back to a GI profile (slurm conf's naming inverted)
 *   agent_plan.c    which idle node gets which layout (the planner, include/migplan.h)
 *   agent_journal.c the agent's own journal (which node, which step)
 *   agent_run.c     running scontrol/slurmd (argv, no shell) and the steps
 * Fallible calls return MIG_SUCCESS (0) or a mig_error code, with the
 * sentence ("what was wrong: what is allowed") in mig_errmsg(), as libmig
 * does (docs/architecture.md, "Errors"); nothing here exits.
 */
#ifndef MIGCTL_SLURM_AGENT_H
#define MIGCTL_SLURM_AGENT_H

#include <stddef.h>
#include <sys/types.h>

#include "slurm.h"

#define AGENT_ERR_MAX 512
#define AGENT_NAME_MAX 64     /* node names, job ids */
#define AGENT_TYPE_MAX 128    /* GRES type names (slurm_type.name) */
#define AGENT_MAX_NODES 64
#define AGENT_MAX_ARGV 32
#define AGENT_REGISTER_TIMEOUT 120  /* register-timeout's default, seconds */

/* ------------------------------------------------------------------ */
/* What Slurm says (agent_parse.c)                                     */
/* ------------------------------------------------------------------ */

/*
 * The squeue invocation the parser reads: pending jobs,
 * "JOBID|TRES_PER_NODE|TRES_PER_JOB" per line, no header.  TRES_PER_NODE is
 * what --gres or --gpus-per-node asked for, e.g.
 * "gres:gpu:nvidia_a100_3g.20gb:1" (22.05), "gres/gpu:a100_3g.20gb:2" or
 * "N/A"; TRES_PER_JOB what --gpus asked for, read as on one node.  Lines
 * without the third field (squeue -o '%i|%b') are read too.
 */
extern const char *const agent_squeue_argv[];

/* One typed GPU request of a pending job. */
typedef struct agent_job {
	char id[AGENT_NAME_MAX];    /* "123", "123_4" (array task) */
	char type[AGENT_TYPE_MAX];  /* GRES type as the job wrote it */
	unsigned count;             /* per node */
} agent_job;

/*
 * Parse squeue's output.  Jobs asking for no GPU or an untyped GPU are left
 * out (any GPU serves them).  A malformed line is refused, naming its number.
 */
int agent_squeue_parse(agent_job **out, size_t *n, const char *text);

/* A node as `scontrol show node -o` prints it (one line per node). */
typedef struct agent_node {
	char name[AGENT_NAME_MAX];
	char state[64];             /* "IDLE", "MIXED+DRAIN", "IDLE+DRAIN+DYNAMIC_NORM" */
	char gres[1024];            /* "gpu:nvidia_a100_3g.20gb:2" or "(null)" */
	char gres_used[1024];       /* "gpu:nvidia_a100_3g.20gb:1(IDX:0),..." */
	char reason[256];
} agent_node;

int agent_nodes_parse(agent_node **out, size_t *n, const char *text);

/* Has the node a job (allocated, mixed, completing)?  Drained?  Able to run jobs at all? */
int agent_node_busy(const agent_node *nd);
int agent_node_drained(const agent_node *nd);
int agent_node_down(const agent_node *nd);

/*
 * Does slurmctld count the node's GPUs of two types or more without their
 * topology (Gres= items without "(S:...)")?  Seen on 22.05 after a
 * slurmctld restart, for a dynamic node re-registered with a new Gres=,
 * until its slurmd registers again: a job then gets device 0 whatever type
 * it asked for (docs/slurm.md, "slurmctld restarts").
 */
int agent_node_unmapped(const agent_node *nd);

/*
 * How many of GRES type `type` a "gpu:T:N,gpu:T2:N2(IDX:..)" list holds
 * (Gres= or GresUsed=); 0 if none.
 */
unsigned agent_gres_count(const char *gres, const char *type);

/* ------------------------------------------------------------------ */
/* The agent's configuration (agent_parse.c; docs/slurm.md)            */
/* ------------------------------------------------------------------ */

typedef struct agent_node_conf {
	char name[AGENT_NAME_MAX];  /* Slurm's NodeName */
	char dir[256];              /* its emulated node directory ($MIGCTL_STATE_DIR) */
} agent_node_conf;

typedef struct agent_conf {
	slurm_version version;
	int short_whole;
	size_t nalias;
	slurm_alias alias[16];
	char alias_text[16][2][AGENT_TYPE_MAX];
	char allow[512];            /* comma-separated GI profiles; "" = all */
	size_t nnodes;
	agent_node_conf node[AGENT_MAX_NODES];
	/* argv templates: {node} {dir} {gres} substituted in each word */
	size_t nstart, nstop;
	char start[AGENT_MAX_ARGV][256];
	char stop[AGENT_MAX_ARGV][256];
	char pidfile[256];          /* slurmd's PidFile ({node} substituted) */
	unsigned drain_timeout_s;   /* give a node back if it is not idle by then; 0 = wait */
	unsigned register_timeout_s; /* give up a change whose slurmd has not registered; 0 = wait */
} agent_conf;

/*
 * Parse the configuration (docs/slurm.md lists the keywords).  Unknown
 * keywords, a node listed twice, a start template without {gres}, and
 * neither a pidfile nor a stop template are refused with the line number.
 */
int agent_conf_parse(agent_conf *out, const char *text, const char *filename);

/* ------------------------------------------------------------------ */
/* Types back to profiles (agent_map.c)                                */
/* ------------------------------------------------------------------ */

/*
 * The GI profile of model `m` that GRES type `type` names: the 22.05 name,
 * the 23.02+ name, or a site alias, exactly.  Where 22.05 names two
 * profiles alike (1g.5gb and 1g.5gb+me), the one without attributes.
 * -1 if the type names no profile of the model.
 */
int agent_type_profile(const mig_gi_profile **out, const mig_model *m, const char *type,
		       const agent_conf *c);

/* Is `item` one of the `sep`-separated words of `list`? */
int agent_list_has(const char *list, const char *item, char sep);

/* Is profile `name` in the comma-separated allow list (empty: all)? */
int agent_profile_allowed(const agent_conf *c, const char *name);

/* ------------------------------------------------------------------ */
/* Decisions (agent_plan.c)                                            */
/* ------------------------------------------------------------------ */

/* What the agent knows of one managed node for a pass. */
typedef struct agent_view {
	const agent_node_conf *conf;
	const agent_node *slurm;    /* NULL: Slurm does not know it (yet) */
	const mig_state *st;        /* its GPUs now */
	int changing;               /* a change is in progress (the journal) */
} agent_view;

/* One node to repartition. */
typedef struct agent_change {
	char node[AGENT_NAME_MAX];
	char jobs[256];             /* "12,13": the jobs it serves */
	char types[256];            /* "nvidia_a100_3g.20gb x2": what for */
	char *layout;               /* checkpoint JSON (migctl restore -f); malloc'd */
	char gres[1024];            /* the node's Gres= once changed */
} agent_change;

/*
 * Decide: the pending jobs no free instance serves, mapped to profiles,
 * placed by the planner on idle nodes (no job, not drained, not changing);
 * each node whose layout must change becomes one change.  Jobs named in
 * any node's drain Reason are claimed already (docs/slurm.md, claim rule)
 * and skipped.  `log` gets one line per decision (its reason).
 */
typedef void (*agent_log_fn)(void *arg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int agent_decide(agent_change **out, size_t *n, const agent_conf *c, const agent_view *nodes,
		 size_t nnodes, const agent_node *all, size_t nall, const agent_job *jobs,
		 size_t njobs, agent_log_fn log, void *log_arg);
void agent_changes_free(agent_change *ch, size_t n);

/* The drain Reason naming the jobs a change serves: the claim other agents read. */
void agent_reason(char *out, size_t len, const agent_change *ch);
/* Is job `id` named in a drain Reason written by agent_reason? */
int agent_reason_claims(const char *reason, const char *id);

/* ------------------------------------------------------------------ */
/* The agent's journal (agent_journal.c)                               */
/* ------------------------------------------------------------------ */

typedef enum agent_step {
	AGENT_DRAIN = 0,     /* drained; waiting for the node to be idle */
	AGENT_APPLIED,       /* the new layout is on the GPUs */
	AGENT_STOPPED,       /* its slurmd is gone */
	AGENT_DELETED,       /* slurmctld forgot the node */
	AGENT_STARTED,       /* slurmd -Z started; waiting for it to register */
	AGENT_STEPS
} agent_step;

extern const char *const agent_step_name[AGENT_STEPS];

typedef struct agent_entry {
	agent_change ch;
	agent_step step;
	double since;        /* when the change began (unix seconds) */
	double step_at;      /* when `step` was done (unix seconds; `since` if not recorded) */
} agent_entry;

/*
 * One file per node in the change, `<dir>/agent-<node>.json`, written
 * whole or not at all (temp file 0600 O_EXCL|O_NOFOLLOW, fsync, rename).
 */
int agent_journal_write(const char *dir, const agent_entry *e);
int agent_journal_remove(const char *dir, const char *node);
/* Every entry in `dir` (a crashed agent's changes to finish). */
int agent_journal_load(agent_entry **out, size_t *n, const char *dir);
void agent_entries_free(agent_entry *e, size_t n);

/* ------------------------------------------------------------------ */
/* Running (agent_run.c)                                               */
/* ------------------------------------------------------------------ */

/*
 * Substitute {node}, {dir} and {gres} in each word of a template; the
 * result words are malloc'd into argv (NULL-terminated).  -1 if a word
 * would be too long.
 */
int agent_argv(char **argv, size_t cap, const char (*tmpl)[256], size_t n, const char *node,
	       const char *dir, const char *gres);
void agent_argv_free(char **argv);

/*
 * Run argv (execvp, no shell) with `env` added ("NAME=value" or NULL),
 * wait up to `timeout_s`, output into *out (malloc'd, may be NULL).
 * Returns the exit status, or -1 (the reason in mig_errmsg()) when it could
 * not run or did not finish in time.
 */
int agent_exec(char **out, char *const *argv, const char *env, unsigned timeout_s);

/* Start argv detached (its own session, stdin /dev/null); its PID, or -1 (mig_errmsg()). */
pid_t agent_spawn(char *const *argv);

/* Write a file whole (0600, O_EXCL|O_NOFOLLOW temporary, fsync, rename). */
int agent_file_write(const char *dir, const char *name, const char *text);

/* ------------------------------------------------------------------ */
/* One pass (agent_pass.c)                                             */
/* ------------------------------------------------------------------ */

typedef struct agent_opts {
	const agent_conf *conf;
	const char *state_dir;      /* the journal's directory (exists, 0700) */
	const char *migctl;         /* this program, for `migctl restore -f` */
	int dry_run;                /* print what would be done; change nothing */
	unsigned timeout_s;         /* for each scontrol/squeue/restore call */
	agent_log_fn log;
	void *log_arg;
} agent_opts;

/*
 * One pass: read the nodes, take every change in the journal one or more
 * steps further, then read the queue and start the changes agent_decide
 * gives.  Slurm being unreachable is logged and the pass ends (the next
 * one retries): that is not an error.  A mig_error code only when the
 * journal cannot be read.
 */
int agent_pass(const agent_opts *o);

#endif
