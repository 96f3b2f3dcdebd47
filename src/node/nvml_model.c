/*
 * nvml_model.c - a GPU's model (mig_dyn_model) from what the driver answers.
 *
 * The GI profiles NVML reports, with their placements, turned into a model
 * of this GPU, so that a board or driver the catalog lacks is still exact;
 * the catalog fills in only what NVML cannot say: the GI profiles while MIG
 * is disabled (NVML answers NOT_SUPPORTED then, §nvml-A.7) and the shape of
 * the memory tree of a board it knows.  Also the CI profiles inside a GI,
 * and the figures the model carries beside its profiles (memory, sensors),
 * read with the memory answer that sizes it.  What runs on the GPU (GIs,
 * CIs, UUIDs, processes) is read by nvml_snapshot.c.
 */
#include <stdio.h>
#include <string.h>

#include "dynmodel.h"
#include "nvml_api.h"
#include "state.h"

/* Copy a driver string into a field, cut to fit (the driver's buffers are larger). */
void mig__nvml_copy_text(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "MIG 3g.40gb" -> "3g.40gb" (libmig's profile names carry no prefix). */
static void profile_name(char *out, size_t len, const char *nvml_name)
{
	mig__nvml_copy_text(out, len, mig_profile_name_bare(nvml_name));
}

/* A profile index NVML does not offer on this board (§nvml-A.3). */
int mig__nvml_absent(nv_return rc)
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

/*
 * GI profile `idx` in the v2 form, whichever call the driver has.  The v1
 * struct is the v2 one without the version word and the name: from a v1
 * driver the name stays empty.
 */
static nv_return gi_profile(struct mig_nvml *nv, nv_device dev, unsigned idx,
			    nv_gi_profile_v2 *info)
{
	nv_gi_profile_v1 v1;
	nv_return rc;

	memset(info, 0, sizeof(*info));
	if (nv->gi_profile_v) {
		info->version = (unsigned)NV_GI_PROFILE_V2_VERSION;
		rc = nv->gi_profile_v(dev, idx, info);
		info->name[sizeof(info->name) - 1] = '\0';
		return rc;
	}
	memset(&v1, 0, sizeof(v1));
	rc = nv->gi_profile_v1(dev, idx, &v1);
	*info = (nv_gi_profile_v2){
		.id = v1.id, .is_p2p = v1.is_p2p, .slices = v1.slices, .instances = v1.instances,
		.sm = v1.sm, .ce = v1.ce, .dec = v1.dec, .enc = v1.enc, .jpeg = v1.jpeg,
		.ofa = v1.ofa, .memory_mb = v1.memory_mb,
	};
	return rc;
}

/* A v1 driver names no profile: the catalog's name for its id, else nvidia-smi's form. */
static void v1_profile_name(char *name, size_t name_len, const nv_gi_profile_v2 *info,
			    const mig_model *cat)
{
	const mig_gi_profile *same = NULL;

	if (cat) {
		const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
		size_t n = 0;

		if (mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, cat, NULL) != MIG_SUCCESS)
			n = 0;

		for (size_t i = 0; i < n && i < MIG_MAX_GI_PROFILES; i++)
			if (list[i]->id == info->id)
				same = list[i];
	}
	if (same)
		snprintf(name, name_len, "%s", same->name);
	else
		snprintf(name, name_len, "%ug.%llugb", info->slices, (info->memory_mb + 512) / 1024);
}

/* Row `idx` as the driver reports it; ROW_ABSENT when the board lacks that index. */
static int driver_row(struct mig_nvml *nv, nv_device dev, unsigned idx, cat_gi *r, char *name,
		      size_t name_len, const mig_model *cat)
{
	nv_gi_profile_v2 info;
	nv_return rc;

	memset(r, 0, sizeof(*r));
	if (!nv->gi_profile_v && !nv->gi_profile_v1)
		return ROW_ABSENT;
	rc = gi_profile(nv, dev, idx, &info);
	if (mig__nvml_absent(rc))
		return ROW_ABSENT;
	if (rc)
		return mig__nvml_fail(rc, "reading GI profile %u", idx);
	if (nv->gi_profile_v)
		profile_name(name, name_len, info.name);
	else
		v1_profile_name(name, name_len, &info, cat);
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
	r->nvml = (uint8_t)idx;
	r->name = name;
	r->note = "reported by the driver (NVML)";
	rc = gi_placements(nv, dev, r);
	if (rc && !mig__nvml_absent(rc))
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
			if (mig__nvml_absent(rc))
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
			if (mig__nvml_absent(rc))
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
int mig__nvml_build_model(struct mig_nvml *nv, nv_device dev, mig_dyn_model *d,
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
	mig__nvml_copy_text(d->driver, sizeof(d->driver), driver);
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
