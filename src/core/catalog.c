/*
 * catalog.c - the read-only queries over the GPU catalog (catalog_data.c).
 *
 * Everything here works on const data and the caller's buffers, so it is
 * safe from any number of threads; the only side effects are mig__fail's
 * per-thread message and the list of run-time models, kept under a lock.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "error.h"

/* CI compute sizes in NVML CI profile index order (§geometry-1.2: 1c=0 … 7c=4). */
static const unsigned ci_sizes[] = { 1, 2, 3, 4, 7 };
#define CI_SIZES (sizeof(ci_sizes) / sizeof(ci_sizes[0]))

/* MIG_DRV(4293, 999, 999) is the largest version that fits a uint32_t. */
#define MAX_MAJOR 4293u

size_t mig_catalog_count(void)
{
	return mig_cat_model_count;
}

const mig_model *mig_catalog_model(size_t index)
{
	return index < mig_cat_model_count ? &mig_cat_models[index] : NULL;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* strcasecmp for ASCII only: keys are ASCII and the locale must not matter. */
static int same_ignoring_case(const char *a, const char *b)
{
	while (*a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* "0x2330" / "0X2330": 1 to 4 hex digits after the prefix, nothing else. */
static int parse_pci_id(const char *s, unsigned *out)
{
	unsigned v = 0;
	size_t n = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	for (s += 2; *s; s++, n++) {
		int c = ascii_lower((unsigned char)*s);
		if (n == 4)
			return 0;
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else
			return 0;
	}
	if (n == 0)
		return 0;
	*out = v;
	return 1;
}

const mig_model *mig_catalog_find(const char *what)
{
	unsigned pci;
	unsigned i;

	if (!what)
		return NULL;
	for (i = 0; i < mig_cat_model_count; i++)
		if (same_ignoring_case(mig_cat_models[i].key, what))
			return &mig_cat_models[i];
	for (i = 0; i < mig_cat_model_count; i++)
		if (!strcmp(mig_cat_models[i].name, what))
			return &mig_cat_models[i];
	if (parse_pci_id(what, &pci))
		for (i = 0; i < mig_cat_model_count; i++)
			if (mig_cat_models[i].pci_device == pci)
				return &mig_cat_models[i];
	return NULL;
}

const char *mig_model_key(const mig_model *m)
{
	return m ? m->key : "";
}

const char *mig_model_name(const mig_model *m)
{
	return m ? m->name : "";
}

unsigned mig_model_pci_device_id(const mig_model *m)
{
	return m ? m->pci_device : 0;
}

unsigned mig_model_memory_mib(const mig_model *m)
{
	return m ? m->memory_mib : 0;
}

mig_arch mig_model_arch(const mig_model *m)
{
	return m ? (mig_arch)m->arch : (mig_arch)0;
}

unsigned mig_model_compute_capability(const mig_model *m)
{
	switch (mig_model_arch(m)) {
	case MIG_ARCH_AMPERE: return 80;
	case MIG_ARCH_HOPPER: return 90;
	case MIG_ARCH_BLACKWELL: return 100;
	case MIG_ARCH_BLACKWELL_RTX: return 120;
	}
	return 0;
}

/* Not in the catalog's rows: NVIDIA's data sheets give Gen 4 for GA100 (A100, A30), Gen 5 after. */
unsigned mig_model_pcie_gen(const mig_model *m)
{
	if (!m)
		return 0;
	return mig_model_arch(m) == MIG_ARCH_AMPERE ? 4u : 5u;
}

unsigned mig_model_placement_units(const mig_model *m)
{
	return m ? m->units : 0;
}

unsigned mig_model_max_mig_devices(const mig_model *m)
{
	return m ? m->max_mig_devices : 0;
}

size_t mig_model_driver_count(const mig_model *m)
{
	size_t n = 0;

	if (!m)
		return 0;
	while (n < MIG_CAT_MAX_DRIVERS && m->drivers[n])
		n++;
	return n;
}

const char *mig_model_driver(const mig_model *m, size_t index)
{
	if (index >= mig_model_driver_count(m))
		return NULL;
	return m->drivers[index];
}

uint32_t mig_model_unconfirmed(const mig_model *m)
{
	return m ? m->unconfirmed : 0;
}

const char *mig_model_note(const mig_model *m)
{
	return m && m->note ? m->note : "";
}

/*
 * One dot-separated component: 1 to `maxdigits` decimal digits.  Leading
 * zeros are fine ("580.95.05" is a real version); signs and blanks are not.
 */
static const char *parse_component(const char *s, unsigned maxdigits, unsigned *out)
{
	unsigned v = 0, n = 0;

	while (*s >= '0' && *s <= '9') {
		if (++n > maxdigits)
			return NULL;
		v = v * 10 + (unsigned)(*s - '0');
		s++;
	}
	if (n == 0)
		return NULL;
	*out = v;
	return s;
}

int mig_driver_parse(uint32_t *out, const char *version)
{
	unsigned part[3] = { 0, 0, 0 };
	const char *s = version;
	int i;

	if (!out || !version)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "driver version: none given; expected <major>[.<minor>[.<patch>]]");
	/*
	 * MIG_DRV packs minor and patch in three decimal digits each, so the
	 * major must stay below 4294 for the result to fit 32 bits.  Major 0
	 * is refused because 0 means "open" in the catalog's ranges.
	 */
	for (i = 0;; i++) {
		s = parse_component(s, i == 0 ? 4 : 3, &part[i]);
		if (!s || *s != '.' || i == 2)
			break;
		s++;
	}
	if (!s || *s != '\0' || part[0] == 0 || part[0] > MAX_MAJOR)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "driver version \"%.64s\": expected <major>[.<minor>[.<patch>]] "
				 "in decimal (major 1-4293, minor and patch 0-999), e.g. \"580.95.05\"",
				 version);
	*out = MIG_DRV(part[0], part[1], part[2]);
	return MIG_SUCCESS;
}

static int row_matches(const cat_gi *r, uint32_t drv)
{
	return (r->since == 0 || drv >= r->since) && (r->until == 0 || drv <= r->until);
}

/* NVML enum order, then ID: the order NVML's profile queries walk (mig.h). */
static int row_before(const cat_gi *a, const cat_gi *b)
{
	return a->nvml != b->nvml ? a->nvml < b->nvml : a->id < b->id;
}

/*
 * The rows of `m` valid under driver `drv`, sorted; returns how many.  A
 * driver outside every range (older than a board's first branch, say) gets
 * the rows whose range is open at the top: the newest branch.
 */
static size_t select_rows(const cat_model *m, uint32_t drv, const cat_gi **rows)
{
	size_t n = 0, i, j;
	int pass;

	for (pass = 0; pass < 2 && n == 0; pass++)
		for (i = 0; i < MIG_MAX_GI_PROFILES && m->gi[i].name; i++)
			if (pass == 0 ? row_matches(&m->gi[i], drv) : m->gi[i].until == 0)
				rows[n++] = &m->gi[i];
	for (i = 1; i < n; i++) {
		const cat_gi *r = rows[i];
		for (j = i; j > 0 && row_before(r, rows[j - 1]); j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
	return n;
}

/* NULL = the model's default driver, drivers[0]. */
static int resolve_driver(const cat_model *m, const char *driver, uint32_t *drv)
{
	return mig_driver_parse(drv, driver ? driver : m->drivers[0]);
}

int mig_model_gi_profiles(const mig_gi_profile **out, size_t cap, size_t *count,
			  const mig_model *m, const char *driver)
{
	const cat_gi *rows[MIG_MAX_GI_PROFILES];
	uint32_t drv;
	size_t n, i;
	int rc;

	if (!m || !count)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GI profiles: no model or count given");
	rc = resolve_driver(m, driver, &drv);
	if (rc != MIG_SUCCESS)
		return rc;
	n = select_rows(m, drv, rows);
	*count = n;
	for (i = 0; out && i < n && i < cap; i++)
		out[i] = rows[i];
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "%s has %zu GI profiles, room for %zu",
				 m->name, n, cap);
	return MIG_SUCCESS;
}

int mig_model_gi_profile_infos(mig_gi_profile_info *out, size_t cap, size_t *count,
			       const mig_model *m, const char *driver)
{
	const mig_gi_profile *list[MIG_MAX_GI_PROFILES];
	size_t n;
	int rc;

	if (!count)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "GI profiles: no count given");
	rc = mig_model_gi_profiles(list, MIG_MAX_GI_PROFILES, &n, m, driver);
	if (rc != MIG_SUCCESS)
		return rc;
	*count = n;
	for (size_t i = 0; out && i < n && i < cap; i++)
		mig_gi_profile_get(list[i], &out[i]);
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "%s has %zu GI profiles, room for %zu",
				 m->name, n, cap);
	return MIG_SUCCESS;
}

