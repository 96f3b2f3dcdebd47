/*
 * nvml_snapshot.c - a mig_state built from what the driver answers.
 *
 * Every figure comes from NVML where NVML has it: GI profiles (turned into
 * a model of this GPU, so a board or driver the catalog lacks is still
 * exact), placements, GIs, CIs, the CI profiles inside each GI, MIG device
 * UUIDs, processes, and the driver's Free counts.  The catalog fills in
 * only what NVML cannot say: the GI profiles while MIG is disabled (NVML
 * answers NOT_SUPPORTED then, §nvml-A.7) and the shape of the memory
 * tree of a board it knows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynmodel.h"
#include "error.h"
#include "nvml_api.h"
#include "node_hooks.h"
#include "nvml_backend.h"
#include "state.h"

#define MAX_LIST 32 /* more GIs/CIs/placements than any profile can have */

int mig__nvml_fail(int rc, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return mig__fail(rc, "%s: the driver answered: %s", what, mig_strerror(rc));
}

/* Copy a driver string into a field, cut to fit (the driver's buffers are larger). */
static void copy_text(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "MIG 3g.40gb" -> "3g.40gb" (libmig's profile names carry no prefix). */
static void profile_name(char *out, size_t len, const char *nvml_name)
{
	copy_text(out, len, mig_profile_name_bare(nvml_name));
}

/* A profile index NVML does not offer on this board (§nvml-A.3). */
static int absent(nv_return rc)
{
	return rc == NV_ERROR_NOT_SUPPORTED || rc == NV_ERROR_INVALID_ARGUMENT;
}

static unsigned gcd(unsigned a, unsigned b)
{
	while (b) {
		unsigned t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Placements ---------------------------------------------------------------- */

static uint32_t placement_mask(const nv_placement *list, unsigned n, unsigned *size)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < n && i < MAX_LIST; i++) {
		if (list[i].start < 16)
			mask |= 1u << list[i].start;
		*size = list[i].size;
	}
	return mask;
}

static nv_return gi_placements(struct mig_nvml *nv, nv_device dev, cat_gi *r)
{
	nv_placement list[MAX_LIST];
	unsigned n = MAX_LIST, size = 0;
	nv_return rc;

	if (!nv->gi_placements)
		return NV_ERROR_NOT_SUPPORTED;
	/* count is an output (§nvml-A.6); the buffer holds any profile's list. */
	rc = nv->gi_placements(dev, r->id, list, &n);
	if (rc)
		return rc;
	r->starts = (uint16_t)placement_mask(list, n, &size);
	r->size = (uint8_t)size;
	return NV_SUCCESS;
}

/* GI profiles ----------------------------------------------------------------- */

#define ROW_ABSENT (-1)

/* Row `idx` as the driver reports it; ROW_ABSENT when the board lacks that index. */
static int driver_row(struct mig_nvml *nv, nv_device dev, unsigned idx, cat_gi *r, char *name,
		      size_t name_len, const mig_model *cat)
{
	nv_return rc;

	memset(r, 0, sizeof(*r));
	if (nv->gi_profile_v) {
		nv_gi_profile_v2 info;

		memset(&info, 0, sizeof(info));
		info.version = (unsigned)NV_GI_PROFILE_V2_VERSION;
		rc = nv->gi_profile_v(dev, idx, &info);
		if (absent(rc))
			return ROW_ABSENT;
		if (rc)
			return mig__nvml_fail(rc, "reading GI profile %u", idx);
		info.name[sizeof(info.name) - 1] = '\0';
		profile_name(name, name_len, info.name);
		r->id = (uint16_t)info.id;
		r->total = (uint8_t)info.instances;
		r->mib = (uint32_t)info.memory_mb;
		r->slices = (uint8_t)info.slices;
		r->sm = (uint16_t)info.sm;
		r->ce = (uint8_t)info.ce;
		r->dec = (uint8_t)info.dec;
		r->enc = (uint8_t)info.enc;
		r->jpeg = (uint8_t)info.jpeg;
		r->ofa = (uint8_t)info.ofa;
	} else if (nv->gi_profile_v1) {
		nv_gi_profile_v1 info;
		const mig_gi_profile *same = NULL;

		memset(&info, 0, sizeof(info));
		rc = nv->gi_profile_v1(dev, idx, &info);
		if (absent(rc))
			return ROW_ABSENT;
		if (rc)
			return mig__nvml_fail(rc, "reading GI profile %u", idx);
		/* The v1 struct has no name: the catalog's, else nvidia-smi's form. */
		if (cat) {
			const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
			size_t n = 0;

			if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, cat, NULL) != MIG_SUCCESS)
				n = 0;

			for (size_t i = 0; i < n && i < MIG_MAX_GI_PROFILES; i++)
				if (list[i]->id == info.id)
					same = list[i];
		}
		if (same)
			snprintf(name, name_len, "%s", same->name);
		else
			snprintf(name, name_len, "%ug.%llugb", info.slices,
				 (info.memory_mb + 512) / 1024);
		r->id = (uint16_t)info.id;
		r->total = (uint8_t)info.instances;
		r->mib = (uint32_t)info.memory_mb;
		r->slices = (uint8_t)info.slices;
		r->sm = (uint16_t)info.sm;
		r->ce = (uint8_t)info.ce;
		r->dec = (uint8_t)info.dec;
		r->enc = (uint8_t)info.enc;
		r->jpeg = (uint8_t)info.jpeg;
		r->ofa = (uint8_t)info.ofa;
	} else {
		return ROW_ABSENT;
	}
	r->nvml = (uint8_t)idx;
	r->name = name;
	r->note = "reported by the driver (NVML)";
	rc = gi_placements(nv, dev, r);
	if (rc && !absent(rc))
		return mig__nvml_fail(rc, "reading the placements of GI profile %u", r->id);
	return MIG_SUCCESS;
}

