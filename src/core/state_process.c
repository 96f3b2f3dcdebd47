/*
 * state_process.c - processes recorded on the emulated node's GPUs:
 * attach, detach, list, and the /proc checks that prune the dead.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"
#include "util.h"

size_t mig__copy_name(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0, i = 0;

	/*
	 * Names end up in JSON, which must be valid UTF-8: keep whole valid
	 * sequences that fit, turn every other byte into '?'.
	 */
	while (i < len && src[i] && o + 1 < size) {
		const unsigned char c = (unsigned char)src[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
				       : (c & 0xF8) == 0xF0 ? 4 : 0;
		int ok = n > 0 && i + n <= len && !(n == 2 && c < 0xC2) && !(n == 4 && c > 0xF4);

		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)src[i + k] & 0xC0) == 0x80;
		if (ok && n == 3) {
			unsigned cp = (c & 0x0Fu) << 12 | ((unsigned char)src[i + 1] & 0x3Fu) << 6;
			ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
		}
		if (ok && n == 4) {
			unsigned c1 = (unsigned char)src[i + 1];
			ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 > 0x8F);
		}
		if (!ok) {
			dst[o++] = '?';
			i++;
			continue;
		}
		if (o + n >= size)
			break; /* never cut a character in half */
		memcpy(dst + o, src + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
	return o;
}

int mig__process_append(mig_state *st, const mig_process *p)
{
	if (UTIL_GROW(st->proc, st->proc_cap, st->nproc + 1))
		return mig__fail(MIG_ERROR_MEMORY, "recording a process: out of memory");
	st->proc[st->nproc++] = *p;
	return MIG_SUCCESS;
}

int mig_process_attach(mig_state *st, const mig_process *p)
{
	gpu_rec *g;
	mig_process rec;

	if (!p || p->pid == 0)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "attaching a process: pid 0");
	if (mig__backend_fixed(st))
		return mig__backend_refuse("recording a process");
	g = mig__gpu(st, p->gpu);
	if (!g)
		return MIG_ERROR_INVALID_ARGUMENT;
	if ((p->gi == MIG_NONE) != (p->ci == MIG_NONE))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "attaching pid %u: give both a GPU instance and a compute instance, or neither",
				 p->pid);
	if (p->gi != MIG_NONE) {
		gi_rec *r;
		unsigned i;
		int rc = mig__find_gi(&r, st, p->gpu, p->gi, "attaching a process");

		if (rc)
			return rc;
		for (i = 0; i < r->nci && r->ci[i].id != p->ci; i++)
			;
		if (i == r->nci)
			return mig__fail(MIG_ERROR_NOT_FOUND,
					 "attaching pid %u: GPU %u GPU instance %u has no compute instance %u",
					 p->pid, p->gpu, p->gi, p->ci);
	}
	for (size_t i = 0; i < st->nproc; i++)
		if (st->proc[i].pid == p->pid && st->proc[i].gpu == p->gpu)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "attaching pid %u: it is already recorded on GPU %u", p->pid,
					 p->gpu);
	if (!mig__pid_alive(p->pid, 0))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "attaching pid %u: no such process", p->pid);
	rec = *p;
	mig__copy_name(rec.name, sizeof(rec.name), p->name, strnlen(p->name, sizeof(p->name)));
	if (!rec.start_time)
		rec.start_time = mig__pid_start_time(p->pid);
	return mig__process_append(st, &rec);
}

int mig_process_detach(mig_state *st, unsigned pid)
{
	size_t w = 0, before = st->nproc;

	if (mig__backend_fixed(st))
		return mig__backend_refuse("forgetting a process");
	for (size_t i = 0; i < st->nproc; i++)
		if (st->proc[i].pid != pid)
			st->proc[w++] = st->proc[i];
	st->nproc = w;
	if (w == before)
		return mig__fail(MIG_ERROR_NOT_FOUND, "detaching pid %u: not recorded", pid);
	return MIG_SUCCESS;
}

int mig_process_list(mig_process *out, size_t cap, size_t *count, const mig_state *st,
		     unsigned gpu)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nproc; i++) {
		if (gpu != MIG_ALL_GPUS && st->proc[i].gpu != gpu)
			continue;
		if (out && n < cap) {
			out[n] = st->proc[i];
			out[n].used_mib = mig__process_mib(st, &st->proc[i]);
		}
		n++;
	}
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "%zu processes, room for %zu", n,
				 cap);
	return MIG_SUCCESS;
}

unsigned long long mig__pid_start_time(unsigned pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Field 22 (starttime) counts from after the ')' that closes comm. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* p + 1 is the blank before field 3; each step moves to the blank before the next. */
	p++;
	for (int field = 3; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

/*
 * A zombie has ended: the driver has freed what it held.  Its pid stays
 * until its parent reaps it, which may be never for an orphan (a client of
 * a killed migctl) under an init that does not reap, as in containers.
 */
static int pid_is_zombie(unsigned pid)
{
	char path[64], buf[512], *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	if (!(f = fopen(path, "re")))
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

int mig__pid_alive(unsigned pid, unsigned long long start_time)
{
	unsigned long long now;

	if (pid == 0 || pid > 0x7fffffffu)
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 0;
	if (pid_is_zombie(pid))
		return 0;
	if (!start_time)
		return 1;
	now = mig__pid_start_time(pid);
	/* A different start time means the pid was reused by another process. */
	return now == 0 || now == start_time;
}

unsigned mig_state_prune(mig_state *st)
{
	size_t w = 0;
	unsigned dropped = 0;

	for (size_t i = 0; i < st->nproc; i++) {
		if (mig__pid_alive(st->proc[i].pid, st->proc[i].start_time))
			st->proc[w++] = st->proc[i];
		else
			dropped++;
	}
	st->nproc = w;
	return dropped;
}
