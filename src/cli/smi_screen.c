/*
 * smi_screen.c - nvidia-smi's main screen (§smi-11): the
 * date line, the GPU table, the MIG devices table, the processes table,
 * drawn from rows with the templates of each generation.
 */
#include <string.h>

#include "smi.h"
#include "table.h"

/* Templates ---------------------------------------------------------------- */

/* §smi-11.1 version line and the header of the GPU table. */
static const char *const version_79 =
	"| NVIDIA-SMI <NVSMIV  >   Driver Version: <DRIVER  >   CUDA Version: <CUDAV  >|";
static const char *const version_89 =
	"| NVIDIA-SMI <NVSMIV  >             Driver Version: <DRIVER  >   CUDA Version: <CUDAV  >|";
static const char *const version_91 =
	"| NVIDIA-SMI <NVSMIV  >             Driver Version: <DRIVER  >     CUDA Version: <CUDAV  >|";

static const char *const gpu_head_79[] = {
	"|-------------------------------+----------------------+----------------------+",
	"| GPU  Name        Persistence-M| Bus-Id        Disp.A | Volatile Uncorr. ECC |",
	"| Fan  Temp  Perf  Pwr:Usage/Cap|         Memory-Usage | GPU-Util  Compute M. |",
	"|                               |                      |               MIG M. |",
	"|===============================+======================+======================|",
};
static const char *const gpu_head_89[] = {
	"|-----------------------------------------+----------------------+----------------------+",
	"| GPU  Name                 Persistence-M | Bus-Id        Disp.A | Volatile Uncorr. ECC |",
	"| Fan  Temp   Perf          Pwr:Usage/Cap |         Memory-Usage | GPU-Util  Compute M. |",
	"|                                         |                      |               MIG M. |",
	"|=========================================+======================+======================|",
};
static const char *const gpu_head_91[] = {
	"|-----------------------------------------+------------------------+----------------------+",
	"| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |",
	"| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |",
	"|                                         |                        |               MIG M. |",
	"|=========================================+========================+======================|",
};
static const char *const gpu_sep_79 =
	"+-------------------------------+----------------------+----------------------+";
static const char *const gpu_sep_89 =
	"+-----------------------------------------+----------------------+----------------------+";
static const char *const gpu_sep_91 =
	"+-----------------------------------------+------------------------+----------------------+";

/* §smi-11.2 GPU rows: three per GPU. */
static const char *const gpu_rows_470[] = {
	"| <N > <GPUNAME         > <PM > | <BUS ID        ><DP> | <ECC COUNT         > |",
	"|<FA > <TEM><PS >   <PU> / <PL> | <MEMORY USAGE      > |    <GPUU> <COMPUTE > |",
	"|                               |                      |           <MIG     > |",
};
static const char *const gpu_rows_535[] = {
	"| <N > <GPUNAME                  >   <PM> | <BUS ID        ><DP> | <ECC COUNT         > |",
	"|<FA > <TEM><PS >             <PU> / <PL> | <MEMORY USAGE      > |    <GPUU> <COMPUTE > |",
	"|                                         |                      |           <MIG     > |",
};
static const char *const gpu_rows_550[] = {
	"| <N > <GPUNAME                  >   <PM> |   <BUS ID        ><DP> | <ECC COUNT         > |",
	"|<FA > <TEM><PS >            <PU> / <PL > | <MEMORY USAGE        > |    <GPUU> <COMPUTE > |",
	"|                                         |                        |           <MIG     > |",
};
static const char *const gpu_rows_570[] = {
	"| <N > <GPUNAME                  >   <PM> |   <BUS ID        ><DP> | <ECC COUNT         > |",
	"|<FA > <TEM><PS >           <PU > / <PL > | <MEMORY USAGE        > |    <GPUU> <COMPUTE > |",
	"|                                         |                        |           <MIG     > |",
};
/* alignment of each placeholder of the three rows (TBL_* codes) */
static const char *const gpu_align[] = {"lllllr", "llrllrlr", "r"};

