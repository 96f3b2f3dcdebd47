/*
 * mig.h - libmig: an exact model of NVIDIA Multi-Instance GPU and the
 * emulated node it persists on disk.
 *
 * Conventions (see docs/libmig.md):
 *  - Fallible calls return an int: MIG_SUCCESS (0) or a mig_error code.
 *    The codes equal NVML's nvmlReturn_t values where NVML has one.  On
 *    failure, mig_errmsg() gives a sentence naming what was refused and why;
 *    it is kept per thread and stays valid until the thread's next failure.
 *  - Outputs come first; `out` is the single output.
 *  - Handles are opaque.  `_new`/`_open`/`_read`/`_begin` give memory the
 *    caller releases with the matching NULL-safe `_free`/`_close`/`_commit`
 *    /`_abort`.  `const` pointers returned are borrowed for the parent's
 *    lifetime; catalog pointers live forever.
 *  - The library never prints, exits or aborts.  A mig_state is not
 *    thread-safe; use one per thread or lock around it.  Everything else
 *    (the catalog, mig_node_* on distinct nodes or the same one) is.
 *  - GPUs are addressed by index, GPU instances (GIs) by their GI ID and
 *    compute instances (CIs) by (GI ID, CI ID), exactly as nvidia-smi and
 *    NVML name them.
 */
#ifndef MIG_H
#define MIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MIG_BUILDING_LIBRARY) && defined(__GNUC__)
#define MIG_API __attribute__((visibility("default")))
#else
#define MIG_API
#endif

/*
 * The project's version, defined here and nowhere else: CMakeLists.txt reads
 * these three lines for project(VERSION), the library's file name, libmig.pc
 * and the Debian package check (docs/install.md#version).
 */
#define MIG_VERSION_MAJOR 0
#define MIG_VERSION_MINOR 1
#define MIG_VERSION_PATCH 0
#define MIG__STR(x) #x
#define MIG__XSTR(x) MIG__STR(x)
#define MIG_VERSION                                                                                \
	MIG__XSTR(MIG_VERSION_MAJOR) "." MIG__XSTR(MIG_VERSION_MINOR) "." MIG__XSTR(MIG_VERSION_PATCH)

/*
 * The version of the libmig actually loaded, which may be newer than the
 * MIG_VERSION a program was compiled with: "MAJOR.MINOR.PATCH", followed by
 * " (git DESCRIPTION)" when the library was built from a git checkout
 * (`git describe --tags --always --dirty`).  A string that lives forever.
 */
MIG_API const char *mig_version(void);

/* Version of the state file format this library writes and reads. */
#define MIG_STATE_FORMAT 1

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/*
 * Append-only; never renumbered.  Values below 1000 are NVML's
 * (NVIDIA's NVML API reference, nvmlReturn_t); 1000 and up are libmig's own.
 */
typedef enum mig_error {
	MIG_SUCCESS = 0,
	MIG_ERROR_UNINITIALIZED = 1,
	MIG_ERROR_INVALID_ARGUMENT = 2,
	MIG_ERROR_NOT_SUPPORTED = 3,
	MIG_ERROR_NO_PERMISSION = 4,
	MIG_ERROR_NOT_FOUND = 6,
	MIG_ERROR_INSUFFICIENT_SIZE = 7,
	MIG_ERROR_DRIVER_NOT_LOADED = 9,
	/* The NVML backend could not load libnvidia-ml.so.1, or lacks a function it needs. */
	MIG_ERROR_LIBRARY_NOT_FOUND = 12,
	MIG_ERROR_FUNCTION_NOT_FOUND = 13,
	MIG_ERROR_RESET_REQUIRED = 16,
	MIG_ERROR_OPERATING_SYSTEM = 17,
	MIG_ERROR_IN_USE = 19,
	MIG_ERROR_MEMORY = 20,
	MIG_ERROR_INSUFFICIENT_RESOURCES = 23,
	MIG_ERROR_UNKNOWN = 999,
	/* The state file is unreadable, torn, or describes an impossible layout. */
	MIG_ERROR_STATE_CORRUPT = 1000,
	/* The state file was written by a newer format version. */
	MIG_ERROR_STATE_VERSION = 1001,
	/* A file-system call failed (the message names the path and errno text). */
	MIG_ERROR_IO = 1002
} mig_error;

/* Static text for a code: NVML's wording for NVML codes ("In use by another client"). */
MIG_API const char *mig_strerror(int code);

/* Detail of this thread's last failure: "<what failed>: <why>".  Never NULL. */
MIG_API const char *mig_errmsg(void);
/* Forget this thread's last failure: mig_errmsg() is "" until the next one. */
MIG_API void mig_errclear(void);

/*
 * Release memory libmig returned for the caller to own (the text of
 * mig_state_to_json, mig_model_figures' array).  NULL-safe.  Use it rather
 * than free() where the program and libmig may not share one C runtime.
 */
MIG_API void mig_free(void *p);

/* ------------------------------------------------------------------ */
/* Catalog                                                            */
/* ------------------------------------------------------------------ */

/* "Every GPU", where a call takes a GPU index to filter on. */
#define MIG_ALL_GPUS ((unsigned)-1)

/*
 * Lists.  Every call that lists takes (out, cap, count, ...) and returns a
 * mig_error: it sets *count to how many items exist, writes the first
 * min(count, cap) of them, and fails with MIG_ERROR_INSUFFICIENT_SIZE when
 * out is not NULL and cap is short.  out = NULL (cap 0) asks for the count.
 *
 * An array of the size below always holds a whole list of its kind
 * (tests/unit/test_catalog.c checks every model of the catalog against
 * them); processes have no maximum: ask for the count first.
 */
