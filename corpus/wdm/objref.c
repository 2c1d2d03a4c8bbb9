/*
 * objref.c - a legacy driver that samples the CPU usage of a helper
 * process's main thread. DriverEntry opens the thread by its ID, takes a
 * reference to its object with ObReferenceObjectByHandle and closes the
 * handle; the reference is dropped on every failure after it, and by the
 * unload routine. Conforming: no DE006, no DE011.
 */

#include <ntifs.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH OrCreateClose;

static PETHREAD g_Sampled;
static PDEVICE_OBJECT g_OrDevice;

NTSTATUS
OrCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
OrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_OrDevice);
    ObDereferenceObject(g_Sampled);
}

static NTSTATUS
OrOpenThread(
    _In_ ULONG ThreadId
    )
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID client;
    HANDLE thread;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    client.UniqueProcess = NULL;
    client.UniqueThread = ULongToHandle(ThreadId);
    status = ZwOpenThread(&thread, THREAD_QUERY_LIMITED_INFORMATION, &attributes, &client);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, THREAD_QUERY_LIMITED_INFORMATION, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Sampled, NULL);
    ZwClose(thread);
    return status;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = OrOpenThread(4);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_OrDevice);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(g_Sampled);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OrCreateClose;
    DriverObject->DriverUnload = OrUnload;
    return STATUS_SUCCESS;
}
