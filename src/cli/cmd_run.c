/*
 * cmd_run.c - `migctl run [-i GPUS] (--profile P | --device MIG-UUID |
 * --gi N --ci M) [--create [--rm]] [--wait[=SECONDS]] [--json] -- CMD ARGS...`
 *
 * Runs CMD on a free MIG device, recorded as a process on it while it
 * runs, so that no two runs ever share a device:
 *
 *   1. fork the child and hold it on a pipe (run_child.c);
 *   2. mig_node_begin -> choose the device (run_pick.c) -> attach the
 *      child's pid -> mig_node_commit: choice and record are one batch
 *      under the node's exclusive lock;
 *   3. release the child: it sets CUDA_VISIBLE_DEVICES and
 *      NVIDIA_VISIBLE_DEVICES to the MIG UUID and execs CMD;
 *   4. forward signals, wait, detach it (and with --rm destroy what
 *      --create made) in a second batch, exit with its status.
 *
 * If migctl is killed, the child's record stays until the child is gone,
 * then libmig drops it on the next read (mig_state_prune).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "layout.h"
#include "run.h"
#include "util.h"

enum {
	OPT_GPU = 1,
	OPT_PROFILE,
	OPT_DEVICE,
	OPT_GI,
	OPT_CI,
	OPT_CREATE,
	OPT_RM,
	OPT_WAIT,
	OPT_JSON,
	OPT_VERBOSE,
	OPT_LOAD,
	OPT_SHARE
};

const cli_opt run_opts[] = {
	{OPT_GPU, 'i', "id", "GPUS",
	 "GPUs to choose from, in order (default: all; with --gi/--ci one GPU, default 0)"},
	{OPT_PROFILE, 0, "profile", "PROFILE",
	 "a free device of this profile: a GI name (1g.10gb) or a CI name (1c.3g.40gb)"},
	{OPT_DEVICE, 0, "device", "MIG-UUID", "this MIG device"},
	{OPT_GI, 0, "gi", "ID", "with --ci: the compute instance CI of GPU instance ID"},
	{OPT_CI, 0, "ci", "ID", "with --gi: see --gi"},
	{OPT_CREATE, 0, "create", NULL,
	 "with --profile: when none is free, create one (a CI in a GI of the profile, else a GI and its CI)"},
	{OPT_RM, 0, "rm", NULL, "with --create: destroy what was created once CMD ends"},
	{OPT_WAIT, 0, "wait", NULL,
	 "when none is free, wait for one (--wait=SECONDS: at most that long)"},
	{OPT_JSON, 0, "json", NULL,
	 "print one JSON document (schema migctl.run/1) when CMD ends; CMD's stdout goes to stderr"},
	{OPT_VERBOSE, 'v', "verbose", NULL, "say on stderr which device CMD got"},
	{OPT_LOAD, 0, "load", "FILE",
	 "emulated node: CMD's load over time for the telemetry model (docs/load.md; - for stdin)"},
	{OPT_SHARE, 0, "share", "MODE",
	 "share the device: mps[:threads=PERCENT,mem=SIZE] (an MPS client) or timeslice "
	 "(default exclusive; docs/sharing.md)"},
	{0}};

/* How often a waiting run looks again. */
#define POLL_NS 100000000L

typedef struct run_opts_parsed {
	run_request rq;
	unsigned gpus[64];
	char **cmd;
	int ncmd;
	int wait;           /* --wait given */
	double wait_s;      /* its limit; < 0: forever */
	int rm, json, verbose;
	mig_load *load;     /* --load, parsed */
	mig_share share;    /* --share, with this user's uid */
} run_opts_parsed;

