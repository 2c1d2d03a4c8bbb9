/*
 * chgrmini.c - medium changer miniclass driver for a four-slot optical
 * jukebox. DriverEntry zeroes an MCD_INIT_DATA, sets its size and the
 * changer command routines, and returns what ChangerClassInitialize
 * returns: the changer class library allocates the driver-wide data and
 * sets the dispatch routines. Conforming.
 */

#include <ntddk.h>
#include <mcd.h>

DRIVER_INITIALIZE DriverEntry;

static ULONG JbExtensionSize(VOID);
static NTSTATUS JbInitialize(PDEVICE_OBJECT DeviceObject);
static NTSTATUS JbGetParameters(PDEVICE_OBJECT DeviceObject, PIRP Irp);

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    MCD_INIT_DATA mcdInitData;

    RtlZeroMemory(&mcdInitData, sizeof(MCD_INIT_DATA));
    mcdInitData.InitDataSize = sizeof(MCD_INIT_DATA);
    mcdInitData.ChangerAdditionalExtensionSize = JbExtensionSize;
    mcdInitData.ChangerInitialize = JbInitialize;
    mcdInitData.ChangerGetParameters = JbGetParameters;

    return ChangerClassInitialize(DriverObject, RegistryPath, &mcdInitData);
}

static ULONG
JbExtensionSize(VOID)
{
    return sizeof(ULONG) * 4;
}

static NTSTATUS
JbInitialize(PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return STATUS_SUCCESS;
}

static NTSTATUS
JbGetParameters(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    return STATUS_SUCCESS;
}
