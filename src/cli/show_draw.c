/*
 * show_draw.c - the picture of `migctl show`: one GPU's memory and compute
 * slices as a grid, then its instances, processes and what still fits.
 *
 * Everything fits in 80 columns: a 9-column label, then a 65-column grid
 * whose cells are 8 columns per slice on 8-slice GPUs and 16 on 4-slice
 * ones.  Output depends on the rows only (no time, no terminal size), so
 * it is golden-testable; colours are ANSI SGR codes around cell texts.
 */
#include <string.h>

#include "show.h"

#define LABEL_WIDTH 9
#define GRID_WIDTH 64 /* cell columns, without the closing '|' */
#define CELL_LINES_MEMORY 2
#define CELL_LINES_COMPUTE 2 /* a third, "N procs", when any CI has processes */

/* A GI's colour by its rank; free and absent slices are dim. */
static const char *const palette[] = {"36", "33", "35", "32", "34", "31", "96", "93"};
#define SGR_DIM "2"
#define SGR_BOLD "1"

/* A merged run of cells with the same content. */
typedef struct span_cell {
	unsigned first, count;
	show_cell cell;
} span_cell;

void show_clip(char *dst, size_t width, const char *text)
{
	size_t n = strlen(text);

	if (n <= width) {
		memcpy(dst, text, n + 1);
	} else if (width < 3) {
		memcpy(dst, text, width);
		dst[width] = '\0';
	} else {
		/* §smi-2: keep the first width-3 characters and append "..." */
		memcpy(dst, text, width - 3);
		memcpy(dst + width - 3, "...", 4);
	}
}

static int same_cell(const show_cell *a, const show_cell *b)
{
	/* Free slices stay one cell each: the picture counts them. */
	return a->use == b->use && a->use != SHOW_FREE && a->gi == b->gi && a->ci == b->ci;
}

static size_t spans_of(span_cell *out, const show_cell *cells, unsigned n)
{
	size_t k = 0;

	for (unsigned s = 0; s < n; s++) {
		if (k && same_cell(&out[k - 1].cell, &cells[s])) {
			out[k - 1].count++;
			continue;
		}
		out[k++] = (span_cell){s, 1, cells[s]};
	}
	return k;
}

static void put_colored(FILE *f, const char *text, const char *sgr, int color)
{
	if (color && sgr && *text)
		fprintf(f, "\033[%sm%s\033[0m", sgr, text);
	else
		fputs(text, f);
}

/* Text and colour of line `line` of a cell. */
static const char *cell_text(char *buf, size_t len, const show_gpu *g, const show_cell *c,
			     int compute, unsigned line, const char **sgr)
{
	const show_gi *gi = c->gi >= 0 ? &g->gi[c->gi] : NULL;

	buf[0] = '\0';
	*sgr = SGR_DIM;
	switch (c->use) {
	case SHOW_FREE:
		return line == 0 ? "free" : "";
	case SHOW_ABSENT:
		return line == 0 ? "n/a" : "";
	case SHOW_NO_CI:
		*sgr = palette[gi->color % 8];
		return line == 0 ? "no CI" : "";
	case SHOW_UNUSED:
		return line == 0 ? "unused" : "";
	case SHOW_GI:
		break;
	}
	*sgr = palette[gi->color % 8];
	if (!compute) {
		if (line == 0)
			snprintf(buf, len, "GI %u", gi->info.id);
		else
			snprintf(buf, len, "%s", gi->profile.name);
	} else {
		const show_ci *ci = &gi->ci[c->ci];

		if (line == 0)
			snprintf(buf, len, "CI %u", ci->info.id);
		else if (line == 1)
			snprintf(buf, len, "%s", ci->info.profile.name);
		else if (ci->nproc)
			snprintf(buf, len, "%zu proc%s", ci->nproc, ci->nproc == 1 ? "" : "s");
	}
	return buf;
}

