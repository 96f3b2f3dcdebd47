/*
 * smi_q.c - nvidia-smi -q and -q -x: each line's value from the node's
 * rows (the same libmig model and telemetry our libnvidia-ml.so.1
 * serves), rendered through the branch's table (smi_q_table.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smi_q.h"

/*
 * -d's types and the branches that take them (the real binaries refuse the
 * others with "Failed to parse --display/-d flags").
 */
static const struct {
	const char *name;
	uint32_t group;
	unsigned branches;
} display_types[] = {
	{"MEMORY", QD_MEMORY, Q_ALL},
	{"UTILIZATION", QD_UTILIZATION, Q_ALL},
	{"ECC", QD_ECC, Q_ALL},
	{"TEMPERATURE", QD_TEMPERATURE, Q_ALL},
	{"POWER", QD_POWER, Q_ALL},
	{"CLOCK", QD_CLOCK, Q_ALL},
	{"COMPUTE", QD_COMPUTE, Q_ALL},
	{"PIDS", QD_PIDS, Q_ALL},
	{"PERFORMANCE", QD_PERFORMANCE, Q_ALL},
	{"SUPPORTED_CLOCKS", QD_SUPPORTED_CLOCKS, Q_ALL},
	{"PAGE_RETIREMENT", QD_PAGE_RETIREMENT, Q_ALL},
	{"ACCOUNTING", QD_ACCOUNTING, Q_ALL},
	{"ENCODER_STATS", QD_ENCODER_STATS, Q_ALL},
	{"SUPPORTED_GPU_TARGET_TEMP", QD_SUPPORTED_GPU_TARGET_TEMP, Q_ALL},
	{"VOLTAGE", QD_VOLTAGE, Q_ALL},
	{"FBC_STATS", QD_FBC_STATS, Q_ALL},
	{"ROW_REMAPPER", QD_ROW_REMAPPER, Q_ALL},
	{"RESET_STATUS", QD_RESET_STATUS, Q_R535 | Q_R550 | Q_R555},
	{"GSP_FIRMWARE_VERSION", QD_GSP_FIRMWARE_VERSION, Q_R550 | Q_R555},
};

int smi_q_parse_display(uint32_t *groups, const char *value, uint32_t driver)
{
	unsigned branch = smi_q_branch(driver);
	const char *p = value;

	*groups = 0;
	while (*p) {
		size_t len = strcspn(p, ","), i;

		/* empty items between commas are passed over, as the binaries do */
		for (i = 0; len && i < sizeof(display_types) / sizeof(display_types[0]); i++)
			if (strlen(display_types[i].name) == len &&
			    !strncasecmp(display_types[i].name, p, len) &&
			    (display_types[i].branches & branch))
				break;
		if (len && i == sizeof(display_types) / sizeof(display_types[0]))
			return -1;
		if (len)
			*groups |= display_types[i].group;
		p += len;
		if (*p)
			p++;
	}
	return *groups ? 0 : -1;
}

/* Rows ------------------------------------------------------------------------------ */

/*
 * nvidia-smi's name of an architecture, by the first branch whose binary
 * knows it: every branch compared (R470 ... R555) prints Blackwell as
 * "Unknown".  Decided (no binary examined): R560 and later name it.
 */
static const struct {
	mig_arch arch;
	uint32_t since;
	const char *name;
} arch_names[] = {
	{MIG_ARCH_AMPERE, 0, "Ampere"},
	{MIG_ARCH_HOPPER, 0, "Hopper"},
	{MIG_ARCH_BLACKWELL, MIG_DRV(560, 0, 0), "Blackwell"},
	{MIG_ARCH_BLACKWELL_RTX, MIG_DRV(560, 0, 0), "Blackwell"},
};

static const char *arch_name(mig_arch a, uint32_t driver)
{
	for (size_t i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++)
		if (arch_names[i].arch == a && driver >= arch_names[i].since)
			return arch_names[i].name;
	return "Unknown";
}