/* The model's rows from the driver; returns how many, or -1 with mig_errmsg set. */
static int driver_rows(struct mig_nvml *nv, nv_device dev, mig_dyn_model *d, const mig_model *cat,
		       int *err)
{
	unsigned n = 0;

	for (unsigned idx = 0; idx < NV_GI_PROFILE_COUNT && n < MIG_MAX_GI_PROFILES - 1; idx++) {
		int rc = driver_row(nv, dev, idx, &d->m.gi[n], d->gi_name[n], sizeof(d->gi_name[n]),
				    cat);

		if (rc == ROW_ABSENT)
			continue;
		if (rc) {
			*err = rc;
			return -1;
		}
		n++;
	}
	return (int)n;
}

/* The catalog's rows for this board under this driver (MIG disabled). */
static unsigned catalog_rows(mig_dyn_model *d, const mig_model *cat, const char *driver)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, cat, driver) != MIG_SUCCESS)
		n = 0;

	if (n == 0)
		if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, cat, NULL) != MIG_SUCCESS)
			n = 0;
	if (n > MIG_MAX_GI_PROFILES - 1)
		n = MIG_MAX_GI_PROFILES - 1;
	for (size_t i = 0; i < n; i++) {
		d->m.gi[i] = *list[i];
		snprintf(d->gi_name[i], sizeof(d->gi_name[i]), "%s", list[i]->name);
	}
	return (unsigned)n;
}

/* Memory-tree shape from the placements: units, and slices as their gcd. */
static void tree_shape(mig_dyn_model *d, unsigned nrows, const mig_model *cat)
{
	unsigned units = 0, step = 0;

	for (unsigned i = 0; i < nrows; i++) {
		const cat_gi *r = &d->m.gi[i];

		for (unsigned s = 0; s < 16; s++) {
			if (!(r->starts & (1u << s)))
				continue;
			if (s + r->size > units)
				units = s + r->size;
			step = gcd(step, s);
		}
		step = gcd(step, r->size);
	}
	if (cat && (!units || units == mig_model_placement_units(cat))) {
		d->m.units = (uint8_t)mig_model_placement_units(cat);
		d->m.mem_slots = cat->mem_slots;
	} else if (units && step) {
		d->m.units = (uint8_t)units;
		d->m.mem_slots = (uint8_t)(units / step);
	} else {
		d->m.units = d->m.mem_slots = 8;
	}
}

/* CI profiles ----------------------------------------------------------------- */

/* CI starts when the driver cannot list them: the catalog's rule (§geometry-1.7). */
static uint32_t ci_rule_starts(unsigned c, unsigned g, unsigned *count)
{
	unsigned align = 1;
	uint32_t mask = 0;

	*count = 0;
	while (align < c)
		align <<= 1;
	for (unsigned s = 0; c && s + c <= g; s += align) {
		mask |= 1u << s;
		(*count)++;
	}
	return mask;
}