static void draw_cells(FILE *f, const show_gpu *g, const char *label, const show_cell *cells,
		       int compute, unsigned lines, int color)
{
	span_cell spans[SHOW_MAX_SLICES];
	size_t n = spans_of(spans, cells, g->memory_slices);
	unsigned cw = GRID_WIDTH / g->memory_slices;

	for (unsigned line = 0; line < lines; line++) {
		fprintf(f, "%*s |", LABEL_WIDTH - 2, line == 0 ? label : "");
		for (size_t i = 0; i < n; i++) {
			size_t width = spans[i].count * cw - 1;
			char buf[64], clipped[GRID_WIDTH + 1];
			const char *sgr;
			const char *text = cell_text(buf, sizeof(buf), g, &spans[i].cell, compute,
						     line, &sgr);

			show_clip(clipped, width, text);
			put_colored(f, clipped, sgr, color);
			fprintf(f, "%*s|", (int)(width - strlen(clipped)), "");
		}
		fputc('\n', f);
	}
}

/* A border: '+' where either neighbouring row has a cell boundary. */
static void draw_border(FILE *f, const show_gpu *g, const show_cell *above,
			const show_cell *below)
{
	unsigned cw = GRID_WIDTH / g->memory_slices;

	fprintf(f, "%*s", LABEL_WIDTH - 1, "");
	for (unsigned s = 0; s < g->memory_slices; s++) {
		int edge = s == 0 || (above && !same_cell(&above[s - 1], &above[s])) ||
			   (below && !same_cell(&below[s - 1], &below[s]));

		fputc(edge ? '+' : '-', f);
		for (unsigned k = 1; k < cw; k++)
			fputc('-', f);
	}
	fputs("+\n", f);
}

static void draw_grid(FILE *f, const show_gpu *g, int color)
{
	unsigned cw = GRID_WIDTH / g->memory_slices;
	int absent = 0, no_ci = 0, free_ = 0, unused = 0;

	/* Column heads: the placement start of each slice, as -lgi prints it. */
	fprintf(f, "%*s", LABEL_WIDTH, "");
	for (unsigned s = 0; s + 1 < g->memory_slices; s++)
		fprintf(f, "%-*u", (int)cw, s * g->units_per_slice);
	fprintf(f, "%u\n", (g->memory_slices - 1) * g->units_per_slice);
	draw_border(f, g, NULL, g->memory);
	draw_cells(f, g, "memory", g->memory, 0, CELL_LINES_MEMORY, color);
	draw_border(f, g, g->memory, g->compute);
	draw_cells(f, g, "compute", g->compute, 1,
		   CELL_LINES_COMPUTE + (g->nproc > g->gpu_nproc), color);
	draw_border(f, g, g->compute, NULL);
	for (unsigned s = 0; s < g->memory_slices; s++) {
		absent |= g->compute[s].use == SHOW_ABSENT;
		no_ci |= g->compute[s].use == SHOW_NO_CI;
		unused |= g->compute[s].use == SHOW_UNUSED;
		free_ |= g->memory[s].use == SHOW_FREE || g->compute[s].use == SHOW_FREE;
	}
	if (g->units_per_slice > 1)
		fprintf(f, "%*sslice = %u placement units (-lgipp)\n", LABEL_WIDTH, "",
			g->units_per_slice);
	if (free_)
		fprintf(f, "%*sfree: not in any GPU instance\n", LABEL_WIDTH, "");
	if (no_ci)
		fprintf(f, "%*sno CI: in a GPU instance, no compute instance uses it\n",
			LABEL_WIDTH, "");
	if (unused)
		fprintf(f, "%*sunused: the GPU instance has the memory slice, not its compute\n",
			LABEL_WIDTH, "");
	if (absent)
		fprintf(f, "%*sn/a: no compute slice (%u compute slices for %u memory slices)\n",
			LABEL_WIDTH, "", g->compute_slices, g->memory_slices);
}

static void fmt_span(char *buf, size_t len, show_span s)
{
	if (s.count <= 1)
		snprintf(buf, len, "%u", s.first);
	else
		snprintf(buf, len, "%u-%u", s.first, s.first + s.count - 1);
}

