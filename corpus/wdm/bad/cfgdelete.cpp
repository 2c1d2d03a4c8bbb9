/*
 * bad/cfgdelete.cpp - as wdm/cfgdelete.cpp, with the log line after the
 * delete: it reads the limit from the settings just given back (DE017).
 */

#include <ntddk.h>

#define PW_TAG 'hcWP'

class Settings {
public:
    static void *operator new(size_t size) noexcept
    {
        return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, PW_TAG);
    }
    static void operator delete(void *p) noexcept
    {
        if (p != nullptr)
            ExFreePoolWithTag(p, PW_TAG);
    }
    ULONG MaxRecords = 256;
    BOOLEAN Verbose = FALSE;
};

static Settings *g_Settings;
static PDEVICE_OBJECT g_Device;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH PwCreateClose;

static NTSTATUS PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Device);
    delete g_Settings;
    g_Settings = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Settings = new Settings;
    if (g_Settings == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        delete g_Settings;
        DbgPrint("procwatch: no device (0x%08X), limit was %lu\n", status, g_Settings->MaxRecords); // expect: DE017
        g_Settings = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->DriverUnload = PwUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
