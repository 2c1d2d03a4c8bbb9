// stddcls.h -- precompiled header for the COUNTER sample driver
// Based on the layout of the old DDK samples: one header pulls in the kit.

#ifndef STDDCLS_H
#define STDDCLS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <ntddk.h>

#ifdef __cplusplus
}
#endif

#include <stdarg.h>
#include <stdio.h>

#define arraysize(p) (sizeof(p)/sizeof((p)[0]))

#endif // STDDCLS_H
