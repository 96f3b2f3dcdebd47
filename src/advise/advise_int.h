/*
 * advise_int.h - what the method's files share (measure.c, choose.c).
 */
#ifndef MIG_ADVISE_INT_H
#define MIG_ADVISE_INT_H

#include "advise.h"

/* The catalog model of a logged board name ("NVIDIA A100-SXM4-40GB", "a100"); NULL. */
const mig_model *adv_model_of(const char *name);
/* Idle draw and power limit in W from libmig's telemetry model; 0 or -1. */
int adv_board_power(const mig_model *m, double *idle_w, double *limit_w);
/* Compute slices of the model's largest GI profile (7 on A100/H100). */
unsigned adv_total_slices(const mig_model *m);
/* SMs of the model's largest GI profile: the board's compute. */
unsigned adv_full_sms(const mig_model *m);
/*
 * Fill the measured half of the advice (memory, compute basis and shares):
 * 0, or MIG_ERROR_NOT_FOUND (no sample with a memory figure) or
 * MIG_ERROR_MEMORY.
 */
int adv_measure(adv_advice *a, const adv_series *s, const adv_options *opt);

#endif
