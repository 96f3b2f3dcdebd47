/*
 * load.c - emulated load: what a job on the emulated node does over time.
 *
 * A load description (docs/load.md) is a small line format: phases (a
 * duration, an SM activity, a memory footprint and its growth) or the
 * samples of a recorded metrics log, replayed.  It is parsed once into
 * segments; mig_load_at reads them at a time since the load started.
 *
 * A state keeps the loads of its processes beside them (mig_state.loads),
 * keyed by pid and start time so that a reused pid never inherits one, and
 * the state file keeps each as its text (state_json.c).  The telemetry
 * model (telemetry.c) turns them into counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "error.h"
#include "state.h"
#include "util.h"

#define LOAD_MAGIC "migctl-load"
#define LOAD_MAX_BYTES (1u << 20)
#define LOAD_MAX_ENTRIES 65536
#define LOAD_MAX_LINE 256
#define LOAD_MAX_SECONDS (366.0 * 86400)
#define LOAD_MAX_MIB (16.0 * 1024 * 1024)   /* 16 TiB */

typedef struct segment {
	double t0, t1;     /* seconds since the start */
	double sm;         /* 0..1 */
	double mem0, grow; /* MiB at t0, MiB per second */
} segment;

struct mig_load {
	unsigned refs;     /* shared by clones of a state; atomic */
	int repeat;
	size_t nseg;
	segment *seg;
	double end_mem;    /* MiB held once it has ended */
	size_t len;
	char *text;        /* the description, as given */
};

/* Parsing ------------------------------------------------------------------- */

typedef struct parser {
	mig_load *load;
	size_t cap;
	unsigned line;
	int kind;          /* 0 none yet, 'p' phases, 's' samples */
	int magic;         /* the first line was read */
	int ended;         /* "repeat" seen */
	double t;          /* end of the last phase / time of the last sample */
	double mem;        /* memory at the end of the last phase */
} parser;

static int bad(const parser *p, const char *fmt, const char *what)
{
	char msg[160];

	snprintf(msg, sizeof(msg), fmt, what);
	return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "load: line %u: %s", p->line, msg);
}

/* A plain decimal: digits, optionally '.' and digits.  *end after it. */
static int decimal(double *out, const char *s, const char **end)
{
	double v = 0, scale = 1;
	const char *c = s;
	int digits = 0;

	for (; *c >= '0' && *c <= '9'; c++, digits++)
		v = v * 10 + (*c - '0');
	if (*c == '.') {
		c++;
		for (; *c >= '0' && *c <= '9'; c++, digits++) {
			scale /= 10;
			v += (*c - '0') * scale;
		}
	}
	if (!digits || c - s > 16)
		return -1;
	*out = v;
	*end = c;
	return 0;
}

/* "30s", "1.5m", "2h": seconds, at most a year. */
static int duration(const parser *p, double *out, const char *s)
{
	const char *u;
	double v;

	if (decimal(&v, s, &u) || !u[0] || u[1] || !strchr("smh", u[0]))
		return bad(p, "'%s' is not a duration (a number and s, m or h: 30s, 1.5m, 2h)", s);
	v *= u[0] == 'h' ? 3600 : u[0] == 'm' ? 60 : 1;
	if (v > LOAD_MAX_SECONDS)
		return bad(p, "duration '%s' is longer than a year", s);
	*out = v;
	return 0;
}

/* "512MiB", "3.5GiB", "1TiB": MiB, at most 16 TiB. */
static int size_mib(const parser *p, double *out, const char *s, const char *tail)
{
	static const struct { const char *unit; double mib; } units[] = {
		{"MiB", 1}, {"GiB", 1024}, {"TiB", 1024 * 1024}};
	const char *u;
	double v;

	if (!decimal(&v, s, &u))
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t n = strlen(units[i].unit);

			if (strncmp(u, units[i].unit, n) || strcmp(u + n, tail))
				continue;
			if (v * units[i].mib > LOAD_MAX_MIB)
				return bad(p, "'%s' is more than 16 TiB", s);
			*out = v * units[i].mib;
			return 0;
		}
	return bad(p, tail[0] ? "'%s' is not a growth (a size per second: 10MiB/s, -1GiB/s)"
			      : "'%s' is not a size (a number and MiB, GiB or TiB: 512MiB, 3.5GiB)",
		   s);
}

