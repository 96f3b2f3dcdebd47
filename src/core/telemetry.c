/*
 * telemetry.c - the figures NVML reports beside the MIG layout: power,
 * temperature, fan, utilization, memory and BAR1 usage, names and UUIDs as
 * a given driver spells them.
 *
 * The emulated node has no sensors, so this is a model, documented in
 * docs/libmig.md "Telemetry model":
 *
 *  - Boards: idle and busy figures per catalog model (board_rows[]).  The
 *    figures marked [P] are read off real captures in
 *    §smi-11.5; the others are the board's datasheet
 *    power limit and plausible idle/busy points [I].
 *  - Load: the share of the GPU's SMs that run a compute process.  With MIG
 *    off one compute process keeps the whole GPU busy (the prickle capture:
 *    one loadgen, 100 %); with MIG on, a compute process keeps its MIG
 *    device's SMs busy.  A process that holds no memory (a monitoring tool,
 *    a context-less holder) runs no kernels: it is listed, not busy.  Power, temperature and fan move linearly from the
 *    idle to the busy figure with the load.
 *  - Memory: what the processes use plus the driver's reservations, as the
 *    captures show them (reserve_rows[]): per GPU, per compute slice of
 *    each GPU instance, per compute context.  Kept in KiB and rounded to
 *    the nearest MiB once, which is how the captures' totals add up (two
 *    idle 3g.40gb devices of 44 MiB on a GPU using 87 MiB, §smi-11.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "error.h"
#include "state.h"

/* Boards ------------------------------------------------------------------ */

typedef struct board_row {
	const char *key;           /* catalog model key */
	unsigned limit_w;          /* power limit (nvidia-smi's Pwr Cap) */
	unsigned idle_mw, busy_mw; /* power draw idle / with every SM busy */
	unsigned idle_c, busy_c;   /* GPU temperature */
	unsigned fan_idle, fan_busy; /* percent; MIG_NA on passively cooled boards */
	unsigned idle_pstate;      /* busy is always P0 */
	int ecc;                   /* ECC mode */
	unsigned bar1_mib;         /* BAR1 aperture */
	/*
	 * R580+: the BAR1 that MIG devices share out, by memory slice
	 * (0: 60 % of the memory).  The captures: A100 40GB 12211/6105/3052
	 * MiB for 4/2/1 slices = floor(24422 * s / 8); H100 24740/6185 for
	 * 4/1 = 49480 * s / 8 (§smi-11.5, 580.126.09 and 580.173.02).
	 */
	unsigned bar1_mig_mib;
} board_row;

#define NA MIG_NA

static const board_row board_rows[] = {
	/* key                 limit  idle   busy   idle busy fan       P  ECC  BAR1    MIG BAR1 */
	{"A30-24GB",           165,   33000, 150000, 31, 62, NA, NA,     0, 1,  32768,  0},
	/* [P] 40C 43W/400W: 580.126.09 (ssup2), the same in the [B] captures */
	{"A100-SXM4-40GB",     400,   43000, 300000, 40, 66, NA, NA,     0, 1,  65536,  24422},
	{"A100-PCIE-40GB",     250,   35000, 220000, 36, 65, NA, NA,     0, 1,  65536,  0},
	{"A100-SXM4-80GB",     400,   62000, 320000, 35, 64, NA, NA,     0, 1,  131072, 0},
	{"A100-PCIE-80GB",     300,   45000, 260000, 38, 66, NA, NA,     0, 1,  131072, 0},
	/* [P] idle 30C 141W: MIG user guide (580.65.06); busy 66C 355W with one
	 * compute process on the whole GPU: prickle h100-default (580.173.02) */
	{"H100-SXM5-80GB",     700,   141000, 355000, 30, 66, NA, NA,    0, 1,  131072, 49480},
	{"H100-PCIE-80GB",     350,   48000, 300000, 34, 68, NA, NA,     0, 1,  131072, 0},
	{"H100-NVL-94GB",      400,   62000, 350000, 33, 66, NA, NA,     0, 1,  131072, 0},
	{"H100-96GB",          700,   120000, 400000, 31, 66, NA, NA,    0, 1,  131072, 0},
	{"GH200-96GB",         900,   130000, 500000, 31, 66, NA, NA,    0, 1,  131072, 0},
	{"GH200-144GB",        900,   130000, 500000, 31, 66, NA, NA,    0, 1,  262144, 0},
	{"H200-SXM-141GB",     700,   120000, 400000, 31, 66, NA, NA,    0, 1,  262144, 0},
	{"H200-NVL-141GB",     600,   90000, 380000, 32, 66, NA, NA,     0, 1,  262144, 0},
	{"H20-96GB",           500,   90000, 350000, 31, 64, NA, NA,     0, 1,  131072, 0},
	{"B200-180GB",         1000,  140000, 600000, 30, 66, NA, NA,    0, 1,  262144, 0},
	{"GB200-186GB",        1200,  160000, 700000, 30, 66, NA, NA,    0, 1,  262144, 0},
	{"RTX-PRO-6000",       600,   30000, 450000, 32, 75, NA, NA,     8, 1,  131072, 0},
	/* [P] fan 30%, 31C, P8, 18W/300W, ECC off: pnj200522 (580.105.08) */
	{"RTX-PRO-6000-MAXQ",  300,   18000, 290000, 31, 80, 30, 70,     8, 0,  131072, 0},
};

