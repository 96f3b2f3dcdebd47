/*
 * layout.h - declarative MIG layouts (the miglayout library, linked into
 * migctl only; docs/layouts.md).
 *
 * A layout file is a mig-parted v1 config (github.com/NVIDIA/mig-parted; docs/layouts.md):
 * named configs, each a list of entries that select GPUs (device-filter,
 * devices) and say what they should hold (mig-enabled, mig-devices).  This
 * library parses such files exactly as mig-parted does (same accepted
 * inputs, same error texts, plus file:line:column), resolves profile names
 * against each GPU's catalog, and plans the smallest set of instance
 * destroys and creates that turns the current layout into the wanted one.
 * The same plans restore checkpoints and roll back interrupted applies.
 *
 * Conventions: as libmig's (include/mig.h): functions that can fail return
 * MIG_SUCCESS (0) or a mig_error code, and put the complete sentence in
 * this thread's mig_errmsg() (docs/architecture.md, "Errors"); `_free`
 * functions are NULL-safe; nothing here prints or exits.  Nothing here is
 * thread-safe beyond what libmig gives.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "mig.h"

/* Room for one message (mig_errmsg() holds as much). */
#define LAYOUT_ERR_MAX 1024

/* ------------------------------------------------------------------ */
/* Profile names (§parted-2)                                            */
/* ------------------------------------------------------------------ */

typedef struct layout_profile {
	long long c, g, gb;      /* "1c.3g.40gb": 1, 3, 40; two fields mean c = g */
	int negative;            /* attributes follow '-' (e.g. "-me") */
	char attrs[64];          /* attribute set, sorted and comma-joined ("me.all") */
	int start;               /* migctl's "@START" extension: GI placement start; -1 if none */
} layout_profile;

/*
 * Parse a mig-devices key: mig-parted's grammar (§parted-2.1) plus an
 * optional "@START" (docs/layouts.md).  On failure mig_errmsg() is the text that
 * follows "invalid format for '<key>': ", e.g. "cannot parse fields of
 * 'bogus': parsed wrong number of fields, expected 2 or 3".
 */
int layout_profile_parse(layout_profile *out, const char *key, size_t len);
/* The canonical form (§parted-2.2): "3g.40gb", "1c.3g.40gb", "1g.10gb+me", then "@4" if pinned. */
void layout_profile_name(char *buf, size_t len, const layout_profile *p);
/* The mig-parted name of a CI of `c` slices in a GI of profile `gi` ("1c.3g.40gb"). */
void layout_ci_name(char *buf, size_t len, const mig_gi_profile *gi, unsigned c);

/*
 * Resolve a profile on one GPU (§parted-2.5, compared numerically): its GI
 * profile and CI profile.  -1 when the GPU has no such profile.
 */
int layout_profile_resolve(const mig_gi_profile **gi, mig_ci_profile_info *ci,
			   const layout_profile *p, const mig_state *st, unsigned gpu);

/* ------------------------------------------------------------------ */
/* Config files (§parted-1)                                             */
/* ------------------------------------------------------------------ */

typedef struct layout_key {
	char *text;              /* as written: "1c.3g.40gb" */
	long long count;
	layout_profile profile;
	unsigned line, col;
} layout_key;

typedef struct layout_entry {
	unsigned line, col;
	int has_filter;          /* device-filter given (a string or a list) */
	int filter_is_list;
	size_t nfilter;
	char **filter;           /* as written; not validated (§parted-1.3) */
	int devices_all;
	size_t ndevices;
	long long *devices;      /* node-wide indices in PCI order (§parted-1.7) */
	int mig_enabled;
	int has_mig_devices;     /* present and not null */
	size_t nkeys;
	layout_key *keys;        /* file order, last duplicate wins */
} layout_entry;

typedef struct layout_named {
	char *name;
	unsigned line, col;
	size_t nentries;
	layout_entry *entries;
} layout_named;

typedef struct layout_config {
	char *filename;
	int has_version;
	size_t nconfigs;
	layout_named *configs;   /* order of first appearance; last duplicate wins */
} layout_config;

/*
 * Parse a config from a buffer (YAML 1.1 or JSON).  Accepts exactly what
 * mig-parted v0.15.0 accepts; on refusal, mig_errmsg() = "FILE:LINE:COL: " + the
 * message mig-parted prints (§parted-1.5), e.g.
 * "c.yaml:1:10: Error parsing config file: unmarshal error: error
 * unmarshaling JSON: while decoding JSON: unknown version: v2".
 * An empty document parses to a config with no configs (§parted-1.2).
 */
