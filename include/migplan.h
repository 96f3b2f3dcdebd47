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
/* Fleets built in memory (a scheduler's or a simulator's own state)   */
/* ------------------------------------------------------------------ */

/* An empty fleet. */
int migplan_fleet_new(migplan_fleet **out);
/*
 * Drop every node and GPU but keep the lattices of legal layouts built so
 * far: a caller that plans the same models again and again (a simulator,
 * per scheduling decision) pays for the lattices once.
 */
void migplan_fleet_clear(migplan_fleet *f);
/* Append a node; the GPUs added next are its GPUs. */
int migplan_fleet_add_node(migplan_fleet *f, const char *name);
/*
 * Append a GPU of `model` to the last node: MIG on, no instances, its index
 * on the node in order, a made-up UUID.  `driver` NULL: the model's newest
 * branch.  *index (if not NULL) is its index among the fleet's GPUs.
 */
int migplan_fleet_add_gpu(size_t *index, migplan_fleet *f, const mig_model *model,
			  const char *driver);

typedef struct migplan_gi_spec {
	const mig_gi_profile *profile; /* a GI profile of the GPU's model */
	unsigned start;          /* placement start */
	int busy;                /* held by work: the plan never touches it */
	unsigned priority;       /* of that work, 1..1000 (0: 1): defragmentation's cost */
	double age_s;            /* how long it has run: defragmentation's cost */
	const char *holder;      /* who holds it, or NULL */
} migplan_gi_spec;

/*
 * Add a GPU instance with its one full-size compute instance to fleet GPU
 * `gpu`; its GI ID is the one creation gives on a canonical board.  Refused,
 * with nothing added, when the GPU's instances would not form a legal
 * layout.
 */
int migplan_fleet_add_gi(migplan_fleet *f, size_t gpu, const migplan_gi_spec *gi);

/* ------------------------------------------------------------------ */
/* Demand (docs/schemas/demand.schema.json)                            */
/* ------------------------------------------------------------------ */

int migplan_demand_parse(migplan_demand **out, const char *buf, size_t len, const char *filename);
int migplan_demand_read(migplan_demand **out, const char *path);
size_t migplan_demand_count(const migplan_demand *d);

typedef struct migplan_request_spec {
	const char *id;          /* unique within the demand, 1..128 bytes */
	unsigned count;          /* units, 1..1000000 */
	unsigned priority;       /* 1..1000 (0: 1) */
	const char *profile;     /* by profile ("3g.40gb"), or NULL and by needs: */
	uint64_t memory_mib;     /* 0 = no need */
	double compute;          /* share of the GPU's compute slices, 0 = none */
} migplan_request_spec;

/* An empty demand, to fill with migplan_demand_add. */
int migplan_demand_new(migplan_demand **out);
/* Append a request (strings copied); refused, with nothing added, when a field is out of range. */
int migplan_demand_add(migplan_demand *d, const migplan_request_spec *r);
/* Drop every request, keeping the demand for reuse. */
void migplan_demand_clear(migplan_demand *d);
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
	size_t fleet_gpu;        /* the GPU's index among the fleet's GPUs */
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

/* One GPU instance of a GPU's final layout. */
typedef struct migplan_gi_out {
	const mig_gi_profile *profile;
	unsigned start;
	int busy;                /* a busy instance the plan kept */
	int made;                /* created by the plan (new, or made again with its full CI) */
} migplan_gi_out;

/*
 * The final layout of fleet GPU `gpu` (an index among the fleet's GPUs), in
 * libmig's list-call shape: up to `cap` instances in `out`, their number in
 * *count, MIG_ERROR_INSUFFICIENT_SIZE when `cap` is too small.
 */
int migplan_result_gpu_instances(migplan_gi_out *out, size_t cap, size_t *count,
				 const migplan_result *r, size_t gpu);

/* A busy instance that defragmentation proposes to move (migplan_opts.defrag). */
typedef struct migplan_move_info {
	size_t from_gpu, to_gpu; /* indices among the fleet's GPUs */
	const mig_gi_profile *profile;
	unsigned from_start, to_start;
	unsigned gi;             /* its GI ID on from_gpu */
	const char *for_request; /* the request it makes room for, or NULL (consolidation) */
} migplan_move_info;

size_t migplan_result_move_count(const migplan_result *r);
int migplan_result_move(migplan_move_info *out, const migplan_result *r, size_t i);

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
