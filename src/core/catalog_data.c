/*
 * catalog_data.c - every MIG-capable GPU the library models, as data.
 *
 * One `cat_model` per board, one `cat_gi` row per GI profile and driver
 * branch, in the column order of the per-model tables of docs/catalog.md
 * §geometry-2 so a reviewer can check each line against docs/sources.md:
 *
 *   GI(name, smi ID, NVML enum, Tot, MB, g, slots, placements, SM, CE, DEC, ENC, JPEG, OFA)
 *
 * MB is memorySizeMB; nvidia-smi prints "%0.2f" of MB/1024 (§geometry-1.8), so
 * each MB below is the one multiple of 32 MiB that prints as the transcript's
 * GiB figure.  Placements are -lgipp's starts and size, in placement units.
 * Driver branches use [since, until] (inclusive, 0 = open); docs/catalog.md
 * gives the evidence for every boundary and every filled-in figure.
 *
 * Flags: the NVML enum pairing is inferred on every board (§geometry-1.3), so
 * every row carries MIG_FIG_NVML_INDEX.  MIG_FIG_CI_PROFILES on a row means
 * the CI profiles of that GI (from the rule in catalog.c) were not all seen
 * in a -lcip / -cci transcript.
 *
 * Engine budget (the state machine's rule that makes +me and +me.all
 * exclusive): on every model the full-GPU profile's CE/DEC/ENC/JPEG/OFA are
 * >= the sum over any set of disjoint placements that holds at most one
 * media-extension GI (and, with a +me.all GI, only -me GIs beside it); a
 * second media-extension GI always exceeds JPEG or OFA.  Checked for every
 * model and driver branch by an exhaustive search (tests/unit/test_catalog.c,
 * test_engine_budget).  The filled-in 7g figures were chosen to satisfy it:
 * e.g. B200 seven 1g = CE 14, DEC 7; three 2g + one 1g = CE 14, DEC 7, so
 * 7g CE 16 (UG) and DEC 7 hold every legal mix.
 */
#include "catalog.h"

/* One row in the §geometry-2 column order; the rest go as designated fields after it. */
#define GI(nm, i, en, tot, mb, g, sz, st, sm_, ce_, dec_, enc_, jpg_, ofa_)                  \
	.name = (nm), .id = (i), .nvml = (en), .total = (tot), .mib = (mb), .slices = (g),   \
	.size = (sz), .starts = (st), .sm = (sm_), .ce = (ce_), .dec = (dec_), .enc = (enc_), \
	.jpeg = (jpg_), .ofa = (ofa_)

/* The last version before branch `major` (ranges are inclusive). */
#define BEFORE(major) (MIG_DRV(major, 0, 0) - 1u)

/* Figure groups, to keep the rows short. */
#define NX MIG_FIG_NVML_INDEX
#define CI MIG_FIG_CI_PROFILES
#define PL MIG_FIG_PLACEMENTS
#define DR MIG_FIG_DRIVER_RANGE
#define MEM MIG_FIG_MEMORY
#define SM MIG_FIG_SM
#define ENG (MIG_FIG_CE | MIG_FIG_DEC | MIG_FIG_ENC | MIG_FIG_JPEG | MIG_FIG_OFA)
#define FILLED (MIG_FIG_ID | MEM | SM | ENG) /* a row known by name and count only */

/* 8-slot placement lists (§geometry-1.5: no GPC in slot 7). */
#define P_1G S7(0, 1, 2, 3, 4, 5, 6)
#define P_1G2 S4(0, 2, 4, 6)
#define P_2G S3(0, 2, 4)
#define P_3G S2(0, 4)
#define P_HALF S1(0)
#define P_FULL S1(0)

/*
 * Hopper double-memory 1g (ID 15): -cgi 15,15,15 gave GI 5, 3, 4 (starts 4,
 * 0, 2; §geometry-1.6), the fourth can only be start 6; its full CI is CI
 * profile 7 (§geometry-1.7).
 */
#define HOPPER_1G2 .prefer_n = 4, .prefer = { 4, 0, 2, 6 }, .ci_full = 7

