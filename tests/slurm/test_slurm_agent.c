/*
 * test_slurm_agent.c - the Slurm agent without Slurm (src/slurm/agent*.c):
 * squeue and scontrol parsing, GRES type -> profile, the configuration
 * file, and the decisions on fixture nodes and queues.  The scontrol line
 * is Debian's scontrol 22.05.8 `show node -o` for a node of sys_slurm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent.h"
#include "testutil.h"

static void test_squeue(void **unused)
{
	const char *text = "12|gres:gpu:nvidia_a100_3g.20gb:1\n"
			   "13|gres/gpu:a100_1g.5gb:2,gres:tmpdisk:10\n"
			   "14|N/A\n"
			   "15|gres:gpu:2\n"
			   "  16_3|gpu:nvidia_a100_7g.39gb\n"
			   "\n";
	agent_job *j = NULL;
	size_t n = 0;

	(void)unused;
	assert_int_equal(agent_squeue_parse(&j, &n, text), 0);
	assert_int_equal(n, 3);
	assert_string_equal(j[0].id, "12");
	assert_string_equal(j[0].type, "nvidia_a100_3g.20gb");
	assert_int_equal(j[0].count, 1);
	assert_string_equal(j[1].type, "a100_1g.5gb");
	assert_int_equal(j[1].count, 2);
	assert_string_equal(j[2].id, "16_3");
	assert_int_equal(j[2].count, 1);
	free(j);
}

static void test_squeue_refused(void **unused)
{
	static const char *const bad[] = {
		"12 gres:gpu:a:1\n",          /* no '|' */
		"x12|gres:gpu:a:1\n",         /* id */
		"12|gres:gpu:a:b\n",          /* count */
		"12|gres:gpu:a:0\n",          /* count 0 */
		"12|gres:gpu:a:1:2\n",        /* fields */
		"12|gres:gpu:a:1|x|y\n",      /* three '|' */
		"12|N/A|gres:gpu:a:0\n",      /* per-job count 0 */
		"12|gres:gpu:a(b:1\n",        /* type */
		"12|gres:gpu::1\n",
	};

	(void)unused;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		agent_job *j = (agent_job *)1;
		size_t n = 7;

		mig_errclear();
		assert_int_equal(agent_squeue_parse(&j, &n, bad[i]), MIG_ERROR_INVALID_ARGUMENT);
		assert_null(j);
		assert_int_equal(n, 0);
		assert_non_null(strstr(mig_errmsg(), "squeue line 1"));
	}
}

/*
 * squeue -h -t PENDING -O 'JobID:0|,tres-per-node:0|,tres-per-job:0' as
 * Slurm 22.05.8 printed it for sbatch --gres=gpu:nvidia_a100_3g.20gb:1,
 * --gpus=nvidia_a100_7g.39gb:1, --gpus-per-node=nvidia_a100_3g.20gb:2,
 * --gpus=2, and --gpus=nvidia_a100_1g.5gb:1 with --gres=gpu:nvidia_a100_3g.20gb:1.
 */
static void test_squeue_gpus(void **unused)
{
	const char *text = "1|gres:gpu:nvidia_a100_3g.20gb:1|N/A\n"
			   "2|N/A|gres:gpu:nvidia_a100_7g.39gb:1\n"
			   "3|gres:gpu:nvidia_a100_3g.20gb:2|N/A\n"
			   "4|N/A|gres:gpu:2\n"
			   "5|gres:gpu:nvidia_a100_3g.20gb:1|gres:gpu:nvidia_a100_1g.5gb:1\n";
	static const struct {
		const char *id, *type;
		unsigned count;
	} want[] = {{"1", "nvidia_a100_3g.20gb", 1}, {"2", "nvidia_a100_7g.39gb", 1},
		    {"3", "nvidia_a100_3g.20gb", 2}, {"5", "nvidia_a100_3g.20gb", 1},
		    {"5", "nvidia_a100_1g.5gb", 1}};
	agent_job *j = NULL;
	size_t n = 0;

	(void)unused;
	assert_int_equal(agent_squeue_parse(&j, &n, text), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(j[i].id, want[i].id);
		assert_string_equal(j[i].type, want[i].type);
		assert_int_equal(j[i].count, want[i].count);
	}
	free(j);
}

