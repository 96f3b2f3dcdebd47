/*
 * exact.c - the way to an exact layout (restore, and the journal's
 * rollback): placements and IDs as recorded, keeping what already
 * matches.
 *
 * GI IDs follow from placements (§geometry-1.5), so creating a GI where it was
 * gives it its ID back.  CI IDs are the lowest free one in the GI, so a CI
 * recorded as CI 2 next to a free CI 0 needs CI 0 occupied while it is
 * made: the planner fills such holes with temporary CIs (the smallest the
 * GI offers) and destroys them afterwards.  When the GI has no room for
 * that, the CI is made anyway and the plan says the IDs are not exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "layout.h"
#include "plan_internal.h"

static int find_gpu(unsigned *out, const mig_state *st, const char *uuid)
{
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		mig_gpu_info info;

		if (mig_gpu_get(&info, st, g) == MIG_SUCCESS && !strcmp(info.uuid, uuid)) {
			*out = g;
			return 0;
		}
	}
	return -1;
}

/* The GPU's GI profile with this NVML enum value. */
static const mig_gi_profile *by_nvml(const mig_state *st, unsigned gpu, unsigned nvml)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_gpu_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, st, gpu) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info info;

		mig_gi_profile_get(list[i], &info);
		if (info.nvml_index == nvml)
			return list[i];
	}
	return NULL;
}

static int ci_profile_info(mig_ci_profile_info *out, const mig_gi_profile *p, unsigned id)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, p) != MIG_SUCCESS)
		n = 0;

	for (size_t i = 0; i < n; i++) {
		if (list[i].id == id) {
			*out = list[i];
			return 0;
		}
	}
	return -1;
}

/* Lowest CI ID not in use in GI gi. */
static unsigned lowest_free_ci(const mig_state *st, unsigned gpu, unsigned gi)
{
	mig_ci_info cis[LAYOUT_MAX_CI];
	size_t n = 0;
	unsigned id = 0;
	int taken;

	if (mig_ci_list(cis, LAYOUT_MAX_CI, &n, st, gpu, gi))
		return 0;
	do {
		taken = 0;
		for (size_t i = 0; i < n && i < LAYOUT_MAX_CI; i++)
			taken |= cis[i].id == id;
		id += taken;
	} while (taken);
	return id;
}

typedef struct want_ci {
	mig_ci_profile_info prof;
	int id, start;
} want_ci;

/* A temporary CI somewhere free in the GI: the smallest profile, lowest start. */
static int filler(layout_plan *p, mig_state *pt, unsigned gpu, unsigned gi,
		  const mig_gi_profile *gp)
{
	mig_ci_profile_info list[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(list, MIG_MAX_CI_PROFILES, &n, gp) != MIG_SUCCESS)
		n = 0;

	for (unsigned slices = 1; slices <= 8; slices++) {
		for (size_t i = 0; i < n; i++) {
			if (list[i].slices != slices)
				continue;
			for (unsigned s = 0; s < 16; s++) {
				layout_step st = {0};
				mig_placement at = {s, slices};
				unsigned id;

				if (!(list[i].placements & (1u << s)))
					continue;
				/* probe: a refusal must leave no step behind */
				if (mig_create_ci(&id, pt, gpu, gi, (int)list[i].id, &at))
					continue;
				mig_destroy_ci(pt, gpu, gi, id);
				st.op = LAYOUT_CREATE_CI;
				st.gpu = gpu;
				st.gi = gi;
				st.profile = list[i].id;
				st.at = at;
				st.filler = 1;
				layout_ci_name(st.name, sizeof(st.name), gp, slices);
				return layout__emit(p, pt, &st);
			}
		}
	}
	return 1; /* no room */
}

