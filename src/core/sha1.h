/*
 * sha1.h - SHA-1 (FIPS 180-4), for name-based UUIDs only (internal).
 */
#ifndef MIG_SHA1_H
#define MIG_SHA1_H

#include <stddef.h>
#include <stdint.h>

void mig__sha1(uint8_t digest[20], const void *data, size_t len);

#endif
