/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's wrapper around mingw-w64's mcd.h (medium changer miniclass
 * drivers, ChangerClassInitialize): mingw's copy names
 * PWMI_CHANGER_PROBLEM_DEVICE_ERROR without reading wmidata.h, which
 * declares it, and reads srb.h by quoted name, past the srb.h overlay. */
#ifndef ENTRYCHECK_MCD_H
#define ENTRYCHECK_MCD_H

#include <ntddk.h>
#include <srb.h>
#include <scsi.h>
#include <wmidata.h>
#include_next <mcd.h>

#endif /* ENTRYCHECK_MCD_H */
