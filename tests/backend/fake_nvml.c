/*
 * fake_nvml.c - a tiny libnvidia-ml.so.1 for the NVML backend's tests.
 *
 * It exports just the calls libmig's NVML backend makes and answers them
 * from a small in-memory driver, deliberately unlike libmig's model where
 * that shows who decides: automatic placement takes the HIGHEST free
 * start, there is no engine budget, CI profiles report 11 SMs per slice.
 * Tests steer it through the fake_nvml_* calls (found with dlsym on the
 * same library): pick a scenario, make the next call of a function fail,
 * count calls, keep a MIG mode change pending.
 *
 * Built three ways: the full library; FAKE_LEGACY (only the unversioned
 * v1 symbols of old drivers); FAKE_INCOMPLETE (no nvmlDeviceGetMigMode).
 * The struct layouts are NVML's (nvml.h of NVML 13.3, as published in
 * github.com/NVIDIA/go-nvml gen/nvml/nvml.h; docs/nvml.md).
 */
#include <stdio.h>
#include <string.h>

/* The exports are an ABI: their prototypes are the clients' (§types-2). */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define API __attribute__((visibility("default")))

typedef int ret_t;
enum {
	OK = 0, UNINIT = 1, INVALID = 2, NOT_SUPPORTED = 3, NOT_FOUND = 6, INSUFFICIENT_SIZE = 7,
	IN_USE = 19, INSUFFICIENT_RESOURCES = 23, VERSION_MISMATCH = 25
};
#define NONE 0xFFFFFFFFu

typedef struct { char legacy[16]; unsigned domain, bus, device, pci_id, subsys; char bus_id[32]; } pci_t;
typedef struct { unsigned long long total, free, used; } memory_t;
typedef struct { unsigned start, size; } place_t;
typedef struct { unsigned id, p2p, slices, instances, sm, ce, dec, enc, jpeg, ofa; unsigned long long mb; } gip_v1;
typedef struct { unsigned version, id, p2p, slices, instances, sm, ce, dec, enc, jpeg, ofa; unsigned long long mb; char name[96]; } gip_v2;
typedef struct { unsigned id, slices, instances, sm, ce, dec, enc, jpeg, ofa; } cip_v1;
typedef struct { unsigned version, id, slices, instances, sm, ce, dec, enc, jpeg, ofa; char name[96]; } cip_v2;
typedef struct { void *device; unsigned id, profile; place_t placement; } giinfo_t;
typedef struct { void *device, *gi; unsigned id, profile; place_t placement; } ciinfo_t;
typedef struct { unsigned pid; unsigned long long used; unsigned gi, ci; } proc_t;
typedef struct { unsigned pid; unsigned long long used; } proc_v1;
typedef struct { unsigned gpu, memory; } util_t;

/* The in-memory driver ------------------------------------------------------ */

typedef struct profile {
	unsigned index, id, slices, instances, size, sm;
	unsigned starts;         /* bit s: start s is legal */
	unsigned long long mb;
	const char *name;        /* without "MIG " */
} profile;

typedef struct ci { int used; unsigned profile, start, slices; } ci;
typedef struct gi {
	int used;
	unsigned profile_row, start;
	ci cis[8];
	struct gpu *gpu;
} gi;

typedef struct mig_dev { struct gpu *gpu; unsigned gi, ci; } mig_dev;

typedef struct gpu {
	const char *name, *uuid, *serial;
	unsigned pci_device, bus;
	unsigned long long memory_mib;
	unsigned cur, pend;
	const profile *profiles;
	unsigned nprofiles;
	gi gis[15];              /* by GI ID */
	mig_dev mig[15][8];      /* the MIG device handle of (gi, ci) */
} gpu;

typedef struct process { unsigned pid, gpu, gi, ci; unsigned long long mib; const char *name; } process;

static const profile h100[] = {
	{0, 19, 1, 7, 1, 16, 0x7F, 9984, "1g.10gb"},
	{1, 14, 2, 3, 2, 32, 0x15, 20096, "2g.20gb"},
	{2, 9, 3, 2, 4, 60, 0x11, 40320, "3g.40gb"},
	{3, 5, 4, 1, 4, 64, 0x01, 40320, "4g.40gb"},
	{4, 0, 7, 1, 8, 132, 0x01, 80896, "7g.80gb"},
	{7, 20, 1, 1, 1, 16, 0x7F, 9984, "1g.10gb+me"},
	{9, 15, 1, 4, 2, 26, 0x55, 20096, "1g.20gb"},
};

/* A board no catalog knows: two profiles with made-up IDs on a 4-slice tree. */
static const profile odd[] = {
	{0, 50, 1, 4, 1, 10, 0x0F, 6000, "1g.6gb"},
	{4, 51, 4, 1, 4, 40, 0x01, 24000, "4g.24gb"},
};

