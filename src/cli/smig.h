/*
 * smig.h - what the files of `migctl mig` (= `nvidia-smi mig`) share.
 * Their prefix is smig_ ("nvidia-smi mig"); mig_ is libmig's alone.
 *
 *   cmd_mig.c       options, validation, dispatch
 *   gen.c           which nvidia-smi generation the node's driver prints (gen.h)
 *   smig_select.c   which GPUs and GIs a command works on, in nvidia-smi's order
 *   smig_rows.c     the sorted rows of the six list verbs
 *   smig_list.c     rendering those rows as nvidia-smi tables / lines
 *   smig_json.c     rendering rows and changes as JSON
 *   smig_tuple.c    -cgi / -cci argument parsing and profile matching
 *   smig_create.c   -cgi [-C], -cci
 *   smig_destroy.c  -dci, -dgi
 *   smig_report.c   the messages of the mutating verbs
 *
 * Rows, then rendering: every verb first builds plain rows (or a list of
 * changes), then prints them as nvidia-smi text or as one JSON document.
 */
#ifndef MIGCTL_SMIG_H
#define MIGCTL_SMIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* The verbs of `nvidia-smi mig`. */
typedef enum smig_verb {
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
} smig_verb;

/* Output generation of the node's driver (§smi-1). */
typedef struct smig_gen {
	unsigned lgip_width;     /* 79 (R450 ... R570) or 81 (R580+) */
	unsigned lgi_width;      /* 54 (R450/R460), 57 (R470 ... R570), 59 (R580+) */
	int lci_placement;       /* R470+: -lci has the Placement column (70 wide, else 57) */
	int cci_id;              /* R470+: the -cci success line names the new CI ID */
	int sort_by_memory;      /* R535+: -lgip sorts by (slices, memory, ID), else (slices, ID) */
	int has_lcipp;           /* R525+: -lcipp exists (R470: "Option \"-lcipp\" is not recognized.") */
	unsigned profile_count;  /* NVML GI profile enums nvidia-smi asks for (0 .. count-1) */
	int disabled_exit0;      /* R550+: "No MIG-enabled devices found." exits 0 ... */
	int disabled_lists_profiles; /* ... and -lgip/-lgipp still print with MIG disabled */
} smig_gen;

void smig_gen_for(smig_gen *out, uint32_t driver);

#define MIGCLI_MAX_IDS 64

/* One `migctl mig` invocation, parsed and validated. */
typedef struct smig_ctx {
	smig_verb verb;
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
	smig_gen gen;
	unsigned gpus[MIG_MAX_GPUS]; /* the selected GPUs, ascending, no duplicates */
	size_t ngpus;
} smig_ctx;

/* smig_select.c ------------------------------------------------------------- */

/*
 * Resolve -i into ctx->gpus.  Returns 0, or prints the error (stderr) and
 * returns the exit status.
 */
int smig_select_gpus(smig_ctx *ctx);
/* The selected GPUs whose MIG mode is enabled (current), in order. */
size_t smig_enabled_gpus(const smig_ctx *ctx, unsigned *out, size_t cap);
/* 1 if a GI/CI id passes the -gi / -ci filter. */
int smig_gi_selected(const smig_ctx *ctx, unsigned gi);
int smig_ci_selected(const smig_ctx *ctx, unsigned ci);

/*
 * GI profiles of a GPU as nvidia-smi sees them: the enums 0 .. count-1 of
 * its generation (§smi-3.3), in NVML enum order then ID.  Returns how many
 * (at most cap).
 */
size_t smig_smi_gi_profiles(const smig_ctx *ctx, unsigned gpu, mig_gi_profile_info *out,
			   size_t cap);

/* A GI of the selection, in -lgi order (§smi-6). */
typedef struct smig_gi_ref {
	unsigned gpu;
	mig_gi_info gi;
	mig_gi_profile_info profile;
} smig_gi_ref;

/*
 * The GIs of `gpus` in -lgi order (per GPU: GI profile enum, then GI ID),
 * restricted by -gi.  *out is malloc'd (free()); returns 0 or a mig_error.
 */
int smig_collect_gis(smig_gi_ref **out, size_t *count, const smig_ctx *ctx, const unsigned *gpus,
		    size_t ngpus);

