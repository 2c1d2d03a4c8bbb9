#pragma once
//
// handlectx.h - per-handle I/O accounting minifilter
//
// Every user handle opened on a watched file gets a stream handle context
// that counts reads and writes; the totals are printed at IRP_MJ_CLEANUP.
//
#include <fltKernel.h>
#include "kmem.h"

#define HCTX_INSTANCE_TAG   'iCdH'
#define HCTX_HANDLE_TAG     'hCdH'

#define HLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "handlectx: " fmt "\n", __VA_ARGS__)
#define HERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "handlectx: " fmt "\n", __VA_ARGS__)

namespace hctx {

struct InstanceContext {
    FLT_FILESYSTEM_TYPE FsType;
    volatile LONG       Handles;
};

struct HandleContext {
    ULONG          ProcessId;
    LARGE_INTEGER  OpenTime;
    volatile LONG  Reads;
    volatile LONG  Writes;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
};

// list of extensions we care about; loaded once in DriverEntry
struct ExtensionTable {
    static constexpr ULONG MaxEntries = 16;
    ULONG          Count;
    UNICODE_STRING Entries[MaxEntries];

    bool Match(PCUNICODE_STRING ext) const
    {
        for (ULONG i = 0; i < Count; i++) {
            if (RtlEqualUnicodeString(ext, &Entries[i], TRUE))
                return true;
        }
        return false;
    }
};

class Filter {
public:
    static NTSTATUS Start(PDRIVER_OBJECT driver);
    static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS flags);

    static PFLT_FILTER     Handle;
    static ExtensionTable* Extensions;
};

// callbacks.cpp
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objs, FLT_INSTANCE_SETUP_FLAGS flags,
                              DEVICE_TYPE devType, FLT_FILESYSTEM_TYPE fsType);
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs,
                                             PVOID ctx, FLT_POST_OPERATION_FLAGS flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI PreReadWrite(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs,
                                              PVOID* ctx);
FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs,
                                            PVOID* ctx);
VOID FLTAPI ContextCleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE type);

} // namespace hctx