static int q_gpu(smi_q_gpu *x, const mig_state *st, unsigned gpu)
{
	mig_gpu_info g;
	mig_gpu_telemetry_info t;
	mig_pci_addr pci;
	int rc;

	if ((rc = mig_gpu_get(&g, st, gpu)) || (rc = mig_gpu_telemetry(&t, st, gpu)))
		return rc;
	memset(x, 0, sizeof(*x));
	x->arch = arch_name(mig_model_arch(g.model), cli_driver(st));
	/* NVML's brand: data-center boards "NVIDIA", the RTX PRO board "NVIDIA RTX" */
	x->brand = mig_model_arch(g.model) == MIG_ARCH_BLACKWELL_RTX ? "NVIDIA RTX" : "NVIDIA";
	x->passthrough = g.reset != MIG_RESET_AUTO;
	x->pcie_gen = mig_model_pcie_gen(g.model);
	x->compute_mode = (unsigned)t.compute_mode;
	if (mig_pci_parse(&pci, g.pci_bus_id))
		memset(&pci, 0, sizeof(pci));
	x->domain = pci.domain;
	x->bus = pci.bus;
	x->device = pci.device;
	return 0;
}

int smi_q_build(smi_q_doc *out, const mig_state *st, const unsigned *gpus, size_t n)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = smi_screen_build(&out->s, st, gpus, n)))
		return rc;
	out->gpus = calloc(n ? n : 1, sizeof(*out->gpus));
	if (!out->gpus) {
		smi_screen_free(&out->s);
		return MIG_ERROR_MEMORY;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = q_gpu(&out->gpus[i], st, gpus[i]);
	if (rc)
		smi_q_free(out);
	return rc;
}

void smi_q_free(smi_q_doc *d)
{
	if (!d)
		return;
	smi_screen_free(&d->s);
	free(d->gpus);
	d->gpus = NULL;
}

/* Values ---------------------------------------------------------------------------- */

/* What a line can refer to: the document, its GPU, MIG device and process. */
typedef struct q_ctx {
	const smi_q_doc *d;
	uint32_t groups;         /* the rows to print (QD_FULL without -d) */
	const smi_gpu_row *g;
	const smi_q_gpu *x;
	const smi_mig_row *m;
	const smi_proc_row *p;
	int xml;
} q_ctx;

static const char *on_off(int on)
{
	return on ? "Enabled" : "Disabled";
}

static const char *mib(char *buf, size_t cap, unsigned long long v)
{
	snprintf(buf, cap, "%llu MiB", v);
	return buf;
}

static const char *uint_of(char *buf, size_t cap, unsigned v)
{
	snprintf(buf, cap, "%u", v);
	return buf;
}

static const char *watts(char *buf, size_t cap, unsigned mw)
{
	snprintf(buf, cap, "%.2f W", mw / 1000.0);
	return buf;
}

/* Hexadecimal as -q prints it: "0x" and the digits, bare in XML. */
static const char *hex(char *buf, size_t cap, const q_ctx *c, unsigned width, unsigned v)
{
	snprintf(buf, cap, "%s%0*X", c->xml ? "" : "0x", (int)width, v);
	return buf;
}

static const char *compute_mode_name(unsigned m)
{
	/* nvmlComputeMode_t as nvidia-smi names it */
	static const char *const names[] = {"Default", "Exclusive_Thread", "Prohibited",
					    "Exclusive_Process"};

	return m < sizeof(names) / sizeof(names[0]) ? names[m] : "Unknown";
}

static unsigned long long less(unsigned long long total, unsigned long long used)
{
	return used > total ? 0 : total - used;
}

