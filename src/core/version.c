/*
 * version.c - the version of the loaded library (mig.h: mig_version).
 */
#include "mig.h"
#include "mig_git_version.h" /* generated at build time: cmake/git-version.cmake */

const char *mig_version(void)
{
	return MIG__GIT_DESCRIBE[0] ? MIG_VERSION " (git " MIG__GIT_DESCRIBE ")" : MIG_VERSION;
}
