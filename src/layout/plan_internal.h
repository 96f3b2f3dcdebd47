/*
 * plan_internal.h - what the two planners (plan.c for configs, exact.c for
 * checkpoints and rollbacks) share: building a plan by doing each step on
 * a trial copy of the state, so that every create knows the ID it gets.
 */
#ifndef LAYOUT_PLAN_INTERNAL_H
#define LAYOUT_PLAN_INTERNAL_H

#include "layout.h"

layout_plan *layout__plan_new(unsigned ngpu);
/* Part i of a plan, its steps done on the trial state pt: 0 or a mig_error. */
typedef int (*layout__part_fn)(layout_plan *p, mig_state *pt, size_t i, const void *arg,
			       const layout_plan_opts *o);
/*
 * A plan of parts 0 .. n-1 in order, built on a trial copy of st (opts
 * NULL: none): 0 with *out set, or the first failing part's error.
 */
int layout__plan_parts(layout_plan **out, const mig_state *st, size_t n, layout__part_fn part,
		       const void *arg, const layout_plan_opts *opts);
/* Do `s` on the trial state `pt` and append it to `p` (creates learn their IDs). */
int layout__emit(layout_plan *p, mig_state *pt, layout_step *s);
/* Set MIG mode, plus a reset when the change stays pending; fails if it cannot take effect. */
int layout__mode_steps(layout_plan *p, mig_state *pt, unsigned gpu, int enable);
/*
 * Destroy what GPU `gpu` has (h) and the plan does not keep, CIs before
 * their GI: keep[g] is -1 for a GI to destroy with its CIs, else the mask of
 * its CIs that stay (bit c: h->gi[g].ci[c]); the GI stays, and the kept GIs
 * and CIs are counted in p->gpu[gpu].  keep NULL destroys everything.
 */
int layout__destroy_unkept(layout_plan *p, mig_state *pt, unsigned gpu, const layout_gpu_have *h,
			   const int *keep, int mode_phase);
/* Destroy every instance of a GPU; instances in use only with `force`. */
int layout__destroy_all(layout_plan *p, mig_state *pt, unsigned gpu, const layout_gpu_have *h,
			int force, int mode_phase);
/* "pid 4242 (python3), ..." for the processes on CI (gi, ci). */
void layout__busy_text(char *buf, size_t len, const mig_state *st, unsigned gpu, unsigned gi,
		       unsigned ci);
const char *layout__model_name(const mig_state *st, unsigned gpu);

#endif