#define MIG_MAX_GPUS 64         /* GPUs in one node */
#define MIG_MAX_GIS 8           /* GPU instances on one GPU (the driver's limit) */
#define MIG_MAX_CIS 8           /* compute instances in one GPU instance */
#define MIG_MAX_DEVICES_PER_GPU 64 /* MIG_MAX_GIS x MIG_MAX_CIS */
#define MIG_MAX_GI_PROFILES 24  /* GI profiles of one model under one driver */
#define MIG_MAX_CI_PROFILES 10  /* CI profiles inside one GI profile */
#define MIG_MAX_PLACEMENTS 8    /* legal placements of one GI or CI profile */

typedef struct mig_model mig_model;           /* one GPU model */
typedef struct mig_gi_profile mig_gi_profile; /* one GI profile of a model */

typedef enum mig_arch {
	MIG_ARCH_AMPERE = 1,    /* GA100: A100, A30 */
	MIG_ARCH_HOPPER = 2,    /* GH100: H100, H200, GH200, H20 */
	MIG_ARCH_BLACKWELL = 3, /* GB100: B200, GB200 */
	MIG_ARCH_BLACKWELL_RTX = 4 /* GB202: RTX PRO 6000 */
} mig_arch;

/*
 * Figures that may be unconfirmed.  Bit set in an `unconfirmed` mask = the
 * evidence (docs/sources.md) marks that figure [I] (inferred) or [?] (unknown) and the catalog
 * holds the most plausible value instead of a transcript's.
 */
enum {
	MIG_FIG_ID = 1u << 0,          /* nvidia-smi profile ID */
	MIG_FIG_NVML_INDEX = 1u << 1,  /* NVML_GPU_INSTANCE_PROFILE_* pairing */
	MIG_FIG_COUNT = 1u << 2,       /* instance count */
	MIG_FIG_MEMORY = 1u << 3,      /* memory MiB */
	MIG_FIG_PLACEMENTS = 1u << 4,  /* legal placements */
	MIG_FIG_SM = 1u << 5,
	MIG_FIG_CE = 1u << 6,
	MIG_FIG_DEC = 1u << 7,
	MIG_FIG_ENC = 1u << 8,
	MIG_FIG_JPEG = 1u << 9,
	MIG_FIG_OFA = 1u << 10,
	MIG_FIG_CI_PROFILES = 1u << 11, /* CI profiles inside the GI */
	MIG_FIG_AUTO_PLACEMENT = 1u << 12, /* which placement -cgi picks */
	MIG_FIG_NAME = 1u << 13,        /* profile or device name */
	MIG_FIG_DEVICE_ID = 1u << 14,   /* PCI device id */
	MIG_FIG_TOTAL_MEMORY = 1u << 15,/* device memory total */
	MIG_FIG_DRIVER_RANGE = 1u << 16 /* which drivers show this figure */
};

MIG_API size_t mig_catalog_count(void);
MIG_API const mig_model *mig_catalog_model(size_t index);
/* By key ("H100-SXM5-80GB", case-insensitive), by name ("NVIDIA H100 80GB HBM3")
 * or by PCI device id ("0x2330"); NULL when nothing matches. */
MIG_API const mig_model *mig_catalog_find(const char *what);
/*
 * What people type for a model (docs/catalog.md#names): what
 * mig_catalog_find takes, the marketing name in any case, or words that
 * name one model -- the family first, then beginnings of the other words of
 * its key or name, in any case, separated by blanks, '-' or '_' ("A30",
 * "h100-sxm", "a100 80gb pcie").  The family alone names its SXM board when
 * it has one ("H100" is H100-SXM5-80GB; "A100" has two).  MIG_ERROR_NOT_FOUND
 * when nothing matches; MIG_ERROR_INVALID_ARGUMENT, listing the candidates
 * in mig_errmsg(), when several do.
 */
MIG_API int mig_catalog_resolve(const mig_model **out, const char *what);

MIG_API const char *mig_model_key(const mig_model *m);
MIG_API const char *mig_model_name(const mig_model *m);
MIG_API unsigned mig_model_pci_device_id(const mig_model *m);
MIG_API unsigned mig_model_memory_mib(const mig_model *m);
MIG_API mig_arch mig_model_arch(const mig_model *m);
/* CUDA compute capability, major*10 + minor: GA100 80, GH100 90, GB100 100, GB202 120. */
MIG_API unsigned mig_model_compute_capability(const mig_model *m);
/* The board's maximum PCIe link generation: 4 for GA100, 5 for Hopper and Blackwell. */
MIG_API unsigned mig_model_pcie_gen(const mig_model *m);
/* Placement units of -lgipp (8 on A100/H100, 4 on A30, 12 on RTX PRO 6000). */
MIG_API unsigned mig_model_placement_units(const mig_model *m);
MIG_API unsigned mig_model_max_mig_devices(const mig_model *m);
/* Driver versions the catalog knows for the model, newest (the default) first. */
MIG_API size_t mig_model_driver_count(const mig_model *m);
MIG_API const char *mig_model_driver(const mig_model *m, size_t index);
MIG_API uint32_t mig_model_unconfirmed(const mig_model *m);
MIG_API const char *mig_model_note(const mig_model *m);

/* A driver version "major.minor.patch" as one comparable number. */
#define MIG_DRV(major, minor, patch) \
	((uint32_t)(major) * 1000000u + (uint32_t)(minor) * 1000u + (uint32_t)(patch))

/* Parse "580.95.05" (also "580" or "580.95") into MIG_DRV(); MIG_ERROR_INVALID_ARGUMENT otherwise. */
MIG_API int mig_driver_parse(uint32_t *out, const char *version);
/*
 * Could a real board of this model run driver `driver` (MIG_DRV())?
 * MIG_ERROR_NOT_SUPPORTED, naming the branches that can, for a branch older
 * than the model's architecture (an H100 with R470).  Newer branches than
 * the catalog knows are accepted: they take the newest tables.
 */
