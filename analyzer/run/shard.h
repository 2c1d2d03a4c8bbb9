/* SPDX-License-Identifier: Apache-2.0 */
/* --shard K/N: which inputs one of N machines takes. The unit is the build
 * file that compiles an input (a .vcxproj or `sources`), else the input's
 * directory: a DriverEntry and the helpers of its project stay together. The
 * units are sorted by path and dealt out in turn, so every shard computes the
 * same partition from the same file list whatever the machine. */
#ifndef ENTRYCHECK_SHARD_H
#define ENTRYCHECK_SHARD_H

#include <stdbool.h>

struct input_set;

/* Parses "K/N" (1 <= K <= N <= 10000). Returns 0, or -1 when `text` is not
 * such a pair. */
int shard_parse(const char *text, unsigned *k, unsigned *n);

/* Per input of `inputs`: whether shard `k` of `n` takes it. Returns an array
 * of inputs->len flags (all true when n is 0); the caller frees it. */
bool *shard_assign(const struct input_set *inputs, unsigned k, unsigned n);

#endif
