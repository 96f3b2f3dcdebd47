/*
 * grow.c - one way to grow an array: doubling, overflow-checked, leaving
 * the array as it was when memory runs out.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define GROW_MIN 8

int util_grow(void *arrp, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap < GROW_MIN ? GROW_MIN : *cap;
	void *old, *grown;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem) {
		errno = ENOMEM;
		return -1;
	}
	/* `arrp` points at a T *; copy it as bytes rather than alias it as a void *. */
	memcpy(&old, arrp, sizeof(old));
	if (!(grown = realloc(old, ncap * elem))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(arrp, &grown, sizeof(grown));
	*cap = ncap;
	return 0;
}
