/*
 * sim_int.h - what the files of src/sim share beyond sim.h: the state of
 * one run (GPUs, devices, jobs in flight, the event heap, the queue) and
 * the policy interface.
 */
#ifndef MIGSIM_SIM_INT_H
#define MIGSIM_SIM_INT_H

#include "mig_internal.h"
#include "sim.h"

/* Parsing helpers (trace.c) */
int sim_trace_new(sim_trace **out);
/* A whole file ("-": standard input), NUL-terminated, into *out (NULL on failure). */
int sim_slurp(char **out, const char *path, size_t *len);
/* A finite decimal number filling s[0..len), nothing else. */
int sim_num(double *out, const char *s, size_t len);
/* Bytes before the next ',' within s[0..max) (lines are not NUL-terminated). */
size_t sim_field_len(const char *s, size_t max);
/* The mig_error of a parser's refusal `why`: MEMORY for "out of memory", else INVALID_ARGUMENT. */
int sim_why_code(const char *why);
int sim_job_check(const sim_job *j, double prev_arrival, char *why, size_t len);
int sim_lines(const char *buf, size_t len, void *ctx,
	      int (*fn)(void *ctx, size_t lineno, const char *line, size_t len), size_t *bad);

/* The whole GPU as a device (MIG off), beside items 0..31. */
#define SIM_WHOLE_DEV 32
#define SIM_NDEV 33

/* One device: a GI, or the whole GPU.  Jobs on it form a list through job_rt.dnext. */
typedef struct sim_dev {
	int head;                /* first job, -1 */
	uint16_t njobs;
	unsigned user;
	double demand;           /* sum of its jobs' demands */
	double mem;              /* sum of their memory, MiB */
} sim_dev;

typedef struct sim_gpu {
	const sim_model *m;
	unsigned mi;             /* its model's index in simr.models */
	uint32_t layout;         /* items that exist (MIG policies) */
	uint32_t busy;           /* items holding at least one job */
	int exclusive;           /* held by a multi-GPU job */
	int settle;              /* dynamic: emptied, to be laid out whole after the pass */
	double ready;            /* dynamic: when its last layout change is done */
	double alloc;            /* allocated share, 0..1 */
	sim_dev dev[SIM_NDEV];
} sim_gpu;

typedef enum { JOB_FUTURE, JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_NEVER } job_state;

typedef struct job_rt {
	double remaining;        /* work left, s at rate 1 */
	double rate, last;       /* progress rate since `last` */
	double start, end;
	double need_mem;         /* MiB on each GPU it uses (queued: on the first model) */
	int gpu, dev;            /* where it runs (first GPU of a multi-GPU job) */
	int *gpus;               /* multi-GPU: all its GPUs */
	int dnext, qnext, qprev;
	unsigned ver;
	unsigned moves;
	uint8_t state;
} job_rt;

typedef struct sim_ev {
	double t;
	uint32_t job, ver;
} sim_ev;

/* Buckets: lists of nodes (gpu * SIM_NDEV + dev) by model, profile and a policy's key. */
#define SIM_NKEY 16
typedef struct sim_buckets {
	int *next, *prev, *key;  /* per node; key -1: in no list */
	int head[SIM_MAX_MODELS * SIM_MAX_PROF * SIM_NKEY];
} sim_buckets;

typedef struct simr simr;

/* dynamic_plan.c: reconfigurations decided by migplan_plan over a few candidate GPUs */
#define SIM_PLAN_CAND 32
/* GPUs in use given to the planner's defragmentation: the emptiest (bounds its cost) */
#define SIM_PLAN_DEFRAG 8
#define SIM_PLAN_MOVES 8
typedef struct sim_planner sim_planner;
typedef struct sim_plan_move {
	unsigned from_g, from_i, to_g, to_i;   /* a busy instance: GPU and item, before and after */
} sim_plan_move;
typedef struct sim_planned {
	unsigned g, item;        /* placed: the job's GPU and item */
	uint32_t layout;         /* and that GPU's layout after */
	size_t nmove;            /* not placed: the moves that make room */
	sim_plan_move mv[SIM_PLAN_MOVES];
} sim_planned;

int sim_planner_new(sim_planner **out);
void sim_planner_free(sim_planner *p);
/* Candidates: reset, then add GPUs (0 when full; adding one twice is a no-op). */
void sim_planner_reset(sim_planner *p);
int sim_planner_add(sim_planner *p, unsigned g);
size_t sim_planner_count(const sim_planner *p);
/*
 * One instance of `profile` over the candidates: 1 placed (out->g, item,
 * layout), 2 not placed but out->mv would make room (defrag only), 0
 * nowhere, -1 the planner failed (mig_errmsg()).
 */
int sim_planner_place(simr *s, sim_planner *p, const char *profile, int defrag, sim_planned *out);

