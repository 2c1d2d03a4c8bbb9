/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <scsi.h>: mingw-w64's scsi.h is used as is; this
 * wrapper only makes sure entrycheck's <srb.h> overlay is read first (mingw's
 * scsi.h includes "srb.h" by quoted name, which would bypass the overlay). */
#ifndef ENTRYCHECK_SCSI_H
#define ENTRYCHECK_SCSI_H
#include <srb.h>
#include_next <scsi.h>
#endif