static const char node_line[] =
	"NodeName=n2 Arch=x86_64 CoresPerSocket=1 CPUAlloc=0 CPUEfctv=1 CPUTot=1 CPULoad=0.00 "
	"AvailableFeatures=(null) ActiveFeatures=(null) "
	"Gres=gpu:nvidia_a100_3g.20gb:2(S:0),gpu:nvidia_a100_1g.5gb:1(S:0) "
	"NodeAddr=localhost NodeHostName=localhost Version=22.05.8 OS=Linux 6.1.0-18-amd64 #1 SMP "
	"RealMemory=1 AllocMem=0 FreeMem=100 Sockets=1 Boards=1 State=IDLE+DRAIN ThreadsPerCore=1 "
	"GresUsed=gpu:nvidia_a100_3g.20gb:1(IDX:0),gpu:nvidia_a100_1g.5gb:0(IDX:N/A) "
	"Partitions=p Reason=migctl-agent: jobs 12,13 (nvidia_a100_3g.20gb) [root@2026-12-07T15:00:00]\n"
	"NodeName=n3 State=MIXED Gres=(null) GresUsed=\n";

static void test_nodes(void **unused)
{
	agent_node *nd = NULL;
	size_t n = 0;

	(void)unused;
	assert_int_equal(agent_nodes_parse(&nd, &n, node_line), 0);
	assert_int_equal(n, 2);
	assert_string_equal(nd[0].name, "n2");
	assert_string_equal(nd[0].state, "IDLE+DRAIN");
	assert_true(agent_node_drained(&nd[0]));
	assert_false(agent_node_busy(&nd[0]));
	assert_false(agent_node_down(&nd[0]));
	assert_true(agent_node_busy(&nd[1]));
	assert_false(agent_node_drained(&nd[1]));
	assert_int_equal(agent_gres_count(nd[0].gres, "nvidia_a100_3g.20gb"), 2);
	assert_int_equal(agent_gres_count(nd[0].gres_used, "nvidia_a100_3g.20gb"), 1);
	assert_int_equal(agent_gres_count(nd[0].gres_used, "nvidia_a100_1g.5gb"), 0);
	assert_int_equal(agent_gres_count(nd[0].gres, "nvidia_a100_3g"), 0);
	assert_int_equal(agent_gres_count("gpu:t:2(IDX:0,2),gpu:u:1(IDX:1)", "u"), 1);
	assert_true(agent_reason_claims(nd[0].reason, "13"));
	assert_true(agent_reason_claims(nd[0].reason, "12"));
	assert_false(agent_reason_claims(nd[0].reason, "1"));
	assert_false(agent_reason_claims("jobs 12", "12"));
	free(nd);
	assert_int_equal(agent_nodes_parse(&nd, &n, "Arch=x86_64 State=IDLE\n"),
			 MIG_ERROR_INVALID_ARGUMENT);
	assert_non_null(strstr(mig_errmsg(), "NodeName="));
}

static const mig_gi_profile *type_profile(const char *model, const char *type, const agent_conf *c)
{
	const mig_gi_profile *p = NULL;

	if (agent_type_profile(&p, mig_catalog_find(model), type, c))
		return NULL;
	return p;
}

static const char *profile_name(const mig_gi_profile *p)
{
	static mig_gi_profile_info pi;

	if (!p)
		return "(none)";
	mig_gi_profile_get(p, &pi);
	return pi.name;
}

static void test_type_profile(void **unused)
{
	agent_conf c = {0};

	(void)unused;
	c.nalias = 1;
	c.alias[0].profile = "3g.20gb";
	c.alias[0].alias = "a100_3g.20gb";
	assert_string_equal(profile_name(type_profile("A100-SXM4-40GB", "nvidia_a100_3g.20gb", &c)), "3g.20gb");
	/* 22.05 rounds 7g.40gb's 39.5 GiB down */
	assert_string_equal(profile_name(type_profile("A100-SXM4-40GB", "nvidia_a100_7g.39gb", &c)), "7g.40gb");
	assert_string_equal(profile_name(type_profile("A100-SXM4-40GB", "nvidia_a100-sxm4-40gb_3g.20gb", &c)), "3g.20gb");
	assert_string_equal(profile_name(type_profile("A100-SXM4-40GB", "nvidia_a100_1g.5gb", &c)), "1g.5gb");
	assert_string_equal(profile_name(type_profile("A100-SXM4-40GB", "a100_3g.20gb", &c)), "3g.20gb");
	assert_string_equal(profile_name(type_profile("H100-SXM5-80GB", "nvidia_h100_80gb_hbm3_1g.10gb", &c)), "1g.10gb");
	assert_null(type_profile("A100-SXM4-40GB", "a100", &c));
	assert_null(type_profile("A100-SXM4-40GB", "nvidia_a100_3g", &c));
	assert_null(type_profile("H100-SXM5-80GB", "nvidia_a100_3g.20gb", &c));
	snprintf(c.allow, sizeof(c.allow), "1g.5gb,7g.40gb");
	assert_true(agent_profile_allowed(&c, "1g.5gb"));
	assert_true(agent_profile_allowed(&c, "7g.40gb"));
	assert_false(agent_profile_allowed(&c, "1g.5g"));
	assert_false(agent_profile_allowed(&c, "3g.20gb"));
}