void mig_gi_profile_get(const mig_gi_profile *p, mig_gi_profile_info *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	if (!p) {
		out->name = "";
		out->note = "";
		return;
	}
	out->name = p->name;
	out->id = p->id;
	out->nvml_index = p->nvml;
	out->instance_count = p->total;
	out->memory_mib = p->mib;
	out->slices = p->slices;
	out->placement_size = p->size;
	out->placements = p->starts;
	out->sm = p->sm;
	out->ce = p->ce;
	out->dec = p->dec;
	out->enc = p->enc;
	out->jpeg = p->jpeg;
	out->ofa = p->ofa;
	out->unconfirmed = p->unconfirmed;
	out->note = p->note ? p->note : "";
}

/* Run-time models (catalog.h), newest first. */
static pthread_mutex_t runtime_lock = PTHREAD_MUTEX_INITIALIZER;
static cat_runtime *runtime_models;

void mig__catalog_add_runtime(cat_runtime *rt)
{
	pthread_mutex_lock(&runtime_lock);
	rt->next = runtime_models;
	runtime_models = rt;
	pthread_mutex_unlock(&runtime_lock);
}

void mig__catalog_remove_runtime(cat_runtime *rt)
{
	pthread_mutex_lock(&runtime_lock);
	for (cat_runtime **at = &runtime_models; *at; at = &(*at)->next) {
		if (*at == rt) {
			*at = rt->next;
			break;
		}
	}
	pthread_mutex_unlock(&runtime_lock);
	rt->next = NULL;
}