static const char *gpu_value(char *buf, size_t cap, smi_q_val v, const q_ctx *c)
{
	const smi_gpu_row *g = c->g;
	const smi_q_gpu *x = c->x;
	unsigned long long used;

	switch (v) {
	case QV_NAME: return g->name;
	case QV_BRAND: return x->brand;
	case QV_ARCH: return x->arch;
	case QV_DISPLAY_MODE:
	case QV_DISPLAY_ACTIVE: return on_off(g->display_active);
	case QV_PERSISTENCE: return on_off(g->persistence);
	case QV_MIG_CURRENT: return on_off(g->mig_current);
	case QV_MIG_PENDING: return on_off(g->mig_pending);
	case QV_SERIAL: return g->serial;
	case QV_UUID: return g->uuid;
	case QV_MINOR: return uint_of(buf, cap, g->index); /* /dev/nvidiaN, numbered like the GPUs */
	case QV_VIRT_MODE: return x->passthrough ? "Pass-Through" : "None";
	case QV_PCI_BUS: return hex(buf, cap, c, 2, x->bus);
	case QV_PCI_DEVICE: return hex(buf, cap, c, 2, x->device);
	case QV_PCI_DOMAIN: return hex(buf, cap, c, 4, x->domain);
	case QV_PCI_DEVICE_ID:
	case QV_PCI_SUBSYS_ID: return hex(buf, cap, c, 8, g->pci_device_id << 16 | 0x10DEu);
	case QV_PCI_BUS_ID: return g->bus_id;
	/* NVML's class codes of a compute board: display controller (3), 3D controller (2) */
	case QV_PCI_BASE_CLASS: return hex(buf, cap, c, 1, 3);
	case QV_PCI_SUB_CLASS: return hex(buf, cap, c, 1, 2);
	case QV_PCIE_HOST_MAX: return uint_of(buf, cap, x->pcie_gen);
	case QV_PSTATE: snprintf(buf, cap, "P%u", g->pstate); return buf;
	case QV_FB_TOTAL: return mib(buf, cap, g->mem_total);
	/* NVML's reserved memory: the model counts the driver's reservations as used */
	case QV_FB_RESERVED: return mib(buf, cap, 0);
	case QV_FB_USED:
		used = g->mem_used > g->mem_total ? g->mem_total : g->mem_used;
		return mib(buf, cap, used);
	case QV_FB_FREE: return mib(buf, cap, less(g->mem_total, g->mem_used));
	case QV_BAR1_TOTAL: return mib(buf, cap, g->bar1_total);
	case QV_BAR1_USED:
		used = g->bar1_used > g->bar1_total ? g->bar1_total : g->bar1_used;
		return mib(buf, cap, used);
	case QV_BAR1_FREE: return mib(buf, cap, less(g->bar1_total, g->bar1_used));
	case QV_COMPUTE_MODE: return compute_mode_name(x->compute_mode);
	case QV_UTIL_GPU:
		if (g->util == MIG_NA)
			return "N/A";
		snprintf(buf, cap, "%u %%", g->util);
		return buf;
	/* memory-controller load is not modelled: 0 where the GPU reports utilization */
	case QV_UTIL_MEM: return g->util == MIG_NA ? "N/A" : "0 %";
	case QV_ECC_MODE: return on_off(g->ecc_mode);
	case QV_ECC_ZERO: return g->ecc_mode ? "0" : "N/A";
	case QV_ECC_ERRORS: return g->ecc_mode ? uint_of(buf, cap, g->ecc_errors) : "N/A";
	case QV_TEMP: snprintf(buf, cap, "%u C", g->temp_c); return buf;
	case QV_POWER_DRAW: return watts(buf, cap, g->power_mw);
	case QV_POWER_LIMIT: return watts(buf, cap, g->limit_mw);
	default: return NULL;
	}
}

static const char *q_mig_value(char *buf, size_t cap, smi_q_val v, const q_ctx *c)
{
	const smi_mig_row *m = c->m;

	switch (v) {
	case QV_MIG_INDEX: return uint_of(buf, cap, m->dev);
	case QV_MIG_GI: return uint_of(buf, cap, m->gi);
	case QV_MIG_CI: return uint_of(buf, cap, m->ci);
	case QV_MIG_SM: return uint_of(buf, cap, m->sm);
	case QV_MIG_CE: return uint_of(buf, cap, m->ce);
	case QV_MIG_ENC: return uint_of(buf, cap, m->enc);
	case QV_MIG_DEC: return uint_of(buf, cap, m->dec);
	case QV_MIG_OFA: return uint_of(buf, cap, m->ofa);
	case QV_MIG_JPG: return uint_of(buf, cap, m->jpg);
	case QV_MIG_ECC: return c->g->ecc_mode ? uint_of(buf, cap, m->ecc) : "N/A";
	case QV_MIG_FB_TOTAL: return mib(buf, cap, m->mem_total);
	case QV_MIG_FB_RESERVED: return mib(buf, cap, 0);
	case QV_MIG_FB_USED: return mib(buf, cap, m->mem_used > m->mem_total ? m->mem_total : m->mem_used);
	case QV_MIG_FB_FREE: return mib(buf, cap, less(m->mem_total, m->mem_used));
	case QV_MIG_BAR1_TOTAL: return mib(buf, cap, m->bar1_total);
	case QV_MIG_BAR1_USED:
		return mib(buf, cap, m->bar1_used > m->bar1_total ? m->bar1_total : m->bar1_used);
	case QV_MIG_BAR1_FREE: return mib(buf, cap, less(m->bar1_total, m->bar1_used));
	default: return NULL;
	}
}

