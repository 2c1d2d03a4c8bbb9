// driver.cpp - entry points and the heartbeat thread.
#include "beacon.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeaconUnload;

namespace beacon {

KEVENT Sender::s_StopEvent;
PVOID  Sender::s_Thread   = nullptr;
ULONG  Sender::s_Sequence = 0;

NTSTATUS Sender::Start()
{
    HANDLE h = nullptr;

    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);

    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr,
                                           nullptr, nullptr, &Sender::ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, &s_Thread, nullptr);
    if (!NT_SUCCESS(status)) {
        // no object to wait on later: stop it and wait on the handle now
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        s_Thread = nullptr;
    }
    ZwClose(h);
    return status;
}

void Sender::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }
    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;
}

void Sender::ThreadMain(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    auto payload = static_cast<PCHAR>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, BEACON_PAYLOAD_MAX, BEACON_TAG));
    if (payload == nullptr) {
        PsTerminateSystemThread(STATUS_INSUFFICIENT_RESOURCES);
    }

    for (;;) {
        Settings s = Config::Load();     // re-read every round

        if (s.TargetAddress != 0) {
            size_t remaining = 0;
            NTSTATUS fmt = RtlStringCbPrintfExA(payload, BEACON_PAYLOAD_MAX, nullptr, &remaining, 0,
                                                "BEACON seq=%lu tick=%I64u",
                                                ++s_Sequence, KeQueryInterruptTime());
            if (NT_SUCCESS(fmt)) {
                ULONG len = static_cast<ULONG>(BEACON_PAYLOAD_MAX - remaining);
                NTSTATUS st = wsk::Client::SendTo(payload, len, s.TargetAddress,
                                                  static_cast<USHORT>(s.TargetPort));
                if (!NT_SUCCESS(st)) {
                    BERR("send 0x%08x", st);
                }
            }
        }

        LARGE_INTEGER due;
        due.QuadPart = -static_cast<LONGLONG>(s.PeriodSeconds) * 10 * 1000 * 1000;
        if (KeWaitForSingleObject(&s_StopEvent, Executive, KernelMode, FALSE, &due) == STATUS_SUCCESS) {
            break;
        }
    }

    ExFreePoolWithTag(payload, BEACON_TAG);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace beacon

static void BeaconUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    beacon::Sender::Stop();
    beacon::wsk::Client::Stop();
    BLOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    beacon::Config::Init(RegistryPath);

    status = beacon::wsk::Client::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = beacon::wsk::Client::OpenSocket();
    if (!NT_SUCCESS(status)) {
        goto undo_client;
    }

    status = beacon::Sender::Start();
    if (!NT_SUCCESS(status)) {
        goto undo_client;
    }

    DriverObject->DriverUnload = BeaconUnload;
    BLOG("running");
    return STATUS_SUCCESS;

undo_client:
    beacon::wsk::Client::Stop();
    return status;
}
