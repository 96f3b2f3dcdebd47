/*
 * agent_map.c - a pending job's GRES type back to the GI profile it asks
 * for: slurm conf's naming (naming.c) run over the model's profiles and
 * compared exactly, for both Slurm versions, and the site's aliases.
 *
 * Exact, not the substring match slurmctld uses between configured and
 * detected types: a job for "nvidia_a100_1g.5gb" must not be read as a
 * request for 1g.5gb+me, and a short type such as "a100" names no profile.
 */
#include <string.h>

#include "agent.h"

/* Does `type` name profile p of model m (either version's name, or its alias)? */
static int names(const mig_model *m, const mig_gi_profile *p, const char *type,
		 const agent_conf *c)
{
	mig_gi_profile_info pi;
	char name[AGENT_TYPE_MAX];

	mig_gi_profile_get(p, &pi);
	for (int v = SLURM_22_05; v <= SLURM_23_02; v++) {
		slurm_mig_type(name, sizeof(name), m, p, (slurm_version)v);
		if (!strcmp(name, type))
			return 1;
	}
	for (size_t i = 0; i < c->nalias; i++)
		if (!strcmp(c->alias[i].alias, type) && !strcmp(c->alias[i].profile, pi.name))
			return 1;
	return 0;
}

int agent_type_profile(const mig_gi_profile **out, const mig_model *m, const char *type,
		       const agent_conf *c)
{
	const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
	size_t n = 0;

	*out = NULL;
	if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &n, m, NULL) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		mig_gi_profile_info pi;

		if (!names(m, p[i], type, c))
			continue;
		mig_gi_profile_get(p[i], &pi);
		/* 22.05 names 1g.5gb and 1g.5gb+me alike: the plain one serves both requests */
		if (!*out || !strchr(pi.name, '+'))
			*out = p[i];
		if (!strchr(pi.name, '+'))
			break;
	}
	return *out ? 0 : -1;
}

int agent_list_has(const char *list, const char *item, char sep)
{
	size_t n = strlen(item);

	for (const char *s = list; *s;) {
		const char *e = strchr(s, sep);
		size_t w = e ? (size_t)(e - s) : strlen(s);

		if (w == n && !strncmp(s, item, n))
			return 1;
		s += w + (e != NULL);
	}
	return 0;
}

int agent_profile_allowed(const agent_conf *c, const char *name)
{
	return !c->allow[0] || agent_list_has(c->allow, name, ',');
}