int mig__nvml_ci_table(struct mig_nvml *nv, nv_gi gi, mig_ci_table *t)
{
	unsigned gslices = 0;

	memset(t, 0, sizeof(*t));
	for (unsigned idx = 0; idx < NV_CI_PROFILE_COUNT && t->n < MIG_MAX_CI_PROFILES; idx++) {
		mig_ci_profile_info *e = &t->ci[t->n];
		nv_return rc;

		memset(e, 0, sizeof(*e));
		if (nv->ci_profile_v) {
			nv_ci_profile_v2 info;

			memset(&info, 0, sizeof(info));
			info.version = (unsigned)NV_CI_PROFILE_V2_VERSION;
			rc = nv->ci_profile_v(gi, idx, NV_CI_ENGINE_SHARED, &info);
			if (absent(rc))
				continue;
			if (rc)
				return mig__nvml_fail(rc, "reading CI profile %u", idx);
			info.name[sizeof(info.name) - 1] = '\0';
			profile_name(e->name, sizeof(e->name), info.name);
			e->id = info.id;
			e->slices = info.slices;
			e->instance_count = info.instances;
			e->sm = info.sm;
		} else if (nv->ci_profile_v1) {
			nv_ci_profile_v1 info;

			memset(&info, 0, sizeof(info));
			rc = nv->ci_profile_v1(gi, idx, NV_CI_ENGINE_SHARED, &info);
			if (absent(rc))
				continue;
			if (rc)
				return mig__nvml_fail(rc, "reading CI profile %u", idx);
			snprintf(e->name, sizeof(e->name), "%uc", info.slices);
			e->id = info.id;
			e->slices = info.slices;
			e->instance_count = info.instances;
			e->sm = info.sm;
		} else {
			return MIG_ERROR_FUNCTION_NOT_FOUND;
		}
		if (e->id >= MIG_MAX_CI_PROFILES)
			continue; /* beyond what libmig can address */
		if (e->slices > gslices)
			gslices = e->slices;
		t->n++;
	}
	for (unsigned i = 0; i < t->n; i++) {
		mig_ci_profile_info *e = &t->ci[i];
		nv_placement list[MAX_LIST];
		unsigned n = MAX_LIST, size = 0, count;

		if (nv->ci_placements && nv->ci_placements(gi, e->id, list, &n) == NV_SUCCESS)
			e->placements = placement_mask(list, n, &size);
		else
			e->placements = ci_rule_starts(e->slices, gslices, &count);
	}
	/*
	 * The default CI (-lcip's `*`) fills the GI; where two profiles do
	 * (Hopper's double-memory 1g: CI profiles 0 and 7), the catalog takes
	 * the later one (§geometry-1.7), and so does this.
	 */
	for (unsigned i = t->n; i-- > 0;) {
		if (t->ci[i].slices == gslices) {
			t->ci[i].is_default = 1;
			break;
		}
	}
	/* CI ID order, as mig_ci_profiles promises. */
	for (unsigned i = 1; i < t->n; i++) {
		mig_ci_profile_info x = t->ci[i];
		unsigned j;

		for (j = i; j > 0 && t->ci[j - 1].id > x.id; j--)
			t->ci[j] = t->ci[j - 1];
		t->ci[j] = x;
	}
	return MIG_SUCCESS;
}

/* MIG device UUIDs ------------------------------------------------------------ */

static void pin(gpu_rec *g, unsigned gi, unsigned ci, const char *uuid)
{
	unsigned i;

	if (gi > 14 || ci >= MIG_MAX_CIS || !mig__uuid_valid(uuid, "MIG-"))
		return; /* pre-R470 "MIG-GPU-..." identifiers keep the derived UUID */
	for (i = 0; i < g->npin && !(g->pin[i].gi == gi && g->pin[i].ci == ci); i++)
		;
	if (i == MIG_MAX_PINS)
		return;
	if (i == g->npin)
		g->npin++;
	g->pin[i].gi = (uint8_t)gi;
	g->pin[i].ci = (uint8_t)ci;
	copy_text(g->pin[i].uuid, sizeof(g->pin[i].uuid), uuid);
}

