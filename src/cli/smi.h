/*
 * smi.h - what the files of nvidia-smi's top level share.
 *
 *   cmd_smi.c     options, validation, dispatch
 *   gen.c         which nvidia-smi generation a driver prints (gen.h, one table)
 *   smi_rows.c    the rows: GPUs, MIG devices, processes, from a node's state
 *   smi_screen.c  the main screen as nvidia-smi draws it (§smi-11)
 *   smi_list.c    -L (§smi-10)
 *   smi_mode.c    -mig and its messages (§smi-9.1)
 *   smi_reset.c   -r / --gpu-reset (§smi-9.3)
 *   smi_query.c   --query-gpu=... --format=csv (§smi-9.2)
 *   smi_json.c    every verb's --json document
 *
 * Rows, then rendering: the renderers take plain rows, so the synthetic
 * [B] captures of §smi-9 to §smi-11 (stub data no catalog GPU has) are checked by
 * feeding them rows directly (tests/cli/test_smi.c).
 */
#ifndef MIGCTL_SMI_H
#define MIGCTL_SMI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

/* Output generation of the main screen and -L (§smi-1, §smi-11). */
typedef enum smi_gen {
	SMI_R450,  /* before 450.80.02: MIG devices one line each, no BAR1 label */
	SMI_R460,  /* 450.80.02 ... R460: 79 columns, BAR1 rows; -L of R450/R460 */
	SMI_R470,  /* R470 ... R525: 79 columns */
	SMI_R535,  /* R530 ... R545: 89 columns */
	SMI_R550,  /* R550, R555: 91 columns */
	SMI_R565,  /* R560, R565: 91 columns, MIG header re-spaced */
	SMI_R570,  /* R570: process table with a wide PID column, new GPU row */
	SMI_R580   /* R580 and later: "+" third line, shared memory per CI */
} smi_gen;

smi_gen smi_gen_of(uint32_t driver);
/* Main-screen width: 79, 89 or 91. */
unsigned smi_width(smi_gen gen);

/* One GPU of the main screen, -L and --query-gpu. */
typedef struct smi_gpu_row {
	unsigned index;
	char name[96];
	char uuid[48];
	char bus_id[32];
	char serial[32];
	char driver[32];
	char cuda[16];
	unsigned pci_device_id;  /* 0x2330 */
	unsigned compute_cap;    /* 90 = 9.0 */
	int persistence;         /* 1 On */
	unsigned fan;            /* percent, MIG_NA */
	unsigned temp_c;
	unsigned pstate;
	unsigned power_mw, limit_mw;
	int memory_na;           /* Memory-Usage N/A (NVML refused) */
	unsigned long long mem_used, mem_total, mem_free;
	unsigned long long bar1_used, bar1_total;
	unsigned util;           /* percent, MIG_NA */
	int ecc_mode;            /* 1 On */
	unsigned ecc_errors;
	int display_active;
	int mig_supported;       /* 0: no MIG (MIG M. N/A, queries [N/A]) */
	int mig_current, mig_pending;
} smi_gpu_row;

/* One MIG device (a CI), in MIG device order. */
typedef struct smi_mig_row {
	unsigned gpu, gi, ci, dev;
	int first_of_gi;         /* the first CI of its GI */
	int next_same_gi;        /* the next row is a CI of the same GI */
	char name[144];          /* "MIG 1c.2g.10gb": -L's name */
	char gi_profile[40];     /* "2g.10gb" */
	char uuid[96];
	unsigned long long mem_used, mem_total, bar1_used, bar1_total;
	unsigned sm;
	unsigned ecc;            /* MIG_NA prints N/A */
	unsigned ce, enc, dec, ofa, jpg;
} smi_mig_row;

/* One process of the Processes table. */
typedef struct smi_proc_row {
	unsigned gpu, gi, ci;    /* gi, ci MIG_NONE: not on a MIG device */
	unsigned pid;
	char type[4];            /* "C", "G" */
	char name[64];
	unsigned long long used_mib;
} smi_proc_row;

/* Everything the main screen, -L and the JSON documents show. */
typedef struct smi_screen {
	smi_gen gen;
	time_t when;             /* the date line */
	char driver[32];         /* the version line: NVIDIA-SMI and Driver Version */
	char cuda[16];
	int show_mig;            /* a GPU is in MIG mode: the MIG devices table is drawn */
	unsigned node_gpus;      /* GPUs of the node, selected or not (query "count") */
	smi_gpu_row *gpus;
	size_t ngpu;
	smi_mig_row *migs;
	size_t nmig;
	smi_proc_row *procs;
	size_t nproc;
} smi_screen;