static int create_ci(layout_plan *p, mig_state *pt, unsigned gpu, unsigned gi,
		     const mig_gi_profile *gp, const want_ci *w)
{
	layout_step s = {0};

	s.op = LAYOUT_CREATE_CI;
	s.gpu = gpu;
	s.gi = gi;
	s.profile = w->prof.id;
	layout_ci_name(s.name, sizeof(s.name), gp, w->prof.slices);
	if (w->start >= 0) {
		s.at.start = (unsigned)w->start;
		s.at.size = w->prof.slices;
		return layout__emit(p, pt, &s);
	}
	/* No recorded placement (a mig-parted checkpoint): the first one that fits. */
	for (unsigned st = 0; st < 16; st++) {
		unsigned id;
		mig_placement at = {st, w->prof.slices};

		if (!(w->prof.placements & (1u << st)))
			continue;
		if (mig_create_ci(&id, pt, gpu, gi, (int)w->prof.id, &at))
			continue;
		mig_destroy_ci(pt, gpu, gi, id);
		s.at = at;
		return layout__emit(p, pt, &s);
	}
	return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
			 "GPU %u: no room in GI %u for CI %s", gpu,
			 gi, s.name);
}

static int cmp_want(const void *a, const void *b)
{
	const want_ci *x = a, *y = b;
	int xi = x->id < 0 ? 1 << 20 : x->id, yi = y->id < 0 ? 1 << 20 : y->id;

	return (xi > yi) - (xi < yi);
}

/*
 * Create the wanted CIs of one GI.  First try the exact way (fillers for
 * ID holes) on a copy; if that cannot work, create them plainly.
 */
static int create_cis(layout_plan *p, mig_state *pt, unsigned gpu, unsigned gi,
		      const mig_gi_profile *gp, want_ci *w, size_t nw)
{
	layout_plan *tp = layout__plan_new(p->ngpu);
	mig_state *copy = NULL;
	unsigned fill[LAYOUT_MAX_CI];
	size_t nfill = 0;
	int exact = 1, rc;

	qsort(w, nw, sizeof(*w), cmp_want);
	if (!tp || mig_state_clone(&copy, pt)) {
		layout_plan_free(tp);
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < nw && exact; i++) {
		if (w[i].id >= 0) {
			unsigned low;

			while ((low = lowest_free_ci(copy, gpu, gi)) < (unsigned)w[i].id && exact) {
				if (nfill == LAYOUT_MAX_CI || filler(tp, copy, gpu, gi, gp))
					exact = 0;
				else
					fill[nfill++] = tp->step[tp->n - 1].ci;
			}
			if (low > (unsigned)w[i].id)
				exact = 0;
		}
		if (exact && create_ci(tp, copy, gpu, gi, gp, &w[i]))
			exact = 0;
		if (exact && w[i].id >= 0 && tp->step[tp->n - 1].ci != (unsigned)w[i].id)
			exact = 0;
	}
	while (exact && nfill) {
		layout_step s = {0};

		s.op = LAYOUT_DESTROY_CI;
		s.gpu = gpu;
		s.gi = gi;
		s.ci = fill[--nfill];
		s.filler = 1;
		for (size_t k = 0; k < tp->n; k++)
			if (tp->step[k].op == LAYOUT_CREATE_CI && tp->step[k].ci == s.ci)
				snprintf(s.name, sizeof(s.name), "%s", tp->step[k].name);
		if (layout__emit(tp, copy, &s))
			exact = 0;
	}
	mig_state_free(copy);
	if (exact) {
		/* Replay what worked on the plan's own trial state. */
		for (size_t k = 0; k < tp->n; k++) {
			layout_step s = tp->step[k];

			if ((rc = layout__emit(p, pt, &s)) != 0) {
				layout_plan_free(tp);
				return rc;
			}
		}
		layout_plan_free(tp);
		return 0;
	}
	layout_plan_free(tp);
	p->ids_exact = 0;
	for (size_t i = 0; i < nw; i++)
		if ((rc = create_ci(p, pt, gpu, gi, gp, &w[i])) != 0)
			return rc;
	return 0;
}

/* One GPU's layout matched against a snapshot GPU (plan_gpu_exact's working set). */
typedef struct exact_match {
	layout_gpu_have h;
	unsigned gpu;
	const mig_gi_profile *prof[LAYOUT_MAX_GI]; /* snapshot GI -> this GPU's profile */
	int gi_match[LAYOUT_MAX_GI];               /* have GI -> snapshot GI, -1 */
	int ci_keep[LAYOUT_MAX_GI][LAYOUT_MAX_CI];
	int snap_have[LAYOUT_MAX_GI];              /* snapshot GI -> have GI, -1 */
	int snap_ci_done[LAYOUT_MAX_GI][LAYOUT_MAX_CI];
} exact_match;