MIG_API int mig_model_driver_check(const mig_model *m, uint32_t driver);

/*
 * The GI profiles a model offers under a driver version (NULL = the
 * model's default), in NVML enum order then ID.
 */
MIG_API int mig_model_gi_profiles(const mig_gi_profile **out, size_t cap, size_t *count,
				  const mig_model *m, const char *driver);

typedef struct mig_gi_profile_info {
	const char *name;        /* "3g.40gb" (NVML prints "MIG 3g.40gb") */
	unsigned id;             /* nvidia-smi / NVML profile ID */
	unsigned nvml_index;     /* NVML_GPU_INSTANCE_PROFILE_* */
	unsigned instance_count; /* Total of -lgip */
	unsigned memory_mib;
	unsigned slices;         /* compute slices ("g") */
	unsigned placement_size; /* in placement units */
	uint32_t placements;     /* bit s set = start s is legal */
	unsigned sm, ce, dec, enc, jpeg, ofa;
	uint32_t unconfirmed;    /* MIG_FIG_* */
	const char *note;        /* provenance of doubtful figures, or "" */
} mig_gi_profile_info;

MIG_API void mig_gi_profile_get(const mig_gi_profile *p, mig_gi_profile_info *out);
/*
 * mig_model_gi_profiles with each profile's figures filled in: the list a
 * caller that reads the figures (not the handles) wants, in the same order.
 */
MIG_API int mig_model_gi_profile_infos(mig_gi_profile_info *out, size_t cap, size_t *count,
				       const mig_model *m, const char *driver);

/* NVML CI profile IDs (§nvml-A.3) */
#define MIG_CI_PROFILE_DEFAULT (-1)

typedef struct mig_ci_profile_info {
	char name[40];           /* "1c.3g.40gb", or the GI's name for the full CI */
	unsigned id;             /* NVML CI profile ID (= index) */
	unsigned slices;         /* compute slices ("c") */
	unsigned instance_count;
	uint32_t placements;     /* starts, in compute slices within the GI */
	unsigned sm;
	int is_default;          /* the `*` of -lcip: the full-GI CI */
	uint32_t unconfirmed;    /* MIG_FIG_* */
} mig_ci_profile_info;

/* CI profiles available inside a GI of profile `p`, in CI ID order. */
MIG_API int mig_gi_profile_ci_profiles(mig_ci_profile_info *out, size_t cap, size_t *count,
				       const mig_gi_profile *p);

/* One figure of a model, for "which figures are confirmed". */
typedef struct mig_figure {
	char subject[40];        /* "GPU" or a profile name such as "3g.90gb" */
	const char *field;       /* "memory_mib", "sm", "placements", ... */
	char value[64];          /* as text */
	int confirmed;
} mig_figure;

/*
 * Every figure of a model under a driver (NULL = default), one entry per
 * (subject, field).  *out is the caller's: mig_free() it.
 */
MIG_API int mig_model_figures(mig_figure **out, size_t *count,
			      const mig_model *m, const char *driver);

/* ------------------------------------------------------------------ */
/* State: the GPUs of a node and their MIG layout (in memory, no I/O)  */
/* ------------------------------------------------------------------ */

typedef struct mig_state mig_state;

typedef enum mig_reset_policy {
	/* The driver resets the GPU itself when nothing holds it (bare metal). */
	MIG_RESET_AUTO = 0,
	/* Passthrough VM that cannot reset: activation RESET_REQUIRED (NVML docs). */
	MIG_RESET_REQUIRED_VM = 1,
	/* Passthrough VM as in the MIG user guide's A100 sample: activation
	 * NOT_SUPPORTED and "Resetting GPU ... is not supported." */
	MIG_RESET_UNSUPPORTED_VM = 2
} mig_reset_policy;

/*
 * What to add to a node.  Zero fields take defaults.  The struct may gain
 * fields at its end: `version` says which layout the caller filled in.
 * Initialize with MIG_GPU_SPEC_INIT (or zero it and set version to
 * MIG_GPU_SPEC_VERSION); 0 is read as version 1, the layout below.
 */
#define MIG_GPU_SPEC_VERSION 1
#define MIG_GPU_SPEC_INIT {.version = MIG_GPU_SPEC_VERSION}
typedef struct mig_gpu_spec {
	unsigned version;        /* MIG_GPU_SPEC_VERSION (0: 1) */
	const mig_model *model;  /* required */
	const char *driver;      /* NULL: the model's newest known driver */
	const char *serial;      /* NULL: derived from the node seed and index */
	const char *pci_bus_id;  /* NULL: "00000000:XX:00.0" by index */
	int mirrored;            /* half-mirrored board (§geometry-1.5) */
	mig_reset_policy reset;
	/* NULL: derived from the serial.  Else "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
	 * to mirror a real board's identity; unique per node. */
	const char *uuid;
	/* 1: persistence mode disabled (no nvidia-persistenced), as some
	 * captures show; 0 (default): enabled.  See mig_gpu_telemetry. */
	int persistence_off;
	/*
	 * CPU affinity, as nvmlDeviceGetCpuAffinity reports it (docs/nvml.md):
	 * `cpus` an explicit list ("0-15,32-47"; '+' may stand for ','), else
	 * NUMA node `numa_node - 1` of the host when numa_node > 0, else (both
	 * zero) by platform: the host's NUMA nodes shared out over the GPUs.
	 */
	unsigned numa_node;
	const char *cpus;
} mig_gpu_spec;

