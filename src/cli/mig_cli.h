/*
 * mig_cli.h - what the files of `migctl mig` (= `nvidia-smi mig`) share.
 *
 *   cmd_mig.c      options, validation, dispatch
 *   mig_gen.c      which nvidia-smi generation the node's driver prints
 *   mig_select.c   which GPUs and GIs a command works on, in nvidia-smi's order
 *   mig_rows.c     the sorted rows of the six list verbs
 *   mig_list.c     rendering those rows as nvidia-smi tables / lines
 *   mig_json.c     rendering rows and changes as JSON
 *   mig_tuple.c    -cgi / -cci argument parsing and profile matching
 *   mig_create.c   -cgi [-C], -cci
 *   mig_destroy.c  -dci, -dgi
 *   mig_report.c   the messages of the mutating verbs
 *
 * Rows, then rendering: every verb first builds plain rows (or a list of
 * changes), then prints them as nvidia-smi text or as one JSON document.
 */
#ifndef MIGCTL_MIG_CLI_H
#define MIGCTL_MIG_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* The verbs of `nvidia-smi mig`. */
typedef enum mig_verb {
	MV_NONE = 0,
	MV_LGIP,  /* -lgip  --list-gpu-instance-profiles */
	MV_LGIPP, /* -lgipp --list-gpu-instance-possible-placements */
	MV_LCIP,  /* -lcip  --list-compute-instance-profiles */
	MV_LCIPP, /* -lcipp --list-compute-instance-possible-placements */
	MV_LGI,   /* -lgi   --list-gpu-instances */
	MV_LCI,   /* -lci   --list-compute-instances */
	MV_CGI,   /* -cgi   --create-gpu-instance */
	MV_CCI,   /* -cci   --create-compute-instance */
	MV_DCI,   /* -dci   --destroy-compute-instance */
	MV_DGI    /* -dgi   --destroy-gpu-instance */
} mig_verb;

/* Output generation of the node's driver (nvidia-smi-output.md §1). */
typedef struct mig_gen {
	unsigned lgip_width;     /* 79 (R450 ... R570) or 81 (R580+) */
	unsigned lgi_width;      /* 54 (R450/R460), 57 (R470 ... R570), 59 (R580+) */
	int lci_placement;       /* R470+: -lci has the Placement column (70 wide, else 57) */
	int cci_id;              /* R470+: the -cci success line names the new CI ID */
	int sort_by_memory;      /* R535+: -lgip sorts by (slices, memory, ID), else (slices, ID) */
	int has_lcipp;           /* R525+: -lcipp exists (R470: "Option \"-lcipp\" is not recognized.") */
	unsigned profile_count;  /* NVML GI profile enums nvidia-smi asks for (0 .. count-1) */
	int disabled_exit0;      /* R550+: "No MIG-enabled devices found." exits 0 ... */
	int disabled_lists_profiles; /* ... and -lgip/-lgipp still print with MIG disabled */
} mig_gen;

void mig_gen_for(mig_gen *out, uint32_t driver);

#define MIGCLI_MAX_IDS 64

/* One `migctl mig` invocation, parsed and validated. */
typedef struct mig_ctx {
	mig_verb verb;
	int json;
	int default_ci;          /* -C */
	const char *list;        /* argument of -cgi / -cci; NULL: -cci's default profile */
	const char *gpu_arg;     /* -i, or NULL for every GPU */
	int have_gi, have_ci;    /* -gi / -ci given */
	unsigned gi_ids[MIGCLI_MAX_IDS];
	size_t ngi_ids;
	unsigned ci_ids[MIGCLI_MAX_IDS];
	size_t nci_ids;
	const char *lcipp_spelling; /* how -lcipp was given, for R470's refusal */

	/* Filled once the node is read. */
	mig_state *st;
	uint32_t driver;
	mig_gen gen;
	unsigned gpus[64];       /* the selected GPUs, ascending, no duplicates */
	size_t ngpus;
} mig_ctx;

/* mig_select.c ------------------------------------------------------------- */

/*
 * Resolve -i into ctx->gpus.  Returns 0, or prints the error (stderr) and
 * returns the exit status.
 */
int mig_select_gpus(mig_ctx *ctx);
/* The selected GPUs whose MIG mode is enabled (current), in order. */
size_t mig_enabled_gpus(const mig_ctx *ctx, unsigned *out, size_t cap);
/* 1 if a GI/CI id passes the -gi / -ci filter. */
int mig_gi_selected(const mig_ctx *ctx, unsigned gi);
int mig_ci_selected(const mig_ctx *ctx, unsigned ci);

/*
 * GI profiles of a GPU as nvidia-smi sees them: the enums 0 .. count-1 of
 * its generation (spec §3.3), in NVML enum order then ID.  Returns how many
 * (at most cap).
 */