/* §smi-11.3 MIG devices table. */
static const char *const smi_mig_head_450[] = {
	"| GPU  GI  CI  MIG |         Memory-Usage |        Vol|         Shared        |",
	"|      ID  ID  Dev |                      | SM     Unc| CE  ENC  DEC  OFA  JPG|",
	"|                  |                      |        ECC|                       |",
};
static const char *const smi_mig_head_470[] = {
	"| GPU  GI  CI  MIG |         Memory-Usage |        Vol|         Shared        |",
	"|      ID  ID  Dev |           BAR1-Usage | SM     Unc| CE  ENC  DEC  OFA  JPG|",
	"|                  |                      |        ECC|                       |",
};
static const char *const smi_mig_head_535[] = {
	"| GPU  GI  CI  MIG |                   Memory-Usage |        Vol|      Shared           |",
	"|      ID  ID  Dev |                     BAR1-Usage | SM     Unc| CE ENC DEC OFA JPG    |",
	"|                  |                                |        ECC|                       |",
};
static const char *const smi_mig_head_550[] = {
	"| GPU  GI  CI  MIG |                     Memory-Usage |        Vol|      Shared           |",
	"|      ID  ID  Dev |                       BAR1-Usage | SM     Unc| CE ENC DEC OFA JPG    |",
	"|                  |                                  |        ECC|                       |",
};
static const char *const smi_mig_head_565[] = {
	"| GPU  GI  CI  MIG |                     Memory-Usage |        Vol|        Shared         |",
	"|      ID  ID  Dev |                       BAR1-Usage | SM     Unc| CE ENC  DEC  OFA  JPG |",
	"|                  |                                  |        ECC|                       |",
};
static const char *const smi_mig_head_580[] = {
	"| GPU  GI  CI  MIG |              Shared Memory-Usage |        Vol|        Shared         |",
	"|      ID  ID  Dev |                Shared BAR1-Usage | SM     Unc| CE ENC  DEC  OFA  JPG |",
	"|                  |                                  |        ECC|                       |",
};

/* The memory column's width inside the MIG table: 22, 32 or 34. */
static unsigned mem_width_of_mig(smi_gen gen)
{
	return gen <= SMI_R470 ? 22 : gen == SMI_R535 ? 32 : 34;
}

static const char *const smi_mig_row_470[] = {
	"|<N ><GI><CI> <MX> | <MEMORY USAGE      > |<MS>  <MEC>|<MC><ME> <MD> <MO> <MJ>|",
	"|                  | <BAR1 USAGE        > |           |                       |",
};
static const char *const smi_mig_row_535[] = {
	"|<N ><GI><CI> <MX> |          <MEMORY USAGE       > |<MS>  <MEC>|<MC><ME> <MD> <MO> <MJ>|",
	"|                  |          <BAR1 USAGE         > |           |                       |",
};
static const char *const smi_mig_row_550[] = {
	"|<N ><GI><CI> <MX> |          <MEMORY USAGE         > |<MS>  <MEC>|<MC><ME> <MD> <MO> <MJ>|",
	"|                  |            <BAR1 USAGE         > |           |                       |",
};
static const char *const smi_mig_row_580[] = {
	"|<N ><GI><CI> <MX> |          <MEMORY USAGE         > |<MS>  <MEC>|<MC><ME> <MD> <MO> <MJ>|",
	"|                  |          <BAR1 USAGE           > |           |                       |",
};

/* §smi-11.4 processes table. */
static const char *const proc_head_79[] = {
	"|  GPU   GI   CI        PID   Type   Process name                  GPU Memory |",
	"|        ID   ID                                                   Usage      |",
};
static const char *const proc_head_89[] = {
	"|  GPU   GI   CI        PID   Type   Process name                            GPU Memory |",
	"|        ID   ID                                                             Usage      |",
};
static const char *const proc_head_550[] = {
	"|  GPU   GI   CI        PID   Type   Process name                              GPU Memory |",
	"|        ID   ID                                                               Usage      |",
};
static const char *const proc_head_570[] = {
	"|  GPU   GI   CI              PID   Type   Process name                        GPU Memory |",
	"|        ID   ID                                                               Usage      |",
};
static const char *const proc_row_470 =
	"|  <N>   <G>  <C>  <PID   >  <T   >  <PNAME                     >    <PMEM  > |";
static const char *const proc_row_535 =
	"|  <N>   <G>  <C>  <PID   >  <T   >  <PNAME                               >    <PMEM  > |";