/*
 * Parse a GPU request "MODEL[:COUNT][@DRIVER][,OPTION]...", e.g.
 * "H100-SXM5-80GB:4@535.183.01,mirrored".  MODEL is anything
 * mig_catalog_find accepts; COUNT 1..64 (default 1).  OPTIONs:
 *   mirrored                  half-mirrored board (§geometry-1.5)
 *   reset=POLICY              auto, passthrough, passthrough-no-reset
 *   uuid=GPU-8-4-4-4-12       the GPU UUID (lower-case hex)
 *   serial=TEXT               the board serial (printable, no blanks or commas)
 *   bus=DDDDDDDD:BB:DD.F      the PCI bus id (hex; printed upper-case)
 *   persistence=on|off        persistence mode (default on)
 *   numa=N                    the host NUMA node the GPU is attached to
 *   cpus=LIST                 its CPUs, e.g. 0-15+32-47 ('+' for ',')
 * so that a real board's identity can be mirrored; uuid=, serial= and bus=
 * make sense with COUNT 1 only (they are unique per node).  Parses in place:
 * `text` is modified and out->driver, ->uuid, ->serial and ->pci_bus_id
 * point into it.
 */
MIG_API int mig_gpu_spec_parse(mig_gpu_spec *out, unsigned *count, char *text);

MIG_API int mig_state_new(mig_state **out);
MIG_API void mig_state_free(mig_state *st);
MIG_API int mig_state_clone(mig_state **out, const mig_state *st);
MIG_API int mig_state_add_gpu(mig_state *st, const mig_gpu_spec *spec);
/* Remove the last GPU (only when it has no instances and no processes). */
MIG_API int mig_state_remove_gpu(mig_state *st, unsigned gpu);
MIG_API unsigned mig_state_gpu_count(const mig_state *st);
/* Incremented by every commit to the node; 0 for a fresh state. */
MIG_API uint64_t mig_state_generation(const mig_state *st);

/* The canonical JSON text of the state file (docs/state-file.md); mig_free() it. */
MIG_API int mig_state_to_json(char **out, const mig_state *st);
/*
 * Parse and validate state-file text.  Refuses (STATE_CORRUPT) anything
 * malformed or impossible - unknown model, illegal or overlapping
 * placement, GI ID not matching its placement, ... - and STATE_VERSION for
 * a newer format.  Never reads outside buf[0..len).
 */
MIG_API int mig_state_from_json(mig_state **out, const char *buf, size_t len);

/* CPUs an affinity may name (0 .. MIG_MAX_CPUS-1), and its text's size. */
#define MIG_MAX_CPUS 1024
#define MIG_CPULIST_MAX 256

/*
 * A Linux CPU list ("0-3,8,10-11", sysfs's cpulist form; `sep` separates
 * items, ',' or '+') as a bit mask of `words` 64-bit words.  Ranges must
 * ascend and stay below words * 64; empty and malformed lists are refused.
 */
MIG_API int mig_cpulist_parse(uint64_t *mask, unsigned words, const char *text, char sep);
/* The canonical list of a mask ("" when empty); -1 if it does not fit `len`. */
MIG_API int mig_cpulist_format(char *buf, size_t len, const uint64_t *mask, unsigned words);

typedef struct mig_gpu_info {
	const mig_model *model;
	char driver[32];
	char serial[32];
	char uuid[48];           /* "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
	char pci_bus_id[32];     /* "00000000:18:00.0" */
	int mig_current;         /* 1 enabled, 0 disabled */
	int mig_pending;
	int mirrored;
	mig_reset_policy reset;
	unsigned gi_count, ci_count, process_count;
	int numa_node;           /* -1: by platform (mig_gpu_spec.numa_node) */
	char cpus[MIG_CPULIST_MAX]; /* "" or the explicit CPU list, "0-15,32-47" */
} mig_gpu_info;

MIG_API int mig_gpu_get(mig_gpu_info *out, const mig_state *st, unsigned gpu);

/* A PCI address, as NVML's nvmlPciInfo_t splits it. */
typedef struct mig_pci_addr {
	unsigned domain, bus, device, function;
} mig_pci_addr;

/*
 * Parse "[domain:]bus:device.function" in hex, any case: the domain in 1 to
 * 8 digits (NVML prints 8, sysfs and go-nvlib 4) or left out (0), the bus
 * and device in 1 or 2, the function in 1 - the forms NVML's
 * nvmlDeviceGetHandleByPciBusId reads, and so nvidia-smi -i.
 * MIG_ERROR_INVALID_ARGUMENT when malformed.
 */
MIG_API int mig_pci_parse(mig_pci_addr *out, const char *text);

/*
 * The GPU `what` names, as nvidia-smi -i reads it: a decimal index, a GPU
 * UUID, or a PCI bus id in any form mig_pci_parse accepts.  A string of
 * digits is an index only.  MIG_ERROR_NOT_FOUND when no GPU matches,
 * MIG_ERROR_INVALID_ARGUMENT when `what` is empty.
 */
MIG_API int mig_gpu_find(unsigned *out, const mig_state *st, const char *what);

/*
 * Profile names as a user gives them: NVML's "MIG 1g.10gb" or libmig's
 * "1g.10gb" (case-sensitive, as nvidia-smi reads them).  The name without
 * the "MIG " prefix (a pointer into `what`), and 1 if `what` names the
 * profile libmig calls `name`.
 */
MIG_API const char *mig_profile_name_bare(const char *what);
MIG_API int mig_profile_name_matches(const char *what, const char *name);

/*
 * Pin the UUID of MIG device (gi, ci) of a GPU to `uuid` ("MIG-" + 8-4-4-4-12
 * lower-case hex), to mirror a real node's identities; NULL removes the pin.
 * A pin belongs to the (GI ID, CI ID) pair, not to one CI, so like a
 * derived UUID it survives the CI being destroyed and re-created.
 */
