/* SPDX-License-Identifier: Apache-2.0 */
/* Checked allocation, strings and paths shared by the whole analyzer. */
#include "base/util.h"
#include "base/cleanup.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "entrycheck: fatal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void grow_array(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*items = xrealloc(*items, n * size);
	*cap = n;
}

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	GROW(sb->buf, sb->cap, sb->len + len + 1);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(sb, s);
	free(s);
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strvec_push(struct strvec *v, const char *s)
{
	GROW(v->items, v->cap, v->len + 2);
	v->items[v->len++] = xstrdup(s);
	v->items[v->len] = NULL;
}

void strvec_pushf(struct strvec *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strvec_push(v, s);
	free(s);
}

void strvec_push_all(struct strvec *v, const struct strvec *from)
{
	for (size_t i = 0; i < from->len; i++)
		strvec_push(v, from->items[i]);
}

bool strvec_contains(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], s))
			return true;
	return false;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort(struct strvec *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(*v->items), compare_strings);
}

void strvec_clear(struct strvec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

bool path_is_absolute(const char *path)
{
	return path[0] == '/';
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

char *path_absolute(const char *path, const char *base)
{
	char *cwd = NULL;
	char *joined;
	if (path_is_absolute(path)) {
		joined = xstrdup(path);
	} else {
		if (!base)
			base = cwd = current_directory();
		joined = path_join(base, path);
	}
	free(cwd);

	/* Normalize lexically: split on '/', drop "." and pop on "..". */
	size_t n = strlen(joined);
	char *out = xmalloc(n + 2);
	size_t len = 0;
	const char *p = joined;
	while (*p) {
		while (*p == '/')
			p++;
		const char *start = p;
		while (*p && *p != '/')
			p++;
		size_t seg = (size_t)(p - start);
		if (seg == 0 || (seg == 1 && start[0] == '.'))
			continue;
		if (seg == 2 && start[0] == '.' && start[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		out[len++] = '/';
		memcpy(out + len, start, seg);
		len += seg;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	free(joined);
	return out;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *path_relative_to(const char *path, const char *base)
{
	size_t n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		n--;
	if (!strncmp(path, base, n) && path[n] == '/' && path[n + 1])
		return xstrdup(path + n + 1);
	return xstrdup(path);
}

char *current_directory(void)
{
	size_t size = 256;
	for (;;) {
		char *buf = xmalloc(size);
		if (getcwd(buf, size))
			return buf;
		free(buf);
		if (errno != ERANGE)
			return xstrdup(".");
		size *= 2;
	}
}

bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *file_identity(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	return xasprintf("%llx:%llx", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
}

int make_directories(const char *path)
{
	if (cleanup_interrupted()) {
		errno = EINTR;
		return -1;
	}
	char *copy = xstrdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	int rc = (mkdir(copy, 0777) != 0 && errno != EEXIST) ? -1 : 0;
	free(copy);
	return rc;
}

void remove_tree(const char *path)
{
	DIR *dir = opendir(path);
	if (dir) {
		struct dirent *de;
		while ((de = readdir(dir))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *child = path_join(path, de->d_name);
			struct stat st;
			if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(child);
			else
				unlink(child);
			free(child);
		}
		closedir(dir);
		rmdir(path);
	}
}

bool str_ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (m > n)
		return false;
	for (size_t i = 0; i < m; i++)
		if (tolower((unsigned char)s[n - m + i]) != tolower((unsigned char)suffix[i]))
			return false;
	return true;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool str_listed(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

char *str_lower(const char *s)
{
	char *p = xstrdup(s);
	for (char *q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

static size_t strindex_slot(const struct strindex *x, const char *s)
{
	size_t mask = x->nslots - 1, i = hash_bytes(s, strlen(s), 0) & mask;
	while (x->slots[i] && strcmp(x->names[x->slots[i] - 1], s))
		i = (i + 1) & mask;
	return i;
}

int strindex_find(const struct strindex *x, const char *s)
{
	if (!x->nslots || !s)
		return -1;
	return x->slots[strindex_slot(x, s)] - 1;
}

int strindex_add(struct strindex *x, const char *s)
{
	if ((x->len + 1) * 2 > x->nslots) {
		/* Rehash at half full: probes stay short. */
		size_t n = x->nslots ? x->nslots * 2 : 16;
		free(x->slots);
		x->slots = xcalloc(n, sizeof(*x->slots));
		x->nslots = n;
		for (size_t k = 0; k < x->len; k++)
			x->slots[strindex_slot(x, x->names[k])] = (int)k + 1;
	}
	size_t i = strindex_slot(x, s);
	if (!x->slots[i]) {
		GROW(x->names, x->cap, x->len + 1);
		x->names[x->len] = xstrdup(s);
		x->slots[i] = (int)++x->len;
	}
	return x->slots[i] - 1;
}

void strindex_clear(struct strindex *x)
{
	for (size_t k = 0; k < x->len; k++)
		free(x->names[k]);
	free(x->names);
	free(x->slots);
	*x = (struct strindex)STRINDEX_INIT;
}

static size_t ptrmap_index(const struct ptrmap *m, const void *key)
{
	size_t mask = m->cap - 1, i = (size_t)(((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ULL) & mask;
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

void **ptrmap_slot(struct ptrmap *m, const void *key)
{
	if ((m->len + 1) * 2 > m->cap) {
		struct ptrmap bigger = { NULL, NULL, m->len, m->cap ? m->cap * 2 : 64 };
		bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
		bigger.values = xcalloc(bigger.cap, sizeof(*bigger.values));
		for (size_t k = 0; k < m->cap; k++) {
			if (m->keys[k]) {
				size_t i = ptrmap_index(&bigger, m->keys[k]);
				bigger.keys[i] = m->keys[k];
				bigger.values[i] = m->values[k];
			}
		}
		free(m->keys);
		free(m->values);
		*m = bigger;
	}
	size_t i = ptrmap_index(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	return &m->values[i];
}

void ptrmap_clear(struct ptrmap *m)
{
	for (size_t k = 0; k < m->cap; k++)
		free(m->values[k]);
	free(m->keys);
	free(m->values);
	*m = (struct ptrmap)PTRMAP_INIT;
}

unsigned long long hash_bytes(const void *data, size_t len, unsigned long long seed)
{
	const unsigned char *p = data;
	unsigned long long h = seed ? seed : 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static unsigned long long mix64(unsigned long long h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

unsigned long long hash_content(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long long h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		unsigned long long w;
		memcpy(&w, p + i, 8);
		h = (h ^ mix64(w)) * 0x100000001b3ULL + 0x632be59bd9b4e019ULL;
	}
	unsigned long long tail = 0;
	memcpy(&tail, p + i, len - i);
	return mix64(h ^ mix64(tail ^ (unsigned long long)(len - i)));
}

unsigned long long hash_string(const char *s, unsigned long long h)
{
	return s ? hash_bytes(s, strlen(s) + 1, h) : hash_bytes("", 0, h ^ 0x9e3779b97f4a7c15ULL);
}

bool u64set_add(struct u64set *s, unsigned long long h)
{
	if (s->len * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		unsigned long long *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i])
				continue;
			size_t j = s->slots[i] & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = s->slots[i];
		}
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t j = h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	s->slots[j] = h;
	s->len++;
	return true;
}

bool u64set_contains(const struct u64set *s, unsigned long long h)
{
	if (!s->cap)
		return false;
	size_t j = h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return true;
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

void u64set_clear(struct u64set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		     : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong three- and four-byte forms, surrogates, beyond U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

char *utf8_repaired(char *text)
{
	if (!text)
		return NULL;
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	while (i < n && utf8_sequence_length(p + i, n - i))
		i += utf8_sequence_length(p + i, n - i);
	if (i == n)
		return text;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, text, i);
	while (i < n) {
		size_t len = utf8_sequence_length(p + i, n - i);
		if (len) {
			strbuf_add(&sb, text + i, len);
			i += len;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	free(text);
	return strbuf_detach(&sb);
}

char *utf8_valid_copy(const char *s)
{
	return utf8_repaired(xstrdup(s ? s : ""));
}

char *dir_entry_nocase(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *de;
	while (!found && (de = readdir(d)))
		if (!strcasecmp(de->d_name, name))
			found = xstrdup(de->d_name);
	closedir(d);
	return found;
}
