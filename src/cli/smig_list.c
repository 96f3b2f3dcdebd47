/*
 * smig_list.c - the nvidia-smi text of -lgip, -lgipp, -lcip, -lcipp, -lgi
 * and -lci: templates of §smi-3-§smi-7 filled by table.c.
 */
#include <string.h>

#include "smig.h"
#include "table.h"

#define LINE 256

/* §smi-3.1: the 79-column (R450 ... R570) and 81-column (R580+) -lgip templates. */
static const char *const lgip_head79[] = {
	"| GPU   Name             ID    Instances   Memory     P2P    SM    DEC   ENC  |",
	"|                              Free/Total   GiB              CE    JPEG  OFA  |",
};
static const char *const lgip_row79[] = {
	"| <N > <NAME           > <P >  <USAGE   >  <MEM    >  <P2P>  <S >  <D >  <E > |",
	"|                                                            <C >  <J >  <O > |",
};
static const char *const lgip_head81[] = {
	"| GPU   Name               ID    Instances   Memory     P2P    SM    DEC   ENC  |",
	"|                                Free/Total   GiB              CE    JPEG  OFA  |",
};
static const char *const lgip_row81[] = {
	"| <N > <NAME             > <P >  <USAGE   >  <MEM    >  <P2P>  <S >  <D >  <E > |",
	"|                                                              <C >  <J >  <O > |",
};

/* §smi-5: -lcip, 88 columns in every generation. */
static const char *const lcip_head[] = {
	"| GPU     GPU       Name             Profile  Instances   Exclusive       Shared       |",
	"|       Instance                       ID     Free/Total     SM       DEC   ENC   OFA  |",
	"|         ID                                                          CE    JPEG       |",
};
static const char *const lcip_row[] = {
	"| <N >    <GI>     <NAME            >  <P >   <USAGE   >     <S >     <D >  <E >  <O > |",
	"|                                                                     <C >  <J >       |",
};

/* §smi-6: -lgi, 54 (R450/R460, 14-column name, template inferred from the capture), 57, 59. */
static const char *const lgi_head54[] = {
	"| GPU   Name          Profile  Instance   Placement  |",
	"|                       ID       ID       Start:Size |",
};
static const char *const lgi_head57[] = {
	"| GPU   Name             Profile  Instance   Placement  |",
	"|                          ID       ID       Start:Size |",
};
static const char *const lgi_head59[] = {
	"| GPU   Name               Profile  Instance   Placement  |",
	"|                            ID       ID       Start:Size |",
};
static const char lgi_row54[] = "| <N > <NAME        >   <P >     <GI>       <PLACE > |";
static const char lgi_row57[] = "| <N > <NAME           >   <P >     <GI>       <PLACE > |";
static const char lgi_row59[] = "| <N > <NAME             >   <P >     <GI>       <PLACE > |";

/* §smi-7: -lci, 70 columns (R470+) or 57 without Placement (R450). */
static const char *const lci_head70[] = {
	"| GPU     GPU       Name             Profile   Instance   Placement  |",
	"|       Instance                       ID        ID       Start:Size |",
	"|         ID                                                         |",
};
static const char lci_row70[] =
	"| <N >    <GI>     <NAME            >  <P >      <CI>       <PLACE > |";
static const char *const lci_head57[] = {
	"| GPU     GPU       Name             Profile   Instance |",
	"|       Instance                       ID        ID     |",
	"|         ID                                            |",
};
static const char lci_row57[] = "| <N >    <GI>     <NAME            >  <P >      <CI>   |";

const char *smig_lgip_template(unsigned width, int second_line)
{
	return width == 81 ? lgip_row81[second_line != 0] : lgip_row79[second_line != 0];
}

#define F(i, ...) tbl_fmt(v[i], sizeof(v[i]), __VA_ARGS__)