MIG_API int mig_gpu_pin_mig_uuid(mig_state *st, unsigned gpu, unsigned gi, unsigned ci,
				 const char *uuid);

/*
 * nvmlDeviceSetMigMode: record `enable` as pending and activate it when
 * nothing holds the GPU (*activation = SUCCESS).  A GPU held by processes
 * keeps the change pending (*activation = IN_USE); a passthrough VM keeps
 * it pending (*activation = RESET_REQUIRED or NOT_SUPPORTED, per policy).
 * Disabling while GPU instances exist is refused with IN_USE (the driver's
 * behaviour is not verified; this is the safe choice, docs/libmig.md).
 */
MIG_API int mig_set_mig_mode(mig_state *st, unsigned gpu, int enable, int *activation);
/* nvidia-smi -r: the pending mode takes effect.  IN_USE while processes
 * hold the GPU; NOT_SUPPORTED on a VM that cannot reset. */
MIG_API int mig_reset_gpu(mig_state *st, unsigned gpu);
/*
 * Reboot the node (the only way out of a pending mode in a passthrough VM):
 * every GPU's pending MIG mode becomes current and every GPU and compute
 * instance is gone, as after a real reboot (the mode persists, instances
 * do not).  IN_USE while processes are recorded.
 */
MIG_API int mig_state_reboot(mig_state *st);

/* GI profiles of this GPU (its model and driver); see mig_model_gi_profiles. */
MIG_API int mig_gpu_gi_profiles(const mig_gi_profile **out, size_t cap, size_t *count,
				const mig_state *st, unsigned gpu);
/*
 * Find a GI profile by ID ("9"), short name ("3g.40gb") or full name
 * ("MIG 3g.40gb"); case-sensitive like nvidia-smi.  INVALID_ARGUMENT with
 * the known names in the message when nothing matches.
 */
MIG_API int mig_gpu_find_gi_profile(const mig_gi_profile **out, const mig_state *st,
				    unsigned gpu, const char *what);
MIG_API int mig_gpu_gi_profile_by_id(const mig_gi_profile **out, const mig_state *st,
				     unsigned gpu, unsigned profile_id);

typedef struct mig_placement {
	unsigned start;          /* placement units (GI) or compute slices (CI) */
	unsigned size;
} mig_placement;

/* Static list of legal placements, whatever is occupied (works with MIG off). */
MIG_API int mig_gi_possible_placements(mig_placement *out, size_t cap, size_t *count,
				       const mig_state *st, unsigned gpu, unsigned profile_id);
/* How many more GIs of this profile could be created now (the Free of -lgip). */
MIG_API int mig_gi_remaining(unsigned *out, const mig_state *st, unsigned gpu,
			     unsigned profile_id);

/*
 * Create a GI.  `at` NULL: the driver's automatic placement (§geometry-1.6);
 * else that placement (INVALID_ARGUMENT if not legal for the profile,
 * INSUFFICIENT_RESOURCES if occupied).  *out_gi = the new GI ID.
 */
MIG_API int mig_create_gi(unsigned *out_gi, mig_state *st, unsigned gpu,
			  unsigned profile_id, const mig_placement *at);
/* IN_USE while CIs or processes remain on it. */
MIG_API int mig_destroy_gi(mig_state *st, unsigned gpu, unsigned gi);

typedef struct mig_gi_info {
	unsigned id;
	const mig_gi_profile *profile;
	mig_placement placement;
	unsigned ci_count;
	unsigned process_count;
} mig_gi_info;

/* GIs of a GPU in ascending GI ID.  Returns NOT_SUPPORTED with MIG off. */
MIG_API int mig_gi_list(mig_gi_info *out, size_t cap, size_t *count,
			const mig_state *st, unsigned gpu);
MIG_API int mig_gi_get(mig_gi_info *out, const mig_state *st, unsigned gpu, unsigned gi);

MIG_API int mig_ci_profiles(mig_ci_profile_info *out, size_t cap, size_t *count,
			    const mig_state *st, unsigned gpu, unsigned gi);
MIG_API int mig_ci_possible_placements(mig_placement *out, size_t cap, size_t *count,
				       const mig_state *st, unsigned gpu, unsigned gi,
				       unsigned ci_profile);
MIG_API int mig_ci_remaining(unsigned *out, const mig_state *st, unsigned gpu,
			     unsigned gi, unsigned ci_profile);
/*
 * Create a CI in GI `gi`.  ci_profile MIG_CI_PROFILE_DEFAULT = the full-GI
 * CI.  CI IDs are the lowest free.  `at` as for GIs.
 */
MIG_API int mig_create_ci(unsigned *out_ci, mig_state *st, unsigned gpu, unsigned gi,
			  int ci_profile, const mig_placement *at);
/* IN_USE while processes run on it. */
MIG_API int mig_destroy_ci(mig_state *st, unsigned gpu, unsigned gi, unsigned ci);

typedef struct mig_ci_info {
	unsigned gi, id;
	mig_ci_profile_info profile;
	mig_placement placement;
	char uuid[48];           /* "MIG-xxxxxxxx-xxxx-5xxx-xxxx-xxxxxxxxxxxx" */
	unsigned process_count;
} mig_ci_info;

MIG_API int mig_ci_list(mig_ci_info *out, size_t cap, size_t *count,
			const mig_state *st, unsigned gpu, unsigned gi);

/* A MIG device: one CI, enumerated in (GPU, GI ID, CI ID) order. */
typedef struct mig_device_info {
	unsigned gpu;            /* parent GPU index */
	unsigned index;          /* MIG device index within the GPU */
	mig_ci_info ci;
	const mig_gi_profile *gi_profile;
} mig_device_info;

