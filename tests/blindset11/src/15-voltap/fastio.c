/*
 * fastio.c - pass-through fast I/O. A legacy filter that sets a fast I/O
 * table has to forward every entry it fills in to the device below.
 */
#include "voltap.h"

static PFAST_IO_DISPATCH
VtLowerFastIo(PDEVICE_OBJECT DeviceObject, PDEVICE_OBJECT *Lower)
{
    PVT_EXTENSION ext = (PVT_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->Kind != VtFilter || ext->AttachedTo == NULL) {
        return NULL;
    }
    *Lower = ext->AttachedTo;
    return ext->AttachedTo->DriverObject->FastIoDispatch;
}

static BOOLEAN
VtFastIoCheckIfPossible(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length,
                        BOOLEAN Wait, ULONG LockKey, BOOLEAN CheckForReadOperation,
                        PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoCheckIfPossible)) {
        return fio->FastIoCheckIfPossible(FileObject, FileOffset, Length, Wait, LockKey,
                                          CheckForReadOperation, IoStatus, lower);
    }
    return FALSE;
}

static BOOLEAN
VtFastIoRead(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
             ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoRead)) {
        return fio->FastIoRead(FileObject, FileOffset, Length, Wait, LockKey, Buffer,
                               IoStatus, lower);
    }
    return FALSE;
}

static BOOLEAN
VtFastIoWrite(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
              ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoWrite)) {
        return fio->FastIoWrite(FileObject, FileOffset, Length, Wait, LockKey, Buffer,
                                IoStatus, lower);
    }
    return FALSE;
}

static BOOLEAN
VtFastIoQueryBasicInfo(PFILE_OBJECT FileObject, BOOLEAN Wait, PFILE_BASIC_INFORMATION Buffer,
                       PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoQueryBasicInfo)) {
        return fio->FastIoQueryBasicInfo(FileObject, Wait, Buffer, IoStatus, lower);
    }
    return FALSE;
}

static BOOLEAN
VtFastIoQueryStandardInfo(PFILE_OBJECT FileObject, BOOLEAN Wait, PFILE_STANDARD_INFORMATION Buffer,
                          PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoQueryStandardInfo)) {
        return fio->FastIoQueryStandardInfo(FileObject, Wait, Buffer, IoStatus, lower);
    }
    return FALSE;
}

static BOOLEAN
VtFastIoDeviceControl(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                      ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                      ULONG IoControlCode, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT lower;
    PFAST_IO_DISPATCH fio = VtLowerFastIo(DeviceObject, &lower);

    if (VALID_FAST_IO_DISPATCH_HANDLER(fio, FastIoDeviceControl)) {
        return fio->FastIoDeviceControl(FileObject, Wait, InputBuffer, InputBufferLength,
                                        OutputBuffer, OutputBufferLength, IoControlCode,
                                        IoStatus, lower);
    }
    return FALSE;
}

static VOID
VtFastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    /* the volume is being dismounted; get off it */
    VtForgetFilter(SourceDevice);
    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

PFAST_IO_DISPATCH
VtAllocFastIo(VOID)
{
    PFAST_IO_DISPATCH fio;

    fio = (PFAST_IO_DISPATCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FAST_IO_DISPATCH), VT_TAG);
    if (fio == NULL) {
        return NULL;
    }

    fio->SizeOfFastIoDispatch    = sizeof(FAST_IO_DISPATCH);
    fio->FastIoCheckIfPossible   = VtFastIoCheckIfPossible;
    fio->FastIoRead              = VtFastIoRead;
    fio->FastIoWrite             = VtFastIoWrite;
    fio->FastIoQueryBasicInfo    = VtFastIoQueryBasicInfo;
    fio->FastIoQueryStandardInfo = VtFastIoQueryStandardInfo;
    fio->FastIoDeviceControl     = VtFastIoDeviceControl;
    fio->FastIoDetachDevice      = VtFastIoDetachDevice;
    return fio;
}

VOID
VtFreeFastIo(_In_ PFAST_IO_DISPATCH FastIo)
{
    ExFreePoolWithTag(FastIo, VT_TAG);
}
