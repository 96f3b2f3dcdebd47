/*
 * share_conf.h - the configuration other systems need to share this
 * node's devices the way migctl models it (docs/sharing.md): the NVIDIA
 * Kubernetes device plugin's config file, and Slurm's gres/mps lines.
 */
#ifndef MIGSHARE_CONF_H
#define MIGSHARE_CONF_H

#include <stddef.h>

#include "mig.h"

/* One resource the device plugin advertises, and what its devices take. */
typedef struct share_resource {
	char name[64];              /* "nvidia.com/gpu", "nvidia.com/mig-1g.10gb" */
	unsigned devices;           /* devices of the node under this name */
	unsigned client_limit;      /* the smallest MPS client limit among them */
	unsigned long long memory_mib; /* the smallest memory among them */
} share_resource;

#define SHARE_MAX_RESOURCES 64

/*
 * The resources of a node, sorted by name: whole GPUs (MIG disabled) as
 * nvidia.com/gpu, MIG devices as nvidia.com/mig-<GI profile> ('+' read
 * '.') as the plugin's mixed strategy names them.  A CI smaller than its
 * GI is not advertised by the plugin and is counted in *skipped.  *mig:
 * some GPU has MIG enabled.
 */
int share_resources(share_resource *out, size_t cap, size_t *count, unsigned *skipped,
		    int *mig, const mig_state *st);

/*
 * The device plugin's config file (version v1) sharing every resource of
 * the node by `mode` (MPS or TIMESLICE) with `replicas` each.  MIG_SUCCESS and
 * *out (free() it), or a mig_error with the sentence in mig_errmsg(): no
 * resource, replicas out of 1..1024, MPS replicas above a resource's client
 * limit.
 */
int share_k8s_config(char **out, const mig_state *st, mig_share_mode mode, unsigned replicas);

/*
 * Slurm's lines for MPS on this node's whole GPUs: gres.conf
 * (Name=gpu/Name=mps Count=100 File=/dev/nvidiaN per GPU) and slurm.conf
 * (GresTypes, NodeName=node Gres=gpu:N,mps:100*N).  MIG-enabled GPUs are
 * left out with a comment saying why.  MIG_SUCCESS and *out, or a mig_error with
 * the sentence in mig_errmsg(): a bad node name, no GPU with MIG disabled.
 */
int share_slurm_config(char **out, const mig_state *st, const char *node);

#endif
