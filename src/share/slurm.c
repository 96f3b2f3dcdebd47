/*
 * slurm.c - Slurm's gres/mps configuration for this node (docs/sharing.md
 * "Slurm").
 *
 * Slurm's GRES guide (slurm.schedmd.com/gres.html, "MPS Management"): a
 * GPU's MPS share is a count, 100 per GPU by default, tied to the GPU's
 * device file in gres.conf (Name=mps Count=100 File=/dev/nvidiaN, beside
 * its Name=gpu line), and the node declares GresTypes=gpu,mps and
 * Gres=gpu:N,mps:TOTAL in slurm.conf; gres/mps needs select/cons_tres.
 * Slurm counts MPS per whole GPU (per /dev/nvidiaN); MIG-enabled GPUs are
 * left out (MPS on MIG devices through Slurm: not confirmed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_internal.h"
#include "share_conf.h"

/* Slurm's default MPS count of one GPU: a percentage of it. */
#define MPS_PER_GPU 100u

static int valid_node(const char *node)
{
	if (!node[0] || strlen(node) > 64)
		return 0;
	for (const char *p = node; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

static unsigned write_gres(FILE *f, const mig_state *st)
{
	unsigned whole = 0;

	fprintf(f, "# gres.conf\n");
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		mig_gpu_info info;

		if (mig_gpu_get(&info, st, g))
			continue;
		if (info.mig_current) {
			fprintf(f, "# GPU %u (%s): MIG enabled; Slurm's gres/mps counts whole GPUs, left out\n",
				g, info.uuid);
			continue;
		}
		fprintf(f, "Name=gpu File=/dev/nvidia%u\nName=mps Count=%u File=/dev/nvidia%u\n", g,
			MPS_PER_GPU, g);
		whole++;
	}
	return whole;
}

int share_slurm_config(char **out, const mig_state *st, const char *node)
{
	size_t size = 0;
	unsigned whole;
	FILE *f;

	*out = NULL;
	if (!valid_node(node))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "node name '%.64s': letters, digits, '-', '_' and '.' only", node);
	f = open_memstream(out, &size);
	if (!f)
		return mig__fail(MIG_ERROR_MEMORY, "out of memory");
	fprintf(f, "# Slurm gres/mps for node %s (migctl share conf --slurm; docs/sharing.md)\n",
		node);
	whole = write_gres(f, st);
	fprintf(f, "# slurm.conf (gres/mps needs SelectType=select/cons_tres)\nGresTypes=gpu,mps\n"
		   "NodeName=%s Gres=gpu:%u,mps:%u\n",
		node, whole, whole * MPS_PER_GPU);
	if (fclose(f) || whole == 0) {
		free(*out);
		*out = NULL;
		return whole ? mig__fail(MIG_ERROR_MEMORY, "out of memory")
			     : mig__fail(MIG_ERROR_NOT_FOUND,
					 "no GPU of the node has MIG disabled: Slurm's gres/mps shares whole GPUs");
	}
	return MIG_SUCCESS;
}
