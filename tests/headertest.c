/* The public header must compile on its own, pedantically. */
#include "mig.h"

int mig_headertest_dummy(void);
int mig_headertest_dummy(void) { return MIG_SUCCESS; }
