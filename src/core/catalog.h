/*
 * catalog.h - the layout of the GPU catalog's data (internal).
 *
 * The catalog is data, not code: every MIG-capable GPU is one `cat_model`
 * entry in catalog_data.c, and every GPU-instance profile is one `cat_gi`
 * row that a reviewer can check, field by field, against a `nvidia-smi mig
 * -lgip` / `-lgipp` transcript (docs/catalog.md).  Adding a
 * GPU or a driver branch means adding rows, never code.
 *
 * Driver branches: a row is valid for driver versions in [since, until]
 * (MIG_DRV(major, minor, patch) values; 0 means open-ended).  A model may
 * list the same profile ID several times with disjoint ranges when memory
 * figures (or the profile's existence) changed between drivers.
 *
 * Compute-instance profiles are not listed: they follow one rule from the
 * GI's compute slice count (§geometry-1.7, §nvml-A.7), implemented in
 * catalog.c, with the per-row `ci_full` override for the one known exception
 * (Hopper's double-memory 1g, whose full CI is CI profile 7).
 */
#ifndef MIG_CATALOG_H
#define MIG_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "mig.h"


/* Bitmask of legal placement starts, in placement units (at most 16). */
#define MIG_STARTS_1(a) (1u << (a))
#define S1(a) MIG_STARTS_1(a)
#define S2(a, b) (S1(a) | S1(b))
#define S3(a, b, c) (S2(a, b) | S1(c))
#define S4(a, b, c, d) (S3(a, b, c) | S1(d))
#define S7(a, b, c, d, e, f, g) (S4(a, b, c, d) | S3(e, f, g))

/* Auto-placement preference: up to 8 starts tried in order (§geometry-1.6). */
#define MIG_PREFER_MAX 8

/* One GPU-instance profile row, in the order of the §geometry-2 tables. */
struct mig_gi_profile {
	const char *name;      /* "3g.40gb": the NVML name without "MIG " */
	uint16_t id;           /* nvidia-smi profile ID (NVML info.id) */
	uint8_t nvml;          /* NVML_GPU_INSTANCE_PROFILE_* index */
	uint8_t total;         /* instanceCount */
	uint32_t mib;          /* memorySizeMB */
	uint8_t slices;        /* compute slices: the "g" of the name */
	uint8_t size;          /* placement size, in placement units */
	uint16_t starts;       /* legal placement starts (S1..S7 masks) */
	uint16_t sm;           /* multiprocessorCount */
	uint8_t ce, dec, enc, jpeg, ofa;
	uint32_t since, until; /* driver range, MIG_DRV(); 0 = open */
	uint32_t unconfirmed;  /* MIG_FIG_* bits for figures not seen in a transcript */
	/*
	 * Optional: auto-placement order as a list of starts, used instead
	 * of the §geometry-1.6 heuristic when prefer_n > 0.
	 */
	uint8_t prefer_n;
	uint8_t prefer[MIG_PREFER_MAX];
	/* Optional: CI profile ID of the full-GI CI (0 = the rule: index c-1). */
	uint8_t ci_full;
	const char *note;      /* where a figure came from or why it is a guess */
};
typedef struct mig_gi_profile cat_gi;

#define MIG_CAT_MAX_DRIVERS 8

struct mig_model {
	const char *key;          /* stable short key: "H100-SXM5-80GB" */
	const char *name;         /* nvmlDeviceGetName: "NVIDIA H100 80GB HBM3" */
	uint16_t pci_device;      /* PCI device id, e.g. 0x2330 */
	uint32_t memory_mib;      /* total device memory (nvmlDeviceGetMemoryInfo) */
	uint8_t mem_slots;        /* memory slices of the buddy tree: 8 or 4 */
	uint8_t units;            /* placement units printed by -lgipp (8, 4, 12) */
	uint8_t arch;             /* MIG_ARCH_* */
	uint8_t max_mig_devices;  /* nvmlDeviceGetMaxMigDeviceCount in MIG mode */
	/* Driver versions this entry was seen with, newest first: [0] is the default. */
	const char *drivers[MIG_CAT_MAX_DRIVERS];
	uint32_t unconfirmed;     /* MIG_FIG_* bits for model-level figures */
	const char *note;
	cat_gi gi[MIG_MAX_GI_PROFILES]; /* terminated by a row with name == NULL */
};
typedef struct mig_model cat_model;

extern const cat_model mig_cat_models[];
extern const unsigned mig_cat_model_count;

/*
 * Models built at run time: a backend's reading of boards that the
 * catalog's data may lack (src/node builds them from a driver's answers).
 * Their rows are ordinary rows inside model->gi[]; while registered, the
 * catalog finds a row's model among them and asks their builder for what
 * its rules cannot derive.  Registration is thread-safe; the builder
 * removes a model before freeing it.
 */
typedef struct cat_runtime {
	const cat_model *model;
	/*
	 * The CI profiles reported for row `row` of the model, in CI profile
	 * ID order: 1 with *n set and out filled up to cap, or 0 where none
	 * were reported (the catalog's rule applies).
	 */
	int (*ci_profiles)(const struct cat_runtime *rt, unsigned row, mig_ci_profile_info *out,
			   size_t cap, size_t *n);
	struct cat_runtime *next; /* the catalog's list, while registered */
} cat_runtime;

void mig__catalog_add_runtime(cat_runtime *rt);
void mig__catalog_remove_runtime(cat_runtime *rt);

#endif
