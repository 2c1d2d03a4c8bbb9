// bootlog.cpp - RAM buffer + file spill for BootLog

#include "bootlog.h"
#include <ntstrsafe.h>

namespace bl {

char*      BootLog::s_Buffer    = nullptr;
ULONG*     BootLog::s_LineStart = nullptr;
ULONG      BootLog::s_Used      = 0;
ULONG      BootLog::s_Lines     = 0;
ULONG      BootLog::s_Flushed   = 0;
HANDLE     BootLog::s_File      = nullptr;
FAST_MUTEX BootLog::s_Lock;

bool BootLog::AllocBuffers()
{
    ExInitializeFastMutex(&s_Lock);

    s_Buffer = static_cast<char*>(
        ExAllocatePoolWithTag(NonPagedPoolNx, BL_BUFFER_SIZE, BL_TAG));
    if (!s_Buffer) {
        return false;
    }

    s_LineStart = static_cast<ULONG*>(
        ExAllocatePoolWithTag(NonPagedPoolNx, BL_MAX_LINES * sizeof(ULONG), BL_TAG));
    if (!s_LineStart) {
        ExFreePoolWithTag(s_Buffer, BL_TAG);
        return false;
    }

    s_Used = s_Lines = s_Flushed = 0;
    return true;
}

void BootLog::FreeBuffers()
{
    if (s_LineStart) {
        ExFreePoolWithTag(s_LineStart, BL_TAG);
        s_LineStart = nullptr;
    }
    if (s_Buffer) {
        ExFreePoolWithTag(s_Buffer, BL_TAG);
        s_Buffer = nullptr;
    }
}

void BootLog::Append(const char* Text)
{
    size_t len = 0;

    if (!s_Buffer || !NT_SUCCESS(RtlStringCbLengthA(Text, 512, &len))) {
        return;
    }

    ExAcquireFastMutex(&s_Lock);
    if (s_Used + len + 2 <= BL_BUFFER_SIZE && s_Lines < BL_MAX_LINES) {
        s_LineStart[s_Lines++] = s_Used;
        RtlCopyMemory(s_Buffer + s_Used, Text, len);
        s_Used += (ULONG)len;
        s_Buffer[s_Used++] = '\r';
        s_Buffer[s_Used++] = '\n';
    }
    ExReleaseFastMutex(&s_Lock);
}

NTSTATUS BootLog::OpenFile()
{
    UNICODE_STRING    name = RTL_CONSTANT_STRING(BL_FILE_NAME);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK   iosb;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, nullptr);

    return ZwCreateFile(&s_File, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb,
                        nullptr, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ,
                        FILE_OVERWRITE_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                        nullptr, 0);
}

void BootLog::CloseFile()
{
    if (s_File) {
        ZwClose(s_File);
        s_File = nullptr;
    }
}

NTSTATUS BootLog::Flush()
{
    IO_STATUS_BLOCK iosb;
    NTSTATUS        status = STATUS_SUCCESS;

    if (!s_File) {
        return STATUS_DEVICE_NOT_READY;
    }

    ExAcquireFastMutex(&s_Lock);
    if (s_Used > s_Flushed) {
        status = ZwWriteFile(s_File, nullptr, nullptr, nullptr, &iosb,
                             s_Buffer + s_Flushed, s_Used - s_Flushed,
                             nullptr, nullptr);
        if (NT_SUCCESS(status)) {
            s_Flushed = s_Used;
        }
    }
    ExReleaseFastMutex(&s_Lock);
    return status;
}

} // namespace bl
