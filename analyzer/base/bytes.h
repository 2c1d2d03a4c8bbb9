/* SPDX-License-Identifier: Apache-2.0 */
/* A compact byte encoding for what the result cache keeps between runs:
 * unsigned numbers as LEB128, strings with their length (NULL kept apart from
 * ""). Reading never trusts the bytes: a read past the end or a length that
 * cannot be marks the reader failed, and every later read returns zero. */
#ifndef ENTRYCHECK_BYTES_H
#define ENTRYCHECK_BYTES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "base/strvec.h"

void bytes_put_num(struct strbuf *out, unsigned long long n);
void bytes_put_signed(struct strbuf *out, long long n);
/* A string or NULL. */
void bytes_put_str(struct strbuf *out, const char *s);
void bytes_put_strvec(struct strbuf *out, const struct strvec *v);

struct bytes_in {
	const unsigned char *p, *end;
	bool failed;
};

unsigned long long bytes_num(struct bytes_in *in);
long long bytes_signed(struct bytes_in *in);
/* A number that counts things that follow, each of at least one byte: more
 * than the bytes left fails the reader (a hostile count cannot allocate). */
size_t bytes_count(struct bytes_in *in);
bool bytes_bool(struct bytes_in *in);
/* A copy of the string, or NULL (also on failure). Caller frees. */
char *bytes_str(struct bytes_in *in);
void bytes_strvec(struct bytes_in *in, struct strvec *v);

#endif
