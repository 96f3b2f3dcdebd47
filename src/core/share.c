/*
 * share.c - sharing modes: the --share spec parser, the MPS client limit
 * and the rules that admit a process onto a device (docs/sharing.md).
 *
 * These are pure functions of their arguments, so that the simulator
 * (src/sim) applies exactly the rules the emulated node enforces.
 */
#include <string.h>

#include "error.h"
#include "mig.h"

/* The largest pinned memory limit a spec may give: 1 PiB, in MiB. */
#define MAX_MEM_MIB (1ull << 30)

const char *mig_share_mode_name(mig_share_mode mode)
{
	switch (mode) {
	case MIG_SHARE_EXCLUSIVE:
		return "exclusive";
	case MIG_SHARE_MPS:
		return "mps";
	case MIG_SHARE_TIMESLICE:
		return "timeslice";
	}
	return "unknown";
}

/* Decimal digits only: no sign, no spaces, no hex (strtoull accepts all three). */
static int parse_count(unsigned long long *out, const char *s, size_t len)
{
	unsigned long long v = 0;

	if (len == 0 || len > 15)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "1024", "1024M", "10G", "1T" (binary units) -> MiB. */
static int parse_mem(unsigned long long *out, const char *s, size_t len)
{
	unsigned long long v, mul = 1;

	if (len > 0) {
		switch (s[len - 1]) {
		case 'M': case 'm':
			len--;
			break;
		case 'G': case 'g':
			mul = 1024;
			len--;
			break;
		case 'T': case 't':
			mul = 1024ull * 1024;
			len--;
			break;
		default:
			break;
		}
	}
	if (parse_count(&v, s, len) || v == 0 || v > MAX_MEM_MIB / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* One "key=value" of an mps spec. */
static int parse_option(mig_share *out, const char *opt, size_t len, const char *spec)
{
	const char *eq = memchr(opt, '=', len);
	size_t klen = eq ? (size_t)(eq - opt) : len;
	const char *val = eq ? eq + 1 : opt + len;
	size_t vlen = eq ? len - klen - 1 : 0;
	unsigned long long v;

	if (klen == 7 && !strncmp(opt, "threads", 7)) {
		if (!eq || parse_count(&v, val, vlen) || v < 1 || v > 100)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "share '%s': threads takes a percentage from 1 to 100 (threads=30)",
					 spec);
		out->threads = (unsigned)v;
		return MIG_SUCCESS;
	}
	if (klen == 3 && !strncmp(opt, "mem", 3)) {
		if (!eq || parse_mem(&out->mem_mib, val, vlen))
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "share '%s': mem takes a size above 0 in MiB or with M, G or T (mem=10G)",
					 spec);
		return MIG_SUCCESS;
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
			 "share '%s': unknown option '%.*s' (mps takes threads=PERCENT and mem=SIZE)",
			 spec, (int)(klen > 64 ? 64 : klen), opt);
}

static int parse_mps_options(mig_share *out, const char *opts, const char *spec)
{
	int seen_threads = 0, seen_mem = 0;

	for (const char *p = opts;;) {
		size_t len = strcspn(p, ",");
		int rc;

		if (len == 0)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "share '%s': an empty option (mps:threads=30,mem=10G)", spec);
		seen_threads += !strncmp(p, "threads=", 8);
		seen_mem += !strncmp(p, "mem=", 4);
		if (seen_threads > 1 || seen_mem > 1)
			return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
					 "share '%s': an option given twice", spec);
		if ((rc = parse_option(out, p, len, spec)))
			return rc;
		if (p[len] == '\0')
			return MIG_SUCCESS;
		p += len + 1;
	}
}

