/*
 * format.c - which parser reads a log: by name (--format) or from its
 * first line.
 */
#include <string.h>

#include "advise.h"

static const struct {
	const char *name;
	adv_format format;
} names[] = {
	{"csv", ADV_FORMAT_SMI_CSV}, {"dmon", ADV_FORMAT_DMON}, {"dcgm", ADV_FORMAT_DCGM},
	{"sacct", ADV_FORMAT_SACCT}, {"prometheus", ADV_FORMAT_PROMETHEUS}};

adv_format adv_format_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, name))
			return names[i].format;
	return ADV_FORMAT_AUTO;
}

const char *adv_format_name(adv_format f)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].format == f)
			return names[i].name;
	return "auto";
}

/* Does the first line (up to len) contain `what`? */
static int first_line_has(const char *buf, size_t len, const char *what)
{
	size_t n = 0, w = strlen(what);

	while (n < len && buf[n] != '\n')
		n++;
	for (size_t i = 0; i + w <= n; i++)
		if (!memcmp(buf + i, what, w))
			return 1;
	return 0;
}

adv_format adv_format_detect(const char *buf, size_t len)
{
	while (len && (*buf == ' ' || *buf == '\n' || *buf == '\r' || *buf == '\t')) {
		buf++;
		len--;
	}
	if (len && *buf == '{')
		return ADV_FORMAT_PROMETHEUS;
	if (first_line_has(buf, len, "JobID") && first_line_has(buf, len, "|"))
		return ADV_FORMAT_SACCT;
	if (len && *buf == '#' && (first_line_has(buf, len, "HELP") || first_line_has(buf, len, "TYPE")))
		return ADV_FORMAT_DCGM;
	if (len && *buf == '#' && first_line_has(buf, len, "gpu"))
		return ADV_FORMAT_DMON;
	if (first_line_has(buf, len, "DCGM_FI_"))
		return ADV_FORMAT_DCGM;
	if (first_line_has(buf, len, "memory.used") || first_line_has(buf, len, "timestamp"))
		return ADV_FORMAT_SMI_CSV;
	return ADV_FORMAT_AUTO;
}

int adv_parse(adv_log *log, adv_format format, const char *buf, size_t len)
{
	if (format == ADV_FORMAT_AUTO)
		format = adv_format_detect(buf, len);
	switch (format) {
	case ADV_FORMAT_SMI_CSV:
		return adv_parse_smi_csv(log, NULL, buf, len);
	case ADV_FORMAT_DMON:
		return adv_parse_dmon(log, buf, len);
	case ADV_FORMAT_DCGM:
		return adv_parse_dcgm(log, buf, len);
	case ADV_FORMAT_SACCT:
		return adv_parse_sacct(log, buf, len);
	case ADV_FORMAT_PROMETHEUS:
		return adv_parse_prometheus(log, "DCGM_FI_DEV_FB_USED", NULL, buf, len);
	default:
		return adv_fail("line 1: not a log format migctl advise knows (nvidia-smi "
				"--query-gpu csv with its header, nvidia-smi dmon, dcgm-exporter "
				"metrics, sacct -P); name it with --format");
	}
}
