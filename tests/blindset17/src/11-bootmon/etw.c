/*
 * etw.c - the classic ETW provider (consumed by the collector service) and
 * the TraceLogging provider used for debugging.
 */
#include "bootmon.h"

/* {A3F1D5C2-7B84-4E21-9C6A-5E0B2D7F4A91} */
static const GUID BmProviderGuid =
    { 0xa3f1d5c2, 0x7b84, 0x4e21, { 0x9c, 0x6a, 0x5e, 0x0b, 0x2d, 0x7f, 0x4a, 0x91 } };

/* {A3F1D5C2-7B84-4E21-9C6A-5E0B2D7F4A92} */
TRACELOGGING_DEFINE_PROVIDER(
    g_BmTraceProvider,
    "Contoso.BootMon",
    (0xa3f1d5c2, 0x7b84, 0x4e21, 0x9c, 0x6a, 0x5e, 0x0b, 0x2d, 0x7f, 0x4a, 0x92));

static VOID NTAPI
BmEtwEnableCallback(
    _In_ LPCGUID SourceId,
    _In_ ULONG ControlCode,
    _In_ UCHAR Level,
    _In_ ULONGLONG MatchAnyKeyword,
    _In_ ULONGLONG MatchAllKeyword,
    _In_opt_ PEVENT_FILTER_DESCRIPTOR FilterData,
    _Inout_opt_ PVOID CallbackContext
    )
{
    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);
    UNREFERENCED_PARAMETER(CallbackContext);

    switch (ControlCode) {
    case EVENT_CONTROL_CODE_ENABLE_PROVIDER:
        g_Bm.EtwLevel = Level;
        g_Bm.EtwKeywords = MatchAnyKeyword;
        InterlockedExchange(&g_Bm.EtwEnabled, 1);
        break;
    case EVENT_CONTROL_CODE_DISABLE_PROVIDER:
        InterlockedExchange(&g_Bm.EtwEnabled, 0);
        break;
    default:
        break;
    }
}

NTSTATUS
BmEtwRegister(
    VOID
    )
{
    NTSTATUS status;

    status = EtwRegister(&BmProviderGuid, BmEtwEnableCallback, NULL, &g_Bm.EtwHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Bm.Flags |= BM_F_ETW;

    status = TraceLoggingRegister(g_BmTraceProvider);
    if (!NT_SUCCESS(status)) {
        EtwUnregister(g_Bm.EtwHandle);
        g_Bm.EtwHandle = 0;
        g_Bm.Flags &= ~BM_F_ETW;
        return status;
    }
    g_Bm.Flags |= BM_F_TRACELOGGING;
    return STATUS_SUCCESS;
}

VOID
BmEtwUnregister(
    VOID
    )
{
    if (g_Bm.Flags & BM_F_TRACELOGGING) {
        TraceLoggingUnregister(g_BmTraceProvider);
        g_Bm.Flags &= ~BM_F_TRACELOGGING;
    }
    if (g_Bm.Flags & BM_F_ETW) {
        EtwUnregister(g_Bm.EtwHandle);
        g_Bm.EtwHandle = 0;
        g_Bm.Flags &= ~BM_F_ETW;
    }
}

VOID
BmEtwWriteProcess(
    _In_ USHORT EventId,
    _In_ HANDLE ProcessId,
    _In_ HANDLE ParentId,
    _In_opt_ PCUNICODE_STRING ImageName
    )
{
    EVENT_DESCRIPTOR desc;
    EVENT_DATA_DESCRIPTOR data[3];
    ULONG pid = HandleToULong(ProcessId);
    ULONG ppid = HandleToULong(ParentId);
    ULONG count = 2;

    if (!g_Bm.EtwEnabled) {
        return;
    }

    EventDescCreate(&desc, EventId, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0x1);
    EventDataDescCreate(&data[0], &pid, sizeof(pid));
    EventDataDescCreate(&data[1], &ppid, sizeof(ppid));
    if (ImageName != NULL && ImageName->Buffer != NULL) {
        EventDataDescCreate(&data[2], ImageName->Buffer, ImageName->Length);
        count = 3;
    }
    EtwWrite(g_Bm.EtwHandle, &desc, NULL, count, data);
}

VOID
BmEtwWriteImage(
    _In_ HANDLE ProcessId,
    _In_opt_ PCUNICODE_STRING ImageName,
    _In_ PVOID ImageBase,
    _In_ SIZE_T ImageSize
    )
{
    TraceLoggingWrite(g_BmTraceProvider,
                      "ImageLoad",
                      TraceLoggingLevel(TRACE_LEVEL_VERBOSE),
                      TraceLoggingUInt32(HandleToULong(ProcessId), "ProcessId"),
                      TraceLoggingPointer(ImageBase, "Base"),
                      TraceLoggingUInt64((UINT64)ImageSize, "Size"),
                      TraceLoggingUnicodeString(ImageName, "Image"));
}

VOID
BmEtwWriteBootDone(
    _In_ ULONGLONG ElapsedMs,
    _In_ ULONG Processes
    )
{
    EVENT_DESCRIPTOR desc;
    EVENT_DATA_DESCRIPTOR data[2];

    TraceLoggingWrite(g_BmTraceProvider,
                      "BootDriversDone",
                      TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
                      TraceLoggingUInt64(ElapsedMs, "ElapsedMs"),
                      TraceLoggingUInt32(Processes, "Processes"));

    if (!g_Bm.EtwEnabled) {
        return;
    }
    EventDescCreate(&desc, BM_EVT_BOOT_DONE, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0x1);
    EventDataDescCreate(&data[0], &ElapsedMs, sizeof(ElapsedMs));
    EventDataDescCreate(&data[1], &Processes, sizeof(Processes));
    EtwWrite(g_Bm.EtwHandle, &desc, NULL, 2, data);
}