/* A CI in -lci order (§smi-7): GIs as -lgi, then CI profile ID, then CI ID. */
typedef struct smig_ci_ref {
	unsigned gpu;
	mig_ci_info ci;
	mig_gi_profile_info gi_profile;
} smig_ci_ref;

/* CIs of the given GIs in -lci order, restricted by -ci.  *out malloc'd. */
int smig_collect_cis(smig_ci_ref **out, size_t *count, const smig_ctx *ctx, const smig_gi_ref *gis,
		    size_t ngis);

/* "MIG " + name, as NVML names profiles. */
void smig_full_name(char *buf, size_t cap, const char *name);

/* smig_rows.c: the rows of the list verbs ---------------------------------- */

typedef struct smig_gip_row {          /* -lgip, -lgipp */
	unsigned gpu;
	mig_gi_profile_info p;
	unsigned free, total;
	mig_placement placements[MIG_MAX_PLACEMENTS];
	size_t nplacements;
} smig_gip_row;

typedef struct smig_cip_row {          /* -lcip, -lcipp */
	unsigned gpu, gi;
	mig_ci_profile_info p;
	unsigned free;
	unsigned dec, enc, ofa, ce, jpeg; /* shared: the GI's engines (§smi-5) */
	mig_placement placements[MIG_MAX_PLACEMENTS];
	size_t nplacements;
} smig_cip_row;

typedef struct smig_rows {
	smig_gip_row *gip;
	smig_cip_row *cip;
	smig_gi_ref *gis;
	smig_ci_ref *cis;
	size_t n;               /* rows of the verb's kind */
} smig_rows;

/* GI profile rows of these GPUs, sorted per generation (§smi-3.3). */
int smig_rows_gip(smig_rows *out, const smig_ctx *ctx, const unsigned *gpus, size_t ngpus);
/* CI profile rows of these GIs (§smi-5). */
int smig_rows_cip(smig_rows *out, const smig_ctx *ctx, const smig_gi_ref *gis, size_t ngis);
void smig_rows_free(smig_rows *r);

/* smig_list.c: nvidia-smi text of the list verbs ------------------------------ */

void smig_print_lgip(FILE *f, const smig_ctx *ctx, const smig_rows *r);
void smig_print_lgipp(FILE *f, const smig_rows *r);
void smig_print_lcip(FILE *f, const smig_rows *r);
void smig_print_lcipp(FILE *f, const smig_rows *r);
void smig_print_lgi(FILE *f, const smig_ctx *ctx, const smig_gi_ref *gis, size_t n);
void smig_print_lci(FILE *f, const smig_ctx *ctx, const smig_ci_ref *cis, size_t n);

/* Row templates and their formatting, exposed for the unit tests. */
const char *smig_lgip_template(unsigned width, int second_line);
void smig_format_lgip_row(char *line1, char *line2, size_t cap, unsigned width,
			 unsigned gpu, const char *name, unsigned id, unsigned free,
			 unsigned total, unsigned memory_mib, int p2p, unsigned sm,
			 unsigned dec, unsigned enc, unsigned ce, unsigned jpeg, unsigned ofa);
void smig_format_lcip_row(char *line1, char *line2, size_t cap, unsigned gpu, unsigned gi,
			 const char *name, unsigned id, int is_default, unsigned free,
			 unsigned total, unsigned sm, unsigned dec, unsigned enc, unsigned ofa,
			 unsigned ce, unsigned jpeg);
void smig_format_lgi_row(char *line, size_t cap, unsigned width, unsigned gpu,
			const char *name, unsigned profile_id, unsigned gi, unsigned start,
			unsigned size);
void smig_format_lci_row(char *line, size_t cap, int placement, unsigned gpu, unsigned gi,
			const char *name, unsigned profile_id, unsigned ci, unsigned start,
			unsigned size);
/* "GPU %2u [GI %2u ]Profile ID %2u Placement[s ]: {a,b}:size" (§smi-4); gi < 0: -lgipp. */
void smig_format_placements(char *line, size_t cap, unsigned gpu, int gi, unsigned profile_id,
			   const mig_placement *pl, size_t n);

/* smig_tuple.c ---------------------------------------------------------------- */

/* One -cgi / -cci tuple after nvidia-smi's sscanf("%99[^:]:%d") (§smi-8.2). */
typedef struct smig_tuple {
	const char *typed;       /* the tuple exactly as typed (messages echo it) */
	char profile[100];       /* %99[^:] */
	int has_start;
	int start;
	int syntax_error;        /* sscanf matched nothing: the "instace" message */
} smig_tuple;

