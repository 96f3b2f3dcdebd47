/*
 * quickstart.c - libmig on the emulated node, end to end.
 *
 * Opens (or creates) the emulated node, enables MIG on GPU 0, partitions it
 * as 3g + 2g + 1g + 1g with a default compute instance in each - all in one
 * all-or-nothing batch - then lists the MIG devices the way `nvidia-smi -L`
 * does and shows the driver's refusal to destroy an instance that is busy.
 *
 * Run it twice: the batch first clears what the previous run made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mig.h"

#define CHECK(call)                                                              \
	do {                                                                     \
		int rc_ = (call);                                                \
		if (rc_ != MIG_SUCCESS) {                                        \
			fprintf(stderr, "quickstart: %s: %s (%s)\n", #call,       \
				mig_errmsg(), mig_strerror(rc_));                 \
			goto fail;                                               \
		}                                                                \
	} while (0)

/* Destroy every CI and GI of a GPU: the batch starts from a clean GPU. */
static int clear_gpu(mig_state *st, unsigned gpu)
{
	mig_gi_info gis[8];
	mig_ci_info cis[8];
	size_t ngi, nci;
	int rc = mig_gi_list(gis, 8, &ngi, st, gpu);

	if (rc == MIG_ERROR_NOT_SUPPORTED)
		return MIG_SUCCESS; /* MIG off: nothing to clear */
	for (size_t i = 0; rc == MIG_SUCCESS && i < ngi; i++) {
		rc = mig_ci_list(cis, 8, &nci, st, gpu, gis[i].id);
		for (size_t j = 0; rc == MIG_SUCCESS && j < nci; j++)
			rc = mig_destroy_ci(st, gpu, gis[i].id, cis[j].id);
		if (rc == MIG_SUCCESS)
			rc = mig_destroy_gi(st, gpu, gis[i].id);
	}
	return rc;
}

int main(void)
{
	static const char *const layout[] = {"3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"};
	mig_node *node = NULL;
	mig_state *st = NULL;
	mig_gpu_info gpu;
	mig_device_info dev[MIG_MAX_DEVICES_PER_GPU];
	const mig_gi_profile *profiles[MIG_MAX_GI_PROFILES];
	mig_process self;
	size_t n;
	int activation = 0;
	unsigned first_gi = 0;

	CHECK(mig_node_open(&node, NULL, MIG_NODE_CREATE));
	printf("Emulated node: %s%s\n", mig_node_path(node),
	       mig_node_created(node) ? " (created: one NVIDIA H100 80GB HBM3, MIG disabled)" : "");

	/* One batch: one lock, one durable write, or nothing at all. */
	CHECK(mig_node_begin(&st, node));
	CHECK(mig_gpu_get(&gpu, st, 0));
	printf("GPU 0: %s (UUID: %s), driver %s, MIG %s\n", mig_model_name(gpu.model), gpu.uuid,
	       gpu.driver, gpu.mig_current ? "Enabled" : "Disabled");
	CHECK(clear_gpu(st, 0));
	CHECK(mig_set_mig_mode(st, 0, 1, &activation));
	printf("Enable MIG: %s\n", activation == MIG_SUCCESS ? "done (GPU reset by the driver)"
							     : mig_strerror(activation));
	for (size_t i = 0; i < sizeof(layout) / sizeof(layout[0]); i++) {
		const mig_gi_profile *p;
		mig_gi_profile_info pi;
		mig_gi_info gi;
		unsigned gi_id, ci_id;

		CHECK(mig_gpu_find_gi_profile(&p, st, 0, layout[i]));
		mig_gi_profile_get(p, &pi);
		CHECK(mig_create_gi(&gi_id, st, 0, pi.id, NULL));
		CHECK(mig_gi_get(&gi, st, 0, gi_id));
		CHECK(mig_create_ci(&ci_id, st, 0, gi_id, MIG_CI_PROFILE_DEFAULT, NULL));
		printf("Created GPU instance %2u (MIG %s, ID %2u) at %u:%u with compute instance %u\n",
		       gi_id, pi.name, pi.id, gi.placement.start, gi.placement.size, ci_id);
		if (i == 0)
			first_gi = gi_id;
	}
	CHECK(mig_node_commit(node, st));
	st = NULL;

	/* Read back from disk, as any other process would see it. */
	CHECK(mig_node_read(&st, node));
	CHECK(mig_device_list(dev, MIG_MAX_DEVICES_PER_GPU, &n, st, 0));
	printf("\nGPU 0: %s (UUID: %s)\n", mig_model_name(gpu.model), gpu.uuid);
	for (size_t i = 0; i < n; i++) {
		char name[sizeof("MIG ") + sizeof(dev[i].ci.profile.name)];

		snprintf(name, sizeof(name), "MIG %s", dev[i].ci.profile.name);
		printf("  %-15s Device %2u: (UUID: %s)\n", name, dev[i].index, dev[i].ci.uuid);
	}

	printf("\nWhat still fits (Free/Total):");
	CHECK(mig_gpu_gi_profiles(profiles, MIG_MAX_GI_PROFILES, &n, st, 0));
	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info pi;
		unsigned left = 0;

		mig_gi_profile_get(profiles[i], &pi);
		CHECK(mig_gi_remaining(&left, st, 0, pi.id));
		printf(" %s %u/%u%s", pi.name, left, pi.instance_count, i + 1 < n ? "," : "\n");
	}
	mig_state_free(st);
	st = NULL;

	/* A process on the 3g instance makes the driver refuse to destroy it. */
	memset(&self, 0, sizeof(self));
	self.pid = (unsigned)getpid();
	snprintf(self.name, sizeof(self.name), "quickstart");
	self.used_mib = 1024;
	self.gi = first_gi;
	self.ci = 0;
	CHECK(mig_node_begin(&st, node));
	CHECK(mig_process_attach(st, &self));
	{
		int rc = mig_destroy_ci(st, 0, first_gi, 0);

		printf("\nDestroying compute instance 0 of GPU instance %u while pid %u runs there: %s\n  (%s)\n",
		       first_gi, self.pid, mig_strerror(rc), rc ? mig_errmsg() : "");
	}
	/* Abort: nothing of this demonstration reaches the disk. */
	mig_node_abort(node, st);
	mig_node_close(node);
	return 0;
fail:
	mig_node_abort(node, st);
	mig_node_close(node);
	return 1;
}
