#include "sysworker.h"

namespace sw {

PETHREAD         Worker::s_Thread     = nullptr;
KEVENT           Worker::s_StopEvent;
WDFDEVICE        Worker::s_Device     = nullptr;
PCUNICODE_STRING Worker::s_ServiceKey = nullptr;

NTSTATUS
CopyRegistryPath(
    PCUNICODE_STRING Source,
    PUNICODE_STRING  Copy
    )
{
    Copy->Length        = 0;
    Copy->MaximumLength = Source->Length + sizeof(WCHAR);
    Copy->Buffer        = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Copy->MaximumLength, SW_TAG));
    if (Copy->Buffer == nullptr) {
        Copy->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyUnicodeString(Copy, Source);
    return STATUS_SUCCESS;
}

void
FreeRegistryPath(
    PUNICODE_STRING Copy
    )
{
    if (Copy->Buffer != nullptr) {
        ExFreePoolWithTag(Copy->Buffer, SW_TAG);
        Copy->Buffer        = nullptr;
        Copy->Length        = 0;
        Copy->MaximumLength = 0;
    }
}

ULONG
Worker::ReadPeriod()
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            service;
    HANDLE            params;
    UNICODE_STRING    sub  = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING    name = RTL_CONSTANT_STRING(L"PeriodMs");
    UCHAR             raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG             got;
    ULONG             period = SW_DEFAULT_MS;

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(s_ServiceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    if (!NT_SUCCESS(ZwOpenKey(&service, KEY_READ, &oa))) {
        return period;
    }

    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, service, nullptr);
    NTSTATUS status = ZwOpenKey(&params, KEY_QUERY_VALUE, &oa);
    ZwClose(service);
    if (!NT_SUCCESS(status)) {
        return period;
    }

    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
    if (NT_SUCCESS(ZwQueryValueKey(params, &name, KeyValuePartialInformation, info, sizeof(raw), &got)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG v = *reinterpret_cast<PULONG>(info->Data);
        if (v >= 10 && v <= 10000) {
            period = v;
        }
    }
    ZwClose(params);
    return period;
}

VOID
Worker::ThreadMain(
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    auto          ctx    = SwGetContext(s_Device);
    ULONG         period = ReadPeriod();
    LARGE_INTEGER timeout;

    SWLOG("worker running, period %lu ms", period);

    for (;;) {
        timeout.QuadPart = -10000LL * period;
        ULONG64 before   = KeQueryInterruptTime();

        NTSTATUS wait = KeWaitForSingleObject(&s_StopEvent, Executive, KernelMode, FALSE, &timeout);
        if (wait != STATUS_TIMEOUT) {
            break;
        }

        // how late did we wake up, in 100 ns units
        LONG64 late = static_cast<LONG64>(KeQueryInterruptTime() - before) - (10000LL * period);

        WdfSpinLockAcquire(ctx->Lock);
        ctx->Jitter[ctx->Next] = late;
        ctx->Next = (ctx->Next + 1) % SW_RING;
        if (ctx->Filled < SW_RING) {
            ctx->Filled++;
        }
        WdfSpinLockRelease(ctx->Lock);
    }

    SWLOG("worker exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
Worker::Start(
    WDFDEVICE        Device,
    PCUNICODE_STRING ServiceKey
    )
{
    HANDLE   handle;
    NTSTATUS status;

    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);
    s_Device     = Device;
    s_ServiceKey = ServiceKey;

    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr, ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        SWERR("PsCreateSystemThread 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // no object to wait on later: stop it now, through the handle
        SWERR("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
        ZwClose(handle);
        s_Thread = nullptr;
        return status;
    }

    ZwClose(handle);
    return STATUS_SUCCESS;
}

void
Worker::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;
}

} // namespace sw
