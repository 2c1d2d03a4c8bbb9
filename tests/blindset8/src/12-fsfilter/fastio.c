/*
 * fastio.c - fast I/O pass-through.  A legacy filter must provide a table
 * or cached I/O bypasses it; each entry forwards to the device below.
 */
#include "fsflt.h"

#define FSF_NEXT_FASTIO(dev, routine, nextDev)                                     \
    (((dev)->DeviceExtension != NULL) &&                                            \
     ((nextDev) = ((PFSF_DEVICE_EXTENSION)(dev)->DeviceExtension)->AttachedTo,      \
      (nextDev)->DriverObject->FastIoDispatch != NULL) &&                           \
     (nextDev)->DriverObject->FastIoDispatch->SizeOfFastIoDispatch >                \
         FIELD_OFFSET(FAST_IO_DISPATCH, routine) &&                                 \
     (nextDev)->DriverObject->FastIoDispatch->routine != NULL)

static BOOLEAN
FsfFastIoCheckIfPossible(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ BOOLEAN CheckForReadOperation,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;

    if (FSF_NEXT_FASTIO(DeviceObject, FastIoCheckIfPossible, next)) {
        return next->DriverObject->FastIoDispatch->FastIoCheckIfPossible(
            FileObject, FileOffset, Length, Wait, LockKey, CheckForReadOperation, IoStatus, next);
    }
    return FALSE;
}

static BOOLEAN
FsfFastIoRead(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _Out_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;

    if (FSF_NEXT_FASTIO(DeviceObject, FastIoRead, next)) {
        return next->DriverObject->FastIoDispatch->FastIoRead(
            FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus, next);
    }
    return FALSE;
}

static BOOLEAN
FsfFastIoWrite(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;

    if (FSF_NEXT_FASTIO(DeviceObject, FastIoWrite, next)) {
        return next->DriverObject->FastIoDispatch->FastIoWrite(
            FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus, next);
    }
    return FALSE;
}

static BOOLEAN
FsfFastIoQueryBasicInfo(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait, _Out_ PFILE_BASIC_INFORMATION Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;

    if (FSF_NEXT_FASTIO(DeviceObject, FastIoQueryBasicInfo, next)) {
        return next->DriverObject->FastIoDispatch->FastIoQueryBasicInfo(
            FileObject, Wait, Buffer, IoStatus, next);
    }
    return FALSE;
}

static BOOLEAN
FsfFastIoQueryStandardInfo(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait, _Out_ PFILE_STANDARD_INFORMATION Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;

    if (FSF_NEXT_FASTIO(DeviceObject, FastIoQueryStandardInfo, next)) {
        return next->DriverObject->FastIoDispatch->FastIoQueryStandardInfo(
            FileObject, Wait, Buffer, IoStatus, next);
    }
    return FALSE;
}

static VOID
FsfFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice)
{
    PFSF_DEVICE_EXTENSION ext = (PFSF_DEVICE_EXTENSION)SourceDevice->DeviceExtension;

    UNREFERENCED_PARAMETER(TargetDevice);

    /* the volume below is going away (dismount): drop our device */
    ExAcquireFastMutex(&FsfGlobals->AttachLock);
    RemoveEntryList(&ext->Link);
    FsfGlobals->AttachedCount--;
    ExReleaseFastMutex(&FsfGlobals->AttachLock);

    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

VOID
FsfFillFastIoTable(
    _Out_ PFAST_IO_DISPATCH FastIo
    )
{
    RtlZeroMemory(FastIo, sizeof(*FastIo));
    FastIo->SizeOfFastIoDispatch    = sizeof(FAST_IO_DISPATCH);
    FastIo->FastIoCheckIfPossible   = FsfFastIoCheckIfPossible;
    FastIo->FastIoRead              = FsfFastIoRead;
    FastIo->FastIoWrite             = FsfFastIoWrite;
    FastIo->FastIoQueryBasicInfo    = FsfFastIoQueryBasicInfo;
    FastIo->FastIoQueryStandardInfo = FsfFastIoQueryStandardInfo;
    FastIo->FastIoDetachDevice      = FsfFastIoDetachDevice;
}
