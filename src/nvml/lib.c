/*
 * lib.c - the library context: init and shutdown, the cached node state,
 * mutations, and the handle tables.
 *
 * NVML lives inside other people's processes, so nothing here prints,
 * exits or aborts, and everything is released at the last nvmlShutdown.
 * One mutex serializes the entry points: calls are short (a stat(2) and a
 * few table walks), and libmig's mig_state is not thread-safe.
 *
 * The cache.  nvidia-smi style clients make hundreds of calls per screen,
 * so the parsed state is kept between calls and the state file re-read
 * only when a stat(2) shows it changed (device, inode, size, mtime, ctime:
 * every commit renames a new file into place, and bumps the generation
 * inside it).  A file changed very recently is re-read on every call
 * regardless, like git's "racily clean" index entries: file-system
 * timestamps advance in clock ticks (whole seconds on some file systems),
 * so a later commit in the same tick could reuse the inode and show the
 * same size and times.  Measured here: about 4 us per call from the cache,
 * 65 us when re-reading.
 *
 * fork().  Clients fork from threaded processes (Python multiprocessing
 * with a monitoring thread), and a child has only the forking thread: a
 * mutex another thread held would stay locked there for ever, and a node
 * lock descriptor open mid-change would be shared with the child.  So
 * fork handlers take the mutex before the fork (waiting for the call in
 * progress, which closes its lock descriptor before it returns) and
 * release it on both sides: the child starts with the parent's cache and
 * no lock, and every process keeps its own descriptors per operation.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "nvml_internal.h"

/* How long after its last change the file is not trusted by its stat alone. */
#define NV_RACY_FINE_NS 100000000LL    /* nanosecond timestamps: > a few clock ticks */
#define NV_RACY_COARSE_NS 2000000000LL /* whole-second timestamps */

static struct {
	pthread_mutex_t mu;
	unsigned refs;     /* nvmlInit calls not yet matched by nvmlShutdown */
	mig_node *node;    /* NULL only after an nvmlInitWithFlags(NO_GPUS) without a node */
	mig_state *st;     /* the cached state */
	int fresh;         /* `sig` identifies the file `st` was read from (not racy) */
	struct stat sig;
} lib = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void fork_prepare(void)
{
	pthread_mutex_lock(&lib.mu);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&lib.mu);
}

static void fork_child(void)
{
	/* The child's only thread did the locking; a fresh mutex is the portable release. */
	pthread_mutex_init(&lib.mu, NULL);
}