void smig_format_lgip_row(char *line1, char *line2, size_t cap, unsigned width,
			 unsigned gpu, const char *name, unsigned id, unsigned free,
			 unsigned total, unsigned memory_mib, int p2p, unsigned sm,
			 unsigned dec, unsigned enc, unsigned ce, unsigned jpeg, unsigned ofa)
{
	char v[12][64];
	const char *vals[12];

	/* §smi-3.2 formats; memory is %0.2f of MiB / 1024 (glibc rounds half to even, §smi-2). */
	F(0, "%3u", gpu);
	F(1, "%s", name);
	F(2, "%2u", id);
	F(3, "%2u/%-2u", free, total);
	F(4, "%0.2f", memory_mib / 1024.0);
	F(5, "%s", p2p ? "Yes" : "No");
	F(6, "%2u", sm);
	F(7, "%2u", dec);
	F(8, "%2u", enc);
	F(9, "%2u", ce);
	F(10, "%2u", jpeg);
	F(11, "%2u", ofa);
	for (int i = 0; i < 12; i++)
		vals[i] = v[i];
	smi_fill(line1, cap, smig_lgip_template(width, 0), vals, 9, NULL);
	smi_fill(line2, cap, smig_lgip_template(width, 1), vals + 9, 3, NULL);
}

void smig_format_lcip_row(char *line1, char *line2, size_t cap, unsigned gpu, unsigned gi,
			 const char *name, unsigned id, int is_default, unsigned free,
			 unsigned total, unsigned sm, unsigned dec, unsigned enc, unsigned ofa,
			 unsigned ce, unsigned jpeg)
{
	char v[10][64];
	const char *vals[10];

	/* §smi-5: the `*` follows the ID inside the placeholder (" 2*", " 0 "). */
	F(0, "%3u", gpu);
	F(1, "%2u", gi);
	F(2, "%s", name);
	F(3, "%2u%s", id, is_default ? "*" : "");
	F(4, "%2u/%-2u", free, total);
	F(5, "%2u", sm);
	F(6, "%2u", dec);
	F(7, "%2u", enc);
	F(8, "%2u", ofa);
	F(9, "%2u", ce);
	for (int i = 0; i < 10; i++)
		vals[i] = v[i];
	smi_fill(line1, cap, lcip_row[0], vals, 9, NULL);
	{
		char j[16];
		const char *second[2] = {v[9], tbl_fmt(j, sizeof(j), "%2u", jpeg)};

		smi_fill(line2, cap, lcip_row[1], second, 2, NULL);
	}
}

void smig_format_lgi_row(char *line, size_t cap, unsigned width, unsigned gpu,
			const char *name, unsigned profile_id, unsigned gi, unsigned start,
			unsigned size)
{
	char v[5][64];
	const char *vals[5];

	F(0, "%3u", gpu);
	F(1, "%s", name);
	F(2, "%2u", profile_id);
	F(3, "%2u", gi);
	F(4, "%2u:%-2u", start, size);
	for (int i = 0; i < 5; i++)
		vals[i] = v[i];
	smi_fill(line, cap, width == 59 ? lgi_row59 : width == 54 ? lgi_row54 : lgi_row57, vals,
		 5, NULL);
}

void smig_format_lci_row(char *line, size_t cap, int placement, unsigned gpu, unsigned gi,
			const char *name, unsigned profile_id, unsigned ci, unsigned start,
			unsigned size)
{
	char v[6][64];
	const char *vals[6];

	F(0, "%3u", gpu);
	F(1, "%2u", gi);
	F(2, "%s", name);
	F(3, "%2u", profile_id);
	F(4, "%2u", ci);
	F(5, "%2u:%-2u", start, size);
	for (int i = 0; i < 6; i++)
		vals[i] = v[i];
	smi_fill(line, cap, placement ? lci_row70 : lci_row57, vals, placement ? 6 : 5, NULL);
}

void smig_format_placements(char *line, size_t cap, unsigned gpu, int gi, unsigned profile_id,
			   const mig_placement *pl, size_t n)
{
	size_t o = 0;

#define PUT(...)                                                                     \
	do {                                                                         \
		int k_ = snprintf(line + o, o < cap ? cap - o : 0, __VA_ARGS__);     \
		if (k_ > 0)                                                          \
			o = o + (size_t)k_ < cap ? o + (size_t)k_ : cap - 1;         \
	} while (0)

	/* §smi-4: "Placements" for several, "Placement " (colon aligned) for one. */
	if (gi >= 0)
		PUT("GPU %2u GI %2u Profile ID %2u %s: {", gpu, (unsigned)gi, profile_id,
		    n == 1 ? "Placement " : "Placements");
	else
		PUT("GPU %2u Profile ID %2u %s: {", gpu, profile_id,
		    n == 1 ? "Placement " : "Placements");
	for (size_t i = 0; i < n; i++)
		PUT("%s%u", i ? "," : "", pl[i].start);
	PUT("}:%u", n ? pl[0].size : 0);
#undef PUT
}

