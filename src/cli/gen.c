/*
 * gen.c - the driver-generation table (gen.h) and the lookups the output
 * code uses.  Each row holds from its driver version up to the next row's.
 *
 * Where the captures leave a gap, the row says what was chosen (the
 * reasons are in docs/cli-smi.md and docs/cli-mig.md):
 *  - before 450.80.02: R450's one-line MIG devices without a BAR1 label
 *    (the R450 captures without a version; 450.80.02's has the label);
 *  - R450/R460 ask for GI profile enums 0-5 (NVML 11.0/11.1 headers),
 *    R525/R530 for 0-9 (profile ID 15, enum 9, is listed from R525);
 *  - R500-R529 -q prints as R525; older as R470, newer than R555 as R555;
 *  - R510-R520 sort -lgip like R470 (Debian's real 525.147.05 and an H100
 *    PCIe capture under 525.125.06 sort like R535);
 *  - R560 prints as R565 (no binary examined);
 *  - the 81/59-column -lgip/-lgi came within R570: the 570.133.20 binary
 *    prints 79/57, a 570.169 capture 81; every build after 570.133.20 gets
 *    the wide tables.
 */
#include "gen.h"
#include "smi_q.h"
#include "smig.h"

static const cli_gen gens[] = {
	/* from                        smi       w   q       lgip lgi  enums pl id mem lcipp dis0 r470 r580 */
	{0,                            SMI_R450, 79, Q_R470, 79,  54,  6,    0, 0, 0,  0,    0,   1,   0},
	{MIG_DRV(450, 80, 2),          SMI_R460, 79, Q_R470, 79,  54,  6,    0, 0, 0,  0,    0,   1,   0},
	{MIG_DRV(470, 0, 0),           SMI_R470, 79, Q_R470, 79,  57,  8,    1, 1, 0,  0,    0,   1,   0},
	{MIG_DRV(500, 0, 0),           SMI_R470, 79, Q_R525, 79,  57,  8,    1, 1, 0,  0,    0,   1,   0},
	{MIG_DRV(525, 0, 0),           SMI_R470, 79, Q_R525, 79,  57,  10,   1, 1, 1,  1,    0,   1,   0},
	{MIG_DRV(530, 0, 0),           SMI_R535, 89, Q_R535, 79,  57,  10,   1, 1, 1,  1,    0,   1,   0},
	{MIG_DRV(535, 0, 0),           SMI_R535, 89, Q_R535, 79,  57,  10,   1, 1, 1,  1,    0,   0,   0},
	{MIG_DRV(550, 0, 0),           SMI_R550, 91, Q_R550, 79,  57,  10,   1, 1, 1,  1,    1,   0,   0},
	{MIG_DRV(555, 0, 0),           SMI_R550, 91, Q_R555, 79,  57,  10,   1, 1, 1,  1,    1,   0,   0},
	{MIG_DRV(560, 0, 0),           SMI_R565, 91, Q_R555, 79,  57,  10,   1, 1, 1,  1,    1,   0,   0},
	{MIG_DRV(570, 0, 0),           SMI_R570, 91, Q_R555, 79,  57,  13,   1, 1, 1,  1,    1,   0,   0},
	{MIG_DRV(570, 133, 20) + 1,    SMI_R570, 91, Q_R555, 81,  59,  13,   1, 1, 1,  1,    1,   0,   0},
	{MIG_DRV(580, 0, 0),           SMI_R580, 91, Q_R555, 81,  59,  17,   1, 1, 1,  1,    1,   0,   1},
	{MIG_DRV(595, 0, 0),           SMI_R580, 91, Q_R555, 81,  59,  18,   1, 1, 1,  1,    1,   0,   1},
};

const cli_gen *cli_gen_of(uint32_t driver)
{
	size_t i = sizeof(gens) / sizeof(gens[0]) - 1;

	while (i > 0 && driver < gens[i].from)
		i--;
	return &gens[i];
}

smi_gen smi_gen_of(uint32_t driver)
{
	return cli_gen_of(driver)->smi;
}

unsigned smi_width(smi_gen gen)
{
	for (size_t i = 0; i < sizeof(gens) / sizeof(gens[0]); i++)
		if (gens[i].smi == gen)
			return gens[i].smi_width;
	return gens[0].smi_width;
}

unsigned smi_q_branch(uint32_t driver)
{
	return cli_gen_of(driver)->q_branch;
}

void smig_gen_for(smig_gen *out, uint32_t driver)
{
	const cli_gen *g = cli_gen_of(driver);

	out->lgip_width = g->lgip_width;
	out->lgi_width = g->lgi_width;
	out->lci_placement = g->lci_placement;
	out->cci_id = g->cci_id;
	out->sort_by_memory = g->sort_by_memory;
	out->has_lcipp = g->has_lcipp;
	out->profile_count = g->profile_count;
	out->disabled_exit0 = g->disabled_exit0;
	out->disabled_lists_profiles = g->disabled_exit0;
}