/* Registered once per load; glibc drops the handlers of a library at its dlclose. */
__attribute__((constructor)) static void register_fork_handlers(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/*
 * A client that dlclose()s the library without nvmlShutdown (a plugin being
 * unloaded): release the cache and the node, or they leak with every load.
 */
__attribute__((destructor)) static void release_at_unload(void)
{
	pthread_mutex_lock(&lib.mu);
	lib.refs = 0;
	mig_state_free(lib.st);
	lib.st = NULL;
	lib.fresh = 0;
	mig_node_close(lib.node);
	lib.node = NULL;
	pthread_mutex_unlock(&lib.mu);
}

/* Errors ---------------------------------------------------------------------- */

nvmlReturn_t nv_error(int mig_rc)
{
	if (mig_rc >= 0 && mig_rc < 1000)
		return (nvmlReturn_t)mig_rc;
	return NVML_ERROR_UNKNOWN;
}

/* Reading the node failed: only permission and memory say more than "unknown". */
static nvmlReturn_t node_error(int mig_rc)
{
	if (mig_rc == MIG_ERROR_NO_PERMISSION || mig_rc == MIG_ERROR_MEMORY)
		return nv_error(mig_rc);
	return NVML_ERROR_UNKNOWN;
}

nvmlReturn_t nv_version_mismatch(void)
{
	mig_gpu_info g;
	unsigned major = 0;

	if (nv_gpu_count() == 0)
		return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
	nv_gpu_info(&g, 0);
	for (const char *p = g.driver; *p >= '0' && *p <= '9'; p++)
		major = major * 10 + (unsigned)(*p - '0');
	/* The code appeared with NVML 12.0, which shipped with driver R525. */
	return major >= 525 ? NVML_ERROR_ARGUMENT_VERSION_MISMATCH : NVML_ERROR_INVALID_ARGUMENT;
}

/* The cache ------------------------------------------------------------------- */

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Was the file, stat()ed at `when`, changed too recently to be recognized
 * by its stat later?  Any later commit gets an mtime of at least `when`
 * (less a clock tick), so an older file's stat cannot come back unchanged.
 */
static int racy(const struct stat *sb, const struct timespec *when)
{
	long long age = (long long)(when->tv_sec - sb->st_mtim.tv_sec) * 1000000000LL +
			(when->tv_nsec - sb->st_mtim.tv_nsec);

	/* A file system that keeps no nanoseconds has whole-second timestamps. */
	return age < (sb->st_mtim.tv_nsec ? NV_RACY_FINE_NS : NV_RACY_COARSE_NS);
}

static void drop_cache(void)
{
	mig_state_free(lib.st);
	lib.st = NULL;
	lib.fresh = 0;
}

/* Bring lib.st up to date with the node (mutex held). */
static nvmlReturn_t refresh(void)
{
	struct timespec when;
	struct stat sb;
	mig_state *st;
	int rc;

	if (!lib.node)
		return NVML_SUCCESS;
	if (clock_gettime(CLOCK_REALTIME, &when) != 0)
		memset(&when, 0, sizeof(when));
	/* Taken before the read: a write in between only makes the next call re-read. */
	if (stat(mig_node_path(lib.node), &sb) != 0)
		memset(&sb, 0, sizeof(sb));
	if (lib.st && lib.fresh && same_file(&sb, &lib.sig))
		return NVML_SUCCESS;
	rc = mig_node_read(&st, lib.node);
	if (rc) {
		drop_cache();
		return node_error(rc);
	}
	mig_state_free(lib.st);
	lib.st = st;
	lib.sig = sb;
	lib.fresh = sb.st_ino != 0 && !racy(&sb, &when);
	return NVML_SUCCESS;
}

const mig_state *nv_state(void)
{
	return lib.st;
}

unsigned nv_gpu_count(void)
{
	unsigned n = lib.st ? mig_state_gpu_count(lib.st) : 0;

	return n < NV_MAX_GPUS ? n : NV_MAX_GPUS;
}

void nv_prune_processes(void)
{
	/* A process may have died since the file was read; the file keeps it until the next write. */
	if (lib.st)
		mig_state_prune(lib.st);
}

/* Entry and exit ---------------------------------------------------------------- */

nvmlReturn_t nv_enter(void)
{
	nvmlReturn_t rc;

	pthread_mutex_lock(&lib.mu);
	if (lib.refs == 0) {
		pthread_mutex_unlock(&lib.mu);
		return NVML_ERROR_UNINITIALIZED;
	}
	rc = refresh();
	if (rc != NVML_SUCCESS)
		pthread_mutex_unlock(&lib.mu);
	return rc;
}

nvmlReturn_t nv_leave(nvmlReturn_t rc)
{
	pthread_mutex_unlock(&lib.mu);
	return rc;
}

nvmlReturn_t nv_not_supported(void)
{
	nvmlReturn_t rc;

	pthread_mutex_lock(&lib.mu);
	rc = lib.refs ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_UNINITIALIZED;
	pthread_mutex_unlock(&lib.mu);
	return rc;
}

/* Mutations --------------------------------------------------------------------- */

nvmlReturn_t nv_begin(mig_state **out)
{
	int rc;

	if (!lib.node)
		return NVML_ERROR_NOT_SUPPORTED;
	rc = mig_node_begin(out, lib.node);
	return rc ? nv_error(rc) : NVML_SUCCESS;
}

nvmlReturn_t nv_commit(mig_state *st)
{
	int rc = mig_node_commit(lib.node, st);

	lib.fresh = 0;
	return rc ? nv_error(rc) : NVML_SUCCESS;
}

void nv_abort(mig_state *st)
{
	mig_node_abort(lib.node, st);
}

nvmlReturn_t nv_finish(mig_state *st, int mig_rc)
{
	if (mig_rc == MIG_SUCCESS)
		return nv_commit(st);
	nv_abort(st);
	return nv_error(mig_rc);
}

/* Init and shutdown ------------------------------------------------------------------ */

/* No usable node means no (emulated) driver; permission and memory keep their codes. */
static nvmlReturn_t init_error(int mig_rc)
{
	if (mig_rc == MIG_ERROR_NO_PERMISSION || mig_rc == MIG_ERROR_MEMORY)
		return nv_error(mig_rc);
	return NVML_ERROR_DRIVER_NOT_LOADED;
}

static nvmlReturn_t init(unsigned flags)
{
	nvmlReturn_t rc = NVML_SUCCESS;
	int mrc;

	pthread_mutex_lock(&lib.mu);
	if (!lib.node) {
		/* Like migctl, the first use creates the default node, silently. */
		mrc = mig_node_open(&lib.node, NULL, MIG_NODE_CREATE);
		if (mrc) {
			lib.node = NULL;
			rc = init_error(mrc);
		} else if ((rc = refresh()) != NVML_SUCCESS) {
			rc = rc == NVML_ERROR_UNKNOWN ? NVML_ERROR_DRIVER_NOT_LOADED : rc;
			mig_node_close(lib.node);
			lib.node = NULL;
		}
		/* NO_GPUS: init succeeds with whatever GPUs there are, here none. */
		if (rc != NVML_SUCCESS && (flags & NVML_INIT_FLAG_NO_GPUS))
			rc = NVML_SUCCESS;
	}
	if (rc == NVML_SUCCESS)
		lib.refs++;
	pthread_mutex_unlock(&lib.mu);
	return rc;
}

nvmlReturn_t nvmlInit(void)
{
	return init(0);
}

nvmlReturn_t nvmlInit_v2(void)
{
	return init(0);
}

nvmlReturn_t nvmlInitWithFlags(unsigned int flags)
{
	return init(flags);
}

nvmlReturn_t nvmlShutdown(void)
{
	pthread_mutex_lock(&lib.mu);
	if (lib.refs == 0) {
		pthread_mutex_unlock(&lib.mu);
		return NVML_ERROR_UNINITIALIZED;
	}
	if (--lib.refs == 0) {
		nv_events_reset();
		drop_cache();
		mig_node_close(lib.node);
		lib.node = NULL;
	}
	pthread_mutex_unlock(&lib.mu);
	return NVML_SUCCESS;
}

/* Handle tables ------------------------------------------------------------------- */

/* Entries are never written: a handle's meaning is its position. */
struct nvmlDevice_st {
	unsigned long long unused;
};
struct nvmlGpuInstance_st {
	unsigned long long unused;
};
struct nvmlComputeInstance_st {
	unsigned long long unused;
};

/* Per GPU: the GPU itself, then MIG device (gi, ci) at 1 + gi * NV_CI_IDS + ci. */
#define NV_DEV_PER_GPU (1u + NV_GI_IDS * NV_CI_IDS)

static struct nvmlDevice_st dev_table[NV_MAX_GPUS * NV_DEV_PER_GPU];
static struct nvmlGpuInstance_st gi_table[NV_MAX_GPUS * NV_GI_IDS];
static struct nvmlComputeInstance_st ci_table[NV_MAX_GPUS * NV_GI_IDS * NV_CI_IDS];

/* Position of p in a table, or -1: compared as integers, since p may be anything. */
static int table_index(size_t *out, const void *base, size_t elem, size_t count, const void *p)
{
	uintptr_t b = (uintptr_t)base, q = (uintptr_t)p;

	if (q < b || (q - b) % elem != 0 || (q - b) / elem >= count)
		return -1;
	*out = (q - b) / elem;
	return 0;
}

nvmlDevice_t nv_gpu_handle(unsigned gpu)
{
	return &dev_table[gpu * NV_DEV_PER_GPU];
}

nvmlDevice_t nv_mig_handle(unsigned gpu, unsigned gi, unsigned ci)
{
	return &dev_table[gpu * NV_DEV_PER_GPU + 1 + gi * NV_CI_IDS + ci];
}

nvmlGpuInstance_t nv_gi_handle(unsigned gpu, unsigned gi)
{
	return &gi_table[gpu * NV_GI_IDS + gi];
}

nvmlComputeInstance_t nv_ci_handle(unsigned gpu, unsigned gi, unsigned ci)
{
	return &ci_table[(gpu * NV_GI_IDS + gi) * NV_CI_IDS + ci];
}

nvmlReturn_t nv_device(nv_dev *out, nvmlDevice_t h)
{
	size_t i, k;

	if (table_index(&i, dev_table, sizeof(dev_table[0]), NV_MAX_GPUS * NV_DEV_PER_GPU, h))
		return NVML_ERROR_INVALID_ARGUMENT;
	out->gpu = (unsigned)(i / NV_DEV_PER_GPU);
	if (out->gpu >= nv_gpu_count())
		return NVML_ERROR_INVALID_ARGUMENT;
	k = i % NV_DEV_PER_GPU;
	out->mig = k != 0;
	out->gi = out->ci = MIG_NONE;
	if (!out->mig)
		return NVML_SUCCESS;
	out->gi = (unsigned)((k - 1) / NV_CI_IDS);
	out->ci = (unsigned)((k - 1) % NV_CI_IDS);
	/* A MIG device whose compute instance is gone is a stale handle. */
	if (nv_mig_lookup(out->gpu, out->gi, out->ci, NULL, NULL, NULL) != NVML_SUCCESS)
		return NVML_ERROR_INVALID_ARGUMENT;
	return NVML_SUCCESS;
}

nvmlReturn_t nv_gpu(unsigned *gpu, nvmlDevice_t h)
{
	nv_dev d;
	nvmlReturn_t rc = nv_device(&d, h);

	if (rc != NVML_SUCCESS)
		return rc;
	if (d.mig)
		return NVML_ERROR_NOT_SUPPORTED;
	*gpu = d.gpu;
	return NVML_SUCCESS;
}

nvmlReturn_t nv_gpu_instance(unsigned *gpu, unsigned *gi, nvmlGpuInstance_t h)
{
	mig_gi_info info;
	size_t i;

	if (table_index(&i, gi_table, sizeof(gi_table[0]), NV_MAX_GPUS * NV_GI_IDS, h))
		return NVML_ERROR_INVALID_ARGUMENT;
	*gpu = (unsigned)(i / NV_GI_IDS);
	*gi = (unsigned)(i % NV_GI_IDS);
	if (*gpu >= nv_gpu_count() || mig_gi_get(&info, lib.st, *gpu, *gi) != MIG_SUCCESS)
		return NVML_ERROR_INVALID_ARGUMENT;
	return NVML_SUCCESS;
}

nvmlReturn_t nv_compute_instance(unsigned *gpu, unsigned *gi, unsigned *ci,
				 nvmlComputeInstance_t h)
{
	size_t i;

	if (table_index(&i, ci_table, sizeof(ci_table[0]), NV_MAX_GPUS * NV_GI_IDS * NV_CI_IDS, h))
		return NVML_ERROR_INVALID_ARGUMENT;
	*gpu = (unsigned)(i / (NV_GI_IDS * NV_CI_IDS));
	*gi = (unsigned)(i / NV_CI_IDS % NV_GI_IDS);
	*ci = (unsigned)(i % NV_CI_IDS);
	if (*gpu >= nv_gpu_count() || nv_mig_lookup(*gpu, *gi, *ci, NULL, NULL, NULL))
		return NVML_ERROR_INVALID_ARGUMENT;
	return NVML_SUCCESS;
}

/* Lookups ------------------------------------------------------------------------- */

void nv_gpu_info(mig_gpu_info *out, unsigned gpu)
{
	if (mig_gpu_get(out, lib.st, gpu) != MIG_SUCCESS)
		memset(out, 0, sizeof(*out));
}

nvmlReturn_t nv_mig_lookup(unsigned gpu, unsigned gi, unsigned ci, mig_ci_info *ci_out,
			   mig_gi_info *gi_out, unsigned *index)
{
	mig_gi_info gis[NV_GI_IDS];
	mig_ci_info cis[NV_CI_IDS];
	size_t ngi, nci;
	unsigned before = 0;

	if (!lib.st || gi >= NV_GI_IDS || ci >= NV_CI_IDS ||
	    mig_gi_list(gis, NV_GI_IDS, &ngi, lib.st, gpu) != MIG_SUCCESS)
		return NVML_ERROR_NOT_FOUND;
	/* MIG device index: GIs in ascending ID, then CIs in ascending ID (§nvml-A.7). */
	for (size_t i = 0; i < ngi && i < NV_GI_IDS; i++) {
		if (gis[i].id != gi) {
			if (gis[i].id < gi)
				before += gis[i].ci_count;
			continue;
		}
		if (mig_ci_list(cis, NV_CI_IDS, &nci, lib.st, gpu, gi) != MIG_SUCCESS)
			return NVML_ERROR_NOT_FOUND;
		for (size_t j = 0; j < nci && j < NV_CI_IDS; j++) {
			if (cis[j].id != ci)
				continue;
			if (ci_out)
				*ci_out = cis[j];
			if (gi_out)
				*gi_out = gis[i];
			if (index)
				*index = before + (unsigned)j;
			return NVML_SUCCESS;
		}
		return NVML_ERROR_NOT_FOUND;
	}
	return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nv_copy_string(char *buf, unsigned length, const char *s)
{
	size_t n = strlen(s);

	if (!buf)
		return NVML_ERROR_INVALID_ARGUMENT;
	if ((size_t)length < n + 1)
		return NVML_ERROR_INSUFFICIENT_SIZE;
	memcpy(buf, s, n + 1);
	return NVML_SUCCESS;
}
