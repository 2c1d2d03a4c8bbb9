/*
 * registration.c - the write-audit minifilter's registration: the
 * operations it filters and its unload routine, kept apart from the code so
 * that the build of the test variant can swap this file.
 */

#include "../inc/splitreg.h"

static CONST FLT_OPERATION_REGISTRATION SrgOperations[] = {
    { IRP_MJ_SET_INFORMATION, 0, SrgPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION SrgRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SrgOperations,
    SrgUnload,
};
