//
// bkpmon.h - backup change monitor minifilter
//
// Tracks which files were modified on each local volume so the backup
// agent can do incremental runs without walking the whole tree.
//
#pragma once

#include <fltKernel.h>
#include "trace.h"

#define BKP_POOL_TAG        'mpkB'
#define BKP_VOLNAME_CCH     64
#define BKP_ALTITUDE_HINT   L"368200"      // FSFilter Continuous Backup

namespace bkp {

struct InstanceContext {
    UNICODE_STRING      VolumeName;
    WCHAR               VolumeNameBuffer[BKP_VOLNAME_CCH];
    FLT_FILESYSTEM_TYPE FsType;
    volatile LONG       ChangeCount;
    volatile LONG       RenameCount;
};

struct HandleContext {
    BOOLEAN Modified;
    BOOLEAN Renamed;
    USHORT  Reserved;
    ULONG   Writes;
};

class Filter {
public:
    static NTSTATUS Register(_In_ PDRIVER_OBJECT DriverObject);
    static NTSTATUS Start();
    static void     Unregister();
    static PFLT_FILTER Handle() { return s_Filter; }

    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

private:
    static PFLT_FILTER s_Filter;
    static const FLT_CONTEXT_REGISTRATION   s_Contexts[];
    static const FLT_OPERATION_REGISTRATION s_Operations[];
    static const FLT_REGISTRATION           s_Registration;
};

// instance.cpp
NTSTATUS FLTAPI InstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

VOID FLTAPI InstanceTeardownComplete(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_TEARDOWN_FLAGS Reason);

void NoteChange(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ const HandleContext* Hc);

// ops.cpp
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

} // namespace bkp
