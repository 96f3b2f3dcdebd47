/*
 * smig_report.c - what the mutating verbs did, and nvidia-smi's lines for it
 * (§smi-8.1, §smi-9.4; exit statuses §smi-2 and §smi-A).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "smig.h"
#include "util.h"

int smig_result_add(smig_result *r, const smig_change *c)
{
	if (UTIL_GROW(r->changes, r->cap, r->n + 1))
		return MIG_ERROR_MEMORY;
	r->changes[r->n++] = *c;
	return MIG_SUCCESS;
}

void smig_result_fail(smig_result *r, smig_outcome outcome, int code, const char *failed,
		     const char *unable_fmt, ...)
{
	va_list ap;

	r->outcome = outcome;
	r->code = code;
	r->failed = failed;
	r->unable[0] = '\0';
	if (unable_fmt) {
		va_start(ap, unable_fmt);
		vsnprintf(r->unable, sizeof(r->unable), unable_fmt, ap);
		va_end(ap);
	}
}

void smig_result_free(smig_result *r)
{
	free(r->changes);
	memset(r, 0, sizeof(*r));
}

int smig_result_exit(const smig_ctx *ctx, const smig_result *r)
{
	switch (r->outcome) {
	case SMIG_OK:
		return 0;
	case SMIG_NO_MIG:
		/* §smi-9.4: exit 6 up to R545, 0 from R550. */
		return ctx->gen.disabled_exit0 ? 0 : smi_exit_status(MIG_ERROR_NOT_FOUND, ctx->driver);
	case SMIG_SYNTAX:
		return smi_exit_status(MIG_ERROR_INVALID_ARGUMENT, ctx->driver);
	default:
		return smi_exit_status(r->code, ctx->driver);
	}
}

void smig_print_outcome(FILE *f, const smig_ctx *ctx, smig_outcome o, int code)
{
	const char *text = smi_error_text(code, ctx->driver);

	switch (o) {
	case SMIG_NO_GIS:
		fprintf(f, "No GPU instances found: %s\n", text);
		break;
	case SMIG_NO_CIS:
		fprintf(f, "No compute instances found: %s\n", text);
		break;
	case SMIG_NO_MIG:
		fprintf(f, "No MIG-enabled devices found.\n");
		break;
	default:
		break;
	}
}

static void print_change(FILE *f, const smig_ctx *ctx, const smig_change *c)
{
	switch (c->kind) {
	case SMIG_CREATED_GI:
		fprintf(f, "Successfully created GPU instance ID %2u on GPU %2u using profile %s (ID %2u)\n",
			c->gi, c->gpu, c->profile_name, c->profile_id);
		break;
	case SMIG_CREATED_CI:
		/* §smi-1, §smi-8.1: R450 did not name the new CI. */
		if (ctx->gen.cci_id)
			fprintf(f, "Successfully created compute instance ID %2u on GPU %2u GPU instance ID %2u using profile %s (ID %2u)\n",
				c->ci, c->gpu, c->gi, c->profile_name, c->profile_id);
		else
			fprintf(f, "Successfully created compute instance on GPU %2u GPU instance ID %2u using profile %s (ID %2u)\n",
				c->gpu, c->gi, c->profile_name, c->profile_id);
		break;
	case SMIG_DESTROYED_CI:
		fprintf(f, "Successfully destroyed compute instance ID %2u from GPU %2u GPU instance ID %2u\n",
			c->ci, c->gpu, c->gi);
		break;
	case SMIG_DESTROYED_GI:
		fprintf(f, "Successfully destroyed GPU instance ID %2u from GPU %2u\n", c->gi,
			c->gpu);
		break;
	}
}

void smig_print_result(FILE *f, const smig_ctx *ctx, const smig_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		print_change(f, ctx, &r->changes[i]);
	smig_print_failure(f, ctx, r);
}

void smig_print_failure(FILE *f, const smig_ctx *ctx, const smig_result *r)
{
	const char *text = smi_error_text(r->code, ctx->driver);

	switch (r->outcome) {
	case SMIG_FAILED:
		/* §smi-8.1: the "Unable to ..." line, then "Failed to ... instances: <same text>". */
		fprintf(f, "%s: %s\nFailed to %s: %s\n", r->unable, text, r->failed, text);
		break;
	case SMIG_SYNTAX:
		/* §smi-8.1: the "instace" typo, then Invalid Argument. */
		fprintf(f, "%s: invalid placement syntax\nFailed to %s: %s\n", r->unable, r->failed,
			smi_error_text(MIG_ERROR_INVALID_ARGUMENT, ctx->driver));
		break;
	default:
		smig_print_outcome(f, ctx, r->outcome, r->code);
		break;
	}
}
