/*
 * nvml_internal.h - what the files of libnvidia-ml.so.1 share.
 *
 * One library context (lib.c) holds the init count, the open node and the
 * cached state, behind one mutex.  Every entry point brackets its work with
 * nv_enter() / nv_leave(): nv_enter takes the mutex, answers UNINITIALIZED
 * before init, and brings the cached state up to date with the node (a
 * stat(2) when nothing changed).  Between the two, nv_state() is the node's
 * state and may be read freely.
 *
 * Handles are addresses inside static tables indexed by what they name -
 * (GPU), (GPU, GI ID, CI ID), (GPU, GI ID), (GPU, GI ID, CI ID) - so they
 * never dangle: a handle is checked against its table's bounds and then
 * against the current state, and a handle of a destroyed instance is
 * refused with INVALID_ARGUMENT (§nvml-A.5: bad handles).  A
 * re-created instance with the same IDs gets the same handle, as the real
 * header warns handles may be reused.
 */
#ifndef NVML_INTERNAL_H
#define NVML_INTERNAL_H

#include "mig.h"
#include "nvml_decls.h"

/* Table bounds: GPUs per node (libmig's cap), GI IDs 0-14, CI IDs 0-7. */
#define NV_MAX_GPUS 64u
#define NV_GI_IDS 15u
#define NV_CI_IDS 8u

/* Context (lib.c) ---------------------------------------------------------- */

/* Lock, check init, refresh the cache.  On failure nothing stays locked. */
nvmlReturn_t nv_enter(void);
/* Unlock; returns rc so entry points can `return nv_leave(rc)`. */
nvmlReturn_t nv_leave(nvmlReturn_t rc);
/* Stub entry points: UNINITIALIZED before init, else NOT_SUPPORTED. */
nvmlReturn_t nv_not_supported(void);
/* The cached state (between nv_enter and nv_leave); NULL without a node. */
const mig_state *nv_state(void);
/* GPUs visible through NVML (the node's, at most NV_MAX_GPUS). */
unsigned nv_gpu_count(void);
/* Drop processes that died since the cached state was read. */
void nv_prune_processes(void);

/*
 * A mutation: the node's exclusive lock and a fresh state (nv_begin), then
 * nv_commit or nv_abort.  The cache is dropped either way, so the next
 * call sees what was written.
 */
nvmlReturn_t nv_begin(mig_state **out);
nvmlReturn_t nv_commit(mig_state *st);
void nv_abort(mig_state *st);
/* A mutation's end, its change having returned mig_rc: nv_commit on
 * success, else nv_abort and mig_rc as NVML's code. */
nvmlReturn_t nv_finish(mig_state *st, int mig_rc);

/* A libmig code as NVML's: equal below 1000; the node's own errors are UNKNOWN. */
nvmlReturn_t nv_error(int mig_rc);
/*
 * What a versioned call answers for a version word it does not know:
 * ARGUMENT_VERSION_MISMATCH from NVML 12.0 (driver R525), INVALID_ARGUMENT
 * before it existed.
 */
nvmlReturn_t nv_version_mismatch(void);

/* Handles (lib.c) ----------------------------------------------------------- */

/* What a device handle names: a GPU, or a MIG device (gi, ci) of one. */
typedef struct nv_dev {
	unsigned gpu;
	int mig;
	unsigned gi, ci;
} nv_dev;

nvmlDevice_t nv_gpu_handle(unsigned gpu);
nvmlDevice_t nv_mig_handle(unsigned gpu, unsigned gi, unsigned ci);
nvmlGpuInstance_t nv_gi_handle(unsigned gpu, unsigned gi);
nvmlComputeInstance_t nv_ci_handle(unsigned gpu, unsigned gi, unsigned ci);

/* Resolve and validate against nv_state(); INVALID_ARGUMENT if bad or gone. */
nvmlReturn_t nv_device(nv_dev *out, nvmlDevice_t h);
/* As nv_device, but only a full GPU: a MIG handle answers NOT_SUPPORTED. */
nvmlReturn_t nv_gpu(unsigned *gpu, nvmlDevice_t h);
nvmlReturn_t nv_gpu_instance(unsigned *gpu, unsigned *gi, nvmlGpuInstance_t h);
nvmlReturn_t nv_compute_instance(unsigned *gpu, unsigned *gi, unsigned *ci,
				 nvmlComputeInstance_t h);

/* Lookups on the cached state (lib.c) ---------------------------------------- */

/* The GPU's info; the GPU index must be valid. */
void nv_gpu_info(mig_gpu_info *out, unsigned gpu);
/*
 * MIG device (gi, ci) of a GPU: its CI, its GI and its MIG device index.
 * NOT_FOUND when it does not exist (or MIG is off).  Outputs may be NULL.
 */
nvmlReturn_t nv_mig_lookup(unsigned gpu, unsigned gi, unsigned ci, mig_ci_info *ci_out,
			   mig_gi_info *gi_out, unsigned *index);

/* PCI addresses (lookup.c) ---------------------------------------------------- */

/* A PCI address; libmig's parser (mig_pci_parse) reads every form NVML accepts. */
typedef mig_pci_addr nv_pci_addr;
/* The GPU's address, from the node's bus id. */
void nv_gpu_pci(nv_pci_addr *out, unsigned gpu);

/* The node's driver branch, 580 for 580.173.02 (system.c; GPU 0's, as every version answer). */
unsigned nv_driver_major(void);
/* The PCIe generation of a GPU's link (modes.c). */
unsigned nv_pcie_gen(unsigned gpu);
/* Forget every event set (events.c; the last nvmlShutdown, mutex held). */
void nv_events_reset(void);

/* Copy s into a caller's buffer of `length` bytes; INSUFFICIENT_SIZE if short. */
nvmlReturn_t nv_copy_string(char *buf, unsigned length, const char *s);

#endif