static const char *const proc_row_550 =
	"|  <N>   <G>  <C>  <PID   >  <T   >  <PNAME                               >      <PMEM  > |";
static const char *const proc_row_570 =
	"|  <N>   <G>  <C>  <PID         >  <T   >  <PNAME                         >      <PMEM  > |";

/* Helpers ------------------------------------------------------------------ */

static void line(FILE *f, const char *tmpl, const char *const *vals, size_t n, const char *align)
{
	char out[256];

	smi_fill(out, sizeof(out), tmpl, vals, n, align);
	fputs(out, f);
	fputc('\n', f);
}

/* "+----+" of width w, or a line of w blanks (§smi-11.4 separator). */
static void blanks(FILE *f, unsigned w)
{
	for (unsigned i = 0; i < w; i++)
		fputc(' ', f);
	fputc('\n', f);
}

/* A cell of `w` characters in a '+'/'|' rule: dashes, or blanks. */
static void cells(FILE *f, const unsigned *widths, const int *blank, size_t n)
{
	fputc('+', f);
	for (size_t i = 0; i < n; i++) {
		for (unsigned k = 0; k < widths[i]; k++)
			fputc(blank && blank[i] ? ' ' : '-', f);
		fputc('+', f);
	}
	fputc('\n', f);
}

/* Date line (§smi-11.1) ----------------------------------------------------------- */

void smi_render_date(FILE *f, time_t when)
{
	struct tm tm;
	char text[64], out[64];

	/* local time, %a %b %e %H:%M:%S %Y, left in a 31-column placeholder */
	if (!localtime_r(&when, &tm) || !strftime(text, sizeof(text), "%a %b %e %H:%M:%S %Y", &tm))
		text[0] = '\0';
	smi_field(out, 31, text);
	fprintf(f, "%s\n", out);
}

/* GPU table (§smi-11.1, §smi-11.2) -------------------------------------------------------- */

static void gpu_rows(FILE *f, const smi_screen *s, const smi_gpu_row *g)
{
	const char *const *t = s->gen <= SMI_R470 ? gpu_rows_470
			       : s->gen == SMI_R535 ? gpu_rows_535
			       : s->gen <= SMI_R565 ? gpu_rows_550 : gpu_rows_570;
	int wide = s->gen >= SMI_R550; /* 91 columns: %4uW limits, %7u/%6u memory */
	char n[16], pm[8], ecc[24], fan[16], tem[16], ps[8], pu[16], pl[16], mem[48], util[16],
		mig[16];

	snprintf(n, sizeof(n), "%3u", g->index);
	snprintf(pm, sizeof(pm), "%3s", g->persistence ? "On" : "Off");
	/* §smi-11.2: while MIG is (currently) on the cell shows the ECC mode, else the count */
	if (g->mig_current)
		snprintf(ecc, sizeof(ecc), "%s", g->ecc_mode ? "On" : "Off");
	else if (g->ecc_mode)
		snprintf(ecc, sizeof(ecc), "%u", g->ecc_errors);
	else
		snprintf(ecc, sizeof(ecc), "Off");
	{
		const char *v[] = {n, g->name, pm, g->bus_id, g->display_active ? "  On" : " Off",
				   ecc};

		line(f, t[0], v, 6, gpu_align[0]);
	}
	if (g->fan == MIG_NA)
		snprintf(fan, sizeof(fan), " N/A");
	else
		snprintf(fan, sizeof(fan), "%3u%%", g->fan);
	snprintf(tem, sizeof(tem), "%3uC", g->temp_c);
	snprintf(ps, sizeof(ps), "P%u", g->pstate);
	/* the power fields are %3uW where 4 wide and %4uW where 5 wide */
	snprintf(pu, sizeof(pu), s->gen == SMI_R570 || s->gen == SMI_R580 ? "%4uW" : "%3uW",
		 (g->power_mw + 500) / 1000);
	snprintf(pl, sizeof(pl), wide ? "%4uW" : "%3uW", (g->limit_mw + 500) / 1000);
	if (g->memory_na)
		snprintf(mem, sizeof(mem), "N/A");
	else
		snprintf(mem, sizeof(mem), wide ? "%7lluMiB / %6lluMiB" : "%6lluMiB / %5lluMiB",
			 g->mem_used, g->mem_total);
	if (g->util == MIG_NA)
		snprintf(util, sizeof(util), " N/A");
	else
		snprintf(util, sizeof(util), "%3u%%", g->util);
	{
		const char *v[] = {fan, tem, ps, pu, pl, mem, util, "Default"};

		line(f, t[1], v, 8, gpu_align[1]);
	}
	/* §smi-11.2: the pending mode, '*' while it waits for a reset; N/A without MIG */
	if (!g->mig_supported)
		snprintf(mig, sizeof(mig), "N/A");
	else
		snprintf(mig, sizeof(mig), "%s%s", g->mig_pending ? "Enabled" : "Disabled",
			 g->mig_pending != g->mig_current ? "*" : "");
	{
		const char *v[] = {mig};

		line(f, t[2], v, 1, gpu_align[2]);
	}
}

