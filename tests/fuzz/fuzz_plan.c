/*
 * fuzz_plan.c - the demand and fleet parsers (src/plan/parse.c) on
 * arbitrary bytes.
 *
 * Whatever the demand parser accepts must plan on a small fixed fleet
 * (or be refused with one message) and give a result that prints; what
 * the fleet parser accepts must print as fleet JSON that parses back to
 * the same text.  A refusal is one NUL-terminated message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "migplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fleet_text[] =
	"{\"nodes\": [{\"name\": \"a\", \"gpus\": ["
	"{\"model\": \"A30-24GB\", \"instances\": [{\"profile\": \"1g.6gb\", \"start\": 1, \"busy\": true}]},"
	"{\"model\": \"H100-SXM5-80GB\", \"instances\": [{\"profile\": \"3g.40gb\", \"start\": 4},"
	" {\"profile\": \"1g.10gb\", \"start\": 0, \"held_by\": \"job 1\"}]}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	migplan_demand *d = NULL;
	migplan_fleet *f = NULL, *again = NULL;
	migplan_result *r = NULL;
	migplan_opts o = {MIGPLAN_OPTS_VERSION, 1, 1};
	char *json = NULL, *json2 = NULL;

	mig_errclear();
	if (migplan_demand_parse(&d, (const char *)data, size, "fuzz.yaml") == 0) {
		if (migplan_fleet_parse(&f, fleet_text, sizeof(fleet_text) - 1, "fleet"))
			abort();
		/* huge counts are fine for the planner; keep the fuzzer fast */
		if (migplan_plan(&r, f, d, &o) == 0) {
			if (migplan_result_json(&json, r, 1))
				abort();
		} else if (!*mig_errmsg()) {
			abort(); /* a refusal always says why */
		}
		migplan_result_free(r);
		migplan_fleet_free(f);
		f = NULL;
	} else if (!*mig_errmsg()) {
		abort(); /* a refusal always says why */
	}
	free(json);
	json = NULL;
	mig_errclear();
	if (migplan_fleet_parse(&f, (const char *)data, size, "fuzz.yaml") == 0) {
		if (migplan_fleet_json(&json, f))
			abort();
		if (migplan_fleet_parse(&again, json, strlen(json), "again.json"))
			abort();
		if (migplan_fleet_json(&json2, again) || strcmp(json, json2))
			abort();
	} else if (!*mig_errmsg()) {
		abort(); /* a refusal always says why */
	}
	free(json);
	free(json2);
	migplan_fleet_free(again);
	migplan_fleet_free(f);
	migplan_demand_free(d);
	return 0;
}
