/*
 * smi_list.c - `nvidia-smi -L` (§smi-10).
 */
#include <string.h>

#include "smi.h"

void smi_render_list(FILE *f, const smi_screen *s)
{
	for (size_t i = 0; i < s->ngpu; i++) {
		const smi_gpu_row *g = &s->gpus[i];

		/* "GPU %u: %s (%s: %s)": the full name, never cut */
		fprintf(f, "GPU %u: %s (UUID: %s)\n", g->index, g->name, g->uuid);
		for (size_t k = 0; k < s->nmig; k++) {
			const smi_mig_row *m = &s->migs[k];

			if (m->gpu != g->index)
				continue;
			/* a device name without "MIG" is not printed at all [B] */
			if (strncmp(m->name, "MIG", 3))
				continue;
			if (s->gen <= SMI_R460)
				/* R450/R460: "  MIG %s Device %u: (UUID: %s)" [P 460.80] */
				fprintf(f, "  MIG %s Device %u: (UUID: %s)\n",
					m->name[3] == ' ' ? m->name + 4 : m->name + 3, m->dev, m->uuid);
			else
				/* R470+: "  %-15s Device %2u: (%s: %s)" [S] */
				fprintf(f, "  %-15s Device %2u: (UUID: %s)\n", m->name, m->dev, m->uuid);
		}
	}
}