static const char conf_text[] =
	"# test\n"
	"slurm 22.05\n"
	"allow 1g.5gb,3g.20gb,7g.40gb\n"
	"alias 3g.20gb=a100_3g.20gb\n"
	"node d1 /tmp/d1\n"
	"\n"
	"node d2 /tmp/d2   # second\n"
	"start migctl emulate exec --dir {dir} -- slurmd -D -Z -N {node} --conf \"CPUs=1 Gres={gres}\"\n"
	"pidfile /run/slurmd-{node}.pid\n"
	"drain-timeout 60\n"
	"register-timeout 30\n";

static void test_conf(void **unused)
{
	agent_conf c;

	(void)unused;
	assert_int_equal(agent_conf_parse(&c, conf_text, "a.conf"), 0);
	assert_int_equal(c.nnodes, 2);
	assert_string_equal(c.node[1].name, "d2");
	assert_string_equal(c.node[1].dir, "/tmp/d2");
	assert_int_equal(c.nstart, 13);
	assert_string_equal(c.start[12], "CPUs=1 Gres={gres}");
	assert_string_equal(c.alias[0].alias, "a100_3g.20gb");
	assert_int_equal(c.drain_timeout_s, 60);
	assert_true(agent_profile_allowed(&c, "3g.20gb"));
}

static void test_conf_refused(void **unused)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{"node d1 /a\nnode d1 /b\nstart s {gres}\npidfile /p\n", "a.conf:2: node d1 is listed twice"},
		{"node d1 /a\nstart s {node}\npidfile /p\n", "{gres}"},
		{"node d1 /a\nstart s {gres}\n", "neither 'stop' nor 'pidfile'"},
		{"nodes d1 /a\n", "a.conf:1: unknown keyword 'nodes'"},
		{"node d1 /a\n\nstart s \"{gres}\n", "a.conf:3: unclosed quote"},
		{"node d1 relative\n", "a.conf:1: node: expected"},
		{"slurm 21.08\n", "a.conf:1: slurm: '21.08'"},
		{"drain-timeout -1\n", "drain-timeout: expected seconds"},
		{"register-timeout 1m\n", "register-timeout: expected seconds"},
		{"start s {gres}\npidfile /p\n", "no 'node NAME DIR'"},
	};
	agent_conf c;

	(void)unused;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mig_errclear();
		assert_int_equal(agent_conf_parse(&c, bad[i].text, "a.conf"), MIG_ERROR_INVALID_ARGUMENT);
		if (!strstr(mig_errmsg(), bad[i].why))
			fail_msg("case %zu: '%s' does not say '%s'", i, mig_errmsg(), bad[i].why);
	}
}

/* ------------------------------------------------------------------ */
/* Decisions                                                           */
/* ------------------------------------------------------------------ */

/* One A100-40GB with MIG on and the GI profiles in `ids` (-1 ends). */
static mig_state *a100(const int *ids)
{
	mig_state *st;
	mig_gpu_spec spec;
	unsigned n, out;
	char buf[] = "A100-SXM4-40GB";
	int act;

	assert_ok(mig_state_new(&st));
	assert_ok(mig_gpu_spec_parse(&spec, &n, buf));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	for (; *ids >= 0; ids++) {
		assert_ok(mig_create_gi(&out, st, 0, (unsigned)*ids, NULL));
		assert_ok(mig_create_ci(&n, st, 0, out, MIG_CI_PROFILE_DEFAULT, NULL));
	}
	return st;
}

typedef struct logbuf {
	char text[8192];
} logbuf;

