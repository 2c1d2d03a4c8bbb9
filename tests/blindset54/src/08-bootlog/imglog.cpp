// imglog.cpp - image load notify -> text buffer -> file
#include "imglog.h"
#include <ntstrsafe.h>

const BL_CONFIG* ImageLog::s_Cfg         = nullptr;
PIO_WORKITEM     ImageLog::s_WorkItem    = nullptr;
volatile LONG    ImageLog::s_FlushQueued = 0;
KEVENT           ImageLog::s_Idle;
FAST_MUTEX       ImageLog::s_BufLock;
KMUTEX           ImageLog::s_FileLock;
char*            ImageLog::s_Buf         = nullptr;
char*            ImageLog::s_FlushBuf    = nullptr;
size_t           ImageLog::s_Used        = 0;
ULONG            ImageLog::s_Lost        = 0;

NTSTATUS ImageLog::Init(PDEVICE_OBJECT Device, const BL_CONFIG* Config)
{
    s_Cfg = Config;
    s_Used = 0;
    s_Lost = 0;
    s_FlushQueued = 0;

    ExInitializeFastMutex(&s_BufLock);
    KeInitializeMutex(&s_FileLock, 0);
    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);

    s_Buf      = static_cast<char*>(ExAllocatePoolWithTag(PagedPool, BL_BUFFER_SIZE, BL_TAG));
    s_FlushBuf = static_cast<char*>(ExAllocatePoolWithTag(PagedPool, BL_BUFFER_SIZE, BL_TAG));
    s_WorkItem = IoAllocateWorkItem(Device);

    if (!s_Buf || !s_FlushBuf || !s_WorkItem) {
        BL_ERR("ImageLog::Init out of resources (%p %p %p)", s_Buf, s_FlushBuf, s_WorkItem);
        Cleanup();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

void ImageLog::Cleanup()
{
    if (s_WorkItem) {
        IoUninitializeWorkItem(s_WorkItem);
        s_WorkItem = nullptr;
    }
    if (s_FlushBuf) {
        ExFreePoolWithTag(s_FlushBuf, BL_TAG);
        s_FlushBuf = nullptr;
    }
    if (s_Buf) {
        ExFreePoolWithTag(s_Buf, BL_TAG);
        s_Buf = nullptr;
    }
    s_Cfg = nullptr;
}

void ImageLog::WaitIdle()
{
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);
}

void ImageLog::Append(const char* Text, size_t Len)
{
    bool queue = false;

    ExAcquireFastMutex(&s_BufLock);
    if (s_Used + Len <= BL_BUFFER_SIZE) {
        RtlCopyMemory(s_Buf + s_Used, Text, Len);
        s_Used += Len;
    } else {
        s_Lost++;
    }
    queue = s_Used >= s_Cfg->FlushThreshold;
    ExReleaseFastMutex(&s_BufLock);

    if (queue && InterlockedCompareExchange(&s_FlushQueued, 1, 0) == 0) {
        KeClearEvent(&s_Idle);
        IoQueueWorkItem(s_WorkItem, FlushWorker, DelayedWorkQueue, nullptr);
    }
}

void ImageLog::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    static UNICODE_STRING unknown = RTL_CONSTANT_STRING(L"<unknown>");
    char line[512];
    size_t len = 0;
    LARGE_INTEGER now;

    if (s_Cfg->KernelOnly && !ImageInfo->SystemModeImage) {
        return;
    }
    if (!FullImageName || !FullImageName->Buffer) {
        FullImageName = &unknown;
    }

    KeQuerySystemTime(&now);
    NTSTATUS st = RtlStringCbPrintfA(line, sizeof(line), "%I64d %c pid=%p base=%p size=%Ix %wZ\r\n",
                                     now.QuadPart,
                                     ImageInfo->SystemModeImage ? 'K' : 'U',
                                     ProcessId,
                                     ImageInfo->ImageBase,
                                     ImageInfo->ImageSize,
                                     FullImageName);
    if (NT_SUCCESS(st) || st == STATUS_BUFFER_OVERFLOW) {
        RtlStringCbLengthA(line, sizeof(line), &len);
        Append(line, len);
    }
}

NTSTATUS ImageLog::Flush()
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE file = nullptr;
    size_t bytes;
    NTSTATUS status;

    KeWaitForSingleObject(&s_FileLock, Executive, KernelMode, FALSE, nullptr);

    ExAcquireFastMutex(&s_BufLock);
    bytes = s_Used;
    RtlCopyMemory(s_FlushBuf, s_Buf, bytes);
    s_Used = 0;
    ExReleaseFastMutex(&s_BufLock);

    if (bytes == 0) {
        KeReleaseMutex(&s_FileLock, FALSE);
        return STATUS_SUCCESS;
    }

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(&s_Cfg->LogPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, nullptr,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                          nullptr, 0);
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(file, nullptr, nullptr, nullptr, &iosb, s_FlushBuf,
                             static_cast<ULONG>(bytes), nullptr, nullptr);
        ZwClose(file);
    }
    if (!NT_SUCCESS(status)) {
        BL_ERR("flush of %Iu bytes to %wZ failed 0x%08X", bytes, &s_Cfg->LogPath, status);
    }

    KeReleaseMutex(&s_FileLock, FALSE);
    return status;
}

void ImageLog::FlushWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    Flush();

    KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&s_FlushQueued, 0);
}
