/*
 * backend.c - the public changes and capacity questions, dispatched in
 * one place: to the state's backend where it has an entry, else to the
 * model (backend.h).
 */
#include "backend.h"
#include "error.h"
#include "state.h"

int mig__backend_fixed(const mig_state *st)
{
	return st->ops && (st->ops->flags & MIG_BACKEND_FIXED_GPUS);
}

/*
 * What only the emulated node can do: real GPUs are added, removed, reset
 * and rebooted by people, and their processes are the driver's to track.
 */
int mig__backend_refuse(const char *what)
{
	return mig__fail(MIG_ERROR_NOT_SUPPORTED,
			 "%s: not supported on real GPUs (NVML backend); migctl changes only their MIG layout",
			 what);
}

void mig__backend_touch(mig_state *st, unsigned gpu)
{
	if (st->ops && st->ops->touch)
		st->ops->touch(st, gpu);
}

int mig_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation)
{
	if (st->ops && st->ops->set_mig_mode)
		return st->ops->set_mig_mode(st, gpu, enable, activation);
	return mig__model_set_mig_mode(st, gpu, enable, activation);
}

int mig_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu, unsigned profile_id,
		  const mig_placement *at)
{
	if (st->ops && st->ops->create_gi)
		return st->ops->create_gi(st, out_gi, gpu, profile_id, at);
	return mig__model_create_gi(out_gi, st, gpu, profile_id, at);
}

int mig_destroy_gi(mig_state *st, unsigned gpu, unsigned gi)
{
	if (st->ops && st->ops->destroy_gi)
		return st->ops->destroy_gi(st, gpu, gi);
	return mig__model_destroy_gi(st, gpu, gi);
}

int mig_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi, int ci_profile,
		  const mig_placement *at)
{
	if (st->ops && st->ops->create_ci)
		return st->ops->create_ci(st, out_ci, gpu, gi, ci_profile, at);
	return mig__model_create_ci(out_ci, st, gpu, gi, ci_profile, at);
}

int mig_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	if (st->ops && st->ops->destroy_ci)
		return st->ops->destroy_ci(st, gpu, gi, ci);
	return mig__model_destroy_ci(st, gpu, gi, ci);
}

int mig_gi_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned profile_id)
{
	if (st->ops && st->ops->gi_remaining)
		return st->ops->gi_remaining(st, out, gpu, profile_id);
	return mig__model_gi_remaining(out, st, gpu, profile_id);
}

int mig_ci_remaining(unsigned *out, const mig_state *st, unsigned gpu, unsigned gi,
		     unsigned ci_profile)
{
	if (st->ops && st->ops->ci_remaining)
		return st->ops->ci_remaining(st, out, gpu, gi, ci_profile);
	return mig__model_ci_remaining(out, st, gpu, gi, ci_profile);
}
