/*
 * splitreg.h - declarations the write-audit minifilter's files share. The
 * registration is defined once, in reg/registration.c, and only declared
 * here.
 */

#ifndef SPLITREG_H
#define SPLITREG_H

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

extern PFLT_FILTER SrgFilter;
extern CONST FLT_REGISTRATION SrgRegistration;

NTSTATUS FLTAPI SrgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI SrgPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data,
                                                      _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                      _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#endif