void smi_render_gpu_table(FILE *f, const smi_screen *s)
{
	unsigned w = smi_width(s->gen);
	const char *const *head = w == 79 ? gpu_head_79 : w == 89 ? gpu_head_89 : gpu_head_91;
	const char *sep = w == 79 ? gpu_sep_79 : w == 89 ? gpu_sep_89 : gpu_sep_91;
	const char *ver = w == 79 ? version_79 : w == 89 ? version_89 : version_91;
	const char *v[] = {s->driver, s->driver, s->cuda};

	tbl_rule(f, w, '-');
	line(f, ver, v, 3, NULL);
	/* §smi-11.1: the third line starts with '+' from R580 on */
	if (s->gen >= SMI_R580)
		fprintf(f, "%s\n", sep);
	else
		fprintf(f, "%s\n", head[0]);
	for (size_t i = 1; i < 5; i++)
		fprintf(f, "%s\n", head[i]);
	for (size_t i = 0; i < s->ngpu; i++) {
		gpu_rows(f, s, &s->gpus[i]);
		fprintf(f, "%s\n", sep);
	}
}

/* MIG devices table (§smi-11.3) ---------------------------------------------------------- */

static void print_mig_row(FILE *f, const smi_screen *s, const smi_mig_row *r)
{
	const char *const *t = s->gen <= SMI_R470 ? smi_mig_row_470
			       : s->gen == SMI_R535 ? smi_mig_row_535
			       : s->gen < SMI_R580 ? smi_mig_row_550 : smi_mig_row_580;
	/* §smi-11.3: before R580 only the first CI of a GI shows the GI's memory */
	int mem = s->gen >= SMI_R580 || r->first_of_gi;
	char n[16], gi[16], ci[16], mx[16], usage[64], bar1[64], sm[16], ecc[16], e[5][16];
	unsigned eng[5] = {r->ce, r->enc, r->dec, r->ofa, r->jpg};

	snprintf(n, sizeof(n), "%3u", r->gpu);
	snprintf(gi, sizeof(gi), "%4u", r->gi);
	snprintf(ci, sizeof(ci), "%4u", r->ci);
	snprintf(mx, sizeof(mx), "%3u", r->dev);
	snprintf(usage, sizeof(usage), "%6lluMiB / %5lluMiB", r->mem_used, r->mem_total);
	snprintf(bar1, sizeof(bar1), "%6lluMiB / %5lluMiB", r->bar1_used, r->bar1_total);
	snprintf(sm, sizeof(sm), "%3u", r->sm);
	if (r->ecc == MIG_NA)
		snprintf(ecc, sizeof(ecc), "%4s", "N/A");
	else
		snprintf(ecc, sizeof(ecc), "%4u", r->ecc);
	for (int i = 0; i < 5; i++)
		snprintf(e[i], sizeof(e[i]), "%3u", eng[i]);
	{
		const char *v[] = {n, gi, ci, mx, mem ? usage : NULL, sm, ecc, e[0], e[1], e[2], e[3],
				   e[4]};

		line(f, t[0], v, 12, NULL);
	}
	/* §smi-11.3: R450 captures before 450.80.02 show one line per device */
	if (s->gen > SMI_R450) {
		const char *v[] = {mem ? bar1 : NULL};

		line(f, t[1], v, 1, NULL);
	}
}

