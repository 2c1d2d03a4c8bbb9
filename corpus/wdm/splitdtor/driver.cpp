/*
 * driver.cpp - splitdtor: a C++ legacy driver whose owner object holds its
 * device and its symbolic link in RAII members. The owner declares no
 * destructor, so `delete` runs the members' destructors, which another file
 * defines. Conforming: no DE006, no DE011.
 */
#include "holders.h"

void *__cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void *p, size_t)
{
    if (p != nullptr)
        ExFreePoolWithTag(p, 'tdpS');
}

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SplitUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH SplitCreateClose;

static SplitOwner *g_Owner;

static NTSTATUS SplitCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID SplitUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    delete g_Owner;
    g_Owner = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Owner = new (POOL_FLAG_NON_PAGED, 'tdpS') SplitOwner();
    if (g_Owner == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;

    NTSTATUS status = g_Owner->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        delete g_Owner;
        g_Owner = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SplitCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SplitCreateClose;
    DriverObject->DriverUnload = SplitUnload;
    return STATUS_SUCCESS;
}
