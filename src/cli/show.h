/*
 * show.h - `migctl show`: the rows that describe one GPU's MIG layout
 * (show_rows.c) and the two ways of rendering them, a picture for the
 * terminal (show_draw.c) and JSON (show_json.c).  docs/cli-show-run.md.
 */
#ifndef MIGCTL_SHOW_H
#define MIGCTL_SHOW_H

#include <stddef.h>
#include <stdio.h>

#include "mig.h"

/* At most 8 GIs per GPU (§geometry-1.4), 8 CIs per GI, 12 placements per profile. */
#define SHOW_MAX_GI 8
#define SHOW_MAX_CI 8
#define SHOW_MAX_PLACEMENTS 16
#define SHOW_MAX_SLICES 8

/* A range of drawn slices, [first, first + count). */
typedef struct show_span {
	unsigned first, count;
} show_span;

typedef struct show_ci {
	mig_ci_info info;          /* id, profile, placement within the GI, uuid */
	show_span compute;         /* compute slices on the GPU's axis */
	size_t proc_first, nproc;  /* its processes in show_gpu.proc */
} show_ci;

typedef struct show_gi {
	mig_gi_info info;
	mig_gi_profile_info profile;
	show_span memory;          /* memory slices */
	show_span compute;         /* compute slices */
	show_ci ci[SHOW_MAX_CI];
	size_t nci;
	unsigned color;            /* index of the GI in ascending GI ID: picks its colour */
} show_gi;

/* What one profile could still get: the fit test of every legal placement. */
typedef struct show_fit {
	mig_gi_profile_info profile;
	unsigned remaining;        /* mig_gi_remaining (the Free of -lgip); 0 with MIG off */
	mig_placement legal[SHOW_MAX_PLACEMENTS];
	size_t nlegal;
	mig_placement free[SHOW_MAX_PLACEMENTS]; /* legal and mig_create_gi would succeed now */
	size_t nfree;
} show_fit;

/* What a drawn slice holds. */
typedef enum show_use {
	SHOW_FREE = 0,     /* nothing there */
	SHOW_GI,           /* memory slice of a GI / compute slice of a CI */
	SHOW_NO_CI,        /* compute slice of a GI that no CI uses */
	SHOW_ABSENT,       /* memory slice without a compute slice (the 8th on 8-slot GPUs) */
	SHOW_UNUSED        /* compute slice under a GI's memory that the GI does not compute on
			    * (the second slice of a 1g.20gb): nobody can use it */
} show_use;

typedef struct show_cell {
	show_use use;
	int gi, ci;        /* indices into show_gpu.gi / show_gi.ci, or -1 */
} show_cell;

typedef struct show_gpu {
	unsigned index;
	mig_gpu_info info;
	unsigned units;            /* placement units of -lgipp: 8, 4 or 12 */
	unsigned units_per_slice;  /* 1, or 3 on the 12-unit axis */
	unsigned memory_slices;    /* units / units_per_slice */
	unsigned compute_slices;   /* slices of the largest profile: 7 or 4 */
	show_gi gi[SHOW_MAX_GI];   /* ascending GI ID */
	size_t ngi;
	show_cell memory[SHOW_MAX_SLICES];
	show_cell compute[SHOW_MAX_SLICES];
	/* Processes (malloc'd): those of each CI in device order, each CI's by
	 * ascending pid, then the whole-GPU ones. */
	mig_process *proc;
	size_t nproc;
	size_t gpu_proc_first, gpu_nproc;
	show_fit fit[MIG_MAX_GI_PROFILES]; /* in the GPU's profile order (mig_gpu_gi_profiles) */
	size_t nfit;
} show_gpu;

/* Build the rows of GPU `gpu`.  0, or a mig_error with mig_errmsg() set;
 * release with show_gpu_release either way. */
int show_gpu_build(show_gpu *out, const mig_state *st, unsigned gpu);
void show_gpu_release(show_gpu *g);

/* Render ------------------------------------------------------------------ */

/*
 * The picture of one GPU, at most 80 columns.  `color`: ANSI colours
 * (deterministic: a GI's colour is picked by its rank in GI ID order).
 */
void show_draw(FILE *f, const show_gpu *g, int color);

/*
 * Fill `dst` (width + 1 bytes) with `text` cut to `width` columns the way
 * nvidia-smi cuts a field (§smi-2: first width-3 characters + "..."),
 * without padding.
 */
void show_clip(char *dst, size_t width, const char *text);

/* The JSON object of one GPU (a jansson json_t *, returned as void * so
 * that callers need not include jansson.h); NULL when out of memory. */
void *show_json_gpu(const show_gpu *g);

#endif