/* All MIG devices of all GPUs (gpu == MIG_ALL_GPUS) or of one. */
MIG_API int mig_device_list(mig_device_info *out, size_t cap, size_t *count,
			    const mig_state *st, unsigned gpu);

/* ------------------------------------------------------------------ */
/* Emulated processes                                                 */
/* ------------------------------------------------------------------ */

#define MIG_NONE 0xFFFFFFFFu     /* no GI / no CI (NVML's value) */

typedef struct mig_process {
	unsigned pid;
	char name[64];
	unsigned long long used_mib;
	unsigned gpu;
	unsigned gi, ci;         /* MIG_NONE: on the whole GPU */
	unsigned long long start_time; /* /proc start time, to detect pid reuse; 0 = unknown */
} mig_process;

/*
 * Record a process on a GPU, or on a CI (gi and ci both set).  The pid must
 * be alive; it is dropped once it is gone (mig_state_prune).
 */
MIG_API int mig_process_attach(mig_state *st, const mig_process *p);
MIG_API int mig_process_detach(mig_state *st, unsigned pid);
/* The processes of one GPU, or of all (gpu == MIG_ALL_GPUS). */
MIG_API int mig_process_list(mig_process *out, size_t cap, size_t *count,
			     const mig_state *st, unsigned gpu);
/* Drop processes whose pid is gone (or reused); returns how many were dropped. */
MIG_API unsigned mig_state_prune(mig_state *st);

/* ------------------------------------------------------------------ */
/* Emulated load: what a job does over time (docs/load.md)            */
/* ------------------------------------------------------------------ */

/*
 * A parsed load description: phases (duration, SM activity, memory and its
 * growth) or the samples of a recorded log, replayed.  Immutable; safe to
 * read from any thread.
 */
typedef struct mig_load mig_load;

typedef struct mig_load_point {
	double sm_active;              /* share of its device's SMs kept busy, 0..1 */
	unsigned long long mem_mib;    /* memory the process holds */
	int running;                   /* 0 before the start and once it has ended */
} mig_load_point;

/*
 * Parse a load description (at most 1 MiB).  INVALID_ARGUMENT with
 * mig_errmsg naming the line and what is allowed; free with mig_load_free.
 */
MIG_API int mig_load_parse(mig_load **out, const char *buf, size_t len);
MIG_API void mig_load_free(mig_load *load);
/* Seconds from start to end (one period of a repeating load). */
MIG_API double mig_load_duration(const mig_load *load);
/* The description as given (borrowed); *len its length when len is not NULL. */
MIG_API const char *mig_load_text(const mig_load *load, size_t *len);
/*
 * The load `t` seconds after its start.  Once it has ended (not repeating)
 * it runs no kernels and holds its last memory; before its start, nothing.
 */
MIG_API void mig_load_at(mig_load_point *out, const mig_load *load, double t);

/*
 * Give recorded process `pid` the load described in buf, started at Unix
 * time `since`: telemetry then follows it (its memory bounded by its
 * instance's).  The description is kept in the state file.  NOT_FOUND when
 * pid is not recorded, NOT_SUPPORTED on real GPUs.
 */
MIG_API int mig_process_set_load(mig_state *st, unsigned pid, const char *buf, size_t len,
				 double since);
/*
 * The Unix time telemetry of this state is computed at (0: the clock at
 * each call).  Fix it to read one consistent set of figures, or in tests.
 */
MIG_API void mig_state_set_time(mig_state *st, double unix_s);

/* ------------------------------------------------------------------ */
/* Sharing modes (docs/sharing.md)                                    */
/* ------------------------------------------------------------------ */

/*
 * How a process uses its device (a whole GPU or a MIG compute instance):
 * alone, as a client of the device's MPS server, or time-sliced with the
 * device's other time-sliced processes.  A device holds processes of one
 * mode only.
 */
typedef enum mig_share_mode {
	MIG_SHARE_EXCLUSIVE = 0,
	MIG_SHARE_MPS = 1,
	MIG_SHARE_TIMESLICE = 2
} mig_share_mode;

typedef struct mig_share {
	mig_share_mode mode;
	unsigned threads;            /* MPS: CUDA_MPS_ACTIVE_THREAD_PERCENTAGE, 1-100; 0 = none */
	unsigned long long mem_mib;  /* MPS: CUDA_MPS_PINNED_DEVICE_MEM_LIMIT; 0 = none */
	unsigned uid;                /* the client's user: MPS runs one user's server at a time */
} mig_share;

/* Client contexts an MPS server takes per device (MPS documentation, CUDA 13.1). */
#define MIG_MPS_CLIENTS_DEFAULT 60u

/*
 * Parse a --share spec: "exclusive", "timeslice", "mps", or
 * "mps:threads=N,mem=SIZE" (either option alone; SIZE in MiB, or with a
 * suffix M, G or T, binary units).  uid is left 0.  INVALID_ARGUMENT naming
 * what was wrong and what is allowed.
 */
MIG_API int mig_share_parse(mig_share *out, const char *spec);
/* "exclusive", "mps", "timeslice". */
MIG_API const char *mig_share_mode_name(mig_share_mode mode);

/*
 * MPS clients a device takes: `per_device` (0: MIG_MPS_CLIENTS_DEFAULT) on
 * a whole GPU (ci_slices == gpu_slices or gpu_slices == 0), and under MIG
 * that figure lowered in proportion to the compute instance's share of the
 * GPU's compute slices, rounded down, at least 1 (MIG user guide; the
 * rounding is not documented: docs/sharing.md).
 */
MIG_API unsigned mig_mps_client_limit(unsigned per_device, unsigned ci_slices,
				      unsigned gpu_slices);

