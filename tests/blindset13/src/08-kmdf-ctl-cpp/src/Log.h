#pragma once
// Log.h - printf-style logging through DbgPrintEx, compiled out of free builds
// unless KCTL_ALWAYS_LOG is defined.

#if DBG || defined(KCTL_ALWAYS_LOG)
#define KCTL_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kctl!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#define KCTL_LOG(fmt, ...) ((void)0)
#endif