/* The snapshot's CIs of GI k fit its profile on this GPU (profiles, placements). */
static int resolve_cis(const exact_match *m, mig_state *pt, const layout_snap_gi *sgi,
		       const mig_gi_profile *prof, const char *gi_name)
{
	for (size_t c = 0; c < sgi->nci; c++) {
		mig_ci_profile_info ci;
		const layout_snap_ci *sc = &sgi->ci[c];

		if (ci_profile_info(&ci, prof, sc->profile))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u: a %s GPU instance has no CI profile %u", m->gpu,
					 gi_name, sc->profile);
		/* A placement is the profile's size at one of its starts, or nothing. */
		if (sc->start >= 0 &&
		    (sc->size != ci.slices || sc->start >= 32 || !(ci.placements & (1u << sc->start)))) {
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u (%s): CI placement %d:%u is not a placement of %s in a %s GPU instance",
					 m->gpu, layout__model_name(pt, m->gpu), sc->start, sc->size, ci.name,
					 gi_name);
		}
	}
	return 0;
}

/* Resolve the snapshot against this GPU before changing anything. */
static int resolve_snapshot(exact_match *m, mig_state *pt, const layout_snap_gpu *sg)
{
	int rc;

	for (size_t k = 0; sg->mig && k < sg->ngi; k++) {
		mig_gi_profile_info info;

		m->prof[k] = by_nvml(pt, m->gpu, sg->gi[k].nvml_profile);
		if (!m->prof[k])
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u (%s): no GPU instance profile with NVML ID %u",
					 m->gpu, layout__model_name(pt, m->gpu), sg->gi[k].nvml_profile);
		mig_gi_profile_get(m->prof[k], &info);
		if (sg->gi[k].at.size != info.placement_size || sg->gi[k].at.start >= 16 ||
		    !(info.placements & (1u << sg->gi[k].at.start))) {
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "GPU %u (%s): %u:%u is not a placement of %s", m->gpu,
					 layout__model_name(pt, m->gpu), sg->gi[k].at.start, sg->gi[k].at.size,
					 info.name);
		}
		if ((rc = resolve_cis(m, pt, &sg->gi[k], m->prof[k], info.name)) != 0)
			return rc;
	}
	return 0;
}

/* Keep the snapshot's CIs that GI g already has: same profile, and start and ID where given. */
static void match_cis(exact_match *m, const layout_snap_gpu *sg, size_t g)
{
	const layout_snap_gi *sgi = &sg->gi[m->gi_match[g]];

	for (size_t c = 0; c < m->h.gi[g].nci; c++) {
		const layout_ci_have *hc = &m->h.gi[g].ci[c];

		for (size_t j = 0; j < sgi->nci; j++) {
			const layout_snap_ci *sc = &sgi->ci[j];

			if (m->snap_ci_done[m->gi_match[g]][j] || sc->profile != hc->profile ||
			    (sc->start >= 0 && (unsigned)sc->start != hc->at.start) ||
			    (sc->id >= 0 && (unsigned)sc->id != hc->id))
				continue;
			m->snap_ci_done[m->gi_match[g]][j] = 1;
			m->ci_keep[g][c] = 1;
			break;
		}
	}
}

/* Match what exists exactly: same profile and placement; CIs also by ID and start. */
static void match_existing(exact_match *m, const layout_snap_gpu *sg)
{
	memset(m->snap_ci_done, 0, sizeof(m->snap_ci_done));
	for (size_t k = 0; k < LAYOUT_MAX_GI; k++)
		m->snap_have[k] = -1;
	for (size_t g = 0; g < m->h.ngi; g++) {
		m->gi_match[g] = -1;
		for (size_t c = 0; c < LAYOUT_MAX_CI; c++)
			m->ci_keep[g][c] = 0;
		for (size_t k = 0; k < sg->ngi && m->gi_match[g] < 0; k++) {
			mig_gi_profile_info info;

			mig_gi_profile_get(m->prof[k], &info);
			if (m->snap_have[k] < 0 && info.id == m->h.gi[g].profile &&
			    sg->gi[k].at.start == m->h.gi[g].at.start) {
				m->gi_match[g] = (int)k;
				m->snap_have[k] = (int)g;
			}
		}
		if (m->gi_match[g] >= 0)
			match_cis(m, sg, g);
	}
}

