#pragma once
//
// procwatch - common definitions
//
#include <ntddk.h>

#define PW_TAG                  'wPcP'
#define PW_MAX_IMAGE_CHARS      128
#define PW_MAX_TRACKED          4096
#define PW_PREFIX               "[procwatch] "

#define PwLog(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, level, PW_PREFIX fmt "\n", __VA_ARGS__)

#define PwInfo(fmt, ...)    PwLog(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define PwWarn(fmt, ...)    PwLog(DPFLTR_WARNING_LEVEL, fmt, __VA_ARGS__)
#define PwError(fmt, ...)   PwLog(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

//
// WIL-ish helpers. They return from the *calling* function.
//
#define RETURN_IF_NT_FAILED(expr)                                           \
    do {                                                                    \
        const NTSTATUS __pwStatus = (expr);                                 \
        if (!NT_SUCCESS(__pwStatus)) {                                      \
            PwError("%s failed 0x%08X (%s:%d)", #expr, __pwStatus,          \
                    __FILE__, __LINE__);                                    \
            return __pwStatus;                                              \
        }                                                                   \
    } while (0)

#define RETURN_NT_IF(cond, status)                                          \
    do {                                                                    \
        if (cond) {                                                         \
            PwError("'%s' -> 0x%08X", #cond, (status));                     \
            return (status);                                                \
        }                                                                   \
    } while (0)
