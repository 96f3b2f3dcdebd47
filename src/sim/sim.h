/*
 * sim.h - the policy simulator behind `migctl sim` (docs/simulator.md),
 * internal to src/sim and its callers (the CLI, tests, bench).
 *
 * A trace of jobs meets a fleet of GPUs under one sharing policy: whole
 * GPUs, a static MIG layout, dynamic MIG (instances made and removed as
 * demand changes, at a cost), MPS, time-slicing, or MPS inside static MIG
 * instances.  The simulation is discrete-event and deterministic: the same
 * trace, fleet, options and seed give the same figures.
 *
 * Conventions: fallible calls return 0 or a mig_error code, the sentence
 * that says why in mig_errmsg() (docs/architecture.md, "Errors"); `_free`
 * functions are NULL-safe; nothing here prints or exits.
 */
#ifndef MIGSIM_SIM_H
#define MIGSIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "mig.h"

/* GI profiles and (profile, placement) items of one model: a layout is a uint32_t item mask. */
#define SIM_MAX_PROF 16
#define SIM_MAX_ITEMS 32

/* ------------------------------------------------------------------ */
/* Traces (trace.c, openb.c)                                          */
/* ------------------------------------------------------------------ */

typedef struct sim_job {
	double arrival;          /* s from the trace's start */
	double duration;         /* s, alone on a whole GPU */
	double demand;           /* share of one GPU's compute it uses, (0, 1] */
	unsigned mem_mib;        /* GPU memory it needs on each of its GPUs (0: by demand) */
	unsigned gpus;           /* 1, or whole GPUs of a multi-GPU job */
	unsigned user, cls;      /* indices into the trace's names */
	unsigned cpu_milli, host_mib; /* host needs (openb), 0 when unknown */
} sim_job;

typedef struct sim_host_pod {
	unsigned cpu_milli, host_mib;
} sim_host_pod;

typedef struct sim_trace {
	sim_job *jobs;
	size_t n, cap;
	char **users, **classes;
	size_t nusers, nclasses;
	size_t skipped;          /* rows that are not GPU jobs (openb num_gpu 0) */
	sim_host_pod *host;      /* openb pods with no GPU inside the window (for --calibrate) */
	size_t nhost, host_cap;
} sim_trace;

/* The job list: CSV with a header (docs/simulator.md#job-list) or JSON {"jobs": [...]}. */
int sim_trace_parse(sim_trace **out, const char *buf, size_t len, const char *filename);

typedef struct sim_openb_opts {
	double from_day, to_day;     /* window of creation times; to_day 0: no end */
	int class_by_qos;            /* 1: job class = qos; 0: frac/whole/multi */
} sim_openb_opts;

/* The Alibaba v2023 openb pod list (docs/simulator.md#openb). */
int sim_openb_parse(sim_trace **out, const char *buf, size_t len, const char *filename,
		    const sim_openb_opts *o);
/* Either format, by the file's first line; "-" reads standard input. */
int sim_trace_read(sim_trace **out, const char *path, const sim_openb_opts *o);
/* A synthetic trace (bench, tests): n jobs, Poisson arrivals at `load` of `gpus` GPUs. */
int sim_trace_synth(sim_trace **out, size_t n, unsigned gpus, double load, uint64_t seed);
void sim_trace_free(sim_trace *t);
/* Append a name (user or class) and return its index; -1 when out of memory. */
int sim_trace_name(sim_trace *t, int is_class, const char *name, size_t len);
int sim_trace_push(sim_trace *t, const sim_job *j);

/* ------------------------------------------------------------------ */
/* GPU models: profiles and every legal layout, from libmig (model.c) */
/* ------------------------------------------------------------------ */

typedef struct sim_prof {
	const mig_gi_profile *p;
	char name[32];
	unsigned id, slices, mem_mib, size;
	double speed;            /* share of the whole GPU's speed (speed model) */
} sim_prof;

typedef struct sim_item {
	uint8_t prof, start, size;
} sim_item;

