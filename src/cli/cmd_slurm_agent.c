/*
 * cmd_slurm_agent.c - `migctl slurm agent`: repartition idle GPUs for the
 * GPU types pending Slurm jobs ask for (src/slurm/agent*.c, docs/slurm.md).
 *
 *   migctl slurm agent --config FILE [--state-dir DIR] [--interval SECONDS] [--once]
 *                      [--dry-run] [--log FILE] [--timeout SECONDS] [--allow PROFILES]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "cli.h"
#include "util.h"

enum { OPT_CONFIG = 1, OPT_STATE, OPT_INTERVAL, OPT_ONCE, OPT_DRY, OPT_LOG, OPT_TIMEOUT, OPT_ALLOW };

static const cli_opt agent_opts_table[] = {
	{OPT_CONFIG, 'c', "config", "FILE", "the agent's configuration (docs/slurm.md): nodes, start/stop, allow"},
	{OPT_STATE, 0, "state-dir", "DIR", "where its journal lives (default: the node directory's slurm-agent/)"},
	{OPT_INTERVAL, 0, "interval", "SECONDS", "seconds between passes, 0.1 to 3600 (default 5)"},
	{OPT_ONCE, 0, "once", NULL, "one pass, then exit"},
	{OPT_DRY, 'n', "dry-run", NULL, "print what would be done; change nothing"},
	{OPT_LOG, 0, "log", "FILE", "append the decisions to FILE instead of stderr"},
	{OPT_TIMEOUT, 0, "timeout", "SECONDS", "for each scontrol/squeue/restore call, 1 to 600 (default 30)"},
	{OPT_ALLOW, 0, "allow", "PROFILES", "the only GI profiles it may create (1g.10gb,3g.40gb); replaces the file's allow"},
	{0}};

const cli_cmd slurm_agent_cmd = {
	"slurm agent",
	"--config FILE [--state-dir DIR] [--interval SECONDS] [--once] [--dry-run] [--log FILE] "
	"[--timeout SECONDS] [--allow PROFILES]",
	"Watch Slurm's queue and repartition idle nodes' GPUs for the MIG types pending jobs ask\n"
	"for: drain, apply, re-register the dynamic node with its new Gres=, resume.",
	agent_opts_table, NULL};

#define MAX_SEEN 256

/* The log: one line per decision, each said once while it stays true. */
typedef struct agent_log {
	FILE *f;
	char *seen[2][MAX_SEEN];  /* lines of the last pass and of this one */
	size_t nseen[2];
} agent_log;

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void log_line(void *arg, const char *fmt, ...)
{
	agent_log *l = arg;
	char line[2048], stamp[40];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int said = 0;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < l->nseen[0]; i++)
		said |= !strcmp(l->seen[0][i], line);
	if (l->nseen[1] < MAX_SEEN)
		l->seen[1][l->nseen[1]++] = strdup(line);
	if (said)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(l->f, "%s.%03ldZ migctl slurm agent: %s\n", stamp, ts.tv_nsec / 1000000, line);
	fflush(l->f);
}

static void log_next_pass(agent_log *l)
{
	for (size_t i = 0; i < l->nseen[0]; i++)
		free(l->seen[0][i]);
	memcpy(l->seen[0], l->seen[1], sizeof(l->seen[1]));
	l->nseen[0] = l->nseen[1];
	l->nseen[1] = 0;
}