int mig_share_parse(mig_share *out, const char *spec)
{
	mig_share s;
	int rc;

	if (!out || !spec)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "parsing a share spec: NULL");
	memset(&s, 0, sizeof(s));
	if (!strcmp(spec, "exclusive")) {
		s.mode = MIG_SHARE_EXCLUSIVE;
	} else if (!strcmp(spec, "timeslice")) {
		s.mode = MIG_SHARE_TIMESLICE;
	} else if (!strcmp(spec, "mps")) {
		s.mode = MIG_SHARE_MPS;
	} else if (!strncmp(spec, "mps:", 4)) {
		s.mode = MIG_SHARE_MPS;
		if ((rc = parse_mps_options(&s, spec + 4, spec)))
			return rc;
	} else {
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "share '%.64s': not a sharing mode (exclusive, timeslice, mps, mps:threads=PERCENT,mem=SIZE)",
				 spec);
	}
	*out = s;
	return MIG_SUCCESS;
}

unsigned mig_mps_client_limit(unsigned per_device, unsigned ci_slices, unsigned gpu_slices)
{
	unsigned long long n;

	if (per_device == 0)
		per_device = MIG_MPS_CLIENTS_DEFAULT;
	if (gpu_slices == 0 || ci_slices >= gpu_slices)
		return per_device;
	n = (unsigned long long)per_device * ci_slices / gpu_slices;
	return n ? (unsigned)n : 1;
}

/* How a refusal names the process asking. */
static const char *who(mig_share_mode mode)
{
	switch (mode) {
	case MIG_SHARE_MPS:
		return "MPS client";
	case MIG_SHARE_TIMESLICE:
		return "time-sliced process";
	default:
		return "exclusive process";
	}
}

static int admit_mps(const mig_share_usage *use, const mig_share *req)
{
	if (req->threads > 100)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "MPS client: an active thread percentage of %u (1 to 100)", req->threads);
	if (req->mem_mib > use->memory_mib)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "MPS client: a pinned memory limit of %llu MiB does not fit the device's %llu MiB",
				 req->mem_mib, use->memory_mib);
	if (use->timeslice_clients)
		return mig__fail(MIG_ERROR_IN_USE,
				 "MPS client: the device is time-sliced by %u process(es)",
				 use->timeslice_clients);
	if (use->mps_clients && use->mps_uid != req->uid)
		return mig__fail(MIG_ERROR_IN_USE,
				 "MPS client of uid %u: the device's MPS server runs for uid %u (%u client(s)); "
				 "the control daemon starts another user's server only once they end",
				 req->uid, use->mps_uid, use->mps_clients);
	if (use->mps_clients >= use->client_limit)
		return mig__fail(MIG_ERROR_INSUFFICIENT_RESOURCES,
				 "MPS client: the device's MPS server has its %u client(s), its limit",
				 use->client_limit);
	return MIG_SUCCESS;
}

int mig_share_admit(const mig_share_usage *use, const mig_share *req)
{
	if (!use || !req)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "admitting a process: NULL");
	if (req->mode != MIG_SHARE_MPS && (req->threads || req->mem_mib))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "%s: thread and memory limits are MPS's (no limits here)",
				 who(req->mode));
	if (use->exclusive)
		return mig__fail(MIG_ERROR_IN_USE, "%s: the device is used by %u process(es) alone",
				 who(req->mode), use->exclusive);
	switch (req->mode) {
	case MIG_SHARE_EXCLUSIVE:
		if (use->mps_clients || use->timeslice_clients)
			return mig__fail(MIG_ERROR_IN_USE,
					 "exclusive process: the device is shared by %u %s",
					 use->mps_clients + use->timeslice_clients,
					 use->mps_clients ? "MPS client(s)" : "time-sliced process(es)");
		return MIG_SUCCESS;
	case MIG_SHARE_TIMESLICE:
		if (use->mps_clients)
			return mig__fail(MIG_ERROR_IN_USE,
					 "time-sliced process: the device runs an MPS server (%u client(s))",
					 use->mps_clients);
		return MIG_SUCCESS;
	case MIG_SHARE_MPS:
		return admit_mps(use, req);
	}
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "admitting a process: unknown mode %d",
			 (int)req->mode);
}
