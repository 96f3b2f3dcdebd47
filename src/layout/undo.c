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

/* One undo record, read. */
typedef struct undo_rec {
	const json_t *rec;
	const char *text; /* the step it undoes, for notes */
	long long gpu, gi, ci, prof;
	mig_placement at;
	mig_gpu_info g;
} undo_rec;

static int undo_failed(char *note, size_t notelen, const char *text, int rc)
{
	snprintf(note, notelen, "%s: %s", text, *mig_errmsg() ? mig_errmsg() : mig_strerror(rc));
	return LAYOUT_UNDO_FAILED;
}

static int undo_set_mode(mig_state *st, undo_rec *u, layout_undo_ctx *ctx, char *note,
			 size_t notelen)
{
	int enable = rec_get(u->rec, "enable") == 1, act = 0, rc;
	unsigned gpu = (unsigned)u->gpu;

	if (u->g.mig_pending == enable && u->g.mig_current == enable)
		return LAYOUT_UNDO_NOTHING;
	/* Turning MIG off would take other clients' instances with it. */
	if (u->g.gi_count) {
		snprintf(note, notelen, "%s: GPU %lld has instances the apply did not make; MIG mode left as is",
			 u->text, u->gpu);
		return LAYOUT_UNDO_SKIPPED;
	}
	if (u->g.mig_pending != enable && (rc = mig_set_mig_mode(st, gpu, enable, &act)))
		return undo_failed(note, notelen, u->text, rc);
	/* The apply reset the GPU to make its change current: so does the undo. */
	if (u->gpu < LAYOUT_UNDO_MAX_GPUS && ctx->reset[u->gpu] && !mig_gpu_get(&u->g, st, gpu) &&
	    u->g.mig_current != enable && (rc = mig_reset_gpu(st, gpu)))
		return undo_failed(note, notelen, u->text, rc);
	return LAYOUT_UNDO_DONE;
}

static int undo_destroy_gi(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_gi_info info;
	mig_gi_profile_info p;
	int rc;

	if (u->gi < 0 || mig_gi_get(&info, st, (unsigned)u->gpu, (unsigned)u->gi))
		return LAYOUT_UNDO_NOTHING;
	mig_gi_profile_get(info.profile, &p);
	if (p.id != u->prof || info.placement.start != u->at.start)
		return LAYOUT_UNDO_NOTHING; /* not the GI the apply made */
	if (info.ci_count || info.process_count) {
		snprintf(note, notelen, "%s: GI %lld now holds another client's instances or processes; left as is",
			 u->text, u->gi);
		return LAYOUT_UNDO_SKIPPED;
	}
	if ((rc = mig_destroy_gi(st, (unsigned)u->gpu, (unsigned)u->gi)))
		return undo_failed(note, notelen, u->text, rc);
	return LAYOUT_UNDO_DONE;
}

static int undo_destroy_ci(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_ci_info info;
	int rc;

	if (u->gi < 0 || u->ci < 0 ||
	    find_ci(&info, st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci))
		return LAYOUT_UNDO_NOTHING;
	if (info.profile.id != u->prof || info.placement.start != u->at.start)
		return LAYOUT_UNDO_NOTHING;
	if (info.process_count) {
		snprintf(note, notelen, "%s: processes now run on CI %lld; left as is", u->text, u->ci);
		return LAYOUT_UNDO_SKIPPED;
	}
	if ((rc = mig_destroy_ci(st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci)))
		return undo_failed(note, notelen, u->text, rc);
	return LAYOUT_UNDO_DONE;
}

static int undo_create_gi(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_gi_info info;
	unsigned id;
	int rc;

	if (u->gi >= 0 && !mig_gi_get(&info, st, (unsigned)u->gpu, (unsigned)u->gi) &&
	    info.placement.start == u->at.start)
		return LAYOUT_UNDO_NOTHING; /* the destroy never happened */
	if ((rc = mig_create_gi(&id, st, (unsigned)u->gpu, (unsigned)u->prof, &u->at))) {
		snprintf(note, notelen, "%s: could not re-create it (%s); the space was taken meanwhile",
			 u->text, mig_strerror(rc));
		return LAYOUT_UNDO_SKIPPED;
	}
	return LAYOUT_UNDO_DONE;
}

static int undo_create_ci(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_ci_info info;
	unsigned id;

	if (!find_ci(&info, st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci) &&
	    info.placement.start == u->at.start)
		return LAYOUT_UNDO_NOTHING;
	if (u->gi < 0 ||
	    mig_create_ci(&id, st, (unsigned)u->gpu, (unsigned)u->gi, (int)u->prof, &u->at)) {
		snprintf(note, notelen, "%s: could not re-create it; its GI or space is gone", u->text);
		return LAYOUT_UNDO_SKIPPED;
	}
	return LAYOUT_UNDO_DONE;
}

int layout_undo_do(mig_state *st, const json_t *rec, layout_undo_ctx *ctx, char *note,
		   size_t notelen)
{
	const char *op = json_string_value(json_object_get(rec, "op"));
	undo_rec u;

	note[0] = '\0';
	u.rec = rec;
	u.text = json_string_value(json_object_get(rec, "step"));
	u.gpu = rec_get(rec, "gpu");
	u.gi = rec_get(rec, "gi");
	u.ci = rec_get(rec, "ci");
	u.prof = rec_get(rec, "profile");
	u.at.start = (unsigned)rec_get(rec, "start");
	u.at.size = (unsigned)rec_get(rec, "size");
	if (!op || u.gpu < 0 || u.gpu > 1024 || mig_gpu_get(&u.g, st, (unsigned)u.gpu)) {
		snprintf(note, notelen, "an undo record names no GPU of this node");
		return LAYOUT_UNDO_SKIPPED;
	}
	if (!u.text)
		u.text = op;
	if (!strcmp(op, "reset")) {
		if (u.gpu < LAYOUT_UNDO_MAX_GPUS)
			ctx->reset[u.gpu] = 1;
		return LAYOUT_UNDO_NOTHING;
	}
	if (!strcmp(op, "set-mode"))
		return undo_set_mode(st, &u, ctx, note, notelen);
	if (!strcmp(op, "destroy-gi"))
		return undo_destroy_gi(st, &u, note, notelen);
	if (!strcmp(op, "destroy-ci"))
		return undo_destroy_ci(st, &u, note, notelen);
	if (!strcmp(op, "create-gi"))
		return undo_create_gi(st, &u, note, notelen);
	if (!strcmp(op, "create-ci"))
		return undo_create_ci(st, &u, note, notelen);
	snprintf(note, notelen, "unknown undo record \"%s\"", op);
	return LAYOUT_UNDO_SKIPPED;
}
