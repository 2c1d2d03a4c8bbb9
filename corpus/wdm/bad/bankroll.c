/*
 * bankroll.c (bad) - "relaybank" as bankroll.c, but when bank i fails
 * DriverEntry returns without rolling back the banks before it: their
 * devices and links stay.
 */

#include <ntddk.h>

#define RB_BANKS 3

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RbUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RbCreateClose;

typedef struct _RB_EXT {
    ULONG Bank;
    UNICODE_STRING Link;
    WCHAR LinkText[32];
    BOOLEAN Linked;
} RB_EXT, *PRB_EXT;

static PDEVICE_OBJECT g_Banks[RB_BANKS];

static VOID RbDestroyBank(ULONG Bank)
{
    PRB_EXT ext;

    if (g_Banks[Bank] == NULL)
        return;
    ext = (PRB_EXT)g_Banks[Bank]->DeviceExtension;
    if (ext->Linked)
        IoDeleteSymbolicLink(&ext->Link);
    IoDeleteDevice(g_Banks[Bank]);
    g_Banks[Bank] = NULL;
}

static NTSTATUS RbCreateBank(PDRIVER_OBJECT DriverObject, ULONG Bank)
{
    WCHAR nameText[32];
    UNICODE_STRING name;
    PRB_EXT ext;
    NTSTATUS status;

    status = RtlStringCbPrintfW(nameText, sizeof(nameText), L"\\Device\\RelayBank%lu", Bank);
    if (!NT_SUCCESS(status))
        return status;
    RtlInitUnicodeString(&name, nameText);

    status = IoCreateDevice(DriverObject, sizeof(RB_EXT), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Banks[Bank]);
    if (!NT_SUCCESS(status)) {
        g_Banks[Bank] = NULL;
        return status;
    }

    ext = (PRB_EXT)g_Banks[Bank]->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Bank = Bank;
    RtlInitEmptyUnicodeString(&ext->Link, ext->LinkText, sizeof(ext->LinkText));
    status = RtlUnicodeStringPrintf(&ext->Link, L"\\DosDevices\\RELAY%lu", Bank);
    if (NT_SUCCESS(status))
        status = IoCreateSymbolicLink(&ext->Link, &name);
    if (!NT_SUCCESS(status)) {
        RbDestroyBank(Bank);
        return status;
    }
    ext->Linked = TRUE;
    g_Banks[Bank]->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS RbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID RbUnload(PDRIVER_OBJECT DriverObject)
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    for (i = 0; i < RB_BANKS; i++)
        RbDestroyBank(i);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(g_Banks, sizeof(g_Banks));

    for (i = 0; i < RB_BANKS; i++) {
        status = RbCreateBank(DriverObject, i);
        if (!NT_SUCCESS(status))
            break;
    }
    if (!NT_SUCCESS(status))
        return status; // expect: DE006, DE006

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RbCreateClose;
    DriverObject->DriverUnload = RbUnload;
    return STATUS_SUCCESS;
}
