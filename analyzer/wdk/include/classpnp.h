/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <classpnp.h>: mingw-w64's classpnp.h (storage class
 * driver library) is used as is; this wrapper includes <ntddk.h> first, since
 * mingw's header assumes the NT base types are already declared. */
#ifndef ENTRYCHECK_CLASSPNP_H
#define ENTRYCHECK_CLASSPNP_H
#include <ntddk.h>
#if defined(NTDDI_VERSION) && NTDDI_VERSION <= 0x05000000
/* For NTDDI_VERSION <= NTDDI_WIN2K, mingw's FUNCTIONAL_DEVICE_EXTENSION tests
 * the service pack with one closing parenthesis too many, which clang rejects
 * (a Windows 2000 SP0 build failed to parse, and to precompile the prelude).
 * While mingw's header is read, SPVER opens one parenthesis more, so the test
 * balances and reads as written: SP0 is below 2, the Reserved1..4 tail. No
 * other header classpnp.h reads uses SPVER. */
#pragma push_macro("SPVER")
#undef SPVER
#define SPVER(Version) ((((Version) & 0x0000FF00) >> 8)
#include_next <classpnp.h>
#pragma pop_macro("SPVER")
#else
#include_next <classpnp.h>
#endif
#endif
