/* SPDX-License-Identifier: Apache-2.0 */
/* An owned vector of owned strings (argument lists, flags, file lists):
 * pushing copies the string, clearing frees them all. The items are
 * followed by a NULL, so a non-empty vector is also an argv. */
#ifndef ENTRYCHECK_STRVEC_H
#define ENTRYCHECK_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

struct strvec {
	char **items;
	size_t len, cap;
};
#define STRVEC_INIT { NULL, 0, 0 }
void strvec_push(struct strvec *v, const char *s);
void strvec_pushf(struct strvec *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_push_all(struct strvec *v, const struct strvec *from);
/* A linear scan: for short lists; a strindex answers for long ones. */
bool strvec_contains(const struct strvec *v, const char *s);
/* Sorts by strcmp, so the order is the same on every machine. */
void strvec_sort(struct strvec *v);
void strvec_clear(struct strvec *v);

#endif
