/*
 * exec.c - applying a plan to a node, all or nothing (docs/layouts.md
 * "All or nothing").
 *
 * The plan runs as one node transaction (mig_internal.h, src/node/txn.c):
 * the node decides how it is all or nothing - one batch on the emulated
 * node, a journal of the steps' inverses on real GPUs - and rolls back a
 * failed apply, or one that was killed, by undoing the apply's own steps.
 * Here: the re-plan on the state the transaction began with, what the
 * journal records beside the steps (their text and the pre-apply layout),
 * each step and its inverse (undo.c), and the tests' injections.
 * MIGCTL_LAYOUT_STEPWISE=1 runs the emulated node step by step with the
 * journal too, which is how the tests kill an apply at every step.
 */
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"
#include "util.h"

/* A test's step number in the environment; 0 (off) when unset or not a plain number. */
static long env_step(const char *name)
{
	const char *v = getenv(name);
	int64_t n;

	return v && !util_parse_i64(v, 0, LONG_MAX, &n) ? (long)n : 0;
}

/* One step of a plan, as the node's transaction makes it. */
typedef struct step_arg {
	const layout_step *s;
	long fail_at;  /* MIGCTL_LAYOUT_FAIL_AT_STEP */
	size_t index;
} step_arg;

static json_t *step_inverse(const mig_state *st, void *arg)
{
	const step_arg *a = arg;
	json_t *rec = layout_undo_record(st, a->s);

	if (!rec) {
		char text[256];

		layout_step_text(text, sizeof(text), a->s);
		mig__fail(MIG_ERROR_NOT_FOUND, "%s: it names nothing on the node now", text);
	}
	return rec;
}

static int step_make(mig_state *st, void *arg)
{
	const step_arg *a = arg;

	if (a->fail_at == (long)a->index + 1) {
		char text[256];

		layout_step_text(text, sizeof(text), a->s);
		return mig__fail(MIG_ERROR_UNKNOWN,
				 "%s: failure injected by MIGCTL_LAYOUT_FAIL_AT_STEP", text);
	}
	return layout_step_do(st, a->s);
}

/*
 * What the journal records beside the node's own members: the steps in
 * words and the layout of every GPU they touch before the apply (for
 * people to read); NULL when out of memory.
 */
/* The GPUs a plan's steps touch, each once, in step order. */
static size_t plan_gpus(unsigned *gpus, size_t cap, const layout_plan *use)
{
	size_t ngpus = 0;

	for (size_t i = 0; i < use->n; i++) {
		size_t k;

		for (k = 0; k < ngpus && gpus[k] != use->step[i].gpu; k++)
			;
		if (k == ngpus && ngpus < cap)
			gpus[ngpus++] = use->step[i].gpu;
	}
	return ngpus;
}

static json_t *journal_members(const layout_plan *plan, const mig_state *st)
{
	json_t *m = json_object(), *steps = json_array(), *prej = NULL;
	unsigned gpus[MIG_MAX_GPUS];
	size_t ngpus = plan_gpus(gpus, MIG_MAX_GPUS, plan);
	layout_snapshot *pre = NULL;
	char *text = NULL;

	if (!m || !steps || layout_snapshot_take(&pre, st, gpus, ngpus) ||
	    layout_snapshot_json(&text, pre) != MIG_SUCCESS) {
		free(text);
		layout_snapshot_free(pre);
		json_decref(m);
		json_decref(steps);
		return NULL;
	}
	prej = json_loads(text, 0, NULL);
	free(text);
	layout_snapshot_free(pre);
	for (size_t i = 0; i < plan->n; i++) {
		char t[256];

		layout_step_text(t, sizeof(t), &plan->step[i]);
		json_array_append_new(steps, json_string(t));
	}
	json_object_set_new(m, "steps", steps);
	json_object_set_new(m, "pre_apply", prej ? prej : json_null());
	return m;
}

