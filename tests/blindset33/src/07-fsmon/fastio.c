/*
 * fastio.c - fast I/O pass-through. A legacy filter must provide a
 * FAST_IO_DISPATCH, at least FastIoDetachDevice.
 */
#include "fsmon.h"

#define FSMON_HAS_FASTIO(_fio, _fn) \
    ((_fio) != NULL && \
     (_fio)->SizeOfFastIoDispatch > FIELD_OFFSET(FAST_IO_DISPATCH, _fn) && \
     (_fio)->_fn != NULL)

static BOOLEAN
FsMonLower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Out_ PDEVICE_OBJECT *Next,
    _Out_ PFAST_IO_DISPATCH *FastIo
    )
{
    PFSMON_DEVICE_EXTENSION ext = (PFSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    *Next = NULL;
    *FastIo = NULL;

    if (ext == NULL || ext->AttachedTo == NULL) {
        return FALSE;               /* our CDO, or not attached yet */
    }

    *Next = ext->AttachedTo;
    *FastIo = (*Next)->DriverObject->FastIoDispatch;
    return TRUE;
}

static BOOLEAN
FsMonFastIoCheckIfPossible(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length,
                           BOOLEAN Wait, ULONG LockKey, BOOLEAN CheckForReadOperation,
                           PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;
    PFAST_IO_DISPATCH fio;

    if (FsMonLower(DeviceObject, &next, &fio) && FSMON_HAS_FASTIO(fio, FastIoCheckIfPossible)) {
        return fio->FastIoCheckIfPossible(FileObject, FileOffset, Length, Wait, LockKey,
                                          CheckForReadOperation, IoStatus, next);
    }
    return FALSE;
}

static BOOLEAN
FsMonFastIoRead(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length,
                BOOLEAN Wait, ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus,
                PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT next;
    PFAST_IO_DISPATCH fio;

    if (FsMonLower(DeviceObject, &next, &fio) && FSMON_HAS_FASTIO(fio, FastIoRead)) {
        return fio->FastIoRead(FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus, next);
    }
    return FALSE;
}

/* called when the device below us is going away (volume dismount) */
static VOID
FsMonFastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    PFSMON_DEVICE_EXTENSION ext = (PFSMON_DEVICE_EXTENSION)SourceDevice->DeviceExtension;

    if (FsMonForget(ext)) {
        IoDetachDevice(TargetDevice);
        IoDeleteDevice(SourceDevice);
    }
}

NTSTATUS
FsMonSetupFastIo(_In_ PDRIVER_OBJECT DriverObject)
{
    PFAST_IO_DISPATCH fio;

    fio = (PFAST_IO_DISPATCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FAST_IO_DISPATCH), FSMON_TAG);
    if (fio == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    fio->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    fio->FastIoCheckIfPossible = FsMonFastIoCheckIfPossible;
    fio->FastIoRead = FsMonFastIoRead;
    fio->FastIoDetachDevice = FsMonFastIoDetachDevice;

    DriverObject->FastIoDispatch = fio;
    return STATUS_SUCCESS;
}

VOID
FsMonFreeFastIo(_In_ PDRIVER_OBJECT DriverObject)
{
    if (DriverObject->FastIoDispatch != NULL) {
        ExFreePoolWithTag(DriverObject->FastIoDispatch, FSMON_TAG);
        DriverObject->FastIoDispatch = NULL;
    }
}