/* 1 if p is one of m's rows (compared as addresses: p may lie in another model). */
static int row_of(const cat_model *m, const cat_gi *p)
{
	uintptr_t at = (uintptr_t)p;

	return at >= (uintptr_t)m->gi && at < (uintptr_t)(m->gi + MIG_MAX_GI_PROFILES);
}

/* The catalog's model a row belongs to, or NULL for a row built at run time. */
static const cat_model *catalog_model_of(const cat_gi *p)
{
	for (unsigned i = 0; i < mig_cat_model_count; i++)
		if (row_of(&mig_cat_models[i], p))
			return &mig_cat_models[i];
	return NULL;
}

/* The registered run-time model holding row p, or NULL; runtime_lock held. */
static const cat_runtime *runtime_of(const cat_gi *p)
{
	for (const cat_runtime *rt = runtime_models; rt; rt = rt->next)
		if (row_of(rt->model, p))
			return rt;
	return NULL;
}

/*
 * The model row p belongs to; for a run-time model's row, also the CI
 * profiles its builder reported (*reported = 1 with out and *n filled).
 */
static const cat_model *row_model(const cat_gi *p, mig_ci_profile_info *out, size_t cap,
				  size_t *n, int *reported)
{
	const cat_model *m = catalog_model_of(p);
	const cat_runtime *rt;

	*reported = 0;
	if (m)
		return m;
	pthread_mutex_lock(&runtime_lock);
	rt = runtime_of(p);
	if (rt) {
		m = rt->model;
		if (rt->ci_profiles)
			*reported = rt->ci_profiles(rt, (unsigned)(p - m->gi), out, cap, n);
	}
	pthread_mutex_unlock(&runtime_lock);
	return m;
}

/*
 * SMs of a CI of c slices that is not the whole GI: those of the model's
 * plain c-slice GI profile (A100: 14·c, §geometry-2.2; H100: a 1c CI in a 3g.40gb
 * GI has 16 SMs like 1g.10gb, §smi-11.5 580.173.02 capture,
 * where GI SM·c/g would give 20).  Without such a profile, the GI's share.
 */
