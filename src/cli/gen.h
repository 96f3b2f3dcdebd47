/*
 * gen.h - what each driver branch's nvidia-smi prints differently: one
 * table (gen.c), read by the top level (smi_*.c), `nvidia-smi mig`
 * (smig_*.c) and the error texts (common.c).  The evidence for each
 * boundary and the choices where no capture decides are in
 * docs/cli-smi.md and docs/cli-mig.md.
 */
#ifndef MIGCTL_GEN_H
#define MIGCTL_GEN_H

#include <stdint.h>

#include "smi.h"

/* One row: what every driver from `from` up to the next row's prints. */
typedef struct cli_gen {
	uint32_t from;             /* MIG_DRV() of the first driver of the row */
	smi_gen smi;               /* the top level's screen generation */
	unsigned smi_width;        /* the main screen's width */
	unsigned q_branch;         /* -q / --query-gpu branch (Q_R470 ... Q_R555, smi_q.h) */
	unsigned lgip_width;       /* -lgip table width */
	unsigned lgi_width;        /* -lgi table width */
	unsigned profile_count;    /* GI profile enums nvidia-smi asks NVML for (0 .. count-1) */
	unsigned char lci_placement;   /* -lci has the Placement column */
	unsigned char cci_id;          /* the -cci success line names the new CI ID */
	unsigned char sort_by_memory;  /* -lgip sorts by (slices, memory, ID), else (slices, ID) */
	unsigned char has_lcipp;       /* -lcipp exists */
	unsigned char disabled_exit0;  /* "No MIG-enabled devices found." exits 0, -lgip still lists */
	unsigned char r470_texts;      /* before R535: R470's -mig messages, NVML codes 22 and
					  25-27 print "Unknown Error", code 18 exits 255 */
	unsigned char r580_texts;      /* NVML texts 28-30 have their own words */
} cli_gen;

/* The row of a driver version (MIG_DRV()); every version has one. */
const cli_gen *cli_gen_of(uint32_t driver);

#endif
