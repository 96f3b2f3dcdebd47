/*
 * fuzz_cli_args.c - the command-line parsers of migctl on arbitrary input:
 * the option tables (cli_parse), nvidia-smi's -cgi/-cci tuple list
 * (smig_tuples_parse), --query-gpu's field list and --format
 * (smi_query_parse), and driver versions (mig_driver_parse).
 *
 * The input is split at NUL bytes into an argv; each piece also goes
 * through the single-string parsers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "smig.h"
#include "smi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const cli_opt opts[] = {
	{1, 'i', "id", "GPUS", "GPUs"},
	{2, 0, "json", NULL, "JSON"},
	{3, 0, "create-gpu-instance", "LIST", "tuples"},
	{4, 'C', "default-compute-instance", NULL, "flag"},
	{0}};

static const cli_cmd cmd = {"fuzz", "", "fuzz target", opts, NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[65];
	int argc = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t i = 0; i <= size && argc < 64; i++) {
		const char *piece = buf + i;
		smig_tuples t;
		smi_query q;
		uint32_t drv;

		argv[argc++] = buf + i;
		if (smig_tuples_parse(&t, piece) == 0)
			smig_tuples_free(&t);
		if (smi_query_parse(&q, piece, "csv,noheader") == 0)
			smi_query_free(&q);
		if (smi_query_parse(&q, "index,name", piece) == 0)
			smi_query_free(&q);
		mig_driver_parse(&drv, piece);
		i += strlen(piece);
	}
	argv[argc] = NULL;
	{
		cli_args a;
		FILE *out = stdout, *err = stderr, *null = fopen("/dev/null", "w");

		/* --help and usage errors print: keep the fuzzer's output quiet. */
		if (null) {
			stdout = stderr = null;
			cli_parse(&a, &cmd, argc, argv);
			stdout = out;
			stderr = err;
			fclose(null);
		}
	}
	free(buf);
	return 0;
}
