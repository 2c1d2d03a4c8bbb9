/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <hidpi.h>: the kit's hidpi.h includes hidusage.h
 * for USAGE, and HID drivers include it alone; mingw-w64's does not. */
#ifndef ENTRYCHECK_HIDPI_H
#define ENTRYCHECK_HIDPI_H
#include <hidusage.h>
#include_next <hidpi.h>
#endif
