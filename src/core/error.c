/*
 * error.c - error codes, their NVML texts, and the per-thread detail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/*
 * Per thread, so the NVML library can serve concurrent callers.  Room for
 * the longest sentence the upper layers build (a mig-parted config error
 * with its file:line:column and Go's prefixes).
 */
static _Thread_local char last_error[1024];

const char *mig_strerror(int code)
{
	const mig_code_text *t = mig__code_text(code);

	return t && t->lib ? t->lib : "Unknown Error";
}

const char *mig_errmsg(void)
{
	return last_error;
}

void mig_errclear(void)
{
	last_error[0] = '\0';
}

void mig_free(void *p)
{
	free(p);
}

int mig__fail(int code, const char *fmt, ...)
{
	va_list ap;
	char text[sizeof(last_error)];

	/* Through a copy: the arguments may include mig_errmsg() itself. */
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memcpy(last_error, text, sizeof(last_error));
	return code;
}