static void draw_procs(FILE *f, const show_gpu *g, size_t first, size_t n, int indent)
{
	for (size_t p = first; p < first + n; p++) {
		char name[41];

		show_clip(name, sizeof(name) - 1, g->proc[p].name);
		fprintf(f, "%*spid %-7u  %-40s %llu MiB\n", indent, "", g->proc[p].pid, name,
			g->proc[p].used_mib);
	}
}

static void draw_instances(FILE *f, const show_gpu *g, int color)
{
	if (g->ngi == 0) {
		fprintf(f, "  No GPU instances.\n");
		return;
	}
	for (size_t i = 0; i < g->ngi; i++) {
		const show_gi *gi = &g->gi[i];
		char at[16], mem[16], cmp[16], head[16];

		snprintf(at, sizeof(at), "%u:%u", gi->info.placement.start, gi->info.placement.size);
		fmt_span(mem, sizeof(mem), gi->memory);
		fmt_span(cmp, sizeof(cmp), gi->compute);
		snprintf(head, sizeof(head), "GI %u", gi->info.id);
		fputs("  ", f);
		put_colored(f, head, palette[gi->color % 8], color);
		fprintf(f, "%*s%-16s  at %-5s  memory %-5s compute %s\n", (int)(7 - strlen(head)),
			"", gi->profile.name, at, mem, cmp);
		if (gi->nci == 0)
			fprintf(f, "    no compute instance\n");
		for (size_t c = 0; c < gi->nci; c++) {
			const show_ci *ci = &gi->ci[c];

			snprintf(at, sizeof(at), "%u:%u", ci->info.placement.start,
				 ci->info.placement.size);
			snprintf(head, sizeof(head), "CI %u", ci->info.id);
			fprintf(f, "    %-5s %-15s  at %-5s  %s\n", head, ci->info.profile.name, at,
				ci->info.uuid);
			draw_procs(f, g, ci->proc_first, ci->nproc, 6);
		}
	}
}

static void draw_fits(FILE *f, const show_gpu *g)
{
	fprintf(f, "  Profiles: free/total, and where each fits now (start:size):\n");
	for (size_t i = 0; i < g->nfit; i++) {
		const show_fit *fit = &g->fit[i];

		fprintf(f, "    %-16s %2u/%-2u ", fit->profile.name, fit->remaining,
			fit->profile.instance_count);
		if (fit->nfree == 0)
			fputs(" -", f);
		for (size_t p = 0; p < fit->nfree; p++)
			fprintf(f, " %u:%u", fit->free[p].start, fit->free[p].size);
		fputc('\n', f);
	}
}

static const char *mode(int on)
{
	return on ? "Enabled" : "Disabled";
}

void show_draw(FILE *f, const show_gpu *g, int color)
{
	char title[96];

	snprintf(title, sizeof(title), "GPU %u", g->index);
	put_colored(f, title, SGR_BOLD, color);
	fprintf(f, "  %s\n", mig_model_name(g->info.model));
	fprintf(f, "  %s  bus %s\n", g->info.uuid, g->info.pci_bus_id);
	fprintf(f, "  driver %s  MIG mode %s", g->info.driver, mode(g->info.mig_current));
	if (g->info.mig_pending != g->info.mig_current)
		fprintf(f, ", pending %s (after 'migctl -i %u -r')", mode(g->info.mig_pending),
			g->index);
	fputc('\n', f);
	if (!g->info.mig_current) {
		fprintf(f, "  MIG is disabled: the GPU is one device.\n");
	} else {
		fputc('\n', f);
		draw_grid(f, g, color);
		fputc('\n', f);
		draw_instances(f, g, color);
	}
	if (g->gpu_nproc) {
		fprintf(f, "  Processes on the whole GPU:\n");
		draw_procs(f, g, g->gpu_proc_first, g->gpu_nproc, 4);
	}
	if (g->info.mig_current) {
		fputc('\n', f);
		draw_fits(f, g);
	}
}