/*
 * Build the rows of the GPUs `gpus[0..n)` (ascending) of st.  Returns 0 or
 * a mig_error; free with smi_screen_free.
 */
int smi_screen_build(smi_screen *out, const mig_state *st, const unsigned *gpus, size_t n);
void smi_screen_free(smi_screen *s);
/* The time of the date line: $SOURCE_DATE_EPOCH when set and valid, else now. */
time_t smi_now(void);

/* Render -------------------------------------------------------------------- */

/* The main screen (§smi-11), date line first. */
void smi_render_screen(FILE *f, const smi_screen *s);
/* Pieces, for tests: the date line, the GPU table, the MIG table, the processes table. */
void smi_render_date(FILE *f, time_t when);
void smi_render_gpu_table(FILE *f, const smi_screen *s);
void smi_render_mig_table(FILE *f, const smi_screen *s);
void smi_render_processes(FILE *f, const smi_screen *s);

/* -L (§smi-10). */
void smi_render_list(FILE *f, const smi_screen *s);

/* -mig (§smi-9.1) ------------------------------------------------------------ */

/* What happened on one GPU. */
typedef struct smi_mode_result {
	unsigned gpu;
	char bus_id[32];
	int set_rc;              /* nvmlDeviceSetMigMode's return */
	int activation;          /* its activationStatus when set_rc is SUCCESS */
	int persistence;         /* persistence mode (the warning when off) */
	int current, pending;    /* MIG mode afterwards */
} smi_mode_result;

/*
 * The lines nvidia-smi prints for one GPU; returns 1 if it terminates the
 * command ("Terminating early ..."), else 0.
 */
int smi_render_mode_result(FILE *f, const smi_mode_result *r, int enable, uint32_t driver);
/* -mig's value: 0 ok (*mode set), else prints nvidia-smi's refusal and returns the exit status. */
int smi_parse_mode(int *mode, FILE *f, const char *value, uint32_t driver);

/* -r (§smi-9.3) ---------------------------------------------------------------- */

typedef struct smi_reset_result {
	unsigned gpu;
	char bus_id[32];
	int rc;
	int current, pending;    /* MIG mode afterwards */
} smi_reset_result;

/* The line for one GPU. */
void smi_render_reset_result(FILE *f, const smi_reset_result *r, uint32_t driver);

/* --query-gpu (§smi-9.2) ------------------------------------------------------ */

typedef struct smi_query {
	char *text;              /* a copy of FIELDS, which fields[] point into */
	char **fields;           /* as typed, trimmed */
	size_t nfields;
	int header, units;       /* csv options */
} smi_query;

/*
 * Parse --query-gpu's FIELDS and --format's FORMAT.  0, or prints
 * nvidia-smi's refusal (stdout) and returns the exit status.
 */
int smi_query_parse(smi_query *out, const char *fields, const char *format);
/* A field newer than the node's driver: nvidia-smi's "not a valid field" (exit 2), else 0. */
int smi_query_check_driver(const smi_query *q, uint32_t driver);
void smi_query_free(smi_query *q);
/* The CSV (header line, then one line per GPU). */
void smi_render_query(FILE *f, const smi_query *q, const smi_screen *s);
/*
 * One field's value for a GPU, as CSV prints it (units or not); NULL when
 * the field is unknown.  *number is set when the value is a number (JSON).
 */
const char *smi_query_value(char *buf, size_t cap, const char *field, const smi_gpu_row *g,
			    const smi_screen *s, int units, int *is_number);

/* JSON (smi_json.c) ---------------------------------------------------------------- */

void smi_json_status(const smi_screen *s);
void smi_json_list(const smi_screen *s);
void smi_json_query(const smi_query *q, const smi_screen *s);
void smi_json_mode(const smi_mode_result *r, size_t n, int enable, int completed,
		   uint32_t driver);
void smi_json_reset(const smi_reset_result *r, size_t n, int completed, uint32_t driver);

/* Verbs (smi_mode.c, smi_reset.c): run on the node, print, return the exit status. */
int smi_run_mode(const char *gpu_arg, const char *value, int json);
int smi_run_reset(const char *gpu_arg, int json);

/*
 * Resolve -i (NULL: every GPU) into ascending, distinct indices.  0, or
 * prints the error and returns the exit status.
 */
int smi_select(unsigned *out, size_t *n, const mig_state *st, const char *gpu_arg,
	       uint32_t driver);

#endif