typedef struct sim_model {
	const mig_model *model;
	unsigned mem_mib, total_slices;
	unsigned nprof, full;            /* full: index of the whole-GPU profile */
	sim_prof prof[SIM_MAX_PROF];     /* by slices, then memory */
	unsigned nitem;
	sim_item item[SIM_MAX_ITEMS];
	uint32_t pitems[SIM_MAX_PROF];   /* items of each profile */
	size_t nlegal;
	uint32_t *legal;                 /* sorted masks of every legal layout */
} sim_model;

/* Profiles with no engine variants ("+me", "-me", "+gfx") and their legal layouts. */
int sim_model_build(sim_model **out, const mig_model *m);
void sim_model_free(sim_model *m);
int sim_model_legal(const sim_model *m, uint32_t mask);
/* Smallest profile with speed >= demand and memory >= mem_mib; -1 when none. */
int sim_model_fit(const sim_model *m, double demand, unsigned mem_mib);
/* Item mask of a layout given as profile names ("3g.40gb,2g.20gb,2g.20gb"), placed first-fit. */
int sim_model_layout(uint32_t *out, const sim_model *m, const char *names);
/* Every maximal legal layout (no profile can be added), for the static search. */
size_t sim_model_maximal(const sim_model *m, uint32_t *out, size_t cap);
/* "3g.40gb+2g.20gb+..." of a mask. */
void sim_model_layout_name(char *out, size_t len, const sim_model *m, uint32_t mask);

/* ------------------------------------------------------------------ */
/* Speed model (speed.c)                                              */
/* ------------------------------------------------------------------ */

typedef struct sim_speed {
	double slice[8];         /* speed of a GI with k compute slices (of 7), whole GPU = 1 */
	double mps[8];           /* per-client efficiency with k clients sharing (k >= 7 use [7]) */
	double ts_switch;        /* time-slicing: share lost to context switches when shared */
	const char *source;      /* "parametric" or the data it came from */
} sim_speed;

void sim_speed_default(sim_speed *out);
/* Per-size speeds and MPS efficiency from ParvaGPU's prof_data/ (docs/simulator.md#speed). */
int sim_speed_parvagpu(sim_speed *out, const char *dir);
/* Speed of a GI profile with `slices` of `total` compute slices. */
double sim_speed_slices(const sim_speed *s, unsigned slices, unsigned total);

/* ------------------------------------------------------------------ */
/* Runs (engine.c, policy_*.c, stats.c)                               */
/* ------------------------------------------------------------------ */

typedef enum sim_policy {
	SIM_WHOLE, SIM_STATIC, SIM_DYNAMIC, SIM_MPS, SIM_TIMESLICE, SIM_MIG_MPS, SIM_NPOLICY
} sim_policy;

const char *sim_policy_name(sim_policy p);
int sim_policy_parse(sim_policy *out, const char *name);

/* Models of one fleet at most (docs/simulator.md#mixed-fleets). */
#define SIM_MAX_MODELS 4

/* One model's share of a mixed fleet. */
typedef struct sim_part {
	const mig_model *model;
	unsigned gpus;
} sim_part;

typedef struct sim_opts {
	sim_policy policy;
	unsigned gpus;               /* fleet of `gpus` x model (nparts 0) */
	const mig_model *model;
	sim_part part[SIM_MAX_MODELS]; /* a mixed fleet, in fleet order: GPUs part by part */
	unsigned nparts;             /* 0: `gpus` x `model`; else `gpus` and `model` are ignored */
	const char *layout;          /* static, mig+mps: profile names, per model "MODEL=names,..."
				      * on a mixed fleet; NULL: best by search */
	double op_s;                 /* one GI create or destroy (default 0.13) */
	double drain_s;              /* drain and restart one moved job (default 30) */
	double min_rate;             /* dynamic: slowest rate a right-sized job may run at (default 0.85; 1: off) */
	unsigned mps_clients;        /* per whole GPU; 0: libmig's default (mig_mps_client_limit) */
	unsigned ts_replicas;        /* time-slicing replicas per GPU (default 4) */
	double delay_s;              /* a job waiting longer than this counts as delayed (default 1) */
	unsigned window;             /* backfill: queued jobs looked at per event (default 256) */
	unsigned samples;            /* time series points kept (default 200) */
	sim_speed speed;
	int check;                   /* 1: check every layout against libmig as it changes */
} sim_opts;

void sim_opts_default(sim_opts *o);