/* What a device holds now: the input of the per-mode rules. */
typedef struct mig_share_usage {
	unsigned exclusive;          /* processes using it alone */
	unsigned mps_clients;
	unsigned timeslice_clients;
	unsigned mps_uid;            /* the MPS server's user, when mps_clients > 0 */
	unsigned client_limit;       /* MPS clients it takes (mig_mps_client_limit) */
	unsigned long long memory_mib; /* its memory: the GPU's, or its GPU instance's */
} mig_share_usage;

/*
 * May a process with `req` start on a device in `use`?  A pure function of
 * its arguments (the simulator's entry point).  MIG_SUCCESS, or:
 *   IN_USE: the device is held by a process of another mode (an exclusive
 *     one, MPS clients for a time-sliced request or the reverse), or MPS
 *     runs another user's server (that user's clients must end first);
 *   INSUFFICIENT_RESOURCES: the MPS server has its client limit;
 *   INVALID_ARGUMENT: limits no device of this size can honour (threads
 *     above 100, a pinned memory limit above its memory, limits given for
 *     a mode that has none).
 * mig_errmsg() says which, with the figures.
 */
MIG_API int mig_share_admit(const mig_share_usage *use, const mig_share *req);

/*
 * The usage of a device: gi == ci == MIG_NONE for the whole GPU (refused
 * with NOT_SUPPORTED while MIG is enabled: CUDA runs in MIG devices only).
 */
MIG_API int mig_share_usage_of(mig_share_usage *out, const mig_state *st, unsigned gpu,
			       unsigned gi, unsigned ci);

/*
 * mig_process_attach with a sharing mode: admitted by mig_share_admit on
 * the device's usage, then recorded with the process (and dropped with it,
 * as mig_state_prune drops dead processes).  Not on real GPUs.
 */
MIG_API int mig_share_attach(mig_state *st, const mig_process *p, const mig_share *s);

/* The sharing of recorded process pid on GPU gpu (EXCLUSIVE when none was given). */
MIG_API int mig_share_get(mig_share *out, const mig_state *st, unsigned pid, unsigned gpu);

/* ------------------------------------------------------------------ */
/* The emulated node on disk                                          */
/* ------------------------------------------------------------------ */

typedef struct mig_node mig_node;

/*
 * The node directory: $MIGCTL_STATE_DIR, else /var/lib/migctl for root,
 * else $XDG_STATE_HOME/migctl, else ~/.local/state/migctl.  Environment
 * paths must be absolute and free of ".." components.
 */
MIG_API int mig_node_default_dir(char *buf, size_t len);

enum {
	/* Create the default node (one H100 80GB HBM3, MIG off) if none exists. */
	MIG_NODE_CREATE = 1u << 0
};

/* Open the node in `dir` (NULL: mig_node_default_dir). */
MIG_API int mig_node_open(mig_node **out, const char *dir, unsigned flags);
MIG_API void mig_node_close(mig_node *node);
/* Path of the state file (an NVML node: the library it loaded). */
MIG_API const char *mig_node_path(const mig_node *node);
/* 1 if mig_node_open created the default node just now. */
MIG_API int mig_node_created(const mig_node *node);

/* Snapshot under a shared lock; dead processes are pruned in the copy. */
MIG_API int mig_node_read(mig_state **out, mig_node *node);
/*
 * Start an all-or-nothing batch: takes the exclusive lock and loads the
 * state.  Mutate *out freely, then mig_node_commit (one durable write:
 * temp file, fsync, rename, fsync dir) or mig_node_abort (nothing written).
 * Both release the lock and free the state.
 */
MIG_API int mig_node_begin(mig_state **out, mig_node *node);
MIG_API int mig_node_commit(mig_node *node, mig_state *st);
MIG_API void mig_node_abort(mig_node *node, mig_state *st);

/* Write `st` as the node in `dir`, creating the directory.  EXIST refusal
 * unless `replace`: returns IN_USE when a node exists there. */
MIG_API int mig_node_create(const char *dir, const mig_state *st, int replace);
/* Remove the node's state (the lock file and the directory stay). */
MIG_API int mig_node_remove(const char *dir);

/* ------------------------------------------------------------------ */
/* Backends: the emulated node, or real GPUs through the system's NVML */
/* ------------------------------------------------------------------ */

/*
 * A node is either the emulated node on disk or the real GPUs of this
 * machine, driven through the system's libnvidia-ml.so.1 (loaded at run
 * time; libmig does not link against it).  Both answer the same API; see
 * docs/backends.md for what differs.  On an NVML node:
 *  - mig_node_read and mig_node_begin build the state from the driver's
 *    answers: its GPUs, their GI profiles (a model built from what the
 *    driver reports, so boards the catalog lacks work too), GIs, CIs, MIG
 *    device UUIDs and running processes.
 *  - Changes to a state from mig_node_begin go to the driver as they are
 *    made (mig_set_mig_mode, mig_create_gi/ci, mig_destroy_gi/ci), with
 *    the driver's return codes; the driver, not libmig, decides what fits
 *    and where an instance goes.  mig_gi_remaining and mig_ci_remaining
 *    ask the driver.  mig_node_commit writes nothing and mig_node_abort
 *    undoes nothing: a batch that fails halfway on real GPUs stays
 *    half-applied.  Keep the node open until the state is committed or
 *    aborted.
 *  - Resetting GPUs, rebooting, adding or removing GPUs and recording
 *    processes answer NOT_SUPPORTED.
 *  - A state from mig_node_read, or any copy (mig_state_clone), is a
 *    snapshot: changes to it stay in memory and the model answers them.
 */