typedef struct sim_policy_ops {
	/* Prepare the GPUs (static layouts, buckets); fails only for a bad layout. */
	int (*setup)(simr *s);
	/* Could job j ever run on an empty fleet? */
	int (*possible)(simr *s, const sim_job *j, const job_rt *r);
	/* Start job j now if it fits; 1 started, 0 not. */
	int (*place)(simr *s, size_t j);
	/* Job j ended: free what it held. */
	void (*release)(simr *s, size_t j);
	/* Could a job of this shape start on GPU g now (the fragmentation measure)? */
	int (*fits)(simr *s, unsigned g, const sim_job *j, double mem);
	/* After each scheduling pass (NULL: nothing to do): work off the critical path. */
	void (*settle)(simr *s);
	/* 1: a waiting whole-GPU job holds back the jobs behind it (no backfill past it) */
	int whole_blocks;
} sim_policy_ops;

struct simr {
	const sim_trace *t;
	const sim_opts *o;
	const sim_policy_ops *ops;
	sim_model *models[SIM_MAX_MODELS]; /* in fleet order; GPUs model by model */
	unsigned nmodels;
	unsigned model_gpus[SIM_MAX_MODELS];  /* GPUs of each model */
	unsigned order[SIM_MAX_MODELS];     /* models in the order jobs try them (run.c) */
	double *need;            /* [job * nmodels + model]: MiB the job needs on that model */
	unsigned ngpu;
	sim_gpu *gpu;
	job_rt *rt;
	sim_buckets b;
	uint32_t static_layout[SIM_MAX_MODELS];
	double now;
	sim_ev *heap;
	size_t nheap, capheap;
	int qhead, qtail;
	size_t queued, running;
	size_t queued_multi;     /* multi-GPU jobs among the queued (the census) */
	double alloc_sum;        /* sum of gpu[].alloc */
	double alloc_area, last_t;
	sim_result *res;
	mig_state *check_st;     /* opts.check: a scratch GPU to replay layouts on */
	unsigned *pending;       /* dynamic: GPUs emptied in this pass (sim_gpu.settle) */
	sim_planner *planner;    /* dynamic: migplan_plan's scratch fleet and demand */
	size_t npending;
	int failed;              /* the mig_error of out of memory or a failed check (mig_errmsg) */
};

extern const sim_policy_ops sim_ops_whole, sim_ops_static, sim_ops_dynamic, sim_ops_mps,
	sim_ops_timeslice, sim_ops_mig_mps;

/* engine.c: the earliest event (the heap is not empty) */
sim_ev sim_heap_pop(simr *s);

/* engine.c: what policies call */
void sim_attach(simr *s, size_t j, unsigned g, int dev, double delay);
void sim_detach(simr *s, size_t j);
/* A device's jobs changed: recompute their rates (shared devices). */
void sim_dev_rates(simr *s, unsigned g, int dev);
void sim_gpu_alloc(simr *s, unsigned g, double alloc);
/* A GI made or removed on GPU g: the new layout, checked (opts.check). */
void sim_set_layout(simr *s, unsigned g, uint32_t layout);
/* Move the jobs of device `from` of GPU g to device `to` of GPU to_gpu (each drained and
 * restarted). */
void sim_move(simr *s, unsigned g, int from, unsigned to_gpu, int to);

/* Multi-GPU jobs (policy_share.c): the first n GPUs of bucket list `list` that
 * `ok` accepts, each claimed (claim returns its reconfiguration delay). */
int sim_take_gpus(simr *s, size_t j, int list, int (*ok)(simr *s, unsigned g),
		  double (*claim)(simr *s, unsigned g));
void sim_release_gpus(simr *s, size_t j, void (*after)(simr *s, unsigned g));

/* buckets (engine.c) */
int sim_buckets_init(sim_buckets *b, size_t nodes);
void sim_buckets_free(sim_buckets *b);
void sim_bucket_set(sim_buckets *b, int node, int list);
#define SIM_BUCKET(mi, prof, key) ((int)(((mi) * SIM_MAX_PROF + (prof)) * SIM_NKEY + (key)))

/* Per-class figures of a finished run (stats.c). */
int sim_stats(sim_result *r, const simr *s);

/*
 * Memory a job needs: its own figure, or by demand, the share `demand` of
 * `per_gpu` -- the smallest one-slice profile's memory times the GPU's
 * slices (docs/simulator.md#openb), so that k/7 of the compute comes with
 * the memory of a k-slice instance.
 */
double sim_job_mem(const sim_job *j, unsigned per_gpu);

/* MiB job j needs on a GPU of model mi. */
static inline double sim_need(const simr *s, size_t j, unsigned mi)
{
	return s->need[j * s->nmodels + mi];
}

#endif
