/*
 * smig_gen.c - which nvidia-smi generation a driver version prints
 * (nvidia-smi-output.md §1, §3.3, §9.4; choices on the unverified
 * boundaries are written down in docs/cli-mig.md).
 */
#include "smig.h"

void smig_gen_for(smig_gen *out, uint32_t driver)
{
	/*
	 * §1: the 81/59-column -lgip/-lgi templates are in 580.82.07 and not in
	 * 570.133.20; late R570 builds were not examined.  mig-geometry.md §1.9
	 * reports the 81-column -lgip seen with 570.169 (the Scaleway H100 PCIe
	 * notes), so the change came within R570: chosen, every build after
	 * 570.133.20.
	 */
	int r580 = driver > MIG_DRV(570, 133, 20);
	/* §1: R450/R460 print the 54-column -lgi, -lci without Placement, -cci without CI ID. */
	int r470 = driver >= MIG_DRV(470, 0, 0);

	out->lgip_width = r580 ? 81 : 79;
	out->lgi_width = r580 ? 59 : r470 ? 57 : 54;
	out->lci_placement = r470;
	out->cci_id = r470;
	/*
	 * §3.3: R535+ sorts by memory too, R470 does not; Debian's real
	 * 525.147.05 nvidia-smi sorts like R535 (and an H100 PCIe capture under
	 * 525.125.06 reads 19, 20, 15, ...).  R510-R520 unverified (chosen: R470's).
	 */
	out->sort_by_memory = driver >= MIG_DRV(525, 0, 0);
	/* -lcipp came with the CI placements call (NVML 12.0, R525): R470's rejects it. */
	out->has_lcipp = driver >= MIG_DRV(525, 0, 0);
	/*
	 * §3.3: enums asked for: R470 0-7, R535...R565 0-9, R570.133 0-12,
	 * R580 0-16, R595 0-17.  Chosen for the gaps: R450/R460 0-5 (NVML 11.0/11.1
	 * headers, nvml-api.md A.3), R525/R530 0-9 (ID 15, enum 9, is listed from R525).
	 */
	if (driver < MIG_DRV(470, 0, 0))
		out->profile_count = 6;
	else if (driver < MIG_DRV(525, 0, 0))
		out->profile_count = 8;
	else if (driver < MIG_DRV(570, 0, 0))
		out->profile_count = 10;
	else if (driver < MIG_DRV(580, 0, 0))
		out->profile_count = 13;
	else if (driver < MIG_DRV(595, 0, 0))
		out->profile_count = 17;
	else
		out->profile_count = 18;
	/* §9.4: R550+ (550 ... 595 observed). */
	out->disabled_exit0 = driver >= MIG_DRV(550, 0, 0);
	out->disabled_lists_profiles = out->disabled_exit0;
}
