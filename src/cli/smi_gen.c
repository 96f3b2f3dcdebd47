/*
 * smi_gen.c - which nvidia-smi generation a driver version prints at the
 * top level (nvidia-smi-output.md §1, §10, §11).
 */
#include "smi.h"

smi_gen smi_gen_of(uint32_t driver)
{
	/*
	 * §11.3: R450 captures with one line per MIG device and no BAR1 label
	 * have no driver version; the 450.80.02 one has the label.  Decided
	 * (docs/cli-smi.md): the one-line form before 450.80.02.
	 */
	if (driver < MIG_DRV(450, 80, 2))
		return SMI_R450;
	if (driver < MIG_DRV(470, 0, 0))
		return SMI_R460;
	if (driver < MIG_DRV(530, 0, 0))
		return SMI_R470;
	if (driver < MIG_DRV(550, 0, 0))
		return SMI_R535;
	if (driver < MIG_DRV(560, 0, 0))
		return SMI_R550;
	/* Decided: R560 prints as R565 (no binary examined). */
	if (driver < MIG_DRV(570, 0, 0))
		return SMI_R565;
	/* Decided: every R570 build prints as the 570.133 binaries examined
	 * (570.172.08 and 570.195.03 captures agree, §1). */
	if (driver < MIG_DRV(580, 0, 0))
		return SMI_R570;
	return SMI_R580;
}

unsigned smi_width(smi_gen gen)
{
	/* §1: 79 up to R525, 89 for R530 ... R545, 91 from R550 */
	switch (gen) {
	case SMI_R450:
	case SMI_R460:
	case SMI_R470:
		return 79;
	case SMI_R535:
		return 89;
	default:
		return 91;
	}
}
