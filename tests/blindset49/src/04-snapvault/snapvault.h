//
// snapvault.h - SnapVault dirty-file tracker for the nightly backup job
//
#pragma once

#include <fltKernel.h>

#define SV_TAG          'vpnS'
#define SV_NAME_TAG     'npnS'
#define SV_NAME_CCH     260
#define SV_MAX_DIRTY    4096

#define SVLOG(...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "snapvault: " __VA_ARGS__))
#define SVERR(...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "snapvault!ERR: " __VA_ARGS__))

struct SV_NAME_ENTRY {
    LIST_ENTRY Link;
    USHORT     Length;              // bytes
    WCHAR      Name[SV_NAME_CCH];
};

//
// The name cache was nonpaged in 1.x; 2.x only touches names at
// PASSIVE_LEVEL so it moved to paged pool.  Both layouts are kept so the
// diagnostics tool can read either from a dump.
//
union SV_NAME_CACHE {
    PAGED_LOOKASIDE_LIST  Paged;
    NPAGED_LOOKASIDE_LIST NonPaged;
};

class SnapVault
{
public:
    static NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject);
    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

    static bool  RecordDirty(_In_ PCUNICODE_STRING Name);
    static void  FlushDirtyList();
    static ULONG DirtyCount() { return s_DirtyCount; }

    static PFLT_FILTER Filter() { return s_Filter; }

private:
    static bool  IsAlreadyDirtyLocked(_In_ PCUNICODE_STRING Name);

    static PFLT_FILTER   s_Filter;
    static ERESOURCE     s_TableLock;
    static LIST_ENTRY    s_DirtyList;
    static ULONG         s_DirtyCount;
    static SV_NAME_CACHE s_Names;

    static const FLT_OPERATION_REGISTRATION s_Ops[];
    static const FLT_REGISTRATION           s_Registration;
};

// cow.cpp
FLT_PREOP_CALLBACK_STATUS FLTAPI SvPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI SvPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

NTSTATUS FLTAPI SvInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
