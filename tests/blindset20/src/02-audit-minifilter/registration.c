/*++

Copyright (c) Northwind Security.  All rights reserved.

Module Name:

    registration.c

Abstract:

    Filter registration data: contexts, operation callbacks and the
    FLT_REGISTRATION structure handed to FltRegisterFilter.

    Kept in its own file so the tables can be reviewed (and diffed
    between releases) independently of the callback code.

Environment:

    Kernel mode.

--*/

#include "audflt.h"

//
// Contexts used by the filter.  Sizes are fixed, so the filter manager
// can use its own lookaside lists.
//
CONST FLT_CONTEXT_REGISTRATION AudContextRegistration[] = {

    { FLT_INSTANCE_CONTEXT,
      0,
      AudInstanceContextCleanup,
      sizeof(AUD_INSTANCE_CONTEXT),
      AUD_TAG_INSTANCE_CTX },

    { FLT_STREAM_CONTEXT,
      0,
      AudStreamContextCleanup,
      sizeof(AUD_STREAM_CONTEXT),
      AUD_TAG_STREAM_CTX },

    { FLT_CONTEXT_END }
};

//
// Operations the filter cares about.
//
CONST FLT_OPERATION_REGISTRATION AudOperationCallbacks[] = {

    { IRP_MJ_CREATE,
      0,
      AudPreCreate,
      AudPostCreate },

    { IRP_MJ_WRITE,
      FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      AudPreWrite,
      NULL },

    { IRP_MJ_SET_INFORMATION,
      FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      AudPreSetInformation,
      AudPostSetInformation },

    { IRP_MJ_CLEANUP,
      0,
      AudPreCleanup,
      NULL },

    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION AudFilterRegistration = {

    sizeof(FLT_REGISTRATION),               //  Size
    FLT_REGISTRATION_VERSION,               //  Version
    0,                                      //  Flags

    AudContextRegistration,                 //  Context
    AudOperationCallbacks,                  //  Operation callbacks

    AudFilterUnload,                        //  FilterUnload

    AudInstanceSetup,                       //  InstanceSetup
    AudInstanceQueryTeardown,               //  InstanceQueryTeardown
    NULL,                                   //  InstanceTeardownStart
    AudInstanceTeardownComplete,            //  InstanceTeardownComplete

    NULL,                                   //  GenerateFileName
    NULL,                                   //  NormalizeNameComponent
    NULL,                                   //  NormalizeContextCleanup
    NULL,                                   //  TransactionNotification
    NULL                                    //  NormalizeNameComponentEx
};
