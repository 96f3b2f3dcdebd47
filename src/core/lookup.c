/*
 * lookup.c - naming a GPU (by index, UUID or PCI bus id) and a profile (with
 * or without NVML's "MIG " prefix): the one parser and matcher libmig, the
 * CLI and the NVML library share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "state.h"
#include "util.h"

/* One hex field of 1..max digits ending at `stop`; advances *s past it. */
static int hex_field(unsigned *out, const char **s, unsigned max, char stop)
{
	unsigned v = 0, n = 0;

	while (util_hexval(**s) >= 0 && n < max) {
		v = v << 4 | (unsigned)util_hexval(**s);
		(*s)++;
		n++;
	}
	if (n == 0 || **s != stop)
		return 0;
	if (stop)
		(*s)++;
	*out = v;
	return 1;
}

int mig_pci_parse(mig_pci_addr *out, const char *text)
{
	const char *s = text, *colon, *second;
	mig_pci_addr a = {0, 0, 0, 0};

	if (!out || !text)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "PCI bus id: none given");
	colon = strchr(s, ':');
	second = colon ? strchr(colon + 1, ':') : NULL;
	if ((second && !hex_field(&a.domain, &s, 8, ':')) || !hex_field(&a.bus, &s, 2, ':') ||
	    !hex_field(&a.device, &s, 2, '.') || !hex_field(&a.function, &s, 1, '\0'))
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT,
				 "PCI bus id '%.64s': expected [domain:]bus:device.function in hex, like 00000000:18:00.0",
				 text);
	*out = a;
	return MIG_SUCCESS;
}

static int same_pci(const mig_pci_addr *a, const char *bus_id)
{
	mig_pci_addr b;
	char keep[512];
	int same;

	/* A GPU's own bus id that does not parse matches nothing; keep the caller's message. */
	snprintf(keep, sizeof(keep), "%s", mig_errmsg());
	same = mig_pci_parse(&b, bus_id) == MIG_SUCCESS && a->domain == b.domain &&
	       a->bus == b.bus && a->device == b.device && a->function == b.function;
	mig__fail(0, "%s", keep);
	return same;
}

int mig_gpu_find(unsigned *out, const mig_state *st, const char *what)
{
	mig_pci_addr want;
	int is_pci;

	if (!what || !*what)
		return mig__fail(MIG_ERROR_INVALID_ARGUMENT, "naming a GPU: empty");
	if (strspn(what, "0123456789") == strlen(what)) {
		char *end;
		unsigned long v = strtoul(what, &end, 10);

		if (v >= st->ngpu)
			return mig__fail(MIG_ERROR_NOT_FOUND, "GPU %.32s: no such GPU (the node has %u)",
					 what, st->ngpu);
		*out = (unsigned)v;
		return MIG_SUCCESS;
	}
	is_pci = mig_pci_parse(&want, what) == MIG_SUCCESS;
	for (unsigned i = 0; i < st->ngpu; i++) {
		if (!strcmp(what, st->gpu[i].uuid) || (is_pci && same_pci(&want, st->gpu[i].bus_id))) {
			*out = i;
			return MIG_SUCCESS;
		}
	}
	return mig__fail(MIG_ERROR_NOT_FOUND,
			 "GPU '%.96s': no GPU has that index, UUID or PCI bus id", what);
}

const char *mig_profile_name_bare(const char *what)
{
	return what && !strncmp(what, "MIG ", 4) ? what + 4 : what;
}

int mig_profile_name_matches(const char *what, const char *name)
{
	return what && name && !strcmp(mig_profile_name_bare(what), name);
}
