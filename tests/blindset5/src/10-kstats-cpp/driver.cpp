// driver.cpp - DriverEntry, device and dispatch for KStats.
#include "kstats.h"

KStatsDriver* g_KStats = nullptr;

void* __cdecl operator new(size_t size, POOL_FLAGS flags) noexcept
{
    return ExAllocatePool2(flags, size, KSTATS_TAG);
}

void __cdecl operator delete(void* p, size_t)
{
    if (p) ExFreePoolWithTag(p, KSTATS_TAG);
}

void __cdecl operator delete(void* p)
{
    if (p) ExFreePoolWithTag(p, KSTATS_TAG);
}

BOOLEAN KStatsDriver::Initialize(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(KSTATS_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KSTATS_LINK_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &m_Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KStats: IoCreateDevice 0x%08X\n", status));
        return FALSE;
    }
    m_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KStats: IoCreateSymbolicLink 0x%08X\n", status));
        return FALSE;        // destructor deletes the device
    }
    m_LinkCreated = TRUE;

    if (!m_Sampler.Start()) {
        KdPrint(("KStats: sampler thread did not start\n"));
        return FALSE;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = Unload;

    m_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return TRUE;
}

KStatsDriver::~KStatsDriver()
{
    m_Sampler.Stop();
    if (m_LinkCreated) {
        UNICODE_STRING linkName = RTL_CONSTANT_STRING(KSTATS_LINK_NAME);
        IoDeleteSymbolicLink(&linkName);
    }
    if (m_Device) {
        IoDeleteDevice(m_Device);
    }
}

NTSTATUS KStatsDriver::DeviceControl(PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_KSTATS_READ) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(Sample);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = m_Ring.Copy(static_cast<Sample*>(Irp->AssociatedIrp.SystemBuffer), max);
            info = n * sizeof(Sample);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS KStatsDriver::DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS KStatsDriver::DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    return g_KStats->DeviceControl(Irp);
}

void KStatsDriver::Unload(PDRIVER_OBJECT)
{
    delete g_KStats;
    g_KStats = nullptr;
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_KStats = new (POOL_FLAG_NON_PAGED) KStatsDriver();
    if (g_KStats == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = g_KStats->Initialize(DriverObject);
    if (!NT_SUCCESS(status)) {
        delete g_KStats;
        g_KStats = nullptr;
    }
    return status;
}