/* Anything else goes; instances in use only with --force. */
static int check_busy(const exact_match *m, mig_state *pt, const layout_plan_opts *o)
{
	for (size_t g = 0; g < m->h.ngi; g++) {
		const layout_gi_have *hg = &m->h.gi[g];

		for (size_t c = 0; c < hg->nci; c++) {
			char who[256];

			if ((m->gi_match[g] >= 0 && m->ci_keep[g][c]) || !hg->ci[c].procs || o->force)
				continue;
			layout__busy_text(who, sizeof(who), pt, m->gpu, hg->id, hg->ci[c].id);
			return mig__fail(MIG_ERROR_IN_USE,
					 "GPU %u (%s): restoring would destroy CI %u of GI %u (%s), in use by %s; stop those processes or use --force",
					 m->gpu, layout__model_name(pt, m->gpu), hg->ci[c].id, hg->id,
					 hg->ci[c].name, who);
		}
	}
	return 0;
}

/* Destroy the CIs and GIs the snapshot does not keep; count those it keeps. */
static int destroy_unmatched(layout_plan *p, mig_state *pt, const exact_match *m)
{
	int keep[LAYOUT_MAX_GI];

	for (size_t g = 0; g < m->h.ngi; g++) {
		keep[g] = m->gi_match[g] < 0 ? -1 : 0;
		for (size_t c = 0; keep[g] >= 0 && c < m->h.gi[g].nci; c++)
			keep[g] |= m->ci_keep[g][c] ? 1 << c : 0;
	}
	return layout__destroy_unkept(p, pt, m->gpu, &m->h, keep, 0);
}

/* Create snapshot GI k where it is missing; *gi gets its ID (the kept one's otherwise). */
static int create_gi(layout_plan *p, mig_state *pt, const exact_match *m,
		     const layout_snap_gi *sgi, size_t k, unsigned *gi)
{
	layout_step s = {0};
	mig_gi_profile_info info;
	int rc;

	if (m->snap_have[k] >= 0) {
		*gi = m->h.gi[m->snap_have[k]].id;
		return 0;
	}
	mig_gi_profile_get(m->prof[k], &info);
	s.op = LAYOUT_CREATE_GI;
	s.gpu = m->gpu;
	s.profile = info.id;
	s.at = sgi->at;
	snprintf(s.name, sizeof(s.name), "%s", info.name);
	if ((rc = layout__emit(p, pt, &s)) != 0)
		return rc;
	*gi = p->step[p->n - 1].gi;
	if (sgi->id >= 0 && (unsigned)sgi->id != *gi)
		p->ids_exact = 0;
	return 0;
}

/* Create the snapshot's GIs and CIs that this GPU lacks. */
static int create_missing(layout_plan *p, mig_state *pt, const exact_match *m,
			  const layout_snap_gpu *sg)
{
	int rc;

	for (size_t k = 0; k < sg->ngi; k++) {
		const layout_snap_gi *sgi = &sg->gi[k];
		want_ci w[LAYOUT_MAX_CI];
		size_t nw = 0;
		unsigned gi;

		if ((rc = create_gi(p, pt, m, sgi, k, &gi)) != 0)
			return rc;
		for (size_t j = 0; j < sgi->nci; j++) {
			if (m->snap_ci_done[k][j])
				continue;
			ci_profile_info(&w[nw].prof, m->prof[k], sgi->ci[j].profile);
			w[nw].id = sgi->ci[j].id;
			w[nw].start = sgi->ci[j].start;
			nw++;
		}
		if (nw && (rc = create_cis(p, pt, m->gpu, gi, m->prof[k], w, nw)) != 0)
			return rc;
	}
	return 0;
}