/* Walk the MIG device handles of a GPU: the ones with (gi, ci) ids, or all (gi == MIG_NONE). */
static void pin_uuids(struct mig_nvml *nv, nv_device dev, gpu_rec *g, unsigned want_gi,
		      unsigned want_ci)
{
	unsigned max = 0;

	if (!nv->max_mig_devices || !nv->mig_handle || !nv->mig_gi_id || !nv->mig_ci_id)
		return;
	if (nv->max_mig_devices(dev, &max) != NV_SUCCESS)
		return;
	if (max > 64)
		max = 64;
	for (unsigned i = 0; i < max; i++) {
		char uuid[NV_UUID_V2_SIZE];
		unsigned gi, ci;
		nv_device mig;

		if (nv->mig_handle(dev, i, &mig) != NV_SUCCESS ||
		    nv->mig_gi_id(mig, &gi) != NV_SUCCESS || nv->mig_ci_id(mig, &ci) != NV_SUCCESS)
			continue;
		if (want_gi != MIG_NONE && (gi != want_gi || ci != want_ci))
			continue;
		if (nv->uuid(mig, uuid, sizeof(uuid)) == NV_SUCCESS) {
			uuid[sizeof(uuid) - 1] = '\0';
			pin(g, gi, ci, uuid);
		}
	}
}

void mig__nvml_pin_uuid(struct mig_nvml *nv, nv_device dev, gpu_rec *g, unsigned gi, unsigned ci)
{
	pin_uuids(nv, dev, g, gi, ci);
}

/* GIs and CIs ------------------------------------------------------------------ */

static int find_row(const mig_dyn_model *d, unsigned profile_id)
{
	for (int i = 0; i < MIG_MAX_GI_PROFILES && d->m.gi[i].name; i++)
		if (d->m.gi[i].id == profile_id)
			return i;
	return -1;
}

static int read_cis(struct mig_nvml *nv, nv_gi handle, mig_dyn_model *d, gi_rec *r)
{
	mig_ci_profile_info table[MIG_MAX_CI_PROFILES];
	size_t n = 0;

	if (mig_gi_profile_ci_profiles(table, MIG_MAX_CI_PROFILES, &n, r->profile) != MIG_SUCCESS)
		n = 0;

	if (n > MIG_MAX_CI_PROFILES)
		n = MIG_MAX_CI_PROFILES;
	for (size_t k = 0; k < n; k++) {
		const mig_ci_profile_info *cp = &table[k];
		nv_ci list[MAX_LIST];
		unsigned count = MAX_LIST;
		nv_return rc;

		if (nv->ci_remaining && r->id < MIG_MAX_GI_ID && cp->id < MIG_MAX_CI_PROFILES) {
			unsigned left = 0;
			mig_drv_count *f = &d->ci_free[r->id][cp->id];

			rc = nv->ci_remaining(handle, cp->id, &left);
			f->known = 1;
			f->rc = (uint16_t)rc;
			f->n = (uint8_t)left;
		}
		if (!nv->ci_list)
			continue;
		rc = nv->ci_list(handle, cp->id, list, &count);
		if (absent(rc))
			continue;
		if (rc)
			return mig__nvml_fail(rc, "listing the compute instances of GPU instance %u",
					      r->id);
		for (unsigned j = 0; j < count && j < MAX_LIST; j++) {
			nv_ci_info info;
			int dup = 0;

			memset(&info, 0, sizeof(info));
			if (!nv->ci_info || (rc = nv->ci_info(list[j], &info)) != NV_SUCCESS)
				return mig__nvml_fail(nv->ci_info ? rc : MIG_ERROR_FUNCTION_NOT_FOUND,
						      "reading a compute instance of GPU instance %u",
						      r->id);
			for (unsigned c = 0; c < r->nci; c++)
				dup |= r->ci[c].id == info.id;
			if (dup)
				continue;
			if (r->nci >= MIG_MAX_CIS || info.id >= MIG_MAX_CIS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "GPU instance %u: the driver reports compute instance %u, more than libmig holds (%d)",
						 r->id, info.id, MIG_MAX_CIS);
			/* The v1 call has no placement: put it where the rule would. */
			if (nv->ci_info_v1)
				info.placement.start = 0;
			mig__ci_insert(r, info.id, cp, info.placement.start);
		}
	}
	return MIG_SUCCESS;
}

