/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the source path: decoding (UTF-8, BOMs, UTF-16 with and without a
 * mark, binary detection), the text-level DriverEntry finder and the UTF-8
 * repair reports use. */
#include "fuzz.h"

#include "base/source.h"
#include "base/alloc.h"
#include "base/utf8.h"
#include "facts/textscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct source src;
	if (source_decode(data, len, &src) == SOURCE_OK) {
		unsigned line, column;
		textscan_has_definition(src.text, "DriverEntry", &line, &column);
		free(utf8_repaired(alloc_strdup(src.text)));
		source_release(&src);
	}
	return 0;
}