/* A100 40GB rows, shared by the SXM4 and PCIe boards (one table in §geometry-2.2). */
#define A100_40GB_ROWS                                                                                         \
	{ GI("1g.5gb", 19, 0, 7, 4864, 1, 1, P_1G, 14, 1, 0, 0, 0, 0), .unconfirmed = NX },                    \
	{ GI("1g.5gb+me", 20, 7, 1, 4864, 1, 1, P_1G, 14, 1, 1, 0, 1, 1), .since = MIG_DRV(470, 0, 0),        \
	  .unconfirmed = NX | CI, .note = "from R470 (UG)" },                                                  \
	/* [R525, R535): forum and gpuhelper captures, 9.75/19.62/39.50 */                                     \
	{ GI("1g.10gb", 15, 9, 4, 9984, 1, 2, P_1G2, 14, 1, 1, 0, 0, 0), .since = MIG_DRV(525, 0, 0),         \
	  .until = BEFORE(535), .ci_full = 7, .unconfirmed = NX | CI | DR,                                     \
	  .note = "from R525 (UG); full CI 7 as on Hopper, A100 default CI is [?]" },                          \
	{ GI("2g.10gb", 14, 1, 3, 9984, 2, 2, P_2G, 28, 2, 1, 0, 0, 0), .until = BEFORE(535),                 \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("3g.20gb", 9, 2, 2, 20096, 3, 4, P_3G, 42, 3, 2, 0, 0, 0), .until = BEFORE(535),                 \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("4g.20gb", 5, 3, 1, 20096, 4, 4, P_HALF, 56, 4, 2, 0, 0, 0), .until = BEFORE(535),               \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("7g.40gb", 0, 4, 1, 40448, 7, 8, P_FULL, 98, 7, 5, 0, 1, 1), .until = BEFORE(535),               \
	  .unconfirmed = NX | DR },                                                                            \
	/* [R535, R580): seansiddens capture, 9.62/19.50/39.25 (79 columns) */                                 \
	{ GI("1g.10gb", 15, 9, 4, 9856, 1, 2, P_1G2, 14, 1, 1, 0, 0, 0), .since = MIG_DRV(535, 0, 0),         \
	  .until = BEFORE(580), .ci_full = 7, .unconfirmed = NX | CI | DR },                                   \
	{ GI("2g.10gb", 14, 1, 3, 9856, 2, 2, P_2G, 28, 2, 1, 0, 0, 0), .since = MIG_DRV(535, 0, 0),          \
	  .until = BEFORE(580), .unconfirmed = NX | DR },                                                      \
	{ GI("3g.20gb", 9, 2, 2, 19968, 3, 4, P_3G, 42, 3, 2, 0, 0, 0), .since = MIG_DRV(535, 0, 0),          \
	  .until = BEFORE(580), .unconfirmed = NX | DR },                                                      \
	{ GI("4g.20gb", 5, 3, 1, 19968, 4, 4, P_HALF, 56, 4, 2, 0, 0, 0), .since = MIG_DRV(535, 0, 0),        \
	  .until = BEFORE(580), .unconfirmed = NX | DR },                                                      \
	{ GI("7g.40gb", 0, 4, 1, 40192, 7, 8, P_FULL, 98, 7, 5, 0, 1, 1), .since = MIG_DRV(535, 0, 0),        \
	  .until = BEFORE(580), .unconfirmed = NX | DR },                                                      \
	/* R580+: 580.126.09 capture, 9.75/19.62/39.38 (81 columns) */                                         \
	{ GI("1g.10gb", 15, 9, 4, 9984, 1, 2, P_1G2, 14, 1, 1, 0, 0, 0), .since = MIG_DRV(580, 0, 0),         \
	  .ci_full = 7, .unconfirmed = NX | CI | DR },                                                         \
	{ GI("2g.10gb", 14, 1, 3, 9984, 2, 2, P_2G, 28, 2, 1, 0, 0, 0), .since = MIG_DRV(580, 0, 0),          \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("3g.20gb", 9, 2, 2, 20096, 3, 4, P_3G, 42, 3, 2, 0, 0, 0), .since = MIG_DRV(580, 0, 0),          \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("4g.20gb", 5, 3, 1, 20096, 4, 4, P_HALF, 56, 4, 2, 0, 0, 0), .since = MIG_DRV(580, 0, 0),        \
	  .unconfirmed = NX | DR },                                                                            \
	{ GI("7g.40gb", 0, 4, 1, 40320, 7, 8, P_FULL, 98, 7, 5, 0, 1, 1), .since = MIG_DRV(580, 0, 0),        \
	  .unconfirmed = NX | DR }

/* A100 80GB rows, shared by SXM4 and PCIe (one table in §geometry-2.3; placements [I]). */
#define A100_80GB_ROWS                                                                                         \
	{ GI("1g.10gb", 19, 0, 7, 9728, 1, 1, P_1G, 14, 1, 0, 0, 0, 0), .unconfirmed = NX | PL },              \
	{ GI("1g.10gb+me", 20, 7, 1, 9728, 1, 1, P_1G, 14, 1, 1, 0, 1, 1), .since = MIG_DRV(470, 0, 0),       \
	  .unconfirmed = NX | PL | CI, .note = "from R470 (UG)" },                                             \
	{ GI("1g.20gb", 15, 9, 4, 19968, 1, 2, P_1G2, 14, 1, 1, 0, 0, 0), .since = MIG_DRV(525, 0, 0),        \
	  .ci_full = 7,                                                                                        \
	  .unconfirmed = NX | PL | CI | MIG_FIG_CE | MIG_FIG_JPEG | MIG_FIG_OFA,                               \
	  .note = "from R525 (UG; absent on 515.86.01); CE/JPEG/OFA as A100-40GB 1g.10gb; default CI [?]" },   \
	{ GI("2g.20gb", 14, 1, 3, 19968, 2, 2, P_2G, 28, 2, 1, 0, 0, 0), .unconfirmed = NX | PL },             \
	{ GI("3g.40gb", 9, 2, 2, 40192, 3, 4, P_3G, 42, 3, 2, 0, 0, 0), .unconfirmed = NX | PL },              \
	{ GI("4g.40gb", 5, 3, 1, 40192, 4, 4, P_HALF, 56, 4, 2, 0, 0, 0), .unconfirmed = NX | PL },            \
	{ GI("7g.80gb", 0, 4, 1, 80896, 7, 8, P_FULL, 98, 7, 5, 0, 1, 1), .unconfirmed = NX | PL }

/*
 * GH100 96GB rows (GH200 480GB capture, §geometry-2.7); `x` adds what is inferred
 * for the board at hand, `xa` the auto-placement flag of ID 15.
 */
