//
// etw.c - manifest-free ETW provider used by etwtrace
//
// Consume with:  xperf -start et -on 7C3B8E1A-4D2F-4A6B-9E11-52C83A0F6D21 ...
//
#include "etwtrace.h"

// {7C3B8E1A-4D2F-4A6B-9E11-52C83A0F6D21}
static const GUID EtProviderGuid =
    { 0x7c3b8e1a, 0x4d2f, 0x4a6b, { 0x9e, 0x11, 0x52, 0xc8, 0x3a, 0x0f, 0x6d, 0x21 } };

static REGHANDLE     g_EtwHandle = 0;
static volatile LONG g_EtwEnabled = 0;

//                                     Id Ver Ch Lvl Op Task Keyword
static const EVENT_DESCRIPTOR EvProcStart = { 1, 0, 0, 4, 1, 1, ET_KW_PROCESS };
static const EVENT_DESCRIPTOR EvProcStop  = { 2, 0, 0, 4, 2, 1, ET_KW_PROCESS };
static const EVENT_DESCRIPTOR EvImage     = { 3, 0, 0, 4, 0, 2, ET_KW_IMAGE };
static const EVENT_DESCRIPTOR EvRemoteThr = { 4, 0, 0, 3, 0, 3, ET_KW_THREAD };

static VOID NTAPI
EtEnableCallback(
    _In_ LPCGUID SourceId,
    _In_ ULONG IsEnabled,
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

    InterlockedExchange(&g_EtwEnabled, IsEnabled ? 1 : 0);
    ET_DBG("session %s level=%u any=0x%I64x", IsEnabled ? "attached" : "detached", Level, MatchAnyKeyword);
}

NTSTATUS
EtTraceRegister(VOID)
{
    NTSTATUS status = EtwRegister(&EtProviderGuid, EtEnableCallback, NULL, &g_EtwHandle);
    if (!NT_SUCCESS(status)) {
        ET_DBG("EtwRegister failed 0x%08X", status);
        g_EtwHandle = 0;
    }
    return status;
}

VOID
EtTraceUnregister(VOID)
{
    if (g_EtwHandle != 0) {
        EtwUnregister(g_EtwHandle);
        g_EtwHandle = 0;
    }
}

static VOID
EtWriteStringEvent(
    _In_ PCEVENT_DESCRIPTOR Desc,
    _In_ ULONG A,
    _In_ ULONG B,
    _In_opt_ PCUNICODE_STRING Str,
    _In_opt_ PVOID Ptr
    )
{
    EVENT_DATA_DESCRIPTOR data[5];
    ULONG count = 2;
    static const WCHAR empty = L'\0';

    if (!g_EtwEnabled || !EtwEventEnabled(g_EtwHandle, Desc)) {
        return;
    }

    EventDataDescCreate(&data[0], &A, sizeof(A));
    EventDataDescCreate(&data[1], &B, sizeof(B));

    // counted string is emitted as length-prefixed blob: USHORT len + chars
    if (Str != NULL && Str->Buffer != NULL) {
        EventDataDescCreate(&data[count++], &Str->Length, sizeof(USHORT));
        EventDataDescCreate(&data[count++], Str->Buffer, Str->Length);
    } else {
        EventDataDescCreate(&data[count++], &empty, sizeof(empty));
    }

    if (Ptr != NULL && count < RTL_NUMBER_OF(data)) {
        EventDataDescCreate(&data[count++], &Ptr, sizeof(Ptr));
    }

    EtwWrite(g_EtwHandle, Desc, NULL, count, data);
}

VOID
EtTraceProcess(ULONG Pid, ULONG ParentPid, PCUNICODE_STRING Image, BOOLEAN Create)
{
    EtWriteStringEvent(Create ? &EvProcStart : &EvProcStop, Pid, ParentPid, Image, NULL);
}

VOID
EtTraceImage(ULONG Pid, ULONG ParentPid, PCUNICODE_STRING Image, PVOID Base)
{
    EtWriteStringEvent(&EvImage, Pid, ParentPid, Image, Base);
}

VOID
EtTraceRemoteThread(ULONG TargetPid, ULONG CreatorPid, ULONG Tid)
{
    UNREFERENCED_PARAMETER(Tid);
    EtWriteStringEvent(&EvRemoteThr, TargetPid, CreatorPid, NULL, NULL);
}