static void head(FILE *f, unsigned w, const char *title, const char *const *lines, size_t n)
{
	tbl_rule(f, w, '-');
	tbl_title(f, w, title);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	tbl_rule(f, w, '=');
}

void smig_print_lgip(FILE *f, const smig_ctx *ctx, const smig_rows *r)
{
	unsigned w = ctx->gen.lgip_width;

	head(f, w, "GPU instance profiles:", w == 81 ? lgip_head81 : lgip_head79, 2);
	for (size_t i = 0; i < r->n; i++) {
		const smig_gip_row *row = &r->gip[i];
		char name[64], l1[LINE], l2[LINE];

		smig_full_name(name, sizeof(name), row->p.name);
		smig_format_lgip_row(l1, l2, LINE, w, row->gpu, name, row->p.id, row->free,
				    row->total, row->p.memory_mib, 0, row->p.sm, row->p.dec,
				    row->p.enc, row->p.ce, row->p.jpeg, row->p.ofa);
		fprintf(f, "%s\n%s\n", l1, l2);
		tbl_rule(f, w, '-');
	}
}

void smig_print_lgipp(FILE *f, const smig_rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const smig_gip_row *row = &r->gip[i];
		char line[LINE * 2];

		if (!row->nplacements)
			continue; /* §smi-4: profiles without placements are skipped */
		smig_format_placements(line, sizeof(line), row->gpu, -1, row->p.id, row->placements,
				      row->nplacements);
		fprintf(f, "%s\n", line);
	}
}

void smig_print_lcip(FILE *f, const smig_rows *r)
{
	head(f, 88, "Compute instance profiles:", lcip_head, 3);
	for (size_t i = 0; i < r->n; i++) {
		const smig_cip_row *row = &r->cip[i];
		char name[64], l1[LINE], l2[LINE];

		smig_full_name(name, sizeof(name), row->p.name);
		smig_format_lcip_row(l1, l2, LINE, row->gpu, row->gi, name, row->p.id,
				    row->p.is_default, row->free, row->p.instance_count, row->p.sm,
				    row->dec, row->enc, row->ofa, row->ce, row->jpeg);
		fprintf(f, "%s\n%s\n", l1, l2);
		tbl_rule(f, 88, '-');
	}
}

void smig_print_lcipp(FILE *f, const smig_rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const smig_cip_row *row = &r->cip[i];
		char line[LINE * 2];

		if (!row->nplacements)
			continue;
		smig_format_placements(line, sizeof(line), row->gpu, (int)row->gi, row->p.id,
				      row->placements, row->nplacements);
		fprintf(f, "%s\n", line);
	}
}

void smig_print_lgi(FILE *f, const smig_ctx *ctx, const smig_gi_ref *gis, size_t n)
{
	unsigned w = ctx->gen.lgi_width;

	head(f, w, "GPU instances:", w == 59 ? lgi_head59 : w == 54 ? lgi_head54 : lgi_head57, 2);
	for (size_t i = 0; i < n; i++) {
		char name[64], line[LINE];

		smig_full_name(name, sizeof(name), gis[i].profile.name);
		smig_format_lgi_row(line, LINE, w, gis[i].gpu, name, gis[i].profile.id, gis[i].gi.id,
				   gis[i].gi.placement.start, gis[i].gi.placement.size);
		fprintf(f, "%s\n", line);
		tbl_rule(f, w, '-');
	}
}

void smig_print_lci(FILE *f, const smig_ctx *ctx, const smig_ci_ref *cis, size_t n)
{
	int pl = ctx->gen.lci_placement;
	unsigned w = pl ? 70 : 57;

	head(f, w, "Compute instances:", pl ? lci_head70 : lci_head57, 3);
	for (size_t i = 0; i < n; i++) {
		char name[64], line[LINE];

		smig_full_name(name, sizeof(name), cis[i].ci.profile.name);
		smig_format_lci_row(line, LINE, pl, cis[i].gpu, cis[i].ci.gi, name,
				   cis[i].ci.profile.id, cis[i].ci.id, cis[i].ci.placement.start,
				   cis[i].ci.placement.size);
		fprintf(f, "%s\n", line);
		tbl_rule(f, w, '-');
	}
}
