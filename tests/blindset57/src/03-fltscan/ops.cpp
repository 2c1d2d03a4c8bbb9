//
// ops.cpp - instance setup and the IRP_MJ_CREATE pre-operation
//
#include "fltscan.h"

namespace {

const UNICODE_STRING kWatched[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"scr"),
    RTL_CONSTANT_STRING(L"com"),
};

bool IsWatchedExtension(PCUNICODE_STRING Extension)
{
    for (const auto& ext : kWatched) {
        if (RtlEqualUnicodeString(Extension, &ext, TRUE)) {
            return true;
        }
    }
    return false;
}

// pool owner for the request buffer, freed on every way out of PreCreate
template <typename T>
class PoolBuffer {
public:
    explicit PoolBuffer(POOL_FLAGS Flags) : m_p(static_cast<T*>(ExAllocatePool2(Flags, sizeof(T), SCAN_TAG))) {}
    ~PoolBuffer() { if (m_p) ExFreePoolWithTag(m_p, SCAN_TAG); }
    PoolBuffer(const PoolBuffer&) = delete;
    PoolBuffer& operator=(const PoolBuffer&) = delete;

    explicit operator bool() const { return m_p != nullptr; }
    T* operator->() const { return m_p; }
    T& operator*() const { return *m_p; }

private:
    T* m_p;
};

} // namespace

namespace scan {

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    switch (VolumeFilesystemType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
    case FLT_FSTYPE_FAT:
    case FLT_FSTYPE_EXFAT:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

NTSTATUS FLTAPI QueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                           PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode || !CommPort::Connected()) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    auto status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                            &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto verdict = FLT_PREOP_SUCCESS_NO_CALLBACK;
    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && IsWatchedExtension(&nameInfo->Extension)) {
        PoolBuffer<ScanRequest> req(POOL_FLAG_PAGED);
        if (req) {
            const ULONG bytes = min(static_cast<ULONG>(nameInfo->Name.Length),
                                    static_cast<ULONG>(sizeof(req->Path) - sizeof(WCHAR)));
            req->ProcessId = HandleToULong(PsGetCurrentProcessId());
            req->PathBytes = bytes;
            RtlCopyMemory(req->Path, nameInfo->Name.Buffer, bytes);

            ScanReply reply{ TRUE };
            InterlockedIncrement(&g.Stats.Scanned);
            if (CommPort::Ask(*req, reply) == STATUS_SUCCESS && !reply.Allow) {
                InterlockedIncrement(&g.Stats.Blocked);
                Data->IoStatus.Status = STATUS_ACCESS_DENIED;
                Data->IoStatus.Information = 0;
                verdict = FLT_PREOP_COMPLETE;
            }
        }
    }

    FltReleaseFileNameInformation(nameInfo);
    return verdict;
}

} // namespace scan
