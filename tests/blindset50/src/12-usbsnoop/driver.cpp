// driver.cpp -- DriverEntry / Unload and the logger thread
#include "snoop.h"

using namespace snoop;

NPAGED_LOOKASIDE_LIST Logger::s_Pool;
SLIST_HEADER          Logger::s_Queue;
KEVENT                Logger::s_Wake;
PETHREAD              Logger::s_Thread    = nullptr;
volatile LONG         Logger::s_Stop      = 0;
volatile LONG         Logger::s_Lost      = 0;
bool                  Logger::s_PoolReady = false;

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = Filter::DispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = Filter::DispatchInternalIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = Filter::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = Filter::DispatchPower;

    // the logger must be running before any device can post to it
    NTSTATUS status = Logger::Start();
    if (!NT_SUCCESS(status)) {
        SERR("logger start failed %08x", status);
        return status;
    }

    DriverObject->DriverExtension->AddDevice = Filter::AddDevice;
    DriverObject->DriverUnload               = Filter::Unload;
    SLOG("loaded");
    return STATUS_SUCCESS;
}

void
Filter::Unload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    // every filter device is gone by now, nothing can post anymore
    Logger::Stop();
    SLOG("unloaded");
}

NTSTATUS
Logger::Start()
{
    HANDLE handle = nullptr;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    ExInitializeNPagedLookasideList(&s_Pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(UrbRecord), SNOOP_TAG, 0);
    s_PoolReady = true;
    InitializeSListHead(&s_Queue);
    KeInitializeEvent(&s_Wake, SynchronizationEvent, FALSE);
    s_Stop = 0;

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                  Thread, nullptr);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // thread is running but we cannot wait for it: stop it through the
        // handle we still hold before tearing down what it uses
        InterlockedExchange(&s_Stop, 1);
        KeSetEvent(&s_Wake, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
        ZwClose(handle);
        goto fail;
    }
    ZwClose(handle);
    return STATUS_SUCCESS;

fail:
    ExDeleteNPagedLookasideList(&s_Pool);
    s_PoolReady = false;
    return status;
}

void
Logger::Stop()
{
    if (s_Thread != nullptr) {
        // thread first: it drains the queue back into the pool on its way out
        InterlockedExchange(&s_Stop, 1);
        KeSetEvent(&s_Wake, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(s_Thread);
        s_Thread = nullptr;
    }
    if (s_PoolReady) {
        ExDeleteNPagedLookasideList(&s_Pool);
        s_PoolReady = false;
    }
    if (s_Lost) {
        SLOG("%ld records lost", s_Lost);
    }
}

void
Logger::Post(PDEVICE_OBJECT dev, PURB urb)
{
    auto rec = static_cast<UrbRecord*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (rec == nullptr) {
        InterlockedIncrement(&s_Lost);
        return;
    }
    rec->Device   = dev;
    rec->Function = urb->UrbHeader.Function;
    rec->Pipe     = nullptr;
    rec->Length   = 0;
    if (rec->Function == URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER) {
        rec->Pipe   = urb->UrbBulkOrInterruptTransfer.PipeHandle;
        rec->Length = urb->UrbBulkOrInterruptTransfer.TransferBufferLength;
    }
    InterlockedPushEntrySList(&s_Queue, &rec->Entry);
    KeSetEvent(&s_Wake, IO_NO_INCREMENT, FALSE);
}

void
Logger::Thread(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetPriorityThread(KeGetCurrentThread(), LOW_REALTIME_PRIORITY - 8);

    for (;;) {
        KeWaitForSingleObject(&s_Wake, Executive, KernelMode, FALSE, nullptr);

        ULONG burst = 0, bytes = 0;
        PSLIST_ENTRY e = InterlockedFlushSList(&s_Queue);
        while (e != nullptr) {
            auto rec = CONTAINING_RECORD(e, UrbRecord, Entry);
            e = e->Next;
            if (burst < SNOOP_MAX_BURST) {
                SLOG("  dev %p fn 0x%04x pipe %p len %lu", rec->Device, rec->Function,
                     rec->Pipe, rec->Length);
            }
            burst++;
            bytes += rec->Length;
            ExFreeToNPagedLookasideList(&s_Pool, rec);
        }
        if (burst) {
            SLOG("burst: %lu urbs, %lu bytes", burst, bytes);
        }
        if (s_Stop) {
            break;
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
