/* macros.h - logging and early-return helpers shared by my driver projects */
#pragma once

#define PL_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "proclist: " fmt "\n", __VA_ARGS__)

#define RETURN_IF_FAIL(expr)                                                \
    do {                                                                    \
        NTSTATUS status__ = (expr);                                         \
        if (!NT_SUCCESS(status__)) {                                        \
            PL_LOG("%s failed: 0x%08X", #expr, status__);                   \
            return status__;                                                \
        }                                                                   \
    } while (0)

#define CHECK_ALLOC(ptr)                                                    \
    do {                                                                    \
        if ((ptr) == NULL) {                                                \
            PL_LOG("allocation failed at %s:%d", __FILE__, __LINE__);       \
            return STATUS_INSUFFICIENT_RESOURCES;                           \
        }                                                                   \
    } while (0)
