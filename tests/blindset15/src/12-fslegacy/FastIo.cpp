#include "FsFilter.h"

namespace fsmon {
namespace {

//
// Every fast I/O entry (except detach) takes the device object last, so one
// template forwards them all to the same routine of the next lower driver.
//
template <typename Fn, typename... Args>
BOOLEAN Forward(PDEVICE_OBJECT dev, SIZE_T offset, Args... args)
{
    if (!IsFilterDevice(dev)) {
        return FALSE;
    }
    PDEVICE_OBJECT lower = LowerOf(dev);
    PFAST_IO_DISPATCH fio = lower->DriverObject->FastIoDispatch;
    if (fio == nullptr || fio->SizeOfFastIoDispatch < offset + sizeof(PVOID)) {
        return FALSE;
    }
    Fn fn = *reinterpret_cast<Fn*>(reinterpret_cast<PUCHAR>(fio) + offset);
    if (fn == nullptr) {
        return FALSE;
    }
    return fn(args..., lower);
}

#define FIO_OFFSET(member) FIELD_OFFSET(FAST_IO_DISPATCH, member)
#define FIO_TYPE(member)   decltype(FAST_IO_DISPATCH::member)

BOOLEAN FastIoCheckIfPossible(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length,
                              BOOLEAN Wait, ULONG LockKey, BOOLEAN CheckForRead,
                              PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoCheckIfPossible)>(DeviceObject, FIO_OFFSET(FastIoCheckIfPossible),
                                                    FileObject, FileOffset, Length, Wait, LockKey,
                                                    CheckForRead, IoStatus);
}

BOOLEAN FastIoRead(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                   ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoRead)>(DeviceObject, FIO_OFFSET(FastIoRead),
                                         FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus);
}

BOOLEAN FastIoWrite(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                    ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoWrite)>(DeviceObject, FIO_OFFSET(FastIoWrite),
                                          FileObject, FileOffset, Length, Wait, LockKey, Buffer, IoStatus);
}

BOOLEAN FastIoQueryBasicInfo(PFILE_OBJECT FileObject, BOOLEAN Wait, PFILE_BASIC_INFORMATION Buffer,
                             PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoQueryBasicInfo)>(DeviceObject, FIO_OFFSET(FastIoQueryBasicInfo),
                                                   FileObject, Wait, Buffer, IoStatus);
}

BOOLEAN FastIoQueryStandardInfo(PFILE_OBJECT FileObject, BOOLEAN Wait, PFILE_STANDARD_INFORMATION Buffer,
                                PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoQueryStandardInfo)>(DeviceObject, FIO_OFFSET(FastIoQueryStandardInfo),
                                                      FileObject, Wait, Buffer, IoStatus);
}

BOOLEAN FastIoLock(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, PLARGE_INTEGER Length,
                   PEPROCESS ProcessId, ULONG Key, BOOLEAN FailImmediately, BOOLEAN ExclusiveLock,
                   PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoLock)>(DeviceObject, FIO_OFFSET(FastIoLock),
                                         FileObject, FileOffset, Length, ProcessId, Key,
                                         FailImmediately, ExclusiveLock, IoStatus);
}

BOOLEAN FastIoUnlockSingle(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, PLARGE_INTEGER Length,
                           PEPROCESS ProcessId, ULONG Key, PIO_STATUS_BLOCK IoStatus,
                           PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoUnlockSingle)>(DeviceObject, FIO_OFFSET(FastIoUnlockSingle),
                                                 FileObject, FileOffset, Length, ProcessId, Key, IoStatus);
}

BOOLEAN FastIoUnlockAll(PFILE_OBJECT FileObject, PEPROCESS ProcessId, PIO_STATUS_BLOCK IoStatus,
                        PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoUnlockAll)>(DeviceObject, FIO_OFFSET(FastIoUnlockAll),
                                              FileObject, ProcessId, IoStatus);
}

BOOLEAN FastIoUnlockAllByKey(PFILE_OBJECT FileObject, PVOID ProcessId, ULONG Key,
                             PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoUnlockAllByKey)>(DeviceObject, FIO_OFFSET(FastIoUnlockAllByKey),
                                                   FileObject, ProcessId, Key, IoStatus);
}

BOOLEAN FastIoDeviceControl(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                            ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                            ULONG IoControlCode, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoDeviceControl)>(DeviceObject, FIO_OFFSET(FastIoDeviceControl),
                                                  FileObject, Wait, InputBuffer, InputBufferLength,
                                                  OutputBuffer, OutputBufferLength, IoControlCode, IoStatus);
}

BOOLEAN FastIoQueryNetworkOpenInfo(PFILE_OBJECT FileObject, BOOLEAN Wait,
                                   PFILE_NETWORK_OPEN_INFORMATION Buffer, PIO_STATUS_BLOCK IoStatus,
                                   PDEVICE_OBJECT DeviceObject)
{
    return Forward<FIO_TYPE(FastIoQueryNetworkOpenInfo)>(DeviceObject, FIO_OFFSET(FastIoQueryNetworkOpenInfo),
                                                         FileObject, Wait, Buffer, IoStatus);
}

//
// The lower device is going away (e.g. the file system unloads).
//
VOID FastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
    InterlockedDecrement(&g.AttachedCount);
}

} // namespace

NTSTATUS InitFastIo(PDRIVER_OBJECT DriverObject)
{
    auto fio = static_cast<PFAST_IO_DISPATCH>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FAST_IO_DISPATCH), kTag));
    if (fio == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    fio->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    fio->FastIoCheckIfPossible = FastIoCheckIfPossible;
    fio->FastIoRead = FastIoRead;
    fio->FastIoWrite = FastIoWrite;
    fio->FastIoQueryBasicInfo = FastIoQueryBasicInfo;
    fio->FastIoQueryStandardInfo = FastIoQueryStandardInfo;
    fio->FastIoLock = FastIoLock;
    fio->FastIoUnlockSingle = FastIoUnlockSingle;
    fio->FastIoUnlockAll = FastIoUnlockAll;
    fio->FastIoUnlockAllByKey = FastIoUnlockAllByKey;
    fio->FastIoDeviceControl = FastIoDeviceControl;
    fio->FastIoDetachDevice = FastIoDetachDevice;
    fio->FastIoQueryNetworkOpenInfo = FastIoQueryNetworkOpenInfo;

    g.FastIo = fio;
    DriverObject->FastIoDispatch = fio;
    return STATUS_SUCCESS;
}

void FreeFastIo(PDRIVER_OBJECT DriverObject)
{
    DriverObject->FastIoDispatch = nullptr;
    if (g.FastIo != nullptr) {
        ExFreePoolWithTag(g.FastIo, kTag);
        g.FastIo = nullptr;
    }
}

} // namespace fsmon