static unsigned partial_ci_sm(const cat_model *m, const cat_gi *p, unsigned c)
{
	const cat_gi *best = NULL;
	unsigned j;

	for (j = 0; m && j < MIG_MAX_GI_PROFILES && m->gi[j].name; j++) {
		const cat_gi *r = &m->gi[j];
		if (r->slices == c && !strpbrk(r->name, "+-") && (!best || r->size < best->size))
			best = r;
	}
	return best ? best->sm : p->sm * c / p->slices;
}

/*
 * CI profile names carry the GI name without its "+me": the one CI of an
 * H100 1g.10gb+me GI is "MIG 1g.10gb" in -lci and -L
 * (§smi-7 and §smi-10, 580.173.02).  Other suffixes are kept (nothing observed).
 */
static void ci_base_name(char *buf, size_t len, const char *gi_name)
{
	size_t n = strlen(gi_name);

	if (n > 3 && !strcmp(gi_name + n - 3, "+me"))
		n -= 3;
	snprintf(buf, len, "%.*s", (int)n, gi_name);
}

/*
 * §geometry-1.7 and §nvml-A.7: a GI of g compute slices offers the CI
 * sizes c in {1,2,3,4,7} with c == g, or c < g and 2c <= g+1 (go-nvlib's
 * rule; it gives 7g: 1,2,3,4,7; 4g: 1,2,4; 3g: 1,2,3; 2g: 1,2).  A CI is
 * aligned to the power of two >= c inside the GI, so a 3c sits at 0 or 4
 * of a 7g (count 2, as mig-parted's known configs say).
 */
static size_t ci_profiles_of(const mig_gi_profile *p, mig_ci_profile_info *out, size_t cap)
{
	mig_ci_profile_info all[CI_SIZES + 1];
	const cat_model *m;
	char base[32];
	size_t n = 0, i, j;
	unsigned idx;
	int reported;

	if (!p)
		return 0;
	m = row_model(p, out, cap, &n, &reported);
	if (reported)
		return n; /* what the model's builder (a driver) reported */
	n = 0;
	ci_base_name(base, sizeof(base), p->name);
	for (idx = 0; idx < CI_SIZES; idx++) {
		unsigned c = ci_sizes[idx], g = p->slices, align = 1, s;
		int full = c == g;
		mig_ci_profile_info *ci = &all[n];

		if (c > g || (!full && 2 * c > g + 1))
			continue;
		while (align < c)
			align <<= 1;
		memset(ci, 0, sizeof(*ci));
		for (s = 0; s + c <= g; s += align) {
			ci->placements |= 1u << s;
			ci->instance_count++;
		}
		ci->slices = c;
		ci->is_default = full;
		/* The one exception to id = index: Hopper's double-memory 1g (§geometry-1.7). */
		ci->id = full && p->ci_full ? p->ci_full : idx;
		if (full)
			snprintf(ci->name, sizeof(ci->name), "%s", base);
		else
			snprintf(ci->name, sizeof(ci->name), "%uc.%s", c, base);
		ci->unconfirmed = p->unconfirmed & MIG_FIG_CI_PROFILES;
		if (full) {
			ci->sm = p->sm;
			ci->unconfirmed |= p->unconfirmed & MIG_FIG_SM;
		} else {
			/* Exact on GA100 (14 SMs per GPC, §geometry-2.2); a guess elsewhere. */
			ci->sm = partial_ci_sm(m, p, c);
			ci->unconfirmed |= p->unconfirmed & MIG_FIG_SM;
			if (!m || m->arch != MIG_ARCH_AMPERE)
				ci->unconfirmed |= MIG_FIG_SM;
		}
		n++;
		/*
		 * A GI whose full CI is another profile (ci_full: the double-memory
		 * 1-slice GIs) offers the plain profile of its size too, not the
		 * default: NVIDIA's mig-parted presets (all-1g.20gb on H100,
		 * all-1g.10gb on A100-40GB) create CI profile 0 there, NVIDIA's DRA
		 * driver uses the plain 1-slice CI for every 1g GI, and NVIDIA's mock
		 * NVML lists both.  One slice: either one of them, not both.
		 */
		if (full && p->ci_full && p->ci_full != idx) {
			all[n] = *ci;
			all[n].id = idx;
			all[n].is_default = 0;
			n++;
		}
	}
	/* CI ID order; only ci_full can break the natural order. */
	for (i = 1; i < n; i++) {
		mig_ci_profile_info t = all[i];
		for (j = i; j > 0 && t.id < all[j - 1].id; j--)
			all[j] = all[j - 1];
		all[j] = t;
	}
	for (i = 0; out && i < n && i < cap; i++)
		out[i] = all[i];
	return n;
}

