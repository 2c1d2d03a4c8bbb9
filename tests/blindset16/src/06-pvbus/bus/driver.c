/*
 * driver.c - pvbus.sys entry points.
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#include "pvbus.h"

PVBUS_GLOBALS PvBusGlobals;

static DRIVER_UNLOAD PvBusUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PvBusUnload)
#endif

static VOID
PvBusUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    PV_INFO("====>");

    PvBusSharedInfoUnmap(&PvBusGlobals);
    PvBusGlobalsFini();
    PvHypercallFini(&PvBusGlobals.Hypercall);

    PV_INFO("<====");
    PvLogFini();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = PvLogInit(RegistryPath, "pvbus");
    if (!NT_SUCCESS(status))
        return status;

    PV_INFO("====> (%s %s)", __DATE__, __TIME__);

    status = PvHypercallInit(&PvBusGlobals.Hypercall);
    if (!NT_SUCCESS(status))
        goto fail1;

    status = PvBusGlobalsInit(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status))
        goto fail2;

    status = PvDebugInit(&PvBusGlobals);
    if (!NT_SUCCESS(status))
        goto fail3;

    status = PvBusSharedInfoMap(&PvBusGlobals);
    if (!NT_SUCCESS(status))
        goto fail4;

    DriverObject->DriverExtension->AddDevice = PvBusAddDevice;
    DriverObject->MajorFunction[IRP_MJ_PNP] = PvBusDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = PvBusDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = PvBusDispatchSystemControl;
    DriverObject->DriverUnload = PvBusUnload;

    PV_INFO("<====");
    return STATUS_SUCCESS;

fail4:
    PV_ERROR("fail4");
    PvDebugFini(&PvBusGlobals);

fail3:
    PV_ERROR("fail3");
    PvBusGlobalsFini();

fail2:
    PV_ERROR("fail2");
    PvHypercallFini(&PvBusGlobals.Hypercall);

fail1:
    PV_ERROR("fail1 (%08x)", status);
    PvLogFini();

    return status;
}
