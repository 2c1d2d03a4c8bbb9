/* entrycheck's overlay of <classpnp.h>: mingw-w64's classpnp.h (storage class
 * driver library) is used as is; this wrapper includes <ntddk.h> first, since
 * mingw's header assumes the NT base types are already declared. */
#ifndef ENTRYCHECK_CLASSPNP_H
#define ENTRYCHECK_CLASSPNP_H
#include <ntddk.h>
#include_next <classpnp.h>
#endif
