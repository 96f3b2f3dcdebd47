/*
 * uuid.c - GPU and MIG device UUIDs.
 *
 * Both are name-based, so they are a pure function of what names the
 * device: a GPU's of its serial, a MIG device's of (GPU UUID, GI ID, CI ID).
 * The driver does the same with SHA-1 over (chip, GPU, swizzId, syspipe)
 * (§nvml-A.7), which is why a CI destroyed and re-created
 * with another profile keeps its UUID (§geometry-1.8b).
 *
 * The scheme, in plain words: the first 128 bits of SHA-1 (FIPS 180-4)
 * over an ASCII name - "migctl-gpu/<serial>" for a GPU,
 * "migctl-mig/<GPU UUID>/<GI>/<CI>" for a MIG device - printed as
 * 8-4-4-4-12 lower-case hex.  A MIG device UUID also gets RFC 4122's
 * version-5 and variant bits, so it looks like a version-5 UUID, but it
 * is not one: RFC 4122 section 4.3 hashes a namespace UUID followed by
 * the name, and there is no namespace here.  Nothing relies on it being
 * one; what matters is that it is stable, unique per name and of the
 * driver's shape.
 */
#include <stdio.h>
#include <string.h>

#include "sha1.h"
#include "state.h"

static void format_uuid(char out[48], const char *prefix, uint8_t d[20], int v5_bits)
{
	if (v5_bits) {
		/* RFC 4122's version-5 and variant-10xx bits: "5" opens the third group. */
		d[6] = (uint8_t)((d[6] & 0x0F) | 0x50);
		d[8] = (uint8_t)((d[8] & 0x3F) | 0x80);
	}
	snprintf(out, 48,
		 "%s%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 prefix, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
		 d[11], d[12], d[13], d[14], d[15]);
}

void mig__gpu_uuid(char out[48], const char *serial)
{
	char name[64];
	uint8_t d[20];
	int n = snprintf(name, sizeof(name), "migctl-gpu/%s", serial);

	mig__sha1(d, name, (size_t)n);
	/* Real GPU UUIDs carry no version nibble; keep all 128 bits. */
	format_uuid(out, "GPU-", d, 0);
}

void mig__mig_uuid(char out[48], const char *gpu_uuid, unsigned gi, unsigned ci)
{
	char name[96];
	uint8_t d[20];
	int n = snprintf(name, sizeof(name), "migctl-mig/%s/%u/%u", gpu_uuid, gi, ci);

	mig__sha1(d, name, (size_t)n);
	format_uuid(out, "MIG-", d, 1);
}

void mig__device_uuid(char out[48], const gpu_rec *g, unsigned gi, unsigned ci)
{
	for (unsigned i = 0; i < g->npin; i++) {
		if (g->pin[i].gi == gi && g->pin[i].ci == ci) {
			snprintf(out, 48, "%s", g->pin[i].uuid);
			return;
		}
	}
	mig__mig_uuid(out, g->uuid, gi, ci);
}

int mig__uuid_valid(const char *s, const char *prefix)
{
	static const int groups[5] = {8, 4, 4, 4, 12};
	size_t pl = strlen(prefix);

	if (strncmp(s, prefix, pl))
		return 0;
	s += pl;
	for (int g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, s++)
			if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
				return 0;
		if (g < 4 && *s++ != '-')
			return 0;
	}
	return *s == '\0';
}
