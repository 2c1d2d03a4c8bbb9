/*++

Module Name:

    driver.c

Abstract:

    DriverEntry, the filter registration and the instance callbacks for the
    FsFlt minifilter.

Environment:

    Kernel mode

--*/

#include "fsflt.h"

FSF_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS
FsfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

NTSTATUS
FsfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

NTSTATUS
FsfInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

static VOID
FsfTeardown(
    VOID
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsfUnload)
#pragma alloc_text(PAGE, FsfTeardown)
#pragma alloc_text(PAGE, FsfInstanceSetup)
#pragma alloc_text(PAGE, FsfInstanceQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {

    { IRP_MJ_CREATE,
      0,
      FsfPreCreate,
      FsfPostCreate },

    { IRP_MJ_WRITE,
      FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      FsfPreWrite,
      NULL },

    { IRP_MJ_SET_INFORMATION,
      FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      FsfPreSetInformation,
      NULL },

    { IRP_MJ_OPERATION_END }
};

CONST FLT_CONTEXT_REGISTRATION ContextRegistration[] = {

    { FLT_STREAM_CONTEXT,
      0,
      FsfStreamContextCleanup,
      sizeof(FSF_STREAM_CONTEXT),
      FSF_POOL_TAG_CONTEXT },

    { FLT_CONTEXT_END }
};

CONST FLT_REGISTRATION FilterRegistration = {

    sizeof( FLT_REGISTRATION ),         //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags

    ContextRegistration,                //  Context
    Callbacks,                          //  Operation callbacks

    FsfUnload,                          //  MiniFilterUnload

    FsfInstanceSetup,                   //  InstanceSetup
    FsfInstanceQueryTeardown,           //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete

    NULL,                               //  GenerateFileName
    NULL,                               //  GenerateDestinationFileName
    NULL                                //  NormalizeNameComponent
};

/*************************************************************************
    Initialization and unload routines.
*************************************************************************/

NTSTATUS
DriverEntry (
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory( &Globals, sizeof( Globals ) );
    Globals.DriverObject = DriverObject;
    Globals.DebugFlags = FSFDBG_ERROR;
    ExInitializeRundownProtection( &Globals.ClientRundown );

    //
    //  Read configuration first; an unreadable service key fails the load.
    //

    status = FsfConfigLoad( RegistryPath, &Globals.Config, &Globals.DebugFlags );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_ERROR,
                       ("FsFlt!DriverEntry: FsfConfigLoad failed 0x%08x\n", status) );
        return status;
    }

    SetFlag( Globals.Flags, FSF_FLAG_CONFIG );

    ExInitializeNPagedLookasideList( &Globals.EventLookaside,
                                     NULL,
                                     NULL,
                                     POOL_NX_ALLOCATION,
                                     sizeof( FSF_EVENT ),
                                     FSF_POOL_TAG_EVENT,
                                     0 );

    SetFlag( Globals.Flags, FSF_FLAG_LOOKASIDE );

    //
    //  Register with FltMgr to tell it our callback routines
    //

    status = FltRegisterFilter( DriverObject,
                                &FilterRegistration,
                                &Globals.Filter );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_ERROR,
                       ("FsFlt!DriverEntry: FltRegisterFilter failed 0x%08x\n", status) );
        goto DriverEntryCleanup;
    }

    SetFlag( Globals.Flags, FSF_FLAG_REGISTERED );

    status = FsfCommInit( Globals.Filter );

    if (!NT_SUCCESS( status )) {

        goto DriverEntryCleanup;
    }

    SetFlag( Globals.Flags, FSF_FLAG_PORT );

    //
    //  Start filtering i/o
    //

    status = FltStartFiltering( Globals.Filter );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_ERROR,
                       ("FsFlt!DriverEntry: FltStartFiltering failed 0x%08x\n", status) );
        goto DriverEntryCleanup;
    }

    SetFlag( Globals.Flags, FSF_FLAG_STARTED );

    FSF_DBG_PRINT( FSFDBG_INIT,
                   ("FsFlt!DriverEntry: filtering started, %lu exclusions\n",
                    Globals.Config.ExclusionCount) );

    return STATUS_SUCCESS;

DriverEntryCleanup:

    FsfTeardown();
    return status;
}

static VOID
FsfTeardown (
    VOID
    )
/*++

Routine Description:

    Releases everything DriverEntry set up, in reverse order, using
    Globals.Flags to tell which steps completed.

--*/
{
    PAGED_CODE();

    if (FlagOn( Globals.Flags, FSF_FLAG_PORT )) {

        FsfCommFini();
        ClearFlag( Globals.Flags, FSF_FLAG_PORT );
    }

    if (FlagOn( Globals.Flags, FSF_FLAG_REGISTERED )) {

        FltUnregisterFilter( Globals.Filter );
        Globals.Filter = NULL;
        ClearFlag( Globals.Flags, FSF_FLAG_REGISTERED | FSF_FLAG_STARTED );
    }

    if (FlagOn( Globals.Flags, FSF_FLAG_LOOKASIDE )) {

        ExDeleteNPagedLookasideList( &Globals.EventLookaside );
        ClearFlag( Globals.Flags, FSF_FLAG_LOOKASIDE );
    }

    if (FlagOn( Globals.Flags, FSF_FLAG_CONFIG )) {

        FsfConfigFree( &Globals.Config );
        ClearFlag( Globals.Flags, FSF_FLAG_CONFIG );
    }
}

NTSTATUS
FsfUnload (
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    PAGED_CODE();

    if (!FlagOn( Flags, FLTFL_FILTER_UNLOAD_MANDATORY ) &&
        Globals.Config.BlockUnload) {

        return STATUS_FLT_DO_NOT_DETACH;
    }

    FSF_DBG_PRINT( FSFDBG_INIT,
                   ("FsFlt!FsfUnload: unloading, %ld events dropped\n",
                    Globals.EventsDropped) );

    FsfTeardown();

    return STATUS_SUCCESS;
}

NTSTATUS
FsfInstanceSetup (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER( FltObjects );
    UNREFERENCED_PARAMETER( Flags );

    PAGED_CODE();

    //
    //  Only local disk file systems; no network redirectors, no CDFS/UDFS.
    //

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {

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

NTSTATUS
FsfInstanceQueryTeardown (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER( FltObjects );
    UNREFERENCED_PARAMETER( Flags );

    PAGED_CODE();

    return STATUS_SUCCESS;
}