static int read_gis(struct mig_nvml *nv, nv_device dev, gpu_rec *g, mig_dyn_model *d)
{

	for (int row = 0; row < MIG_MAX_GI_PROFILES && d->m.gi[row].name; row++) {
		nv_gi list[MAX_LIST];
		unsigned count = MAX_LIST;
		nv_return rc;

		if (nv->gi_remaining) {
			unsigned left = 0;

			rc = nv->gi_remaining(dev, d->m.gi[row].id, &left);
			d->gi_free[row].known = 1;
			d->gi_free[row].rc = (uint16_t)rc;
			d->gi_free[row].n = (uint8_t)left;
		}
		if (!nv->gi_list)
			continue;
		rc = nv->gi_list(dev, d->m.gi[row].id, list, &count);
		if (absent(rc))
			continue;
		if (rc)
			return mig__nvml_fail(rc, "listing the GPU instances of profile %u",
					      d->m.gi[row].id);
		for (unsigned k = 0; k < count && k < MAX_LIST; k++) {
			nv_gi_info info;
			int at;
			gi_rec *r;

			memset(&info, 0, sizeof(info));
			if (!nv->gi_info || (rc = nv->gi_info(list[k], &info)) != NV_SUCCESS)
				return mig__nvml_fail(nv->gi_info ? rc : MIG_ERROR_FUNCTION_NOT_FOUND,
						      "reading a GPU instance of profile %u",
						      d->m.gi[row].id);
			if (mig__gi(g, info.id))
				continue;
			at = find_row(d, info.profile_id);
			if (at < 0)
				at = row;
			if (g->ngi >= MIG_MAX_GIS)
				return mig__fail(MIG_ERROR_NOT_SUPPORTED,
						 "the driver reports more than %d GPU instances on one GPU",
						 MIG_MAX_GIS);
			if (!d->has_ci[at] && mig__nvml_ci_table(nv, list[k], &d->ci[at]) == MIG_SUCCESS)
				d->has_ci[at] = d->ci[at].n > 0;
			r = mig__gi_insert(g, info.id, &d->m.gi[at], info.placement.start);
			if ((rc = read_cis(nv, list[k], d, r)))
				return rc;
		}
	}
	return MIG_SUCCESS;
}

/* A board whose GI IDs all name the other half's tree node (§geometry-1.5). */
static void infer_mirrored(gpu_rec *g)
{
	unsigned u = g->model->mem_slots ? g->model->units / g->model->mem_slots : 0;
	int canonical = 1, mirrored = 1;

	if (!g->ngi || !u)
		return;
	for (unsigned i = 0; i < g->ngi; i++) {
		const cat_gi *p = g->gi[i].profile;

		if (p->size < u || p->size % u)
			return;
		g->mirrored = 0;
		canonical &= mig__gi_id_for(g, p, g->gi[i].start) == g->gi[i].id;
		g->mirrored = 1;
		mirrored &= mig__gi_id_for(g, p, g->gi[i].start) == g->gi[i].id;
	}
	g->mirrored = !canonical && mirrored;
}

/* Sensors ------------------------------------------------------------------------- */

/*
 * The figures NVML gives beside the layout, for mig_gpu_telemetry
 * (mig__dyn_telemetry).  A figure the driver does not answer keeps the
 * model's; utilization the driver has none of (MIG enabled) is MIG_NA.
 */
static void read_sensors(struct mig_nvml *nv, nv_device dev, const nv_memory *mem, int have_mem,
			 mig_dyn_model *d)
{
	nv_utilization util;
	unsigned v;
	nv_return rc;

	if (have_mem) {
		d->tele.memory_total_mib = mem->total >> 20;
		d->tele.memory_used_mib = mem->used >> 20;
		d->tele.memory_free_mib = mem->free >> 20;
		d->tele_known |= MIG_TELE_MEMORY;
	}
	if (nv->utilization) {
		rc = nv->utilization(dev, &util);
		if (rc == NV_SUCCESS || rc == NV_ERROR_NOT_SUPPORTED) {
			d->tele.gpu_util_percent = rc == NV_SUCCESS ? util.gpu : MIG_NA;
			d->tele_known |= MIG_TELE_UTIL;
		}
	}
	if (nv->power_usage && nv->power_usage(dev, &v) == NV_SUCCESS) {
		d->tele.power_draw_mw = v;
		d->tele_known |= MIG_TELE_POWER;
	}
	if (nv->power_limit && nv->power_limit(dev, &v) == NV_SUCCESS) {
		d->tele.power_limit_mw = v;
		d->tele_known |= MIG_TELE_LIMIT;
	}
	if (nv->temperature && nv->temperature(dev, 0 /* NVML_TEMPERATURE_GPU */, &v) == NV_SUCCESS) {
		d->tele.temperature_c = v;
		d->tele_known |= MIG_TELE_TEMP;
	}
}

/* One GPU ------------------------------------------------------------------------ */

static unsigned max_slices(const mig_dyn_model *d)
{
	unsigned m = 0;

	for (int i = 0; i < MIG_MAX_GI_PROFILES && d->m.gi[i].name; i++)
		if (d->m.gi[i].slices > m)
			m = d->m.gi[i].slices;
	return m;
}

