/*
 * undo.c - what a step-by-step apply did, and undoing exactly that
 * (docs/layouts.md "Rolling back").
 *
 * Before each step the executor records the step's inverse, taken from
 * the state the step is about to change: a create is undone by destroying
 * the instance it made (its ID, profile and placement), a destroy by
 * creating the same profile at the same placement again, a MIG mode change
 * by the opposite change.  A rollback replays these inverses newest first,
 * and each one first checks that what it would undo is still the apply's:
 * an instance that is gone, has changed, or holds another client's compute
 * instances or processes is left alone, and so is space another client has
 * taken since.  Nothing another client created is ever destroyed; what
 * could not be undone is reported instead.
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

static long long rec_get(const json_t *r, const char *key)
{
	const json_t *v = json_object_get(r, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
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

static int find_ci(mig_ci_info *out, const mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	mig_ci_info cis[64];
	size_t n = 0;

	if (mig_ci_list(cis, 64, &n, st, gpu, gi))
		return -1;
	for (size_t i = 0; i < n && i < 64; i++)
		if (cis[i].id == ci) {
			*out = cis[i];
			return 0;
		}
	return -1;
}

int layout_undo_do(mig_state *st, const json_t *rec, layout_undo_ctx *ctx, char *note,
		   size_t notelen)
{
	const char *op = json_string_value(json_object_get(rec, "op"));
	const char *text = json_string_value(json_object_get(rec, "step"));
	long long gpu = rec_get(rec, "gpu"), gi = rec_get(rec, "gi"), ci = rec_get(rec, "ci");
	long long prof = rec_get(rec, "profile");
	mig_placement at = {(unsigned)rec_get(rec, "start"), (unsigned)rec_get(rec, "size")};
	mig_gpu_info g;
	int rc;

	note[0] = '\0';
	if (!op || gpu < 0 || gpu > 1024 || mig_gpu_get(&g, st, (unsigned)gpu)) {
		snprintf(note, notelen, "an undo record names no GPU of this node");
		return LAYOUT_UNDO_SKIPPED;
	}
	if (!text)
		text = op;
	if (!strcmp(op, "reset")) {
		if (gpu < LAYOUT_UNDO_MAX_GPUS)
			ctx->reset[gpu] = 1;
		return LAYOUT_UNDO_NOTHING;
	}
	if (!strcmp(op, "set-mode")) {
		int enable = rec_get(rec, "enable") == 1, act = 0;

		if (g.mig_pending == enable && g.mig_current == enable)
			return LAYOUT_UNDO_NOTHING;
		/* Turning MIG off would take other clients' instances with it. */
		if (g.gi_count) {
			snprintf(note, notelen, "%s: GPU %lld has instances the apply did not make; MIG mode left as is",
				 text, gpu);
			return LAYOUT_UNDO_SKIPPED;
		}
		if (g.mig_pending != enable && (rc = mig_set_mig_mode(st, (unsigned)gpu, enable, &act)))
			goto failed;
		/* The apply reset the GPU to make its change current: so does the undo. */
		if (gpu < LAYOUT_UNDO_MAX_GPUS && ctx->reset[gpu] && !mig_gpu_get(&g, st, (unsigned)gpu) &&
		    g.mig_current != enable && (rc = mig_reset_gpu(st, (unsigned)gpu)))
			goto failed;
		return LAYOUT_UNDO_DONE;
	}
	if (!strcmp(op, "destroy-gi")) {
		mig_gi_info info;
		mig_gi_profile_info p;

		if (gi < 0 || mig_gi_get(&info, st, (unsigned)gpu, (unsigned)gi))
			return LAYOUT_UNDO_NOTHING;
		mig_gi_profile_get(info.profile, &p);
		if (p.id != prof || info.placement.start != at.start)
			return LAYOUT_UNDO_NOTHING; /* not the GI the apply made */
		if (info.ci_count || info.process_count) {
			snprintf(note, notelen, "%s: GI %lld now holds another client's instances or processes; left as is",
				 text, gi);
			return LAYOUT_UNDO_SKIPPED;
		}
		if ((rc = mig_destroy_gi(st, (unsigned)gpu, (unsigned)gi)))
			goto failed;
		return LAYOUT_UNDO_DONE;
	}
	if (!strcmp(op, "destroy-ci")) {
		mig_ci_info info;

		if (gi < 0 || ci < 0 || find_ci(&info, st, (unsigned)gpu, (unsigned)gi, (unsigned)ci))
			return LAYOUT_UNDO_NOTHING;
		if (info.profile.id != prof || info.placement.start != at.start)
			return LAYOUT_UNDO_NOTHING;
		if (info.process_count) {
			snprintf(note, notelen, "%s: processes now run on CI %lld; left as is", text, ci);
			return LAYOUT_UNDO_SKIPPED;
		}
		if ((rc = mig_destroy_ci(st, (unsigned)gpu, (unsigned)gi, (unsigned)ci)))
			goto failed;
		return LAYOUT_UNDO_DONE;
	}
	if (!strcmp(op, "create-gi")) {
		mig_gi_info info;
		unsigned id;

		if (gi >= 0 && !mig_gi_get(&info, st, (unsigned)gpu, (unsigned)gi) &&
		    info.placement.start == at.start)
			return LAYOUT_UNDO_NOTHING; /* the destroy never happened */
		if ((rc = mig_create_gi(&id, st, (unsigned)gpu, (unsigned)prof, &at))) {
			snprintf(note, notelen, "%s: could not re-create it (%s); the space was taken meanwhile",
				 text, mig_strerror(rc));
			return LAYOUT_UNDO_SKIPPED;
		}
		return LAYOUT_UNDO_DONE;
	}
	if (!strcmp(op, "create-ci")) {
		mig_ci_info info;
		unsigned id;

		if (!find_ci(&info, st, (unsigned)gpu, (unsigned)gi, (unsigned)ci) &&
		    info.placement.start == at.start)
			return LAYOUT_UNDO_NOTHING;
		if (gi < 0 || (rc = mig_create_ci(&id, st, (unsigned)gpu, (unsigned)gi, (int)prof, &at))) {
			snprintf(note, notelen, "%s: could not re-create it; its GI or space is gone", text);
			return LAYOUT_UNDO_SKIPPED;
		}
		return LAYOUT_UNDO_DONE;
	}
	snprintf(note, notelen, "unknown undo record \"%s\"", op);
	return LAYOUT_UNDO_SKIPPED;
failed:
	snprintf(note, notelen, "%s: %s", text, *mig_errmsg() ? mig_errmsg() : mig_strerror(rc));
	return LAYOUT_UNDO_FAILED;
}
