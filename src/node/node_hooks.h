/*
 * node_hooks.h - test hooks of the node (internal; tests only).
 */
#ifndef MIG_NODE_HOOKS_H
#define MIG_NODE_HOOKS_H

/* Points inside a durable write where the crash test may kill the process. */
enum mig_write_stage {
	MIG_WRITE_TEMP_CREATED = 1,
	MIG_WRITE_HALF_WRITTEN,
	MIG_WRITE_WRITTEN,
	MIG_WRITE_SYNCED,
	MIG_WRITE_RENAMED,
	MIG_WRITE_STAGES
};

/* Called at each stage when set (NULL in production). */
extern void (*mig__node_write_hook)(enum mig_write_stage stage);

/*
 * GPUs read whole from the driver (mig__nvml_read_gpu) since the process
 * started: what a test counts to see that an apply reads the driver once,
 * not once per step.
 */
extern unsigned long mig__nvml_gpu_reads;

#endif