static void logf_(void *arg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void logf_(void *arg, const char *fmt, ...)
{
	logbuf *b = arg;
	size_t used = strlen(b->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->text + used, sizeof(b->text) - used, fmt, ap);
	va_end(ap);
	used = strlen(b->text);
	if (used + 1 < sizeof(b->text))
		strcpy(b->text + used, "\n");
}

typedef struct fixture {
	agent_conf c;
	agent_node nd[2];
	agent_view v[2];
	mig_state *st[2];
} fixture;

/* n1: seven 1g.5gb, idle; n2: two 3g.20gb, one running a job (MIXED). */
static void fixture_init(fixture *f)
{
	static const int seven[] = {19, 19, 19, 19, 19, 19, 19, -1};
	static const int two[] = {9, 9, -1};

	memset(f, 0, sizeof(*f));
	f->c.version = SLURM_22_05;
	for (int i = 0; i < 2; i++) {
		snprintf(f->c.node[i].name, sizeof(f->c.node[i].name), "n%d", i + 1);
		snprintf(f->c.node[i].dir, sizeof(f->c.node[i].dir), "/nonexistent/n%d", i + 1);
		snprintf(f->nd[i].name, sizeof(f->nd[i].name), "n%d", i + 1);
		f->v[i].conf = &f->c.node[i];
		f->v[i].slurm = &f->nd[i];
	}
	f->c.nnodes = 2;
	snprintf(f->nd[0].state, sizeof(f->nd[0].state), "IDLE");
	snprintf(f->nd[0].gres, sizeof(f->nd[0].gres), "gpu:nvidia_a100_1g.5gb:7(S:0)");
	snprintf(f->nd[0].gres_used, sizeof(f->nd[0].gres_used), "gpu:nvidia_a100_1g.5gb:0(IDX:N/A)");
	snprintf(f->nd[1].state, sizeof(f->nd[1].state), "MIXED");
	snprintf(f->nd[1].gres, sizeof(f->nd[1].gres), "gpu:nvidia_a100_3g.20gb:2(S:0)");
	snprintf(f->nd[1].gres_used, sizeof(f->nd[1].gres_used), "gpu:nvidia_a100_3g.20gb:1(IDX:0)");
	f->v[0].st = f->st[0] = a100(seven);
	f->v[1].st = f->st[1] = a100(two);
}

static void fixture_fini(fixture *f)
{
	mig_state_free(f->st[0]);
	mig_state_free(f->st[1]);
}

static size_t decide(agent_change **ch, fixture *f, const agent_job *jobs, size_t njobs, logbuf *log)
{
	size_t n;

	memset(log, 0, sizeof(*log));
	assert_int_equal(agent_decide(ch, &n, &f->c, f->v, 2, f->nd, 2, jobs, njobs, logf_, log), 0);
	return n;
}

static void test_decide_repartitions_idle_node(void **unused)
{
	/* n2 has a free 3g.20gb: job 20 gets it; job 21 needs a new one, only n1 is idle */
	const agent_job jobs[] = {{"20", "nvidia_a100_3g.20gb", 1}, {"21", "nvidia_a100_3g.20gb", 1},
				  {"22", "nvidia_a100_1g.5gb", 1}};
	agent_change *ch;
	logbuf log;
	fixture f;
	char reason[512];

	(void)unused;
	fixture_init(&f);
	assert_int_equal(decide(&ch, &f, jobs, 3, &log), 1);
	assert_string_equal(ch[0].node, "n1");
	assert_string_equal(ch[0].jobs, "21");
	assert_string_equal(ch[0].types, "nvidia_a100_3g.20gb");
	assert_non_null(strstr(ch[0].gres, "gpu:nvidia_a100_3g.20gb:1"));
	assert_non_null(ch[0].layout);
	assert_non_null(strstr(log.text, "node n1: repartition for jobs 21"));
	agent_reason(reason, sizeof(reason), &ch[0]);
	assert_true(agent_reason_claims(reason, "21"));
	assert_false(agent_reason_claims(reason, "20"));
	agent_changes_free(ch, 1);
	fixture_fini(&f);
}

static void test_decide_never_busy_or_claimed(void **unused)
{
	const agent_job jobs[] = {{"30", "nvidia_a100_7g.39gb", 1}};
	agent_change *ch;
	logbuf log;
	fixture f;

	(void)unused;
	fixture_init(&f);
	/* n1 busy too: nothing may change */
	snprintf(f.nd[0].state, sizeof(f.nd[0].state), "ALLOCATED");
	assert_int_equal(decide(&ch, &f, jobs, 1, &log), 0);
	assert_non_null(strstr(log.text, "job 30 (nvidia_a100_7g.39gb x1): 1 unit(s) fit on no idle node"));
	agent_changes_free(ch, 0);
	/* n1 idle but being changed by another agent for job 30 */
	snprintf(f.nd[0].state, sizeof(f.nd[0].state), "IDLE+DRAIN");
	snprintf(f.nd[0].reason, sizeof(f.nd[0].reason), "migctl-agent: jobs 30 (nvidia_a100_7g.39gb)");
	assert_int_equal(decide(&ch, &f, jobs, 1, &log), 0);
	assert_non_null(strstr(log.text, "node n1 is being changed for it"));
	agent_changes_free(ch, 0);
	/* idle again, but 7g.40gb is not allowed */
	snprintf(f.nd[0].state, sizeof(f.nd[0].state), "IDLE");
	f.nd[0].reason[0] = '\0';
	snprintf(f.c.allow, sizeof(f.c.allow), "1g.5gb,3g.20gb");
	assert_int_equal(decide(&ch, &f, jobs, 1, &log), 0);
	assert_non_null(strstr(log.text, "which the configuration does not allow"));
	agent_changes_free(ch, 0);
	/* allowed: n1 becomes one 7g.40gb */
	f.c.allow[0] = '\0';
	assert_int_equal(decide(&ch, &f, jobs, 1, &log), 1);
	assert_string_equal(ch[0].gres, "gpu:nvidia_a100_7g.39gb:1");
	agent_changes_free(ch, 1);
	fixture_fini(&f);
}

/* ------------------------------------------------------------------ */
/* Passes against fake scontrol/squeue (PATH), the real migctl restore  */
/* ------------------------------------------------------------------ */

static const char *migctl_path;

typedef struct world {
	char *tmp;
	char dir[512], state[512], bin[512], calls[512], nodes[512], started[512];
	agent_conf c;
	agent_opts o;
	logbuf log;
} world;

static void write_text(const char *path, const char *text, int exec)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	if (exec)
		assert_int_equal(chmod(path, 0755), 0);
}