/*
 * The plan's steps in order, each one change of the transaction; the
 * tests' crash, pause and failure at step N (MIGCTL_LAYOUT_*_STEP) happen
 * here (crash and pause only where the node keeps a journal).
 */
static int apply_steps(layout_run_result *res, mig_txn *t, const layout_plan *use)
{
	long kill_after = 0, pause_after = 0, fail_at = env_step("MIGCTL_LAYOUT_FAIL_AT_STEP");

	if (mig__txn_journaled(t)) {
		kill_after = env_step("MIGCTL_LAYOUT_KILL_AFTER_STEP");
		pause_after = env_step("MIGCTL_LAYOUT_PAUSE_AFTER_STEP");
	}
	for (size_t i = 0; i < use->n; i++) {
		step_arg a = {&use->step[i], fail_at, i};
		mig_txn_change c = {step_inverse, step_make, &a};
		int rc = mig__txn_step(t, &c);

		if (rc)
			return rc;
		res->steps_done++;
		if (kill_after == (long)i + 1)
			raise(SIGKILL); /* the tests' crash at step N */
		if (pause_after == (long)i + 1)
			raise(SIGSTOP); /* the tests' other client acts between steps */
	}
	return 0;
}

/* A step failed: the transaction undoes the done ones; the reason says what happened. */
static void roll_back(layout_run_result *res, mig_txn *t)
{
	char said[LAYOUT_ERR_MAX];
	size_t l;

	snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
	switch (mig__txn_rollback(t, said, sizeof(said))) {
	case MIG_TXN_ROLLED_BACK:
		res->rolled_back = 1;
		break;
	case MIG_TXN_ROLLBACK_FAILED:
		res->rollback_failed = 1;
		break;
	default:
		break;
	}
	l = strlen(res->why);
	snprintf(res->why + l, sizeof(res->why) - l, "%s", said);
}

/* The plan to run: `plan`, or a new one when the node changed since (*replanned). */
static int replan_on(const layout_plan **use, mig_txn *t, const layout_plan *plan,
		     layout_replan_fn replan, void *arg, layout_plan **replanned)
{
	layout_plan *np = NULL;
	int rc;

	*use = plan;
	if (!replan)
		return 0;
	if ((rc = replan(&np, mig__txn_state(t), arg)) != 0)
		return rc;
	if (layout_plan_equal(np, plan)) {
		layout_plan_free(np);
		return 0;
	}
	*replanned = np;
	*use = np;
	return 0;
}

int layout_run(layout_run_result *res, mig_node *node, const layout_plan *plan,
	       layout_replan_fn replan, void *replan_arg, layout_plan **replanned,
	       const char *what)
{
	const char *v = getenv("MIGCTL_LAYOUT_STEPWISE");
	const layout_plan *use = plan;
	mig_txn *t = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	*replanned = NULL;
	if ((rc = mig__txn_begin(&t, node, v && !strcmp(v, "1") ? MIG_TXN_STEPWISE : 0)) ||
	    (rc = replan_on(&use, t, plan, replan, replan_arg, replanned)))
		goto fail;
	if (use->n && mig__txn_journaled(t)) {
		json_t *m = journal_members(use, mig__txn_state(t));

		if (!m) {
			rc = mig__fail(MIG_ERROR_MEMORY, "recording the pre-apply layout: out of memory");
			goto fail;
		}
		if ((rc = mig__txn_start(t, what, m)) != 0)
			goto fail;
	}
	if ((rc = apply_steps(res, t, use)) != 0) {
		roll_back(res, t);
	} else if ((rc = mig__txn_commit(t)) != 0) {
		snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
		res->steps_done = 0;
	} else {
		res->done = 1;
	}
	goto done;
fail:
	snprintf(res->why, sizeof(res->why), "%s", mig_errmsg());
done:
	mig__txn_free(t);
	/* The whole reason (the step's failure and what the rollback did), in both places. */
	if (rc)
		mig__fail(rc, "%s", res->why);
	return rc;
}
