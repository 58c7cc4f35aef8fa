/*
 * The harness the core's test programs share: CHECK counts a passed or a
 * failed condition (printing where and why it failed), and rng() is a
 * deterministic xorshift64* generator, so that a failing property case
 * reproduces.  Each program seeds rng_state and prints its counts.
 */
#ifndef ZM_CORE_CHECK_H
#define ZM_CORE_CHECK_H

#include <stdint.h>
#include <stdio.h>

static int	passed;
static int	failed;

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			passed++; \
		else \
		{ \
			failed++; \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

#endif							/* ZM_CORE_CHECK_H */