static void set_nodes(world *w, const char *state, const char *gres)
{
	char text[1024];

	snprintf(text, sizeof(text), "NodeName=n1 Arch=x86_64 Gres=%s State=%s GresUsed= Reason=(null)\n",
		 gres, state);
	write_text(w->nodes, text, 0);
}

/* n1: an emulated A100-40GB with seven 1g.5gb; job 40 pending for a 3g.20gb. */
static void world_init(world *w)
{
	static const int seven[] = {19, 19, 19, 19, 19, 19, 19, -1};
	char text[2048], path[600];
	mig_state *st = a100(seven);

	memset(w, 0, sizeof(*w));
	w->tmp = tu_mkdtemp();
	snprintf(w->dir, sizeof(w->dir), "%s/n1", w->tmp);
	snprintf(w->state, sizeof(w->state), "%s/agent", w->tmp);
	snprintf(w->bin, sizeof(w->bin), "%s/bin", w->tmp);
	snprintf(w->calls, sizeof(w->calls), "%s/calls", w->tmp);
	snprintf(w->nodes, sizeof(w->nodes), "%s/nodes", w->tmp);
	snprintf(w->started, sizeof(w->started), "%s/started", w->tmp);
	assert_ok(mig_node_create(w->dir, st, 0));
	mig_state_free(st);
	assert_int_equal(mkdir(w->state, 0700), 0);
	assert_int_equal(mkdir(w->bin, 0700), 0);
	snprintf(text, sizeof(text), "#!/bin/sh\necho \"scontrol $*\" >>%s\n"
		 "[ \"$1\" = show ] && cat %s\nexit 0\n", w->calls, w->nodes);
	snprintf(path, sizeof(path), "%s/scontrol", w->bin);
	write_text(path, text, 1);
	snprintf(text, sizeof(text), "#!/bin/sh\necho \"squeue $*\" >>%s\n"
		 "echo '40|gres:gpu:nvidia_a100_3g.20gb:1'\n", w->calls);
	snprintf(path, sizeof(path), "%s/squeue", w->bin);
	write_text(path, text, 1);
	snprintf(text, sizeof(text), "#!/bin/sh\necho \"$*\" >%s.tmp && mv %s.tmp %s\n", w->started,
		 w->started, w->started);
	snprintf(path, sizeof(path), "%s/slurmd", w->bin);
	write_text(path, text, 1);
	snprintf(text, sizeof(text), "%s:%s", w->bin, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", text, 1);
	set_nodes(w, "IDLE", "gpu:nvidia_a100_1g.5gb:7(S:0)");
	snprintf(text, sizeof(text), "node n1 %s\nstart slurmd -Z -N {node} --conf \"Gres={gres}\"\n"
		 "pidfile %s/slurmd-{node}.pid\n", w->dir, w->tmp);
	assert_int_equal(agent_conf_parse(&w->c, text, "t.conf"), 0);
	w->o = (agent_opts){.conf = &w->c, .state_dir = w->state, .migctl = migctl_path,
			    .timeout_s = 30, .log = logf_, .log_arg = &w->log};
}

static void world_fini(world *w)
{
	tu_rmtree(w->tmp);
	free(w->tmp);
}

static char *slurp(const char *path)
{
	char *t = tu_read_file(path, NULL);

	return t ? t : strdup("");
}

static void pass_ok(world *w)
{
	memset(&w->log, 0, sizeof(w->log));
	assert_int_equal(agent_pass(&w->o), 0);
}

/*
 * After a slurmctld restart (22.05, a dynamic node re-registered with a new
 * Gres=): two types counted without their topology (no "(S:0)"), as
 * `scontrol show node -o` printed it in sys_slurm_fleet.
 */
static const char unmapped_node[] =
	"NodeName=n1 Arch=x86_64 Gres=gpu:nvidia_a100_3g.20gb:1,gpu:nvidia_a100_1g.5gb:4 "
	"State=IDLE+DYNAMIC_NORM GresUsed=gpu:nvidia_a100_3g.20gb:0,gpu:nvidia_a100_1g.5gb:0 "
	"Reason=(null)\n";

static void test_node_unmapped(void **unused)
{
	agent_node nd = {.state = "IDLE"};

	(void)unused;
	strcpy(nd.gres, "gpu:nvidia_a100_3g.20gb:1,gpu:nvidia_a100_1g.5gb:4");
	strcpy(nd.gres_used, "gpu:nvidia_a100_3g.20gb:0,gpu:nvidia_a100_1g.5gb:0");
	assert_true(agent_node_unmapped(&nd));
	strcpy(nd.gres, "gpu:nvidia_a100_3g.20gb:1(S:0),gpu:nvidia_a100_1g.5gb:4(S:0)");
	assert_false(agent_node_unmapped(&nd));
	strcpy(nd.gres, "gpu:nvidia_a100_3g.20gb:1(S:0-1),gpu:nvidia_a100_1g.5gb:4(S:0-1)");
	assert_false(agent_node_unmapped(&nd));
	/* one type: any device of the node is of the type asked for */
	strcpy(nd.gres, "gpu:nvidia_a100_1g.5gb:7");
	strcpy(nd.gres_used, "gpu:nvidia_a100_1g.5gb:0");
	assert_false(agent_node_unmapped(&nd));
	strcpy(nd.gres, "(null)");
	strcpy(nd.gres_used, "");
	assert_false(agent_node_unmapped(&nd));
}

/* Drained while unmapped (and no change planned on it); resumed once mapped, only if ours. */
static void test_pass_unmapped_node(void **unused)
{
	char *calls, text[1024];
	world w;

	(void)unused;
	world_init(&w);
	write_text(w.nodes, unmapped_node, 0);
	pass_ok(&w);
	calls = slurp(w.calls);
	assert_non_null(strstr(calls, "scontrol update NodeName=n1 State=DRAIN "
				      "Reason=migctl-agent: no device map yet"));
	assert_null(strstr(calls, "jobs 40"));
	assert_null(strstr(calls, "State=RESUME"));
	free(calls);
	/* registered again: the map is back */
	snprintf(text, sizeof(text), "NodeName=n1 Gres=gpu:nvidia_a100_3g.20gb:1(S:0),"
		 "gpu:nvidia_a100_1g.5gb:4(S:0) State=IDLE+DRAIN GresUsed=gpu:nvidia_a100_3g.20gb:0"
		 "(IDX:N/A),gpu:nvidia_a100_1g.5gb:0(IDX:N/A) Reason=migctl-agent: no device map yet "
		 "(slurmctld restarted) [root@2026-12-07T18:00:11]\n");
	write_text(w.nodes, text, 0);
	write_text(w.calls, "", 0);
	pass_ok(&w);
	calls = slurp(w.calls);
	assert_non_null(strstr(calls, "scontrol update NodeName=n1 State=RESUME"));
	free(calls);
	/* an administrator's drain is left alone */
	write_text(w.nodes, "NodeName=n1 Gres=gpu:t:1(S:0),gpu:u:1(S:0) State=IDLE+DRAIN "
		   "GresUsed=gpu:t:0(IDX:N/A),gpu:u:0(IDX:N/A) Reason=maintenance\n", 0);
	write_text(w.calls, "", 0);
	pass_ok(&w);
	calls = slurp(w.calls);
	assert_null(strstr(calls, "State=RESUME"));
	free(calls);
	world_fini(&w);
}

static void test_pass_dry_run(void **unused)
{
	char *before, *after, *calls;
	agent_entry *e;
	size_t n;
	world w;
	char path[600];

	(void)unused;
	world_init(&w);
	snprintf(path, sizeof(path), "%s/state.json", w.dir);
	before = slurp(path);
	w.o.dry_run = 1;
	pass_ok(&w);
	assert_non_null(strstr(w.log.text, "dry run: would drain node n1 (Reason=migctl-agent: jobs 40"));
	assert_non_null(strstr(w.log.text, "Gres=gpu:nvidia_a100_3g.20gb:1"));
	after = slurp(path);
	assert_string_equal(before, after);
	calls = slurp(w.calls);
	assert_null(strstr(calls, "update"));
	assert_null(strstr(calls, "delete"));
	assert_int_equal(agent_journal_load(&e, &n, w.state), 0);
	assert_int_equal(n, 0);
	free(before);
	free(after);
	free(calls);
	world_fini(&w);
}

/* Wait for the fake slurmd (started detached) to have written its argv. */
static char *wait_started(const world *w)
{
	for (int i = 0; i < 200; i++) {
		char *t = tu_read_file(w->started, NULL);

		if (t)
			return t;
		usleep(20000);
	}
	fail_msg("the agent's slurmd never ran");
	return NULL;
}

static void test_pass_whole_change(void **unused)
{
	char *calls, *args;
	agent_entry *e;
	size_t n;
	world w;
	mig_node *node;
	mig_state *st;

	(void)unused;
	world_init(&w);
	pass_ok(&w);  /* journal, drain; slurmctld still says IDLE */
	assert_int_equal(agent_journal_load(&e, &n, w.state), 0);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].step, AGENT_DRAIN);
	assert_string_equal(e[0].ch.jobs, "40");
	agent_entries_free(e, n);
	calls = slurp(w.calls);
	assert_non_null(strstr(calls, "scontrol update NodeName=n1 State=DRAIN Reason=migctl-agent: jobs 40 (nvidia_a100_3g.20gb)"));
	free(calls);
	set_nodes(&w, "IDLE+DRAIN", "gpu:nvidia_a100_1g.5gb:7(S:0)");
	pass_ok(&w);  /* apply, stop, delete, start */
	args = wait_started(&w);
	assert_string_equal(args, "-Z -N n1 --conf Gres=gpu:nvidia_a100_3g.20gb:1,gpu:nvidia_a100_1g.5gb:4\n");
	free(args);
	calls = slurp(w.calls);
	assert_non_null(strstr(calls, "scontrol delete NodeName=n1"));
	free(calls);
	assert_ok(mig_node_open(&node, w.dir, 0));
	assert_ok(mig_node_read(&st, node));
	assert_int_equal(tu_gi_profile_id(st, "3g.20gb"), 9);
	mig_state_free(st);
	mig_node_close(node);
	assert_int_equal(agent_journal_load(&e, &n, w.state), 0);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].step, AGENT_STARTED);
	agent_entries_free(e, n);
	set_nodes(&w, "IDLE", "gpu:nvidia_a100_3g.20gb:1(S:0)");
	pass_ok(&w);  /* registered: done */
	assert_non_null(strstr(w.log.text, "node n1: back in service"));
	assert_int_equal(agent_journal_load(&e, &n, w.state), 0);
	assert_int_equal(n, 0);
	world_fini(&w);
}
/*
 * Run `migctl slurm agent --dry-run` on the world with `args` added; its
 * output and "exit N" (malloc'd).
 */
