/*
 * run.h - `migctl run`: choosing (or creating) a free MIG device
 * (run_pick.c), and the held child that runs the command on it
 * (run_child.c).  docs/cli-show-run.md.
 */
#ifndef MIGCTL_RUN_H
#define MIGCTL_RUN_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "mig.h"

/* What the command line asks for: exactly one of profile, device, by_id. */
typedef struct run_request {
	const unsigned *gpus;    /* candidate GPUs, in the order tried */
	size_t ngpu;
	const char *profile;     /* --profile, "MIG " prefix allowed */
	const char *device;      /* --device MIG-UUID */
	int by_id;               /* --gi/--ci */
	unsigned gi, ci;
	int create;              /* --create: make a device when none is free */
	/* --share: how the command uses the device (NULL: exclusive).  A
	 * shared request takes a device whose usage admits it
	 * (mig_share_admit) instead of a free one. */
	const mig_share *share;
	/* Where processes cannot be recorded (real GPUs): claim a free device
	 * before choosing it; 1 = ours now, 0 = another run has it.  NULL: none. */
	int (*take)(void *ctx, const char *uuid);
	void *take_ctx;
} run_request;

/* The device a run got, and what was created for it. */
typedef struct run_choice {
	unsigned gpu, gi, ci;
	char uuid[48];
	mig_gi_profile_info gi_profile; /* .name is NULL: see gi_name */
	char gi_name[40];        /* a copy: profile names of real GPUs live with their state */
	mig_placement gi_placement;
	mig_ci_profile_info ci_profile;
	mig_placement ci_placement;
	int created_gi, created_ci;
} run_choice;

/* Outcomes of run_check and run_pick besides 0. */
enum {
	RUN_BAD_REQUEST = 1, /* names nothing that exists or can exist: usage error */
	RUN_BUSY = 2,        /* nothing free (and nothing could be created) now */
	RUN_ERROR = 3        /* libmig failed; mig_errmsg() says why */
};

/*
 * Is the request meaningful on this node?  An unknown profile (the message
 * lists the allowed names), a device UUID or GI/CI that does not exist are
 * RUN_BAD_REQUEST with `why` filled in.
 */
int run_check(const run_request *rq, const mig_state *st, char *why, size_t len);

/*
 * Inside a batch: choose the first free matching device in (GPU order,
 * GI ID, CI ID) order - free = no process on it - or, with rq->create,
 * create one (a CI in an existing GI of the profile that has room, else a
 * GI with automatic placement and its CI).  RUN_BUSY with `why` filled in
 * when there is none.
 */
int run_pick(run_choice *out, mig_state *st, const run_request *rq, char *why, size_t len);

/* Undo what run_pick created (CI, then the GI if it created it). */
int run_unpick(mig_state *st, const run_choice *c);

/* Claims (run_claim.c): lock files for the NVML backend --------------------- */

typedef struct run_claims {
	char runtime[PATH_MAX / 2]; /* the runtime directory (/run/migctl for root) */
	char dir[PATH_MAX];  /* prefix of this node's claim files */
	char path[PATH_MAX + 64]; /* the claim held */
	int fd;              /* the claim held, or -1 */
	int shared;          /* take shared claims (--share), not exclusive ones */
} run_claims;

/* Where this node's claims live (the runtime directory is created if
 * needed); 0, or -1 with errno. */
int run_claims_init(run_claims *c);
/* run_request.take: claim `uuid` (a run_claims * as ctx). */
int run_claim_take(void *ctx, const char *uuid);
void run_claim_drop(run_claims *c);

/* The held child ------------------------------------------------------------ */

typedef struct run_child {
	pid_t pid;
	int fd;              /* write end of the pipe the child waits on; -1 once used */
	int reaped;
	int status;          /* waitpid status once reaped */
} run_child;

/*
 * Fork the child that will exec argv.  It waits on a pipe until
 * run_child_release sends it its device; EOF instead (run_child_cancel, or
 * migctl dying) makes it exit without running anything.  From here on the
 * signals of docs/cli-show-run.md are forwarded to it.  `stdout_to_stderr`:
 * the command's stdout goes to migctl's stderr (--json keeps stdout for
 * the document).
 */
int run_child_spawn(run_child *out, char *const argv[], int stdout_to_stderr);
/*
 * Let it run with CUDA_VISIBLE_DEVICES and NVIDIA_VISIBLE_DEVICES = uuid,
 * and the CUDA_MPS_* settings of `env` ("NAME=VALUE" lines; NULL: none).
 */
void run_child_release(run_child *c, const char *uuid, const char *env);
void run_child_cancel(run_child *c);
/* 1 if it has ended (reaping it), 0 if it still runs. */
int run_child_ended(run_child *c);
/* Wait for it to end (signals keep being forwarded meanwhile). */
void run_child_wait(run_child *c);
/* Exit status as a shell gives it: the code, or 128 + signal. */
int run_child_exit_status(const run_child *c);

/* MPS (run_mps.c) ------------------------------------------------------------ */

/* Where a device's MPS control daemon and its clients meet. */
typedef struct run_mps {
	char pipe_dir[PATH_MAX];  /* CUDA_MPS_PIPE_DIRECTORY */
	char log_dir[PATH_MAX];   /* CUDA_MPS_LOG_DIRECTORY */
} run_mps;

/*
 * How a command is run: fork, execve(argv[0], argv, envp) - no shell, no
 * PATH search - and wait; its exit status as run_child_exit_status gives
 * it, or -1 with errno.  The seam tests replace.
 */
typedef int (*run_spawn_fn)(void *ctx, char *const argv[], char *const envp[]);
int run_spawn_wait(void *ctx, char *const argv[], char *const envp[]);

/*
 * The directories of device `uuid` under `root` (run_mps_root):
 * ROOT/UUID/{pipe,log}, made if needed - 0755 for root, so that every
 * user's clients reach root's daemons, else 0700 - and refused if they are
 * links or someone else's.  0, or -1 with errno.
 */
int run_mps_dirs(run_mps *out, const char *root, const char *uuid);
/* /run/migctl-mps for root, else RUNTIME/mps (RUNTIME: run_claims.runtime). */
void run_mps_root(char *out, size_t len, const run_claims *c);

/*
 * Start the control daemon of device `uuid` unless it runs (its pipe
 * directory has its `control` socket): `control` -d with only
 * CUDA_VISIBLE_DEVICES = uuid and the two directories in its environment.
 * 0 (started or joined), or -1 with `why` filled in.
 */
int run_mps_start(const run_mps *m, const char *uuid, const char *control, run_spawn_fn spawn,
		  void *ctx, char *why, size_t len);

/*
 * The client's settings as run_child_release takes them: the directories
 * (m; NULL on the emulated node, which has no daemon), then
 * CUDA_MPS_ACTIVE_THREAD_PERCENTAGE and CUDA_MPS_PINNED_DEVICE_MEM_LIMIT
 * ("0=<MiB>M": the client sees its device as device 0) when s sets them.
 */
void run_mps_client_env(char *out, size_t len, const mig_share *s, const run_mps *m);

/*
 * nvidia-cuda-mps-control's absolute path: $MIGCTL_MPS_CONTROL when set
 * (absolute, no ".." component), else /usr/bin/nvidia-cuda-mps-control.
 * NULL when $MIGCTL_MPS_CONTROL is not such a path.
 */
const char *run_mps_control_path(void);

#endif
