/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <ata.h>: mingw-w64's ata.h (IDENTIFY_DEVICE_DATA,
 * IDE_COMMAND_*) needs the NT base types but includes nothing; this wrapper
 * supplies them through <ntddk.h> so <ata.h> may come first. */
#ifndef ENTRYCHECK_ATA_H
#define ENTRYCHECK_ATA_H
#include <ntddk.h>
#include_next <ata.h>
#endif
