/*
 * fastio.c - fast I/O table. We have nothing to add on the fast path, so
 * everything returns FALSE and the I/O manager falls back to IRPs; only
 * FastIoDetachDevice does real work.
 */
#include "fsmon.h"

static FAST_IO_CHECK_IF_POSSIBLE FsmFastIoCheckIfPossible;
static FAST_IO_READ              FsmFastIoRead;
static FAST_IO_WRITE             FsmFastIoWrite;
static FAST_IO_DETACH_DEVICE     FsmFastIoDetachDevice;

static BOOLEAN
FsmFastIoCheckIfPossible(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ BOOLEAN CheckForReadOperation,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(FileOffset);
    UNREFERENCED_PARAMETER(Length); UNREFERENCED_PARAMETER(Wait);
    UNREFERENCED_PARAMETER(LockKey); UNREFERENCED_PARAMETER(CheckForReadOperation);
    UNREFERENCED_PARAMETER(IoStatus); UNREFERENCED_PARAMETER(DeviceObject);
    return FALSE;
}

static BOOLEAN
FsmFastIoRead(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _Out_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(FileOffset);
    UNREFERENCED_PARAMETER(Length); UNREFERENCED_PARAMETER(Wait);
    UNREFERENCED_PARAMETER(LockKey); UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(IoStatus); UNREFERENCED_PARAMETER(DeviceObject);
    return FALSE;
}

static BOOLEAN
FsmFastIoWrite(
    _In_ PFILE_OBJECT FileObject, _In_ PLARGE_INTEGER FileOffset, _In_ ULONG Length,
    _In_ BOOLEAN Wait, _In_ ULONG LockKey, _In_ PVOID Buffer,
    _Out_ PIO_STATUS_BLOCK IoStatus, _In_ PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(FileOffset);
    UNREFERENCED_PARAMETER(Length); UNREFERENCED_PARAMETER(Wait);
    UNREFERENCED_PARAMETER(LockKey); UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(IoStatus); UNREFERENCED_PARAMETER(DeviceObject);
    return FALSE;
}

static VOID
FsmFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice
    )
{
    FsmForgetDevice(SourceDevice);
    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

NTSTATUS
FsmInitFastIo(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PFAST_IO_DISPATCH fio;

    fio = (PFAST_IO_DISPATCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FAST_IO_DISPATCH), FSM_TAG);
    if (fio == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    fio->SizeOfFastIoDispatch   = sizeof(FAST_IO_DISPATCH);
    fio->FastIoCheckIfPossible  = FsmFastIoCheckIfPossible;
    fio->FastIoRead             = FsmFastIoRead;
    fio->FastIoWrite            = FsmFastIoWrite;
    fio->FastIoDetachDevice     = FsmFastIoDetachDevice;

    gFsm.FastIo = fio;
    DriverObject->FastIoDispatch = fio;
    return STATUS_SUCCESS;
}

VOID
FsmFreeFastIo(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    DriverObject->FastIoDispatch = NULL;
    if (gFsm.FastIo != NULL) {
        ExFreePoolWithTag(gFsm.FastIo, FSM_TAG);
        gFsm.FastIo = NULL;
    }
}