/* A board the table lacks (a model a driver reported, NVML backend). */
static const board_row generic_board = {NULL, 400, 60000, 300000, 33, 66, NA, NA, 0, 1, 131072, 0};

static const board_row *board_of(const cat_model *m)
{
	for (size_t i = 0; i < sizeof(board_rows) / sizeof(board_rows[0]); i++)
		if (!strcmp(board_rows[i].key, m->key))
			return &board_rows[i];
	return &generic_board;
}

/* Memory reservations ----------------------------------------------------- */

typedef struct reserve_row {
	const char *key;           /* model key; NULL: any model */
	uint32_t since, until;     /* driver range, MIG_DRV(); 0 = open */
	unsigned gpu_kib;          /* MIG off: the driver's own allocation */
	unsigned mig_kib;          /* MIG on: what the GPU holds outside its GIs */
	unsigned slice_kib;        /* per compute slice of every GI */
	unsigned context_kib;      /* per compute process, beside what it reports */
	unsigned total_mib;        /* device memory total; 0: the catalog's */
	/* Before R470 the MIG device of a GI at memory slice 0 reports this
	 * much more than its profile (MIG user guide, seansiddens: 20224 vs 20096). */
	unsigned low_gi_extra_mib;
} reserve_row;

/*
 * First match wins.  Fitted to the captures of §smi-11.5;
 * each row names them.  The KiB values sit in the middle of the range that
 * reproduces every capture of the row.
 */
static const reserve_row reserve_rows[] = {
	/* 580.65.06: two idle 3g.40gb, 44 MiB each, 87 MiB in all; 580.173.02:
	 * 1g.10gb 15 MiB, a 3g.40gb with three 4188 MiB loadgens 12627 MiB,
	 * 12657 MiB in all; MIG off with one 4618 MiB loadgen: 4627 MiB. */
	{"H100-SXM5-80GB", MIG_DRV(580, 0, 0), 0, 2472, 160, 14888, 6744, 0, 0},
	/* 535.104.12: 3g.40gb 16 MiB, 2g.20gb 11 MiB, 1g.10gb 5 MiB (idle) */
	{"H100-SXM5-80GB", 0, MIG_DRV(579, 999, 999), 2472, 160, 5504, 6744, 0, 0},
	/* 580.126.09: 4g.20gb 142, 2g.10gb 71, 1g.5gb 36 MiB; 249 MiB in all */
	{"A100-SXM4-40GB", MIG_DRV(580, 0, 0), 0, 2472, 160, 36416, 6744, 0, 0},
	/* 450.80.02: MIG on, no GIs: 0 MiB of 40537 MiB; R450: 3g.20gb 11 MiB */
	{"A100-SXM4-40GB", 0, MIG_DRV(469, 999, 999), 0, 0, 3755, 6744, 40537, 128},
	{"A100-PCIE-40GB", 0, MIG_DRV(469, 999, 999), 0, 0, 3755, 6744, 40537, 128},
	/* 580.105.08: MIG on, no GIs, Xorg 10 + gnome-shell 17 MiB: 46 MiB */
	{"RTX-PRO-6000-MAXQ", 0, 0, 2472, 19456, 14888, 6744, 0, 0},
	{"RTX-PRO-6000", 0, 0, 2472, 19456, 14888, 6744, 0, 0},
	/* Any other board: the H100's figures of its branch. */
	{NULL, MIG_DRV(580, 0, 0), 0, 2472, 160, 14888, 6744, 0, 0},
	{NULL, MIG_DRV(470, 0, 0), MIG_DRV(579, 999, 999), 2472, 160, 5504, 6744, 0, 0},
	{NULL, 0, 0, 0, 0, 3755, 6744, 0, 0},
};

