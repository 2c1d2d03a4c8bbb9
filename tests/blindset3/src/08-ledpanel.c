// ledpanel.sys - one control device per virtual LED bank (3 banks)
// user mode opens \\.\LedBank0..2 and sends IOCTL_LED_SET
#include <ntddk.h>
#include <ntstrsafe.h>

#define BANKS 3
#define IOCTL_LED_SET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define LP_TAG 'dlPL'

typedef struct _BANK_EXT {
    ULONG Id;
    ULONG State;
    KSPIN_LOCK Lock;
    WCHAR LinkText[24];
    UNICODE_STRING Link;
} BANK_EXT, *PBANK_EXT;

static PDEVICE_OBJECT g_Bank[BANKS];

static NTSTATUS LedComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS LedOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return LedComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS LedIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBANK_EXT ext = (PBANK_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql;

    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_LED_SET)
        return LedComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (sl->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
        return LedComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);

    KeAcquireSpinLock(&ext->Lock, &irql);
    ext->State = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
    KeReleaseSpinLock(&ext->Lock, irql);
    KdPrint(("ledpanel: bank %lu -> 0x%lx\n", ext->Id, ext->State));
    return LedComplete(Irp, STATUS_SUCCESS, 0);
}

static VOID DestroyBank(ULONG i)
{
    PBANK_EXT ext;
    if (g_Bank[i] == NULL)
        return;
    ext = (PBANK_EXT)g_Bank[i]->DeviceExtension;
    if (ext->Link.Length != 0)
        IoDeleteSymbolicLink(&ext->Link);
    IoDeleteDevice(g_Bank[i]);
    g_Bank[i] = NULL;
}

static NTSTATUS CreateBank(PDRIVER_OBJECT DriverObject, ULONG i)
{
    WCHAR devText[32];
    UNICODE_STRING devName;
    PBANK_EXT ext;
    NTSTATUS status;

    status = RtlStringCbPrintfW(devText, sizeof(devText), L"\\Device\\LedBank%lu", i);
    if (!NT_SUCCESS(status))
        return status;
    RtlInitUnicodeString(&devName, devText);

    status = IoCreateDevice(DriverObject, sizeof(BANK_EXT), &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Bank[i]);
    if (!NT_SUCCESS(status)) {
        g_Bank[i] = NULL;
        return status;
    }

    ext = (PBANK_EXT)g_Bank[i]->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Id = i;
    KeInitializeSpinLock(&ext->Lock);

    status = RtlStringCbPrintfW(ext->LinkText, sizeof(ext->LinkText), L"\\??\\LedBank%lu", i);
    if (NT_SUCCESS(status)) {
        UNICODE_STRING link;
        RtlInitUnicodeString(&link, ext->LinkText);
        status = IoCreateSymbolicLink(&link, &devName);
        if (NT_SUCCESS(status))
            ext->Link = link;          // only remembered once it exists
    }
    if (!NT_SUCCESS(status)) {
        DestroyBank(i);                // deletes the device, link is empty
        return status;
    }

    g_Bank[i]->Flags |= DO_BUFFERED_IO;
    g_Bank[i]->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID LedUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    for (ULONG i = 0; i < BANKS; i++)
        DestroyBank(i);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    RtlZeroMemory(g_Bank, sizeof(g_Bank));

    for (i = 0; i < BANKS; i++) {
        status = CreateBank(DriverObject, i);
        if (!NT_SUCCESS(status))
            break;
    }

    if (!NT_SUCCESS(status)) {
        KdPrint(("ledpanel: bank %lu failed 0x%08X, rolling back\n", i, status));
        while (i-- > 0)
            DestroyBank(i);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LedOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LedOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LedIoctl;
    DriverObject->DriverUnload = LedUnload;
    return STATUS_SUCCESS;
}