int mig_gi_profile_ci_profiles(mig_ci_profile_info *out, size_t cap, size_t *count,
			       const mig_gi_profile *p)
{
	size_t n;

	if (!p || !count)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "CI profiles: no GI profile or count given");
	n = ci_profiles_of(p, out, cap);
	*count = n;
	if (out && n > cap)
		return mig__fail(MIG_ERROR_INSUFFICIENT_SIZE, "%s has %zu CI profiles, room for %zu",
				 p->name, n, cap);
	return MIG_SUCCESS;
}

/* ---- mig_model_figures ------------------------------------------------ */

typedef struct figs {
	mig_figure *v;
	size_t n, cap;
} figs;

static void fig_add(figs *f, const char *subject, const char *field, uint32_t unconfirmed,
		    uint32_t bit, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void fig_add(figs *f, const char *subject, const char *field, uint32_t unconfirmed,
		    uint32_t bit, const char *fmt, ...)
{
	mig_figure *e;
	va_list ap;

	if (f->n == f->cap)
		return; /* sized up front; never happens */
	e = &f->v[f->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->subject, sizeof(e->subject), "%s", subject);
	e->field = field;
	va_start(ap, fmt);
	vsnprintf(e->value, sizeof(e->value), fmt, ap);
	va_end(ap);
	e->confirmed = !(unconfirmed & bit);
}

/* "{0,2,4,6}:2", as -lgipp prints it. */
static void placements_text(char *buf, size_t len, uint32_t starts, unsigned size)
{
	size_t used = 0;
	unsigned s;
	int first = 1;

	used += (size_t)snprintf(buf, len, "{");
	for (s = 0; s < 32 && used < len; s++)
		if (starts & (1u << s)) {
			used += (size_t)snprintf(buf + used, len - used, first ? "%u" : ",%u", s);
			first = 0;
		}
	if (used < len)
		snprintf(buf + used, len - used, "}:%u", size);
}

static void driver_text(char *buf, size_t len, uint32_t v)
{
	snprintf(buf, len, "%u.%u.%u", (unsigned)(v / 1000000u), (unsigned)(v / 1000u % 1000u),
		 (unsigned)(v % 1000u));
}

/* Fields reported per profile; keep in step with the fig_add calls below. */
#define FIGS_PER_PROFILE 15
#define FIGS_PER_MODEL 7

/* One GI profile's figures: its row, its CI profiles, auto-placement and driver range. */
static void profile_figures(figs *f, const cat_gi *r)
{
	mig_ci_profile_info ci[MIG_MAX_CI_PROFILES];
	char buf[64], lo[16], hi[16];
	size_t nci, k, used = 0;
	uint32_t u = r->unconfirmed;

	fig_add(f, r->name, "name", u, MIG_FIG_NAME, "%s", r->name);
	fig_add(f, r->name, "id", u, MIG_FIG_ID, "%u", (unsigned)r->id);
	fig_add(f, r->name, "nvml_index", u, MIG_FIG_NVML_INDEX, "%u", (unsigned)r->nvml);
	fig_add(f, r->name, "instance_count", u, MIG_FIG_COUNT, "%u", (unsigned)r->total);
	fig_add(f, r->name, "memory_mib", u, MIG_FIG_MEMORY, "%u", (unsigned)r->mib);
	placements_text(buf, sizeof(buf), r->starts, r->size);
	fig_add(f, r->name, "placements", u, MIG_FIG_PLACEMENTS, "%s", buf);
	fig_add(f, r->name, "sm", u, MIG_FIG_SM, "%u", (unsigned)r->sm);
	fig_add(f, r->name, "ce", u, MIG_FIG_CE, "%u", (unsigned)r->ce);
	fig_add(f, r->name, "dec", u, MIG_FIG_DEC, "%u", (unsigned)r->dec);
	fig_add(f, r->name, "enc", u, MIG_FIG_ENC, "%u", (unsigned)r->enc);
	fig_add(f, r->name, "jpeg", u, MIG_FIG_JPEG, "%u", (unsigned)r->jpeg);
	fig_add(f, r->name, "ofa", u, MIG_FIG_OFA, "%u", (unsigned)r->ofa);

	/* "0:7,1:3,2:2,3:1,4*:1" = CI profile id:count, * on the default. */
	if (mig_gi_profile_ci_profiles(ci, MIG_MAX_CI_PROFILES, &nci, r) != MIG_SUCCESS)
		nci = 0;
	if (nci > MIG_MAX_CI_PROFILES)
		nci = MIG_MAX_CI_PROFILES;
	buf[0] = '\0';
	for (k = 0; k < nci && used < sizeof(buf); k++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%u%s:%u",
					 k ? "," : "", ci[k].id, ci[k].is_default ? "*" : "",
					 ci[k].instance_count);
	fig_add(f, r->name, "ci_profiles", u, MIG_FIG_CI_PROFILES, "%s", buf);

	if (r->prefer_n) {
		used = (size_t)snprintf(buf, sizeof(buf), "starts");
		for (k = 0; k < r->prefer_n && k < MIG_PREFER_MAX && used < sizeof(buf); k++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%u",
						 k ? "," : " ", (unsigned)r->prefer[k]);
	} else {
		snprintf(buf, sizeof(buf), "heuristic (docs/sources.md#geometry-1.6)");
	}
	fig_add(f, r->name, "auto_placement", u, MIG_FIG_AUTO_PLACEMENT, "%s", buf);

	lo[0] = hi[0] = '\0';
	if (r->since)
		driver_text(lo, sizeof(lo), r->since);
	if (r->until)
		driver_text(hi, sizeof(hi), r->until);
	fig_add(f, r->name, "driver_range", u, MIG_FIG_DRIVER_RANGE, "%s..%s",
		r->since ? lo : "any", r->until ? hi : "any");
}

int mig_model_figures(mig_figure **out, size_t *count, const mig_model *m, const char *driver)
{
	const cat_gi *rows[MIG_MAX_GI_PROFILES];
	uint32_t drv;
	size_t n, i;
	figs f;
	int rc;

	if (!out || !count || !m)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "model figures: missing argument");
	*out = NULL;
	*count = 0;
	rc = resolve_driver(m, driver, &drv);
	if (rc != MIG_SUCCESS)
		return rc;
	n = select_rows(m, drv, rows);
	f.cap = FIGS_PER_MODEL + n * FIGS_PER_PROFILE;
	f.n = 0;
	f.v = calloc(f.cap, sizeof(*f.v));
	if (!f.v)
		return mig__fail(MIG_ERROR_MEMORY, "model figures of %s: out of memory", m->key);

	fig_add(&f, "GPU", "name", m->unconfirmed, MIG_FIG_NAME, "%s", m->name);
	fig_add(&f, "GPU", "pci_device_id", m->unconfirmed, MIG_FIG_DEVICE_ID, "0x%04X",
		(unsigned)m->pci_device);
	fig_add(&f, "GPU", "memory_mib", m->unconfirmed, MIG_FIG_TOTAL_MEMORY, "%u",
		(unsigned)m->memory_mib);
	fig_add(&f, "GPU", "placement_units", m->unconfirmed, MIG_FIG_PLACEMENTS, "%u",
		(unsigned)m->units);
	/* §geometry-1.6: the heuristic reproduces every published sequence, on these boards only. */
	fig_add(&f, "GPU", "auto_placement", m->unconfirmed, MIG_FIG_AUTO_PLACEMENT, "%s",
		"heuristic: most placements left, ties lowest");
	/* Behaviours docs/sources.md marks unverified; libmig's choice (docs/libmig.md). */
	fig_add(&f, "GPU", "engine_budget", ~0u, ~0u, "%s",
		"full profile's engines, shared by GIs");
	fig_add(&f, "GPU", "disable_mig_with_gis", ~0u, ~0u, "%s", "refused with IN_USE");

	for (i = 0; i < n; i++)
		profile_figures(&f, rows[i]);
	*out = f.v;
	*count = f.n;
	return MIG_SUCCESS;
}