static const char *proc_value(char *buf, size_t cap, smi_q_val v, const q_ctx *c)
{
	const smi_proc_row *p = c->p;

	switch (v) {
	case QV_PROC_GI: return p->gi == MIG_NONE ? "N/A" : uint_of(buf, cap, p->gi);
	case QV_PROC_CI: return p->ci == MIG_NONE ? "N/A" : uint_of(buf, cap, p->ci);
	case QV_PROC_PID: return uint_of(buf, cap, p->pid);
	case QV_PROC_TYPE: return p->type;
	case QV_PROC_NAME: return p->name;
	case QV_PROC_MEM: return mib(buf, cap, p->used_mib);
	default: return NULL;
	}
}

static const char *value(char *buf, size_t cap, const smi_q_row *r, const q_ctx *c)
{
	const smi_screen *s = &c->d->s;
	struct tm tm;
	time_t when;
	const char *v;

	switch ((smi_q_val)r->val) {
	case QV_LIT: return r->text ? r->text : "";
	case QV_NA: return "N/A";
	case QV_TIMESTAMP:
		/* local time, like the main screen's date line */
		when = s->when;
		if (!localtime_r(&when, &tm) || !strftime(buf, cap, "%a %b %e %H:%M:%S %Y", &tm))
			buf[0] = '\0';
		return buf;
	case QV_DRIVER: return s->driver;
	case QV_CUDA: return s->cuda;
	case QV_ATTACHED: return uint_of(buf, cap, s->node_gpus);
	case QV_GPU_ID: return c->g ? c->g->bus_id : "";
	default: break;
	}
	v = NULL;
	if (c->p)
		v = proc_value(buf, cap, (smi_q_val)r->val, c);
	if (!v && c->m)
		v = q_mig_value(buf, cap, (smi_q_val)r->val, c);
	if (!v && c->g)
		v = gpu_value(buf, cap, (smi_q_val)r->val, c);
	return v ? v : "N/A";
}

/* Rendering -------------------------------------------------------------------------- */

/* XML text: the five predefined entities. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fputc(*s, f); break;
		}
	}
}

static void render_part(FILE *f, const smi_q_row *rows, size_t n, unsigned branch, smi_q_part part,
			q_ctx *c);

/*
 * Whether -q lists a process under its GPU: while MIG mode is on, only the
 * processes of MIG devices (every branch compared leaves a whole-GPU
 * graphics client out, though the main screen shows it).
 */
static int listed(const smi_proc_row *p, const smi_gpu_row *g)
{
	return p->gpu == g->index && (!g->mig_current || p->gi != MIG_NONE);
}

