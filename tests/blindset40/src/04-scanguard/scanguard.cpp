/*++

Module Name:

    scanguard.cpp

Abstract:

    DriverEntry, filter registration and unload for ScanGuard.

--*/

#include "scanguard.h"

sg::Globals sg::g;

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI SgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI SgInstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                                       DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
static NTSTATUS FLTAPI SgInstanceQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
//  Operation registration
//

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, sg::PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

//
//  This defines what we want to filter with FltMgr
//

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    nullptr,                            //  Context
    Callbacks,                          //  Operation callbacks
    SgUnload,                           //  MiniFilterUnload
    SgInstanceSetup,                    //  InstanceSetup
    SgInstanceQueryTeardown,            //  InstanceQueryTeardown
    nullptr,                            //  InstanceTeardownStart
    nullptr,                            //  InstanceTeardownComplete
    nullptr,                            //  GenerateFileName
    nullptr,                            //  GenerateDestinationFileName
    nullptr                             //  NormalizeNameComponent
};


#pragma code_seg("PAGE")
//
// Only attach to local NTFS/ReFS volumes; network and removable media
// are left alone.
//
static
NTSTATUS FLTAPI
SgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
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
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

static
NTSTATUS FLTAPI
SgInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}


//
// Minifilter unload.  Unregisters from the filter manager and closes
// the scanner port.
//
static
NTSTATUS FLTAPI
SgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    SG_LOG("unloading, %ld scans sent, %ld blocked", sg::g.ScansSent, sg::g.ScansBlocked);

    FltUnregisterFilter(sg::g.Filter);

    sg::Port::Close();

    sg::g.Filter = nullptr;
    return STATUS_SUCCESS;
}

#pragma code_seg()


//
// This is the initialization routine for this miniFilter driver.  This
// registers the miniFilter with FltMgr, opens the scanner port and
// starts filtering.
//
extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    SG_LOG("DriverEntry");

    RtlZeroMemory(&sg::g, sizeof(sg::g));

    //
    //  Register with FltMgr to tell it our callback routines
    //

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &sg::g.Filter);

    if (!NT_SUCCESS(status)) {
        SG_ERR("FltRegisterFilter failed 0x%08x", status);
        return status;
    }

    //
    //  Open the port the scanner connects to
    //

    status = sg::Port::Create(sg::g.Filter);

    if (!NT_SUCCESS(status)) {
        SG_ERR("port creation failed 0x%08x", status);
        FltUnregisterFilter(sg::g.Filter);
        sg::g.Filter = nullptr;
        return status;
    }

    //
    //  Start filtering i/o
    //

    status = FltStartFiltering(sg::g.Filter);

    if (!NT_SUCCESS(status)) {
        SG_ERR("FltStartFiltering failed 0x%08x", status);
        sg::Port::Close();
        return status;
    }

    SG_LOG("filtering started");
    return STATUS_SUCCESS;
}
