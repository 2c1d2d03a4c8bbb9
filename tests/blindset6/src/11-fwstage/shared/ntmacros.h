//
// ntmacros.h - status helpers used across the fwstage tree.
//
#pragma once

#define FWS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[fwstage] " fmt "\n", __VA_ARGS__)

#define NT_RETURN_IF_FAILED(_expr)                                          \
    do {                                                                    \
        NTSTATUS _st = (_expr);                                             \
        if (!NT_SUCCESS(_st)) {                                             \
            FWS_LOG("%s:%d %s -> 0x%08X", __FILE__, __LINE__, #_expr, _st); \
            return _st;                                                     \
        }                                                                   \
    } while (0)

#define NT_RETURN_IF_NULL_ALLOC(_ptr)                                       \
    do {                                                                    \
        if ((_ptr) == NULL) {                                               \
            FWS_LOG("%s:%d allocation failed", __FILE__, __LINE__);         \
            return STATUS_INSUFFICIENT_RESOURCES;                           \
        }                                                                   \
    } while (0)

#define LOG_AND_RETURN(_status, _msg)                                       \
    do {                                                                    \
        FWS_LOG("%s (0x%08X)", _msg, (_status));                            \
        return (_status);                                                   \
    } while (0)
