/*
 * step.c - one step of a plan: how it reads, and doing it on a state.
 *
 * Every create names the ID the planner saw the model give; doing the step
 * checks that the node gives the same one, because later steps (and the
 * journal's undo) refer to instances by ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"

void layout_step_text(char *buf, size_t len, const layout_step *s)
{
	switch (s->op) {
	case LAYOUT_SET_MODE:
		snprintf(buf, len, "%s MIG on GPU %u", s->enable ? "enable" : "disable", s->gpu);
		break;
	case LAYOUT_RESET:
		snprintf(buf, len, "reset GPU %u (the MIG mode change takes effect)", s->gpu);
		break;
	case LAYOUT_DESTROY_CI:
		snprintf(buf, len, "destroy CI %u of GI %u (%s) on GPU %u%s", s->ci, s->gi, s->name,
			 s->gpu, s->filler ? " (temporary)" : "");
		if (s->detach) {
			size_t l = strlen(buf);

			snprintf(buf + l, len > l ? len - l : 0, " (forced: %u process%s detached)",
				 s->detach, s->detach == 1 ? "" : "es");
		}
		break;
	case LAYOUT_DESTROY_GI:
		snprintf(buf, len, "destroy GI %u (%s at %u:%u) on GPU %u", s->gi, s->name, s->at.start,
			 s->at.size, s->gpu);
		break;
	case LAYOUT_CREATE_GI:
		snprintf(buf, len, "create GI %s at %u:%u on GPU %u \u2192 GI %u", s->name, s->at.start,
			 s->at.size, s->gpu, s->gi);
		break;
	case LAYOUT_CREATE_CI:
		snprintf(buf, len, "create CI %s at %u:%u in GI %u on GPU %u \u2192 CI %u%s", s->name,
			 s->at.start, s->at.size, s->gi, s->gpu, s->ci,
			 s->filler ? " (temporary, so the next CI gets its ID)" : "");
		break;
	default:
		snprintf(buf, len, "(unknown step)");
	}
}

/* --force: drop the processes recorded on a CI so it can be destroyed. */
static int detach_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	mig_gpu_info g;
	mig_process *p;
	size_t n = 0;
	int rc;

	if ((rc = mig_gpu_get(&g, st, gpu)) || g.process_count == 0)
		return rc;
	p = calloc(g.process_count, sizeof(*p));
	if (!p)
		return MIG_ERROR_MEMORY;
	rc = mig_process_list(p, g.process_count, &n, st, gpu);
	for (size_t i = 0; !rc && i < n && i < g.process_count; i++)
		if (p[i].gi == gi && p[i].ci == ci)
			rc = mig_process_detach(st, p[i].pid);
	free(p);
	return rc;
}

int layout_step_do(mig_state *st, const layout_step *s)
{
	char text[256];
	unsigned id = 0;
	int rc = MIG_SUCCESS, act = MIG_SUCCESS;

	layout_step_text(text, sizeof(text), s);
	/* A refusal without a sentence of its own reads as its code's text below. */
	mig_errclear();
	switch (s->op) {
	case LAYOUT_SET_MODE:
		rc = mig_set_mig_mode(st, s->gpu, s->enable, &act);
		if (!rc && act != MIG_SUCCESS && !s->reset_follows)
			return mig__fail(act, "%s: the change stays pending (%s)", text,
					 mig_strerror(act));
		break;
	case LAYOUT_RESET:
		rc = mig_reset_gpu(st, s->gpu);
		break;
	case LAYOUT_DESTROY_CI:
		if (s->detach)
			rc = detach_ci(st, s->gpu, s->gi, s->ci);
		if (!rc)
			rc = mig_destroy_ci(st, s->gpu, s->gi, s->ci);
		break;
	case LAYOUT_DESTROY_GI:
		rc = mig_destroy_gi(st, s->gpu, s->gi);
		break;
	case LAYOUT_CREATE_GI:
		rc = mig_create_gi(&id, st, s->gpu, s->profile, &s->at);
		if (!rc && id != s->gi)
			return mig__fail(MIG_ERROR_UNKNOWN,
					 "%s: the GPU made GI %u instead", text, id);
		break;
	case LAYOUT_CREATE_CI:
		rc = mig_create_ci(&id, st, s->gpu, s->gi, (int)s->profile, &s->at);
		if (!rc && id != s->ci)
			return mig__fail(MIG_ERROR_UNKNOWN,
					 "%s: the GPU made CI %u instead", text, id);
		break;
	default:
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "unknown step %d", (int)s->op);
	}
	if (rc)
		return mig__fail(rc,
				 "%s: %s", text, *mig_errmsg() ? mig_errmsg() : mig_strerror(rc));
	return 0;
}

int layout_step_is_mode(const layout_plan *p, const layout_step *s)
{
	(void)p;
	return s->mode_phase;
}

int layout_plan_equal(const layout_plan *a, const layout_plan *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		const layout_step *x = &a->step[i], *y = &b->step[i];

		if (x->op != y->op || x->gpu != y->gpu || x->enable != y->enable || x->gi != y->gi ||
		    x->ci != y->ci || x->profile != y->profile || x->at.start != y->at.start ||
		    x->at.size != y->at.size || x->detach != y->detach || x->filler != y->filler)
			return 0;
	}
	return 1;
}

void layout_plan_free(layout_plan *p)
{
	if (!p)
		return;
	free(p->step);
	free(p->gpu);
	free(p);
}
