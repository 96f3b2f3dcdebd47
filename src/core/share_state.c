/*
 * share_state.c - the sharing modes of the emulated node's processes: how
 * a device is used now (mig_share_usage_of), recording a process with its
 * mode (mig_share_attach), and the "share" object of a process in the
 * state file (docs/state-file.md).
 *
 * A sharing record is keyed like its process record (pid, GPU) plus the
 * process's start time, and counts only while that process is listed: a
 * process dropped by mig_state_prune or mig_process_detach takes its
 * sharing with it (it is not written back), and a reused pid, which has
 * another start time, never inherits it.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"
#include "util.h"

static const mig_share_rec *find_rec(const mig_state *st, const mig_process *p)
{
	for (size_t i = 0; i < st->nshare; i++)
		if (st->share[i].pid == p->pid && st->share[i].gpu == p->gpu &&
		    st->share[i].start_time == p->start_time)
			return &st->share[i];
	return NULL;
}

static mig_share_mode mode_of(const mig_state *st, const mig_process *p, unsigned *uid)
{
	const mig_share_rec *r = find_rec(st, p);

	if (uid)
		*uid = r ? r->share.uid : 0;
	return r ? r->share.mode : MIG_SHARE_EXCLUSIVE;
}

/* Compute slices of the model's largest GPU instance: the whole GPU's. */
static unsigned gpu_slices(const cat_model *m)
{
	unsigned n = 0;

	for (const cat_gi *p = m->gi; p->name; p++)
		if (p->slices > n)
			n = p->slices;
	return n;
}

/* Size the usage of device (gi, ci) of g: its memory and MPS client limit. */
static int device_size(mig_share_usage *out, const gpu_rec *g, unsigned gpu, unsigned gi,
		       unsigned ci)
{
	gi_rec *r;

	if (gi == MIG_NONE && ci == MIG_NONE) {
		if (g->mig_current)
			return mig__fail(MIG_ERROR_NOT_SUPPORTED,
					 "GPU %u: MIG is enabled, so CUDA runs in its MIG devices only",
					 gpu);
		out->memory_mib = g->model->memory_mib;
		out->client_limit = mig_mps_client_limit(0, 1, 1);
		return MIG_SUCCESS;
	}
	r = mig__gi((gpu_rec *)g, gi);
	for (unsigned i = 0; r && i < r->nci; i++)
		if (r->ci[i].id == ci) {
			out->memory_mib = r->profile->mib;
			out->client_limit =
				mig_mps_client_limit(0, r->ci[i].slices, gpu_slices(g->model));
			return MIG_SUCCESS;
		}
	return mig__fail(MIG_ERROR_NOT_FOUND, "GPU %u has no compute instance %u/%u", gpu, gi, ci);
}

int mig_share_usage_of(mig_share_usage *out, const mig_state *st, unsigned gpu, unsigned gi,
		       unsigned ci)
{
	const gpu_rec *g;
	int rc;

	if (!out || !st)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "the usage of a device: NULL");
	memset(out, 0, sizeof(*out));
	if (!(g = mig__gpu(st, gpu)))
		return MIG_ERROR_INVALID_ARGUMENT;
	if ((rc = device_size(out, g, gpu, gi, ci)))
		return rc;
	for (size_t i = 0; i < st->nproc; i++) {
		const mig_process *p = &st->proc[i];
		unsigned uid;

		if (p->gpu != gpu || p->gi != gi || p->ci != ci)
			continue;
		switch (mode_of(st, p, &uid)) {
		case MIG_SHARE_EXCLUSIVE:
			out->exclusive++;
			break;
		case MIG_SHARE_MPS:
			out->mps_clients++;
			out->mps_uid = uid;
			break;
		case MIG_SHARE_TIMESLICE:
			out->timeslice_clients++;
			break;
		}
	}
	return MIG_SUCCESS;
}

static int append_rec(mig_state *st, const mig_share_rec *r)
{
	if (UTIL_GROW(st->share, st->share_cap, st->nshare + 1))
		return mig__fail(MIG_ERROR_MEMORY, "recording a sharing mode: out of memory");
	st->share[st->nshare++] = *r;
	return MIG_SUCCESS;
}

