//
// devices.c - creation / deletion of the device objects and their I/O
//
#include "multidev.h"

const MD_DEVICE_INFO g_MdTable[MdKindCount] = {
    { L"\\Device\\MdNull",   L"\\DosDevices\\MdNull",   MdNull   },
    { L"\\Device\\MdZero",   L"\\DosDevices\\MdZero",   MdZero   },
    { L"\\Device\\MdRandom", L"\\DosDevices\\MdRandom", MdRandom },
    { L"\\Device\\MdEcho",   L"\\DosDevices\\MdEcho",   MdEcho   },
};

//
// Creates device number Index and its DOS name. On failure nothing of
// this index is left behind.
//
NTSTATUS
MdCreateOne(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT dev = NULL;
    PMD_EXTENSION ext;
    NTSTATUS status;

    RtlInitUnicodeString(&devName, g_MdTable[Index].DeviceName);
    RtlInitUnicodeString(&linkName, g_MdTable[Index].LinkName);

    status = IoCreateDevice(DriverObject, sizeof(MD_EXTENSION), &devName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        MD_PRINT("IoCreateDevice(%wZ) failed 0x%08X\n", &devName, status);
        return status;
    }

    ext = (PMD_EXTENSION)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = g_MdTable[Index].Kind;
    ext->Seed = 0x1234567u + Index * 7919u;
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        MD_PRINT("IoCreateSymbolicLink(%wZ) failed 0x%08X\n", &linkName, status);
        IoDeleteDevice(dev);
        return status;
    }

    g_Md.Devices[Index] = dev;
    g_Md.LinkUp[Index] = TRUE;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
MdDestroyOne(ULONG Index)
{
    UNICODE_STRING linkName;

    if (g_Md.LinkUp[Index]) {
        RtlInitUnicodeString(&linkName, g_MdTable[Index].LinkName);
        IoDeleteSymbolicLink(&linkName);
        g_Md.LinkUp[Index] = FALSE;
    }
    if (g_Md.Devices[Index] != NULL) {
        IoDeleteDevice(g_Md.Devices[Index]);
        g_Md.Devices[Index] = NULL;
    }
}

VOID
MdDestroyAll(VOID)
{
    ULONG i = MdKindCount;

    while (i-- > 0) {
        MdDestroyOne(i);
    }
}

static NTSTATUS
MdFinish(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
MdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMD_EXTENSION ext = (PMD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement((volatile LONG *)&ext->OpenCount);
    } else {
        InterlockedDecrement((volatile LONG *)&ext->OpenCount);
    }
    return MdFinish(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
MdRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMD_EXTENSION ext = (PMD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buf = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG len = sp->Parameters.Read.Length;
    ULONG i;

    switch (ext->Kind) {
    case MdNull:
        return MdFinish(Irp, STATUS_SUCCESS, 0);

    case MdZero:
        RtlZeroMemory(buf, len);
        return MdFinish(Irp, STATUS_SUCCESS, len);

    case MdRandom:
        for (i = 0; i < len; i++) {
            buf[i] = (UCHAR)(RtlRandomEx(&ext->Seed) & 0xFF);
        }
        return MdFinish(Irp, STATUS_SUCCESS, len);

    case MdEcho: {
        ULONG n;
        ExAcquireFastMutex(&g_Md.Echo->Lock);
        n = min(len, g_Md.Echo->Length);
        RtlCopyMemory(buf, g_Md.Echo->Data, n);
        ExReleaseFastMutex(&g_Md.Echo->Lock);
        return MdFinish(Irp, STATUS_SUCCESS, n);
    }
    default:
        return MdFinish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

NTSTATUS
MdWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMD_EXTENSION ext = (PMD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Write.Length;

    if (ext->Kind == MdEcho) {
        ULONG n = min(len, (ULONG)MD_ECHO_CAPACITY);
        ExAcquireFastMutex(&g_Md.Echo->Lock);
        RtlCopyMemory(g_Md.Echo->Data, Irp->AssociatedIrp.SystemBuffer, n);
        g_Md.Echo->Length = n;
        ExReleaseFastMutex(&g_Md.Echo->Lock);
        return MdFinish(Irp, STATUS_SUCCESS, n);
    }
    // every other device accepts and drops the data
    return MdFinish(Irp, STATUS_SUCCESS, len);
}

NTSTATUS
MdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return MdFinish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}
