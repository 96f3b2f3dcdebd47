/*
 * conf_text.c - the text `migctl slurm conf` prints (docs/slurm.md):
 * gres.conf, the node's slurm.conf line, TRESBillingWeights that charge
 * each type its share of a GPU, and the State=FUTURE catalog node whose
 * Gres= names every type the site allows, so that a job asking for a type
 * no node has yet queues instead of being refused at submission.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slurm.h"

/* Is profile name `p` in the comma-separated list (NULL: everything)? */
static int allowed(const char *list, const char *p)
{
	size_t n = strlen(p);

	if (!list)
		return 1;
	for (const char *s = list; *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] == ',')) {
		if (strcspn(s, ",") == n && !strncmp(s, p, n))
			return 1;
	}
	return 0;
}

/* The type named `name` in t[0..*n), added with count 0 if new; NULL when full. */
static slurm_type *find_or_add(slurm_type *t, size_t cap, size_t *n, const char *name)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(t[k].name, name))
			return &t[k];
	if (*n >= cap)
		return NULL;
	memset(&t[*n], 0, sizeof(t[*n]));
	snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
	return &t[(*n)++];
}

/* Every allowed type of the node's GPU models, at most per node (the catalog node). */
static int catalog_types(slurm_type *t, size_t cap, size_t *n, const mig_state *st,
			 const slurm_conf_opts *o)
{
	int rc;

	*n = 0;
	for (unsigned g = 0; g < mig_state_gpu_count(st); g++) {
		const mig_gi_profile *p[MIG_MAX_GI_PROFILES];
		unsigned full;
		mig_gpu_info gi;
		size_t np;

		if ((rc = mig_gpu_get(&gi, st, g)))
			return rc;
		if (mig_model_gi_profiles(p, MIG_MAX_GI_PROFILES, &np, gi.model, gi.driver) != MIG_SUCCESS)
			np = 0;
		full = slurm_full_slices(gi.model, gi.driver);
		for (size_t i = 0; i < np; i++) {
			mig_gi_profile_info pi;
			unsigned most = 0;
			slurm_type *k;
			char type[128], other[128];

			mig_gi_profile_get(p[i], &pi);
			if (!allowed(o->allowed, pi.name))
				continue;
			slurm_mig_type(type, sizeof(type), gi.model, p[i], o->version);
			/* one GPU holds at most the most instances of any profile of this type */
			for (size_t j = 0; j < np; j++) {
				mig_gi_profile_info pj;

				mig_gi_profile_get(p[j], &pj);
				slurm_mig_type(other, sizeof(other), gi.model, p[j], o->version);
				if (!strcmp(other, type) && allowed(o->allowed, pj.name)) {
					if (j < i)
						goto next; /* counted with the first profile of the type */
					most = pj.instance_count > most ? pj.instance_count : most;
				}
			}
			if (!(k = find_or_add(t, cap, n, type)))
				return MIG_ERROR_INSUFFICIENT_RESOURCES;
			snprintf(k->profile, sizeof(k->profile), "%s", pi.name);
			k->count += most;
			k->share = (double)pi.slices / full;
next:;
		}
	}
	return 0;
}

/* The partition with every type's weight: the node's types, then the catalog's others. */
static void print_billing(FILE *f, const slurm_type *t, size_t n, const slurm_type *cat,
			  size_t nc, const slurm_conf_opts *o)
{
	fprintf(f, "PartitionName=%s Nodes=%s%s%s Default=YES State=UP TRESBillingWeights=\"CPU=1.0",
		o->partition, o->node, o->future ? "," : "", o->future ? o->future : "");
	for (size_t i = 0; i < n; i++)
		fprintf(f, ",GRES/gpu:%s=%.3f", t[i].name, t[i].share);
	for (size_t i = 0; i < nc; i++) {
		size_t k = 0;

		while (k < n && strcmp(t[k].name, cat[i].name))
			k++;
		if (k == n)
			fprintf(f, ",GRES/gpu:%s=%.3f", cat[i].name, cat[i].share);
	}
	fprintf(f, "\"\n");
}

int slurm_conf_text(char **out, const mig_state *st, const slurm_conf_opts *o)
{
	slurm_type t[SLURM_MAX_TYPES], cat[SLURM_MAX_TYPES];
	size_t n, nc = 0, size = 0;
	char gres[4096], cgres[4096];
	FILE *f;
	int rc;

	if ((rc = slurm_node_types(t, SLURM_MAX_TYPES, &n, st, o)) ||
	    (rc = slurm_gres_value(gres, sizeof(gres), t, n)))
		return rc;
	if (o->future && ((rc = catalog_types(cat, SLURM_MAX_TYPES, &nc, st, o)) ||
			  (rc = slurm_gres_value(cgres, sizeof(cgres), cat, nc))))
		return rc;
	if (!(f = open_memstream(out, &size)))
		return MIG_ERROR_MEMORY;
	fprintf(f, "# gres.conf\nAutoDetect=nvml\n\n# slurm.conf (Slurm %s naming)\nGresTypes=gpu\n",
		o->version == SLURM_22_05 ? "22.05" : "23.02+");
	fprintf(f, "NodeName=%s Gres=%s\n", o->node, gres);
	if (o->future)
		fprintf(f, "NodeName=%s State=FUTURE Gres=%s\n", o->future, cgres);
	if (o->partition)
		print_billing(f, t, n, cat, nc, o);
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return MIG_ERROR_MEMORY;
	}
	return 0;
}