static char *dry_run(world *w, const char *args)
{
	char conf[600], out[600], cmd[2400];

	snprintf(conf, sizeof(conf), "%s/agent.conf", w->tmp);
	snprintf(out, sizeof(out), "%s/dry.out", w->tmp);
	snprintf(cmd, sizeof(cmd), "node n1 %s\nstart slurmd -Z -N {node} --conf \"Gres={gres}\"\n"
		 "pidfile %s/slurmd-{node}.pid\nallow 3g.20gb\n", w->dir, w->tmp);
	write_text(conf, cmd, 0);
	snprintf(cmd, sizeof(cmd), "'%s' slurm agent --config '%s' --state-dir '%s' --dry-run %s "
		 ">'%s' 2>&1; echo \"exit $?\" >>'%s'", migctl_path, conf, w->state, args, out, out);
	assert_int_equal(system(cmd), 0);
	return slurp(out);
}

/* --allow on the command line replaces the file's allow list. */
static void test_cli_allow(void **unused)
{
	char *out;
	world w;

	(void)unused;
	world_init(&w);
	out = dry_run(&w, "");
	assert_non_null(strstr(out, "dry run: would drain node n1"));
	assert_non_null(strstr(out, "exit 0"));
	free(out);
	out = dry_run(&w, "--allow 1g.5gb,7g.40gb");
	assert_null(strstr(out, "would drain"));
	assert_non_null(strstr(out, "which the configuration does not allow (allow 1g.5gb,7g.40gb)"));
	assert_non_null(strstr(out, "exit 0"));
	free(out);
	out = dry_run(&w, "--allow '1g.5gb 3g.20gb'");
	assert_non_null(strstr(out, "is not a comma-separated list of GI profiles"));
	assert_null(strstr(out, "exit 0"));
	free(out);
	world_fini(&w);
}

