/*
 * migplan.h - demand-driven MIG planning (docs/planning.md): given a fleet
 * (nodes, their GPUs and instances, which instances are busy) and demand
 * (requests for a profile or for resources), decide where each request
 * goes and how each GPU gets there, never touching a busy instance.
 *
 * Shared by migctl (`migctl plan`, `migctl fleet`), and meant for a Slurm
 * agent and a policy simulator.  Built on libmig (include/mig.h) and the
 * layout library (apply's steps and checkpoint format); linked statically
 * as `migplan`.
 *
 * Conventions: libmig's (include/mig.h): fallible calls return MIG_SUCCESS
 * (0) or a mig_error code, and the one complete message is this thread's
 * mig_errmsg() ("FILE:LINE:COL: PATH: what was wrong; allowed: ...";
 * docs/architecture.md, "Errors"); outputs come first; `_free` functions are NULL-safe; nothing here
 * prints, exits or aborts.  A fleet is not thread-safe (planning caches
 * lattices in it); distinct fleets are independent.
 */
#ifndef MIGPLAN_H
#define MIGPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "mig.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct migplan_fleet migplan_fleet;
typedef struct migplan_demand migplan_demand;
typedef struct migplan_result migplan_result;

/* ------------------------------------------------------------------ */
/* Fleets (docs/schemas/fleet.schema.json)                             */
/* ------------------------------------------------------------------ */

/* Parse fleet JSON or YAML; `filename` only names the file in errors. */
int migplan_fleet_parse(migplan_fleet **out, const char *buf, size_t len, const char *filename);
/* Read and parse a file ("-" = standard input). */
int migplan_fleet_read(migplan_fleet **out, const char *path);
/*
 * The fleet of one node from its state: GPUs, instances, processes (a GI
 * with a process on one of its CIs is busy).  `node` names it.
 */
int migplan_fleet_from_state(migplan_fleet **out, const mig_state *st, const char *node);

typedef struct migplan_synth_opts {
	unsigned version;        /* MIGPLAN_SYNTH_OPTS_VERSION */
	unsigned gpus;           /* how many GPUs */
	unsigned gpus_per_node;  /* 0: 8 */
	const char *models;      /* comma-separated catalog keys, cycled; NULL: H100-SXM5-80GB */
	double fill;             /* 0..1: share of compute slices held by busy instances */
	double idle;             /* 0..1: share held by idle instances (on top of fill) */
	uint64_t seed;
} migplan_synth_opts;
#define MIGPLAN_SYNTH_OPTS_VERSION 1

/* A random fleet: same seed, same fleet.  Instances are random legal layouts. */
int migplan_fleet_synth(migplan_fleet **out, const migplan_synth_opts *opts);
/* The fleet as JSON ("schema": "migctl.fleet/1"); *out is malloc'd. */
int migplan_fleet_json(char **out, const migplan_fleet *f);
size_t migplan_fleet_gpu_count(const migplan_fleet *f);
size_t migplan_fleet_node_count(const migplan_fleet *f);
const char *migplan_fleet_node_name(const migplan_fleet *f, size_t node);
/*
 * An emulated state holding node `node` exactly: GPUs with their UUIDs,
 * instances at their placements with their IDs and pinned MIG UUIDs (no
 * processes are recorded: busy-ness lives in the fleet).  Free it with
 * mig_state_free.
 */
int migplan_node_state(mig_state **out, const migplan_fleet *f, size_t node);
void migplan_fleet_free(migplan_fleet *f);

/* ------------------------------------------------------------------ */
/* Demand (docs/schemas/demand.schema.json)                            */
/* ------------------------------------------------------------------ */

int migplan_demand_parse(migplan_demand **out, const char *buf, size_t len, const char *filename);
int migplan_demand_read(migplan_demand **out, const char *path);
size_t migplan_demand_count(const migplan_demand *d);
void migplan_demand_free(migplan_demand *d);

/* ------------------------------------------------------------------ */
/* Planning                                                           */
/* ------------------------------------------------------------------ */

typedef struct migplan_opts {
	unsigned version;        /* MIGPLAN_OPTS_VERSION */
	/*
	 * Defragmentation (docs/planning.md): when a request fits nowhere,
	 * find the fewest busy instances to move elsewhere that make room;
	 * with free_gpus > 0, also consolidate until that many GPUs are
	 * empty.  Moves are proposals: the plan never touches a busy
	 * instance itself.
	 */
	int defrag;
	unsigned free_gpus;
} migplan_opts;
#define MIGPLAN_OPTS_VERSION 1

/*
 * Plan `d` on `f`.  The result borrows both: keep them until
 * migplan_result_free.  Fails only for requests no GPU of the fleet
 * could ever hold (an unknown profile, 200 GiB on an A30) or a model the
 * catalog lacks; requests that do not fit now come back unplaced with
 * the reason.
 */
int migplan_plan(migplan_result **out, migplan_fleet *f, const migplan_demand *d,
		 const migplan_opts *opts);
void migplan_result_free(migplan_result *r);

/* One instance given to one unit of a request. */
typedef struct migplan_placement {
	const char *request;     /* request id */
	size_t node;             /* fleet node index */
	unsigned gpu;            /* GPU index on that node */
	const char *profile;     /* GI profile name ("3g.40gb") */
	unsigned start;          /* GI placement start (units) */
	int reused;              /* 1: an idle instance that already existed (gi is its ID) */
	unsigned gi;             /* GI ID: the existing one, or the one creation gives on a
				  * canonical board (apply's steps name the real one) */
} migplan_placement;

size_t migplan_result_placement_count(const migplan_result *r);
const migplan_placement *migplan_result_placement(const migplan_result *r, size_t i);

typedef struct migplan_summary {
	uint64_t demanded, satisfied;  /* sum of priority x units (docs/planning.md (a)) */
	size_t units, units_placed;    /* request units */
	size_t created, destroyed, reused; /* GPU instances */
	size_t busy_touched;           /* always 0: checked, not assumed */
	double frag_before, frag_after; /* stranded compute slices, fleet total */
	size_t gpus_changed, gpus_empty_after;
	size_t moves;                  /* defragmentation: busy instances to move */
	uint64_t satisfied_slices;     /* sum of priority x compute slices placed: criterion (a) */
} migplan_summary;

void migplan_result_summary(migplan_summary *out, const migplan_result *r);

/*
 * The final layout of node `node` as checkpoint JSON (docs/layouts.md):
 * `migctl restore -f` on that node makes it, keeping every busy instance
 * and its IDs.  *out is malloc'd.
 */
int migplan_result_node_layout(char **out, const migplan_result *r, size_t node);

/*
 * The whole result as JSON (docs/schemas/plan-demand.schema.json): per
 * request its placements or why not, the profile chosen per model for a
 * request by resources and why, per GPU its final layout and, when
 * `steps` is set, apply's steps to get there.
 */
int migplan_result_json(char **out, const migplan_result *r, int steps);

#ifdef __cplusplus
}
#endif

#endif
