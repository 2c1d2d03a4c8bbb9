// driver.cpp - DriverEntry / unload and the two kernel hooks.
#include "trace.hpp"

// {8C1D7E21-53B4-4B7E-A0E4-6F3A2C9D1B58}
TRACELOGGING_DEFINE_PROVIDER(g_TlgProvider, "OsTrace.Kernel",
    (0x8c1d7e21, 0x53b4, 0x4b7e, 0xa0, 0xe4, 0x6f, 0x3a, 0x2c, 0x9d, 0x1b, 0x58));

// {1F5B0C63-9E2A-4D0B-8B71-3C4E5D6A7F80}
static const GUID kDumpGuid =
    { 0x1f5b0c63, 0x9e2a, 0x4d0b, { 0x8b, 0x71, 0x3c, 0x4e, 0x5d, 0x6a, 0x7f, 0x80 } };

using namespace trc;

State* trc::g_State = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TrcUnload;
static KBUGCHECK_REASON_CALLBACK_ROUTINE TrcBugCheckDump;

static VOID TrcProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    Record r = {};
    KeQuerySystemTimePrecise(&r.Time);
    r.Pid = HandleToULong(ProcessId);

    // keep the tail of the image path, that is the interesting part
    auto copyTail = [](WCHAR* dst, SIZE_T dstChars, PCUNICODE_STRING src) {
        if (src == nullptr || src->Buffer == nullptr)
            return;
        SIZE_T chars = src->Length / sizeof(WCHAR);
        SIZE_T take  = chars < dstChars - 1 ? chars : dstChars - 1;
        RtlCopyMemory(dst, src->Buffer + (chars - take), take * sizeof(WCHAR));
        dst[take] = L'\0';
    };

    if (CreateInfo != nullptr) {
        r.Kind      = KindStart;
        r.ParentPid = HandleToULong(CreateInfo->ParentProcessId);
        copyTail(r.Image, RTL_NUMBER_OF(r.Image), CreateInfo->ImageFileName);

        TraceLoggingWrite(g_TlgProvider, "ProcessStart",
            TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
            TraceLoggingUInt32(r.Pid, "Pid"),
            TraceLoggingUInt32(r.ParentPid, "ParentPid"),
            TraceLoggingWideString(r.Image, "Image"));
    } else {
        r.Kind = KindExit;
        TraceLoggingWrite(g_TlgProvider, "ProcessExit",
            TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
            TraceLoggingUInt32(r.Pid, "Pid"));
    }

    Ring::Push(r);
    InterlockedIncrement(&g_State->Events);
}

static VOID TrcBugCheckDump(KBUGCHECK_CALLBACK_REASON Reason, PKBUGCHECK_REASON_CALLBACK_RECORD Record,
                            PVOID ReasonSpecificData, ULONG ReasonSpecificDataLength)
{
    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA))
        return;

    auto* dump = static_cast<PKBUGCHECK_SECONDARY_DUMP_DATA>(ReasonSpecificData);
    SIZE_T bytes = Ring::Size();
    if (bytes > dump->MaximumAllowed)
        bytes = dump->MaximumAllowed;

    dump->Guid            = kDumpGuid;
    dump->OutBuffer       = Ring::Base();
    dump->OutBufferLength = static_cast<ULONG>(bytes);
}

static VOID TrcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    TRC_DBG("unload after %ld events", g_State->Events);
    TraceLoggingWrite(g_TlgProvider, "Unloading", TraceLoggingLevel(TRACE_LEVEL_INFORMATION));

    if (g_State->BugRegistered)
        KeDeregisterBugCheckReasonCallback(&g_State->BugRec);

    Ring::Destroy();

    if (g_State->ProcNotify)
        PsSetCreateProcessNotifyRoutineEx(TrcProcessNotify, TRUE);

    ExFreePoolWithTag(g_State, kTag);
    g_State = nullptr;

    TraceLoggingUnregister(g_TlgProvider);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = TraceLoggingRegister(g_TlgProvider);
    if (!NT_SUCCESS(status)) {
        TRC_DBG("TraceLoggingRegister 0x%08X", status);
        return status;
    }

    g_State = static_cast<State*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(State), kTag));
    if (g_State == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_tlg;
    }
    g_State->BugRegistered = FALSE;
    g_State->ProcNotify    = FALSE;
    g_State->Events        = 0;

    status = Ring::Create(kRingBytes);
    if (!NT_SUCCESS(status))
        goto fail_state;

    // crash-dump hook is nice to have, not fatal
    g_State->BugRegistered = KeRegisterBugCheckReasonCallback(&g_State->BugRec, TrcBugCheckDump,
                                                              KbCallbackSecondaryDumpData,
                                                              (PUCHAR)"tlgtrace");
    if (!g_State->BugRegistered)
        TRC_DBG("no secondary dump data%s", "");

    status = PsSetCreateProcessNotifyRoutineEx(TrcProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        TRC_DBG("PsSetCreateProcessNotifyRoutineEx 0x%08X (linked with /INTEGRITYCHECK?)", status);
        goto fail_bug;
    }
    g_State->ProcNotify = TRUE;

    DriverObject->DriverUnload = TrcUnload;
    TraceLoggingWrite(g_TlgProvider, "Loaded", TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
                      TraceLoggingUInt32(static_cast<ULONG>(kRingBytes), "RingBytes"));
    return STATUS_SUCCESS;

fail_bug:
    if (g_State->BugRegistered)
        KeDeregisterBugCheckReasonCallback(&g_State->BugRec);
    Ring::Destroy();
fail_state:
    ExFreePoolWithTag(g_State, kTag);
    g_State = nullptr;
fail_tlg:
    TraceLoggingUnregister(g_TlgProvider);
    return status;
}
