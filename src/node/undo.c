/*
 * undo.c - undoing one change of a transaction from its journal record
 * (docs/layouts.md "Rolling back"; the records: mig_internal.h).
 *
 * A create is undone by destroying the instance it made (its ID, profile
 * and placement), a destroy by creating the same profile at the same
 * placement again, a MIG mode change by the opposite change.  Each undo
 * first checks that what it would undo is still the transaction's: an
 * instance that is gone, has changed, or holds another client's compute
 * instances or processes is left alone, and so is space another client
 * has taken since.  Nothing another client created is ever destroyed;
 * what could not be undone is reported instead.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "txn.h"

static long long rec_get(const json_t *r, const char *key)
{
	const json_t *v = json_object_get(r, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
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
	return MIG_UNDO_FAILED;
}

static int undo_set_mode(mig_state *st, undo_rec *u, mig_undo_ctx *ctx, char *note,
			 size_t notelen)
{
	int enable = rec_get(u->rec, "enable") == 1, act = 0, rc;
	unsigned gpu = (unsigned)u->gpu;

	if (u->g.mig_pending == enable && u->g.mig_current == enable)
		return MIG_UNDO_NOTHING;
	/* Turning MIG off would take other clients' instances with it. */
	if (u->g.gi_count) {
		snprintf(note, notelen, "%s: GPU %lld has instances the apply did not make; MIG mode left as is",
			 u->text, u->gpu);
		return MIG_UNDO_SKIPPED;
	}
	if (u->g.mig_pending != enable && (rc = mig_set_mig_mode(st, gpu, enable, &act)))
		return undo_failed(note, notelen, u->text, rc);
	/* The apply reset the GPU to make its change current: so does the undo. */
	if (u->gpu < MIG_UNDO_MAX_GPUS && ctx->reset[u->gpu] && !mig_gpu_get(&u->g, st, gpu) &&
	    u->g.mig_current != enable && (rc = mig_reset_gpu(st, gpu)))
		return undo_failed(note, notelen, u->text, rc);
	return MIG_UNDO_DONE;
}

static int undo_destroy_gi(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_gi_info info;
	mig_gi_profile_info p;
	int rc;

	if (u->gi < 0 || mig_gi_get(&info, st, (unsigned)u->gpu, (unsigned)u->gi))
		return MIG_UNDO_NOTHING;
	mig_gi_profile_get(info.profile, &p);
	if (p.id != u->prof || info.placement.start != u->at.start)
		return MIG_UNDO_NOTHING; /* not the GI the apply made */
	if (info.ci_count || info.process_count) {
		snprintf(note, notelen, "%s: GI %lld now holds another client's instances or processes; left as is",
			 u->text, u->gi);
		return MIG_UNDO_SKIPPED;
	}
	if ((rc = mig_destroy_gi(st, (unsigned)u->gpu, (unsigned)u->gi)))
		return undo_failed(note, notelen, u->text, rc);
	return MIG_UNDO_DONE;
}

static int undo_destroy_ci(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_ci_info info;
	int rc;

	if (u->gi < 0 || u->ci < 0 ||
	    find_ci(&info, st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci))
		return MIG_UNDO_NOTHING;
	if (info.profile.id != u->prof || info.placement.start != u->at.start)
		return MIG_UNDO_NOTHING;
	if (info.process_count) {
		snprintf(note, notelen, "%s: processes now run on CI %lld; left as is", u->text, u->ci);
		return MIG_UNDO_SKIPPED;
	}
	if ((rc = mig_destroy_ci(st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci)))
		return undo_failed(note, notelen, u->text, rc);
	return MIG_UNDO_DONE;
}

static int undo_create_gi(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_gi_info info;
	unsigned id;
	int rc;

	if (u->gi >= 0 && !mig_gi_get(&info, st, (unsigned)u->gpu, (unsigned)u->gi) &&
	    info.placement.start == u->at.start)
		return MIG_UNDO_NOTHING; /* the destroy never happened */
	if ((rc = mig_create_gi(&id, st, (unsigned)u->gpu, (unsigned)u->prof, &u->at))) {
		snprintf(note, notelen, "%s: could not re-create it (%s); the space was taken meanwhile",
			 u->text, mig_strerror(rc));
		return MIG_UNDO_SKIPPED;
	}
	return MIG_UNDO_DONE;
}

static int undo_create_ci(mig_state *st, const undo_rec *u, char *note, size_t notelen)
{
	mig_ci_info info;
	unsigned id;

	if (!find_ci(&info, st, (unsigned)u->gpu, (unsigned)u->gi, (unsigned)u->ci) &&
	    info.placement.start == u->at.start)
		return MIG_UNDO_NOTHING;
	if (u->gi < 0 ||
	    mig_create_ci(&id, st, (unsigned)u->gpu, (unsigned)u->gi, (int)u->prof, &u->at)) {
		snprintf(note, notelen, "%s: could not re-create it; its GI or space is gone", u->text);
		return MIG_UNDO_SKIPPED;
	}
	return MIG_UNDO_DONE;
}

int mig__undo_do(mig_state *st, const json_t *rec, mig_undo_ctx *ctx, char *note,
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
		return MIG_UNDO_SKIPPED;
	}
	if (!u.text)
		u.text = op;
	if (!strcmp(op, "reset")) {
		if (u.gpu < MIG_UNDO_MAX_GPUS)
			ctx->reset[u.gpu] = 1;
		return MIG_UNDO_NOTHING;
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
	return MIG_UNDO_SKIPPED;
}