/* Select snapshot GPU sg on this node and count what it has and wants. */
static int select_gpu(layout_gpu_plan **out, exact_match *m, layout_plan *p, mig_state *pt,
		      const layout_snap_gpu *sg)
{
	layout_gpu_plan *gp;

	int rc;

	if (find_gpu(&m->gpu, pt, sg->uuid))
		return mig__fail(MIG_ERROR_NOT_FOUND, "GPU %s is not on this node", sg->uuid);
	gp = &p->gpu[m->gpu];
	if (gp->selected)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GPU %s appears twice", sg->uuid);
	gp->selected = 1;
	if ((rc = layout_gpu_read(&m->h, pt, m->gpu)) != 0)
		return mig__fail(rc, "GPU %u: reading its layout: %s", m->gpu, mig_errmsg());
	gp->have_gi = (unsigned)m->h.ngi;
	for (size_t g = 0; g < m->h.ngi; g++)
		gp->have_ci += (unsigned)m->h.gi[g].nci;
	gp->want_gi = sg->mig ? (unsigned)sg->ngi : 0;
	for (size_t k = 0; sg->mig && k < sg->ngi; k++)
		gp->want_ci += (unsigned)sg->gi[k].nci;
	*out = gp;
	return 0;
}

/* MIG mode only: the snapshot's mode off, or --mode-only.  1 when that settles the GPU. */
static int mode_only(int *rc, layout_plan *p, mig_state *pt, const exact_match *m,
		     layout_gpu_plan *gp, const layout_snap_gpu *sg, const layout_plan_opts *o)
{
	unsigned gpu = m->gpu;

	*rc = 0;
	if (!sg->mig) {
		if (!m->h.mig_current) {
			gp->already = 1;
			return 1;
		}
		gp->kept_gi = gp->kept_ci = 0;
		*rc = layout__destroy_all(p, pt, gpu, &m->h, o->force, 1);
		if (!*rc)
			*rc = layout__mode_steps(p, pt, gpu, 0);
		return 1;
	}
	if (o->mode_only) {
		if (!m->h.mig_current)
			*rc = layout__mode_steps(p, pt, gpu, 1);
		else
			gp->already = 1;
		return 1;
	}
	return 0;
}

static int plan_gpu_exact(layout_plan *p, mig_state *pt, const layout_snap_gpu *sg,
			  const layout_plan_opts *o)
{
	exact_match m;
	layout_gpu_plan *gp = NULL;
	size_t before = p->n;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = select_gpu(&gp, &m, p, pt, sg)) != 0 || (rc = resolve_snapshot(&m, pt, sg)) != 0)
		return rc;
	if (mode_only(&rc, p, pt, &m, gp, sg, o))
		return rc;
	if (!m.h.mig_current && ((rc = layout__mode_steps(p, pt, m.gpu, 1)) != 0 ||
				 (rc = layout_gpu_read(&m.h, pt, m.gpu)) != 0))
		return rc;
	match_existing(&m, sg);
	if ((rc = check_busy(&m, pt, o)) != 0)
		return rc;
	if (!m.h.mig_pending) {
		int changes = 0;

		for (size_t g = 0; g < m.h.ngi; g++)
			changes |= m.gi_match[g] < 0;
		for (size_t k = 0; k < sg->ngi; k++)
			changes |= m.snap_have[k] < 0;
		if (changes && (rc = layout__mode_steps(p, pt, m.gpu, 1)) != 0)
			return rc;
	}
	if ((rc = destroy_unmatched(p, pt, &m)) != 0 || (rc = create_missing(p, pt, &m, sg)) != 0)
		return rc;
	gp->already = p->n == before;
	return 0;
}

/* Part i: the snapshot's (arg) GPU i. */
static int snapshot_part(layout_plan *p, mig_state *pt, size_t i, const void *arg,
			 const layout_plan_opts *o)
{
	const layout_snapshot *want = arg;

	return plan_gpu_exact(p, pt, &want->gpu[i], o);
}

int layout_plan_exact(layout_plan **out, const mig_state *st, const layout_snapshot *want,
		      const layout_plan_opts *opts)
{
	return layout__plan_parts(out, st, want->ngpu, snapshot_part, want, opts);
}