typedef enum mig_backend {
	MIG_BACKEND_AUTO = 0,     /* NVML when an NVIDIA kernel driver is loaded, else emulated */
	MIG_BACKEND_EMULATED = 1, /* the emulated node (what mig_node_open opens) */
	MIG_BACKEND_NVML = 2      /* real GPUs through libnvidia-ml.so.1 */
} mig_backend;

/*
 * Open a node of the given backend.  EMULATED is mig_node_open(out, dir,
 * flags).  NVML loads $MIGCTL_NVML_LIBRARY (an absolute path without ".."
 * components) or else "libnvidia-ml.so.1" from the loader's path, and
 * initializes it; `dir` and `flags` are ignored.  LIBRARY_NOT_FOUND when it
 * cannot be loaded, FUNCTION_NOT_FOUND when it lacks a function libmig
 * needs, or the code of nvmlInit.  AUTO is NVML when
 * /proc/driver/nvidia/version exists, else EMULATED.
 */
MIG_API int mig_node_open_backend(mig_node **out, mig_backend backend, const char *dir,
				  unsigned flags);
/* EMULATED or NVML (never AUTO). */
MIG_API mig_backend mig_node_backend(const mig_node *node);

/*
 * 1 when mig_node_begin .. mig_node_commit is all or nothing (the emulated
 * node: the batch is written at commit, or never); 0 when every change
 * reaches the hardware as it is made (real GPUs), so that a caller who
 * wants all or nothing must keep its own journal of the steps done.
 */
MIG_API int mig_node_transactional(const mig_node *node);
/*
 * Where a journal of changes to this node belongs: beside the state file
 * of an emulated node; for real GPUs $MIGCTL_JOURNAL_DIR (absolute, no
 * "..") or the default node directory's journal/ (mig_node_default_dir).
 */
MIG_API int mig_node_journal_dir(char *buf, size_t len, const mig_node *node);
/* "auto", "emulated", "nvml"; "" for anything else. */
MIG_API const char *mig_backend_name(mig_backend backend);
/* The reverse of mig_backend_name; INVALID_ARGUMENT naming the allowed values otherwise. */
MIG_API int mig_backend_parse(mig_backend *out, const char *name);

/* ------------------------------------------------------------------ */
/* Telemetry: what NVML reports beside the MIG layout (telemetry.c)    */
/* ------------------------------------------------------------------ */

/*
 * The emulated node has no sensors, so these figures come from a model
 * (docs/libmig.md "Telemetry model"): per-board idle and busy figures, the
 * load the recorded processes put on the GPU, and the driver's memory
 * reservations as seen in real captures.  Deterministic: the same state
 * gives the same figures.  Names and UUIDs are given as NVML spells them
 * under the GPU's driver version.
 */

/* A figure the device does not report (nvidia-smi prints "N/A"). */
#define MIG_NA 0xFFFFFFFFu

typedef struct mig_gpu_telemetry_info {
	char name[96];               /* nvmlDeviceGetName: no "NVIDIA " before R470 */
	char cuda_version[16];       /* "13.0": the CUDA version the driver supports */
	int persistence_mode;        /* 1 enabled */
	int ecc_mode;                /* 1 enabled (current) */
	int display_active;          /* 1 if a display is driven (never, here) */
	int compute_mode;            /* 0 Default */
	unsigned fan_percent;        /* MIG_NA on passively cooled boards */
	unsigned temperature_c;
	unsigned perf_state;         /* 0 = P0 ... 15 = P15 */
	unsigned power_draw_mw;
	unsigned power_limit_mw;
	unsigned gpu_util_percent;   /* MIG_NA while MIG mode is currently enabled */
	unsigned ecc_errors;         /* volatile uncorrected ECC errors */
	unsigned long long memory_total_mib, memory_used_mib, memory_free_mib;
	unsigned long long bar1_total_mib, bar1_used_mib;
	/* Share of the GPU's SMs busy, 0..1 (DCGM's SM activity); -1 on real GPUs
	 * (NVML does not report it). */
	double sm_active;
} mig_gpu_telemetry_info;

MIG_API int mig_gpu_telemetry(mig_gpu_telemetry_info *out, const mig_state *st, unsigned gpu);

/* One MIG device (CI `ci` of GI `gi`); memory figures are its GI's (CIs share them). */
typedef struct mig_device_telemetry_info {
	char name[144];              /* "<GPU name> MIG <CI profile name>" */
	char uuid[96];               /* NVML's UUID: "MIG-GPU-<gpu uuid>/<gi>/<ci>" before R470 */
	unsigned long long memory_total_mib, memory_used_mib;
	unsigned long long bar1_total_mib, bar1_used_mib;
	unsigned ecc_errors;         /* volatile uncorrected ECC errors */
	/* Share of the device's SMs busy, 0..1; -1 on real GPUs (NVML has no
	 * utilisation per MIG device). */
	double sm_active;
} mig_device_telemetry_info;

MIG_API int mig_device_telemetry(mig_device_telemetry_info *out, const mig_state *st,
				 unsigned gpu, unsigned gi, unsigned ci);

typedef enum mig_process_kind {
	MIG_PROCESS_COMPUTE = 1,     /* nvidia-smi type "C" */
	MIG_PROCESS_GRAPHICS = 2     /* "G": a whole-GPU process while MIG is enabled */
} mig_process_kind;

/*
 * How NVML lists a recorded process.  CUDA cannot run on a GPU whose MIG
 * mode is enabled except inside a MIG device, so a process recorded on the
 * whole GPU of such a GPU is a graphics client (Xorg, a compositor);
 * every other process is a compute one.
 */
MIG_API mig_process_kind mig_process_kind_of(const mig_state *st, const mig_process *p);

#ifdef __cplusplus
}
#endif

#endif /* MIG_H */
