#pragma once
//
// klog.h - logging helpers shared by all imgwatch sources
//

#define IW_PREFIX "[imgwatch] "

#define KLOG(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, level, IW_PREFIX fmt "\n", __VA_ARGS__)

#define LOG_INFO(fmt, ...)  KLOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define LOG_WARN(fmt, ...)  KLOG(DPFLTR_WARNING_LEVEL, fmt, __VA_ARGS__)
#define LOG_ERR(fmt, ...)   KLOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

//
// CHECK_STATUS: evaluate, log and bail out to the local "cleanup" label.
// The enclosing function must declare NTSTATUS status.
//
#define CHECK_STATUS(expr, what)                                        \
    do {                                                                \
        status = (expr);                                                \
        if (!NT_SUCCESS(status)) {                                      \
            LOG_ERR("%s failed: 0x%08X", what, status);                 \
            goto cleanup;                                               \
        }                                                               \
    } while (0)

#define IW_TAG 'wgmI'