static mig_arch arch_of(struct mig_nvml *nv, nv_device dev, const mig_dyn_model *d)
{
	unsigned a = 0;

	if (!nv->architecture || nv->architecture(dev, &a) != NV_SUCCESS)
		return (mig_arch)0;
	switch (a) {
	case NV_ARCH_AMPERE: return MIG_ARCH_AMPERE;
	case NV_ARCH_HOPPER: return MIG_ARCH_HOPPER;
	/* GB202 (RTX PRO 6000) has the 12-unit placement axis; GB100 has 8. */
	case NV_ARCH_BLACKWELL: return d->m.units == 12 ? MIG_ARCH_BLACKWELL_RTX : MIG_ARCH_BLACKWELL;
	default: return (mig_arch)0;
	}
}

/*
 * The GPU's model from the driver's answers: the catalog's row for its PCI
 * device id where there is one, the driver's profiles where MIG is on.
 */
static int build_model(struct mig_nvml *nv, nv_device dev, mig_dyn_model *d,
		       const nv_pci_info *pci, const char *driver, int capable, unsigned cur)
{
	const mig_model *cat;
	nv_memory mem;
	char id[16];
	int rows = 0, have_mem, rc = MIG_SUCCESS;

	d->m.pci_device = (uint16_t)(pci->pci_device_id >> 16);
	snprintf(id, sizeof(id), "0x%04X", (unsigned)d->m.pci_device);
	cat = mig_catalog_find(id);
	snprintf(d->key, sizeof(d->key), "%s", cat ? mig_model_key(cat) : "");
	if (!cat)
		snprintf(d->key, sizeof(d->key), "NVML-%s", id);
	copy_text(d->driver, sizeof(d->driver), driver);
	memset(&mem, 0, sizeof(mem));
	have_mem = nv->memory_info(dev, &mem) == NV_SUCCESS && mem.total;
	if (have_mem)
		d->m.memory_mib = (uint32_t)(mem.total >> 20);
	else if (cat)
		d->m.memory_mib = mig_model_memory_mib(cat);
	read_sensors(nv, dev, &mem, have_mem, d);
	d->m.note = cat ? "built from the driver's answers (NVML); board known to the catalog"
			: "built from the driver's answers (NVML); board unknown to the catalog";

	if (capable && cur) {
		rows = driver_rows(nv, dev, d, cat, &rc);
		if (rows < 0)
			return rc;
	}
	if (capable && rows == 0 && cat)
		rows = (int)catalog_rows(d, cat, driver);
	mig__dyn_link(d);
	tree_shape(d, (unsigned)rows, cat);
	d->m.arch = (uint8_t)(cat ? mig_model_arch(cat) : arch_of(nv, dev, d));
	if (cat)
		d->m.max_mig_devices = (uint8_t)mig_model_max_mig_devices(cat);
	else
		d->m.max_mig_devices = (uint8_t)max_slices(d);
	return MIG_SUCCESS;
}

/* The GPU record's identity and modes: driver, serial, bus id, UUID, reset policy, persistence. */
static void gpu_identity(struct mig_nvml *nv, nv_device dev, gpu_rec *g, const nv_pci_info *pci,
			 const char *uuid, const char *driver)
{
	char serial[NV_SERIAL_SIZE + 2];
	unsigned mode = 0;

	copy_text(g->driver, sizeof(g->driver), driver);
	if (mig_driver_parse(&g->drv, driver) != MIG_SUCCESS)
		g->drv = 0;
	serial[0] = '\0';
	if (nv->serial && nv->serial(dev, serial, sizeof(serial)) == NV_SUCCESS)
		serial[sizeof(serial) - 1] = '\0';
	else
		snprintf(serial, sizeof(serial), "N/A");
	copy_text(g->serial, sizeof(g->serial), serial);
	if (pci->bus_id[0])
		copy_text(g->bus_id, sizeof(g->bus_id), pci->bus_id);
	else
		snprintf(g->bus_id, sizeof(g->bus_id), "%08X:%02X:%02X.0", pci->domain, pci->bus,
			 pci->device);
	copy_text(g->uuid, sizeof(g->uuid), uuid);
	if (nv->virtualization_mode && nv->virtualization_mode(dev, &mode) == NV_SUCCESS &&
	    mode == NV_VIRT_PASSTHROUGH)
		g->reset = MIG_RESET_REQUIRED_VM;
	/* nvmlEnableState_t; a driver that cannot say leaves the default (on). */
	if (nv->persistence_mode && nv->persistence_mode(dev, &mode) == NV_SUCCESS)
		g->persistence_off = mode == 0;
}

