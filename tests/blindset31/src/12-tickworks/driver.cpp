//
// driver.cpp - tickworks: legacy control device in front of a worker
// thread and a periodic housekeeping tick.
//
#include "ticker.h"

TW_STATS g_Stats;

namespace
{
    constexpr ULONG TickPeriodMs = 2000;

    enum InitStep : ULONG
    {
        StepPool   = 0x01,
        StepDevice = 0x02,
        StepLink   = 0x04,
        StepWorker = 0x08,
        StepTicker = 0x10,
    };

    NPAGED_LOOKASIDE_LIST g_RequestPool;
    PDEVICE_OBJECT        g_Device;
    Worker                g_Worker;
    Ticker                g_Ticker;
    ULONG                 g_Initialized;

    UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\TickWorks");
    UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\TickWorks");

    // Undo completed steps, newest first: the ticker feeds the worker, the
    // worker allocates from the pool, the ticker's work item needs the device.
    void Teardown(ULONG steps) noexcept
    {
        if (steps & StepTicker) { g_Ticker.Stop(); }
        if (steps & StepWorker) { g_Worker.Stop(); }
        if (steps & StepLink)   { IoDeleteSymbolicLink(&g_LinkName); }
        if (steps & StepDevice) { IoDeleteDevice(g_Device); g_Device = nullptr; }
        if (steps & StepPool)   { ExDeleteNPagedLookasideList(&g_RequestPool); }
    }

    // RAII rollback for DriverEntry: anything not committed is undone.
    class InitTransaction
    {
    public:
        InitTransaction() noexcept : m_Done(0) {}
        ~InitTransaction() { Teardown(m_Done); }
        void  Mark(ULONG step) noexcept { m_Done |= step; }
        ULONG Commit() noexcept { ULONG d = m_Done; m_Done = 0; return d; }
        InitTransaction(const InitTransaction&) = delete;
        InitTransaction& operator=(const InitTransaction&) = delete;
    private:
        ULONG m_Done;
    };

    NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
    {
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = Info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }

    NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
    {
        return Complete(Irp, STATUS_SUCCESS);
    }

    NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
    {
        auto& dic = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl;
        PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

        switch (dic.IoControlCode) {
        case IOCTL_TW_POST:
            if (dic.InputBufferLength < sizeof(ULONG)) {
                return Complete(Irp, STATUS_INVALID_PARAMETER);
            }
            return Complete(Irp, g_Worker.Post(RequestKind::User, *static_cast<PULONG>(buffer)));

        case IOCTL_TW_STATS:
            if (dic.OutputBufferLength < sizeof(TW_STATS)) {
                return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
            }
            RtlCopyMemory(buffer, &g_Stats, sizeof(TW_STATS));
            return Complete(Irp, STATUS_SUCCESS, sizeof(TW_STATS));

        default:
            return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
        }
    }

    void TwUnload(PDRIVER_OBJECT)
    {
        TW_LOG("unloading: %ld ticks, %ld requests done", g_Stats.Ticks, g_Stats.RequestsDone);
        Teardown(g_Initialized);
        g_Initialized = 0;
    }
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    InitTransaction tx;
    NTSTATUS status;

    ExInitializeNPagedLookasideList(&g_RequestPool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(TW_REQUEST), TW_TAG, 0);
    tx.Mark(StepPool);

    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    tx.Mark(StepDevice);

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    tx.Mark(StepLink);

    status = g_Worker.Start(&g_RequestPool);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    tx.Mark(StepWorker);

    status = g_Ticker.Start(g_Device, &g_Worker, TickPeriodMs);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    tx.Mark(StepTicker);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = TwUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    g_Initialized = tx.Commit();
    return STATUS_SUCCESS;
}