static const reserve_row *reserve_of(const cat_model *m, uint32_t drv)
{
	for (size_t i = 0; i < sizeof(reserve_rows) / sizeof(reserve_rows[0]); i++) {
		const reserve_row *r = &reserve_rows[i];

		if ((!r->key || !strcmp(r->key, m->key)) && (!r->since || drv >= r->since) &&
		    (!r->until || drv <= r->until))
			return r;
	}
	return &reserve_rows[sizeof(reserve_rows) / sizeof(reserve_rows[0]) - 1];
}

/* Names, versions ------------------------------------------------------------ */

/* CUDA version each driver branch supports (nvmlSystemGetCudaDriverVersion_v2). */
static const struct {
	unsigned major;            /* first driver major of the row */
	const char *cuda;
} cuda_rows[] = {
	{610, "13.2"}, {595, "13.2"}, {590, "13.1"}, {580, "13.0"}, {575, "12.9"},
	{570, "12.8"}, {565, "12.7"}, {560, "12.6"}, {555, "12.5"}, {550, "12.4"},
	{545, "12.3"}, {535, "12.2"}, {530, "12.1"}, {525, "12.0"}, {520, "11.8"},
	{515, "11.7"}, {510, "11.6"}, {495, "11.5"}, {470, "11.4"}, {465, "11.3"},
	{460, "11.2"}, {455, "11.1"}, {0, "11.0"},
};

static const char *cuda_of(uint32_t drv)
{
	size_t i = 0;

	while (drv < MIG_DRV(cuda_rows[i].major, 0, 0))
		i++;
	return cuda_rows[i].cuda;
}

/*
 * nvmlDeviceGetName: drivers before R470 named boards without the "NVIDIA "
 * prefix ("A100-SXM4-40GB", 450.80.02 and 460.80 captures, §smi-10, §smi-11.5).
 */
static void gpu_name(char *out, size_t len, const gpu_rec *g)
{
	const char *n = g->model->name;

	if (g->drv < MIG_DRV(470, 0, 0) && !strncmp(n, "NVIDIA ", 7))
		n += 7;
	snprintf(out, len, "%s", n);
}

/* Load ------------------------------------------------------------------------ */

/* SMs of the whole GPU: its largest GI profile's under this driver. */
static unsigned gpu_sms(const gpu_rec *g)
{
	const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
	size_t n = 0;
	unsigned best = 0;

	if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &n, g->model, g->driver) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i]->sm > best)
			best = p[i]->sm;
	return best;
}

static const ci_rec *find_ci(const gi_rec *r, unsigned ci)
{
	for (unsigned i = 0; i < r->nci; i++)
		if (r->ci[i].id == ci)
			return &r->ci[i];
	return NULL;
}

/* SMs of the CI a process runs on (0 when it is not on a live CI). */
static unsigned ci_sms(gpu_rec *g, unsigned gi, unsigned ci)
{
	gi_rec *r = mig__gi(g, gi);
	const ci_rec *c = r ? find_ci(r, ci) : NULL;
	mig_ci_profile_info info;

	if (!c || mig__ci_profile(&info, r->profile, c->profile))
		return 0;
	return info.sm;
}

mig_process_kind mig_process_kind_of(const mig_state *st, const mig_process *p)
{
	const gpu_rec *g = p && p->gpu < st->ngpu ? &st->gpu[p->gpu] : NULL;

	if (g && g->mig_current && p->gi == MIG_NONE)
		return MIG_PROCESS_GRAPHICS;
	return MIG_PROCESS_COMPUTE;
}

/*
 * SM activity of one MIG device, or of the whole GPU (gi MIG_NONE, MIG off),
 * in thousandths: the sum of its compute processes' shares, at most all of
 * it.  A process without a load keeps it all busy while it holds memory.
 */
static unsigned device_activity(const mig_state *st, unsigned gpu, unsigned gi, unsigned ci)
{
	unsigned sum = 0;

	for (size_t i = 0; i < st->nproc && sum < 1000; i++) {
		const mig_process *p = &st->proc[i];
		mig_load_point pt;

		if (p->gpu != gpu || mig_process_kind_of(st, p) != MIG_PROCESS_COMPUTE ||
		    (gi != MIG_NONE && (p->gi != gi || p->ci != ci)))
			continue;
		mig__process_sample(&pt, st, p);
		sum += (unsigned)(pt.sm_active * 1000 + 0.5);
	}
	return sum < 1000 ? sum : 1000;
}

