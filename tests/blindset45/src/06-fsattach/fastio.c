/*
 * fastio.c - we only sit on file system CDOs, so every data fast I/O
 * path just declines and the I/O manager falls back to IRPs.  Detach
 * is the one that matters.
 */
#include "fsattach.h"

static FAST_IO_CHECK_IF_POSSIBLE FaFastIoCheckIfPossible;
static FAST_IO_READ              FaFastIoRead;
static FAST_IO_WRITE             FaFastIoWrite;
static FAST_IO_DEVICE_CONTROL    FaFastIoDeviceControl;
static FAST_IO_DETACH_DEVICE     FaFastIoDetachDevice;

static BOOLEAN
FaFastIoCheckIfPossible(
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
FaFastIoRead(
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
FaFastIoWrite(
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

static BOOLEAN
FaFastIoDeviceControl(
    _In_ PFILE_OBJECT FileObject, _In_ BOOLEAN Wait,
    _In_opt_ PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_opt_ PVOID OutputBuffer, _In_ ULONG OutputBufferLength,
    _In_ ULONG IoControlCode, _Out_ PIO_STATUS_BLOCK IoStatus,
    _In_ PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(Wait);
    UNREFERENCED_PARAMETER(InputBuffer); UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBuffer); UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode); UNREFERENCED_PARAMETER(IoStatus);
    UNREFERENCED_PARAMETER(DeviceObject);
    return FALSE;
}

/* the device below us is going away (e.g. FS driver unloading) */
static VOID
FaFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice)
{
    FA_PRINT("fast detach %p from %p", SourceDevice, TargetDevice);

    FaForgetDevice(SourceDevice);
    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

NTSTATUS
FaFastIoInit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PFAST_IO_DISPATCH fio;

    fio = (PFAST_IO_DISPATCH)ExAllocatePoolZero(NonPagedPoolNx, sizeof(FAST_IO_DISPATCH), FA_TAG);
    if (fio == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    fio->SizeOfFastIoDispatch  = sizeof(FAST_IO_DISPATCH);
    fio->FastIoCheckIfPossible = FaFastIoCheckIfPossible;
    fio->FastIoRead            = FaFastIoRead;
    fio->FastIoWrite           = FaFastIoWrite;
    fio->FastIoDeviceControl   = FaFastIoDeviceControl;
    fio->FastIoDetachDevice    = FaFastIoDetachDevice;

    DriverObject->FastIoDispatch = fio;
    return STATUS_SUCCESS;
}

VOID
FaFastIoUninit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PFAST_IO_DISPATCH fio = DriverObject->FastIoDispatch;

    DriverObject->FastIoDispatch = NULL;
    if (fio != NULL) {
        ExFreePoolWithTag(fio, FA_TAG);
    }
}
