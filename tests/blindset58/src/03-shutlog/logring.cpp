// logring.cpp
#include "shutlog.h"

namespace shutlog {

char*      LogRing::s_Buf  = nullptr;
ULONG      LogRing::s_Size = 0;
ULONG      LogRing::s_Head = 0;
ULONG      LogRing::s_Used = 0;
FAST_MUTEX LogRing::s_Lock;

NTSTATUS LogRing::Init(ULONG size)
{
    ExInitializeFastMutex(&s_Lock);

    s_Buf = static_cast<char*>(ExAllocatePoolWithTag(NonPagedPoolNx, size, SL_TAG));
    if (!s_Buf) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(s_Buf, size);
    s_Size = size;
    s_Head = s_Used = 0;
    return STATUS_SUCCESS;
}

void LogRing::Free()
{
    if (s_Buf) {
        ExFreePoolWithTag(s_Buf, SL_TAG);
        s_Buf = nullptr;
    }
    s_Size = s_Head = s_Used = 0;
}

NTSTATUS LogRing::Append(const char* text, ULONG len)
{
    if (len == 0 || len > SL_MAX_LINE) {
        return STATUS_INVALID_PARAMETER;
    }

    MutexGuard guard(&s_Lock);

    for (ULONG i = 0; i < len; i++) {
        s_Buf[s_Head] = text[i];
        s_Head = (s_Head + 1) % s_Size;
    }
    // always terminate a record with a newline so the dump is readable
    if (text[len - 1] != '\n') {
        s_Buf[s_Head] = '\n';
        s_Head = (s_Head + 1) % s_Size;
        len++;
    }
    s_Used = min(s_Used + len, s_Size);
    return STATUS_SUCCESS;
}

ULONG LogRing::Copy(char* out, ULONG outLen)
{
    MutexGuard guard(&s_Lock);

    ULONG n     = min(outLen, s_Used);
    ULONG start = (s_Head + s_Size - s_Used) % s_Size;

    for (ULONG i = 0; i < n; i++) {
        out[i] = s_Buf[(start + i) % s_Size];
    }
    return n;
}

void LogRing::Clear()
{
    MutexGuard guard(&s_Lock);
    s_Head = s_Used = 0;
}

// Called from IRP_MJ_SHUTDOWN, PASSIVE_LEVEL, file systems still up.
NTSTATUS LogRing::DumpToFile(PCWSTR path)
{
    UNICODE_STRING    name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK   iosb;
    HANDLE            file = nullptr;
    NTSTATUS          status;

    if (s_Used == 0) {
        return STATUS_SUCCESS;
    }

    char* tmp = static_cast<char*>(ExAllocatePoolWithTag(PagedPool, s_Size, SL_TAG));
    if (!tmp) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ULONG n = Copy(tmp, s_Size);

    RtlInitUnicodeString(&name, path);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, nullptr,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                          nullptr, 0);
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(file, nullptr, nullptr, nullptr, &iosb, tmp, n, nullptr, nullptr);
        ZwClose(file);
    }

    ExFreePoolWithTag(tmp, SL_TAG);
    return status;
}

} // namespace shutlog
