/*
 * fuzz_advise.c - one of the advice's log parsers (chosen at build time by
 * FUZZ_FORMAT, an adv_format, and FUZZ_<FORMAT> for the preprocessor) on
 * arbitrary bytes, then the method and the JSON renderer on whatever it
 * accepted.
 *
 * A refusal must be a bad input or out of memory, with a message in
 * mig_errmsg(); an accepted log's series must be in time
 * order; the advice on any series with memory must give one choice per
 * model with a known verdict and a confidence.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse(adv_log *log, const char *buf, size_t size)
{
#if defined(FUZZ_PROMETHEUS)
	return adv_parse_prometheus(log, "DCGM_FI_DEV_FB_USED", NULL, buf, size);
#elif defined(FUZZ_SMI_CSV)
	/* The first byte picks: a header to read, or a noheader log with these fields. */
	if (size && buf[0] == '!')
		return adv_parse_smi_csv(log, "timestamp,index,power.draw,utilization.gpu,memory.used",
					 buf + 1, size - 1);
	return adv_parse_smi_csv(log, NULL, buf, size);
#else
	return adv_parse(log, FUZZ_FORMAT, buf, size);
#endif
}

static void check_series(const adv_log *log, const adv_series *s)
{
	const mig_model *m = mig_catalog_find("A100-SXM4-40GB");
	adv_options opt;
	adv_advice a;

	for (size_t i = 1; i < s->n; i++)
		if (s->s[i].t < s->s[i - 1].t)
			abort();
	adv_options_init(&opt);
	opt.models = &m;
	opt.nmodels = 1;
	opt.cpus_per_gpu = 16;
	if (adv_advise(&a, s, &opt, log))
		return;
	if (a.nchoices != 1 || !a.confidence || a.choices[0].verdict < ADV_MIG ||
	    a.choices[0].verdict > ADV_WHOLE_GPU_MPS)
		abort();
	json_decref(adv_advice_json(&a, NULL));
	for (size_t i = 0; i < s->n; i++)
		(void)adv_compute_at(&a, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adv_log log;
	int rc;

	memset(&log, 0, sizeof(log));
	mig_errclear();
	rc = parse(&log, (const char *)data, size);
	if (rc) {
		if ((rc != MIG_ERROR_INVALID_ARGUMENT && rc != MIG_ERROR_MEMORY) || !*mig_errmsg())
			abort();
	} else {
		for (size_t i = 0; i < log.n; i++)
			check_series(&log, &log.series[i]);
		json_decref(adv_log_json(&log));
	}
	adv_log_free(&log);
	return 0;
}