#define MAX_GPUS 2
static gpu gpus[MAX_GPUS];
static unsigned ngpus;
static process procs[8];
static unsigned nprocs;
static int inited;
static ret_t activation;         /* what SetMigMode reports */

/* Steering ----------------------------------------------------------------- */

#define MAX_FAIL 8
static struct { const char *fn; ret_t code; } fails[MAX_FAIL];
static struct { const char *fn; unsigned n; } calls[64];

static ret_t enter(const char *fn)
{
	unsigned i;

	for (i = 0; i < 64 && calls[i].fn && strcmp(calls[i].fn, fn); i++)
		;
	if (i < 64) {
		calls[i].fn = fn;
		calls[i].n++;
	}
	for (i = 0; i < MAX_FAIL; i++) {
		if (fails[i].fn && !strcmp(fails[i].fn, fn)) {
			ret_t code = fails[i].code;

			fails[i].fn = NULL;
			return code;
		}
	}
	return OK;
}

#define ENTER(name)                                    \
	do {                                           \
		ret_t e_ = enter(name);                \
		if (e_)                                \
			return e_;                     \
		if (!inited && strcmp(name, "init"))   \
			return UNINIT;                 \
	} while (0)

/* Make the next call of `fn` (its name without "nvml") answer `code`. */
API void fake_nvml_fail(const char *fn, int code)
{
	for (unsigned i = 0; i < MAX_FAIL; i++) {
		if (!fails[i].fn) {
			fails[i].fn = fn;
			fails[i].code = code;
			return;
		}
	}
}

API unsigned fake_nvml_calls(const char *fn)
{
	for (unsigned i = 0; i < 64 && calls[i].fn; i++)
		if (!strcmp(calls[i].fn, fn))
			return calls[i].n;
	return 0;
}

API void fake_nvml_activation(int code)
{
	activation = code;
}

static void add_gi(gpu *g, unsigned id, unsigned row, unsigned start)
{
	g->gis[id].used = 1;
	g->gis[id].profile_row = row;
	g->gis[id].start = start;
}

static void add_ci(gpu *g, unsigned gid, unsigned cid, unsigned ci_profile, unsigned start,
		   unsigned slices)
{
	ci *c = &g->gis[gid].cis[cid];

	c->used = 1;
	c->profile = ci_profile;
	c->start = start;
	c->slices = slices;
}

/*
 * Scenarios: 0 one H100 80GB, MIG off; 1 the same with MIG on, a 3g.40gb GI
 * (ID 2 at 4) with two 1c CIs and a 1g.10gb (ID 10 at 3) with its full CI,
 * and a process on each of two MIG devices; 2 a board the catalog lacks
 * (PCI 0x1234), MIG on, no instances.
 */
API void fake_nvml_scenario(int which)
{
	memset(gpus, 0, sizeof(gpus));
	memset(procs, 0, sizeof(procs));
	memset(fails, 0, sizeof(fails));
	memset(calls, 0, sizeof(calls));
	nprocs = 0;
	activation = OK;
	ngpus = 1;
	gpus[0].name = "NVIDIA H100 80GB HBM3";
	gpus[0].uuid = "GPU-11111111-2222-3333-4444-555555555555";
	gpus[0].serial = "1650000000042";
	gpus[0].pci_device = 0x2330;
	gpus[0].bus = 0x18;
	gpus[0].memory_mib = 81559;
	gpus[0].profiles = h100;
	gpus[0].nprofiles = sizeof(h100) / sizeof(h100[0]);
	if (which == 1) {
		gpus[0].cur = gpus[0].pend = 1;
		add_gi(&gpus[0], 2, 2, 4);
		add_ci(&gpus[0], 2, 0, 0, 0, 1);
		add_ci(&gpus[0], 2, 1, 0, 2, 1);
		add_gi(&gpus[0], 10, 0, 3);
		add_ci(&gpus[0], 10, 0, 0, 0, 1);
		procs[0] = (process){4242, 0, 2, 1, 1024, "python3"};
		procs[1] = (process){4343, 0, 10, 0, 512, "trainer"};
		procs[2] = (process){2019, 0, NONE, NONE, 10, "Xorg"};
		nprocs = 3;
	} else if (which == 2) {
		gpus[0].name = "NVIDIA Mystery GPU";
		gpus[0].uuid = "GPU-99999999-8888-7777-6666-555555555555";
		gpus[0].pci_device = 0x1234;
		gpus[0].memory_mib = 24576;
		gpus[0].profiles = odd;
		gpus[0].nprofiles = sizeof(odd) / sizeof(odd[0]);
		gpus[0].cur = gpus[0].pend = 1;
	}
	for (unsigned i = 0; i < MAX_GPUS; i++)
		for (unsigned j = 0; j < 15; j++) {
			gpus[i].gis[j].gpu = &gpus[i];
			for (unsigned k = 0; k < 8; k++)
				gpus[i].mig[j][k] = (mig_dev){&gpus[i], j, k};
		}
}