/* A parsed list: the tuples point into `text`. */
typedef struct smig_tuples {
	smig_tuple *v;
	size_t n;
	char *text;
} smig_tuples;

/* Split a comma list into tuples.  Returns 0 or MIG_ERROR_MEMORY. */
int smig_tuples_parse(smig_tuples *out, const char *list);
void smig_tuples_free(smig_tuples *t);
/* Find a GI profile by ID, short or full name among nvidia-smi's profiles of the GPU. */
int smig_match_gi_profile(mig_gi_profile_info *out, const smig_ctx *ctx, unsigned gpu,
			 const char *what);
/* Find a CI profile of a GI by ID, short or full name. */
int smig_match_ci_profile(mig_ci_profile_info *out, const smig_ctx *ctx, unsigned gpu,
			 unsigned gi, const char *what);

/* smig_report.c: results of the mutating verbs -------------------------------- */

typedef enum smig_change_kind {
	SMIG_CREATED_GI, SMIG_CREATED_CI, SMIG_DESTROYED_CI, SMIG_DESTROYED_GI
} smig_change_kind;

typedef struct smig_change {
	smig_change_kind kind;
	unsigned gpu, gi, ci;
	unsigned profile_id;     /* GI profile ID, or CI profile ID for CIs */
	char profile_name[48];   /* "MIG 3g.20gb" */
	mig_placement placement;
	char uuid[48];           /* CIs */
} smig_change;

/* How the command ended (§smi-8.1). */
typedef enum smig_outcome {
	SMIG_OK = 0,
	SMIG_FAILED,              /* "Unable to ...: <text>" + "Failed to ...: <text>" */
	SMIG_SYNTAX,              /* the -cgi "instace ... invalid placement syntax" pair */
	SMIG_NO_GIS,              /* "No GPU instances found: <text>" */
	SMIG_NO_CIS,              /* "No compute instances found: <text>" */
	SMIG_NO_MIG               /* "No MIG-enabled devices found." */
} smig_outcome;

typedef struct smig_result {
	smig_change *changes;
	size_t n, cap;
	smig_outcome outcome;
	int code;                /* NVML code of the failure (0 on success) */
	char unable[256];        /* the "Unable to ..." line without ": <text>" */
	const char *failed;      /* "create GPU instances", ... */
} smig_result;

int smig_result_add(smig_result *r, const smig_change *c);
void smig_result_fail(smig_result *r, smig_outcome outcome, int code, const char *failed,
		     const char *unable_fmt, ...) __attribute__((format(printf, 5, 6)));
void smig_result_free(smig_result *r);
/* The exit status of a result (§smi-2, §smi-A, §smi-9.4). */
int smig_result_exit(const smig_ctx *ctx, const smig_result *r);
/* nvidia-smi's lines for a result: one per change, then the failure's. */
void smig_print_result(FILE *f, const smig_ctx *ctx, const smig_result *r);
/* Only the failure's lines (none when the result is SMIG_OK). */
void smig_print_failure(FILE *f, const smig_ctx *ctx, const smig_result *r);
/* Text of an outcome that is not a table, for the list verbs (No ... found). */
void smig_print_outcome(FILE *f, const smig_ctx *ctx, smig_outcome o, int code);

/* smig_create.c / smig_destroy.c: run on a state in a batch -------------------- */

void smig_do_cgi(smig_result *r, smig_ctx *ctx);
void smig_do_cci(smig_result *r, smig_ctx *ctx);
void smig_do_dci(smig_result *r, smig_ctx *ctx);
void smig_do_dgi(smig_result *r, smig_ctx *ctx);

/* smig_json.c --------------------------------------------------------------------- */

void smig_json_gip(const smig_ctx *ctx, const smig_rows *r);
void smig_json_gipp(const smig_ctx *ctx, const smig_rows *r);
void smig_json_cip(const smig_ctx *ctx, const smig_rows *r);
void smig_json_cipp(const smig_ctx *ctx, const smig_rows *r);
void smig_json_gis(const smig_ctx *ctx, const smig_gi_ref *gis, size_t n);
void smig_json_cis(const smig_ctx *ctx, const smig_ci_ref *cis, size_t n);
void smig_json_changes(const smig_ctx *ctx, const smig_result *r);

#endif