static int read_conf(agent_conf *c, const char *path)
{
	char *text;
	long len;
	FILE *f = fopen(path, "re");
	int rc = -1;

	if (!f) {
		fprintf(stderr, "migctl slurm agent: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && len < (1 << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (text = calloc(1, (size_t)len + 1))) {
		if (fread(text, 1, (size_t)len, f) != (size_t)len)
			fprintf(stderr, "migctl slurm agent: %s: read error\n", path);
		else if ((rc = agent_conf_parse(c, text, path)))
			fprintf(stderr, "migctl slurm agent: %s\n", mig_errmsg());
		free(text);
	} else {
		fprintf(stderr, "migctl slurm agent: %s: unreadable or larger than 1 MiB\n", path);
	}
	fclose(f);
	return rc;
}

/*
 * The journal's directory: given, or slurm-agent/ beside the default node;
 * made 0700, else ours or root's, no link, nobody else may write it.
 */
static int state_dir(char *out, size_t len, const char *given)
{
	char base[400];

	if (given) {
		snprintf(out, len, "%s", given);
	} else {
		if (mig_node_default_dir(base, sizeof(base)))
			return -1;
		snprintf(out, len, "%s/slurm-agent", base);
		(void)mkdir(base, 0700);
	}
	return util_own_dir(out, 0700, UTIL_DIR_NO_LINK | UTIL_DIR_NOT_SHARED);
}

static int run_loop(const agent_opts *o, double interval, int once, agent_log *l)
{
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stopping) {
		if (agent_pass(o)) {
			fprintf(stderr, "migctl slurm agent: %s\n", mig_errmsg());
			return CLI_EXIT_FAIL;
		}
		log_next_pass(l);
		if (once)
			break;
		struct timespec ts = {(time_t)interval, (long)((interval - (double)(time_t)interval) * 1e9)};
		nanosleep(&ts, NULL);
	}
	return 0;
}

int cmd_slurm_agent(int argc, char **argv)
{
	static agent_conf conf;
	agent_opts o = {.conf = &conf, .log = log_line};
	agent_log l = {.f = stderr};
	char dir[512], self[512];
	double interval = 5, timeout = 30;
	ssize_t n;
	cli_args a;
	int rc = cli_parse(&a, &slurm_agent_cmd, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.npos)
		return cli_usage_error(&slurm_agent_cmd, "unexpected argument '%s'", a.pos[0]);
	if (!a.value[OPT_CONFIG])
		return cli_usage_error(&slurm_agent_cmd, "--config FILE is required (docs/slurm.md)");
	if (a.value[OPT_INTERVAL] && util_parse_double(a.value[OPT_INTERVAL], 0.1, 3600, &interval))
		return cli_usage_error(&slurm_agent_cmd, "--interval '%s' is not 0.1 to 3600 seconds",
				       a.value[OPT_INTERVAL]);
	if (a.value[OPT_TIMEOUT] && util_parse_double(a.value[OPT_TIMEOUT], 1, 600, &timeout))
		return cli_usage_error(&slurm_agent_cmd, "--timeout '%s' is not 1 to 600 seconds",
				       a.value[OPT_TIMEOUT]);
	if (read_conf(&conf, a.value[OPT_CONFIG]))
		return CLI_EXIT_FAIL;
	if (a.value[OPT_ALLOW]) {
		if (!a.value[OPT_ALLOW][0] || strlen(a.value[OPT_ALLOW]) >= sizeof(conf.allow) ||
		    strpbrk(a.value[OPT_ALLOW], " \t"))
			return cli_usage_error(&slurm_agent_cmd, "--allow '%.40s' is not a comma-separated "
					       "list of GI profiles (e.g. 1g.10gb,3g.40gb)",
					       a.value[OPT_ALLOW]);
		strcpy(conf.allow, a.value[OPT_ALLOW]);
	}
	if (state_dir(dir, sizeof(dir), a.value[OPT_STATE])) {
		fprintf(stderr, "migctl slurm agent: state directory %s: %s (it must be a directory "
			"writable by its owner only)\n", a.value[OPT_STATE] ? a.value[OPT_STATE] : "",
			strerror(errno));
		return CLI_EXIT_FAIL;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0) {
		fprintf(stderr, "migctl slurm agent: cannot find its own executable\n");
		return CLI_EXIT_FAIL;
	}
	self[n] = '\0';
	if (a.value[OPT_LOG]) {
		int fd = open(a.value[OPT_LOG], O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

		if (fd < 0 || !(l.f = fdopen(fd, "a"))) {
			fprintf(stderr, "migctl slurm agent: --log %s: %s\n", a.value[OPT_LOG], strerror(errno));
			if (fd >= 0)
				close(fd);
			return CLI_EXIT_FAIL;
		}
	}
	o.state_dir = dir;
	o.migctl = self;
	o.dry_run = a.count[OPT_DRY] > 0;
	o.timeout_s = (unsigned)timeout;
	o.log_arg = &l;
	rc = run_loop(&o, interval, a.count[OPT_ONCE] > 0 || o.dry_run, &l);
	log_next_pass(&l);
	log_next_pass(&l);
	if (l.f != stderr)
		fclose(l.f);
	return rc;
}