size_t mig_smi_gi_profiles(const mig_ctx *ctx, unsigned gpu, mig_gi_profile_info *out,
			   size_t cap);

/* A GI of the selection, in -lgi order (spec §6). */
typedef struct mig_gi_ref {
	unsigned gpu;
	mig_gi_info gi;
	mig_gi_profile_info profile;
} mig_gi_ref;

/*
 * The GIs of `gpus` in -lgi order (per GPU: GI profile enum, then GI ID),
 * restricted by -gi.  *out is malloc'd (free()); returns 0 or a mig_error.
 */
int mig_collect_gis(mig_gi_ref **out, size_t *count, const mig_ctx *ctx, const unsigned *gpus,
		    size_t ngpus);

/* A CI in -lci order (spec §7): GIs as -lgi, then CI profile ID, then CI ID. */
typedef struct mig_ci_ref {
	unsigned gpu;
	mig_ci_info ci;
	mig_gi_profile_info gi_profile;
} mig_ci_ref;

/* CIs of the given GIs in -lci order, restricted by -ci.  *out malloc'd. */
int mig_collect_cis(mig_ci_ref **out, size_t *count, const mig_ctx *ctx, const mig_gi_ref *gis,
		    size_t ngis);

/* "MIG " + name, as NVML names profiles. */
void mig_full_name(char *buf, size_t cap, const char *name);

/* mig_rows.c: the rows of the list verbs ---------------------------------- */

typedef struct mig_gip_row {          /* -lgip, -lgipp */
	unsigned gpu;
	mig_gi_profile_info p;
	unsigned free, total;
	mig_placement placements[16];
	size_t nplacements;
} mig_gip_row;

typedef struct mig_cip_row {          /* -lcip, -lcipp */
	unsigned gpu, gi;
	mig_ci_profile_info p;
	unsigned free;
	unsigned dec, enc, ofa, ce, jpeg; /* shared: the GI's engines (spec §5) */
	mig_placement placements[16];
	size_t nplacements;
} mig_cip_row;

typedef struct mig_rows {
	mig_gip_row *gip;
	mig_cip_row *cip;
	mig_gi_ref *gis;
	mig_ci_ref *cis;
	size_t n;               /* rows of the verb's kind */
} mig_rows;

/* GI profile rows of these GPUs, sorted per generation (spec §3.3). */
int mig_rows_gip(mig_rows *out, const mig_ctx *ctx, const unsigned *gpus, size_t ngpus);
/* CI profile rows of these GIs (spec §5). */
int mig_rows_cip(mig_rows *out, const mig_ctx *ctx, const mig_gi_ref *gis, size_t ngis);
void mig_rows_free(mig_rows *r);

/* mig_list.c: nvidia-smi text of the list verbs ------------------------------ */

void mig_print_lgip(FILE *f, const mig_ctx *ctx, const mig_rows *r);
void mig_print_lgipp(FILE *f, const mig_rows *r);
void mig_print_lcip(FILE *f, const mig_rows *r);
void mig_print_lcipp(FILE *f, const mig_rows *r);
void mig_print_lgi(FILE *f, const mig_ctx *ctx, const mig_gi_ref *gis, size_t n);
void mig_print_lci(FILE *f, const mig_ctx *ctx, const mig_ci_ref *cis, size_t n);

/* Row templates and their formatting, exposed for the unit tests. */
const char *mig_lgip_template(unsigned width, int second_line);
void mig_format_lgip_row(char *line1, char *line2, size_t cap, unsigned width,
			 unsigned gpu, const char *name, unsigned id, unsigned free,
			 unsigned total, unsigned memory_mib, int p2p, unsigned sm,
			 unsigned dec, unsigned enc, unsigned ce, unsigned jpeg, unsigned ofa);
void mig_format_lcip_row(char *line1, char *line2, size_t cap, unsigned gpu, unsigned gi,
			 const char *name, unsigned id, int is_default, unsigned free,
			 unsigned total, unsigned sm, unsigned dec, unsigned enc, unsigned ofa,
			 unsigned ce, unsigned jpeg);
void mig_format_lgi_row(char *line, size_t cap, unsigned width, unsigned gpu,
			const char *name, unsigned profile_id, unsigned gi, unsigned start,
			unsigned size);
void mig_format_lci_row(char *line, size_t cap, int placement, unsigned gpu, unsigned gi,
			const char *name, unsigned profile_id, unsigned ci, unsigned start,
			unsigned size);
/* "GPU %2u [GI %2u ]Profile ID %2u Placement[s ]: {a,b}:size" (spec §4); gi < 0: -lgipp. */
void mig_format_placements(char *line, size_t cap, unsigned gpu, int gi, unsigned profile_id,
			   const mig_placement *pl, size_t n);

