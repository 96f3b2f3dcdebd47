/*
 * error.h - recording why a call failed (internal).  The failure helper
 * lives in src/internal/mig_internal.h, which the upper layers share.
 */
#ifndef MIG_ERROR_H
#define MIG_ERROR_H

#include "mig_internal.h"

#endif
