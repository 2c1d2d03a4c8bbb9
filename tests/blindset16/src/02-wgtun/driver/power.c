/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#include "tun.h"
#include "log.h"

static CALLBACK_OBJECT *TunPowerCallbackObject;
static VOID *TunPowerCallbackRegistration;

static CALLBACK_FUNCTION TunPowerStateCallback;

#ifdef ALLOC_PRAGMA
#    pragma alloc_text(INIT, TunPowerCallbackInit)
#    pragma alloc_text(PAGE, TunPowerCallbackFini)
#endif

_Use_decl_annotations_
static VOID
TunPowerStateCallback(VOID *CallbackContext, VOID *Argument1, VOID *Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument1 != (VOID *)PO_CB_SYSTEM_STATE_LOCK)
        return;

    /* Argument2 == 0: about to leave S0; Argument2 == 1: back in S0. */
    TunSetPowerState(Argument2 != (VOID *)0);
}

_Use_decl_annotations_
NTSTATUS
TunPowerCallbackInit(VOID)
{
    NTSTATUS Status;
    UNICODE_STRING CallbackName = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES ObjectAttributes;

    InitializeObjectAttributes(&ObjectAttributes, &CallbackName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    Status = ExCreateCallback(&TunPowerCallbackObject, &ObjectAttributes, FALSE, TRUE);
    if (!NT_SUCCESS(Status))
    {
        LogErr("ExCreateCallback(PowerState) 0x%08x", Status);
        TunPowerCallbackObject = NULL;
        return Status;
    }

    TunPowerCallbackRegistration = ExRegisterCallback(TunPowerCallbackObject, TunPowerStateCallback, NULL);
    if (!TunPowerCallbackRegistration)
    {
        ObDereferenceObject(TunPowerCallbackObject);
        TunPowerCallbackObject = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunPowerCallbackFini(VOID)
{
    PAGED_CODE();

    if (TunPowerCallbackRegistration)
    {
        ExUnregisterCallback(TunPowerCallbackRegistration);
        TunPowerCallbackRegistration = NULL;
    }
    if (TunPowerCallbackObject)
    {
        ObDereferenceObject(TunPowerCallbackObject);
        TunPowerCallbackObject = NULL;
    }
}
