/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers every part of entrycheck uses: checked allocation, growable
 * strings and string vectors, and path handling. Allocation failure aborts
 * with a message; nothing else here exits or prints. */
#ifndef ENTRYCHECK_UTIL_H
#define ENTRYCHECK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grows `*items` (of `*cap` elements of `size` bytes) to hold at least `need`. */
void grow_array(void **items, size_t *cap, size_t need, size_t size);
#define GROW(items, cap, need) grow_array((void **)&(items), &(cap), (need), sizeof(*(items)))

/* A growable NUL-terminated byte string. STRBUF_INIT is an empty buffer. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The buffer's string; never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the string to the caller (who frees it) and empties the buffer. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* An owned vector of owned strings. */
struct strvec {
	char **items;
	size_t len, cap;
};
#define STRVEC_INIT { NULL, 0, 0 }
void strvec_push(struct strvec *v, const char *s);
void strvec_pushf(struct strvec *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_push_all(struct strvec *v, const struct strvec *from);
bool strvec_contains(const struct strvec *v, const char *s);
void strvec_sort(struct strvec *v);
void strvec_clear(struct strvec *v);

/* An index of distinct strings: each string added gets the next number, and
 * looking one up is a hash probe, not a scan (sets of thousands of names are
 * tested at every block of an exploration). Owns copies of its strings. */
struct strindex {
	char **names;               /* by number */
	size_t len, cap;
	int *slots;                 /* open addressing: number + 1, 0 when empty */
	size_t nslots;
};
#define STRINDEX_INIT { NULL, 0, 0, NULL, 0 }
/* The number of `s`, adding it when new. */
int strindex_add(struct strindex *x, const char *s);
/* The number of `s`, or -1. */
int strindex_find(const struct strindex *x, const char *s);
void strindex_clear(struct strindex *x);

/* A map from pointers to owned values (malloc'd), for memos. */
struct ptrmap {
	const void **keys;
	void **values;
	size_t len, cap;            /* cap: a power of two, or 0 */
};
#define PTRMAP_INIT { NULL, NULL, 0, 0 }
/* The value slot of `key`, NULL in a new one; store a malloc'd value there. */
void **ptrmap_slot(struct ptrmap *m, const void *key);
/* Frees every value and the map. */
void ptrmap_clear(struct ptrmap *m);

/* Paths. All returned strings are allocated; the caller frees them. */
bool path_is_absolute(const char *path);
char *path_join(const char *dir, const char *name);
/* Makes `path` absolute against `base` (the cwd when NULL) and removes "."
 * and ".." components lexically, without touching the file system. */
char *path_absolute(const char *path, const char *base);
char *path_dirname(const char *path);
const char *path_basename(const char *path);
/* `path` relative to `base` when it lies under it, else a copy of `path`. */
char *path_relative_to(const char *path, const char *base);
char *current_directory(void);
bool is_directory(const char *path);
/* The entry `name` of directory `dir` as it is spelled on disk, matched
 * without regard to case (Windows trees include "Driver.h" for driver.h),
 * or NULL. */
char *dir_entry_nocase(const char *dir, const char *name);
bool is_regular_file(const char *path);
/* The file `path` names, as "device:inode" after following links, or NULL when
 * it cannot be read: "a/../b/h.h", "link/h.h" and "b/h.h" are the same file. */
char *file_identity(const char *path);
/* Creates `path` and any missing parents; returns 0 or -1 with errno set. */
int make_directories(const char *path);
/* Removes a directory tree we created (temporary files). */
void remove_tree(const char *path);

bool str_ends_with_nocase(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);
/* Whether `s` is one of `list`, a NULL-terminated array. */
bool str_listed(const char *s, const char *const *list);
char *str_lower(const char *s);
/* 64-bit FNV-1a, for cache keys. */
unsigned long long hash_bytes(const void *data, size_t len, unsigned long long seed);
/* A hash of a whole content (a file, a cache entry), eight bytes a step:
 * the caches hash megabytes on every run. Not hash_bytes's values. */
unsigned long long hash_content(const void *data, size_t len);
/* hash_bytes of a string with its terminator, or of NULL (kept apart from ""). */
unsigned long long hash_string(const char *s, unsigned long long h);

/* A set of nonzero 64-bit hashes (open addressing). */
struct u64set {
	unsigned long long *slots;
	size_t cap, len;
};
#define U64SET_INIT { NULL, 0, 0 }
/* Adds `h` (not 0); returns false when it was already there. */
bool u64set_add(struct u64set *s, unsigned long long h);
bool u64set_contains(const struct u64set *s, unsigned long long h);
void u64set_clear(struct u64set *s);
/* Length of the well-formed UTF-8 sequence at `s` (at most `n` bytes), or 0
 * when the bytes there are not one (overlong, surrogate, truncated, stray). */
size_t utf8_sequence_length(const unsigned char *s, size_t n);
/* Takes `text` (malloc'd, may be NULL) and returns it as well-formed UTF-8:
 * each byte that is not part of a valid sequence becomes U+FFFD. Reports
 * must be valid UTF-8 even for file names that are not. */
char *utf8_repaired(char *text);
/* A repaired copy of `s` (NULL: ""); the caller frees it. */
char *utf8_valid_copy(const char *s);

#endif