/* Busy SMs, in thousandths, out of *total SMs: the load on the whole GPU. */
static unsigned long long busy_sms(const mig_state *st, unsigned gpu, unsigned *total)
{
	gpu_rec *g = &st->gpu[gpu];
	unsigned long long busy = 0;

	*total = gpu_sms(g);
	if (!g->mig_current)
		return (unsigned long long)device_activity(st, gpu, MIG_NONE, MIG_NONE) * *total;
	for (unsigned i = 0; i < g->ngi; i++)
		for (unsigned k = 0; k < g->gi[i].nci; k++)
			busy += (unsigned long long)device_activity(st, gpu, g->gi[i].id,
								    g->gi[i].ci[k].id) *
				ci_sms(g, g->gi[i].id, g->gi[i].ci[k].id);
	return busy < *total * 1000ull ? busy : *total * 1000ull;
}

/* idle + (busy - idle) * num / den, rounded to nearest (den 0: idle). */
static unsigned lerp(unsigned idle, unsigned busy, unsigned long long num,
		     unsigned long long den)
{
	long long d = (long long)busy - (long long)idle;

	if (den == 0 || num == 0)
		return idle;
	return (unsigned)((long long)idle +
			  (d * (long long)num + (d >= 0 ? (long long)den / 2 : -(long long)den / 2)) /
				  (long long)den);
}

/* Memory ---------------------------------------------------------------------- */

static unsigned long long kib_to_mib(unsigned long long kib)
{
	return (kib + 512) / 1024;
}

/* Memory a GI's MIG devices use, in KiB: its reservation and its processes. */
static unsigned long long gi_used_kib(const mig_state *st, unsigned gpu, const gi_rec *r,
				      const reserve_row *res)
{
	unsigned long long kib = (unsigned long long)res->slice_kib * r->profile->slices;

	for (size_t i = 0; i < st->nproc; i++) {
		const mig_process *p = &st->proc[i];

		unsigned long long mib = p->gpu == gpu && p->gi == r->id ? mig__process_mib(st, p) : 0;

		if (mib)
			kib += mib * 1024 + res->context_kib;
	}
	return kib;
}

static unsigned long long gpu_used_kib(const mig_state *st, unsigned gpu, const reserve_row *res)
{
	const gpu_rec *g = &st->gpu[gpu];
	unsigned long long kib = g->mig_current ? res->mig_kib : res->gpu_kib;

	if (g->mig_current)
		for (unsigned i = 0; i < g->ngi; i++)
			kib += gi_used_kib(st, gpu, &g->gi[i], res);
	for (size_t i = 0; i < st->nproc; i++) {
		const mig_process *p = &st->proc[i];

		unsigned long long mib;

		if (p->gpu != gpu || (g->mig_current && p->gi != MIG_NONE))
			continue;
		mib = mig__process_mib(st, p);
		kib += mib * 1024;
		if (mig_process_kind_of(st, p) == MIG_PROCESS_COMPUTE && mib)
			kib += res->context_kib;
	}
	return kib;
}

static unsigned long long total_mib(const gpu_rec *g, const reserve_row *res)
{
	return res->total_mib ? res->total_mib : g->model->memory_mib;
}

/*
 * A process with a load holds what its load says now, at most its
 * instance's memory (a real job would fail to allocate more); one without
 * holds what its record says.
 */
unsigned long long mig__process_mib(const mig_state *st, const mig_process *p)
{
	gpu_rec *g = p->gpu < st->ngpu ? &st->gpu[p->gpu] : NULL;
	gi_rec *r = g && g->mig_current && p->gi != MIG_NONE ? mig__gi(g, p->gi) : NULL;
	unsigned long long bound;
	mig_load_point pt;

	if (!mig__process_sample(&pt, st, p) || !g)
		return pt.mem_mib;
	bound = r ? r->profile->mib : total_mib(g, reserve_of(g->model, g->drv));
	return pt.mem_mib < bound ? pt.mem_mib : bound;
}

/* The calls --------------------------------------------------------------------- */