/* Helpers --------------------------------------------------------------------- */

static gpu *dev(void *h)
{
	for (unsigned i = 0; i < ngpus; i++)
		if (h == &gpus[i])
			return &gpus[i];
	return NULL;
}

static mig_dev *migdev(void *h)
{
	for (unsigned i = 0; i < ngpus; i++)
		if ((char *)h >= (char *)gpus[i].mig && (char *)h < (char *)gpus[i].mig + sizeof(gpus[i].mig))
			return h;
	return NULL;
}

static gi *gih(void *h)
{
	for (unsigned i = 0; i < ngpus; i++)
		for (unsigned j = 0; j < 15; j++)
			if (h == &gpus[i].gis[j] && gpus[i].gis[j].used)
				return &gpus[i].gis[j];
	return NULL;
}

static const profile *by_id(const gpu *g, unsigned id, unsigned *row)
{
	for (unsigned i = 0; i < g->nprofiles; i++)
		if (g->profiles[i].id == id) {
			if (row)
				*row = i;
			return &g->profiles[i];
		}
	return NULL;
}

static unsigned slots(const gpu *g)
{
	unsigned n = 0;

	for (unsigned i = 0; i < g->nprofiles; i++)
		if (g->profiles[i].size > n)
			n = g->profiles[i].size;
	return n;
}

static unsigned gi_id_of(const gpu *g, unsigned start, unsigned size)
{
	return slots(g) / size - 1 + start / size;
}

static unsigned used_mask(const gpu *g)
{
	unsigned m = 0;

	for (unsigned j = 0; j < 15; j++)
		if (g->gis[j].used) {
			const profile *p = &g->profiles[g->gis[j].profile_row];
			m |= ((1u << p->size) - 1) << g->gis[j].start;
		}
	return m;
}

static unsigned count_of(const gpu *g, unsigned row)
{
	unsigned n = 0;

	for (unsigned j = 0; j < 15; j++)
		n += g->gis[j].used && g->gis[j].profile_row == row;
	return n;
}

static int gi_fits(const gpu *g, unsigned row, unsigned start)
{
	const profile *p = &g->profiles[row];

	return (p->starts >> start & 1) && !(used_mask(g) & (((1u << p->size) - 1) << start)) &&
	       count_of(g, row) < p->instances;
}

/* CI profiles inside a GI of g slices: index = id, c in {1,2,3,4,7}. */
static const unsigned ci_sizes[5] = {1, 2, 3, 4, 7};

static int ci_offered(unsigned idx, unsigned g)
{
	unsigned c;

	if (idx >= 5)
		return 0;
	c = ci_sizes[idx];
	return c == g || (c < g && 2 * c <= g + 1);
}

static unsigned ci_starts(unsigned c, unsigned g)
{
	unsigned a = 1, m = 0;

	while (a < c)
		a <<= 1;
	for (unsigned s = 0; s + c <= g; s += a)
		m |= 1u << s;
	return m;
}

static unsigned ci_used(const gi *x)
{
	unsigned m = 0;

	for (unsigned k = 0; k < 8; k++)
		if (x->cis[k].used)
			m |= ((1u << x->cis[k].slices) - 1) << x->cis[k].start;
	return m;
}

