/*
 * fuzz_layout.c - the layout parsers on arbitrary bytes: the mig-parted
 * config parser (layout_parse), the hooks file parser and the checkpoint
 * parser.
 *
 * Whatever layout_parse accepts must print (YAML and JSON) and the printed
 * YAML must parse back to a config with the same content (its JSON):
 * export and presets rely on that round trip.  A refusal must be one NUL-terminated
 * message.  Crashes and sanitizer reports are the rest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	layout_config *cfg = NULL, *again = NULL;
	layout_hooks *hooks = NULL;
	layout_snapshot *snap = NULL;
	char *yaml = NULL, *yaml2 = NULL, *json = NULL, *json2 = NULL;

	mig_errclear();
	if (layout_parse(&cfg, (const char *)data, size, "fuzz.yaml") == 0) {
		if (layout_config_yaml(&yaml, cfg) || layout_config_json(&json, cfg))
			abort();
		/* an empty document has no version to print back */
		if (!cfg->has_version)
			goto done;
		if (layout_parse(&again, yaml, strlen(yaml), "again.yaml"))
			abort();
		/*
		 * Same content, compared in JSON (names in byte order).  The YAML's
		 * order of config names is yaml.v2's keyList order, which is not a
		 * strict weak order for some sets of names (corpus file
		 * yaml-v2-order-not-transitive.yaml, found by fuzzing): the sorted
		 * order then depends on the input order, in Go as here, so the
		 * printed YAML need not be a fixed point.
		 */
		if (layout_config_yaml(&yaml2, again) || layout_config_json(&json2, again) ||
		    strcmp(json, json2))
			abort();
		if (cfg->nconfigs) {
			const layout_named *nm = layout_select(cfg, cfg->configs[0].name);

			if (!nm)
				abort();
		}
	} else if (!*mig_errmsg()) {
		abort(); /* a refusal always says why */
	}
done:
	if (layout_hooks_parse(&hooks, (const char *)data, size, "hooks.yaml") == 0)
		layout_hooks_free(hooks);
	if (layout_snapshot_parse(&snap, (const char *)data, size) == 0) {
		char *text = NULL;

		if (layout_snapshot_json(&text, snap))
			abort();
		free(text);
		layout_snapshot_free(snap);
	}
	free(yaml);
	free(yaml2);
	free(json);
	free(json2);
	layout_config_free(again);
	layout_config_free(cfg);
	return 0;
}