/* mig_tuple.c ---------------------------------------------------------------- */

/* One -cgi / -cci tuple after nvidia-smi's sscanf("%99[^:]:%d") (spec §8.2). */
typedef struct mig_tuple {
	const char *typed;       /* the tuple exactly as typed (messages echo it) */
	char profile[100];       /* %99[^:] */
	int has_start;
	int start;
	int syntax_error;        /* sscanf matched nothing: the "instace" message */
} mig_tuple;

/* A parsed list: the tuples point into `text`. */
typedef struct mig_tuples {
	mig_tuple *v;
	size_t n;
	char *text;
} mig_tuples;

/* Split a comma list into tuples.  Returns 0 or MIG_ERROR_MEMORY. */
int mig_tuples_parse(mig_tuples *out, const char *list);
void mig_tuples_free(mig_tuples *t);
/* Find a GI profile by ID, short or full name among nvidia-smi's profiles of the GPU. */
int mig_match_gi_profile(mig_gi_profile_info *out, const mig_ctx *ctx, unsigned gpu,
			 const char *what);
/* Find a CI profile of a GI by ID, short or full name. */
int mig_match_ci_profile(mig_ci_profile_info *out, const mig_ctx *ctx, unsigned gpu,
			 unsigned gi, const char *what);

/* mig_report.c: results of the mutating verbs -------------------------------- */

typedef enum mig_change_kind {
	MIG_CREATED_GI, MIG_CREATED_CI, MIG_DESTROYED_CI, MIG_DESTROYED_GI
} mig_change_kind;

typedef struct mig_change {
	mig_change_kind kind;
	unsigned gpu, gi, ci;
	unsigned profile_id;     /* GI profile ID, or CI profile ID for CIs */
	char profile_name[48];   /* "MIG 3g.20gb" */
	mig_placement placement;
	char uuid[48];           /* CIs */
} mig_change;

/* How the command ended (spec §8.1). */
typedef enum mig_outcome {
	MIG_OK = 0,
	MIG_FAILED,              /* "Unable to ...: <text>" + "Failed to ...: <text>" */
	MIG_SYNTAX,              /* the -cgi "instace ... invalid placement syntax" pair */
	MIG_NO_GIS,              /* "No GPU instances found: <text>" */
	MIG_NO_CIS,              /* "No compute instances found: <text>" */
	MIG_NO_MIG               /* "No MIG-enabled devices found." */
} mig_outcome;

typedef struct mig_result {
	mig_change *changes;
	size_t n, cap;
	mig_outcome outcome;
	int code;                /* NVML code of the failure (0 on success) */
	char unable[256];        /* the "Unable to ..." line without ": <text>" */
	const char *failed;      /* "create GPU instances", ... */
} mig_result;

int mig_result_add(mig_result *r, const mig_change *c);
void mig_result_fail(mig_result *r, mig_outcome outcome, int code, const char *failed,
		     const char *unable_fmt, ...) __attribute__((format(printf, 5, 6)));
void mig_result_free(mig_result *r);
/* The exit status of a result (spec §2, Appendix A, §9.4). */
int mig_result_exit(const mig_ctx *ctx, const mig_result *r);
/* nvidia-smi's lines for a result: one per change, then the failure's. */
void mig_print_result(FILE *f, const mig_ctx *ctx, const mig_result *r);
/* Only the failure's lines (none when the result is MIG_OK). */
void mig_print_failure(FILE *f, const mig_ctx *ctx, const mig_result *r);
/* Text of an outcome that is not a table, for the list verbs (No ... found). */
void mig_print_outcome(FILE *f, const mig_ctx *ctx, mig_outcome o, int code);

/* mig_create.c / mig_destroy.c: run on a state in a batch -------------------- */

void mig_do_cgi(mig_result *r, mig_ctx *ctx);
void mig_do_cci(mig_result *r, mig_ctx *ctx);
void mig_do_dci(mig_result *r, mig_ctx *ctx);
void mig_do_dgi(mig_result *r, mig_ctx *ctx);

/* mig_json.c --------------------------------------------------------------------- */

void mig_json_gip(const mig_ctx *ctx, const mig_rows *r);
void mig_json_gipp(const mig_ctx *ctx, const mig_rows *r);
void mig_json_cip(const mig_ctx *ctx, const mig_rows *r);
void mig_json_cipp(const mig_ctx *ctx, const mig_rows *r);
void mig_json_gis(const mig_ctx *ctx, const mig_gi_ref *gis, size_t n);
void mig_json_cis(const mig_ctx *ctx, const mig_ci_ref *cis, size_t n);
void mig_json_changes(const mig_ctx *ctx, const mig_result *r);

#endif