unsigned long mig__nvml_gpu_reads;

int mig__nvml_read_gpu(struct mig_nvml *nv, mig_state *st, unsigned index, const char *driver,
		       gpu_rec *g)
{
	char uuid[NV_UUID_V2_SIZE];
	unsigned cur = 0, pend = 0;
	mig_dyn_model *d;
	nv_pci_info pci;
	nv_device dev;
	int capable = 1, rc = MIG_SUCCESS;

	__atomic_fetch_add(&mig__nvml_gpu_reads, 1, __ATOMIC_RELAXED);
	memset(g, 0, sizeof(*g));
	if ((rc = nv->handle_by_index(index, &dev)))
		return mig__nvml_fail(rc, "GPU %u", index);
	if (!(d = mig__dyn_new(st)))
		return MIG_ERROR_MEMORY;
	if ((rc = nv->name(dev, d->name, sizeof(d->name))))
		return mig__nvml_fail(rc, "reading the name of GPU %u", index);
	d->name[sizeof(d->name) - 1] = '\0';
	if ((rc = nv->uuid(dev, uuid, sizeof(uuid))))
		return mig__nvml_fail(rc, "reading the UUID of GPU %u", index);
	uuid[sizeof(uuid) - 1] = '\0';
	memset(&pci, 0, sizeof(pci));
	if ((rc = nv->pci_info(dev, &pci)))
		return mig__nvml_fail(rc, "reading the PCI id of GPU %u", index);
	pci.bus_id[sizeof(pci.bus_id) - 1] = '\0';
	rc = nv->mig_mode(dev, &cur, &pend);
	if (rc == NV_ERROR_NOT_SUPPORTED)
		capable = 0; /* not a MIG GPU: listed, so indices match NVML's */
	else if (rc)
		return mig__nvml_fail(rc, "reading the MIG mode of GPU %u", index);
	if ((rc = build_model(nv, dev, d, &pci, driver, capable, cur)))
		return rc;
	g->model = &d->m;
	gpu_identity(nv, dev, g, &pci, uuid, driver);
	g->mig_current = cur == 1;
	g->mig_pending = pend == 1;
	if (g->mig_current) {
		if ((rc = read_gis(nv, dev, g, d)))
			return rc;
		infer_mirrored(g);
		pin_uuids(nv, dev, g, MIG_NONE, MIG_NONE);
		d->free_valid = 1;
	}
	mig__real_ctx(st)->gpu[index] = d;
	return MIG_SUCCESS;
}

/* Processes ---------------------------------------------------------------------- */

static void add_process(mig_state *st, struct mig_nvml *nv, unsigned gpu, unsigned pid,
			unsigned long long bytes, unsigned gi, unsigned ci)
{
	char name[64];
	mig_process p;

	if (gi == NV_NO_INSTANCE || ci == NV_NO_INSTANCE)
		gi = ci = MIG_NONE;
	for (size_t i = 0; i < st->nproc; i++) {
		if (st->proc[i].pid != pid || st->proc[i].gpu != gpu)
			continue;
		/* Seen on the parent already; the MIG device says where it runs. */
		if (st->proc[i].gi == MIG_NONE && gi != MIG_NONE) {
			st->proc[i].gi = gi;
			st->proc[i].ci = ci;
		}
		return;
	}
	memset(&p, 0, sizeof(p));
	p.pid = pid;
	p.gpu = gpu;
	p.gi = gi;
	p.ci = ci;
	p.used_mib = bytes == NV_VALUE_NOT_AVAILABLE_ULL ? 0 : bytes >> 20;
	p.start_time = mig__pid_start_time(pid);
	name[0] = '\0';
	if (nv->process_name && nv->process_name(pid, name, sizeof(name)) == NV_SUCCESS)
		mig__copy_name(p.name, sizeof(p.name), name, strnlen(name, sizeof(name)));
	mig__process_append(st, &p);
}

typedef nv_return (*process_fn)(nv_device device, unsigned *count, void *infos);

