/*
 * fastio.c - fast I/O pass-through. Every entry forwards to the device we
 * are attached to, or fails so the I/O manager falls back to an IRP.
 */
#include "fsmon.h"

#define FSM_NEXT_FASTIO(_dev, _routine, _next)                                          \
    PDEVICE_OBJECT _next = NULL;                                                        \
    PFAST_IO_DISPATCH _fio = NULL;                                                      \
    if ((_dev)->DeviceExtension != NULL) {                                              \
        _next = ((PFSM_DEVICE_EXTENSION)(_dev)->DeviceExtension)->AttachedToDeviceObject; \
        _fio = _next->DriverObject->FastIoDispatch;                                     \
    }                                                                                   \
    if (_fio == NULL || _fio->SizeOfFastIoDispatch <= FIELD_OFFSET(FAST_IO_DISPATCH, _routine) || \
        _fio->_routine == NULL) {                                                       \
        return FALSE;                                                                   \
    }

static BOOLEAN
FsmFastIoCheckIfPossible(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ BOOLEAN CheckForReadOperation,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoCheckIfPossible, next);
    return _fio->FastIoCheckIfPossible(FileObject, FileOffset, Length, Wait, LockKey,
                                       CheckForReadOperation, IoStatus, next);
}

static BOOLEAN
FsmFastIoRead(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _Out_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoRead, next);
    return _fio->FastIoRead(FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus, next);
}

static BOOLEAN
FsmFastIoWrite(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoWrite, next);
    return _fio->FastIoWrite(FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus, next);
}

static BOOLEAN
FsmFastIoQueryBasicInfo(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait, _Out_ PFILE_BASIC_INFORMATION Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoQueryBasicInfo, next);
    return _fio->FastIoQueryBasicInfo(FileObject, Wait, Buffer, IoStatus, next);
}

static BOOLEAN
FsmFastIoQueryStandardInfo(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait, _Out_ PFILE_STANDARD_INFORMATION Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoQueryStandardInfo, next);
    return _fio->FastIoQueryStandardInfo(FileObject, Wait, Buffer, IoStatus, next);
}

static BOOLEAN
FsmFastIoDeviceControl(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait, _In_opt_ PVOID InputBuffer,
    _In_ ULONG InputBufferLength, _Out_opt_ PVOID OutputBuffer, _In_ ULONG OutputBufferLength,
    _In_ ULONG IoControlCode, _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoDeviceControl, next);
    return _fio->FastIoDeviceControl(FileObject, Wait, InputBuffer, InputBufferLength,
                                     OutputBuffer, OutputBufferLength, IoControlCode,
                                     IoStatus, next);
}

static BOOLEAN
FsmFastIoQueryNetworkOpenInfo(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait,
    _Out_ PFILE_NETWORK_OPEN_INFORMATION Buffer, _Out_ PIO_STATUS_BLOCK IoStatus,
    _In_ PDEVICE_OBJECT DeviceObject)
{
    FSM_NEXT_FASTIO(DeviceObject, FastIoQueryNetworkOpenInfo, next);
    return _fio->FastIoQueryNetworkOpenInfo(FileObject, Wait, Buffer, IoStatus, next);
}

VOID
FsmFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice
    )
{
    /* the device below is going away (volume dismount) */
    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

const FAST_IO_DISPATCH FsmFastIoTemplate = {
    sizeof(FAST_IO_DISPATCH),
    FsmFastIoCheckIfPossible,
    FsmFastIoRead,
    FsmFastIoWrite,
    FsmFastIoQueryBasicInfo,
    FsmFastIoQueryStandardInfo,
    NULL,                           /* FastIoLock */
    NULL,                           /* FastIoUnlockSingle */
    NULL,                           /* FastIoUnlockAll */
    NULL,                           /* FastIoUnlockAllByKey */
    FsmFastIoDeviceControl,
    NULL,                           /* AcquireFileForNtCreateSection */
    NULL,                           /* ReleaseFileForNtCreateSection */
    FsmFastIoDetachDevice,
    FsmFastIoQueryNetworkOpenInfo,
    NULL,                           /* AcquireForModWrite */
    NULL,                           /* MdlRead */
    NULL,                           /* MdlReadComplete */
    NULL,                           /* PrepareMdlWrite */
    NULL,                           /* MdlWriteComplete */
    NULL,                           /* FastIoReadCompressed */
    NULL,                           /* FastIoWriteCompressed */
    NULL,                           /* MdlReadCompleteCompressed */
    NULL,                           /* MdlWriteCompleteCompressed */
    NULL,                           /* FastIoQueryOpen */
    NULL,                           /* ReleaseForModWrite */
    NULL,                           /* AcquireForCcFlush */
    NULL,                           /* ReleaseForCcFlush */
};