#define GH100_96GB_ROWS(x, xa)                                                                                \
	{ GI("1g.12gb", 19, 0, 7, 11264, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .unconfirmed = NX | PL | CI | (x) },  \
	{ GI("1g.12gb+me", 20, 7, 1, 11264, 1, 1, P_1G, 16, 1, 1, 0, 1, 1),                                    \
	  .unconfirmed = NX | PL | CI | (x) },                                                                 \
	{ GI("1g.24gb", 15, 9, 4, 23552, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), HOPPER_1G2,                          \
	  .unconfirmed = NX | PL | (x) | (xa) },                                                               \
	{ GI("2g.24gb", 14, 1, 3, 23552, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .unconfirmed = NX | PL | CI | (x) },  \
	{ GI("3g.48gb", 9, 2, 2, 47616, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .unconfirmed = NX | PL | CI | (x) },   \
	{ GI("4g.48gb", 5, 3, 1, 47616, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0),                                      \
	  .unconfirmed = NX | PL | CI | (x) },                                                                 \
	{ GI("7g.96gb", 0, 4, 1, 95232, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .unconfirmed = NX | PL | CI | (x) }

/*
 * H200 141GB rows (§geometry-2.9): before R580 the mig-parted #120 table
 * (32.25/69.50/139.75), from R580 the 580.173.02 capture (32.50/69.75/140.00).
 */
#define H200_ROWS(x)                                                                                           \
	{ GI("1g.18gb", 19, 0, 7, 16384, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .unconfirmed = NX | PL | CI | (x) },  \
	{ GI("1g.18gb+me", 20, 7, 1, 16384, 1, 1, P_1G, 16, 1, 1, 0, 1, 1),                                    \
	  .unconfirmed = NX | PL | CI | (x) },                                                                 \
	{ GI("1g.35gb", 15, 9, 4, 33024, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .until = BEFORE(580), HOPPER_1G2,    \
	  .unconfirmed = NX | PL | DR | MIG_FIG_AUTO_PLACEMENT | CI | (x) },                                   \
	{ GI("2g.35gb", 14, 1, 3, 33024, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .until = BEFORE(580),                 \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("3g.71gb", 9, 2, 2, 71168, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .until = BEFORE(580),                  \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("4g.71gb", 5, 3, 1, 71168, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .until = BEFORE(580),                \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("7g.141gb", 0, 4, 1, 143104, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .until = BEFORE(580),             \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("1g.35gb", 15, 9, 4, 33280, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .since = MIG_DRV(580, 0, 0),         \
	  HOPPER_1G2, .unconfirmed = NX | PL | DR | MIG_FIG_AUTO_PLACEMENT | CI | (x) },                       \
	{ GI("2g.35gb", 14, 1, 3, 33280, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .since = MIG_DRV(580, 0, 0),          \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("3g.71gb", 9, 2, 2, 71424, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .since = MIG_DRV(580, 0, 0),           \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("4g.71gb", 5, 3, 1, 71424, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .since = MIG_DRV(580, 0, 0),         \
	  .unconfirmed = NX | PL | DR | CI | (x) },                                                            \
	{ GI("7g.141gb", 0, 4, 1, 143360, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .since = MIG_DRV(580, 0, 0),      \
	  .unconfirmed = NX | PL | DR | CI | (x) }

/* B200: the March 2025 driver (1g 20.50, adds 4g.90gb); 570.124 assumed, §geometry-2.11. */
#define B200_MARCH_2025 MIG_DRV(570, 124, 0)

/*
 * RTX PRO 6000 Blackwell rows (§geometry-2.14), shared by the Server and the
 * Max-Q Workstation Edition (one GB202 part).  `m4` flags the 4g memory
 * figure: 95.00 is this table's value from the Max-Q capture, and another
 * capture of the same part shows 95.12.
 */
#define RTX_PRO_6000_ROWS(m4)                                                                                   \
	{ GI("1g.24gb", 14, 0, 4, 24192, 1, 3, S4(0, 3, 6, 9), 46, 1, 1, 1, 1, 0), .unconfirmed = NX },         \
	{ GI("1g.24gb+me", 21, 7, 1, 24192, 1, 3, S4(0, 3, 6, 9), 46, 1, 1, 1, 1, 1), .unconfirmed = NX | CI }, \
	{ GI("1g.24gb+gfx", 47, 10, 4, 24192, 1, 3, S4(0, 3, 6, 9), 46, 1, 1, 1, 1, 0),                         \
	  .unconfirmed = NX | CI },                                                                             \
	{ GI("1g.24gb+me.all", 65, 15, 1, 24192, 1, 3, S4(0, 3, 6, 9), 46, 1, 4, 4, 4, 1),                      \
	  .unconfirmed = NX | CI },                                                                             \
	{ GI("1g.24gb-me", 67, 13, 4, 24192, 1, 3, S4(0, 3, 6, 9), 46, 1, 0, 0, 0, 0), .unconfirmed = NX | CI }, \
	{ GI("2g.48gb", 5, 1, 2, 48512, 2, 6, S2(0, 6), 94, 2, 2, 2, 2, 0), .unconfirmed = NX | CI },           \
	{ GI("2g.48gb+gfx", 35, 11, 2, 48512, 2, 6, S2(0, 6), 94, 2, 2, 2, 2, 0), .unconfirmed = NX | CI },     \
	{ GI("2g.48gb+me.all", 64, 16, 1, 48512, 2, 6, S2(0, 6), 94, 2, 4, 4, 4, 1), .unconfirmed = NX | CI },  \
	{ GI("2g.48gb-me", 66, 14, 2, 48512, 2, 6, S2(0, 6), 94, 2, 0, 0, 0, 0), .unconfirmed = NX | CI },      \
	{ GI("4g.96gb", 0, 3, 1, 97280, 4, 12, S1(0), 188, 4, 4, 4, 4, 1), .unconfirmed = NX | CI | (m4),       \
	  .note = "95.00 on the Max-Q 580.105.08; another capture shows 95.12" },                               \
	{ GI("4g.96gb+gfx", 32, 12, 1, 97280, 4, 12, S1(0), 188, 4, 4, 4, 4, 1), .unconfirmed = NX | CI | (m4), \
	  .note = "as 4g.96gb" }

const cat_model mig_cat_models[] = {
	/*
	 * A30 24GB - §geometry-2.1.  535.183.01: Vietnamese notes (lgip/lgipp/lcip);
	 * pre-R525: Summer-Lo README (no ID 6, 4g at 23.50).  R470 stands for
	 * that undated capture.
	 */
	{
		.key = "A30-24GB", .name = "NVIDIA A30", .pci_device = 0x20B7, .memory_mib = 24576,
		.mem_slots = 4, .units = 4, .arch = MIG_ARCH_AMPERE, .max_mig_devices = 4,
		.drivers = { "580.173.02", "535.183.01", "470.256.02" },
		.unconfirmed = MIG_FIG_TOTAL_MEMORY,
		.note = "total memory assumed (24 GiB, as 40960 for the A100-40GB on recent drivers); "
			"470.256.02 represents the undated pre-R525 capture",
		.gi = {
			{ GI("1g.6gb", 14, 0, 4, 5952, 1, 1, S4(0, 1, 2, 3), 14, 1, 1, 0, 0, 0), .unconfirmed = NX },
			{ GI("1g.6gb+me", 21, 7, 1, 5952, 1, 1, S4(0, 1, 2, 3), 14, 1, 1, 0, 1, 1),
			  .since = MIG_DRV(470, 0, 0), .unconfirmed = NX | CI, .note = "from R470 (UG)" },
			{ GI("2g.12gb", 5, 1, 2, 11968, 2, 2, S2(0, 2), 28, 2, 2, 0, 0, 0), .unconfirmed = NX },
			{ GI("2g.12gb+me", 6, 8, 1, 11968, 2, 2, S2(0, 2), 28, 2, 2, 0, 1, 1),
			  .since = MIG_DRV(525, 0, 0), .unconfirmed = NX | CI,
			  .note = "from R525 (UG); absent from the pre-R525 capture" },
			{ GI("4g.24gb", 0, 3, 1, 24064, 4, 4, S1(0), 56, 4, 4, 0, 1, 1), .until = BEFORE(525),
			  .unconfirmed = NX | CI | DR,
			  .note = "23.50 in the pre-R525 capture; change at R525 assumed (with ID 6)" },
			{ GI("4g.24gb", 0, 3, 1, 24000, 4, 4, S1(0), 56, 4, 4, 0, 1, 1), .since = MIG_DRV(525, 0, 0),
			  .unconfirmed = NX | CI | DR, .note = "23.44 on 535.183.01; from R525 assumed" },
		},
	},
	/*
	 * A100-SXM4-40GB - §geometry-2.2.  580.126.09: ssup2 blog (lgip, -L, main
	 * screen with 40960 MiB); 79-column seansiddens capture: R535-R570
	 * branch; 450.80.02: cloud-native-docs main screen (MIG on).
	 */
	{
		.key = "A100-SXM4-40GB", .name = "NVIDIA A100-SXM4-40GB", .pci_device = 0x20B0,
		.memory_mib = 40960, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_AMPERE, .max_mig_devices = 7,
		.drivers = { "580.173.02", "580.126.09", "535.261.03", "450.80.02" },
		.unconfirmed = 0,
		.note = "535.261.03 stands for the undated 79-column capture (byte-identical to that "
			"binary's output); 450.80.02 showed a 40537 MiB total",
		.gi = { A100_40GB_ROWS },
	},
	/* A100-PCIE-40GB - §geometry-2.2 (same table); 510.47: Japanese vSphere notes (lcip, -cgi). */
	{
		.key = "A100-PCIE-40GB", .name = "NVIDIA A100-PCIE-40GB", .pci_device = 0x20F1,
		.memory_mib = 40960, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_AMPERE, .max_mig_devices = 7,
		.drivers = { "580.173.02", "510.47.03" },
		.unconfirmed = MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "name: R460 printed \"A100-PCIE-40GB\", R470+ adds \"NVIDIA \"; total as the SXM4 board",
		.gi = { A100_40GB_ROWS },
	},
	/* A100 80GB SXM4 - §geometry-2.3 (Chinese note with ID 15; other rows from the PCIe capture). */
	{
		.key = "A100-SXM4-80GB", .name = "NVIDIA A100-SXM4-80GB", .pci_device = 0x20B2,
		.memory_mib = 81920, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_AMPERE, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "name by the A100-SXM4-40GB pattern; total 80 GiB assumed",
		.gi = { A100_80GB_ROWS },
	},
	/* A100 80GB PCIe - §geometry-2.3: Azure NC A100 v4, 515.86.01 (lgip, lcip); go-dcgm#30 (-L name). */
	{
		.key = "A100-PCIE-80GB", .name = "NVIDIA A100 80GB PCIe", .pci_device = 0x20B5,
		.memory_mib = 81920, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_AMPERE, .max_mig_devices = 7,
		.drivers = { "580.173.02", "515.86.01" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_TOTAL_MEMORY,
		.note = "total 80 GiB assumed",
		.gi = { A100_80GB_ROWS },
	},
	/*
	 * H100 80GB HBM3 SXM5 - §geometry-2.4.  580.173.02: prickle-exporter (lgip,
	 * -L, -lgi, -lci); 580.65.06: UG main screen; 535.104.12: OpenShift doc
	 * main screen (MIG devices already 9984/20096/40448); older capture
	 * (9.62/19.50/39.25) of unknown driver -> before R530.
	 */
	{
		.key = "H100-SXM5-80GB", .name = "NVIDIA H100 80GB HBM3", .pci_device = 0x2330,
		.memory_mib = 81559, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02", "580.65.06", "535.104.12" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT,
		.note = "branch boundary R530 chosen between 525.125.06 (H100 PCIe, old figures) and "
			"535.104.12 (new figures)",
		.gi = {
			{ GI("1g.10gb", 19, 0, 7, 9856, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR },
			{ GI("1g.10gb+me", 20, 7, 1, 9856, 1, 1, P_1G, 16, 1, 1, 0, 1, 1), .until = BEFORE(530),
			  .unconfirmed = NX | DR },
			{ GI("1g.20gb", 15, 9, 4, 19968, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  HOPPER_1G2, .unconfirmed = NX | DR | MIG_FIG_AUTO_PLACEMENT,
			  .note = "only the first pick (GI 5) observed on this model" },
			{ GI("2g.20gb", 14, 1, 3, 19968, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("3g.40gb", 9, 2, 2, 40192, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("4g.40gb", 5, 3, 1, 40192, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI | MEM, .note = "old figure as H100 PCIe 525.125.06" },
			{ GI("7g.80gb", 0, 4, 1, 80896, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI | MEM, .note = "old figure as H100 PCIe 525.125.06" },
			{ GI("1g.10gb", 19, 0, 7, 9984, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR },
			{ GI("1g.10gb+me", 20, 7, 1, 9984, 1, 1, P_1G, 16, 1, 1, 0, 1, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR },
			{ GI("1g.20gb", 15, 9, 4, 20096, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  HOPPER_1G2, .unconfirmed = NX | DR | MIG_FIG_AUTO_PLACEMENT,
			  .note = "only the first pick (GI 5) observed on this model" },
			{ GI("2g.20gb", 14, 1, 3, 20096, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("3g.40gb", 9, 2, 2, 40448, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("4g.40gb", 5, 3, 1, 40448, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("7g.80gb", 0, 4, 1, 81152, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
		},
	},
	/* H100 PCIe 80GB (114 SMs) - §geometry-2.5: Scaleway 570.169, a cloud guide 525.125.06. */
	{
		.key = "H100-PCIE-80GB", .name = "NVIDIA H100 PCIe", .pci_device = 0x2331,
		.memory_mib = 81559, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02", "570.169", "525.125.06" },
		.unconfirmed = MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "name and total as the H100 80GB family; R530 boundary as H100 SXM5",
		.gi = {
			{ GI("1g.10gb", 19, 0, 7, 9856, 1, 1, P_1G, 14, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("1g.10gb+me", 20, 7, 1, 9856, 1, 1, P_1G, 14, 1, 1, 0, 1, 1), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("1g.20gb", 15, 9, 4, 19968, 1, 2, P_1G2, 14, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  HOPPER_1G2, .unconfirmed = NX | PL | DR | CI | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.20gb", 14, 1, 3, 19968, 2, 2, P_2G, 30, 2, 2, 0, 2, 0), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("3g.40gb", 9, 2, 2, 40192, 3, 4, P_3G, 46, 3, 3, 0, 3, 0), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("4g.40gb", 5, 3, 1, 40192, 4, 4, P_HALF, 62, 4, 4, 0, 4, 0), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("7g.80gb", 0, 4, 1, 80896, 7, 8, P_FULL, 114, 8, 7, 0, 7, 1), .until = BEFORE(530),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("1g.10gb", 19, 0, 7, 9984, 1, 1, P_1G, 14, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("1g.10gb+me", 20, 7, 1, 9984, 1, 1, P_1G, 14, 1, 1, 0, 1, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("1g.20gb", 15, 9, 4, 20096, 1, 2, P_1G2, 14, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  HOPPER_1G2, .unconfirmed = NX | PL | DR | CI | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.20gb", 14, 1, 3, 20096, 2, 2, P_2G, 30, 2, 2, 0, 2, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("3g.40gb", 9, 2, 2, 40448, 3, 4, P_3G, 46, 3, 3, 0, 3, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("4g.40gb", 5, 3, 1, 40448, 4, 4, P_HALF, 62, 4, 4, 0, 4, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
			{ GI("7g.80gb", 0, 4, 1, 81152, 7, 8, P_FULL, 114, 8, 7, 0, 7, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | PL | DR | CI },
		},
	},
	/*
	 * H100 NVL 94GB - §geometry-2.6: gpu-operator commit eee03d4b, gpuhelper Go
	 * test (two lgip variants, drivers unknown), H100 NVL blog (lgipp).
	 */
	{
		.key = "H100-NVL-94GB", .name = "NVIDIA H100 NVL", .pci_device = 0x2321,
		.memory_mib = 95830, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "smaller figures taken as the older branch (Hopper figures grew at R530 elsewhere)",
		.gi = {
			{ GI("1g.12gb", 19, 0, 7, 10880, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("1g.12gb+me", 20, 7, 1, 10880, 1, 1, P_1G, 16, 1, 1, 0, 1, 1), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("1g.24gb", 15, 9, 4, 22016, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .until = BEFORE(530),
			  HOPPER_1G2, .unconfirmed = NX | DR | CI | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.24gb", 14, 1, 3, 22016, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("3g.47gb", 9, 2, 2, 47232, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("4g.47gb", 5, 3, 1, 47232, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("7g.94gb", 0, 4, 1, 94848, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .until = BEFORE(530),
			  .unconfirmed = NX | DR | CI },
			{ GI("1g.12gb", 19, 0, 7, 11008, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("1g.12gb+me", 20, 7, 1, 11008, 1, 1, P_1G, 16, 1, 1, 0, 1, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("1g.24gb", 15, 9, 4, 22144, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), .since = MIG_DRV(530, 0, 0),
			  HOPPER_1G2, .unconfirmed = NX | DR | CI | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.24gb", 14, 1, 3, 22144, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("3g.47gb", 9, 2, 2, 47488, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("4g.47gb", 5, 3, 1, 47488, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
			{ GI("7g.94gb", 0, 4, 1, 95360, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1), .since = MIG_DRV(530, 0, 0),
			  .unconfirmed = NX | DR | CI },
		},
	},
	/* H100 96GB (0x233D) - §geometry-2.7: figures of the GH200 capture, UG "H100 96GB" table. */
	{
		.key = "H100-96GB", .name = "NVIDIA H100 96GB HBM3", .pci_device = 0x233D,
		.memory_mib = 97871, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "memory and SM figures of the GH200 480GB capture (same GH100 96GB part)",
		.gi = { GH100_96GB_ROWS(MEM | SM | CI, MIG_FIG_AUTO_PLACEMENT) },
	},
	/*
	 * GH200 480GB (96GB HBM3) - §geometry-2.7: kf-cuanschutz Grace Hopper logs
	 * (lgip, -cgi 15,15,15 -C -> GI 5, 3, 4 with CI profile 7).
	 */
	{
		.key = "GH200-96GB", .name = "NVIDIA GH200 480GB", .pci_device = 0x2342,
		.memory_mib = 97871, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "name from pci.ids (\"GH200 120GB/480GB\"); total assumed",
		.gi = { GH100_96GB_ROWS(0, 0) },
	},
	/* GH200 144GB HBM3e - §geometry-2.8: mig-parted PR #139 (first four rows), config names. */
	{
		.key = "GH200-144GB", .name = "NVIDIA GH200 144G HBM3e", .pci_device = 0x2348,
		.memory_mib = 146944, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "total chosen in (143, 144] GiB, the only range where 1g.36gb (36096 MiB) and "
			"7g.144gb both follow the name rule of docs/sources.md#geometry-1.8",
		.gi = {
			{ GI("1g.18gb", 19, 0, 7, 17920, 1, 1, P_1G, 16, 1, 1, 0, 1, 0), .unconfirmed = NX | PL | CI },
			{ GI("1g.18gb+me", 20, 7, 1, 17920, 1, 1, P_1G, 16, 1, 1, 0, 1, 1), .unconfirmed = NX | PL | CI },
			{ GI("1g.36gb", 15, 9, 4, 36096, 1, 2, P_1G2, 26, 1, 1, 0, 1, 0), HOPPER_1G2,
			  .unconfirmed = NX | PL | CI | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.36gb", 14, 1, 3, 36096, 2, 2, P_2G, 32, 2, 2, 0, 2, 0), .unconfirmed = NX | PL | CI },
			{ GI("3g.72gb", 9, 2, 2, 72448, 3, 4, P_3G, 60, 3, 3, 0, 3, 0), .unconfirmed = NX | PL | CI | FILLED,
			  .note = "GH100 pattern: 4 slots = 2 x 2 slots + 256 MiB; engines/SM as H100" },
			{ GI("4g.72gb", 5, 3, 1, 72448, 4, 4, P_HALF, 64, 4, 4, 0, 4, 0),
			  .unconfirmed = NX | PL | CI | FILLED, .note = "as 3g.72gb" },
			{ GI("7g.144gb", 0, 4, 1, 145152, 7, 8, P_FULL, 132, 8, 7, 0, 7, 1),
			  .unconfirmed = NX | PL | CI | FILLED, .note = "8 slots = 2 x 4 slots + 256 MiB; as H100" },
		},
	},
	/* H200 141GB SXM - §geometry-2.9 (mig-parted #120) and §smi-3.5 capture (580.173.02). */
	{
		.key = "H200-SXM-141GB", .name = "NVIDIA H200", .pci_device = 0x2335,
		.memory_mib = 143771, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_TOTAL_MEMORY,
		.note = "the R580 boundary of the memory change is assumed",
		.gi = { H200_ROWS(0) },
	},
	/* H200 NVL - §geometry-2.9: names/counts only (config, vGPU docs); figures of the H200 SXM. */
	{
		.key = "H200-NVL-141GB", .name = "NVIDIA H200 NVL", .pci_device = 0x233B,
		.memory_mib = 143771, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "every per-profile number copied from H200 SXM (docs/sources.md#geometry-2.9: [?])",
		.gi = { H200_ROWS(FILLED) },
	},
	/*
	 * H20 96GB - §geometry-2.10: names/counts only.  Memory as the other GH100
	 * 96GB parts (same mig-parted group); SMs scaled to its 78.
	 */
	{
		.key = "H20-96GB", .name = "NVIDIA H20", .pci_device = 0x2329,
		.memory_mib = 97871, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_HOPPER, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "all numbers filled in: memory of GH200 480GB, SMs scaled to 78, engines as H100",
		.gi = {
			{ GI("1g.12gb", 19, 0, 7, 11264, 1, 1, P_1G, 10, 1, 1, 0, 1, 0), .unconfirmed = NX | PL | CI | FILLED },
			{ GI("1g.12gb+me", 20, 7, 1, 11264, 1, 1, P_1G, 10, 1, 1, 0, 1, 1),
			  .unconfirmed = NX | PL | CI | FILLED },
			{ GI("1g.24gb", 15, 9, 4, 23552, 1, 2, P_1G2, 10, 1, 1, 0, 1, 0), HOPPER_1G2,
			  .unconfirmed = NX | PL | CI | FILLED | MIG_FIG_AUTO_PLACEMENT },
			{ GI("2g.24gb", 14, 1, 3, 23552, 2, 2, P_2G, 20, 2, 2, 0, 2, 0), .unconfirmed = NX | PL | CI | FILLED },
			{ GI("3g.48gb", 9, 2, 2, 47616, 3, 4, P_3G, 38, 3, 3, 0, 3, 0), .unconfirmed = NX | PL | CI | FILLED },
			{ GI("4g.48gb", 5, 3, 1, 47616, 4, 4, P_HALF, 40, 4, 4, 0, 4, 0),
			  .unconfirmed = NX | PL | CI | FILLED },
			{ GI("7g.96gb", 0, 4, 1, 95232, 7, 8, P_FULL, 78, 8, 7, 0, 7, 1), .unconfirmed = NX | PL | CI | FILLED },
		},
	},
	/*
	 * B200 180GB - §geometry-2.11: Jan 2025 driver (mig-parted #166, 1g 22.00,
	 * no 4g.90gb); March 2025 driver (mig-parted #187, 1g 20.50, 4g.90gb).
	 * 3g/4g/7g: CE/OFA from UG [D], the rest filled in.
	 */
	{
		.key = "B200-180GB", .name = "NVIDIA B200", .pci_device = 0x2901,
		.memory_mib = 183359, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_BLACKWELL, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "March 2025 driver taken as 570.124; big-profile memory: 2 x smaller + 256 MiB",
		.gi = {
			{ GI("1g.23gb", 19, 0, 7, 22528, 1, 1, P_1G, 18, 2, 1, 0, 1, 0), .until = B200_MARCH_2025 - 1u,
			  .unconfirmed = NX | PL | CI | DR },
			{ GI("1g.23gb+me", 20, 7, 1, 22528, 1, 1, P_1G, 18, 2, 1, 0, 1, 1), .until = B200_MARCH_2025 - 1u,
			  .unconfirmed = NX | PL | CI | DR },
			{ GI("1g.23gb", 19, 0, 7, 20992, 1, 1, P_1G, 18, 2, 1, 0, 1, 0), .since = B200_MARCH_2025,
			  .unconfirmed = NX | PL | CI | DR },
			{ GI("1g.23gb+me", 20, 7, 1, 20992, 1, 1, P_1G, 18, 2, 1, 0, 1, 1), .since = B200_MARCH_2025,
			  .unconfirmed = NX | PL | CI | DR },
			{ GI("1g.45gb", 15, 9, 4, 45312, 1, 2, P_1G2, 30, 2, 1, 0, 1, 0), .ci_full = 7,
			  .unconfirmed = NX | PL | CI | MIG_FIG_AUTO_PLACEMENT,
			  .note = "full CI 7 as on Hopper; auto-placement: heuristic (no prefer list)" },
			{ GI("2g.45gb", 14, 1, 3, 45312, 2, 2, P_2G, 36, 4, 2, 0, 2, 0), .unconfirmed = NX | PL | CI },
			{ GI("3g.90gb", 9, 2, 2, 90880, 3, 4, P_3G, 68, 6, 3, 0, 3, 0),
			  .unconfirmed = NX | PL | CI | MIG_FIG_ID | MEM | SM | MIG_FIG_DEC | MIG_FIG_ENC | MIG_FIG_JPEG,
			  .note = "SM as H100 3g x 18/16; DEC/JPEG one per GPC" },
			{ GI("4g.90gb", 5, 3, 1, 90880, 4, 4, P_HALF, 72, 8, 4, 0, 4, 0), .since = B200_MARCH_2025,
			  .unconfirmed = NX | PL | CI | DR | MIG_FIG_ID | MEM | SM | MIG_FIG_DEC | MIG_FIG_ENC | MIG_FIG_JPEG,
			  .note = "only with the March 2025 driver" },
			{ GI("7g.180gb", 0, 4, 1, 182016, 7, 8, P_FULL, 148, 16, 7, 0, 7, 1),
			  .unconfirmed = NX | PL | CI | MIG_FIG_ID | MEM | SM | MIG_FIG_DEC | MIG_FIG_ENC | MIG_FIG_JPEG,
			  .note = "SM = B200's 148; DEC/JPEG 7 = seven 1g" },
		},
	},
	/*
	 * GB200 186GB - §geometry-2.12: production board (mig-parted #227/#228,
	 * 1g.23gb at 22.00).  The early 189GB board (1g.24gb at 20.00) has
	 * another total and so other names; it is not modelled.
	 */
	{
		.key = "GB200-186GB", .name = "NVIDIA GB200", .pci_device = 0x2941,
		.memory_mib = 189471, .mem_slots = 8, .units = 8, .arch = MIG_ARCH_BLACKWELL, .max_mig_devices = 7,
		.drivers = { "580.173.02" },
		.unconfirmed = MIG_FIG_AUTO_PLACEMENT | MIG_FIG_NAME | MIG_FIG_TOTAL_MEMORY,
		.note = "total chosen in (185, 186] GiB; 3g/4g/7g filled in like B200",
		.gi = {
			{ GI("1g.23gb", 19, 0, 7, 22528, 1, 1, P_1G, 18, 2, 1, 0, 1, 0), .unconfirmed = NX | PL | CI },
			{ GI("1g.23gb+me", 20, 7, 1, 22528, 1, 1, P_1G, 18, 2, 1, 0, 1, 1), .unconfirmed = NX | PL | CI },
			{ GI("1g.47gb", 15, 9, 4, 46592, 1, 2, P_1G2, 32, 2, 1, 0, 1, 0), .ci_full = 7,
			  .unconfirmed = NX | PL | CI | MIG_FIG_AUTO_PLACEMENT,
			  .note = "full CI 7 as on Hopper; auto-placement: heuristic (no prefer list)" },
			{ GI("2g.47gb", 14, 1, 3, 46592, 2, 2, P_2G, 38, 4, 2, 0, 2, 0), .unconfirmed = NX | PL | CI },
			{ GI("3g.93gb", 9, 2, 2, 93440, 3, 4, P_3G, 72, 6, 3, 0, 3, 0), .unconfirmed = NX | PL | CI | FILLED,
			  .note = "as B200 3g scaled by GB200's 2g (38 SMs)" },
			{ GI("4g.93gb", 5, 3, 1, 93440, 4, 4, P_HALF, 76, 8, 4, 0, 4, 0),
			  .unconfirmed = NX | PL | CI | FILLED, .note = "2 x 2g" },
			{ GI("7g.186gb", 0, 4, 1, 187136, 7, 8, P_FULL, 152, 16, 7, 0, 7, 1),
			  .unconfirmed = NX | PL | CI | FILLED, .note = "CE/OFA as B200 (UG); SM 4 x 38" },
		},
	},
	/*
	 * RTX PRO 6000 Blackwell Server Edition - §geometry-2.14.  610.43.02: the
	 * Kubernetes MIG blog on this board (lgipp, -cgi, -lgi); 580.105.08:
	 * pnj200522 README on the Max-Q Workstation Edition (lgip, total
	 * 97887 MiB), same GB202 part.
	 */
	{
		.key = "RTX-PRO-6000", .name = "NVIDIA RTX PRO 6000 Blackwell Server Edition", .pci_device = 0x2BB5,
		.memory_mib = 97887, .mem_slots = 4, .units = 12, .arch = MIG_ARCH_BLACKWELL_RTX,
		.max_mig_devices = 4,
		.drivers = { "610.43.02", "580.105.08" },
		.unconfirmed = MIG_FIG_TOTAL_MEMORY,
		.note = "total and lgip figures from the Max-Q Workstation Edition capture",
		.gi = { RTX_PRO_6000_ROWS(MEM) },
	},
	/* ---- smi engineer: the Max-Q Workstation Edition -------------------
	 * RTX PRO 6000 Blackwell Max-Q Workstation Edition (0x2BB4): the
	 * board of the pnj200522 README (580.105.08), whose -L, main screen,
	 * -mig and --query-gpu captures (§smi-9.1, §smi-10, §smi-11.5)
	 * name it and show a 300 W, fan-cooled, ECC-off board.  Same GB202 part
	 * and MIG profiles as the Server Edition above (the -lgip of that
	 * README is of this board, so its 4g memory figure is confirmed here).
	 */
	{
		.key = "RTX-PRO-6000-MAXQ", .name = "NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition",
		.pci_device = 0x2BB4,
		.memory_mib = 97887, .mem_slots = 4, .units = 12, .arch = MIG_ARCH_BLACKWELL_RTX,
		.max_mig_devices = 4,
		.drivers = { "580.105.08" },
		.unconfirmed = MIG_FIG_DEVICE_ID,
		.note = "lgip and total from the pnj200522 capture of this board; PCI id from the PCI ID database",
		.gi = { RTX_PRO_6000_ROWS(0) },
	},
	/* ---- end of the Max-Q Workstation Edition ---- */
};

const unsigned mig_cat_model_count = sizeof(mig_cat_models) / sizeof(mig_cat_models[0]);