/* Processes NVML reports on a device (the GPU, or one MIG device). */
static void read_process_list(mig_state *st, struct mig_nvml *nv, process_fn list, int v1,
			      unsigned gpu, nv_device dev, unsigned gi, unsigned ci)
{
	size_t entry = v1 ? sizeof(nv_process_v1) : sizeof(nv_process);
	unsigned cap = 64, count;
	char *buf = NULL;
	nv_return rc;

	do {
		char *grown = realloc(buf, (size_t)cap * entry);

		if (!grown)
			break;
		buf = grown;
		count = cap;
		rc = list(dev, &count, buf);
		if (rc == NV_ERROR_INSUFFICIENT_SIZE)
			cap = count > cap ? count : cap * 2;
	} while (rc == NV_ERROR_INSUFFICIENT_SIZE && cap <= 65536);
	/* Processes are what the driver shows this user; none is not an error. */
	if (buf && rc == NV_SUCCESS) {
		for (unsigned i = 0; i < count && i < cap; i++) {
			if (v1) {
				nv_process_v1 e;

				memcpy(&e, buf + i * entry, sizeof(e));
				add_process(st, nv, gpu, e.pid, e.used_memory, gi, ci);
			} else {
				nv_process e;

				memcpy(&e, buf + i * entry, sizeof(e));
				add_process(st, nv, gpu, e.pid, e.used_memory,
					    gi != MIG_NONE ? gi : e.gi, gi != MIG_NONE ? ci : e.ci);
			}
		}
	}
	free(buf);
}

static void read_processes(mig_state *st, struct mig_nvml *nv, unsigned gpu)
{
	unsigned max = 0;
	nv_device dev;

	if (nv->handle_by_index(gpu, &dev) != NV_SUCCESS)
		return;
	if (nv->processes)
		read_process_list(st, nv, nv->processes, nv->processes_v1, gpu, dev, MIG_NONE,
				  MIG_NONE);
	/*
	 * Graphics clients hold the whole GPU; libmig tells them apart by
	 * where they run (mig_process_kind_of), so they join the same list.
	 */
	if (nv->graphics_processes)
		read_process_list(st, nv, nv->graphics_processes, nv->graphics_processes_v1, gpu,
				  dev, MIG_NONE, MIG_NONE);
	if (!nv->processes || !st->gpu[gpu].mig_current || !nv->max_mig_devices || !nv->mig_handle ||
	    !nv->mig_gi_id || !nv->mig_ci_id || nv->max_mig_devices(dev, &max) != NV_SUCCESS)
		return;
	for (unsigned i = 0; i < max && i < 64; i++) {
		unsigned gi, ci;
		nv_device mig;

		if (nv->mig_handle(dev, i, &mig) == NV_SUCCESS &&
		    nv->mig_gi_id(mig, &gi) == NV_SUCCESS && nv->mig_ci_id(mig, &ci) == NV_SUCCESS)
			read_process_list(st, nv, nv->processes, nv->processes_v1, gpu, mig, gi, ci);
	}
}

/* The node ------------------------------------------------------------------------ */

int mig__nvml_snapshot(mig_state **out, mig_nvml *nv, int live)
{
	char driver[NV_DRIVER_VERSION_SIZE];
	mig_state *st;
	unsigned n = 0;
	int rc = mig_state_new(&st);

	if (rc)
		return rc;
	if ((rc = mig__real_attach(st)))
		goto fail;
	if ((rc = nv->driver_version(driver, sizeof(driver)))) {
		rc = mig__nvml_fail(rc, "reading the driver version");
		goto fail;
	}
	driver[sizeof(driver) - 1] = '\0';
	if ((rc = nv->device_count(&n))) {
		rc = mig__nvml_fail(rc, "counting GPUs");
		goto fail;
	}
	if (n > MIG_MAX_GPUS) {
		rc = mig__fail(MIG_ERROR_NOT_SUPPORTED, "the driver reports %u GPUs; libmig holds %d",
			       n, MIG_MAX_GPUS);
		goto fail;
	}
	if (n && !(st->gpu = calloc(n, sizeof(*st->gpu)))) {
		rc = mig__fail(MIG_ERROR_MEMORY, "reading GPUs: out of memory");
		goto fail;
	}
	for (unsigned i = 0; i < n; i++) {
		if ((rc = mig__nvml_read_gpu(nv, st, i, driver, &st->gpu[i])))
			goto fail;
		st->ngpu = i + 1;
	}
	for (unsigned i = 0; i < n; i++)
		read_processes(st, nv, i);
	if (live) {
		st->ops = &mig__nvml_live_ops;
		mig__real_ctx(st)->nv = nv;
	}
	*out = st;
	return MIG_SUCCESS;
fail:
	mig_state_free(st);
	return rc;
}