static void copy(char *dst, unsigned len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* System and devices ------------------------------------------------------- */

#ifdef FAKE_LEGACY
#define V2(name) name
#else
#define V2(name) name##_v2
#endif

API ret_t V2(nvmlInit)(void)
{
	ret_t e = enter("init");

	if (e)
		return e;
	if (!ngpus)
		fake_nvml_scenario(0);
	inited++;
	return OK;
}

API ret_t nvmlShutdown(void)
{
	if (inited)
		inited--;
	return OK;
}

API ret_t nvmlSystemGetDriverVersion(char *v, unsigned len)
{
	ENTER("SystemGetDriverVersion");
	copy(v, len, "580.173.02");
	return OK;
}

API ret_t V2(nvmlDeviceGetCount)(unsigned *n)
{
	ENTER("DeviceGetCount");
	*n = ngpus;
	return OK;
}

API ret_t V2(nvmlDeviceGetHandleByIndex)(unsigned i, void **h)
{
	ENTER("DeviceGetHandleByIndex");
	if (i >= ngpus)
		return INVALID;
	*h = &gpus[i];
	return OK;
}

API ret_t nvmlDeviceGetName(void *h, char *name, unsigned len)
{
	gpu *g = dev(h);
	mig_dev *m = migdev(h);

	ENTER("DeviceGetName");
	if (m)
		g = m->gpu;
	if (!g)
		return INVALID;
	copy(name, len, g->name);
	return OK;
}

API ret_t nvmlDeviceGetUUID(void *h, char *uuid, unsigned len)
{
	gpu *g = dev(h);
	mig_dev *m = migdev(h);

	ENTER("DeviceGetUUID");
	if (m) {
		snprintf(uuid, len, "MIG-%08x-0000-5000-8000-%012x", (unsigned)(m->gpu - gpus),
			 m->gi * 16 + m->ci);
		return OK;
	}
	if (!g)
		return INVALID;
	copy(uuid, len, g->uuid);
	return OK;
}

API ret_t nvmlDeviceGetSerial(void *h, char *s, unsigned len)
{
	gpu *g = dev(h);

	ENTER("DeviceGetSerial");
	if (!g)
		return INVALID;
	copy(s, len, g->serial);
	return OK;
}

#ifdef FAKE_LEGACY
API ret_t nvmlDeviceGetPciInfo(void *h, pci_t *p)
#else
API ret_t nvmlDeviceGetPciInfo_v3(void *h, pci_t *p)
#endif
{
	gpu *g = dev(h);

	ENTER("DeviceGetPciInfo");
	if (!g)
		return INVALID;
	memset(p, 0, sizeof(*p));
	p->bus = g->bus;
	p->pci_id = g->pci_device << 16 | 0x10DE;
	snprintf(p->legacy, sizeof(p->legacy), "0000:%02X:00.0", g->bus);
#ifndef FAKE_LEGACY
	snprintf(p->bus_id, sizeof(p->bus_id), "00000000:%02X:00.0", g->bus);
#endif
	return OK;
}

API ret_t nvmlDeviceGetMemoryInfo(void *h, memory_t *m)
{
	gpu *g = dev(h);

	ENTER("DeviceGetMemoryInfo");
	if (!g)
		return INVALID;
	m->total = g->memory_mib << 20;
	m->used = 100ull << 20;
	m->free = m->total - m->used;
	return OK;
}

#ifndef FAKE_INCOMPLETE
API ret_t nvmlDeviceGetMigMode(void *h, unsigned *cur, unsigned *pend)
{
	gpu *g = dev(h);

	ENTER("DeviceGetMigMode");
	if (!g)
		return INVALID;
	*cur = g->cur;
	*pend = g->pend;
	return OK;
}
#endif

API ret_t nvmlDeviceGetArchitecture(void *h, unsigned *a)
{
	ENTER("DeviceGetArchitecture");
	if (!dev(h))
		return INVALID;
	*a = 9;
	return OK;
}

API ret_t nvmlDeviceSetMigMode(void *h, unsigned mode, ret_t *act)
{
	gpu *g = dev(h);

	ENTER("DeviceSetMigMode");
	if (!g || mode > 1)
		return INVALID;
	for (unsigned j = 0; !mode && j < 15; j++)
		if (g->gis[j].used)
			return IN_USE;
	g->pend = mode;
	*act = activation;
	if (activation == OK)
		g->cur = mode;
	return OK;
}

/* GPU instances --------------------------------------------------------------- */

static ret_t gi_profile(void *h, unsigned idx, const profile **out)
{
	gpu *g = dev(h);

	if (!g)
		return INVALID;
	if (!g->cur)
		return NOT_SUPPORTED;
	for (unsigned i = 0; i < g->nprofiles; i++)
		if (g->profiles[i].index == idx) {
			*out = &g->profiles[i];
			return OK;
		}
	return idx < 18 ? NOT_SUPPORTED : INVALID;
}

#ifndef FAKE_LEGACY
API ret_t nvmlDeviceGetGpuInstanceProfileInfoV(void *h, unsigned idx, gip_v2 *info)
{
	const profile *p;
	ret_t rc;

	ENTER("DeviceGetGpuInstanceProfileInfoV");
	if (info->version != (sizeof(gip_v2) | 2u << 24))
		return VERSION_MISMATCH;
	if ((rc = gi_profile(h, idx, &p)))
		return rc;
	memset((char *)info + 4, 0, sizeof(*info) - 4);
	info->id = p->id;
	info->slices = p->slices;
	info->instances = p->instances;
	info->sm = p->sm;
	info->ce = p->slices;
	info->dec = p->slices;
	/* An OFA on the +me profile but none on the whole GPU: libmig's engine
	 * budget would refuse any +me GI; this driver does not. */
	info->ofa = p->id == 20;
	info->mb = p->mb;
	snprintf(info->name, sizeof(info->name), "MIG %s", p->name);
	return OK;
}
#endif

API ret_t nvmlDeviceGetGpuInstanceProfileInfo(void *h, unsigned idx, gip_v1 *info)
{
	const profile *p;
	ret_t rc;

	ENTER("DeviceGetGpuInstanceProfileInfo");
	if ((rc = gi_profile(h, idx, &p)))
		return rc;
	memset(info, 0, sizeof(*info));
	info->id = p->id;
	info->slices = p->slices;
	info->instances = p->instances;
	info->sm = p->sm;
	info->ce = p->slices;
	info->dec = p->slices;
	info->ofa = p->id == 20;
	info->mb = p->mb;
	return OK;
}

#ifdef FAKE_LEGACY
API ret_t nvmlDeviceGetGpuInstancePossiblePlacements(void *h, unsigned id, place_t *pl, unsigned *n)
#else
API ret_t nvmlDeviceGetGpuInstancePossiblePlacements_v2(void *h, unsigned id, place_t *pl, unsigned *n)
#endif
{
	gpu *g = dev(h);
	const profile *p;
	unsigned k = 0;

	ENTER("DeviceGetGpuInstancePossiblePlacements");
	if (!g || !n)
		return INVALID;
	if (!(p = by_id(g, id, NULL)))
		return NOT_SUPPORTED;
	for (unsigned s = 0; s < 16; s++) {
		if (!(p->starts >> s & 1))
			continue;
		if (pl)
			pl[k] = (place_t){s, p->size};
		k++;
	}
	*n = k;
	return OK;
}

API ret_t nvmlDeviceGetGpuInstanceRemainingCapacity(void *h, unsigned id, unsigned *n)
{
	gpu *g = dev(h);
	unsigned row, k = 0;

	ENTER("DeviceGetGpuInstanceRemainingCapacity");
	if (!g)
		return INVALID;
	if (!g->cur || !by_id(g, id, &row))
		return NOT_SUPPORTED;
	for (unsigned s = 0; s < 16; s++)
		k += gi_fits(g, row, s);
	/* Deliberately unlike libmig: free placements only, overlaps counted. */
	*n = k;
	return OK;
}

API ret_t nvmlDeviceGetGpuInstances(void *h, unsigned id, void **list, unsigned *n)
{
	gpu *g = dev(h);
	unsigned row, k = 0;

	ENTER("DeviceGetGpuInstances");
	if (!g || !n)
		return INVALID;
	if (!g->cur)
		return NOT_SUPPORTED;
	if (!by_id(g, id, &row))
		return INVALID;
	for (unsigned j = 0; j < 15; j++)
		if (g->gis[j].used && g->gis[j].profile_row == row)
			list[k++] = &g->gis[j];
	*n = k;
	return OK;
}

API ret_t nvmlDeviceGetGpuInstanceById(void *h, unsigned id, void **out)
{
	gpu *g = dev(h);

	ENTER("DeviceGetGpuInstanceById");
	if (!g)
		return INVALID;
	if (!g->cur)
		return NOT_SUPPORTED;
	if (id >= 15 || !g->gis[id].used)
		return NOT_FOUND;
	*out = &g->gis[id];
	return OK;
}

API ret_t nvmlGpuInstanceGetInfo(void *h, giinfo_t *info)
{
	gi *x = gih(h);
	const profile *p;

	ENTER("GpuInstanceGetInfo");
	if (!x)
		return INVALID;
	p = &x->gpu->profiles[x->profile_row];
	info->device = x->gpu;
	info->id = (unsigned)(x - x->gpu->gis);
	info->profile = p->id;
	info->placement = (place_t){x->start, p->size};
	return OK;
}

static ret_t create_gi(gpu *g, unsigned id, const place_t *at, void **out)
{
	unsigned row;
	int start = -1;

	if (!g)
		return INVALID;
	if (!g->cur)
		return NOT_SUPPORTED;
	if (!by_id(g, id, &row))
		return INVALID;
	if (at) {
		if (at->start >= 16 || !(g->profiles[row].starts >> at->start & 1) ||
		    at->size != g->profiles[row].size)
			return INVALID;
		if (!gi_fits(g, row, at->start))
			return INSUFFICIENT_RESOURCES;
		start = (int)at->start;
	} else {
		/* The fake's own automatic placement: the highest free start. */
		for (int s = 15; s >= 0 && start < 0; s--)
			if (gi_fits(g, row, (unsigned)s))
				start = s;
		if (start < 0)
			return INSUFFICIENT_RESOURCES;
	}
	id = gi_id_of(g, (unsigned)start, g->profiles[row].size);
	add_gi(g, id, row, (unsigned)start);
	*out = &g->gis[id];
	return OK;
}

API ret_t nvmlDeviceCreateGpuInstance(void *h, unsigned id, void **out)
{
	ENTER("DeviceCreateGpuInstance");
	return create_gi(dev(h), id, NULL, out);
}

API ret_t nvmlDeviceCreateGpuInstanceWithPlacement(void *h, unsigned id, const place_t *at, void **out)
{
	ENTER("DeviceCreateGpuInstanceWithPlacement");
	return create_gi(dev(h), id, at, out);
}

API ret_t nvmlGpuInstanceDestroy(void *h)
{
	gi *x = gih(h);

	ENTER("GpuInstanceDestroy");
	if (!x)
		return INVALID;
	if (ci_used(x))
		return IN_USE;
	x->used = 0;
	return OK;
}

/* Compute instances ------------------------------------------------------------- */

static unsigned gi_slices(const gi *x)
{
	return x->gpu->profiles[x->profile_row].slices;
}

static int fill_ci_profile(const gi *x, unsigned idx, cip_v1 *out, char *name, unsigned len)
{
	unsigned g = gi_slices(x), c;

	if (!ci_offered(idx, g))
		return 0;
	c = ci_sizes[idx];
	memset(out, 0, sizeof(*out));
	out->id = idx;
	out->slices = c;
	out->instances = g / c + (c == 3 && g == 7);
	out->sm = 11 * c; /* a figure libmig's catalog never gives */
	if (name) {
		if (c == g)
			snprintf(name, len, "MIG %s", x->gpu->profiles[x->profile_row].name);
		else
			snprintf(name, len, "MIG %uc.%s", c, x->gpu->profiles[x->profile_row].name);
	}
	return 1;
}

#ifndef FAKE_LEGACY
API ret_t nvmlGpuInstanceGetComputeInstanceProfileInfoV(void *h, unsigned idx, unsigned eng, cip_v2 *info)
{
	gi *x = gih(h);
	cip_v1 v1;
	char name[96];

	ENTER("GpuInstanceGetComputeInstanceProfileInfoV");
	if (!x || eng != 0)
		return INVALID;
	if (info->version != (sizeof(cip_v2) | 2u << 24))
		return VERSION_MISMATCH;
	if (!fill_ci_profile(x, idx, &v1, name, sizeof(name)))
		return NOT_SUPPORTED;
	memcpy(&info->id, &v1, sizeof(v1));
	snprintf(info->name, sizeof(info->name), "%s", name);
	return OK;
}
#endif

API ret_t nvmlGpuInstanceGetComputeInstanceProfileInfo(void *h, unsigned idx, unsigned eng, cip_v1 *info)
{
	gi *x = gih(h);

	ENTER("GpuInstanceGetComputeInstanceProfileInfo");
	if (!x || eng != 0)
		return INVALID;
	return fill_ci_profile(x, idx, info, NULL, 0) ? OK : NOT_SUPPORTED;
}

API ret_t nvmlGpuInstanceGetComputeInstancePossiblePlacements(void *h, unsigned id, place_t *pl, unsigned *n)
{
	gi *x = gih(h);
	unsigned k = 0, m;

	ENTER("GpuInstanceGetComputeInstancePossiblePlacements");
	if (!x || !n)
		return INVALID;
	if (!ci_offered(id, gi_slices(x)))
		return NOT_SUPPORTED;
	m = ci_starts(ci_sizes[id], gi_slices(x));
	for (unsigned s = 0; s < 16; s++)
		if (m >> s & 1) {
			if (pl)
				pl[k] = (place_t){s, ci_sizes[id]};
			k++;
		}
	*n = k;
	return OK;
}

static int ci_fits(const gi *x, unsigned id, unsigned start)
{
	unsigned c = ci_sizes[id];

	return (ci_starts(c, gi_slices(x)) >> start & 1) && !(ci_used(x) & (((1u << c) - 1) << start));
}

API ret_t nvmlGpuInstanceGetComputeInstanceRemainingCapacity(void *h, unsigned id, unsigned *n)
{
	gi *x = gih(h);
	unsigned k = 0;

	ENTER("GpuInstanceGetComputeInstanceRemainingCapacity");
	if (!x)
		return INVALID;
	if (!ci_offered(id, gi_slices(x)))
		return NOT_SUPPORTED;
	for (unsigned s = 0; s < 8; s++)
		k += ci_fits(x, id, s);
	*n = k;
	return OK;
}

API ret_t nvmlGpuInstanceGetComputeInstances(void *h, unsigned id, void **list, unsigned *n)
{
	gi *x = gih(h);
	unsigned k = 0;

	ENTER("GpuInstanceGetComputeInstances");
	if (!x || !n)
		return INVALID;
	for (unsigned c = 0; c < 8; c++)
		if (x->cis[c].used && x->cis[c].profile == id)
			list[k++] = &x->cis[c];
	*n = k;
	return OK;
}

static gi *ci_parent(void *h, unsigned *cid)
{
	for (unsigned i = 0; i < ngpus; i++)
		for (unsigned j = 0; j < 15; j++)
			for (unsigned c = 0; c < 8; c++)
				if (h == &gpus[i].gis[j].cis[c] && gpus[i].gis[j].cis[c].used) {
					*cid = c;
					return &gpus[i].gis[j];
				}
	return NULL;
}

API ret_t nvmlGpuInstanceGetComputeInstanceById(void *h, unsigned id, void **out)
{
	gi *x = gih(h);

	ENTER("GpuInstanceGetComputeInstanceById");
	if (!x)
		return INVALID;
	if (id >= 8 || !x->cis[id].used)
		return NOT_FOUND;
	*out = &x->cis[id];
	return OK;
}

static ret_t ci_info(void *h, ciinfo_t *info, int v2)
{
	unsigned cid;
	gi *x = ci_parent(h, &cid);

	if (!x)
		return INVALID;
	info->device = x->gpu;
	info->gi = x;
	info->id = cid;
	info->profile = x->cis[cid].profile;
	if (v2)
		info->placement = (place_t){x->cis[cid].start, x->cis[cid].slices};
	return OK;
}

#ifndef FAKE_LEGACY
API ret_t nvmlComputeInstanceGetInfo_v2(void *h, ciinfo_t *info)
{
	ENTER("ComputeInstanceGetInfo");
	return ci_info(h, info, 1);
}
#else
API ret_t nvmlComputeInstanceGetInfo(void *h, ciinfo_t *info)
{
	ENTER("ComputeInstanceGetInfo");
	return ci_info(h, info, 0);
}
#endif

static ret_t create_ci(gi *x, unsigned id, const place_t *at, void **out)
{
	int start = -1;
	unsigned cid = 0;

	if (!x)
		return INVALID;
	if (!ci_offered(id, gi_slices(x)))
		return NOT_SUPPORTED;
	if (at) {
		if (at->size != ci_sizes[id] || at->start >= 8 ||
		    !(ci_starts(ci_sizes[id], gi_slices(x)) >> at->start & 1))
			return INVALID;
		if (!ci_fits(x, id, at->start))
			return INSUFFICIENT_RESOURCES;
		start = (int)at->start;
	} else {
		for (unsigned s = 0; s < 8 && start < 0; s++)
			if (ci_fits(x, id, s))
				start = (int)s;
		if (start < 0)
			return INSUFFICIENT_RESOURCES;
	}
	while (cid < 8 && x->cis[cid].used)
		cid++;
	if (cid == 8)
		return INSUFFICIENT_RESOURCES;
	add_ci(x->gpu, (unsigned)(x - x->gpu->gis), cid, id, (unsigned)start, ci_sizes[id]);
	*out = &x->cis[cid];
	return OK;
}

API ret_t nvmlGpuInstanceCreateComputeInstance(void *h, unsigned id, void **out)
{
	ENTER("GpuInstanceCreateComputeInstance");
	return create_ci(gih(h), id, NULL, out);
}

API ret_t nvmlGpuInstanceCreateComputeInstanceWithPlacement(void *h, unsigned id, const place_t *at, void **out)
{
	ENTER("GpuInstanceCreateComputeInstanceWithPlacement");
	return create_ci(gih(h), id, at, out);
}

API ret_t nvmlComputeInstanceDestroy(void *h)
{
	unsigned cid = 0;
	gi *x = ci_parent(h, &cid);

	ENTER("ComputeInstanceDestroy");
	if (!x)
		return INVALID;
	for (unsigned i = 0; i < nprocs; i++)
		if (procs[i].gi == (unsigned)(x - x->gpu->gis) && procs[i].ci == cid)
			return IN_USE;
	x->cis[cid].used = 0;
	return OK;
}

/* MIG devices ----------------------------------------------------------------------- */

API ret_t nvmlDeviceGetMaxMigDeviceCount(void *h, unsigned *n)
{
	gpu *g = dev(h);

	ENTER("DeviceGetMaxMigDeviceCount");
	if (!g)
		return INVALID;
	*n = g->cur ? 7 : 0;
	return OK;
}

API ret_t nvmlDeviceGetMigDeviceHandleByIndex(void *h, unsigned index, void **out)
{
	gpu *g = dev(h);
	unsigned k = 0;

	ENTER("DeviceGetMigDeviceHandleByIndex");
	if (!g)
		return INVALID;
	if (!g->cur)
		return NOT_FOUND;
	for (unsigned j = 0; j < 15; j++)
		for (unsigned c = 0; g->gis[j].used && c < 8; c++)
			if (g->gis[j].cis[c].used && k++ == index) {
				*out = &g->mig[j][c];
				return OK;
			}
	return NOT_FOUND;
}

API ret_t nvmlDeviceGetGpuInstanceId(void *h, unsigned *id)
{
	mig_dev *m = migdev(h);

	ENTER("DeviceGetGpuInstanceId");
	if (!m)
		return NOT_SUPPORTED;
	*id = m->gi;
	return OK;
}

API ret_t nvmlDeviceGetComputeInstanceId(void *h, unsigned *id)
{
	mig_dev *m = migdev(h);

	ENTER("DeviceGetComputeInstanceId");
	if (!m)
		return NOT_SUPPORTED;
	*id = m->ci;
	return OK;
}

/* Processes and telemetry ------------------------------------------------------------- */

/* Compute processes (graphics = 0), or graphics clients on the whole GPU (graphics = 1). */
static ret_t processes(void *h, unsigned *n, void *out, int v1, int graphics)
{
	gpu *g = dev(h);
	mig_dev *m = migdev(h);
	unsigned k = 0, cap = *n;

	if (m)
		g = m->gpu;
	if (!g)
		return INVALID;
	for (unsigned i = 0; i < nprocs; i++) {
		const process *p = &procs[i];

		if (&gpus[p->gpu] != g || (m && (p->gi != m->gi || p->ci != m->ci)))
			continue;
		if (graphics != (p->gi == NONE && g->cur))
			continue;
		/* As for an unprivileged caller: the parent lists no MIG process. */
		if (!m && g->cur && p->gi != NONE)
			continue;
		if (k < cap && out) {
			if (v1)
				((proc_v1 *)out)[k] = (proc_v1){p->pid, p->mib << 20};
			else
				((proc_t *)out)[k] = (proc_t){p->pid, p->mib << 20, p->gi, p->ci};
		}
		k++;
	}
	*n = k;
	return k > cap ? INSUFFICIENT_SIZE : OK;
}

#ifdef FAKE_LEGACY
API ret_t nvmlDeviceGetComputeRunningProcesses(void *h, unsigned *n, proc_v1 *out)
{
	ENTER("DeviceGetComputeRunningProcesses");
	return processes(h, n, out, 1, 0);
}

API ret_t nvmlDeviceGetGraphicsRunningProcesses(void *h, unsigned *n, proc_v1 *out)
{
	ENTER("DeviceGetGraphicsRunningProcesses");
	return processes(h, n, out, 1, 1);
}
#else
API ret_t nvmlDeviceGetComputeRunningProcesses_v3(void *h, unsigned *n, proc_t *out)
{
	ENTER("DeviceGetComputeRunningProcesses");
	return processes(h, n, out, 0, 0);
}

API ret_t nvmlDeviceGetGraphicsRunningProcesses_v3(void *h, unsigned *n, proc_t *out)
{
	ENTER("DeviceGetGraphicsRunningProcesses");
	return processes(h, n, out, 0, 1);
}
#endif

API ret_t nvmlSystemGetProcessName(unsigned pid, char *name, unsigned len)
{
	ENTER("SystemGetProcessName");
	for (unsigned i = 0; i < nprocs; i++)
		if (procs[i].pid == pid) {
			copy(name, len, procs[i].name);
			return OK;
		}
	return NOT_FOUND;
}

API ret_t nvmlDeviceGetUtilizationRates(void *h, util_t *u)
{
	gpu *g = dev(h);

	ENTER("DeviceGetUtilizationRates");
	if (!g)
		return INVALID;
	if (g->cur)
		return NOT_SUPPORTED;
	*u = (util_t){37, 12};
	return OK;
}

API ret_t nvmlDeviceGetPowerUsage(void *h, unsigned *mw)
{
	ENTER("DeviceGetPowerUsage");
	if (!dev(h))
		return INVALID;
	*mw = 123456;
	return OK;
}

API ret_t nvmlDeviceGetEnforcedPowerLimit(void *h, unsigned *mw)
{
	ENTER("DeviceGetEnforcedPowerLimit");
	if (!dev(h))
		return INVALID;
	*mw = 700000;
	return OK;
}

/* The mystery board runs without persistence mode. */
API ret_t nvmlDeviceGetPersistenceMode(void *h, unsigned *mode)
{
	gpu *g = dev(h);

	ENTER("DeviceGetPersistenceMode");
	if (!g)
		return INVALID;
	*mode = g->pci_device != 0x1234;
	return OK;
}

API ret_t nvmlDeviceGetTemperature(void *h, unsigned sensor, unsigned *c)
{
	ENTER("DeviceGetTemperature");
	if (!dev(h) || sensor != 0)
		return INVALID;
	*c = 47;
	return OK;
}