typedef struct sim_class_stats {
	const char *name;
	size_t jobs, ran, delayed;
	double jct_mean, jct_p50, jct_p95, jct_p99;
	double wait_mean, wait_p50, wait_p95, wait_p99;
} sim_class_stats;

typedef struct sim_point {
	double t, alloc, queue;
} sim_point;

/* Who holds a GPU, for the census taken while multi-GPU jobs wait (docs/simulator.md#census). */
enum { SIM_HELD_EMPTY, SIM_HELD_FRAC, SIM_HELD_WHOLE, SIM_HELD_MULTI, SIM_NHELD };

typedef struct sim_result {
	sim_policy policy;
	char layout[320];            /* static and mig+mps: the layout used */
	size_t jobs, ran, never;     /* never: could never run on this fleet */
	double makespan;
	double alloc_mean;           /* time-averaged allocated share of the fleet */
	double frag_mean;            /* time-averaged fragmented share (docs/simulator.md#fragmentation) */
	size_t creates, destroys, migrations, repartitions;
	size_t right_sized;          /* dynamic: jobs started on a smaller profile than their own */
	size_t misses;               /* dynamic: placement tries that no reuse or create served */
	size_t planner_calls;        /* dynamic: migplan_plan calls (misses and defragmentation) */
	size_t nclass;
	sim_class_stats *cls;        /* [nclass + 1]: per class, then all jobs ("all") */
	size_t npoints;
	sim_point *points;
	double *jct;                 /* [jobs] per job (NAN: never ran), trace order */
	double *wait;
	uint64_t checks;             /* layouts checked against libmig (opts.check) */
	double multi_wait_s;         /* time with a multi-GPU job waiting (not when opts.samples 0) */
	double held_s[SIM_NHELD];    /* GPU-seconds then, by holder: empty, fractional, whole, multi */
	double wall_s;
} sim_result;

int sim_run(sim_result **out, const sim_trace *t, const sim_opts *o);
void sim_result_free(sim_result *r);

/* Best static layout for the trace (mean JCT), the same on every GPU of a model; a mixed
 * fleet's every combination of one layout per model ("MODEL=names,MODEL=names"). */
int sim_best_static(char *out, size_t len, const sim_trace *t, const sim_opts *o);
/* The fleet's parts (one for `gpus` x `model`); their number. */
unsigned sim_fleet_parts(sim_part *out, const sim_opts *o);
/* The fleet grown or shrunk to n GPUs, each model in proportion to its share (largest
 * remainder, ties to the earlier part): what --gpus-needed tries. */
void sim_fleet_resize(sim_opts *o, unsigned n);
/* Smallest fleet in [lo, hi] where every class has <= max_delayed of its jobs delayed; 0: none.
 * per_class (NULL, or the trace's nclasses entries): the same for each class alone. */
int sim_gpus_needed(unsigned *out, unsigned *per_class, const sim_trace *t, const sim_opts *o,
		    unsigned lo, unsigned hi, double max_delayed);

/* ------------------------------------------------------------------ */
/* Fractional sharing on a node list, FGD's calibration (fgd.c)       */
/* ------------------------------------------------------------------ */

typedef struct sim_nodes sim_nodes;

/* openb's node list (sn,cpu_milli,memory_mib,gpu,model); every node's GPUs alike. */
int sim_nodes_parse(sim_nodes **out, const char *buf, size_t len, const char *filename);
int sim_nodes_read(sim_nodes **out, const char *path);
void sim_nodes_free(sim_nodes *n);
unsigned sim_nodes_gpus(const sim_nodes *n);

typedef struct sim_fgd_result {
	double allocation;       /* allocated GPU / capacity when the arrivals reach capacity */
	size_t placed, failed;
} sim_fgd_result;

#define SIM_CAL_FGD 1             /* FGD's placement; without it best-fit */
#define SIM_CAL_RANDOM_TIES 2     /* equal scores: a node at random (else the lowest) */

/* Workload inflation with best-fit or FGD placement (SIM_CAL_* flags); seeded. */
int sim_fgd_run(sim_fgd_result *out, const sim_trace *t, const sim_nodes *nodes, int how,
		uint64_t seed);

#endif