/*
 * A change whose slurmd never registers: waited on up to register-timeout,
 * then given up - the node drained with a Reason that says so where
 * slurmctld lists it - and not waited on again.
 */
static void test_pass_register_timeout(void **unused)
{
	agent_entry e = {.step = AGENT_STARTED, .since = 1.0}, *got;
	char *calls;
	size_t n;
	world w;

	(void)unused;
	world_init(&w);
	snprintf(e.ch.node, sizeof(e.ch.node), "n1");
	snprintf(e.ch.jobs, sizeof(e.ch.jobs), "41");
	snprintf(e.ch.gres, sizeof(e.ch.gres), "gpu:nvidia_a100_3g.20gb:2");
	assert_int_equal(w.c.register_timeout_s, AGENT_REGISTER_TIMEOUT);
	w.c.register_timeout_s = 30;
	/* started 10 s ago, not listed yet: wait */
	e.step_at = (double)time(NULL) - 10;
	assert_int_equal(agent_journal_write(w.state, &e), 0);
	set_nodes(&w, "DOWN+DYNAMIC_NORM+NOT_RESPONDING", "gpu:nvidia_a100_3g.20gb:2");
	pass_ok(&w);
	assert_int_equal(agent_journal_load(&got, &n, w.state), 0);
	assert_int_equal(n, 1);
	agent_entries_free(got, n);
	calls = slurp(w.calls);
	assert_null(strstr(calls, "State=DRAIN"));
	free(calls);
	/* started 60 s ago: given up, drained with the reason */
	e.step_at = (double)time(NULL) - 60;
	assert_int_equal(agent_journal_write(w.state, &e), 0);
	pass_ok(&w);
	calls = slurp(w.calls);
	assert_non_null(strstr(calls, "scontrol update NodeName=n1 State=DRAIN Reason=migctl-agent: "
				      "slurmd did not register within 30 s"));
	free(calls);
	assert_non_null(strstr(w.log.text, "change given up, node left drained"));
	assert_int_equal(agent_journal_load(&got, &n, w.state), 0);
	assert_int_equal(n, 0);
	/* a node slurmctld does not list at all: given up too, nothing to drain */
	assert_int_equal(agent_journal_write(w.state, &e), 0);
	write_text(w.nodes, "No nodes in the system\n", 0);
	pass_ok(&w);
	assert_non_null(strstr(w.log.text, "slurmctld does not list the node"));
	assert_int_equal(agent_journal_load(&got, &n, w.state), 0);
	assert_int_equal(n, 0);
	world_fini(&w);
}