static int percent(const parser *p, double *out, const char *s)
{
	const char *u;
	double v;

	if (decimal(&v, s, &u) || strcmp(u, "%") || v > 100)
		return bad(p, "'%s' is not an SM activity (0%% to 100%%: sm=40%%)", s);
	*out = v / 100;
	return 0;
}

enum { KEY_SM = 1, KEY_MEM = 2, KEY_GROW = 4 };

/* The key=value fields of a phase or sample; `allowed` keys, `need` required. */
static int fields(parser *p, segment *sg, char **tok, int ntok, unsigned allowed, unsigned need)
{
	unsigned seen = 0;

	for (int i = 0; i < ntok; i++) {
		char *eq = strchr(tok[i], '=');
		unsigned key;
		int rc;

		if (!eq)
			return bad(p, "'%s' is not key=value (sm=, mem=, grow=)", tok[i]);
		*eq = '\0';
		key = !strcmp(tok[i], "sm") ? KEY_SM : !strcmp(tok[i], "mem") ? KEY_MEM
						: !strcmp(tok[i], "grow") ? KEY_GROW : 0;
		if (!(key & allowed))
			return bad(p, allowed & KEY_GROW ? "unknown key '%s' (a phase takes sm, mem, grow)"
							: "unknown key '%s' (a sample takes sm, mem)",
				   tok[i]);
		if (seen & key)
			return bad(p, "'%s' is given twice", tok[i]);
		seen |= key;
		if (key == KEY_SM)
			rc = percent(p, &sg->sm, eq + 1);
		else if (key == KEY_MEM)
			rc = size_mib(p, &sg->mem0, eq + 1, "");
		else if (eq[1] == '-')
			rc = size_mib(p, &sg->grow, eq + 2, "/s"), sg->grow = -sg->grow;
		else
			rc = size_mib(p, &sg->grow, eq + 1, "/s");
		if (rc)
			return rc;
	}
	if ((need & KEY_SM) && !(seen & KEY_SM))
		return bad(p, "%ssm= is missing", "");
	if ((need & KEY_MEM) && !(seen & KEY_MEM))
		return bad(p, "%smem= is missing", "");
	if (!(seen & KEY_MEM))
		sg->mem0 = p->mem;
	return 0;
}

static int push(parser *p, const segment *sg)
{
	mig_load *l = p->load;

	if (l->nseg == LOAD_MAX_ENTRIES)
		return bad(p, "more than %s phases or samples", "65536");
	if (UTIL_GROW(l->seg, p->cap, l->nseg + 1))
		return mig__fail(MIG_ERROR_MEMORY, "load: out of memory");
	l->seg[l->nseg++] = *sg;
	return 0;
}

static double clamp_mem(double mib)
{
	return mib < 0 ? 0 : mib > LOAD_MAX_MIB ? LOAD_MAX_MIB : mib;
}

/* phase DURATION sm=P% [mem=SIZE] [grow=SIZE/s] */
static int phase(parser *p, char **tok, int ntok)
{
	segment sg = {0};
	double d;
	int rc;

	if (p->kind == 's')
		return bad(p, "%sa load has phases or samples, not both", "");
	p->kind = 'p';
	if (ntok < 2)
		return bad(p, "%sphase needs a duration and sm=", "");
	if ((rc = duration(p, &d, tok[1])))
		return rc;
	if (d <= 0)
		return bad(p, "a phase of '%s' lasts no time", tok[1]);
	if ((rc = fields(p, &sg, tok + 2, ntok - 2, KEY_SM | KEY_MEM | KEY_GROW, KEY_SM)))
		return rc;
	sg.t0 = p->t;
	sg.t1 = p->t + d;
	if (sg.t1 > LOAD_MAX_SECONDS)
		return bad(p, "%sthe phases last longer than a year", "");
	p->t = sg.t1;
	p->mem = clamp_mem(sg.mem0 + sg.grow * d);
	p->load->end_mem = p->mem;
	return push(p, &sg);
}

