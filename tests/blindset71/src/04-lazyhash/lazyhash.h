// lazyhash.h
// Queues a hashing request for every file that gets closed after being
// written.  Requests are processed off the I/O path on generic work items.
#pragma once

#include <fltKernel.h>

#define LH_TAG_REQ      'qRhL'
#define LH_TAG_NAME     'nNhL'

#define LH_TRACE(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "lazyhash: " __VA_ARGS__))
#define LH_ERROR(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "lazyhash!! " __VA_ARGS__))

#define CHECK_STATUS(expr, label)                                   \
    do {                                                            \
        status = (expr);                                            \
        if (!NT_SUCCESS(status)) {                                  \
            LH_ERROR("%s failed 0x%08X (%s:%d)\n", #expr, status,   \
                     __FILE__, __LINE__);                           \
            goto label;                                             \
        }                                                           \
    } while (0)

namespace lh {

struct HashRequest {
    PFLT_INSTANCE  Instance;
    PFILE_OBJECT   FileObject;       // referenced
    UNICODE_STRING Name;
    WCHAR          NameBuffer[300];
};

struct Globals {
    PFLT_FILTER Filter;
    // request pool: paged because the worker runs at PASSIVE_LEVEL
    union {
        NPAGED_LOOKASIDE_LIST NonPaged;
        PAGED_LOOKASIDE_LIST  Paged;
    } Requests;
    bool        RequestsReady;
    // one pre-allocated item used for the "flush everything" sweep
    PFLT_GENERIC_WORKITEM FlushItem;
    volatile LONG Outstanding;
};

extern Globals g;

// worker.cpp
NTSTATUS QueueHash(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects);
extern const FLT_OPERATION_REGISTRATION Operations[];

} // namespace lh