int mig_share_attach(mig_state *st, const mig_process *p, const mig_share *s)
{
	mig_share_usage use;
	mig_share_rec rec;
	int rc;

	if (!st || !p || !s)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "attaching a sharing process: NULL");
	if (mig__backend_fixed(st))
		return mig__backend_refuse("recording a sharing process");
	if ((rc = mig_share_usage_of(&use, st, p->gpu, p->gi, p->ci)))
		return rc;
	if ((rc = mig_share_admit(&use, s)))
		return rc;
	if ((rc = mig_process_attach(st, p)))
		return rc;
	if (s->mode == MIG_SHARE_EXCLUSIVE)
		return MIG_SUCCESS;
	memset(&rec, 0, sizeof(rec));
	rec.pid = p->pid;
	rec.gpu = p->gpu;
	rec.start_time = st->proc[st->nproc - 1].start_time;
	rec.share = *s;
	if ((rc = append_rec(st, &rec)))
		st->nproc--; /* the process just appended: all or nothing */
	return rc;
}

int mig_share_get(mig_share *out, const mig_state *st, unsigned pid, unsigned gpu)
{
	if (!out || !st)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "the sharing of a process: NULL");
	for (size_t i = 0; i < st->nproc; i++) {
		const mig_share_rec *r;

		if (st->proc[i].pid != pid || st->proc[i].gpu != gpu)
			continue;
		r = find_rec(st, &st->proc[i]);
		memset(out, 0, sizeof(*out));
		if (r)
			*out = r->share;
		return MIG_SUCCESS;
	}
	return mig__fail(MIG_ERROR_NOT_FOUND, "pid %u is not recorded on GPU %u", pid, gpu);
}

int mig__share_clone(mig_state *copy, const mig_state *st)
{
	if (!st->nshare)
		return MIG_SUCCESS;
	copy->share = malloc(st->nshare * sizeof(*copy->share));
	if (!copy->share)
		return MIG_ERROR_MEMORY;
	memcpy(copy->share, st->share, st->nshare * sizeof(*copy->share));
	copy->nshare = copy->share_cap = st->nshare;
	return MIG_SUCCESS;
}

json_t *mig__share_to_json(const mig_state *st, const mig_process *p)
{
	const mig_share_rec *r = find_rec(st, p);
	json_t *o;

	if (!r)
		return NULL;
	o = json_pack("{s:s, s:I}", "mode", mig_share_mode_name(r->share.mode), "uid",
		      (json_int_t)r->share.uid);
	if (o && r->share.threads)
		json_object_set_new(o, "threads", json_integer(r->share.threads));
	if (o && r->share.mem_mib)
		json_object_set_new(o, "mem_mib", json_integer((json_int_t)r->share.mem_mib));
	return o;
}

/* An optional unsigned member: 0 when absent; -1 when not an integer in 0..max. */
static long long member(json_t *o, const char *key, long long max)
{
	json_t *v = json_object_get(o, key);
	long long n;

	if (!v)
		return 0;
	if (!json_is_integer(v))
		return -1;
	n = json_integer_value(v);
	return n < 0 || n > max ? -1 : n;
}

int mig__share_from_json(mig_state *st, const mig_process *p, json_t *o, const char *where)
{
	mig_share_rec rec;
	const char *mode;
	long long threads, mem, uid;

	if (!o)
		return MIG_SUCCESS;
	mode = json_string_value(json_object_get(o, "mode"));
	threads = member(o, "threads", 100);
	mem = member(o, "mem_mib", 1ll << 30);
	uid = member(o, "uid", 0xffffffffll);
	memset(&rec, 0, sizeof(rec));
	if (!json_is_object(o) || !mode ||
	    (strcmp(mode, "exclusive") && strcmp(mode, "mps") && strcmp(mode, "timeslice")))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s.share: needs a \"mode\": exclusive, mps or timeslice", where);
	if (threads < 0 || mem < 0 || uid < 0)
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s.share: threads (0-100), mem_mib and uid are unsigned integers",
				 where);
	rec.share.mode = !strcmp(mode, "mps")	      ? MIG_SHARE_MPS
			 : !strcmp(mode, "timeslice") ? MIG_SHARE_TIMESLICE
						      : MIG_SHARE_EXCLUSIVE;
	if (rec.share.mode != MIG_SHARE_MPS && (threads || mem))
		return mig__fail(MIG_ERROR_STATE_CORRUPT,
				 "%s.share: threads and mem_mib are MPS limits, not %s", where, mode);
	if (rec.share.mode == MIG_SHARE_EXCLUSIVE)
		return MIG_SUCCESS;
	rec.pid = p->pid;
	rec.gpu = p->gpu;
	rec.start_time = p->start_time;
	rec.share.threads = (unsigned)threads;
	rec.share.mem_mib = (unsigned long long)mem;
	rec.share.uid = (unsigned)uid;
	return append_rec(st, &rec);
}