int mig_gpu_telemetry(mig_gpu_telemetry_info *out, const mig_state *st, unsigned gpu)
{
	gpu_rec *g = out ? mig__gpu(st, gpu) : NULL;
	const board_row *b;
	const reserve_row *res;
	unsigned long long busy, den;
	unsigned total;

	if (!g)
		return out ? MIG_ERROR_INVALID_ARGUMENT
			   : mig__fail(MIG_ERROR_INVALID_ARGUMENT, "telemetry: no output given");
	b = board_of(g->model);
	res = reserve_of(g->model, g->drv);
	busy = busy_sms(st, gpu, &total);
	den = total * 1000ull;
	memset(out, 0, sizeof(*out));
	gpu_name(out->name, sizeof(out->name), g);
	snprintf(out->cuda_version, sizeof(out->cuda_version), "%s", cuda_of(g->drv));
	out->persistence_mode = !g->persistence_off;
	out->ecc_mode = b->ecc;
	out->display_active = 0;
	out->compute_mode = 0;
	out->fan_percent = b->fan_idle == MIG_NA ? MIG_NA : lerp(b->fan_idle, b->fan_busy, busy, den);
	out->temperature_c = lerp(b->idle_c, b->busy_c, busy, den);
	out->perf_state = busy ? 0 : b->idle_pstate;
	out->power_draw_mw = lerp(b->idle_mw, b->busy_mw, busy, den);
	out->power_limit_mw = b->limit_w * 1000;
	/* §smi-11.2: no GPU-Util while MIG is (currently) enabled */
	out->gpu_util_percent = g->mig_current ? MIG_NA : lerp(0, 100, busy, den);
	out->sm_active = mig__backend_fixed(st) ? -1 : den ? (double)busy / (double)den : 0;
	out->ecc_errors = 0;
	out->memory_total_mib = total_mib(g, res);
	out->memory_used_mib = kib_to_mib(gpu_used_kib(st, gpu, res));
	if (out->memory_used_mib > out->memory_total_mib)
		out->memory_used_mib = out->memory_total_mib;
	out->memory_free_mib = out->memory_total_mib - out->memory_used_mib;
	out->bar1_total_mib = b->bar1_mib;
	out->bar1_used_mib = 0;
	/* A GPU read through the driver reports what the driver measured. */
	if (st->ops && st->ops->telemetry)
		st->ops->telemetry(st, gpu, out);
	return MIG_SUCCESS;
}

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int mig_device_telemetry(mig_device_telemetry_info *out, const mig_state *st, unsigned gpu,
			 unsigned gi, unsigned ci)
{
	gpu_rec *g = out ? mig__gpu(st, gpu) : NULL;
	const board_row *b;
	const reserve_row *res;
	mig_ci_profile_info cp;
	const ci_rec *c;
	gi_rec *r;
	unsigned slices;
	char name[96], uuid[48];

	if (!g)
		return out ? MIG_ERROR_INVALID_ARGUMENT
			   : mig__fail(MIG_ERROR_INVALID_ARGUMENT, "telemetry: no output given");
	r = g->mig_current ? mig__gi(g, gi) : NULL;
	c = r ? find_ci(r, ci) : NULL;
	if (!c || mig__ci_profile(&cp, r->profile, c->profile))
		return mig__fail(MIG_ERROR_NOT_FOUND,
				 "telemetry: GPU %u has no MIG device with GPU instance %u and compute instance %u",
				 gpu, gi, ci);
	b = board_of(g->model);
	res = reserve_of(g->model, g->drv);
	memset(out, 0, sizeof(*out));
	gpu_name(name, sizeof(name), g);
	snprintf(out->name, sizeof(out->name), "%s MIG %s", name, cp.name);
	/* UUID style is NVML's: /gi/ci paths up to R460 (§smi-10) */
	mig__device_uuid(uuid, g, gi, ci);
	if (g->drv < MIG_DRV(470, 0, 0))
		snprintf(out->uuid, sizeof(out->uuid), "MIG-%s/%u/%u", g->uuid, gi, ci);
	else
		snprintf(out->uuid, sizeof(out->uuid), "%s", uuid);
	slices = popcount32(mig__gi_slot_mask(g->model, r->profile, r->start));
	out->memory_total_mib = r->profile->mib;
	if (res->low_gi_extra_mib && r->start == 0 && slices < g->model->mem_slots)
		out->memory_total_mib += res->low_gi_extra_mib;
	out->memory_used_mib = kib_to_mib(gi_used_kib(st, gpu, r, res));
	if (out->memory_used_mib > out->memory_total_mib)
		out->memory_used_mib = out->memory_total_mib;
	if (g->drv >= MIG_DRV(580, 0, 0)) {
		unsigned long long share = b->bar1_mig_mib ? b->bar1_mig_mib
							   : g->model->memory_mib * 6ull / 10;

		out->bar1_total_mib = share * slices / g->model->mem_slots;
	} else {
		/* the aperture's share, less one: 32767 MiB for half of 64 GiB */
		out->bar1_total_mib = (unsigned long long)b->bar1_mib * slices / g->model->mem_slots - 1;
	}
	out->bar1_used_mib = 0;
	out->ecc_errors = 0;
	out->sm_active = mig__backend_fixed(st) ? -1 : device_activity(st, gpu, gi, ci) / 1000.0;
	return MIG_SUCCESS;
}
