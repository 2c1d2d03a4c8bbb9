/*
 * finret.c - "thrguard": a thread-protection driver in the hobby style that
 * returns from inside __try and lets __finally undo what was set up: a
 * `return` leaving a __try runs the __finally first, so the device and the
 * link are deleted before DriverEntry returns (a false DE006 before: the
 * return was taken to end the path before the __finally ran).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TgUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TgCreateClose;

static PDEVICE_OBJECT g_TgDevice;
static BOOLEAN g_TgLinked;
static PVOID g_TgCookie;
static UNICODE_STRING g_TgName = RTL_CONSTANT_STRING(L"\\Device\\ThrGuard");
static UNICODE_STRING g_TgLink = RTL_CONSTANT_STRING(L"\\DosDevices\\ThrGuard");

static VOID TgThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
}

NTSTATUS TgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID TgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveCreateThreadNotifyRoutine(TgThreadNotify);
    IoDeleteSymbolicLink(&g_TgLink);
    IoDeleteDevice(g_TgDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;

    UNREFERENCED_PARAMETER(RegistryPath);
    g_TgCookie = NULL;

    __try {
        status = IoCreateDevice(DriverObject, 0, &g_TgName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_TgDevice);
        if (!NT_SUCCESS(status)) {
            g_TgDevice = NULL;
            return status;
        }
        status = IoCreateSymbolicLink(&g_TgLink, &g_TgName);
        if (!NT_SUCCESS(status))
            return status;
        g_TgLinked = TRUE;
        status = PsSetCreateThreadNotifyRoutine(TgThreadNotify);
        if (!NT_SUCCESS(status))
            __leave;

        DriverObject->MajorFunction[IRP_MJ_CREATE] = TgCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = TgCreateClose;
        DriverObject->DriverUnload = TgUnload;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            if (g_TgLinked) {
                IoDeleteSymbolicLink(&g_TgLink);
                g_TgLinked = FALSE;
            }
            if (g_TgDevice != NULL) {
                IoDeleteDevice(g_TgDevice);
                g_TgDevice = NULL;
            }
        }
    }
    return status;
}
