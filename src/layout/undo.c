/*
 * undo.c - the inverse of a step, as the node's transaction journal
 * records it (mig_internal.h; docs/layouts.md "Rolling back").
 *
 * Taken from the state the step is about to change: a create is undone by
 * destroying the instance it made (its ID, profile and placement), a
 * destroy by creating the same profile at the same placement again, a MIG
 * mode change by the opposite change.  The node replays them (src/node/undo.c).
 */
#include <stdio.h>
#include <string.h>

#include "layout.h"

static json_t *rec_new(const char *op, unsigned gpu)
{
	json_t *r = json_object();

	if (r) {
		json_object_set_new(r, "op", json_string(op));
		json_object_set_new(r, "gpu", json_integer(gpu));
	}
	return r;
}

static void rec_set(json_t *r, const char *key, long long v)
{
	json_object_set_new(r, key, json_integer(v));
}

json_t *layout_undo_record(const mig_state *st, const layout_step *s)
{
	json_t *r = NULL;

	switch (s->op) {
	case LAYOUT_SET_MODE: {
		mig_gpu_info g;

		if (mig_gpu_get(&g, st, s->gpu))
			return NULL;
		if ((r = rec_new("set-mode", s->gpu)))
			rec_set(r, "enable", g.mig_pending);
		break;
	}
	case LAYOUT_RESET:
		r = rec_new("reset", s->gpu);
		break;
	case LAYOUT_CREATE_GI:
		if ((r = rec_new("destroy-gi", s->gpu))) {
			rec_set(r, "gi", s->gi);
			rec_set(r, "profile", s->profile);
			rec_set(r, "start", s->at.start);
			rec_set(r, "size", s->at.size);
		}
		break;
	case LAYOUT_CREATE_CI:
		if ((r = rec_new("destroy-ci", s->gpu))) {
			rec_set(r, "gi", s->gi);
			rec_set(r, "ci", s->ci);
			rec_set(r, "profile", s->profile);
			rec_set(r, "start", s->at.start);
			rec_set(r, "size", s->at.size);
		}
		break;
	case LAYOUT_DESTROY_GI: {
		mig_gi_info gi;
		mig_gi_profile_info p;

		if (mig_gi_get(&gi, st, s->gpu, s->gi))
			return NULL;
		mig_gi_profile_get(gi.profile, &p);
		if ((r = rec_new("create-gi", s->gpu))) {
			rec_set(r, "gi", gi.id);
			rec_set(r, "profile", p.id);
			rec_set(r, "start", gi.placement.start);
			rec_set(r, "size", gi.placement.size);
		}
		break;
	}
	case LAYOUT_DESTROY_CI: {
		mig_ci_info cis[64];
		size_t n = 0;

		if (mig_ci_list(cis, 64, &n, st, s->gpu, s->gi))
			return NULL;
		for (size_t i = 0; i < n && i < 64 && !r; i++) {
			if (cis[i].id != s->ci)
				continue;
			if ((r = rec_new("create-ci", s->gpu))) {
				rec_set(r, "gi", s->gi);
				rec_set(r, "ci", s->ci);
				rec_set(r, "profile", cis[i].profile.id);
				rec_set(r, "start", cis[i].placement.start);
				rec_set(r, "size", cis[i].placement.size);
			}
		}
		break;
	}
	}
	if (r) {
		char text[256];

		layout_step_text(text, sizeof(text), s);
		json_object_set_new(r, "step", json_string(text));
	}
	return r;
}