/* sample TIME sm=P% mem=SIZE: holds until the next sample; the last one ends the replay. */
static int sample(parser *p, char **tok, int ntok)
{
	mig_load *l = p->load;
	segment sg = {0};
	double t;
	int rc;

	if (p->kind == 'p')
		return bad(p, "%sa load has phases or samples, not both", "");
	if (ntok < 2)
		return bad(p, "%ssample needs a time, sm= and mem=", "");
	if ((rc = duration(p, &t, tok[1])))
		return rc;
	if (p->kind != 's' && t != 0)
		return bad(p, "the first sample is at '%s'; a replay starts at 0s", tok[1]);
	if (p->kind == 's' && t <= p->t)
		return bad(p, "sample time '%s' is not after the previous sample's", tok[1]);
	if ((rc = fields(p, &sg, tok + 2, ntok - 2, KEY_SM | KEY_MEM, KEY_SM | KEY_MEM)))
		return rc;
	if (l->nseg)
		l->seg[l->nseg - 1].t1 = t;
	p->kind = 's';
	p->t = t;
	sg.t0 = sg.t1 = t;
	l->end_mem = sg.mem0;
	return push(p, &sg);
}

/* Split a line into at most `max` blank-separated tokens (in place). */
static int tokens(char *line, char **tok, int max)
{
	int n = 0;

	for (char *c = line; *c;) {
		while (*c == ' ' || *c == '\t')
			*c++ = '\0';
		if (!*c)
			break;
		if (n == max)
			return -1;
		tok[n++] = c;
		while (*c && *c != ' ' && *c != '\t')
			c++;
	}
	return n;
}

static int parse_line(parser *p, char *line)
{
	char *tok[8];
	int n = tokens(line, tok, 8);

	if (n < 0)
		return bad(p, "%stoo many fields", "");
	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (!p->magic) {
		if (n != 2 || strcmp(tok[0], LOAD_MAGIC) || strcmp(tok[1], "1"))
			return bad(p, "%sa load starts with the line 'migctl-load 1'", "");
		p->magic = 1;
		return 0;
	}
	if (p->ended)
		return bad(p, "'%s' after repeat (repeat must be the last line)", tok[0]);
	if (!strcmp(tok[0], "phase"))
		return phase(p, tok, n);
	if (!strcmp(tok[0], "sample"))
		return sample(p, tok, n);
	if (!strcmp(tok[0], "repeat") && n == 1) {
		p->ended = 1;
		p->load->repeat = 1;
		return 0;
	}
	return bad(p, "unknown line '%s' (phase, sample, repeat or a # comment)", tok[0]);
}

static int parse_text(parser *p, const char *buf, size_t len)
{
	char line[LOAD_MAX_LINE + 1];

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t n = (nl ? (size_t)(nl - buf) : len) - i;
		int rc;

		p->line++;
		if (n > LOAD_MAX_LINE)
			return bad(p, "%sline longer than 256 bytes", "");
		memcpy(line, buf + i, n);
		line[n] = '\0';
		if (strlen(line) != n)
			return bad(p, "%sa NUL byte", "");
		if (memchr(line, '\r', n))
			return bad(p, "%sa carriage return (use Unix line ends)", "");
		if ((rc = parse_line(p, line)))
			return rc;
		i += n + 1;
	}
	if (!p->magic)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "load: empty (a load starts with the line 'migctl-load 1')");
	if (p->load->nseg == 0 || (p->kind == 's' && p->load->nseg < 2))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "load: no phase, or fewer than two samples: nothing to run");
	return 0;
}

void mig_load_free(mig_load *load)
{
	if (!load || __atomic_sub_fetch(&load->refs, 1, __ATOMIC_ACQ_REL))
		return;
	free(load->seg);
	free(load->text);
	free(load);
}

int mig_load_parse(mig_load **out, const char *buf, size_t len)
{
	parser p;
	int rc;

	*out = NULL;
	if (len > LOAD_MAX_BYTES)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "load: larger than 1 MiB");
	memset(&p, 0, sizeof(p));
	p.load = calloc(1, sizeof(*p.load));
	if (!p.load || !(p.load->text = malloc(len + 1))) {
		free(p.load);
		return mig__fail(MIG_ERROR_MEMORY, "load: out of memory");
	}
	p.load->refs = 1;
	if (len)
		memcpy(p.load->text, buf, len);
	p.load->text[len] = '\0';
	p.load->len = len;
	if ((rc = parse_text(&p, buf, len))) {
		mig_load_free(p.load);
		return rc;
	}
	if (p.kind == 's')  /* the last sample only marks the end */
		p.load->nseg--;
	*out = p.load;
	return MIG_SUCCESS;
}

/* Reading ----------------------------------------------------------------- */

double mig_load_duration(const mig_load *load)
{
	return load->nseg ? load->seg[load->nseg - 1].t1 : 0;
}

const char *mig_load_text(const mig_load *load, size_t *len)
{
	if (len)
		*len = load->len;
	return load->text;
}

