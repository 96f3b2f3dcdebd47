/*
 * errors.c - nvmlErrorString: static text for every return code.
 *
 * The strings must outlive nvmlShutdown and need no init (go-nvml keeps the
 * pointer without copying it): they are the string literals of libmig's
 * one table of code texts (src/core/errtext.c), NVML's column.  Texts are
 * those of NVIDIA's own tables and real tool output (§nvml-A.2); the codes
 * §nvml-A.2 leaves unverified (22, 24-30) carry our own wording.
 */
#include "mig_internal.h"
#include "nvml_internal.h"

const char *nvmlErrorString(nvmlReturn_t result)
{
	const mig_code_text *t = mig__code_text((int)result);

	return t && t->nvml ? t->nvml : "Unknown Error";
}
