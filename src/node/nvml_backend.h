/*
 * nvml_backend.h - real GPUs through the system's libnvidia-ml.so.1
 * (internal; see docs/backends.md).
 */
#ifndef MIG_NVML_BACKEND_H
#define MIG_NVML_BACKEND_H

#include "mig.h"

typedef struct mig_nvml mig_nvml;

/*
 * Load the library ($MIGCTL_NVML_LIBRARY, else "libnvidia-ml.so.1"),
 * resolve its functions and initialize it.  Thread-safe once open: the
 * handle is read-only afterwards.
 */
int mig__nvml_open(mig_nvml **out);
/* Shut NVML down and unload it; NULL-safe. */
void mig__nvml_close(mig_nvml *nv);
/* The library as given to dlopen. */
const char *mig__nvml_library(const mig_nvml *nv);

/*
 * A state built from the driver's answers.  `live`: mutations go to the
 * driver (mig_node_begin); else a snapshot (mig_node_read).
 */
int mig__nvml_snapshot(mig_state **out, mig_nvml *nv, int live);

/* 1 if st comes from mig__nvml_snapshot(..., nv, 1): its changes reach nv's driver. */
int mig__nvml_live_on(const mig_state *st, const mig_nvml *nv);

/* 1 if an NVIDIA kernel driver is loaded (MIG_BACKEND_AUTO). */
int mig__nvml_driver_loaded(void);

/* Test hook: the file whose presence means "a driver is loaded". */
extern const char *mig__nvml_driver_probe;

/* node.c: an environment path must be absolute, printable, free of "..". */
int mig__check_env_path(const char *name, const char *value);

#endif