int layout_parse(layout_config **out, const char *buf, size_t len, const char *filename);
/* Read and parse a file ("-" = standard input). */
int layout_read(layout_config **out, const char *path);
void layout_config_free(layout_config *cfg);

/*
 * Pick the config to use (§parted-1.2): `name`, or the only one when `name`
 * is NULL; NULL with mig_errmsg() = "Error selecting MIG config: ...".
 */
const layout_named *layout_select(const layout_config *cfg, const char *name);

/*
 * Print a config as mig-parted does (§parted-5.1): yaml.v2's layout, or Go's
 * indented JSON without a trailing newline.  *out is malloc'd.
 */
int layout_config_yaml(char **out, const layout_config *cfg);
int layout_config_json(char **out, const layout_config *cfg);

/* Read whole file ("-" = stdin), NUL-terminated; mig_errmsg() in Go's words (§parted-1.5). */
int layout_slurp(char **out, size_t *len, const char *path);

/* ------------------------------------------------------------------ */
/* Notes: warnings collected while walking or planning                */
/* ------------------------------------------------------------------ */

typedef struct layout_notes {
	size_t n;
	char **text;
} layout_notes;

void layout_note(layout_notes *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void layout_notes_clear(layout_notes *notes);

/* ------------------------------------------------------------------ */
/* Targets: what each GPU should hold (the walk, §parted-1.6)           */
/* ------------------------------------------------------------------ */

/* Upper bound of wanted CIs per GPU; more can never fit. */
#define LAYOUT_MAX_WANT 64
#define LAYOUT_MAX_GI 8
#define LAYOUT_MAX_CI 8

typedef struct layout_want {
	unsigned gi_profile;     /* nvidia-smi GI profile ID on this GPU */
	unsigned ci_profile;     /* NVML CI profile ID */
	unsigned slices;         /* compute slices of the CI */
	int start;               /* GI placement start (extension), -1 = any */
	char name[48];           /* mig-parted's canonical name ("1c.3g.40gb") */
} layout_want;

typedef struct layout_target {
	int covered;             /* some entry visits this GPU */
	int incapable;           /* the GPU has no MIG profiles (§parted-1.6: skipped or refused) */
	int enabled;
	size_t entry;            /* the (last) entry that visits it */
	size_t n;
	layout_want want[LAYOUT_MAX_WANT];
} layout_target;

/* GPU node indices in PCI bus order (§parted-1.7): order[i] = node index. */
void layout_pci_order(unsigned *order, const mig_state *st);

/*
 * Match a device-filter string against a GPU (§parted-1.4): device id from
 * the catalog, vendor 0x10DE, subsystem unknown (0).
 */
int layout_filter_matches(const char *filter, const mig_state *st, unsigned gpu);
int layout_entry_matches(const layout_entry *e, const mig_state *st, unsigned gpu,
			 unsigned pci_index);

/*
 * Walk a config over the node: targets[gpu] for every GPU (node index).
 * Fails (mig_errmsg() says why) when a profile does not exist on a GPU it is meant for, or
 * a count can never fit.  Entries that match nothing and GPUs visited
 * twice are noted.
 */
int layout_targets(layout_target *targets, const layout_named *cfg, const mig_state *st,
		   layout_notes *notes);

/* ------------------------------------------------------------------ */
/* Current layouts                                                    */
/* ------------------------------------------------------------------ */

typedef struct layout_ci_have {
	unsigned id, profile, slices;
	mig_placement at;
	unsigned procs;
	char name[48];           /* mig-parted name */
} layout_ci_have;

typedef struct layout_gi_have {
	unsigned id, profile;    /* GI ID, nvidia-smi profile ID */
	const mig_gi_profile *p;
	mig_placement at;
	unsigned procs;          /* processes on its CIs */
	size_t nci;
	layout_ci_have ci[LAYOUT_MAX_CI];
} layout_gi_have;

typedef struct layout_gpu_have {
	int mig_current, mig_pending;
	unsigned gpu_procs;      /* processes holding the whole GPU */
	size_t ngi;
	layout_gi_have gi[LAYOUT_MAX_GI];
} layout_gpu_have;

int layout_gpu_read(layout_gpu_have *out, const mig_state *st, unsigned gpu);

/*
 * Does the GPU hold what the target asks (assert, §parted-4.2)?  With
 * `diff`, one note per difference ("1g.10gb: want 2, have 7").  A GI
 * without a compute instance is a difference (§parted-3.5, P7).
 */
int layout_matches(const layout_gpu_have *have, const layout_target *t, int mode_only,
		   layout_notes *diff);

/* ------------------------------------------------------------------ */
/* Plans                                                              */
/* ------------------------------------------------------------------ */

typedef enum layout_op {
	LAYOUT_SET_MODE = 1,     /* enable or disable MIG mode */
	LAYOUT_RESET,            /* reset the GPU so a pending mode takes effect */
	LAYOUT_DESTROY_CI,
	LAYOUT_DESTROY_GI,
	LAYOUT_CREATE_GI,
	LAYOUT_CREATE_CI
} layout_op;

typedef struct layout_step {
	layout_op op;
	unsigned gpu;
	int enable;              /* SET_MODE */
	unsigned gi, ci;         /* IDs; for creates, the ID the instance gets */
	unsigned profile;        /* CREATE_GI: GI profile ID; CREATE_CI: CI profile ID */
	mig_placement at;        /* GI placement (units) or CI placement (slices) */
	char name[48];           /* GI or CI profile name (mig-parted's form) */
	unsigned detach;         /* DESTROY_CI under --force: processes it detaches */
	int filler;              /* a temporary CI that only gives the next one its ID */
	int reset_follows;       /* SET_MODE: a RESET step makes the change take effect */
	int mode_phase;          /* part of a MIG mode change (§parted-3.2's mode phase) */
} layout_step;

typedef struct layout_gpu_plan {
	int selected;            /* the target covers this GPU */
	int already;             /* nothing to do */
	unsigned have_gi, have_ci, kept_gi, kept_ci, want_gi, want_ci;
	unsigned destroyed, created; /* instances (GIs + CIs) */
} layout_gpu_plan;

typedef struct layout_plan {
	size_t n, cap;
	layout_step *step;
	unsigned ngpu;
	layout_gpu_plan *gpu;
	int ids_exact;           /* exact plans: 0 if some CI ID could not be reproduced */
} layout_plan;

typedef struct layout_plan_opts {
	int force;               /* may destroy instances that processes use */
	int mode_only;           /* only MIG mode changes (§parted-3.1 --mode-only) */
} layout_plan_opts;

/*
 * Plan the way from the layout in `st` to `targets` (one per GPU): the
 * fewest destroys and creates, keeping every instance that can stay,
 * placing new GIs so the whole target fits (docs/layouts.md "Planner").
 * Fails with the blockers named when busy instances are in the way.
 */
int layout_plan_targets(layout_plan **out, const mig_state *st, const layout_target *targets,
			const layout_plan_opts *opts);

/* An exact layout (checkpoint, journal): placements and IDs. */
typedef struct layout_snap_ci {
	unsigned profile;        /* NVML CI profile ID */
	int id;                  /* -1: any */
	int start;               /* -1: any */
	unsigned size;
} layout_snap_ci;

typedef struct layout_snap_gi {
	unsigned nvml_profile;   /* NVML GI profile (enum value), as mig-parted records it */
	mig_placement at;
	int id;                  /* -1: follows from the placement */
	size_t nci;
	layout_snap_ci ci[LAYOUT_MAX_CI];
} layout_snap_gi;

typedef struct layout_snap_gpu {
	char uuid[48];
	int mig;                 /* current MIG mode */
	size_t ngi;
	layout_snap_gi gi[LAYOUT_MAX_GI];
} layout_snap_gpu;

typedef struct layout_snapshot {
	size_t ngpu;
	layout_snap_gpu *gpu;
} layout_snapshot;

/* The exact layout of the given GPUs (all when gpus is NULL). */
int layout_snapshot_take(layout_snapshot **out, const mig_state *st, const unsigned *gpus,
			 size_t ngpus);
void layout_snapshot_free(layout_snapshot *s);
/* mig-parted's checkpoint JSON (§parted-5.2) plus IDs and CI placements; compact. */
int layout_snapshot_json(char **out, const layout_snapshot *s);
int layout_snapshot_parse(layout_snapshot **out, const char *buf, size_t len);

/*
 * Plan the way to an exact layout: keep what matches exactly, destroy the
 * rest, create at the recorded placements, in an order that gives every
 * CI its recorded ID where the GI has room for that.  GPUs are matched by
 * UUID.
 */
int layout_plan_exact(layout_plan **out, const mig_state *st, const layout_snapshot *want,
		      const layout_plan_opts *opts);

void layout_plan_free(layout_plan *p);

/* Do one step on a state; checks the ID a create gets. */
int layout_step_do(mig_state *st, const layout_step *s);
/* "destroy CI 0 of GI 2 (1c.3g.40gb) on GPU 0" */
void layout_step_text(char *buf, size_t len, const layout_step *s);
/* 1 if the step belongs to the mode phase (§parted-3.2: pre-apply-mode). */
int layout_step_is_mode(const layout_plan *p, const layout_step *s);
/* The same steps? (to tell whether a re-plan differs from the printed one) */
int layout_plan_equal(const layout_plan *a, const layout_plan *b);

/* ------------------------------------------------------------------ */
/* Export and presets (§parted-5.1, §parted-5.3, §parted-6)                           */
/* ------------------------------------------------------------------ */

/*
 * The node's layout as a config named `label` (§parted-5.1).  `placements`:
 * write "@START" keys so apply reproduces GI placements too.  GIs without a
 * CI cannot be expressed; each is noted.
 */
int layout_export(layout_config **out, const mig_state *st, const char *label, int placements,
		  layout_notes *notes);

/*
 * The named presets for the GPU models among `gpus` (all when NULL), as
 * mig-parted's generate-config makes them (§parted-5.3, §parted-6).
 */
int layout_presets(layout_config **out, const mig_state *st, const unsigned *gpus,
		   size_t ngpus);

/* ------------------------------------------------------------------ */
/* Hooks (§parted-3.7)                                                  */
/* ------------------------------------------------------------------ */

enum {
	LAYOUT_HOOK_APPLY_START,
	LAYOUT_HOOK_PRE_APPLY_MODE,
	LAYOUT_HOOK_PRE_APPLY_CONFIG,
	LAYOUT_HOOK_APPLY_EXIT,
	LAYOUT_HOOK_PHASES
};

typedef struct layout_hook {
	char *command;
	char *workdir;
	size_t nargs, nenvs;
	char **args;
	char **envs;             /* "NAME=value" */
} layout_hook;

typedef struct layout_hooks {
	size_t n[LAYOUT_HOOK_PHASES];
	layout_hook *hook[LAYOUT_HOOK_PHASES];
} layout_hooks;

extern const char *const layout_hook_phase[LAYOUT_HOOK_PHASES];

int layout_hooks_parse(layout_hooks **out, const char *buf, size_t len, const char *filename);
void layout_hooks_free(layout_hooks *h);
/*
 * Run a phase's hooks in order with execve (no shell): environment =
 * the hook's envs plus `env` ("MIG_PARTED_...=..." strings, winning on a
 * clash).  Output goes to stderr when `show_output`, else /dev/null.
 * Stops at the first failure: mig_errmsg() = "exit status 1" etc. (Go's words).
 */
int layout_hooks_run(const layout_hooks *h, int phase, char *const *env, size_t nenv,
		     int show_output);

/* ------------------------------------------------------------------ */
/* Applying: a plan as one node transaction (exec.c, undo.c)          */
/* ------------------------------------------------------------------ */

typedef struct layout_run_result {
	int done;                /* every step succeeded: the target exists */
	size_t steps_done;
	int rolled_back;         /* a failure was undone */
	int rollback_failed;     /* neither the old nor the new layout: the journal stays */
	char why[LAYOUT_ERR_MAX]; /* a failure: the step's and what the rollback did (= mig_errmsg()) */
} layout_run_result;

/*
 * Apply a plan to the node as one node transaction (mig_internal.h):
 * re-plans via `replan` on the state the transaction began with (the node
 * may have changed since `plan` was printed; *replanned says so and holds
 * the plan that ran), then every step; all or nothing - the node writes one
 * batch, or on real GPUs (and the emulated node with
 * MIGCTL_LAYOUT_STEPWISE=1, the tests' mode) journals each step's inverse
 * and rolls a failed apply back to the pre-apply layout.  `replan` reports
 * a refusal as any function here does (a mig_error code, mig_errmsg()).
 */
typedef int (*layout_replan_fn)(layout_plan **out, const mig_state *st, void *arg);

int layout_run(layout_run_result *res, mig_node *node, const layout_plan *plan,
	       layout_replan_fn replan, void *replan_arg, layout_plan **replanned,
	       const char *what);

/*
 * The inverse of a step (undo.c), taken from the state just before the
 * step, as the node's journal keeps it (the record format: mig_internal.h);
 * NULL if the step names nothing there or memory ran out.
 */
json_t *layout_undo_record(const mig_state *st, const layout_step *s);

#endif
