/* SPDX-License-Identifier: Apache-2.0 */
/* Where a header that the search path does not find may still be: every file
 * of the analyzed trees, indexed by lower-case base name, so that an include
 * naming a header elsewhere in the tree (the build's own -I paths, which we do
 * not know) or in another letter case is found. Lookups prefer the candidate
 * nearest the including file and give up on a tie: a guess is never made
 * between equals. */
#ifndef ENTRYCHECK_HEADERS_H
#define ENTRYCHECK_HEADERS_H

struct header_index;
struct strvec;

/* Indexes every regular file under each of `roots` (directories; hidden
 * directories are skipped). Cheap: names only, nothing is read. */
struct header_index *header_index_new(const struct strvec *roots);
void header_index_free(struct header_index *ix);
/* A hash of the paths of every file under `within` (NULL: anywhere) that
 * has the base name of `name`, which a lookup of `name` chooses from: it
 * changes when such a file is added to the trees, removed or renamed (not
 * when one is edited). */
unsigned long long header_index_signature(const struct header_index *ix, const char *name,
					  const char *within);

enum header_match {
	HEADER_NONE,       /* no file of that name in the trees */
	HEADER_FOUND,      /* *found is the nearest file */
	HEADER_AMBIGUOUS,  /* several files at the same distance; *found is one of them */
};

/* Looks up `name` ("x.h" or "sub/x.h", '/' separated) as included from
 * `includer` (absolute path, or NULL): files whose path ends with the name,
 * compared without regard to case, nearest first (sharing the longest
 * leading directories with the includer). Only files under `within` count
 * (an absolute directory, the including driver's folder; NULL: all), so that
 * what stands in for a header does not depend on what else the run holds.
 * *found is allocated (caller frees) unless HEADER_NONE. */
enum header_match header_index_find(const struct header_index *ix, const char *name,
				    const char *includer, const char *within, char **found);

#endif
