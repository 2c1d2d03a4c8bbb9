//
// wrstat.cxx - minifilter that keeps per-stream write statistics (bytes,
// operation count, first-write time) in a stream context, and tags streams
// whose first written bytes look like a PE header. The statistics are read
// by the backup agent through FltGetStreamContext from its own filter.
//
// C++17, /kernel: no exceptions, no RTTI, no static constructors.
//

#include <fltKernel.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace wrstat {

constexpr ULONG ContextTag = 'xCrW';

struct StreamStats {
    LONGLONG      BytesWritten;
    LONG          Writes;
    LARGE_INTEGER FirstWrite;
    BOOLEAN       LooksExecutable;
};

PFLT_FILTER g_Filter = nullptr;

NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
         _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, nullptr, sizeof(StreamStats), ContextTag },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Operations,
    Unload,
};

//
// The write buffer of a non-paging write may be a user address. Touch it
// under SEH: a bad buffer only costs us the classification, the file
// system will fail the request itself.
//
BOOLEAN
HasMzSignature(_In_ PFLT_CALLBACK_DATA Data)
{
    auto& write = Data->Iopb->Parameters.Write;
    BOOLEAN result = FALSE;

    if (write.Length < 2 || write.ByteOffset.QuadPart != 0) {
        return FALSE;
    }

    PUCHAR buffer = nullptr;
    if (write.MdlAddress != nullptr) {
        buffer = static_cast<PUCHAR>(
            MmGetSystemAddressForMdlSafe(write.MdlAddress, NormalPagePriority));
    } else {
        buffer = static_cast<PUCHAR>(write.WriteBuffer);
    }
    if (buffer == nullptr) {
        return FALSE;
    }

    __try {
        if (Data->RequestorMode == UserMode && write.MdlAddress == nullptr) {
            ProbeForRead(buffer, 2, 1);
        }
        result = (buffer[0] == 'M' && buffer[1] == 'Z');
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        result = FALSE;
    }
    return result;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
         _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    StreamStats* stats = nullptr;
    NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                          reinterpret_cast<PFLT_CONTEXT*>(&stats));
    if (status == STATUS_NOT_FOUND) {
        status = FltAllocateContext(g_Filter, FLT_STREAM_CONTEXT, sizeof(StreamStats),
                                    NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&stats));
        if (!NT_SUCCESS(status)) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        RtlZeroMemory(stats, sizeof(*stats));
        KeQuerySystemTime(&stats->FirstWrite);

        StreamStats* existing = nullptr;
        status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                     FLT_SET_CONTEXT_KEEP_IF_EXISTS, stats,
                                     reinterpret_cast<PFLT_CONTEXT*>(&existing));
        if (!NT_SUCCESS(status)) {
            FltReleaseContext(stats);
            if (status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
                return FLT_PREOP_SUCCESS_NO_CALLBACK;
            }
            stats = existing;       // somebody raced us; use theirs
        }
    } else if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InterlockedExchangeAdd64(&stats->BytesWritten, Data->Iopb->Parameters.Write.Length);
    InterlockedIncrement(&stats->Writes);
    if (HasMzSignature(Data)) {
        stats->LooksExecutable = TRUE;
    }

    FltReleaseContext(stats);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;
    return STATUS_SUCCESS;
}

} // namespace wrstat

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C" _Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)     // expect-entry: minifilter
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &wrstat::Registration, &wrstat::g_Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(wrstat::g_Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(wrstat::g_Filter);
        wrstat::g_Filter = nullptr;
        return status;
    }

    return STATUS_SUCCESS;
}