/*
 * An agent killed after the apply was journalled: the next one stops,
 * deletes and restarts the node, and neither drains nor applies again.
 * A temporary journal file the crash left (here a link an attacker put
 * there) is replaced, not followed.
 */
static void test_pass_resumes_after_crash(void **unused)
{
	char path[600], target[600], *calls, *args;
	agent_entry e = {.step = AGENT_APPLIED, .since = 1.0}, *got;
	size_t n;
	world w;

	(void)unused;
	world_init(&w);
	snprintf(e.ch.node, sizeof(e.ch.node), "n1");
	snprintf(e.ch.jobs, sizeof(e.ch.jobs), "41,42");
	snprintf(e.ch.types, sizeof(e.ch.types), "nvidia_a100_1g.5gb");
	snprintf(target, sizeof(target), "%s/victim", w.tmp);
	write_text(target, "untouched", 0);
	snprintf(path, sizeof(path), "%s/agent-n1.json.tmp", w.state);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(agent_journal_write(w.state, &e), 0);
	args = slurp(target);
	assert_string_equal(args, "untouched");
	free(args);
	assert_int_equal(agent_journal_load(&got, &n, w.state), 0);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].ch.jobs, "41,42");
	assert_int_equal(got[0].step, AGENT_APPLIED);
	assert_null(got[0].ch.layout);
	agent_entries_free(got, n);
	set_nodes(&w, "IDLE+DRAIN", "gpu:nvidia_a100_1g.5gb:7(S:0)");
	pass_ok(&w);
	args = wait_started(&w);
	assert_string_equal(args, "-Z -N n1 --conf Gres=gpu:nvidia_a100_1g.5gb:7\n");
	free(args);
	calls = slurp(w.calls);
	assert_null(strstr(calls, "State=DRAIN"));
	assert_non_null(strstr(calls, "scontrol delete NodeName=n1"));
	free(calls);
	/* a journal entry that is not ours is refused, naming the file */
	snprintf(path, sizeof(path), "%s/agent-n1.json", w.state);
	write_text(path, "{\"node\": \"n1\"}", 0);
	assert_int_equal(agent_journal_load(&got, &n, w.state), MIG_ERROR_STATE_CORRUPT);
	assert_non_null(strstr(mig_errmsg(), "agent-n1.json is not an agent journal entry"));
	world_fini(&w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_squeue),
		cmocka_unit_test(test_squeue_refused),
		cmocka_unit_test(test_squeue_gpus),
		cmocka_unit_test(test_pass_register_timeout),
		cmocka_unit_test(test_cli_allow),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_node_unmapped),
		cmocka_unit_test(test_pass_unmapped_node),
		cmocka_unit_test(test_type_profile),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_conf_refused),
		cmocka_unit_test(test_decide_repartitions_idle_node),
		cmocka_unit_test(test_decide_never_busy_or_claimed),
		cmocka_unit_test(test_pass_dry_run),
		cmocka_unit_test(test_pass_whole_change),
		cmocka_unit_test(test_pass_resumes_after_crash),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_slurm_agent MIGCTL\n");
		return 2;
	}
	migctl_path = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
