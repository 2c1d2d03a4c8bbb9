#pragma once
#include <fltKernel.h>

namespace blockfs {

class Filter {
public:
    static const FLT_REGISTRATION Registration;
    static PFLT_FILTER Handle;

    static NTSTATUS Unload(FLT_FILTER_UNLOAD_FLAGS Flags);
    static FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data,
                                               PCFLT_RELATED_OBJECTS FltObjects,
                                               PVOID* CompletionContext);
    static FLT_PREOP_CALLBACK_STATUS PreSetInfo(PFLT_CALLBACK_DATA Data,
                                                PCFLT_RELATED_OBJECTS FltObjects,
                                                PVOID* CompletionContext);
private:
    static bool ShouldBlock(PFLT_CALLBACK_DATA Data);
    static const FLT_OPERATION_REGISTRATION s_ops[];
};

// Releases a FLT_FILE_NAME_INFORMATION on scope exit.
class NameInfo {
public:
    NameInfo() = default;
    ~NameInfo() { if (m_info) { FltReleaseFileNameInformation(m_info); } }
    NameInfo(const NameInfo&) = delete;
    NameInfo& operator=(const NameInfo&) = delete;

    PFLT_FILE_NAME_INFORMATION* operator&() { return &m_info; }
    PFLT_FILE_NAME_INFORMATION operator->() const { return m_info; }
    explicit operator bool() const { return m_info != nullptr; }
private:
    PFLT_FILE_NAME_INFORMATION m_info = nullptr;
};

} // namespace blockfs