/* The MIG devices or the processes of the GPU in c, at a QK_BLOCK row. */
static void render_block(FILE *f, const smi_q_row *rows, size_t n, unsigned branch,
			 const smi_q_row *r, q_ctx *c)
{
	const smi_screen *s = &c->d->s;
	size_t count = 0;

	if (!strcmp(r->name, "MIG")) {
		for (size_t i = 0; i < s->nmig; i++)
			count += s->migs[i].gpu == c->g->index;
		if (!count) {
			render_part(f, rows, n, branch, QP_MIG_NONE, c);
			return;
		}
		render_part(f, rows, n, branch, QP_MIG_HEAD, c);
		for (size_t i = 0; i < s->nmig; i++) {
			if (s->migs[i].gpu != c->g->index)
				continue;
			c->m = &s->migs[i];
			render_part(f, rows, n, branch, QP_MIG, c);
		}
		c->m = NULL;
		render_part(f, rows, n, branch, QP_MIG_TAIL, c);
		return;
	}
	for (size_t i = 0; i < s->nproc; i++)
		count += listed(&s->procs[i], c->g);
	if (!count) {
		render_part(f, rows, n, branch, QP_PROC_NONE, c);
		return;
	}
	render_part(f, rows, n, branch, QP_PROC_HEAD, c);
	for (size_t i = 0; i < s->nproc; i++) {
		if (!listed(&s->procs[i], c->g))
			continue;
		c->p = &s->procs[i];
		render_part(f, rows, n, branch, QP_PROC, c);
	}
	c->p = NULL;
	render_part(f, rows, n, branch, QP_PROC_TAIL, c);
}

static void render_row(FILE *f, const smi_q_row *r, q_ctx *c)
{
	char buf[160];
	unsigned d = r->depth;

	switch ((smi_q_kind)r->kind) {
	case QK_RAW:
		if (c->xml)
			fprintf(f, "%.*s", (int)d, "\t\t\t\t\t\t\t\t");
		else
			fprintf(f, "%*s", (int)(4 * d), "");
		fprintf(f, "%s\n", r->name);
		break;
	case QK_HEAD:
		fprintf(f, "%*s%s\n", (int)(4 * d), "", r->name);
		break;
	case QK_VALUE:
		/* the label in 42 columns, indentation included */
		fprintf(f, "%*s%-*s: %s\n", (int)(4 * d), "", (int)(42 - 4 * d), r->name,
			value(buf, sizeof(buf), r, c));
		break;
	case QK_GPU:
		fprintf(f, "GPU %s\n", c->g->bus_id);
		break;
	case QK_OPEN:
		fprintf(f, "%.*s<%s>\n", (int)d, "\t\t\t\t\t\t\t\t", r->name);
		break;
	case QK_CLOSE:
		fprintf(f, "%.*s</%s>\n", (int)d, "\t\t\t\t\t\t\t\t", r->name);
		break;
	case QK_LEAF:
		fprintf(f, "%.*s<%s>", (int)d, "\t\t\t\t\t\t\t\t", r->name);
		xml_text(f, value(buf, sizeof(buf), r, c));
		fprintf(f, "</%s>\n", r->name);
		break;
	case QK_GPUOPEN:
		fprintf(f, "%.*s<%s id=\"", (int)d, "\t\t\t\t\t\t\t\t", r->name);
		xml_text(f, c->g->bus_id);
		fputs("\">\n", f);
		break;
	case QK_BLOCK:
		break;
	}
}

static void render_part(FILE *f, const smi_q_row *rows, size_t n, unsigned branch, smi_q_part part,
			q_ctx *c)
{
	for (size_t i = 0; i < n; i++) {
		const smi_q_row *r = &rows[i];

		if (r->part != part || !(r->branches & branch))
			continue;
		/* -d picks sections; a MIG device's or a process's lines go with their block */
		if ((part == QP_HEAD || part == QP_GPU || part == QP_FOOT) && !(r->groups & c->groups))
			continue;
		if (r->kind == QK_BLOCK)
			render_block(f, rows, n, branch, r, c);
		else
			render_row(f, r, c);
	}
}

void smi_q_render(FILE *f, const smi_q_doc *d, uint32_t driver, int xml, uint32_t groups)
{
	const smi_q_row *rows = xml ? smi_q_xml : smi_q_text;
	size_t n = xml ? smi_q_xml_count : smi_q_text_count;
	unsigned branch = smi_q_branch(driver);
	q_ctx c = {d, groups ? groups : QD_FULL, NULL, NULL, NULL, NULL, xml};

	render_part(f, rows, n, branch, QP_HEAD, &c);
	for (size_t i = 0; i < d->s.ngpu; i++) {
		c.g = &d->s.gpus[i];
		c.x = &d->gpus[i];
		render_part(f, rows, n, branch, QP_GPU, &c);
	}
	c.g = NULL;
	c.x = NULL;
	render_part(f, rows, n, branch, QP_FOOT, &c);
}