void smi_render_mig_table(FILE *f, const smi_screen *s)
{
	unsigned w = smi_width(s->gen), mw = mem_width_of_mig(s->gen);
	const char *const *head = s->gen == SMI_R450 ? smi_mig_head_450
				  : s->gen <= SMI_R470 ? smi_mig_head_470
				  : s->gen == SMI_R535 ? smi_mig_head_535
				  : s->gen == SMI_R550 ? smi_mig_head_550
				  : s->gen < SMI_R580 ? smi_mig_head_565 : smi_mig_head_580;
	unsigned cols[4] = {18, mw, 11, 23};
	int mem_blank[4] = {0, 1, 0, 0};

	tbl_rule(f, w, '-');
	tbl_title(f, w, "MIG devices:");
	cells(f, cols, NULL, 4);
	for (size_t i = 0; i < 3; i++)
		fprintf(f, "%s\n", head[i]);
	fprintf(f, "|");
	for (size_t c = 0; c < 4; c++) {
		for (unsigned k = 0; k < cols[c]; k++)
			fputc('=', f);
		fputc(c == 3 ? '|' : '+', f);
	}
	fputc('\n', f);
	if (s->nmig == 0) {
		/* §smi-11.3: padded message, then a full-width border without joints */
		tbl_title(f, w, " No MIG devices found");
		tbl_rule(f, w, '-');
		return;
	}
	for (size_t i = 0; i < s->nmig; i++) {
		const smi_mig_row *r = &s->migs[i];

		print_mig_row(f, s, r);
		/* before R580 the separator between CIs of one GI leaves memory blank */
		cells(f, cols, s->gen < SMI_R580 && r->next_same_gi ? mem_blank : NULL, 4);
	}
}

/* Processes table (§smi-11.4) --------------------------------------------------------------- */

void smi_render_processes(FILE *f, const smi_screen *s)
{
	unsigned w = smi_width(s->gen);
	const char *const *head = w == 79 ? proc_head_79 : w == 89 ? proc_head_89
				  : s->gen < SMI_R570 ? proc_head_550 : proc_head_570;
	const char *row = w == 79 ? proc_row_470 : w == 89 ? proc_row_535
			  : s->gen < SMI_R570 ? proc_row_550 : proc_row_570;

	tbl_rule(f, w, '-');
	tbl_title(f, w, "Processes:");
	fprintf(f, "%s\n%s\n", head[0], head[1]);
	tbl_rule(f, w, '=');
	if (s->nproc == 0)
		tbl_title(f, w, " No running processes found");
	for (size_t i = 0; i < s->nproc; i++) {
		const smi_proc_row *p = &s->procs[i];
		char n[16], gi[16], ci[16], pid[16], type[16], mem[32];
		const char *v[] = {n, gi, ci, pid, type, p->name, mem};

		snprintf(n, sizeof(n), "%u", p->gpu);
		if (p->gi == MIG_NONE) {
			snprintf(gi, sizeof(gi), "N/A");
			snprintf(ci, sizeof(ci), "N/A");
		} else {
			snprintf(gi, sizeof(gi), "%2u", p->gi);
			snprintf(ci, sizeof(ci), "%2u", p->ci);
		}
		snprintf(pid, sizeof(pid), "%u", p->pid);
		/* type right-aligned in 5, then a blank */
		snprintf(type, sizeof(type), "%5s ", p->type);
		snprintf(mem, sizeof(mem), "%5lluMiB", p->used_mib);
		/* §smi-2: process names are cut from the left ("...inux/release/X") */
		line(f, row, v, 7, "rllrlt" "r");
	}
	tbl_rule(f, w, '-');
}

/* The whole screen (§smi-11) ------------------------------------------------------------------ */

void smi_render_screen(FILE *f, const smi_screen *s)
{
	unsigned w = smi_width(s->gen);

	smi_render_date(f, s->when);
	smi_render_gpu_table(f, s);
	if (s->show_mig) {
		/* §smi-11.4: always an empty line between the GPU and the MIG devices table */
		fputc('\n', f);
		smi_render_mig_table(f, s);
	}
	/* §smi-11.4: 79 blanks up to R525, 89 (even in the 91-column R550 ... R570), empty from R580 */
	if (s->gen >= SMI_R580)
		fputc('\n', f);
	else
		blanks(f, w == 79 ? 79 : 89);
	smi_render_processes(f, s);
}