void mig_load_at(mig_load_point *out, const mig_load *load, double t)
{
	double total = mig_load_duration(load);
	size_t lo = 0, hi = load->nseg;
	const segment *sg;

	memset(out, 0, sizeof(*out));
	if (!(t >= 0))
		return;
	if (t >= total && load->repeat)
		t -= total * (double)(unsigned long long)(t / total);
	if (t >= total && load->repeat)
		t = 0;
	if (t >= total) {
		out->mem_mib = (unsigned long long)(load->end_mem + 0.5);
		return;
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (load->seg[mid].t0 <= t)
			lo = mid;
		else
			hi = mid;
	}
	sg = &load->seg[lo];
	out->running = 1;
	out->sm_active = sg->sm;
	out->mem_mib = (unsigned long long)(clamp_mem(sg->mem0 + sg->grow * (t - sg->t0)) + 0.5);
}

/* The loads of a state's processes ---------------------------------------------- */

const mig_load_rec *mig__load_of(const mig_state *st, const mig_process *p)
{
	for (size_t i = 0; i < st->nloads; i++)
		if (st->loads[i].pid == p->pid && st->loads[i].start_time == p->start_time)
			return &st->loads[i];
	return NULL;
}

int mig__load_put(mig_state *st, unsigned pid, unsigned long long start_time, mig_load *load,
		  double since)
{
	size_t i;

	for (i = 0; i < st->nloads && st->loads[i].pid != pid; i++)
		;
	if (i == st->nloads) {
		mig_load_rec *grown = realloc(st->loads, (st->nloads + 1) * sizeof(*grown));

		if (!grown) {
			mig_load_free(load);
			return mig__fail(MIG_ERROR_MEMORY, "recording a load: out of memory");
		}
		st->loads = grown;
		st->nloads++;
	} else {
		mig_load_free(st->loads[i].load);
	}
	st->loads[i] = (mig_load_rec){pid, start_time, since, load};
	return MIG_SUCCESS;
}

int mig_process_set_load(mig_state *st, unsigned pid, const char *buf, size_t len, double since)
{
	const mig_process *p = NULL;
	mig_load *load;
	int rc;

	for (size_t i = 0; i < st->nproc && !p; i++)
		if (st->proc[i].pid == pid)
			p = &st->proc[i];
	if (!p)
		return mig__fail(MIG_ERROR_NOT_FOUND, "giving pid %u a load: not recorded", pid);
	if (mig__backend_fixed(st))
		return mig__fail(MIG_ERROR_NOT_SUPPORTED,
				 "giving pid %u a load: real GPUs run real loads", pid);
	if (!(since >= 0 && since < 1e11))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "giving pid %u a load: start time %g is not a Unix time", pid, since);
	if ((rc = mig_load_parse(&load, buf, len)))
		return rc;
	return mig__load_put(st, pid, p->start_time, load, since);
}

int mig__loads_clone(mig_state *copy, const mig_state *st)
{
	copy->now = st->now;
	if (!st->nloads)
		return MIG_SUCCESS;
	copy->loads = malloc(st->nloads * sizeof(*copy->loads));
	if (!copy->loads)
		return MIG_ERROR_MEMORY;
	memcpy(copy->loads, st->loads, st->nloads * sizeof(*copy->loads));
	copy->nloads = st->nloads;
	for (size_t i = 0; i < st->nloads; i++)
		__atomic_add_fetch(&st->loads[i].load->refs, 1, __ATOMIC_RELAXED);
	return MIG_SUCCESS;
}

void mig__loads_free(mig_state *st)
{
	for (size_t i = 0; i < st->nloads; i++)
		mig_load_free(st->loads[i].load);
	free(st->loads);
	st->loads = NULL;
	st->nloads = 0;
}

/* Time ------------------------------------------------------------------------ */

void mig_state_set_time(mig_state *st, double unix_s)
{
	st->now = unix_s > 0 ? unix_s : 0;
}

double mig__state_now(const mig_state *st)
{
	struct timespec ts;

	if (st->now > 0)
		return st->now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int mig__process_sample(mig_load_point *out, const mig_state *st, const mig_process *p)
{
	const mig_load_rec *r = mig__load_of(st, p);

	if (!r) {
		out->sm_active = p->used_mib ? 1 : 0;
		out->mem_mib = p->used_mib;
		out->running = 1;
		return 0;
	}
	mig_load_at(out, r->load, mig__state_now(st) - r->since);
	return 1;
}
