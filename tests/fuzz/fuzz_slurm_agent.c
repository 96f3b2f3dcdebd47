/*
 * fuzz_slurm_agent.c - the Slurm agent's readers (src/slurm/agent_parse.c,
 * agent_conf.c) on arbitrary bytes.  The first byte picks the reader:
 * 's' squeue's pending jobs, 'n' scontrol's nodes, anything else the
 * configuration file.
 *
 * What a reader accepts must hold together: squeue jobs have an id, a
 * type and 1..1000000 units; nodes a name and a state; a configuration
 * at least one node and a start template with {gres}.  A refusal always
 * says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void jobs(const char *text)
{
	agent_job *j;
	size_t n;

	mig_errclear();
	if (agent_squeue_parse(&j, &n, text)) {
		if (!mig_errmsg()[0] || j || n)
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!j[i].id[0] || !j[i].type[0] || !j[i].count || j[i].count > 1000000)
			abort();
	free(j);
}

static void nodes(const char *text)
{
	agent_node *nd;
	size_t n;

	mig_errclear();
	if (agent_nodes_parse(&nd, &n, text)) {
		if (!mig_errmsg()[0] || nd || n)
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!nd[i].name[0] || !nd[i].state[0])
			abort();
		(void)agent_gres_count(nd[i].gres, "t");
		(void)agent_gres_count(nd[i].gres_used, "t");
		(void)agent_reason_claims(nd[i].reason, "1");
		(void)agent_node_busy(&nd[i]);
	}
	free(nd);
}

static void conf(const char *text)
{
	agent_conf *c = malloc(sizeof(*c));
	int gres = 0;

	if (!c)
		return;
	mig_errclear();
	if (agent_conf_parse(c, text, "f")) {
		if (!mig_errmsg()[0])
			abort();
	} else {
		for (size_t i = 0; i < c->nstart; i++)
			gres |= strstr(c->start[i], "{gres}") != NULL;
		if (!c->nnodes || !gres)
			abort();
	}
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (!size)
		return 0;
	if (!(text = malloc(size)))
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] == 's')
		jobs(text);
	else if (data[0] == 'n')
		nodes(text);
	else
		conf(text);
	free(text);
	return 0;
}