static int run_error(int code, const char *fmt, const char *what)
{
	fprintf(stderr, "migctl run: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	return code;
}

static const cli_opt *find_opt(const char *arg)
{
	const char *name = arg + (arg[1] == '-' ? 2 : 1);
	size_t len = strcspn(name, "=");

	for (const cli_opt *o = run_opts; o->id; o++) {
		if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
		if (arg[1] != '-' && o->short_name == name[0] && len == 1)
			return o;
	}
	return NULL;
}

/*
 * Where migctl's options end and CMD begins: at "--", or else at the first
 * word that is neither an option nor an option's value (like env(1)), so
 * that CMD's own options are never taken for migctl's.
 */
static int command_start(int argc, char **argv, int *after_dashes)
{
	for (int i = 0; i < argc; i++) {
		const cli_opt *o;

		if (!strcmp(argv[i], "--")) {
			*after_dashes = 1;
			return i;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			return i;
		o = find_opt(argv[i]);
		/* "-i 0", "--gi 7", "-gi 7"; not "-i0" or "--gi=7" */
		if (o && o->arg && !strchr(argv[i], '='))
			i++; /* its value is the next word */
	}
	*after_dashes = 0;
	return argc;
}

/* --load FILE: read and checked before anything runs. */
static int parse_load(run_opts_parsed *p, const cli_cmd *cmd, const char *path)
{
	char *buf = NULL;
	size_t len;
	int rc;

	if (layout_slurp(&buf, &len, path))
		return cli_usage_error(cmd, "--load: %s", mig_errmsg());
	rc = mig_load_parse(&p->load, buf, len);
	free(buf);
	if (rc)
		return cli_usage_error(cmd, "--load %s: %s", path, mig_errmsg());
	return 0;
}

static int parse(run_opts_parsed *p, const cli_cmd *cmd, int argc, char **argv,
		 const mig_state *st)
{
	static char wait_flag[] = "--wait";
	int dashes = 0, nopt = command_start(argc, argv, &dashes), given;
	const char *wait_value = NULL;
	cli_args a;
	int rc;

	memset(p, 0, sizeof(*p));
	/* --wait[=SECONDS]: cli_parse knows flags and valued options, not both. */
	for (int i = 0; i < nopt; i++) {
		if (!strncmp(argv[i], "--wait=", 7) || !strncmp(argv[i], "-wait=", 6)) {
			wait_value = strchr(argv[i], '=') + 1;
			argv[i] = wait_flag;
		}
	}
	rc = cli_parse(&a, cmd, nopt, argv);
	if (rc)
		return rc < 0 ? -1 : rc;
	p->cmd = argv + nopt + dashes;
	p->ncmd = argc - nopt - dashes;
	if (p->ncmd == 0)
		return cli_usage_error(cmd, "no command to run (migctl run OPTIONS -- CMD [ARGS])");
	given = !!a.value[OPT_PROFILE] + !!a.value[OPT_DEVICE] +
		!!(a.value[OPT_GI] || a.value[OPT_CI]);
	if (given != 1)
		return cli_usage_error(cmd, "give exactly one of --profile, --device, --gi with --ci");
	if (!!a.value[OPT_GI] != !!a.value[OPT_CI])
		return cli_usage_error(cmd, "--gi and --ci go together");
	if (a.value[OPT_CREATE] && !a.value[OPT_PROFILE])
		return cli_usage_error(cmd, "--create needs --profile");
	if (a.value[OPT_RM] && !a.value[OPT_CREATE])
		return cli_usage_error(cmd, "--rm needs --create");
	p->rq.profile = a.value[OPT_PROFILE];
	p->rq.device = a.value[OPT_DEVICE];
	p->rq.create = !!a.value[OPT_CREATE];
	if (a.value[OPT_GI]) {
		p->rq.by_id = 1;
		if (util_parse_uint(a.value[OPT_GI], 0, 0xffffu, &p->rq.gi))
			return cli_usage_error(cmd, "bad --gi '%s' (a GPU instance ID)", a.value[OPT_GI]);
		if (util_parse_uint(a.value[OPT_CI], 0, 0xffffu, &p->rq.ci))
			return cli_usage_error(cmd, "bad --ci '%s' (a compute instance ID)", a.value[OPT_CI]);
	}
	p->wait = !!a.value[OPT_WAIT];
	p->wait_s = -1;
	if (wait_value && util_parse_double(wait_value, 0, 1e9, &p->wait_s))
		return cli_usage_error(cmd, "bad --wait '%s' (seconds, e.g. --wait=30)", wait_value);
	if (a.value[OPT_SHARE]) {
		if (mig_share_parse(&p->share, a.value[OPT_SHARE]))
			return cli_usage_error(cmd, "bad --share: %s", mig_errmsg());
		p->share.uid = (unsigned)getuid();
		p->rq.share = &p->share;
	}
	p->rm = !!a.value[OPT_RM];
	p->json = !!a.value[OPT_JSON];
	p->verbose = !!a.value[OPT_VERBOSE];
	p->rq.gpus = p->gpus;
	if (a.value[OPT_GPU]) {
		const char *bad = NULL;

		if (cli_gpu_list(p->gpus, &p->rq.ngpu, 64, st, a.value[OPT_GPU], &bad))
			return cli_usage_error(cmd, "no GPU '%s' (the node has %u GPU(s))", bad,
					       mig_state_gpu_count(st));
		if (p->rq.by_id && p->rq.ngpu != 1)
			return cli_usage_error(cmd, "--gi/--ci need one GPU, not '%s'", a.value[OPT_GPU]);
	} else {
		for (unsigned i = 0; i < mig_state_gpu_count(st) && i < 64; i++)
			p->gpus[p->rq.ngpu++] = i;
		if (p->rq.by_id && p->rq.ngpu > 1)
			p->rq.ngpu = 1;
	}
	if (p->rq.ngpu == 0)
		return cli_usage_error(cmd, "the node has no GPU");
	return a.value[OPT_LOAD] ? parse_load(p, cmd, a.value[OPT_LOAD]) : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Choose, attach, commit: one batch.  0, RUN_BUSY (why set) or RUN_ERROR.
 * `claims` (real GPUs): the device is claimed by lock file instead of
 * recording the child, which libmig cannot do there.
 */
static int claim(run_choice *c, mig_node *node, const run_opts_parsed *p, const run_child *child,
		 run_claims *claims, char *why, size_t len)
{
	mig_state *st = NULL;
	mig_process proc;
	const char *base = strrchr(p->cmd[0], '/');
	int rc = mig_node_begin(&st, node);

	if (rc) {
		snprintf(why, len, "%s", mig_errmsg());
		return RUN_ERROR;
	}
	rc = run_pick(c, st, &p->rq, why, len);
	if (rc) {
		if (rc == RUN_ERROR)
			snprintf(why, len, "%s", mig_errmsg());
		mig_node_abort(node, st);
		if (claims)
			run_claim_drop(claims);
		return rc;
	}
	if (claims) {
		rc = mig_node_commit(node, st);
		if (rc) {
			snprintf(why, len, "%s", mig_errmsg());
			run_claim_drop(claims);
			return RUN_ERROR;
		}
		return 0;
	}
	memset(&proc, 0, sizeof(proc));
	proc.pid = (unsigned)child->pid;
	snprintf(proc.name, sizeof(proc.name), "%s", base ? base + 1 : p->cmd[0]);
	proc.used_mib = 0;
	proc.gpu = c->gpu;
	proc.gi = c->gi;
	proc.ci = c->ci;
	rc = p->rq.share ? mig_share_attach(st, &proc, p->rq.share) : mig_process_attach(st, &proc);
	if (!rc && p->load) {
		size_t n;
		const char *text = mig_load_text(p->load, &n);
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		rc = mig_process_set_load(st, proc.pid, text, n,
					  (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
	}
	if (!rc)
		rc = mig_node_commit(node, st);
	else
		mig_node_abort(node, st);
	if (rc) {
		snprintf(why, len, "%s", mig_errmsg());
		return RUN_ERROR;
	}
	return 0;
}

/* After the command: detach it and, with --rm, undo --create.  0 or -1. */
static int release(mig_node *node, const run_child *child, const run_choice *c, int rm,
		   int real, int *destroyed)
{
	mig_state *st = NULL;
	int rc = mig_node_begin(&st, node);

	*destroyed = 0;
	if (rc) {
		fprintf(stderr, "migctl run: releasing the device: %s\n", mig_errmsg());
		return -1;
	}
	/* Usually already pruned: the child is reaped, so its pid is gone. */
	rc = real ? MIG_SUCCESS : mig_process_detach(st, (unsigned)child->pid);
	if (rc == MIG_ERROR_NOT_FOUND)
		rc = MIG_SUCCESS;
	if (!rc && rm && (c->created_gi || c->created_ci)) {
		rc = run_unpick(st, c);
		if (rc) {
			fprintf(stderr, "migctl run: --rm: keeping GPU %u GPU instance %u: %s\n",
				c->gpu, c->gi, mig_errmsg());
			mig_node_abort(node, st);
			if (mig_node_begin(&st, node))
				return -1;
			if (!real)
				mig_process_detach(st, (unsigned)child->pid);
		} else {
			*destroyed = 1;
		}
	}
	rc = mig_node_commit(node, st);
	if (rc) {
		fprintf(stderr, "migctl run: releasing the device: %s\n", mig_errmsg());
		return -1;
	}
	return 0;
}

/*
 * The MPS client's settings for run_child_release (none for other modes).
 * On real GPUs the device's control daemon is started first, unless it
 * runs (run_mps.c).  0, or -1 with `why` filled in.
 */
static int client_env(char *env, size_t len, const run_opts_parsed *p, const run_choice *c,
		      const run_claims *claims, int real, char *why, size_t wlen)
{
	const char *control = run_mps_control_path();
	char root[PATH_MAX];
	run_mps m;

	env[0] = '\0';
	if (!p->rq.share || p->share.mode != MIG_SHARE_MPS)
		return 0;
	if (!real) {
		run_mps_client_env(env, len, &p->share, NULL);
		return 0;
	}
	if (!control) {
		snprintf(why, wlen, "$MIGCTL_MPS_CONTROL must be an absolute path without '..'");
		return -1;
	}
	run_mps_root(root, sizeof(root), claims);
	if (run_mps_dirs(&m, root, c->uuid)) {
		snprintf(why, wlen, "cannot make the MPS directories of %s under %.1024s: %s", c->uuid,
			 root, strerror(errno));
		return -1;
	}
	if (run_mps_start(&m, c->uuid, control, run_spawn_wait, NULL, why, wlen))
		return -1;
	run_mps_client_env(env, len, &p->share, &m);
	return 0;
}

static json_t *placement(mig_placement pl)
{
	return json_pack("{s:I,s:I}", "start", (json_int_t)pl.start, "size", (json_int_t)pl.size);
}

static json_t *gi_json(const run_choice *c)
{
	return json_pack("{s:s,s:I,s:I,s:s,s:I,s:o}", "kind", "gpu_instance", "gpu",
			 (json_int_t)c->gpu, "id", (json_int_t)c->gi, "profile",
			 c->gi_name, "profile_id", (json_int_t)c->gi_profile.id,
			 "placement", placement(c->gi_placement));
}

static json_t *ci_json(const run_choice *c)
{
	return json_pack("{s:s,s:I,s:I,s:I,s:s,s:I,s:o,s:s}", "kind", "compute_instance", "gpu",
			 (json_int_t)c->gpu, "gi", (json_int_t)c->gi, "id", (json_int_t)c->ci,
			 "profile", c->ci_profile.name, "profile_id", (json_int_t)c->ci_profile.id,
			 "placement", placement(c->ci_placement), "uuid", c->uuid);
}

static void print_json(const run_opts_parsed *p, const run_choice *c, const run_child *child,
		       int destroyed)
{
	json_t *cmd = json_array(), *created = json_array(), *gone = json_array();
	json_t *sig = WIFSIGNALED(child->status) ? json_integer(WTERMSIG(child->status))
						 : json_null();

	for (int i = 0; i < p->ncmd; i++)
		json_array_append_new(cmd, json_string(p->cmd[i]));
	if (c->created_gi)
		json_array_append_new(created, gi_json(c));
	if (c->created_ci)
		json_array_append_new(created, ci_json(c));
	if (destroyed && c->created_ci)
		json_array_append_new(gone, ci_json(c));
	if (destroyed && c->created_gi)
		json_array_append_new(gone, gi_json(c));
	cli_json_print(json_pack(
		"{s:s,s:o,s:{s:I,s:I,s:I,s:s,s:s,s:I,s:o,s:s,s:I,s:o},s:o,s:o,s:I,s:o}", "schema",
		"migctl.run/1", "command", cmd, "device", "gpu", (json_int_t)c->gpu, "gi",
		(json_int_t)c->gi, "ci", (json_int_t)c->ci, "uuid", c->uuid, "gi_profile",
		c->gi_name, "gi_profile_id", (json_int_t)c->gi_profile.id, "gi_placement",
		placement(c->gi_placement), "ci_profile", c->ci_profile.name, "ci_profile_id",
		(json_int_t)c->ci_profile.id, "ci_placement", placement(c->ci_placement), "created",
		created, "destroyed", gone, "exit_status",
		(json_int_t)run_child_exit_status(child), "signal", sig));
}

static int run(run_opts_parsed *p, const cli_cmd *cmd, int argc, char **argv);

int cmd_run(const cli_cmd *cmd, int argc, char **argv)
{
	run_opts_parsed p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = run(&p, cmd, argc, argv);
	mig_load_free(p.load);
	return rc;
}

/*
 * Claim a device; with --wait, try again every POLL_NS while the node is busy,
 * until --wait's seconds pass or the child is killed.  RUN_BUSY with `why`
 * saying what was busy when it gave up.
 */
static int claim_waiting(run_choice *choice, mig_node *node, const run_opts_parsed *p,
			 run_child *child, run_claims *claims, char *why, size_t len)
{
	double deadline = p->wait && p->wait_s >= 0 ? now_s() + p->wait_s : 0;
	int said_waiting = 0;

	for (;;) {
		struct timespec ts = {0, POLL_NS};
		int rc = claim(choice, node, p, child, claims, why, len);

		if (rc != RUN_BUSY || !p->wait || (p->wait_s >= 0 && now_s() >= deadline))
			return rc;
		if (run_child_ended(child))
			return rc; /* killed (a forwarded signal) while it waited */
		if (!said_waiting++)
			fprintf(stderr, "migctl run: waiting: %s\n", why);
		nanosleep(&ts, NULL);
	}
}

/* prepare(): the command line is good and the node open; go on. */
#define RUN_GO (-1)

/*
 * Everything the command line can get wrong, found before anything changes:
 * --help, the options checked against the node's state.  RUN_GO with *out
 * the open node, or the exit status (the node closed).
 */
static int prepare(mig_node **out, run_opts_parsed *p, const cli_cmd *cmd, int argc, char **argv)
{
	mig_state *st = NULL;
	char why[4096];
	int rc, dashes, nopt = command_start(argc, argv, &dashes);

	*out = NULL;
	for (int i = 0; i < nopt; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_usage(stdout, cmd);
			return 0;
		}
	if (cli_open_node(out))
		return CLI_EXIT_FAIL;
	rc = mig_node_read(&st, *out);
	if (rc) {
		mig_node_close(*out);
		return run_error(CLI_EXIT_FAIL, "reading the node: %s", mig_errmsg());
	}
	rc = parse(p, cmd, argc, argv, st);
	if (!rc && run_check(&p->rq, st, why, sizeof(why)))
		rc = cli_usage_error(cmd, "%s", why);
	mig_state_free(st);
	if (!rc && p->load && mig_node_backend(*out) == MIG_BACKEND_NVML)
		rc = cli_usage_error(cmd, "--load is for the emulated node (real GPUs run real loads)");
	if (rc) {
		mig_node_close(*out);
		return rc < 0 ? 0 : rc;
	}
	return RUN_GO;
}

static int run(run_opts_parsed *p, const cli_cmd *cmd, int argc, char **argv)
{
	run_choice choice;
	run_child child;
	run_claims claims = {.fd = -1};
	mig_node *node = NULL;
	char why[4096], env[2048];
	int rc, destroyed = 0, status, real;

	if ((rc = prepare(&node, p, cmd, argc, argv)) != RUN_GO)
		return rc;
	real = mig_node_backend(node) == MIG_BACKEND_NVML;
	if (real) {
		if (run_claims_init(&claims)) {
			mig_node_close(node);
			return run_error(CLI_EXIT_FAIL, "cannot make the directory of claims: %s",
					 strerror(errno));
		}
		p->rq.take = run_claim_take;
		p->rq.take_ctx = &claims;
		claims.shared = p->rq.share && p->share.mode != MIG_SHARE_EXCLUSIVE;
	}
	if (run_child_spawn(&child, p->cmd, p->json)) {
		mig_node_close(node);
		return run_error(CLI_EXIT_FAIL, "cannot start a process: %s", strerror(errno));
	}
	rc = claim_waiting(&choice, node, p, &child, real ? &claims : NULL, why, sizeof(why));
	if (!rc && client_env(env, sizeof(env), p, &choice, &claims, real, why, sizeof(why))) {
		run_child_cancel(&child);
		run_child_wait(&child);
		release(node, &child, &choice, p->rm, real, &destroyed);
		run_claim_drop(&claims);
		rc = RUN_ERROR;
	}
	if (rc) {
		run_child_cancel(&child);
		run_child_wait(&child);
		mig_node_close(node);
		if (WIFSIGNALED(child.status))
			return run_child_exit_status(&child);
		if (p->wait && rc == RUN_BUSY)
			return run_error(CLI_EXIT_FAIL, "%s; gave up waiting", why);
		return run_error(CLI_EXIT_FAIL, "%s", why);
	}
	if (p->verbose)
		fprintf(stderr, "migctl run: %s on %s (GPU %u GPU instance %u compute instance %u, %s%s)\n",
			p->cmd[0], choice.uuid, choice.gpu, choice.gi, choice.ci,
			choice.ci_profile.name,
			choice.created_gi ? "; created both"
					  : choice.created_ci ? "; created the compute instance" : "");
	run_child_release(&child, choice.uuid, env);
	run_child_wait(&child);
	status = run_child_exit_status(&child);
	if (release(node, &child, &choice, p->rm, real, &destroyed) && status == 0)
		status = CLI_EXIT_FAIL;
	run_claim_drop(&claims);
	if (p->json)
		print_json(p, &choice, &child, destroyed);
	mig_node_close(node);
	return status;
}
