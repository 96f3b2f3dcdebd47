/*
 * naming.c - the GRES type Slurm's gpu/nvml plugin gives a GPU or a MIG device.
 *
 * Slurm 22.05 (src/plugins/gpu/nvml/gpu_nvml.c, _get_system_gpu_list_nvml
 * and _handle_mig): the device name from nvmlDeviceGetName, lower-cased
 * with blanks made '_' (gpu_common_underscorify_tolower); a whole GPU keeps
 * it all ("nvidia_a100-sxm4-40gb"); a MIG device keeps what comes before
 * its first '-' and adds "_%ug.%lugb" from nvmlDeviceGetAttributes:
 * gpuInstanceSliceCount and roundl(memorySizeMB / 1024).  So an A100-40GB
 * 3g.20gb (19.62 GiB) is "nvidia_a100_3g.20gb", a 1g.5gb+me is
 * "nvidia_a100_1g.5gb" like a 1g.5gb, and a profile whose memory rounds
 * below its marketed size gets the rounded figure (docs/slurm.md lists
 * every catalog model's names, checked against Debian's slurmd 22.05).
 * 23.02 and later name a MIG device "<device name>_<profile name>" (the
 * Alliance's clusters show nvidia_h100_80gb_hbm3_1g.10gb); that form is
 * taken from published configurations, not from a real slurmd.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slurm.h"

int slurm_version_parse(slurm_version *out, const char *text)
{
	unsigned major, minor;
	char tail[4] = "";

	if (!text || sscanf(text, "%2u.%2u%3s", &major, &minor, tail) < 2 ||
	    (tail[0] && strcmp(tail, "+")) || strlen(text) > 6 || minor > 11)
		return -1;
	if (major == 22 && minor == 5 && !tail[0])
		*out = SLURM_22_05;
	else if (major > 23 || (major == 23 && minor >= 2))
		*out = SLURM_23_02;
	else
		return -1;
	return 0;
}

void slurm_underscorify(char *s)
{
	for (; *s; s++)
		*s = *s == ' ' ? '_' : (char)tolower((unsigned char)*s);
}

void slurm_gpu_type(char *out, size_t len, const mig_model *m, int short_type)
{
	const char *name = mig_model_name(m);

	if (short_type) {
		/* "NVIDIA A100-SXM4-40GB" -> "a100", "NVIDIA RTX PRO 6000 ..." -> "rtx" */
		const char *w = strchr(name, ' ');
		size_t n;

		w = w ? w + 1 : name;
		n = strcspn(w, " -");
		snprintf(out, len, "%.*s", (int)n, w);
	} else {
		snprintf(out, len, "%s", name);
	}
	slurm_underscorify(out);
}

void slurm_mig_type(char *out, size_t len, const mig_model *m, const mig_gi_profile *p,
		    slurm_version v)
{
	mig_gi_profile_info pi;
	char base[96];

	mig_gi_profile_get(p, &pi);
	snprintf(base, sizeof(base), "%s", mig_model_name(m));
	slurm_underscorify(base);
	if (v == SLURM_22_05) {
		base[strcspn(base, "-")] = '\0';
		snprintf(out, len, "%s_%ug.%.0Lfgb", base, pi.slices,
			 roundl((long double)pi.memory_mib / 1024.0L));
	} else {
		snprintf(out, len, "%s_%s", base, pi.name);
	}
}
